"""Persons (:func:`personnes`), built constructively from the ``publics`` rules.

``eligibles_selon=`` draws a witness of one rule's condition; ``ineligibles_selon=`` draws
persons that meet no criterion, every fact the rules read known (no rule has a negation,
so making every elementary condition false makes every rule false).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from clauserules.core.dates import add_months, add_years
from clauserules.core.expr import All, AnyOf, Cmp, Contains, Expr
from clauserules.core.expr import Any as AnyExpr
from clauserules.core.rulebase import Rule
from clauserules.eligibility.model import Personne
from clauserules.rules import rulebase
from clauserules.rules.publics import TOPIC
from clauserules.testing.personnes_iae import personnes_iae
from clauserules.vocabulaire import (
    Allocation,
    OrganismeAvis,
    PriseEnCharge,
    Referentiel,
    StructureIae,
)

__all__ = ["personnes"]

# Domains of the facts of the ``publics`` rules (bounds of the generated values).
AGE = (16, 70)
MOIS_INSCRIPTION = (0, 120)
MOIS_SORTIE = (0, 240)
BOOLEANS = (
    "ayant_droit_rsa",
    "obligation_emploi",
    "orientation_milieu_ordinaire",
    "residence_qpv",
    "inscrit_ft",
)
LISTS: dict[str, tuple[str, ...]] = {
    "allocations": tuple(a.value for a in Allocation),
    "prise_en_charge": tuple(p.value for p in PriseEnCharge),
}
AVIS = ("aucun", *(o.value for o in OrganismeAvis))
INTS: dict[str, tuple[int, int]] = {
    "age": AGE,
    "mois_inscription_ft": MOIS_INSCRIPTION,
    "mois_depuis_sortie_formation": MOIS_SORTIE,
    "categorie_ft": (1, 5),
    "niveau_qualification": (1, 8),
}


@dataclass
class _Constraints:
    """What a set of facts must satisfy: int intervals, required list items, fixed values."""

    ints: dict[str, tuple[int, int]] = field(default_factory=dict)
    items: dict[str, set[str]] = field(default_factory=dict)
    values: dict[str, set[Any]] = field(default_factory=dict)

    def merge(self, other: _Constraints) -> _Constraints:
        merged = _Constraints(
            dict(self.ints),
            {k: set(v) for k, v in self.items.items()},
            {k: set(v) for k, v in self.values.items()},
        )
        for name, (lo, hi) in other.ints.items():
            old_lo, old_hi = merged.ints.get(name, INTS[name])
            merged.ints[name] = (max(lo, old_lo), min(hi, old_hi))
        for name, required in other.items.items():
            merged.items.setdefault(name, set()).update(required)
        for name, allowed in other.values.items():
            merged.values[name] = (
                merged.values[name] & allowed if name in merged.values else set(allowed)
            )
        return merged


def _interval(atom: Cmp) -> tuple[int, int]:
    lo, hi = INTS[atom.field]
    value = int(atom.value)
    if atom.op == "<":
        return lo, min(hi, value - 1)
    if atom.op == "<=":
        return lo, min(hi, value)
    if atom.op == ">":
        return max(lo, value + 1), hi
    if atom.op == ">=":
        return max(lo, value), hi
    return value, value


@st.composite
def _witness(draw: st.DrawFn, expr: Expr) -> _Constraints:
    """Constraints under which ``expr`` is true (one branch of each ``Any``)."""
    if isinstance(expr, Cmp):
        if expr.field in INTS:
            return _Constraints(ints={expr.field: _interval(expr)})
        return _Constraints(values={expr.field: {expr.value}})
    if isinstance(expr, AnyOf):
        return _Constraints(values={expr.field: {draw(st.sampled_from(expr.values))}})
    if isinstance(expr, Contains):
        return _Constraints(items={expr.field: {draw(st.sampled_from(expr.values))}})
    if isinstance(expr, All):
        result = _Constraints()
        for item in expr.items:
            result = result.merge(draw(_witness(item)))
        return result
    assert isinstance(expr, AnyExpr)
    return draw(_witness(draw(st.sampled_from(expr.items))))


def _atoms(expr: Expr) -> Iterable[Expr]:
    if isinstance(expr, All | AnyExpr):
        for item in expr.items:
            yield from _atoms(item)
    else:
        yield expr


def _falsifier(rules: Sequence[Rule]) -> _Constraints:
    """Fact values that make every elementary condition of ``rules`` false."""
    atoms = [a for rule in rules for a in _atoms(rule.when)]
    result = _Constraints()
    for name, (lo, hi) in INTS.items():
        on_fact = [a for a in atoms if isinstance(a, Cmp) and a.field == name]
        allowed = [v for v in range(lo, hi + 1) if not any(_holds(a, v) for a in on_fact)]
        one_of = [a for a in atoms if isinstance(a, AnyOf) and a.field == name]
        allowed = [v for v in allowed if not any(v in a.values for a in one_of)]
        result.values[name] = set(allowed)
    for name in BOOLEANS:
        result.values[name] = {False}
    for name, domain in LISTS.items():
        banned = {v for a in atoms if isinstance(a, Contains) and a.field == name for v in a.values}
        result.values[name] = {v for v in domain if v not in banned}
    banned_avis = {
        v
        for a in atoms
        if isinstance(a, AnyOf | Cmp) and a.field == "avis_organisme"
        for v in (a.values if isinstance(a, AnyOf) else (a.value,))
    }
    result.values["avis_organisme"] = {v for v in AVIS if v not in banned_avis}
    return result


def _holds(atom: Cmp, value: int) -> bool:
    lo, hi = _interval(atom)
    return lo <= value <= hi


def _rules(referential: str, at: date) -> tuple[Rule, ...]:
    return rulebase().in_force(TOPIC, at, Referentiel(referential).value)


# --------------------------------------------------------------------------------------
# From facts back to a Personne
# --------------------------------------------------------------------------------------


@st.composite
def _date_with_whole_years(draw: st.DrawFn, years: int, at: date) -> date:
    latest = add_years(at, -years)  # the birthday itself: exactly ``years`` old
    earliest = add_years(at, -(years + 1)) + timedelta(days=1)
    return draw(st.dates(min_value=earliest, max_value=latest))


@st.composite
def _date_with_whole_months(draw: st.DrawFn, months: int, at: date) -> date:
    latest = add_months(at, -months)
    earliest = add_months(at, -(months + 1)) + timedelta(days=1)
    return draw(st.dates(min_value=earliest, max_value=latest))


@st.composite
def _int_in(draw: st.DrawFn, name: str, constraints: _Constraints) -> int | None:
    if name in constraints.values:
        options = sorted(v for v in constraints.values[name] if isinstance(v, int))
        return draw(st.sampled_from(options)) if options else None
    lo, hi = constraints.ints.get(name, INTS[name])
    return draw(st.integers(lo, hi))


@st.composite
def _personne_from(
    draw: st.DrawFn, constraints: _Constraints, at: date, *, complete: bool
) -> Personne:
    """A Personne whose derived facts at ``at`` meet ``constraints``.

    With ``complete=False`` the facts no constraint mentions may be absent or take any
    value; with ``complete=True`` every fact is present (the values of ``constraints``
    are then the only ones allowed).
    """
    mentioned = set(constraints.ints) | set(constraints.items) | set(constraints.values)

    def present(name: str) -> bool:
        return complete or name in mentioned or draw(st.booleans())

    data: dict[str, Any] = {"id": draw(st.from_regex(r"p[0-9]{1,6}", fullmatch=True))}
    age = draw(_int_in("age", constraints)) if present("age") else None
    if age is not None:
        data["date_naissance"] = draw(_date_with_whole_years(age, at))
    # Registration: inscrit_ft decides whether the other registration facts exist.
    inscrit_values = constraints.values.get("inscrit_ft")
    if inscrit_values == {False}:
        data["inscription_france_travail"] = False
    elif (
        inscrit_values == {True}
        or "mois_inscription_ft" in constraints.ints
        or (present("inscrit_ft") and draw(st.booleans()))
    ):
        months = draw(_int_in("mois_inscription_ft", constraints))
        if age is not None and months is not None:
            months = min(months, max(0, age * 12 - 1))
        inscription: dict[str, Any] = {"depuis": draw(_date_with_whole_months(months or 0, at))}
        categorie = draw(_int_in("categorie_ft", constraints)) if present("categorie_ft") else None
        if categorie is not None:
            inscription["categorie"] = categorie
        data["inscription_france_travail"] = inscription
    elif present("inscrit_ft"):
        data["inscription_france_travail"] = False
    for name, domain in LISTS.items():
        if not present(name):
            continue
        required = constraints.items.get(name, set())
        allowed = sorted(constraints.values.get(name, set(domain)) | required)
        extra = draw(st.lists(st.sampled_from(allowed), unique=True, max_size=3)) if allowed else []
        data[name] = sorted(required | set(extra))
    for name in BOOLEANS:
        if name == "inscrit_ft" or not present(name):
            continue
        options = sorted(constraints.values.get(name, {True, False}))
        data[name] = draw(st.sampled_from(options))
    if present("niveau_qualification"):
        niveau = draw(_int_in("niveau_qualification", constraints))
        if niveau is not None:
            data["niveau_qualification"] = niveau
    if present("mois_depuis_sortie_formation"):
        months = draw(_int_in("mois_depuis_sortie_formation", constraints))
        if months is not None:
            if age is not None:
                months = min(months, max(0, age * 12 - 1))
            data["sortie_formation_initiale"] = draw(_date_with_whole_months(months, at))
    avis_options = sorted(constraints.values.get("avis_organisme", set(AVIS)))
    organisme = draw(st.sampled_from(avis_options)) if avis_options else "aucun"
    if organisme != "aucun":
        earliest = max(date(1990, 1, 1), data.get("date_naissance", date(1990, 1, 1)))
        data["avis_motive"] = {"organisme": organisme, "date": draw(st.dates(earliest, at))}
    return Personne.model_validate(data)


def personnes(
    *,
    at: date | None = None,
    eligibles_selon: str | None = None,
    ineligibles_selon: str | None = None,
    structure_iae: str | None = None,
) -> st.SearchStrategy[Personne]:
    """Persons, optionally eligible (or not) under a referential at ``at``.

    Args:
        at: evaluation date (required with ``eligibles_selon`` / ``ineligibles_selon``;
            otherwise dates are drawn up to it, by default up to 2026-12-31).
        eligibles_selon: a referential (``ave-2014``...): every person drawn meets at least
            one of its criteria at ``at``.
        ineligibles_selon: a referential: every person drawn meets none of its criteria
            and every fact its rules read is known, so the decision is ``False``.
        structure_iae: with ``iae-2021``, the kind of structure (``ai``, ``etti``, ``ei``,
            ``aci``, ``eiti``) for which the persons are eligible or not; without it,
            eligible for at least one kind, or for none.
    """
    if eligibles_selon and ineligibles_selon:
        raise ValueError("give eligibles_selon or ineligibles_selon, not both")
    if (eligibles_selon or ineligibles_selon) and at is None:
        raise ValueError("eligibles_selon and ineligibles_selon need the evaluation date at=")
    chosen = eligibles_selon or ineligibles_selon
    if chosen is not None and Referentiel(chosen) is Referentiel.IAE_2021:
        structure = None if structure_iae is None else StructureIae(structure_iae)
        return personnes_iae(at, eligible=bool(eligibles_selon), structure=structure)  # type: ignore[arg-type]
    if structure_iae is not None:
        raise ValueError("structure_iae goes with eligibles_selon/ineligibles_selon='iae-2021'")
    if eligibles_selon:
        rules = _rules(eligibles_selon, at)  # type: ignore[arg-type]
        return st.sampled_from(rules).flatmap(
            lambda rule: _witness(rule.when).flatmap(
                lambda c: _personne_from(c, at, complete=False)  # type: ignore[arg-type]
            )
        )
    if ineligibles_selon:
        falsifier = _falsifier(_rules(ineligibles_selon, at))  # type: ignore[arg-type]
        return _personne_from(falsifier, at, complete=True)  # type: ignore[arg-type]
    horizon = at or date(2026, 12, 31)
    return st.dates(date(2000, 1, 1), horizon).flatmap(
        lambda day: _personne_from(_Constraints(), day, complete=False)
    )
