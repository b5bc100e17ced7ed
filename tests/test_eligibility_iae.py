"""Properties of ``iae-2021``: the count by kind of structure, complete records, monotonicity."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauserules.eligibility import assess_eligibility
from clauserules.eligibility.facts import diagnostic_expiry, months_registered
from clauserules.testing import dates_charnieres, personnes
from clauserules.vocabulaire import OrganismeAvis, StructureIae

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RANK = {False: 0, None: 1, True: 2}
KINDS = list(StructureIae)
START = date(2021, 9, 3)


def _assess(person: Any, at: date, **kwargs: Any) -> Any:
    return assess_eligibility(person, at=at, referential="iae-2021", **kwargs)


@st.composite
def partial_persons(draw: st.DrawFn) -> tuple[date, dict[str, Any]]:
    """An eligible or ineligible person with some facts forgotten (unknown)."""
    at = draw(dates_charnieres(min_value=START, max_value=date(2030, 12, 31)))
    structure = draw(st.sampled_from([None, *KINDS]))
    direction = "eligibles_selon" if draw(st.booleans()) else "ineligibles_selon"
    person = draw(personnes(at=at, structure_iae=structure, **{direction: "iae-2021"}))
    data = person.model_dump(exclude_none=True)
    for key in sorted(data):
        if key != "date_naissance" and draw(st.booleans()):
            del data[key]
    return at, data


@SETTINGS
@given(partial_persons())
def test_a_kind_that_asks_fewer_criteria_is_never_less_eligible(
    situation: tuple[date, dict[str, Any]],
) -> None:
    at, person = situation
    by_kind = {k: _assess(person, at, structure_iae=k).eligible for k in KINDS}
    for easy in (StructureIae.AI, StructureIae.ETTI):
        for hard in (StructureIae.EI, StructureIae.ACI, StructureIae.EITI):
            assert RANK[by_kind[easy]] >= RANK[by_kind[hard]], by_kind
    assert by_kind[StructureIae.AI] == by_kind[StructureIae.ETTI]
    assert by_kind[StructureIae.EI] == by_kind[StructureIae.ACI] == by_kind[StructureIae.EITI]
    overall = _assess(person, at)
    assert overall.eligible == by_kind[StructureIae.AI]
    assert set(overall.structures_iae or ()) == {k.value for k, v in by_kind.items() if v}


@SETTINGS
@given(partial_persons(), st.sampled_from([None, *KINDS]))
def test_a_complete_record_gives_a_definite_answer_that_agrees_when_it_was_known(
    situation: tuple[date, dict[str, Any]], structure: StructureIae | None
) -> None:
    at, person = situation
    open_answer = _assess(person, at, structure_iae=structure)
    closed = _assess(person, at, structure_iae=structure, complet=True)
    assert closed.eligible in (True, False)
    assert closed.missing == ()
    assert closed.complet is True
    if open_answer.eligible is not None:
        assert closed.eligible == open_answer.eligible
    assert (open_answer.eligible is None) == bool(open_answer.missing)


@SETTINGS
@given(partial_persons(), st.sampled_from([None, *KINDS]), st.randoms(use_true_random=False))
def test_forgetting_facts_never_turns_an_answer_into_its_opposite(
    situation: tuple[date, dict[str, Any]], structure: StructureIae | None, rnd: Any
) -> None:
    at, person = situation
    full = _assess(person, at, structure_iae=structure)
    kept = {k: v for k, v in person.items() if k == "date_naissance" or rnd.random() < 0.5}
    less = _assess(kept, at, structure_iae=structure)
    assert less.eligible is None or less.eligible == full.eligible, (person, kept)


def test_a_person_cannot_be_both_young_and_senior() -> None:
    at = date(2026, 3, 16)
    for year in range(1940, 2010):
        criteria = _assess({"date_naissance": date(year, 6, 1)}, at).criteria
        assert not {"jeune", "senior"} <= set(criteria)


@pytest.mark.parametrize(
    ("organisme", "day", "expiry"),
    [
        # Re-expression of les emplois de l'inclusion, test_iae.py::test_create_diagnosis_*
        # (commit 543eae8d): a diagnosis of 3 December 2024.
        (OrganismeAvis.PRESCRIPTEUR_HABILITE, date(2024, 12, 3), date(2025, 6, 3)),
        (OrganismeAvis.SIAE, date(2024, 12, 3), date(2025, 3, 5)),
        # Month end: clamped like every month in clauserules (decision 0004).
        (OrganismeAvis.PRESCRIPTEUR_HABILITE, date(2025, 8, 31), date(2026, 2, 28)),
        (OrganismeAvis.PLIE, date(2025, 8, 31), None),
    ],
)
def test_diagnosis_expiry(organisme: OrganismeAvis, day: date, expiry: date | None) -> None:
    assert diagnostic_expiry(organisme, day) == expiry


def test_months_registered_over_a_window_add_separate_stretches_once() -> None:
    at = date(2026, 3, 16)
    current = (date(2025, 9, 16), at)
    past = (date(2024, 10, 1), date(2025, 7, 1))
    assert months_registered([current], at, 18) == 6
    assert months_registered([current, past], at, 18) == 15
    # Overlapping periods count once.
    assert months_registered([current, past, (date(2025, 1, 1), date(2025, 3, 1))], at, 18) == 15
    # A period before the window does not count; one straddling it counts from its start.
    assert months_registered([(date(2020, 1, 1), date(2023, 1, 1))], at, 36) == 0
    assert months_registered([(date(2022, 1, 1), date(2023, 9, 16))], at, 36) == 6
