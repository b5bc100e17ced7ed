"""When hours can count: the 24-month window, the annual review, the CDI of year 2, the
years 3-4 of a long marche, as day boundaries (ordinals) per personne, contrat and marche.

Decisions ``docs/decisions/0021-fenetre-des-24-mois.md`` (first hiring, window, review)
and ``docs/decisions/0023-cas-particuliers-cdi-marche-long-formation.md`` (CDI signed in
year 2 after a CDD or a mise à disposition, marche of more than two years). The rules of
:mod:`clauserules.rules.comptage` read facts computed from these boundaries; nothing here
calls the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from clauserules.core.dates import add_months
from clauserules.ledger.model import Contrat, DemandeGlobalisation, Marche, PersonneParcours
from clauserules.rules.comptage import (
    CONTINUITE_MAX_MOIS,
    CONTRATS_CDD_OU_MAD,
    DEBUT_DEUXIEME_ANNEE_MOIS,
    DUREE_CDI_DEUXIEME_ANNEE_MOIS,
    DUREE_ELIGIBILITE_MOIS,
    DUREE_EXECUTION_LONGUE_MOIS,
    DUREE_SUPPLEMENTAIRE_MOIS,
)
from clauserules.vocabulaire import TypeContrat

__all__ = [
    "OPEN",
    "SENTINEL",
    "ContratIndex",
    "DemandeIndex",
    "MarcheIndex",
    "Paire",
    "PersonneIndex",
    "RegionKey",
    "boundaries",
    "contrat_index",
    "marche_index",
    "personne_window",
]

OPEN = date.max.toordinal()
"""The end of an open-ended contract, or of a window that never closes."""
SENTINEL = OPEN + 1
"""Last boundary of every paire: after any day."""


@dataclass(slots=True)
class MarcheIndex:
    """A marche with its execution as day ordinals (``fin`` included)."""

    marche: Marche
    debut: int
    fin: int
    fin_deux_ans: int
    """First day after the first 24 months of execution."""
    fin_quatre_ans: int
    """First day after the two supplementary years (years 3-4)."""
    long: bool
    """Execution of more than two years (last day ≥ start + 24 months)."""


@dataclass(slots=True)
class PersonneIndex:
    """A personne with her 24-month window (set once her contrats are known)."""

    personne: PersonneParcours
    premiere_embauche: date | None = None
    fin_fenetre: int = OPEN
    """First day after the 24 months."""
    fin_revue: int | None = None
    """Date of the earliest annual review that ended eligibility."""
    mois: dict[int, int] = field(default_factory=dict)
    """Hundredths of hours per month (first day's ordinal), all lines of the personne."""


@dataclass(slots=True)
class ContratIndex:
    """A contrat with its days and, for a CDI, the special case of year 2."""

    contrat: Contrat
    personne_id: str
    type: str
    debut: int
    fin: int
    personne: PersonneIndex | None = None
    """``None`` when the personne is unknown (reported)."""
    cdi_deuxieme_annee: bool = False
    continuite: bool = False
    """A CDD or mise à disposition ended at most one month before this CDI, or still runs."""
    fin_douze_mois: int | None = None
    """First day after the 12 months from the signature of a CDI."""
    paires: dict[str, Paire] = field(default_factory=dict)
    """The paires of this contrat, by marche id (made by the count of the lines)."""


@dataclass(slots=True)
class DemandeIndex:
    """A globalisation request whose ids are all known: the marches it covers."""

    demande: DemandeGlobalisation
    cibles: tuple[MarcheIndex, ...]


RegionKey = tuple[int, int]
"""``(ruleset, region)``: the counting rules in force that month, and the index of the
region of the paire between two of its boundaries."""


@dataclass(slots=True)
class Paire:
    """The hours of one contrat on one marche."""

    personne: PersonneIndex
    contrat: ContratIndex
    marche: MarcheIndex
    demande: DemandeIndex | None
    """The globalisation request of the personne that covers this marche, if any."""
    bornes: list[int]
    """Sorted boundaries (:func:`boundaries`), ending with a sentinel."""
    mois: dict[int, int]
    """The personne's hundredths of hours per month (shared with :class:`PersonneIndex`)."""
    regions: dict[RegionKey, list[Any]] = field(default_factory=dict)
    """Hours per region touched by a line: four ints (see :data:`TRAVAIL_CENTS`), then the
    work and training hours per month (``dict[int, int]``, see :mod:`.counting`)."""


TRAVAIL_CENTS, FORMATION_CENTS, TRAVAIL_UNITS, FORMATION_UNITS = range(4)
"""Positions in the accumulator of a region: whole months in hundredths, prorated parts in
units of 1 / (100 × LCM_DAYS) hour."""


def marche_index(marche: Marche) -> MarcheIndex:
    deux_ans = add_months(marche.debut_execution, DUREE_EXECUTION_LONGUE_MOIS)
    return MarcheIndex(
        marche,
        marche.debut_execution.toordinal(),
        marche.fin_execution.toordinal(),
        deux_ans.toordinal(),
        add_months(deux_ans, DUREE_SUPPLEMENTAIRE_MOIS).toordinal(),
        marche.fin_execution >= deux_ans,
    )


def contrat_index(contrat: Contrat, personne: PersonneIndex | None) -> ContratIndex:
    return ContratIndex(
        contrat,
        contrat.personne,
        contrat.type,
        contrat.debut.toordinal(),
        contrat.fin.toordinal() if contrat.fin else OPEN,
        personne,
    )


def personne_window(
    personne: PersonneIndex, contrats: list[Contrat], index: dict[str, ContratIndex]
) -> None:
    """Set the window of ``personne`` from her contrats (sorted by start), and the CDI of
    year 2 of each of her CDI."""
    first = contrats[0].debut
    personne.premiere_embauche = first
    personne.fin_fenetre = add_months(first, DUREE_ELIGIBILITE_MOIS).toordinal()
    ends = [r.date for r in personne.personne.revue_annuelle if not r.maintien]
    if ends:
        personne.fin_revue = min(ends).toordinal()
    year2 = add_months(first, DEBUT_DEUXIEME_ANNEE_MOIS)
    year3 = add_months(first, DUREE_ELIGIBILITE_MOIS)
    for c in contrats:
        if c.type is not TypeContrat.CDI:
            continue
        info = index[c.id]
        info.cdi_deuxieme_annee = year2 <= c.debut < year3
        horizon = add_months(c.debut, -CONTINUITE_MAX_MOIS)
        info.continuite = any(
            o.type in CONTRATS_CDD_OU_MAD
            and o.debut < c.debut
            and (o.fin is None or o.fin >= horizon)
            for o in contrats
        )
        info.fin_douze_mois = add_months(c.debut, DUREE_CDI_DEUXIEME_ANNEE_MOIS).toordinal()


def boundaries(
    personne: PersonneIndex,
    contrat: ContratIndex,
    marche: MarcheIndex,
    demande: DemandeIndex | None,
) -> list[int]:
    """The sorted days where a fact read by the counting rules may change for this
    (contrat, marche) paire, ending with :data:`SENTINEL`.

    A boundary that changes nothing only splits a month into parts that add up to the
    whole (exact arithmetic), so the executions of every marche of a request are included,
    whether the request turns out admissible or not.
    """
    points = {
        marche.debut,
        marche.fin + 1,
        personne.fin_fenetre,
        marche.fin_deux_ans,
        marche.fin_quatre_ans,
    }
    if personne.fin_revue is not None:
        points.add(personne.fin_revue)
    if contrat.fin_douze_mois is not None:
        points.add(contrat.fin_douze_mois)
    if demande is not None:
        for cible in demande.cibles:
            points.update((cible.debut, cible.fin + 1))
    points.discard(OPEN)
    bps = sorted(points)
    bps.append(SENTINEL)
    return bps
