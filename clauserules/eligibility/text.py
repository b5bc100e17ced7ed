"""An eligibility decision in JSON (documented keys first) and in French text."""

from __future__ import annotations

from typing import Any

from clauserules import _fr
from clauserules.eligibility.output import EligibilityDecision
from clauserules.vocabulaire import Critere, Referentiel, StructureIae

__all__ = ["eligibility_json", "eligibility_text"]

_FIRST_KEYS = (
    "personne",
    "eligible",
    "outcome",
    "referential",
    "at",
    "criteria",
    "prioritaire",
    "anru_qpv",
    "structure_iae",
    "structures_iae",
    "complet",
    "rules",
    "sources",
    "missing",
    "vigilance",
)

_OUTCOME_FR = {"eligible": "éligible", "non_eligible": "non éligible", "indetermine": "indéterminé"}


def eligibility_json(decision: EligibilityDecision) -> dict[str, Any]:
    """The JSON object of an eligibility decision (documented keys first)."""
    data = decision.model_dump(mode="json")
    return {
        **{k: data[k] for k in _FIRST_KEYS},
        **{k: v for k, v in data.items() if k not in _FIRST_KEYS},
    }


def eligibility_text(decision: EligibilityDecision) -> str:
    """A French, human-readable rendering of an eligibility decision."""
    who = f"Personne {decision.personne}" if decision.personne else "Personne"
    ref = Referentiel(decision.referential)
    lines = [
        f"{who} — {_OUTCOME_FR[decision.outcome]} au {_fr.date_courte(decision.at)}",
        f"  Référentiel : {ref.value} ({ref.label})",
    ]
    if decision.criteria:
        met = ", ".join(f"{Critere(c).label} [{c}]" for c in decision.criteria)
        lines.append(f"  Critères remplis : {met}")
    else:
        lines.append("  Critères remplis : aucun")
    if decision.prioritaire is not None:
        lines.append(
            f"  Public prioritaire de l'acheteur : {'oui' if decision.prioritaire else 'non'}"
        )
    if decision.structure_iae is not None:
        kind = StructureIae(decision.structure_iae)
        lines.append(f"  Structure : {kind.label} [{kind.value}]")
    elif decision.structures_iae is not None:
        kinds = [StructureIae(k) for k in decision.structures_iae]
        found = ", ".join(f"{k.label} [{k.value}]" for k in kinds) or "aucune"
        lines.append(f"  Structures où la personne est éligible : {found}")
    if decision.complet:
        lines.append("  Dossier déclaré complet : un champ absent vaut « non »")
    if decision.anru_qpv is not None:
        lines.append(f"  Résidence en QPV (ANRU) : {'oui' if decision.anru_qpv else 'non'}")
    if decision.missing:
        lines.append(f"  Informations manquantes : {', '.join(decision.missing)}")
    if decision.vigilance:
        lines.append("  Points de vigilance :")
        lines.extend(f"    - {point}" for point in decision.vigilance)
    lines.append(f"  Règles appliquées : {', '.join(decision.rules) or '(aucune)'}")
    lines.append("  Sources :")
    lines.extend(f"    - {s.citation}" for s in decision.sources)
    return "\n".join(lines) + "\n"
