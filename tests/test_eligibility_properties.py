"""Properties of :func:`clauserules.assess_eligibility` (hypothesis).

Persons are built constructively around the evaluation date ``at`` so that every one is
valid input: born 16 to 80 years before ``at``, every other date between the birth and
``at``, with extra weight on the boundaries the rules care about (26th and 50th
birthdays, 12 months of registration, 6 months after leaving school). Each field may be
absent (unknown).

Outcomes are ordered ``False < None < True`` (non eligible, undetermined, eligible).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauserules import assess_eligibility, rulebase
from clauserules.core.dates import add_months
from clauserules.core.expr import evaluate
from clauserules.eligibility.model import Personne
from clauserules.rules.publics import TOPIC
from clauserules.vocabulaire import Allocation, Critere, OrganismeAvis, PriseEnCharge, Referentiel

Person = dict[str, Any]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The lists where one criterion suffices. ``iae-2021`` counts criteria by kind of structure
# and starts in 2021: its own properties are in tests/test_eligibility_iae.py.
REFERENTIALS = [r.value for r in Referentiel if r is not Referentiel.IAE_2021]
ALLOCATIONS = [a.value for a in Allocation]
PRISES = [p.value for p in PriseEnCharge]
ORGANISMES = [o.value for o in OrganismeAvis]
BOOLS = ("ayant_droit_rsa", "obligation_emploi", "orientation_milieu_ordinaire", "residence_qpv")
INPUT_FIELDS = set(Personne.model_fields) | {"inscription_france_travail.categorie"}
RANK = {False: 0, None: 1, True: 2}

# Every referential is in force from 18 April 2016.
ATS = st.dates(date(2016, 4, 18), date(2032, 12, 31))


def years_before(at: date, years: int) -> date:
    return add_months(at, -12 * years)


def _near(day: date) -> st.SearchStrategy[date]:
    return st.sampled_from([day - timedelta(days=1), day, day + timedelta(days=1)])


def _between(start: date, end: date, *anchors: date) -> st.SearchStrategy[date]:
    """A date in [start, end], often one day around one of ``anchors``."""
    near = [d for a in anchors for d in (a - timedelta(days=1), a, a + timedelta(days=1))]
    near = [d for d in near if start <= d <= end]
    plain = st.dates(start, end)
    return st.one_of(plain, st.sampled_from(near)) if near else plain


@st.composite
def persons(draw: st.DrawFn, at: date) -> Person:
    """A valid person at ``at``; absent keys are unknown facts."""
    person: Person = {}
    birth = draw(
        _between(
            years_before(at, 80), years_before(at, 16), years_before(at, 26), years_before(at, 50)
        )
    )
    earliest = max(birth, years_before(at, 6))
    if draw(st.booleans()):
        person["date_naissance"] = birth.isoformat()
    registration = draw(st.sampled_from(["absent", "non", "oui"]))
    if registration == "non":
        person["inscription_france_travail"] = False
    elif registration == "oui":
        depuis = draw(_between(earliest, at, add_months(at, -12)))
        inscription: dict[str, Any] = {"depuis": depuis.isoformat()}
        categorie = draw(st.one_of(st.none(), st.integers(1, 5)))
        if categorie is not None:
            inscription["categorie"] = categorie
        person["inscription_france_travail"] = inscription
    for name, codes in (("allocations", ALLOCATIONS), ("prise_en_charge", PRISES)):
        if draw(st.booleans()):
            person[name] = draw(st.lists(st.sampled_from(codes), max_size=3))
    for name in BOOLS:
        value = draw(st.one_of(st.none(), st.booleans()))
        if value is not None:
            person[name] = value
    niveau = draw(st.one_of(st.none(), st.integers(1, 8)))
    if niveau is not None:
        person["niveau_qualification"] = niveau
    if draw(st.booleans()):
        sortie = draw(_between(earliest, at, add_months(at, -6)))
        person["sortie_formation_initiale"] = sortie.isoformat()
    if draw(st.booleans()):
        person["avis_motive"] = {
            "organisme": draw(st.sampled_from(ORGANISMES)),
            "date": draw(st.dates(max(birth, years_before(at, 1)), at)).isoformat(),
        }
    return person


@st.composite
def situations(draw: st.DrawFn) -> tuple[date, str, Person]:
    at = draw(ATS)
    return at, draw(st.sampled_from(REFERENTIALS)), draw(persons(at))


def _assess(person: Person, at: date, referential: str, **kwargs: Any) -> Any:
    return assess_eligibility(person, at=at, referential=referential, **kwargs)


# --- determinism and order ---------------------------------------------------------------


@SETTINGS
@given(situations())
def test_same_input_twice_gives_the_same_decision(situation: tuple[date, str, Person]) -> None:
    at, referential, person = situation
    first = _assess(person, at, referential).model_dump(mode="json")
    second = _assess(person, at, referential).model_dump(mode="json")
    assert first == second


@SETTINGS
@given(situations(), st.randoms(use_true_random=False))
def test_decisions_do_not_depend_on_the_order_of_list_fields(
    situation: tuple[date, str, Person], rnd: random.Random
) -> None:
    at, referential, person = situation
    shuffled = dict(person)
    for name in ("allocations", "prise_en_charge"):
        if name in person:
            codes = list(person[name]) * 2  # duplicates too
            rnd.shuffle(codes)
            shuffled[name] = codes
    expected = _assess(person, at, referential, anru=True).model_dump(mode="json")
    assert _assess(shuffled, at, referential, anru=True).model_dump(mode="json") == expected


# --- consistency of a decision ------------------------------------------------------------


@SETTINGS
@given(situations())
def test_outcome_criteria_missing_and_vigilance_agree(situation: tuple[date, str, Person]) -> None:
    at, referential, person = situation
    decision = _assess(person, at, referential)
    assert (
        decision.outcome
        == {True: "eligible", False: "non_eligible", None: "indetermine"}[decision.eligible]
    )
    assert (decision.eligible is True) == bool(decision.criteria)
    assert (decision.eligible is True) == bool(decision.rules)
    assert (decision.eligible is None) == bool(decision.missing)
    assert set(decision.missing) <= INPUT_FIELDS
    if decision.eligible is not True:
        assert decision.vigilance == ()
    assert all(rule_id.startswith(f"publics.{referential}.") for rule_id in decision.rules)
    assert decision.sources


@SETTINGS
@given(situations())
def test_missing_inputs_are_absent_inputs(situation: tuple[date, str, Person]) -> None:
    """Only an absent field is ever asked for (and supplying it decides or narrows)."""
    at, referential, person = situation
    decision = _assess(person, at, referential)
    for name in decision.missing:
        top = name.split(".")[0]
        if name == "inscription_france_travail.categorie":
            registration = person.get(top)
            assert registration is None or (
                isinstance(registration, dict) and "categorie" not in registration
            )
        else:
            assert top not in person


# --- monotonicity -----------------------------------------------------------------------


Step = Callable[[Person, date], None]


def register(person: Person, at: date) -> None:
    """Registered with France Travail (for one month, category 1, unless already)."""
    if not isinstance(person.get("inscription_france_travail"), dict):
        person["inscription_france_travail"] = {
            "depuis": add_months(at, -1).isoformat(),
            "categorie": 1,
        }


def registered_13_months(categorie: int | None = None) -> Step:
    """Registered for at least 13 months (keeping an earlier start and the category)."""

    def step(person: Person, at: date) -> None:
        thirteen = add_months(at, -13)
        current = person.get("inscription_france_travail")
        depuis, kept = thirteen, None
        if isinstance(current, dict):
            depuis = min(date.fromisoformat(current["depuis"]), thirteen)
            kept = current.get("categorie")
        inscription: dict[str, Any] = {"depuis": depuis.isoformat()}
        if categorie or kept:
            inscription["categorie"] = categorie or kept
        person["inscription_france_travail"] = inscription

    return step


def add(field: str, code: str) -> Step:
    def step(person: Person, at: date) -> None:
        person[field] = sorted({*person.get(field, ()), code})

    return step


def true(*fields: str) -> Step:
    def step(person: Person, at: date) -> None:
        person.update(dict.fromkeys(fields, True))

    return step


def aged(years: int) -> Step:
    def step(person: Person, at: date) -> None:
        person["date_naissance"] = (years_before(at, years) - timedelta(days=40)).isoformat()

    return step


def level_at_most(level: int) -> Step:
    def step(person: Person, at: date) -> None:
        person["niveau_qualification"] = min(person.get("niveau_qualification", level), level)

    return step


def left_school_months_ago(months: int) -> Step:
    def step(person: Person, at: date) -> None:
        person["sortie_formation_initiale"] = add_months(at, -months).isoformat()

    return step


def avis(organisme: str) -> Step:
    def step(person: Person, at: date) -> None:
        person["avis_motive"] = {"organisme": organisme, "date": at.isoformat()}

    return step


# For every criterion rule, the facts that make a person meet it, as steps applied in order.
# Patches that give a new date of birth may make a person lose another criterion (a senior
# made young); the others only add facts and must keep every criterion already met.
PATCHES: dict[str, tuple[Step, ...]] = {
    "publics.ave-2014.deld": (registered_13_months(),),
    "publics.ave-2014.rsa": (add("allocations", "rsa"),),
    "publics.ave-2014.travailleur-handicape": (
        true("obligation_emploi", "orientation_milieu_ordinaire"),
        register,
    ),
    "publics.ave-2014.minima-sociaux": (add("allocations", "ass"),),
    "publics.ave-2014.jeune": (aged(20), left_school_months_ago(7)),
    "publics.ave-2014.iae": (add("prise_en_charge", "ei"),),
    "publics.ave-2014.dispositif-particulier": (add("prise_en_charge", "epide"),),
    "publics.ave-2014.avis-motive": (avis("plie"),),
    "publics.pole-emploi.deld": (registered_13_months(categorie=1),),
    "publics.pole-emploi.rsa": (register, add("allocations", "rsa")),
    "publics.pole-emploi.travailleur-handicape": (register, true("obligation_emploi")),
    "publics.pole-emploi.minima-sociaux": (register, add("allocations", "ata")),
    "publics.pole-emploi.jeune": (register, aged(20), level_at_most(1)),
    "publics.pole-emploi.senior": (register, aged(55)),
    "publics.pole-emploi.iae": (register, add("prise_en_charge", "aci")),
    "publics.pole-emploi.relais-clause": (avis("france_travail"),),
    "publics.daj-2015.deld": (registered_13_months(),),
    "publics.daj-2015.rsa": (true("ayant_droit_rsa"),),
    "publics.daj-2015.travailleur-handicape": (true("obligation_emploi"),),
    "publics.daj-2015.minima-sociaux": (add("allocations", "invalidite"),),
    "publics.daj-2015.jeune": (aged(20), level_at_most(2)),
    "publics.daj-2015.iae": (add("prise_en_charge", "regie_quartier"),),
    "publics.daj-2015.dispositif-particulier": (add("prise_en_charge", "e2c"),),
    "publics.daj-2015.geiq": (add("prise_en_charge", "geiq"),),
    "publics.daj-2015.avis-motive": (avis("mdph"),),
    "publics.igas-2016.deld": (registered_13_months(), add("allocations", "are")),
    "publics.igas-2016.rsa": (add("allocations", "rsa"),),
    "publics.igas-2016.travailleur-handicape": (register, true("obligation_emploi")),
    "publics.igas-2016.jeune": (register, aged(20), level_at_most(2)),
    "publics.igas-2016.iae": (add("prise_en_charge", "siae"),),
    "publics.igas-2016.geiq": (add("prise_en_charge", "geiq"),),
    "publics.igas-2016.dispositif-particulier": (add("prise_en_charge", "epide"),),
    "publics.igas-2016.agrement": (avis("france_travail"),),
}
NEW_BIRTH = {
    rule_id
    for rule_id, steps in PATCHES.items()
    if any(s.__qualname__.startswith("aged") for s in steps)
}


def copy(person: Person) -> Person:
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in person.items()}


def patched(person: Person, rule_id: str, at: date) -> Person:
    result = copy(person)
    for step in PATCHES[rule_id]:
        step(result, at)
    return result


def test_every_criterion_rule_has_a_satisfying_patch() -> None:
    assert set(PATCHES) == {
        r.id for r in rulebase().rules if r.topic == TOPIC and r.variant in REFERENTIALS
    }


@SETTINGS
@given(situations(), st.sampled_from(sorted(PATCHES)), st.booleans())
def test_adding_facts_that_meet_a_criterion_makes_the_person_eligible(
    situation: tuple[date, str, Person], rule_id: str, with_overlay: bool
) -> None:
    at, _, person = situation
    referential = rule_id.split(".")[1]
    overlay: dict[str, Any] = (
        {"publics_prioritaires": ["rsa"], "anru": True} if with_overlay else {}
    )
    before = _assess(person, at, referential, **overlay)
    after = _assess(patched(person, rule_id, at), at, referential, **overlay)
    assert rule_id in after.rules
    assert after.eligible is True
    if rule_id not in NEW_BIRTH:
        assert set(before.criteria) <= set(after.criteria)


@st.composite
def augmentations(draw: st.DrawFn, at: date, person: Person) -> Person:
    """``person`` with facts moved only towards meeting criteria, never away from them.

    Codes added to a known list, a boolean set to true, a derogation given, a non-registered
    person registered, a registration or a school leaving moved earlier, a lower
    qualification level. Unknown-to-known changes other than to ``true`` are not
    augmentations (an unknown list may hold any code).
    """
    result = copy(person)
    birth = date.fromisoformat(person.get("date_naissance", "1900-01-01"))
    earliest = max(birth, years_before(at, 6))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                ["allocation", "prise", "bool", "avis", "register", "earlier", "niveau", "sortie"]
            )
        )
        if kind == "allocation" and "allocations" in result:
            add("allocations", draw(st.sampled_from(ALLOCATIONS)))(result, at)
        elif kind == "prise" and "prise_en_charge" in result:
            add("prise_en_charge", draw(st.sampled_from(PRISES)))(result, at)
        elif kind == "bool":
            result[draw(st.sampled_from(BOOLS))] = True
        elif kind == "avis" and "avis_motive" not in result:
            avis(draw(st.sampled_from(ORGANISMES)))(result, at)
        elif kind == "register" and result.get("inscription_france_travail") is False:
            depuis = draw(st.dates(earliest, at))
            result["inscription_france_travail"] = {
                "depuis": depuis.isoformat(),
                "categorie": draw(st.integers(1, 5)),
            }
        elif kind == "earlier" and isinstance(result.get("inscription_france_travail"), dict):
            inscription = result["inscription_france_travail"]
            current = date.fromisoformat(inscription["depuis"])
            if earliest <= current:
                inscription["depuis"] = draw(st.dates(earliest, current)).isoformat()
        elif kind == "niveau" and "niveau_qualification" in result:
            result["niveau_qualification"] = draw(st.integers(1, result["niveau_qualification"]))
        elif kind == "sortie" and "sortie_formation_initiale" in result:
            current = date.fromisoformat(result["sortie_formation_initiale"])
            if earliest <= current:
                result["sortie_formation_initiale"] = draw(st.dates(earliest, current)).isoformat()
    return result


@st.composite
def augmented_situations(draw: st.DrawFn) -> tuple[date, str, Person, Person]:
    at, referential, person = draw(situations())
    return at, referential, person, draw(augmentations(at, person))


@SETTINGS
@given(augmented_situations())
def test_facts_moved_towards_a_criterion_never_lower_the_outcome(
    situation: tuple[date, str, Person, Person],
) -> None:
    at, referential, person, augmented = situation
    before = _assess(person, at, referential)
    after = _assess(augmented, at, referential)
    assert RANK[after.eligible] >= RANK[before.eligible], (person, augmented)
    assert set(before.criteria) <= set(after.criteria), (person, augmented)


@pytest.mark.parametrize("referential", REFERENTIALS)
def test_the_neutral_person_is_not_eligible_and_each_patch_alone_suffices(
    referential: str,
) -> None:
    """Deterministic companion of the property above: from nothing to each criterion."""
    at = date(2026, 3, 16)
    neutral: Person = {
        "date_naissance": "1980-05-10",
        "inscription_france_travail": False,
        "allocations": [],
        "ayant_droit_rsa": False,
        "obligation_emploi": False,
        "orientation_milieu_ordinaire": False,
        "niveau_qualification": 4,
        "sortie_formation_initiale": "2021-07-01",
        "prise_en_charge": [],
    }
    assert _assess(neutral, at, referential).eligible is False
    for rule_id in PATCHES:
        if rule_id.split(".")[1] != referential:
            continue
        decision = _assess(patched(neutral, rule_id, at), at, referential)
        assert decision.rules == (rule_id,), (rule_id, decision.rules)


# --- buyer overlay ------------------------------------------------------------------------


@SETTINGS
@given(situations(), st.sets(st.sampled_from(sorted(c.value for c in Critere)), min_size=1))
def test_priority_is_met_not_met_or_open_exactly_as_the_targeted_criteria(
    situation: tuple[date, str, Person], priorities: set[str]
) -> None:
    at, referential, person = situation
    decision = _assess(person, at, referential, publics_prioritaires=sorted(priorities), anru=True)
    targeted = [
        evaluate(rule.when, decision.facts)
        for rule in rulebase().in_force(TOPIC, at, referential)
        if rule.then["critere"] in priorities
    ]
    if priorities & set(decision.criteria):
        assert decision.prioritaire is True
    elif None in targeted:
        assert decision.prioritaire is None
        assert decision.missing
    else:
        assert decision.prioritaire is False
    assert decision.anru_qpv is person.get("residence_qpv")
    assert ("residence_qpv" in decision.missing) == ("residence_qpv" not in person)
