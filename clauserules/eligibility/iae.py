"""The count of ``iae-2021``: one level-1 criterion, or 2 (AI, ETTI) or 3 (EI, ACI, EITI) level-2 ones.

The rules of :mod:`clauserules.rules.publics_iae` say which criteria hold; this module
counts them for each kind of structure, three-valued: a kind is ``True`` when the count is
reached, ``False`` when even the undetermined criteria could not reach it, ``None``
otherwise (decision 0055).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from clauserules import _fr
from clauserules.core.decide import Evaluation
from clauserules.core.rulebase import Rule
from clauserules.eligibility.facts import diagnostic_expiry
from clauserules.eligibility.model import Personne
from clauserules.rules.publics_iae import (
    VIGILANCE_DIAGNOSTIC_EXPIRE,
    VIGILANCE_DIAGNOSTIC_STRUCTURE,
    VIGILANCE_STRUCTURES,
)
from clauserules.vocabulaire import OrganismeAvis, StructureIae

__all__ = ["IaeCount", "count"]

# Criteria that cannot hold together: when both are undetermined, one at most can be added.
_EXCLUSIVE = (frozenset({"jeune", "senior"}),)


class IaeCount(NamedTuple):
    """Eligibility by kind of structure."""

    by_kind: dict[StructureIae, bool | None]
    eligible: bool | None
    structures: tuple[str, ...]
    undetermined: tuple[Rule, ...]


def _levels(rules: Iterable[Rule]) -> tuple[bool, set[str]]:
    level_1 = False
    level_2: set[str] = set()
    for rule in rules:
        if rule.then["niveau"] == 1:
            level_1 = True
        else:
            level_2.add(str(rule.then["critere"]))
    return level_1, level_2


def count(evaluation: Evaluation, structure: StructureIae | None, *, complet: bool) -> IaeCount:
    """Eligibility for ``structure`` (or for each kind when ``None``) from the fired criteria."""
    met_1, met_2 = _levels(evaluation.fired)
    undetermined: tuple[Rule, ...] = ()
    open_1, open_2 = False, 0
    if not met_1 and not complet:
        undetermined = evaluation.undetermined
        open_1, possible = _levels(undetermined)
        possible -= met_2
        open_2 = len(possible) - sum(
            1 for pair in _EXCLUSIVE if pair <= possible or (pair & met_2 and pair & possible)
        )
    by_kind: dict[StructureIae, bool | None] = {}
    for kind in StructureIae:
        needed = kind.criteres_niveau_2
        if met_1 or len(met_2) >= needed:
            by_kind[kind] = True
        elif open_1 or len(met_2) + open_2 >= needed:
            by_kind[kind] = None
        else:
            by_kind[kind] = False
    if structure is not None:
        eligible = by_kind[structure]
    else:
        values = set(by_kind.values())
        eligible = True if True in values else None if None in values else False
    structures = tuple(k.value for k, v in by_kind.items() if v is True)
    # Undetermined criteria are worth asking about only while they can still change the answer.
    return IaeCount(by_kind, eligible, structures, undetermined if eligible is None else ())


def vigilance(
    result: IaeCount, structure: StructureIae | None, personne: Personne, at: date
) -> list[str]:
    """Points on the kinds of structure and on the diagnosis behind the decision."""
    points: list[str] = []
    if structure is None and result.eligible and len(result.structures) < len(StructureIae):
        yes = [StructureIae(k) for k in result.structures]
        no = [k for k in StructureIae if k.value not in result.structures]
        points.append(
            VIGILANCE_STRUCTURES.format(
                oui=_fr.liste([k.label for k in yes]),
                non=_fr.liste([k.label for k in no], "ou"),
            )
        )
    avis = personne.avis_motive
    if avis is not None:
        expiry = diagnostic_expiry(avis.organisme, avis.date)
        if expiry is not None and avis.organisme is OrganismeAvis.SIAE:
            points.append(
                VIGILANCE_DIAGNOSTIC_STRUCTURE.format(
                    date=_fr.date_courte(avis.date), fin=_fr.date_courte(expiry)
                )
            )
        elif expiry is not None and at >= expiry:
            points.append(
                VIGILANCE_DIAGNOSTIC_EXPIRE.format(
                    date=_fr.date_courte(avis.date), fin=_fr.date_courte(expiry)
                )
            )
    return points
