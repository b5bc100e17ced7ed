"""The plan in JSON (documented keys first) and in French text for buyers.

Figures are formatted by :mod:`clauserules._fr`: amounts without useless cents
(``1 200 000 €``), hours abridged (``800 h``), dates ``dd/mm/yyyy``.
"""

from __future__ import annotations

from functools import cache, partial
from typing import Any

import pydantic_core

from clauserules import _fr
from clauserules.plan.output import Hours, LotPlan, ObligationSociale, Plan

__all__ = ["hours_text", "obligation_text", "plan_json", "plan_json_bytes", "plan_text"]

_STATUS_FR = {
    "obligatoire": "obligatoire",
    "recommande": "recommandé",
    "autorise": "autorisé",
    "interdit": "interdit",
}

_euros = partial(_fr.montant, zeros=False)
_hours = partial(_fr.heures, abrege=True)

_FIRST_KEYS = (
    "objet",
    "acheteur",
    "contrat",
    "nature",
    "date_lancement",
    "regime",
    "outcome",
    "seuil_europeen",
    "obligation_sociale",
    "spaser",
    "lots",
    "total_heures",
    "rules",
    "vigilance",
)

SPASER_LIBELLES = {
    "obligatoire": "obligatoire",
    "non_obligatoire": "non obligatoire",
    "a_verifier": "à vérifier",
    "non_prevu": "non prévu à cette date",
    "indetermine": "indéterminé (achats annuels de l'acheteur non renseignés)",
}
"""French wording of the SPASER status (the JSON keeps the code)."""


def plan_json(plan: Plan) -> dict[str, Any]:
    """The JSON object of a plan, documented keys first."""
    data = plan.model_dump(mode="json")
    return {
        **{k: data[k] for k in _FIRST_KEYS},
        **{k: v for k, v in data.items() if k not in _FIRST_KEYS},
    }


@cache
def _json_keys(kind: type[Plan]) -> tuple[str, ...]:
    return (*_FIRST_KEYS, *(k for k in kind.model_fields if k not in _FIRST_KEYS))


def plan_json_bytes(plan: Plan) -> bytes:
    """:func:`plan_json` as compact UTF-8 JSON, in one pass of pydantic-core's serialiser
    (the web API's hot path): the same bytes as ``json.dumps(plan_json(plan),
    ensure_ascii=False, separators=(",", ":"))``, without the intermediate dictionaries."""
    return pydantic_core.to_json({k: getattr(plan, k) for k in _json_keys(type(plan))})


def hours_text(hours: Hours, *, with_vigilance: bool = True) -> str:
    """A French rendering of an hours estimate."""
    p = hours.parameters
    lines = [f"Heures d'insertion : {_hours(hours.value)} ({hours.rounding})"]
    if hours.method == "ratio_montant":
        lines.append(
            f"  Méthode : une heure par {_euros(p['euros_par_heure'].value)} facturés — "
            f"{_euros(p['montant_estime_ht'].value)} ÷ {_euros(p['euros_par_heure'].value)}"
        )
    else:
        lines.append(
            f"  Méthode : {_euros(p['montant_estime_ht'].value)} × "
            f"{_fr.pourcent(p['part_main_oeuvre'].value)} ÷ {_euros(p['cout_horaire'].value)}/h × "
            f"{_fr.pourcent(p['taux_insertion'].value)}"
        )
    if hours.heures_travaillees is not None:
        lines.append(f"  Heures travaillées estimées : {_hours(hours.heures_travaillees)}")
    for name, param in p.items():
        if param.origin == "defaut":
            lines.append(f"  {name} par défaut ({param.parameter}) : {param.citation}")
    if hours.minimum_anru is not None:
        lines.append(
            f"  Part du lot dans l'objectif d'insertion de l'opération ANRU : "
            f"{_hours(hours.minimum_anru)} (objectif fixé pour l'opération, réparti entre ses "
            "marchés et mutualisable, non minimum légal par contrat)"
        )
    if with_vigilance:
        lines.extend(f"  ! {v}" for v in hours.vigilance)
    return "\n".join(lines) + "\n"


def obligation_text(obligation: ObligationSociale) -> str:
    """One French sentence: does the obligation apply, and what satisfies or sets it aside."""
    if not obligation.applicable:
        return "ne s'applique pas à ce contrat à cette date"
    if obligation.statut == "satisfaite":
        by = ", ".join(kind.label for kind in obligation.satisfaite_par)
        return f"s'applique ; satisfaite par : {by}"
    if obligation.statut == "exception":
        return f"s'applique ; écartée pour le motif consigné « {obligation.exception} »"
    if obligation.statut == "a_completer":
        return (
            "s'applique ; la réservation ne suffit pas : ajouter une condition d'exécution "
            "sociale (voir le point de vigilance)"
        )
    return "s'applique ; aucune condition retenue ni motif consigné — à corriger"


def plan_text(plan: Plan) -> str:
    """A French, buyer-readable rendering of a plan."""
    t = plan.seuil_europeen
    lines = [
        f"Consultation : {plan.objet}",
        f"  Acheteur : {plan.acheteur} ({plan.type_acheteur}) — {plan.contrat}, {plan.nature}",
        f"  Lancement : {_fr.date_courte(plan.date_lancement)} — régime : {plan.regime.label}",
        f"  Valeur estimée du contrat : {_euros(t.valeur_estimee_ht)} HT",
    ]
    if plan.technique == "accord_cadre":
        lines[1] += f" — accord-cadre à {plan.modalite or ''}".replace("_", " ")
    if t.base_valeur is not None:
        base = "maximum de l'accord-cadre" if t.base_valeur == "maximum" else "estimation"
        renewals = (
            f", {_fr.pluriel(plan.reconductions, 'reconduction')} "
            f"{'comprise' if plan.reconductions == 1 else 'comprises'}"
            if plan.reconductions
            else ""
        )
        lines[-1] += f" ({base}{renewals} ; {t.base_citation})"
    if t.montant is not None:
        lines.append(
            f"  Seuil européen {t.periode} ({t.label}) : {_euros(t.montant)} HT — "
            f"{'atteint' if t.atteint else 'non atteint'}"
            + (" (valeur non vérifiée)" if t.incertain else "")
        )
    lines.append(
        "  Condition d'exécution sociale obligatoire : "
        + ("oui" if plan.obligation_sociale else "non")
    )
    lines.append(f"  SPASER de l'acheteur : {SPASER_LIBELLES[plan.spaser.statut]}")
    lines.append(f"  Résultat : {'conforme' if plan.outcome == 'conforme' else 'à corriger'}")
    for point in plan.vigilance:
        lines.append(f"  ! {point}")
    for lot in plan.lots:
        lines.append("")
        lines.append(
            f"Lot {lot.id} — {lot.intitule} ({_euros(lot.montant_estime_ht)} HT) : "
            f"{'conforme' if lot.outcome == 'conforme' else 'à corriger'}"
        )
        lines.append(f"  Obligation sociale : {obligation_text(lot.obligation_sociale)}")
        for i in lot.instruments:
            where = f"{i.code} art. {i.article}" if i.article else (i.code or "")
            mark = "*" if i.selected else "-"
            lines.append(f"  {mark} {i.label} : {_STATUS_FR[i.status]} ({where})")
            for reason in i.reasons:
                lines.append(f"      {reason}")
        lines.extend(
            "  " + line
            for line in hours_text(lot.hours, with_vigilance=False).rstrip("\n").split("\n")
        )
        lines.extend(_framework_lines(lot))
        lines.extend(_tranche_lines(lot))
        for point in lot.vigilance:
            lines.append(f"  ! {point}")
    lines.append("")
    lines.append(f"Total des heures d'insertion : {_hours(plan.total_heures)}")
    lines.append("(* instrument retenu par l'acheteur ; ! point de vigilance)")
    lines.append(f"Règles appliquées : {', '.join(plan.rules)}")
    return "\n".join(lines) + "\n"


def _framework_lines(lot: LotPlan) -> list[str]:
    """How the hours of a framework agreement's lot follow the orders (none otherwise)."""
    ac = lot.accord_cadre
    if ac is None:
        return []
    ratio = f"une heure d'insertion pour {_euros(ac.euros_par_heure)} HT"
    if ac.methode == "heure_par_montant_commande":
        lines = [f"  Heures dues selon les commandes : {ratio} commandés (bons de commande)"]
    else:
        lines = [f"  Heures fixées par chaque marché subséquent : {ratio} de son montant"]
    if ac.heures_minimum is not None:
        lines.append(f"    Sur le montant minimum : {_hours(ac.heures_minimum)}")
    if ac.heures_indicatives_maximum is not None:
        lines.append(
            f"    Sur le montant maximum (à titre indicatif) : "
            f"{_hours(ac.heures_indicatives_maximum)}"
        )
    lines.append(
        "    Suivi : "
        + (
            "par bon de commande, état des commandes transmis au facilitateur chaque trimestre"
            if ac.suivi == "par_commande_et_trimestre"
            else "par marché subséquent"
        )
    )
    return lines


def _tranche_lines(lot: LotPlan) -> list[str]:
    """The hours of each tranche of a lot in tranches (none otherwise)."""
    if not lot.tranches:
        return []
    lines = ["  Heures par tranche :"]
    for t in lot.tranches:
        when = (
            "dues avec le marché"
            if t.exigibilite == "ferme"
            else "dues seulement si la tranche est affermie"
        )
        lines.append(
            f"    Tranche {t.type} {t.id} ({_euros(t.montant_estime_ht)} HT) : "
            f"{_hours(t.heures)}, {when}"
        )
    return lines
