"""Compliance of a lot with the mandatory social condition (L2112-2-1 / L3114-2-1 CCP).

The obligation requires « des conditions d'exécution prenant en compte des considérations
relatives au domaine social ou à l'emploi » (ADR 0050). For each lot the plan says whether it
applies and then, in this order:

* ``satisfaite``: a selected, permitted instrument satisfies it — insertion hours or another
  social or employment execution condition, or insertion as the object of the contract;
* ``exception``: a recorded motive, with the buyer's reasons, sets it aside (II) — the reasons
  are rendered as a paragraph to consign (III) in the rapport de présentation;
* ``a_completer``: only a reservation is selected; a reservation restricts who may bid and is
  not an execution condition, so the plan names the condition to add (vigilance, not an error);
* ``manquante``: nothing satisfies it and no motive is recorded (``a_corriger``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from clauserules.core.rulebase import Rule
from clauserules.plan.instruments import LotInstruments
from clauserules.plan.model import Lot
from clauserules.plan.output import ObligationSociale, Plan
from clauserules.rules import articles as A
from clauserules.vocabulaire import MotifException, TypeInstrument

__all__ = ["MOTIF_LIBELLES", "ObligationAssessment", "assess_obligation", "motifs_a_consigner"]

MOTIF_LIBELLES = {m.value: m.label for m in MotifException}
"""The exception motives as the buyer writes them."""

_RESERVATIONS = (
    TypeInstrument.RESERVE_EA_ESAT,
    TypeInstrument.RESERVE_SIAE,
    TypeInstrument.RESERVE_EA_ESAT_SIAE,
    TypeInstrument.RESERVE_DETENUS,
    TypeInstrument.RESERVE_ESS,
)

Statut = Literal["non_applicable", "satisfaite", "exception", "a_completer", "manquante"]


class ObligationAssessment:
    """The lot's obligation, the vigilance points it adds and whether the lot must be fixed."""

    __slots__ = ("a_corriger", "obligation", "vigilance")

    def __init__(
        self, obligation: ObligationSociale, vigilance: tuple[str, ...], a_corriger: bool
    ) -> None:
        self.obligation = obligation
        self.vigilance = vigilance
        self.a_corriger = a_corriger


def _article(contrat: str) -> str:
    return "L3114-2-1" if contrat == "concession" else "L2112-2-1"


def assess_obligation(
    lot: Lot,
    *,
    contrat: str,
    nature: str,
    combined: LotInstruments,
    fired: Sequence[Rule],
    selected: frozenset[str],
    default_citation: str | None,
) -> ObligationAssessment:
    """Whether the obligation applies to ``lot`` and what satisfies or sets it aside."""
    exc = lot.exception_obligation_sociale
    rule = next((r for r in fired if r.then["effet"] == A.Effet.OBLIGATOIRE), None)
    citation = rule.sources[0].render() if rule else default_citation
    article = _article(contrat)
    vigilance: list[str] = []
    if not combined.obligation:
        if exc is not None:
            vigilance.append(
                "Exception à l'obligation sociale déclarée sans objet : l'obligation ne "
                "s'applique pas à ce contrat à cette date."
            )
        return ObligationAssessment(
            ObligationSociale.model_construct(
                code="non_applicable",
                motif=None,
                justification=None,
                citation=citation,
                applicable=False,
                statut="non_applicable",
                satisfaite_par=(),
                exception=None,
                a_corriger=None,
                motifs_a_consigner=None,
            ),
            tuple(vigilance),
            False,
        )
    satisfied = combined.satisfied_by
    reserved = tuple(k for k in _RESERVATIONS if k.value in selected)
    statut: Statut
    a_corriger: str | None = None
    if satisfied:
        statut = "satisfaite"
        if exc is not None:
            vigilance.append(
                "Exception à l'obligation sociale déclarée alors qu'une condition qui la "
                f"satisfait est retenue ({satisfied[0].label}) : l'exception est sans objet ; "
                "la retirer du dossier ou retirer la condition."
            )
    elif combined.exception:
        statut = "exception"
    elif reserved:
        statut = "a_completer"
        vigilance.append(
            f"Lot réservé ({reserved[0].label}) : une réservation restreint l'accès à la "
            "procédure mais n'est pas une condition d'exécution ; elle ne satisfait pas à elle "
            f"seule l'obligation de l'art. {article} du code de la commande publique. Ajouter "
            "une condition d'exécution sociale, par exemple : maintenir pendant toute "
            "l'exécution la proportion minimale de travailleurs handicapés ou défavorisés qui "
            "justifie la réservation (art. R2113-7 pour les marchés) et en justifier chaque "
            "année, ou prévoir un accompagnement socioprofessionnel ou des heures d'insertion "
            "pour les salariés affectés au contrat."
        )
    else:
        statut = "manquante"
        a_corriger = (
            f"Condition d'exécution sociale obligatoire pour ce lot (art. {article} du code de "
            "la commande publique, seuil européen atteint) : retenir des heures d'insertion "
            "(condition_execution) ou une autre condition sociale ou relative à l'emploi "
            "(autre_condition_sociale), ou consigner un motif d'exception avec ses raisons."
        )
        vigilance.append(a_corriger)
    if nature == "prestations_intellectuelles" and statut in ("a_completer", "manquante"):
        vigilance.append(
            "Prestations intellectuelles : des heures d'insertion s'y prêtent souvent mal. "
            "Envisager une autre condition sociale ou relative à l'emploi (apprentissage, "
            "égalité professionnelle, qualité de l'emploi) ou, si aucune n'a de lien suffisant "
            "avec l'objet, l'exception « lien insuffisant avec l'objet du contrat » motivée."
        )
    is_exception = statut == "exception" and exc is not None
    libelle = MOTIF_LIBELLES[exc.motif.value] if exc is not None else None
    paragraph = (
        _paragraph(lot, article, libelle or "", exc.justification)
        if is_exception and exc is not None
        else None
    )
    return ObligationAssessment(
        ObligationSociale.model_construct(
            code="exception" if combined.exception and not satisfied else "obligatoire",
            motif=exc.motif.value if is_exception and exc else None,
            justification=exc.justification if is_exception and exc else None,
            citation=citation,
            applicable=True,
            statut=statut,
            satisfaite_par=satisfied,
            exception=libelle if is_exception else None,
            a_corriger=a_corriger,
            motifs_a_consigner=paragraph,
        ),
        tuple(vigilance),
        statut == "manquante",
    )


def _paragraph(lot: Lot, article: str, libelle: str, justification: str) -> str:
    reasons = " ".join(justification.split())
    if reasons and reasons[-1] not in ".!?":
        reasons += "."
    return (
        f"Lot {lot.id} ({lot.intitule}) : en application de l'article {article} du code de la "
        "commande publique, le contrat ne comporte pas de condition d'exécution prenant en "
        "compte des considérations relatives au domaine social ou à l'emploi, pour le motif "
        f"suivant : {libelle}. Justification : {reasons}"
    )


def motifs_a_consigner(plan: Plan) -> str | None:
    """The reasons of every exception of ``plan``, to paste into the rapport de présentation.

    One paragraph per lot whose obligation is set aside by a recorded motive, ``None`` when
    there is none.
    """
    paragraphs = [
        lot.obligation_sociale.motifs_a_consigner
        for lot in plan.lots
        if lot.obligation_sociale.motifs_a_consigner
    ]
    return "\n\n".join(paragraphs) if paragraphs else None
