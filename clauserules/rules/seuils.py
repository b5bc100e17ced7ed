"""Seuils européens de procédure, paramètres datés par période, catégorie d'acheteur et nature.

Les seuils changent tous les deux ans au 1er janvier des années paires (règlements délégués
de la Commission, repris dans l'avis annexé au CCP, annexe 2) ; ils s'appliquent aux
consultations lancées pendant la période. Chaque catégorie est un :class:`Parameter`
lu dans ``parametres/seuils/europeens/<categorie>.yaml`` : une valeur par période, sa
référence, et ``incertain: true`` pour une valeur non vérifiée (aucune depuis l'audit de
novembre 2026, ADR 0053).

Le choix de la catégorie (acheteur central ou non, entité adjudicatrice, défense,
services sociaux et spécifiques, travaux et concessions) est fait par les règles du thème
``seuils`` ci-dessous, évaluées sur les faits ``contrat``, ``nature``, ``type_acheteur``,
``defense_securite`` et ``services_sociaux_specifiques``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from clauserules.core.expr import Expr, Fact
from clauserules.core.parameters import Parameter, Period, load_parameters
from clauserules.core.rulebase import Rule, Validity
from clauserules.rules.sources import CATALOGUE, cite
from clauserules.rules.sources.codes import CCP_LEGISLATIF
from clauserules.vocabulaire import CategorieSeuil

TOPIC = "seuils"

_LOADED = load_parameters(
    Path(__file__).with_name("parametres") / "seuils", CATALOGUE, namespace="seuils"
)

SEUILS: dict[CategorieSeuil, Parameter] = {
    categorie: _LOADED[f"seuils.europeens.{categorie.value.replace('_', '-')}"]
    for categorie in CategorieSeuil
}
"""The threshold parameter of each category, read from ``parametres/seuils/europeens/``."""

PARAMETERS: dict[str, Parameter] = {p.id: p for p in SEUILS.values()}


def seuil(categorie: CategorieSeuil, day: date) -> Period | None:
    """The European threshold of ``categorie`` for a consultation launched on ``day``."""
    return SEUILS[categorie].at(day)


# --- Choice of the category (rules) -----------------------------------------------------

COVERAGE = Validity(date(2016, 1, 1))
_AVIS = cite(CCP_LEGISLATIF, article="L2124-1 et avis annexé (annexe 2) relatif aux seuils")
_FCS = ("fournitures", "services", "prestations_intellectuelles")
_POUVOIRS_NON_CENTRAUX = (
    "collectivite",
    "etablissement_public",
    "etablissement_sante",
    "bailleur_social",
    "autre",
)
_NON_SSS = Fact("services_sociaux_specifiques").eq(False)
_NON_DEFENSE = Fact("defense_securite").eq(False)
_MARCHE = Fact("contrat").eq("marche")


def _rule(
    name: str,
    title: str,
    when: Expr,
    categorie: CategorieSeuil,
    *,
    interpretations: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=f"seuils.categorie.{name}",
        title=title,
        topic=TOPIC,
        sources=(_AVIS,),
        validity=COVERAGE,
        when=when,
        then={"categorie": categorie.value},
        interpretations=interpretations,
    )


RULES: tuple[Rule, ...] = (
    _rule(
        "travaux-concessions",
        "Travaux et contrats de concession : seuil des travaux",
        Fact("contrat").eq("concession") | (_MARCHE & Fact("nature").eq("travaux")),
        CategorieSeuil.TRAVAUX_CONCESSIONS,
    ),
    _rule(
        "services-sociaux",
        "Services sociaux et autres services spécifiques d'un pouvoir adjudicateur",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & Fact("services_sociaux_specifiques").is_true()
        & Fact("type_acheteur").one_of("etat", *_POUVOIRS_NON_CENTRAUX),
        CategorieSeuil.SERVICES_SOCIAUX,
        interpretations=(
            "Pour l'obligation de l'art. L2112-2-1, le seuil des services sociaux et "
            "spécifiques (750 000 €) est retenu pour ces services : point non tranché par "
            "une source.",
        ),
    ),
    _rule(
        "services-sociaux-ea",
        "Services sociaux et autres services spécifiques d'une entité adjudicatrice",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & Fact("services_sociaux_specifiques").is_true()
        & Fact("type_acheteur").eq("entite_adjudicatrice"),
        CategorieSeuil.SERVICES_SOCIAUX_EA,
    ),
    _rule(
        "fcs-central",
        "Fournitures et services de l'État (autorité publique centrale)",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & _NON_SSS
        & _NON_DEFENSE
        & Fact("type_acheteur").eq("etat"),
        CategorieSeuil.FCS_CENTRAL,
    ),
    _rule(
        "fcs-autres",
        "Fournitures et services des autres pouvoirs adjudicateurs",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & _NON_SSS
        & _NON_DEFENSE
        & Fact("type_acheteur").one_of(*_POUVOIRS_NON_CENTRAUX),
        CategorieSeuil.FCS_AUTRES,
        interpretations=(
            "Les établissements publics, de santé, bailleurs sociaux et autres acheteurs sont "
            "rangés parmi les pouvoirs adjudicateurs non centraux ; un établissement public "
            "de l'État figurant sur la liste des autorités centrales relève du seuil central.",
        ),
    ),
    _rule(
        "fcs-ea-defense",
        "Fournitures et services d'une entité adjudicatrice, ou marché de défense ou de sécurité",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & _NON_SSS
        & (Fact("type_acheteur").eq("entite_adjudicatrice") | Fact("defense_securite").is_true()),
        CategorieSeuil.FCS_EA_DEFENSE,
    ),
)
