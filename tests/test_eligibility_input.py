"""Bad input to :func:`clauserules.assess_eligibility` is refused, naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from clauserules import (
    ClauseRulesError,
    InvalidInputError,
    NoRulesInForceError,
    Personne,
    UnknownVariantError,
    assess_eligibility,
)

AT = "2026-03-16"
VALID: dict[str, Any] = {
    "date_naissance": "1990-04-02",
    "inscription_france_travail": {"depuis": "2024-01-15", "categorie": 1},
    "allocations": ["rsa"],
    "ayant_droit_rsa": False,
    "obligation_emploi": False,
    "orientation_milieu_ordinaire": False,
    "niveau_qualification": 3,
    "sortie_formation_initiale": "2008-07-01",
    "prise_en_charge": ["ei"],
    "residence_qpv": True,
    "avis_motive": {"organisme": "plie", "date": "2026-01-05"},
}


def _with(**changes: Any) -> dict[str, Any]:
    return {**VALID, **changes}


def test_the_reference_person_is_valid() -> None:
    """Every bad case below differs from this valid person by one field."""
    decision = assess_eligibility(VALID, at=AT)
    assert decision.eligible is True
    assert assess_eligibility(Personne.model_validate(VALID), at=date(2026, 3, 16)) == decision


BAD_PERSONS = [
    # wrong types
    pytest.param(_with(date_naissance=19900402), "date_naissance", id="birth-int"),
    pytest.param(_with(date_naissance=0), "date_naissance", id="birth-unix-zero"),
    pytest.param(_with(date_naissance=b"1990-04-02"), "date_naissance", id="birth-bytes"),
    pytest.param(_with(date_naissance="1990-04-02T00:00"), "date_naissance", id="birth-datetime"),
    pytest.param(
        _with(date_naissance=datetime(1990, 4, 2)), "date_naissance", id="birth-datetime-obj"
    ),
    pytest.param(_with(date_naissance="02/04/1990"), "date_naissance", id="birth-french-form"),
    pytest.param(_with(date_naissance="19900402"), "date_naissance", id="birth-basic-iso"),
    pytest.param(
        _with(inscription_france_travail=True), "inscription_france_travail", id="reg-true"
    ),
    pytest.param(
        _with(inscription_france_travail="oui"), "inscription_france_travail", id="reg-string"
    ),
    pytest.param(
        _with(inscription_france_travail={"depuis": "2024-01-15", "categorie": "1"}),
        "inscription_france_travail.categorie",
        id="category-string",
    ),
    pytest.param(
        _with(inscription_france_travail={"depuis": "2024-01-15", "categorie": 1.0}),
        "inscription_france_travail.categorie",
        id="category-float",
    ),
    pytest.param(
        _with(inscription_france_travail={"categorie": 1}),
        "inscription_france_travail.depuis",
        id="registration-without-date",
    ),
    pytest.param(_with(allocations="rsa"), "allocations", id="allocations-not-list"),
    pytest.param(_with(allocations=[["rsa"]]), "allocations.0", id="allocations-nested"),
    pytest.param(_with(ayant_droit_rsa="oui"), "ayant_droit_rsa", id="bool-string"),
    pytest.param(_with(obligation_emploi=1), "obligation_emploi", id="bool-int"),
    pytest.param(_with(niveau_qualification="3"), "niveau_qualification", id="level-string"),
    pytest.param(_with(niveau_qualification=True), "niveau_qualification", id="level-bool"),
    pytest.param(_with(niveau_qualification=3.5), "niveau_qualification", id="level-float"),
    pytest.param(_with(residence_qpv="non"), "residence_qpv", id="qpv-string"),
    pytest.param(_with(prise_en_charge={"ei": True}), "prise_en_charge", id="prise-mapping"),
    pytest.param(_with(avis_motive="plie"), "avis_motive", id="avis-string"),
    pytest.param(_with(id=12), "id", id="id-int"),
    # impossible values
    pytest.param(_with(date_naissance="2025-02-30"), "date_naissance", id="birth-30-february"),
    pytest.param(_with(date_naissance="1990-13-01"), "date_naissance", id="birth-month-13"),
    pytest.param(
        _with(inscription_france_travail={"depuis": "2023-02-29", "categorie": 1}),
        "inscription_france_travail.depuis",
        id="registration-29-february-common-year",
    ),
    pytest.param(
        _with(sortie_formation_initiale="2025-04-31"), "sortie_formation_initiale", id="april-31"
    ),
    pytest.param(
        _with(avis_motive={"organisme": "plie", "date": "2026-00-10"}),
        "avis_motive.date",
        id="avis-month-0",
    ),
    pytest.param(_with(date_naissance="1899-12-31"), "date_naissance", id="birth-before-1900"),
    pytest.param(
        _with(inscription_france_travail={"depuis": "2024-01-15", "categorie": 0}),
        "inscription_france_travail.categorie",
        id="category-0",
    ),
    pytest.param(
        _with(inscription_france_travail={"depuis": "2024-01-15", "categorie": 9}),
        "inscription_france_travail.categorie",
        id="category-9",
    ),
    pytest.param(_with(niveau_qualification=0), "niveau_qualification", id="level-0"),
    pytest.param(_with(niveau_qualification=9), "niveau_qualification", id="level-9"),
    # unknown codes
    pytest.param(_with(allocations=["rsa", "rmi"]), "allocations.1", id="unknown-allocation"),
    pytest.param(_with(allocations=["RSA"]), "allocations.0", id="allocation-capitals"),
    pytest.param(
        _with(prise_en_charge=["ei", "ccas"]), "prise_en_charge.1", id="unknown-structure"
    ),
    pytest.param(
        _with(avis_motive={"organisme": "caf", "date": "2026-01-05"}),
        "avis_motive.organisme",
        id="unknown-organisme",
    ),
    # extra fields
    pytest.param(_with(nom="Dupont"), "nom", id="extra-field"),
    pytest.param(_with(rqth=True), "rqth", id="extra-field-rqth"),
    pytest.param(
        _with(inscription_france_travail={"depuis": "2024-01-15", "categorie": 1, "agence": "x"}),
        "inscription_france_travail.agence",
        id="extra-nested-field",
    ),
    pytest.param(
        _with(avis_motive={"organisme": "plie", "date": "2026-01-05", "par": "x"}),
        "avis_motive.par",
        id="extra-avis-field",
    ),
    # dates after the evaluation date, or before the birth
    pytest.param({"date_naissance": "2026-03-17"}, "date_naissance", id="birth-after-at"),
    pytest.param(
        _with(inscription_france_travail={"depuis": "2026-03-17", "categorie": 1}),
        "inscription_france_travail.depuis",
        id="registration-after-at",
    ),
    pytest.param(
        _with(sortie_formation_initiale="2026-03-17"),
        "sortie_formation_initiale",
        id="school-after-at",
    ),
    pytest.param(
        _with(avis_motive={"organisme": "plie", "date": "2026-03-17"}),
        "avis_motive.date",
        id="avis-after-at",
    ),
    pytest.param(
        _with(inscription_france_travail={"depuis": "1990-04-01", "categorie": 1}),
        "inscription_france_travail.depuis",
        id="registration-before-birth",
    ),
    pytest.param(
        _with(sortie_formation_initiale="1990-04-01"),
        "sortie_formation_initiale",
        id="school-before-birth",
    ),
    pytest.param(
        _with(avis_motive={"organisme": "plie", "date": "1990-04-01"}),
        "avis_motive.date",
        id="avis-before-birth",
    ),
]


@pytest.mark.parametrize(("person", "field"), BAD_PERSONS)
def test_bad_person_is_refused_naming_the_field(person: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        assess_eligibility(person, at=AT)
    error = info.value
    assert error.fields == (field,), error.message
    assert error.code == "invalid-input"
    assert field in str(error)
    assert "\n" not in error.message


def test_every_problem_of_a_person_is_reported() -> None:
    person = _with(niveau_qualification=9, allocations=["rmi"], nom="x")
    with pytest.raises(InvalidInputError) as info:
        assess_eligibility(person, at=AT)
    assert set(info.value.fields) == {"niveau_qualification", "allocations.0", "nom"}


def test_dates_after_at_are_all_reported() -> None:
    person = _with(
        date_naissance="2027-01-01",
        inscription_france_travail={"depuis": "2027-02-01", "categorie": 1},
        sortie_formation_initiale=None,
        avis_motive=None,
    )
    with pytest.raises(InvalidInputError) as info:
        assess_eligibility(person, at=AT)
    assert info.value.fields == ("date_naissance", "inscription_france_travail.depuis")


def test_a_date_equal_to_at_is_accepted() -> None:
    person = _with(
        inscription_france_travail={"depuis": AT, "categorie": 1},
        avis_motive={"organisme": "plie", "date": AT},
        sortie_formation_initiale=AT,
    )
    assert assess_eligibility(person, at=AT).eligible is True
    newborn = {"date_naissance": AT, "sortie_formation_initiale": AT}
    assert assess_eligibility(newborn, at=AT).facts["age"] == 0


@pytest.mark.parametrize("person", [None, [], "personne", 3, [VALID]], ids=repr)
def test_a_person_must_be_a_mapping(person: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        assess_eligibility(person, at=AT)
    assert info.value.fields == ("(root)",)


@pytest.mark.parametrize(
    "at",
    [
        datetime(2026, 3, 16),
        datetime(2026, 3, 16, 12, 30),
        "2026-03-16T00:00:00",
        "garbage",
        "",
        "2026-02-30",
        "16/03/2026",
        "20260316",
        20260316,
        None,
    ],
    ids=repr,
)
def test_bad_at_is_refused_naming_at(at: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        assess_eligibility(VALID, at=at)
    assert info.value.fields == ("at",)


def test_at_accepts_a_date_or_an_iso_string() -> None:
    assert assess_eligibility(VALID, at=date(2026, 3, 16)) == assess_eligibility(VALID, at=AT)


@pytest.mark.parametrize("referential", ["AVE-2014", "ave_2014", "ave", "", "dgefp-2024"])
def test_unknown_referential(referential: str) -> None:
    with pytest.raises(UnknownVariantError) as info:
        assess_eligibility(VALID, at=AT, referential=referential)
    assert info.value.code == "unknown-variant"
    assert "ave-2014" in info.value.message  # the known ones are listed


@pytest.mark.parametrize("priorities", [["RSA"], ["rsa", "chomeur"], "handicap"])
def test_unknown_priority_public(priorities: Any) -> None:
    with pytest.raises(UnknownVariantError):
        assess_eligibility(VALID, at=AT, publics_prioritaires=priorities)


def test_a_date_before_any_referential_is_not_an_input_error() -> None:
    with pytest.raises(NoRulesInForceError) as info:
        assess_eligibility({}, at="2010-01-01", referential="daj-2015")
    assert info.value.code == "no-rules-in-force"
    assert "2015-10-01" in info.value.message  # says from when the referential applies


def test_input_errors_come_before_the_rule_base() -> None:
    """A bad person at a date with no rules in force is reported as the person's fault."""
    with pytest.raises(InvalidInputError):
        assess_eligibility(_with(allocations=["rmi"]), at="2010-01-01")


def test_errors_are_clauserules_errors_and_the_input_is_untouched() -> None:
    person = _with(allocations=["rmi"])
    snapshot = repr(person)
    with pytest.raises(ClauseRulesError):
        assess_eligibility(person, at=AT)
    assert repr(person) == snapshot
