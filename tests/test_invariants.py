"""Invariants of ``docs/invariants.md`` not proven elsewhere, on the strategies of
:mod:`clauserules.testing` (the catalogue links every invariant to its test).

Plans and documents:

* exactly one regime per date and type of contract, within the coverage;
* a plan is deterministic and does not depend on the order of the lots;
* the documents generated for any consultation open in python-docx.

Eligibility:

* eligible ⇔ at least one criterion ⇔ at least one rule fired, on any person at any
  pivotal date; every criterion comes from a fired rule of the chosen referential.

Engine:

* durable_rules and the reference evaluator agree on the facts of generated persons and of
  the lots of generated plans (the random facts are in tests/test_engine_differential.py).

Hours ledger:

* conservation: hours worked are the sum of the lines; a globalised group allocates
  exactly its hours; markets and persons count the same hours;
* monotonicity: more hours on a line never lower the person's counted hours, and raise
  the hours worked by exactly the increase;
* determinism and independence of the order of the rows.

The number of examples follows the hypothesis profile (see ``tests/test_testing_strategies.py``).
"""

from __future__ import annotations

import io
import random
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauserules import (
    Consultation,
    Parcours,
    assess_eligibility,
    count_hours,
    plan_consultation,
    rulebase,
)
from clauserules.core import _engine
from clauserules.core.expr import evaluate
from clauserules.documents.service import DOCUMENTS, render_all
from clauserules.eligibility.service import derive_facts
from clauserules.ledger.export import ledger_json
from clauserules.ledger.model import LigneHeures
from clauserules.ledger.output import Ledger
from clauserules.plan import plan_json
from clauserules.rules import articles
from clauserules.rules.comptage import HEURES_MAX_PAR_MOIS
from clauserules.rules.publics import TOPIC
from clauserules.testing import consultations, dates_charnieres, parcours, personnes
from clauserules.vocabulaire import Referentiel

LAST_DAY = date(2030, 12, 31)
ZERO = Decimal("0.00")


def examples(count: int) -> settings:
    """``count`` examples under the ``ci`` profile, scaled with the loaded profile."""
    scale = settings().max_examples / 100  # the loaded profile's number
    return settings(
        max_examples=max(3, round(count * scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


# --- plans and documents -----------------------------------------------------------------


@examples(200)
@given(dates_charnieres(min_value=articles.COUVERTURE_MARCHES, max_value=LAST_DAY))
def test_exactly_one_regime_per_date(day: date) -> None:
    rules = rulebase().in_force(articles.TOPIC, day)
    for contrat in ("marche", "concession"):
        regimes = [r for r in rules if r.id == f"articles.regime.{contrat}"]
        covered = day >= rulebase().versions(f"articles.regime.{contrat}")[0].validity.start
        assert len(regimes) == (1 if covered else 0), (day, contrat, regimes)
        fired = [
            r
            for r in rules
            if r.then.get("effet") == articles.Effet.REGIME.value
            and r.id in _engine.evaluate(rules, {"contrat": contrat})
        ]
        assert len(fired) == (1 if covered else 0), (day, contrat, fired)


@examples(40)
@given(consultations(), st.randoms(use_true_random=False))
def test_plan_is_deterministic_and_independent_of_lot_order(
    c: Consultation, rnd: random.Random
) -> None:
    expected = plan_json(plan_consultation(c))
    assert plan_json(plan_consultation(c)) == expected
    lots = list(c.lots)
    rnd.shuffle(lots)
    shuffled = c.model_copy(update={"lots": tuple(lots)})
    assert plan_json(plan_consultation(shuffled)) == expected


@examples(10)
@given(consultations(max_lots=3))
def test_generated_documents_always_open_in_python_docx(c: Consultation) -> None:
    rendered, _ = render_all(c)
    assert set(rendered) == set(DOCUMENTS)
    for name, data in rendered.items():
        document = docx.Document(io.BytesIO(data))
        assert "".join(p.text for p in document.paragraphs).strip(), name


# --- eligibility -------------------------------------------------------------------------


@st.composite
def situations(draw: st.DrawFn) -> tuple[str, date, Any]:
    referential = draw(st.sampled_from([r.value for r in Referentiel]))
    start = rulebase().coverage(TOPIC, referential)[0]
    at = draw(dates_charnieres(min_value=start, max_value=LAST_DAY))
    how = draw(st.sampled_from(["quelconque", "eligible", "non eligible"]))
    if how == "eligible":
        person = draw(personnes(eligibles_selon=referential, at=at))
    elif how == "non eligible":
        person = draw(personnes(ineligibles_selon=referential, at=at))
    else:
        person = draw(personnes(at=at))
    return referential, at, person


@examples(150)
@given(situations())
def test_eligible_iff_at_least_one_criterion(situation: tuple[str, date, Any]) -> None:
    referential, at, person = situation
    decision = assess_eligibility(person, at=at, referential=referential)
    if referential == "iae-2021":
        # The IAE counts criteria: met criteria below the count do not make one eligible.
        assert (decision.eligible is True) <= bool(decision.criteria)
        assert bool(decision.criteria) == bool(decision.rules)
    else:
        assert (decision.eligible is True) == bool(decision.criteria) == bool(decision.rules)
    fired = {r.id: r for r in rulebase().in_force(TOPIC, at, referential)}
    assert set(decision.rules) <= set(fired)
    assert set(decision.criteria) == {str(fired[r].then["critere"]) for r in decision.rules}


@examples(100)
@given(situations(), consultations(max_lots=2))
def test_engine_and_reference_evaluator_agree_on_generated_inputs(
    situation: tuple[str, date, Any], c: Consultation
) -> None:
    """The differential property (tests/test_engine_differential.py) on the facts of real
    inputs: a person's derived facts, and the facts of each lot of a plan."""
    referential, at, person = situation
    rules = rulebase().in_force(TOPIC, at, referential)
    facts = derive_facts(person, at)
    assert set(_engine.evaluate(rules, facts)) == {
        r.id for r in rules if evaluate(r.when, facts) is True
    }
    plan = plan_consultation(c)
    rules = rulebase().in_force(articles.TOPIC, c.date_lancement)
    for lot in plan.lots:
        lot_facts = {k: v for k, v in lot.facts.items() if not k.startswith("recommandation.")}
        assert set(_engine.evaluate(rules, lot_facts)) == {
            r.id for r in rules if evaluate(r.when, lot_facts) is True
        }


# --- hours ledger ------------------------------------------------------------------------


def _hours(lines: Any) -> Decimal:
    return sum((line.travail + line.formation for line in lines), ZERO)


def _sorted(ledger: Ledger) -> dict[str, Any]:
    data = ledger_json(ledger)
    for key, field in (("marches", "id"), ("personnes", "id"), ("globalisation", "demande")):
        data[key] = sorted(data[key], key=lambda item: item[field])
    return data


@examples(50)
@given(parcours())
def test_hours_are_conserved_by_the_count_and_by_globalisation(p: Parcours) -> None:
    ledger = count_hours(p)
    worked = _hours(p.heures)
    assert sum((m.heures_travaillees for m in ledger.marches), ZERO) == worked
    assert sum((q.heures_travaillees for q in ledger.personnes), ZERO) == worked
    counted_by_market = sum((m.heures_comptees for m in ledger.marches), ZERO)
    assert counted_by_market == sum((q.heures_comptees for q in ledger.personnes), ZERO)
    for m in ledger.marches:
        assert m.heures_comptees == m.heures_comptees_directes + m.heures_globalisation_recues
    allocated = ZERO
    for decision in ledger.globalisation:
        assert sum(decision.repartition.values(), ZERO) == decision.heures_reparties
        assert set(decision.repartition) <= set(decision.marches)
        if not decision.recevable:
            assert decision.heures_reparties == ZERO
            assert decision.repartition == {}
        allocated += decision.heures_reparties
    assert sum((m.heures_globalisation_recues for m in ledger.marches), ZERO) == allocated
    # what the markets gave away is what was allocated, up to one rounding per market/group
    given_away = sum((m.heures_globalisation_reparties for m in ledger.marches), ZERO)
    slack = Decimal("0.01") * (len(ledger.marches) + len(ledger.globalisation))
    assert abs(given_away - allocated) <= slack


@examples(30)
@given(parcours(), st.data())
def test_more_hours_on_a_line_never_lower_the_persons_counted_hours(
    p: Parcours, data: st.DataObject
) -> None:
    if not p.heures:
        return
    index = data.draw(st.integers(0, len(p.heures) - 1), label="line")
    line = p.heures[index]
    month = [q for q in p.heures if (q.personne, q.mois) == (line.personne, line.mois)]
    room = int((HEURES_MAX_PAR_MOIS - _hours(month)) * 100)
    extra = Decimal(data.draw(st.integers(0, room), label="hundredths")).scaleb(-2)
    lines = list(p.heures)
    lines[index] = LigneHeures(*line[:4], line.travail + extra, line.formation)
    before = count_hours(p).personne(line.personne)
    after = count_hours(p.model_copy(update={"heures": tuple(lines)})).personne(line.personne)
    assert after.heures_travaillees == before.heures_travaillees + extra
    assert after.heures_comptees >= before.heures_comptees


@examples(30)
@given(parcours(), st.randoms(use_true_random=False))
def test_ledger_is_deterministic_and_independent_of_row_order(
    p: Parcours, rnd: random.Random
) -> None:
    expected = _sorted(count_hours(p))
    assert _sorted(count_hours(p)) == expected
    tables: dict[str, Any] = {}
    for table in ("marches", "personnes", "contrats", "heures", "demandes_globalisation"):
        rows = list(getattr(p, table))
        rnd.shuffle(rows)
        tables[table] = tuple(rows)
    assert _sorted(count_hours(p.model_copy(update=tables))) == expected


# --- the catalogue -----------------------------------------------------------------------

CATALOGUE = Path(__file__).resolve().parent.parent / "docs" / "invariants.md"
NAMED_INVARIANTS = (
    "Monotonicity of eligibility",
    "Monotonicity of hours",
    "Determinism",
    "Order independence",
    "Conservation of hours in globalisation",
    "Exactly one regime per date",
    "Eligible ⇒ at least one criterion",
    "Generated documents are always valid",
)


def test_the_catalogue_names_existing_tests() -> None:
    """Every ``tests/<file>.py::<test>`` of docs/invariants.md is a test function of that
    file, and every invariant of the issue has a section backed by a test of its own."""
    text = CATALOGUE.read_text(encoding="utf-8")
    tests_dir = CATALOGUE.parent.parent / "tests"
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    for name in NAMED_INVARIANTS:
        section = next((s for s in sections if re.match(rf"\d+\. {re.escape(name)}\n", s)), None)
        assert section is not None, f"no section for {name!r}"
        assert "::test_" in section, f"section {name!r} names no test"
    named = re.findall(r"`tests/(test_\w+\.py)::(test_\w+)`", text)
    assert len(named) >= 30
    for path, function in named:
        source = (tests_dir / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {function}\(", source, re.M), f"{path}::{function} not found"
