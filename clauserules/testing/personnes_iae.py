"""Persons eligible, or not, under ``iae-2021`` for a kind of structure.

The count of the IAE (one level-1 criterion, or 2 level-2 criteria for an AI or an ETTI,
3 for an EI, an ACI or an EITI) is not « any rule fires », so these persons are built by
hand: a person who meets no criterion, every fact known, to which criteria are added one by
one. Eligible persons get one level-1 criterion or as many level-2 criteria as the structure
needs (some facts left unknown); ineligible persons get fewer, and every fact stays known.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from clauserules.core.dates import add_months, add_years
from clauserules.eligibility.model import Personne
from clauserules.vocabulaire import ProtectionInternationale, StructureIae

__all__ = ["personnes_iae"]

Person = dict[str, Any]
Adder = Callable[[st.DrawFn, Person, date], None]


def _born(draw: st.DrawFn, at: date, low: int, high: int) -> date:
    """A birth date giving an age in whole years within ``[low, high]`` at ``at``."""
    latest = add_years(at, -low)
    earliest = add_years(at, -(high + 1)) + timedelta(days=1)
    return draw(st.dates(earliest, latest))


def _since(draw: st.DrawFn, at: date, low: int, high: int) -> date:
    """A start giving ``[low, high]`` whole months at ``at``."""
    latest = add_months(at, -low)
    earliest = add_months(at, -(high + 1)) + timedelta(days=1)
    return draw(st.dates(earliest, latest))


def _neutral(draw: st.DrawFn, at: date) -> Person:
    """Meets no criterion; every fact ``iae-2021`` reads is known."""
    return {
        "date_naissance": _born(draw, at, 26, 49),
        "inscription_france_travail": False,
        "inscriptions": [],
        "allocations": draw(st.lists(st.sampled_from(["are", "invalidite", "asp"]), unique=True)),
        "obligation_emploi": False,
        "niveau_qualification": draw(st.integers(4, 8)),
        "sortie_ase": False,
        "parent_isole": False,
        "sans_hebergement": False,
        "protection_internationale": False,
        "residence_zrr": False,
        "residence_qpv": False,
        "sous_main_de_justice": False,
        "sortie_detention": False,
        "francais_inferieur_a1": False,
        "probleme_mobilite": False,
    }


def _flag(name: str) -> Adder:
    def add(draw: st.DrawFn, person: Person, at: date) -> None:
        person[name] = True

    return add


def _allocation(code: str) -> Adder:
    def add(draw: st.DrawFn, person: Person, at: date) -> None:
        person["allocations"] = sorted({*person["allocations"], code})

    return add


def _registered(low: int, high: int) -> Adder:
    def add(draw: st.DrawFn, person: Person, at: date) -> None:
        birth = person["date_naissance"]
        since = _since(draw, at, low, high)
        if since < add_years(birth, 16):  # not registered before 16
            person["date_naissance"] = add_years(since, -20)
        person["inscription_france_travail"] = {
            "depuis": since,
            "categorie": draw(st.integers(1, 8)),
        }

    return add


def _aged(low: int, high: int) -> Adder:
    def add(draw: st.DrawFn, person: Person, at: date) -> None:
        person["date_naissance"] = _born(draw, at, low, high)

    return add


def _cap_bep(draw: st.DrawFn, person: Person, at: date) -> None:
    person["niveau_qualification"] = draw(st.integers(1, 3))


def _ase(draw: st.DrawFn, person: Person, at: date) -> None:
    person["sortie_ase"] = draw(st.dates(at - timedelta(days=365), at))


def _protection(draw: st.DrawFn, person: Person, at: date) -> None:
    person["protection_internationale"] = draw(st.sampled_from(list(ProtectionInternationale)))


def _justice(draw: st.DrawFn, person: Person, at: date) -> None:
    if draw(st.booleans()):
        person["sous_main_de_justice"] = True
    else:
        person["sortie_detention"] = draw(st.dates(at - timedelta(days=180), at))


def _diagnostic(draw: st.DrawFn, person: Person, at: date) -> None:
    # Valid while ``at`` is before the same day six months later (clamped at month ends).
    day = draw(
        st.dates(add_months(at, -6) + timedelta(days=1), at).filter(lambda d: add_months(d, 6) > at)
    )
    person["avis_motive"] = {"organisme": "prescripteur_habilite", "date": day}


LEVEL_1: dict[str, Adder] = {
    "rsa": _allocation("rsa"),
    "ass": _allocation("ass"),
    "aah": _allocation("aah"),
    "detld": _registered(24, 60),
    "diagnostic_prescripteur": _diagnostic,
}
LEVEL_2: dict[str, Adder] = {
    "jeune": _aged(16, 25),
    "senior": _aged(50, 70),
    "cap_bep": _cap_bep,
    "sortant_ase": _ase,
    "deld": _registered(12, 17),
    "travailleur_handicape": _flag("obligation_emploi"),
    "parent_isole": _flag("parent_isole"),
    "sans_hebergement": _flag("sans_hebergement"),
    "protection_internationale": _protection,
    "residence_zrr": _flag("residence_zrr"),
    "residence_qpv": _flag("residence_qpv"),
    "sous_main_de_justice": _justice,
    "francais_inferieur_a1": _flag("francais_inferieur_a1"),
    "probleme_mobilite": _flag("probleme_mobilite"),
}
_AGE = {"jeune", "senior"}


@st.composite
def _level_2(draw: st.DrawFn, count: int) -> list[str]:
    """``count`` distinct level-2 criteria that can hold together (not jeune and senior)."""
    names = sorted(LEVEL_2)
    chosen = draw(st.lists(st.sampled_from(names), unique=True, min_size=count, max_size=count))
    if set(chosen) >= _AGE:
        chosen.remove("senior")
        others = [n for n in names if n not in chosen and n not in _AGE]
        chosen.append(draw(st.sampled_from(others)))
    return chosen


@st.composite
def personnes_iae(
    draw: st.DrawFn, at: date, *, eligible: bool, structure: StructureIae | None = None
) -> Personne:
    """A person eligible (or not) under ``iae-2021`` at ``at`` for ``structure``.

    Without ``structure``, « eligible » means eligible for at least one kind (two level-2
    criteria, as an AI or an ETTI asks), « not eligible » for none.
    """
    needed = structure.criteres_niveau_2 if structure else 2
    person = _neutral(draw, at)
    before = dict(person)
    level_1 = draw(st.sampled_from(sorted(LEVEL_1))) if eligible and draw(st.booleans()) else None
    if level_1 is not None:
        chosen = draw(_level_2(draw(st.integers(0, 2))))
    else:
        count = needed if eligible else draw(st.integers(0, needed - 1))
        chosen = draw(_level_2(count))
    for name in chosen:
        LEVEL_2[name](draw, person, at)
    if level_1 is not None:  # last: a level-1 registration replaces a level-2 one
        LEVEL_1[level_1](draw, person, at)
    touched = {k for k in person if person[k] != before.get(k)} | {"date_naissance"}
    if eligible:
        # Facts no criterion needs may be unknown: the count is already reached.
        for key in sorted(set(person) - touched):
            if draw(st.booleans()):
                del person[key]
    return Personne.model_validate(person)
