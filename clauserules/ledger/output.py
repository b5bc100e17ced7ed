"""The outputs of the hours ledger: :class:`Ledger` and its parts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from clauserules._version import __version__
from clauserules.core.decision import Decision, SourceRef

__all__ = [
    "CENT",
    "ROUNDING",
    "ZERO",
    "GlobalisationDecision",
    "HeuresMois",
    "Ledger",
    "MarcheLedger",
    "PersonneLedger",
    "RegleAppliquee",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ROUNDING = "centième d'heure au plus proche (0,005 h vers le haut) ; centime pour les pénalités"


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class MarcheLedger(_Output):
    """The count of one market."""

    id: str
    maitre_ouvrage: str
    heures_dues: Decimal
    """Hours due by the CCAP."""
    heures_dues_retenues: Decimal
    """Hours due after proration (partial unemployment, economic redundancy)."""
    heures_travaillees: Decimal
    """Hours (work and training) declared on this market."""
    heures_comptees: Decimal
    """Hours that count for this market: direct + received by globalisation."""
    heures_comptees_directes: Decimal
    heures_globalisation_recues: Decimal
    """Hours allocated to this market by admissible globalisation requests."""
    heures_globalisation_reparties: Decimal
    """Counted hours worked on this market that were allocated by globalisation."""
    heures_exclues: dict[str, Decimal]
    """Hours that do not count, by reason (:class:`clauserules.rules.comptage.Motif`)."""
    ecart: Decimal
    """max(0, heures_dues_retenues − heures_comptees)."""
    excedent: Decimal
    """max(0, heures_comptees − heures_dues_retenues)."""
    penalite: Decimal | None
    """ecart × penalite_par_heure, to the cent; ``None`` when the CCAP sets no rate."""
    regles: tuple[str, ...]
    """Rules that decided hours of this market or its dues."""
    vigilance: tuple[str, ...]
    statut: Literal["definitif", "provisoire"] | None = None
    """With a count date (``au``): ``provisoire`` while the execution runs (dues, shortfall and
    penalty on the elapsed part or the orders to date), ``definitif`` once it ended; ``None``
    without a count date (the whole execution is assumed done)."""
    methode_dues: Literal["ccap", "commandes"] = "ccap"
    """``commandes``: a framework agreement's dues follow the orders (one hour per
    ``euros_par_heure`` € HT ordered); ``ccap``: the hours fixed by the CCAP."""
    montant_commande_ht: Decimal | None = None
    """Amount ordered (to the count date), for a framework agreement à bons de commande."""
    part_execution: Decimal | None = None
    """Share of the execution elapsed at the count date (0 to 1, 4 decimals)."""


class PersonneLedger(_Output):
    """The count of one person."""

    id: str
    eligibilite_validee: bool
    premiere_embauche: date | None
    """Start of the person's earliest contract."""
    fin_fenetre: date | None
    """First day after the 24 months (premiere_embauche + 24 months)."""
    dernier_jour_eligible: date | None
    """Last day of the 24 months, or the day before a review that ended eligibility."""
    fin_revue_annuelle: date | None
    heures_travaillees: Decimal
    heures_comptees: Decimal
    par_marche: dict[str, Decimal]
    """Hours counted per market (after globalisation)."""
    heures_exclues: dict[str, Decimal]


class GlobalisationDecision(Decision):
    """Admissibility of one globalisation request, and the allocation of its hours."""

    demande: str
    personne: str
    marches: tuple[str, ...]
    recevable: bool | None
    """``None`` when missing information leaves it undetermined (listed in ``missing``)."""
    conditions_non_remplies: tuple[str, ...]
    """Ids of the condition rules that did not fire."""
    cle: str | None
    """Allocation key used, when admissible."""
    heures_reparties: Decimal
    repartition: dict[str, Decimal]
    """Hours allocated to each market; they add up exactly to ``heures_reparties``."""


class RegleAppliquee(_Output):
    """A rule that decided something in the ledger, with its sources."""

    id: str
    title: str
    sources: tuple[SourceRef, ...]


class HeuresMois(_Output):
    """The hours that count in one month, over all markets."""

    mois: str
    """``YYYY-MM``."""
    heures_comptees: Decimal
    """Hours of the month's lines that count (directly or through globalisation), 0.01 h."""


class Ledger(_Output):
    """The hours ledger of a set of insertion paths."""

    marches: tuple[MarcheLedger, ...]
    personnes: tuple[PersonneLedger, ...]
    globalisation: tuple[GlobalisationDecision, ...]
    regles: tuple[RegleAppliquee, ...]
    """Every rule that fired, with its sources (the trace)."""
    cle_repartition: str
    arrondi: str
    lignes: int
    """Number of hours lines counted."""
    vigilance: tuple[str, ...]
    version: str = __version__
    au: date | None = None
    """Count date (``count --at``): hours lines of later months are left out, and each
    market is ``provisoire`` or ``definitif``."""
    heures_par_mois: tuple[HeuresMois, ...] = ()
    """Counted hours per month over all markets, in month order (for the annual report)."""

    def marche(self, id: str) -> MarcheLedger:
        """The count of market ``id``."""
        for item in self.marches:
            if item.id == id:
                return item
        raise KeyError(id)

    def personne(self, id: str) -> PersonneLedger:
        """The count of person ``id``."""
        for item in self.personnes:
            if item.id == id:
                return item
        raise KeyError(id)
