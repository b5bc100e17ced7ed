"""Paramètres du calcul des heures d'insertion, et minimums de l'ANRU.

Le calcul pratiqué (IGAS, 003_7f42dc19c6252b60.txt:1916-1935) :

    heures = montant estimé HT × part de main-d'œuvre ÷ coût horaire × taux d'insertion

soit 1 200 000 € × 40 % ÷ 30 €/h × 5 % = 800 h. Les valeurs par défaut sont des
**paramètres datés** (:class:`~clauserules.core.parameters.Parameter`, fichiers
``parametres/heures/*.yaml``) et non des règles : ce sont
des nombres de la pratique, sans condition, que l'acheteur remplace lot par lot. Les minimums
de l'ANRU, eux, dépendent du financement de l'opération et de la charte en vigueur : ce
sont des **règles** du thème ``heures.anru`` dont la conclusion porte le taux minimum, lu
dans ``parametres/anru/*.yaml`` au début de chaque version de la règle
(voir ``docs/decisions/0011-heures-parametres-et-arrondi.md``).

Arrondi (une seule règle) : le nombre d'heures est arrondi à l'heure entière la plus
proche, la demi-heure étant arrondie vers le haut (``ROUND_HALF_UP``), une seule fois, à la
fin du calcul ; les étapes intermédiaires sont exactes.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from clauserules.core.expr import Fact
from clauserules.core.parameters import Parameter, load_parameters
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.sources import CATALOGUE

TOPIC_ANRU = "heures.anru"

HOURS_QUANTUM = Decimal("1")
HOURS_ROUNDING = ROUND_HALF_UP
ROUNDING_RULE = (
    "arrondi à l'heure entière la plus proche, la demi-heure vers le haut (ROUND_HALF_UP), "
    "une seule fois en fin de calcul"
)

_LOADED = load_parameters(
    Path(__file__).with_name("parametres") / "heures", CATALOGUE, namespace="heures"
)

PART_MAIN_OEUVRE: dict[str, Parameter] = {
    nature: _LOADED[f"heures.part-main-oeuvre.{nature.replace('_', '-')}"]
    for nature in ("travaux", "services", "fournitures", "prestations_intellectuelles")
}
"""Default labour share of the price, by nature of the purchase."""

TAUX_INSERTION = _LOADED["heures.taux-insertion"]
"""Default share of the worked hours reserved to insertion."""
COUT_HORAIRE = _LOADED["heures.cout-horaire"]
"""Default hourly cost of labour."""

PARAMETERS: dict[str, Parameter] = {
    p.id: p for p in (*PART_MAIN_OEUVRE.values(), TAUX_INSERTION, COUT_HORAIRE)
}
"""The default parameters of the hours (``parametres/heures/``, one YAML file each)."""


def round_hours(value: Decimal) -> Decimal:
    """The one rounding rule for hours (see the module docstring)."""
    return value.quantize(HOURS_QUANTUM, rounding=HOURS_ROUNDING)


# --- ANRU minimums (rules) --------------------------------------------------------------

ANRU: dict[str, Parameter] = load_parameters(
    Path(__file__).with_name("parametres") / "anru", CATALOGUE, namespace="anru"
)
"""The ANRU rates (``parametres/anru/``), read by the rules below at the start of each version."""

PNRU = Validity(date(2005, 5, 1), date(2015, 3, 24))
"""Launch dates read for a PNRU operation when the programme is not given (ADR 0052)."""
PNRU_OPERATIONS = Validity(date(2005, 5, 1))
"""The PNRU charter governs the operations of its conventions whatever the launch date."""
NPNRU = Validity(date(2015, 3, 24), date(2025, 1, 1))
APRES_2024 = Validity(date(2025, 1, 1))


def _taux(parameter: str, validity: Validity) -> str | None:
    """The rate ``anru.<parameter>`` in force when ``validity`` starts, as a string."""
    period = ANRU[f"anru.{parameter}"].at(validity.start)
    return None if period is None else str(period.value)


def _references(parameter: str, validity: Validity) -> tuple[Citation, ...]:
    """The references of the rate ``anru.<parameter>`` the rule version reads."""
    return ANRU[f"anru.{parameter}"].require(validity.start).sources


_INVESTISSEMENT = Fact("financement_anru").eq("investissement")
_GUP = Fact("financement_anru").eq("gestion_urbaine_proximite")
_PNRU = Fact("programme_anru").eq("pnru")
_NPNRU = Fact("programme_anru").eq("npnru")
_VIGILANCE_U9 = (
    "La charte nationale d'insertion de l'ANRU couvre 2014-2024 : vérifier la charte ou la "
    "convention de renouvellement urbain applicable à l'opération après 2024."
)
_QPV = (
    "Les heures minimales de l'ANRU sont réservées aux habitants des quartiers prioritaires "
    "éloignés de l'emploi (charte, § 3.2)."
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="heures.anru.pnru.investissement",
        title="Opération d'investissement du PNRU : au moins 5 % des heures travaillées",
        topic=TOPIC_ANRU,
        sources=_references("taux-investissement", PNRU),
        validity=PNRU_OPERATIONS,
        when=_INVESTISSEMENT & _PNRU,
        then={"taux_minimum": _taux("taux-investissement", PNRU), "base": "heures_travaillees"},
        interpretations=(
            "Charte du PNRU : 5 % du nombre total d'heures travaillées dans les travaux "
            "d'investissement financés par l'agence, pour les habitants des ZUS.",
        ),
    ),
    Rule(
        id="heures.anru.investissement",
        title="Opération d'investissement financée par l'ANRU : au moins 5 % des heures travaillées",
        topic=TOPIC_ANRU,
        sources=_references("taux-investissement", NPNRU),
        validity=NPNRU,
        when=_INVESTISSEMENT & _NPNRU,
        then={"taux_minimum": _taux("taux-investissement", NPNRU), "base": "heures_travaillees"},
        vigilance=(_QPV,),
        interpretations=(
            "Les opérations comprennent les travaux et l'ingénierie nécessaire aux travaux.",
        ),
    ),
    Rule(
        id="heures.anru.investissement",
        title="Opération d'investissement financée par l'ANRU : au moins 5 % des heures travaillées",
        topic=TOPIC_ANRU,
        sources=_references("taux-investissement", APRES_2024),
        validity=APRES_2024,
        when=_INVESTISSEMENT & _NPNRU,
        then={
            "taux_minimum": _taux("taux-investissement", APRES_2024),
            "base": "heures_travaillees",
        },
        vigilance=(_QPV, _VIGILANCE_U9),
        interpretations=(
            "Les opérations comprennent les travaux et l'ingénierie nécessaire aux travaux.",
            "La charte 2014-2024 est tenue pour applicable après 2024 faute de texte la "
            "remplaçant connu (vérifier la charte ou la convention de l'opération).",
        ),
    ),
    Rule(
        id="heures.anru.pnru.gestion-urbaine",
        title="Gestion urbaine de proximité (PNRU) : 10 % des embauches, objectif non exprimé en heures",
        topic=TOPIC_ANRU,
        sources=_references("taux-embauches-gestion-urbaine", PNRU),
        validity=PNRU_OPERATIONS,
        when=_GUP & _PNRU,
        then={
            "base": "embauches",
            "taux_embauches": _taux("taux-embauches-gestion-urbaine", PNRU),
        },
        vigilance=(
            "Charte du PNRU : l'objectif de 10 % porte sur les embauches liées à la gestion "
            "urbaine de proximité, pas sur les heures ; aucun minimum d'heures n'est calculé : "
            "fixer dans le marché un objectif d'embauches conforme à la convention de "
            "l'opération.",
        ),
    ),
    Rule(
        id="heures.anru.gestion-urbaine",
        title="Gestion urbaine de proximité financée par l'ANRU : au moins 10 % des heures travaillées",
        topic=TOPIC_ANRU,
        sources=_references("taux-gestion-urbaine", NPNRU),
        validity=NPNRU,
        when=_GUP & _NPNRU,
        then={"taux_minimum": _taux("taux-gestion-urbaine", NPNRU), "base": "heures_travaillees"},
        vigilance=(_QPV,),
    ),
    Rule(
        id="heures.anru.gestion-urbaine",
        title="Gestion urbaine de proximité financée par l'ANRU : au moins 10 % des heures travaillées",
        topic=TOPIC_ANRU,
        sources=_references("taux-gestion-urbaine", APRES_2024),
        validity=APRES_2024,
        when=_GUP & _NPNRU,
        then={
            "taux_minimum": _taux("taux-gestion-urbaine", APRES_2024),
            "base": "heures_travaillees",
        },
        vigilance=(_QPV, _VIGILANCE_U9),
        interpretations=(
            "La charte 2014-2024 est tenue pour applicable après 2024 faute de texte la "
            "remplaçant connu (vérifier la charte ou la convention de l'opération).",
        ),
    ),
)
