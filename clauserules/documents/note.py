"""The note de choix: the first pages of the decision record (``decision.docx``).

Per lot, what was chosen and under which binding texts; then each reason, each point the
buyer must still check and each reason to record in the rapport de présentation, written
**once** with the lots it concerns (a 7-lot consultation repeats the same points on every
lot). The full trace — decisions, rules, sources, instruments examined — follows in the
annex (:mod:`.record`). See ``docs/decisions/0063-note-de-choix.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from clauserules._fr import liste
from clauserules.documents.context import Groupes, Lot, Note, NoteLot, NotePoint
from clauserules.documents.record import no_seed
from clauserules.plan.service import Plan

__all__ = ["build_note"]

CONSULTATION = "Consultation"


def _label(ids: Sequence[str], every: Sequence[str]) -> str:
    if len(every) == 1:
        return CONSULTATION
    if list(ids) == list(every):
        return "Tous les lots"
    if len(ids) == 1:
        return f"Lot\u00a0{ids[0]}"
    return f"Lots {liste(list(ids))}"


def _grouped(items: Iterable[tuple[str, str]], every: Sequence[str]) -> tuple[NotePoint, ...]:
    """``(lot id or "", text)`` pairs → one point per text, with its lots, in first-seen order."""
    lots_of: dict[str, list[str]] = {}
    for lot_id, text in items:
        text = no_seed(text).strip()
        if not text:
            continue
        found = lots_of.setdefault(text, [])
        if lot_id and lot_id not in found:
            found.append(lot_id)
    points = []
    for text, ids in lots_of.items():
        ordered = [i for i in every if i in ids]
        points.append(NotePoint(_label(ordered, every) if ordered else CONSULTATION, text))
    # the points of the whole consultation first, then by the first lot concerned
    rank = {lot_id: index for index, lot_id in enumerate(every)}

    def key(point: NotePoint) -> tuple[int, int]:
        if point.lots == CONSULTATION:
            return (0, 0)
        if point.lots == "Tous les lots":
            return (1, 0)
        ids = [i for i in every if i in lots_of[point.texte]]
        return (2, rank.get(ids[0], 0) if ids else 0)

    return tuple(sorted(points, key=key))


_ARTICLES = re.compile(r"^art\.\s(?P<articles>.+?)\s(?P<code>du\scode\s.+)$")


def _textes(parts: Iterable[str]) -> str:
    """Citations merged by code: « art. L. 2112-2 à L. 2112-4, L. 2112-2-1 et L. 2152-7 du code
    de la commande publique » rather than the code repeated after each article."""
    by_code: dict[str, list[str]] = {}
    others: list[str] = []
    for part in dict.fromkeys(parts):
        match = _ARTICLES.match(part)
        if match is None:
            others.append(part)
            continue
        articles = by_code.setdefault(match["code"], [])
        if match["articles"] not in articles:
            articles.append(match["articles"])
    merged = [f"art. {liste(articles)} {code}" for code, articles in by_code.items()]
    return " ; ".join((*merged, *others))


def _lot(lot: Lot, groupes: Groupes) -> NoteLot:
    retenus = " ; ".join(f"{i.libelle} ({i.statut_libelle})" for i in lot.instruments)
    if not retenus:
        retenus = "aucun dispositif retenu"
        if lot.obligation.code == "exception":
            retenus += (
                f" (exception à la condition sociale obligatoire : {lot.obligation.motif_libelle})"
            )
    textes = _textes(
        part.strip()
        for i in lot.instruments
        for part in re.split(r"\s*;\s*", no_seed(i.citation))
        if part.strip()
    )
    carries_hours = any(other.id == lot.id for other in groupes.execution)
    return NoteLot(
        id=lot.id,
        intitule=lot.intitule,
        retenus=retenus,
        textes=textes or "—",
        heures=lot.heures.valeur if lot.heures is not None and carries_hours else None,
    )


def build_note(plan: Plan, lots: Sequence[Lot], groupes: Groupes, vigilance: Sequence[str]) -> Note:
    """The note de choix of a consultation, from the lots of the document context."""
    every = [lot.id for lot in lots]
    motifs: list[tuple[str, str]] = []
    for lot in lots:
        for instrument in lot.instruments:
            motifs.extend((lot.id, reason) for reason in instrument.motifs)
            if not instrument.motifs:
                motifs.append(
                    (
                        lot.id,
                        f"{instrument.libelle} ({instrument.statut_libelle}) : choix de l'acheteur.",
                    )
                )
        if lot.obligation.code == "exception" and lot.obligation.justification:
            motifs.append((lot.id, lot.obligation.justification))
    in_lots = {point for lot in lots for point in lot.vigilance}
    checks = [("", point) for point in vigilance if point not in in_lots]
    checks.extend((lot.id, point) for lot in lots for point in lot.vigilance)
    consign = [
        (lot_plan.id, lot_plan.obligation_sociale.motifs_a_consigner)
        for lot_plan in plan.lots
        if lot_plan.obligation_sociale.motifs_a_consigner
    ]
    return Note(
        lots=tuple(_lot(lot, groupes) for lot in lots),
        motifs=_grouped(motifs, every),
        a_verifier=_grouped(checks, every),
        a_consigner=_grouped(consign, every),
    )
