"""The output of the plan: :class:`Plan` and the models it is made of (frozen, closed).

Class names are English (machinery); fields that name the law's things are French ASCII
(ADR 0001). The JSON Schema ``clauserules schema plan`` is built from :class:`Plan`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from clauserules.core.decision import Decision, SourceRef
from clauserules.rules import heures as H
from clauserules.vocabulaire import TypeInstrument

__all__ = [
    "HeuresAccordCadre",
    "HeuresTranche",
    "Hours",
    "HoursParameter",
    "Instrument",
    "LotPlan",
    "ObligationSociale",
    "Plan",
    "Regime",
    "Spaser",
    "Status",
    "Threshold",
]

Status = Literal["obligatoire", "recommande", "autorise", "interdit"]


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class HoursParameter(_Output):
    """One input of the hours computation, with where its value comes from."""

    value: Decimal
    origin: Literal["lot", "defaut"]
    """``lot`` when given for the lot, ``defaut`` when the dated default was used."""
    parameter: str | None = None
    """Id of the dated parameter that gave the default."""
    citation: str | None = None


class Hours(_Output):
    """Insertion hours of a lot and how they were computed."""

    value: Decimal
    """Hours, rounded by the one rounding rule (``rounding``)."""
    method: Literal["main_oeuvre", "ratio_montant"]
    """``main_oeuvre``: amount × labour share ÷ hourly cost × rate; ``ratio_montant``: amount ÷
    euros per hour."""
    parameters: dict[str, HoursParameter]
    exact: Decimal
    """Value before rounding."""
    heures_travaillees: Decimal | None
    """Hours worked on the lot (amount × labour share ÷ hourly cost), rounded."""
    minimum_anru: Decimal | None = None
    """Minimum insertion hours of the ANRU charter, rounded, when the lot is ANRU-funded."""
    rounding: str = H.ROUNDING_RULE
    rules: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    vigilance: tuple[str, ...] = ()


class HeuresAccordCadre(_Output):
    """How the insertion hours of a framework agreement's lot are due (rules ``accords_cadres.*``)."""

    modalite: Literal["bons_de_commande", "marches_subsequents"]
    methode: Literal["heure_par_montant_commande", "fixees_par_marche_subsequent"]
    """``heure_par_montant_commande``: one hour per ``euros_par_heure`` € HT ordered, on the
    orders actually issued; ``fixees_par_marche_subsequent``: each subsequent contract fixes
    its hours by this ratio on its own amount."""
    euros_par_heure: Decimal
    """One insertion hour per this many euros HT ordered (the lot's ratio, or derived from its
    labour share, hourly cost and rate, rounded to the euro)."""
    origine_ratio: Literal["lot", "calcul"]
    heures_indicatives_maximum: Decimal | None
    """Hours if the whole maximum were ordered (an indication, not an obligation)."""
    heures_minimum: Decimal | None
    """Hours on the minimum amount of orders, if the lot has one."""
    activation_optionnelle: bool
    suivi: Literal["par_commande_et_trimestre", "par_marche_subsequent"]
    rules: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    interpretations: tuple[str, ...] = ()


class HeuresTranche(_Output):
    """The insertion hours of one tranche of a lot (rules ``tranches.*``)."""

    id: str
    type: Literal["ferme", "optionnelle"]
    montant_estime_ht: Decimal
    heures: Decimal
    """The lot's hours in proportion to the tranche's estimated amount, rounded."""
    exigibilite: Literal["ferme", "si_affermie"]
    """``ferme``: due with the contract; ``si_affermie``: due only if the buyer affirms the
    optional tranche (CCP R2113-6)."""


class Instrument(_Output):
    """Status of one insertion instrument on one lot."""

    kind: TypeInstrument
    label: str
    status: Status
    selected: bool
    """The buyer asked for it in the lot's ``preferences``."""
    regime: str
    code: str | None
    """Short name of the text: ``CMP``, ``ord. 2015-899``, ``CCP``…"""
    article: str | None
    """Article of the text, ``None`` when the regime has no such instrument."""
    citation: str | None
    """Rendered citation of the article, from the sources catalogue."""
    reasons: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    rules: tuple[str, ...]


class ObligationSociale(_Output):
    """The mandatory social execution condition (L2112-2-1 / L3114-2-1), for one lot."""

    code: Literal["obligatoire", "exception", "non_applicable"]
    motif: str | None = None
    """The recorded exception motive, when it sets the obligation aside."""
    justification: str | None = None
    """The buyer's written reasons for that exception."""
    citation: str | None = None
    applicable: bool = False
    """The obligation applies to the contract (value at or above the threshold, date, not
    defence or security)."""
    statut: Literal["non_applicable", "satisfaite", "exception", "a_completer", "manquante"] = (
        "non_applicable"
    )
    """``satisfaite``: a selected instrument satisfies it; ``exception``: a recorded motive sets
    it aside; ``a_completer``: only a reservation is selected, an execution condition is still
    to add (vigilance); ``manquante``: nothing satisfies it and no motive is recorded."""
    satisfaite_par: tuple[TypeInstrument, ...] = ()
    """The selected instruments that satisfy it."""
    exception: str | None = None
    """Label of the recorded exception motive that sets it aside."""
    a_corriger: str | None = None
    """What to correct when nothing satisfies it (``manquante``)."""
    motifs_a_consigner: str | None = None
    """The reasons of the exception as a paragraph for the rapport de présentation (III)."""


class LotPlan(_Output):
    """The plan of one lot."""

    id: str
    intitule: str
    montant_estime_ht: Decimal
    """Estimated amount over the whole duration (for a framework agreement whose amounts are
    given per period: multiplied by the periods, renewals included)."""
    outcome: Literal["conforme", "a_corriger"]
    """``a_corriger`` when a chosen instrument is forbidden or a mandatory one is missing."""
    instruments: tuple[Instrument, ...]
    obligation_sociale: ObligationSociale
    hours: Hours
    vigilance: tuple[str, ...]
    rules: tuple[str, ...]
    facts: dict[str, bool | int | str | list[str]]
    nature: str | None = None
    """Nature of the lot (the consultation's unless the lot gives its own)."""
    accord_cadre: HeuresAccordCadre | None = None
    """For a framework agreement: how the hours follow the orders or subsequent contracts."""
    tranches: tuple[HeuresTranche, ...] = ()
    """For a lot in tranches: the hours of each tranche and when they are due."""


class Regime(_Output):
    code: str
    label: str


class Threshold(_Output):
    """The European threshold compared with the estimated value of the whole contract."""

    categorie: str | None
    label: str | None
    montant: Decimal | None
    periode: str | None
    incertain: bool
    valeur_estimee_ht: Decimal
    atteint: bool | None
    citation: str | None
    rules: tuple[str, ...]
    base_valeur: Literal["estimation", "maximum"] | None = None
    """What the value is: the estimate (options and renewals included) or the framework
    agreement's maximum (rules ``accords_cadres.valeur.*``)."""
    base_citation: str | None = None
    """The articles that say which value is compared with the threshold."""


class Spaser(_Output):
    """Whether the buyer must adopt a SPASER (informative)."""

    statut: Literal["obligatoire", "non_obligatoire", "a_verifier", "non_prevu", "indetermine"]
    seuil: Decimal | None
    achats_annuels_ht: Decimal | None
    reasons: tuple[str, ...]
    rules: tuple[str, ...]
    sources: tuple[SourceRef, ...]


class Plan(Decision):
    """The plan of a consultation: regime, threshold, and every lot's instruments and hours."""

    objet: str
    acheteur: str
    type_acheteur: str
    contrat: str
    nature: str
    technique: str = "ordinaire"
    """``ordinaire`` or ``accord_cadre``."""
    modalite: str | None = None
    """For a framework agreement: ``bons_de_commande`` or ``marches_subsequents``."""
    reconductions: int = 0
    date_lancement: date
    regime: Regime
    seuil_europeen: Threshold
    obligation_sociale: bool
    """The mandatory social execution condition applies to the contract."""
    spaser: Spaser
    lots: tuple[LotPlan, ...]
    total_heures: Decimal
    referentiel_publics: str
    publics_prioritaires: tuple[str, ...]
    facilitateur: dict[str, Any] | None
