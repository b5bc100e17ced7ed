"""The French summary of a ledger."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from clauserules._fr import nombre, pluriel
from clauserules.ledger.output import ZERO, Ledger
from clauserules.rules.comptage import MOTIF_ORDER

__all__ = ["ledger_text"]


def _fr(value: Decimal) -> str:
    """Hours and euros of the summary: always two decimals (ADR 0040)."""
    return nombre(value, 2)


def ledger_text(ledger: Ledger, *, limit: int = 50) -> str:
    """A French summary of the ledger (at most ``limit`` markets and requests listed)."""
    due = sum((m.heures_dues_retenues for m in ledger.marches), ZERO)
    counted = sum((m.heures_comptees for m in ledger.marches), ZERO)
    ecart = sum((m.ecart for m in ledger.marches), ZERO)
    penalties = [m.penalite for m in ledger.marches if m.penalite is not None]
    lines = [
        f"Décompte des heures d'insertion — {pluriel(len(ledger.marches), 'marché')}, "
        f"{pluriel(len(ledger.personnes), 'personne')}, "
        f"{pluriel(ledger.lignes, 'ligne')} d'heures",
        f"  Heures dues (après proratisation) : {_fr(due)} h",
        f"  Heures comptées : {_fr(counted)} h",
        f"  Écart total : {_fr(ecart)} h",
    ]
    if ledger.au is not None:
        lines.insert(
            1, f"  Décompte au {ledger.au.strftime('%d/%m/%Y')} (heures dues à cette date)"
        )
    if penalties:
        lines.append(f"  Pénalités : {_fr(sum(penalties, ZERO))} €")
    excluded: dict[str, Decimal] = defaultdict(Decimal)
    for m in ledger.marches:
        for motif, hours in m.heures_exclues.items():
            excluded[motif] += hours
    if excluded:
        lines.append("  Heures non comptées :")
        for motif in MOTIF_ORDER:
            if motif.value in excluded:
                lines.append(f"    - {motif.label} : {_fr(excluded[motif.value])} h")
    lines.append("")
    lines.append("Marchés :")
    for m in ledger.marches[:limit]:
        penalty = f", pénalité {_fr(m.penalite)} €" if m.penalite is not None else ""
        status = {"provisoire": " (provisoire)", "definitif": " (définitif)", None: ""}[m.statut]
        orders = (
            f" pour {_fr(m.montant_commande_ht)} € HT commandés"
            if m.montant_commande_ht is not None
            else ""
        )
        lines.append(
            f"  {m.id} ({m.maitre_ouvrage}) : dues {_fr(m.heures_dues_retenues)} h{orders}, "
            f"comptées {_fr(m.heures_comptees)} h, écart {_fr(m.ecart)} h{penalty}{status}"
        )
    if len(ledger.marches) > limit:
        rest = len(ledger.marches) - limit
        lines.append(f"  … et {pluriel(rest, 'autre marché', 'autres marchés')}")
    if ledger.globalisation:
        lines.append("")
        lines.append("Demandes de globalisation :")
        for g in ledger.globalisation[:limit]:
            if g.recevable:
                parts = ", ".join(f"{k} {_fr(v)} h" for k, v in g.repartition.items())
                lines.append(f"  {g.demande} ({g.personne}) : recevable ({g.variant}) ; {parts}")
            else:
                state = "indéterminée" if g.recevable is None else "non recevable"
                failed = ", ".join(g.conditions_non_remplies)
                lines.append(
                    f"  {g.demande} ({g.personne}) : {state} — conditions non remplies : {failed}"
                )
        if len(ledger.globalisation) > limit:
            rest = len(ledger.globalisation) - limit
            lines.append(f"  … et {pluriel(rest, 'autre demande', 'autres demandes')}")
    if ledger.vigilance:
        lines.append("")
        lines.append("Points de vigilance :")
        lines.extend(f"  - {v}" for v in ledger.vigilance)
    lines.append("")
    lines.append(f"Arrondi : {ledger.arrondi}. Clé de répartition : {ledger.cle_repartition}.")
    lines.append("Règles appliquées :")
    for rule in ledger.regles:
        cites = "; ".join(s.citation for s in rule.sources)
        lines.append(f"  - {rule.id} : {rule.title} [{cites}]")
    return "\n".join(lines) + "\n"
