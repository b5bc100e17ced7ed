"""The strategies of :mod:`clauserules.testing` keep their promises.

* ``personnes(eligibles_selon=r, at=d)`` draws persons that are eligible under ``r`` at
  ``d``, and ``personnes(ineligibles_selon=r, at=d)`` persons whose decision is
  ``eligible is False`` with nothing missing — for every referential and for dates drawn
  by ``dates_charnieres()`` within the referential's validity;
* ``consultations()`` draws valid consultations that plan without error, around the
  European thresholds (exactly reached, one euro below) and the regime boundaries;
* ``parcours()`` draws valid insertion paths that count without error, with every
  allocation key;
* ``st.from_type`` works for ``Personne``, ``Consultation`` and ``Parcours``, also through
  hypothesis's entry point (a fresh interpreter that only imports hypothesis);
* the example of ``docs/guide/tester-son-integration.md`` runs.

The number of examples follows the hypothesis profile (``tests/conftest.py``): the numbers
below are those of the ``ci`` profile, halved by ``dev`` and multiplied by 20 by
``thorough``. The tests that check what the strategies *reach* (thresholds, regime
boundaries, admissible requests) are derandomized, so they never flake.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauserules import (
    Consultation,
    Parcours,
    Personne,
    assess_eligibility,
    count_hours,
    plan_consultation,
    rulebase,
)
from clauserules.ledger.service import check_parcours
from clauserules.plan.model import parse_consultation
from clauserules.rules.publics import TOPIC
from clauserules.testing import (
    DATES_REGIMES,
    consultations,
    dates_charnieres,
    montants,
    parcours,
    personnes,
)
from clauserules.vocabulaire import CleRepartition, Referentiel, StructureIae

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide" / "tester-son-integration.md"
LAST_DAY = date(2030, 12, 31)
REFERENTIALS = [r.value for r in Referentiel]


def examples(count: int) -> settings:
    """``count`` examples under the ``ci`` profile, scaled with the loaded profile."""
    scale = settings().max_examples / 100  # the loaded profile's number
    return settings(
        max_examples=max(3, round(count * scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def collect(strategy: st.SearchStrategy[Any], count: int, see: Callable[[Any], None]) -> None:
    """Run ``see`` on ``count`` derandomized examples (same examples on every run)."""

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        see(value)

    run()


def validity_start(referential: str) -> date:
    return rulebase().coverage(TOPIC, referential)[0]


# --- personnes ---------------------------------------------------------------------------


@pytest.mark.parametrize("referential", REFERENTIALS)
@examples(60)
@given(data=st.data())
def test_eligibles_are_eligible_on_pivotal_dates(referential: str, data: st.DataObject) -> None:
    at = data.draw(dates_charnieres(min_value=validity_start(referential), max_value=LAST_DAY))
    person = data.draw(personnes(eligibles_selon=referential, at=at))
    decision = assess_eligibility(person, at=at, referential=referential)
    assert decision.eligible is True, (at, person, decision.missing)
    assert decision.criteria


@pytest.mark.parametrize("referential", REFERENTIALS)
@examples(60)
@given(data=st.data())
def test_ineligibles_are_not_eligible_on_pivotal_dates(
    referential: str, data: st.DataObject
) -> None:
    at = data.draw(dates_charnieres(min_value=validity_start(referential), max_value=LAST_DAY))
    person = data.draw(personnes(ineligibles_selon=referential, at=at))
    decision = assess_eligibility(person, at=at, referential=referential)
    assert decision.eligible is False, (at, person, decision.rules, decision.missing)
    assert decision.missing == ()


@pytest.mark.parametrize("referential", REFERENTIALS)
def test_eligibles_and_ineligibles_on_the_first_day_and_the_day_before_a_version(
    referential: str,
) -> None:
    """Every start of a version of the referential: the strategies follow the rules in
    force on that day (the day before, the former version, if any)."""
    starts = sorted(
        {r.validity.start for r in rulebase().of_topic(TOPIC) if r.variant == referential}
    )
    days = [d for s in starts for d in (s - timedelta(days=1), s) if d >= starts[0]]

    for at in days:

        def eligible(person: Personne, at: date = at) -> None:
            assert assess_eligibility(person, at=at, referential=referential).eligible is True

        def ineligible(person: Personne, at: date = at) -> None:
            assert assess_eligibility(person, at=at, referential=referential).eligible is False

        collect(personnes(eligibles_selon=referential, at=at), 15, eligible)
        collect(personnes(ineligibles_selon=referential, at=at), 15, ineligible)


def test_personnes_needs_a_date_and_one_direction() -> None:
    with pytest.raises(ValueError, match="at="):
        personnes(eligibles_selon="ave-2014")
    with pytest.raises(ValueError, match="not both"):
        personnes(at=date(2026, 1, 1), eligibles_selon="ave-2014", ineligibles_selon="ave-2014")


# --- dates and amounts -------------------------------------------------------------------


@examples(100)
@given(dates_charnieres(min_value=date(2016, 1, 1), max_value=date(2020, 12, 31)))
def test_pivotal_dates_stay_within_bounds(day: date) -> None:
    assert date(2016, 1, 1) <= day <= date(2020, 12, 31)


@examples(100)
@given(montants(min_value=Decimal("10"), max_value=Decimal("1000")))
def test_amounts_have_cents_and_stay_within_bounds(amount: Decimal) -> None:
    assert Decimal(10) <= amount <= Decimal(1000)
    assert amount == amount.quantize(Decimal("0.01"))


def test_pivotal_dates_reach_regime_changes_29_february_and_month_ends() -> None:
    seen: set[date] = set()
    collect(
        dates_charnieres(min_value=date(2019, 1, 1), max_value=date(2020, 12, 31)), 300, seen.add
    )
    assert date(2020, 2, 29) in seen or date(2020, 3, 1) in seen
    assert any((d + timedelta(days=1)).day == 1 for d in seen)  # a month end
    assert seen & {date(2019, 4, 1), date(2019, 3, 31), date(2020, 12, 9), date(2020, 12, 8)}


# --- consultations -----------------------------------------------------------------------


def test_regime_dates_are_the_five_changes_of_the_law() -> None:
    changes = (
        date(2016, 4, 1),
        date(2019, 4, 1),
        date(2020, 12, 9),
        date(2022, 10, 21),
        date(2023, 1, 1),
        date(2026, 8, 21),
        date(2026, 8, 22),
    )
    assert changes == DATES_REGIMES


@examples(60)
@given(consultations())
def test_generated_consultations_are_valid_and_plan_without_error(c: Consultation) -> None:
    assert parse_consultation(c.model_dump()) == c
    assert len({lot.id for lot in c.lots}) == len(c.lots)
    plan = plan_consultation(c)
    assert sorted(lot.id for lot in plan.lots) == sorted(lot.id for lot in c.lots)
    assert plan.seuil_europeen.valeur_estimee_ht == c.valeur_estimee()


@examples(30)
@given(consultations(seuil="atteint"))
def test_threshold_exactly_reached(c: Consultation) -> None:
    threshold = plan_consultation(c).seuil_europeen
    assert threshold.montant is not None
    assert c.valeur_estimee() == threshold.montant
    assert threshold.atteint is True


@examples(30)
@given(consultations(seuil="juste_sous"))
def test_threshold_missed_by_one_euro(c: Consultation) -> None:
    threshold = plan_consultation(c).seuil_europeen
    assert threshold.montant is not None
    assert c.valeur_estimee() == threshold.montant - 1
    assert threshold.atteint is False


@pytest.mark.parametrize(
    "day", [d for r in DATES_REGIMES for d in (r - timedelta(days=1), r)], ids=str
)
@examples(5)
@given(data=st.data())
def test_consultations_launched_on_a_regime_boundary_or_the_day_before(
    day: date, data: st.DataObject
) -> None:
    c = data.draw(consultations(date_lancement=day, max_lots=2))
    plan = plan_consultation(c)
    assert plan.date_lancement == day
    regimes = [r for r in rulebase().in_force("articles", day) if r.id == plan.rules[0]]
    assert len(regimes) == 1
    assert regimes[0].then["regime"] == plan.regime.code


def test_consultations_reach_thresholds_regime_boundaries_and_concessions() -> None:
    seen: Counter[str] = Counter()
    eves = {r - timedelta(days=1) for r in DATES_REGIMES}

    def see(c: Consultation) -> None:
        plan = plan_consultation(c)
        threshold = plan.seuil_europeen
        if threshold.montant is not None and c.valeur_estimee() == threshold.montant:
            seen["seuil atteint"] += 1
        elif threshold.montant is not None and c.valeur_estimee() == threshold.montant - 1:
            seen["un euro sous le seuil"] += 1
        else:
            seen["autre valeur"] += 1
        seen["date de bascule"] += c.date_lancement in DATES_REGIMES
        seen["veille de bascule"] += c.date_lancement in eves
        seen[c.contrat.value] += 1
        seen["valeur_estimee_ht"] += c.valeur_estimee_ht is not None
        seen["somme des lots"] += c.valeur_estimee_ht is None
        seen["plusieurs lots"] += len(c.lots) > 1
        seen[plan.outcome] += 1

    collect(consultations(), 150, see)
    for key in (
        "seuil atteint",
        "un euro sous le seuil",
        "autre valeur",
        "date de bascule",
        "veille de bascule",
        "marche",
        "concession",
        "valeur_estimee_ht",
        "somme des lots",
        "plusieurs lots",
        "conforme",
        "a_corriger",
    ):
        assert seen[key] > 0, (key, seen)


def test_consultations_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="seuil"):
        consultations(seuil="au-dessus")
    with pytest.raises(ValueError, match="max_lots"):
        consultations(max_lots=0)
    with pytest.raises(ValueError, match="2006-09-01"):
        consultations(date_lancement=date(2005, 1, 1))
    with pytest.raises(ValueError, match="2016-01-01"):
        consultations(date_lancement=date(2010, 1, 1), seuil="atteint")


# --- parcours ----------------------------------------------------------------------------


@examples(40)
@given(parcours())
def test_generated_parcours_are_valid_and_count_with_every_key(p: Parcours) -> None:
    assert check_parcours(p) == []
    for cle in CleRepartition:
        ledger = count_hours(p, cle=cle)
        assert ledger.lignes == len(p.heures)
        assert {m.id for m in ledger.marches} == {m.id for m in p.marches}


def test_parcours_reach_admissible_requests_exclusions_and_full_months() -> None:
    seen: Counter[str] = Counter()

    def see(p: Parcours) -> None:
        ledger = count_hours(p)
        for decision in ledger.globalisation:
            seen[f"recevable {decision.recevable}"] += 1
        for market in ledger.marches:
            seen.update(market.heures_exclues)
            seen["heures comptees"] += market.heures_comptees > 0
            seen["heures globalisees"] += market.heures_globalisation_recues > 0
        months: Counter[tuple[str, str]] = Counter()
        for line in p.heures:
            months[(line.personne, line.mois)] += int((line.travail + line.formation) * 100)
        seen["mois de 744 h"] += 74_400 in months.values()
        seen["contrat sans fin"] += any(c.fin is None for c in p.contrats)

    collect(parcours(), 120, see)
    for key in (
        "recevable True",
        "recevable False",
        "hors_execution",
        "personne_non_eligible",
        "heures comptees",
        "heures globalisees",
        "mois de 744 h",
        "contrat sans fin",
    ):
        assert seen[key] > 0, (key, seen)


def test_parcours_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="max_marches"):
        parcours(max_marches=0)


# --- registration by type ----------------------------------------------------------------


@examples(20)
@given(st.from_type(Personne), st.from_type(Consultation), st.from_type(Parcours))
def test_from_type_draws_valid_inputs(
    person: Personne, consultation: Consultation, paths: Parcours
) -> None:
    assert isinstance(person, Personne)
    assert Personne.model_validate(person.model_dump()) == person
    plan_consultation(consultation)
    assert check_parcours(paths) == []


def test_the_entry_point_registers_the_strategies_in_a_fresh_interpreter() -> None:
    points = importlib.metadata.entry_points(group="hypothesis")
    assert "clauserules.testing:_hypothesis_setup_hook" in {p.value for p in points}, (
        "entry point missing from the installed metadata: reinstall (pip install -e .)"
    )
    code = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from hypothesis import strategies as st\n"
        "assert 'clauserules.testing' in sys.modules, 'entry point not loaded'\n"
        "from clauserules import Consultation, Parcours, Personne, plan_consultation\n"
        "from clauserules.ledger.service import check_parcours\n"
        "assert isinstance(st.from_type(Personne).example(), Personne)\n"
        "plan_consultation(st.from_type(Consultation).example())\n"
        "assert check_parcours(st.from_type(Parcours).example()) == []\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("before", "plugins"),
    [
        pytest.param("", True, id="nothing-before"),
        pytest.param("import clauserules", True, id="after-clauserules"),
        pytest.param("import clauserules.testing.parcours", True, id="after-a-submodule"),
        pytest.param("import hypothesis", True, id="after-hypothesis"),
        pytest.param("", False, id="without-entry-points"),
    ],
)
def test_importing_the_toolkit_works_whatever_was_imported_before(
    before: str, plugins: bool
) -> None:
    """``import clauserules.testing`` in a plain interpreter (or a notebook): hypothesis runs
    the entry point while the package is half imported, which must not be a circular import."""
    code = (
        "import warnings\n"
        "warnings.simplefilter('ignore')\n"
        f"{before}\n"
        "import clauserules.testing\n"
        "from hypothesis import strategies as st\n"
        "from clauserules import Consultation, Parcours, Personne\n"
        "assert isinstance(st.from_type(Personne).example(), Personne)\n"
        "assert isinstance(st.from_type(Consultation).example(), Consultation)\n"
        "assert isinstance(st.from_type(Parcours).example(), Parcours)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    if not plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr


# --- the user guide ----------------------------------------------------------------------


def guide_example() -> str:
    """The one ``python`` code block of the guide page."""
    blocks = re.findall(r"^```python\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.M | re.S)
    assert len(blocks) == 1, "the guide has exactly one python code block: the example"
    return str(blocks[0])


def test_the_example_of_the_guide_runs() -> None:
    namespace: dict[str, Any] = {"__name__": "guide_example"}
    exec(compile(guide_example(), str(GUIDE), "exec"), namespace)
    tests = {name: f for name, f in namespace.items() if name.startswith("test_")}
    assert len(tests) >= 4, sorted(tests)
    for test in tests.values():
        test()


@pytest.mark.parametrize("structure", [s.value for s in StructureIae])
@examples(40)
@given(data=st.data())
def test_iae_persons_are_eligible_or_not_for_their_kind_of_structure(
    structure: str, data: st.DataObject
) -> None:
    at = data.draw(dates_charnieres(min_value=validity_start("iae-2021"), max_value=LAST_DAY))
    eligible = data.draw(personnes(eligibles_selon="iae-2021", at=at, structure_iae=structure))
    ineligible = data.draw(personnes(ineligibles_selon="iae-2021", at=at, structure_iae=structure))
    yes = assess_eligibility(eligible, at=at, referential="iae-2021", structure_iae=structure)
    no = assess_eligibility(ineligible, at=at, referential="iae-2021", structure_iae=structure)
    assert yes.eligible is True, (at, eligible, yes.criteria, yes.missing)
    assert no.eligible is False, (at, ineligible, no.criteria, no.missing)
    assert no.missing == ()


def test_structure_iae_goes_with_the_iae_referential() -> None:
    with pytest.raises(ValueError, match="structure_iae"):
        personnes(at=date(2026, 1, 1), eligibles_selon="ave-2014", structure_iae="ei")
