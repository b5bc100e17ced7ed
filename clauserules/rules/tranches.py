"""Marchés à tranches : valeur estimée et heures d'insertion par tranche.

Un marché ordinaire peut comporter une tranche ferme et une ou plusieurs tranches
optionnelles (CCP R2113-4) ; le marché définit la consistance, le prix et les modalités
d'exécution de chaque tranche (R2113-5) ; l'exécution d'une tranche optionnelle dépend d'une
décision de l'acheteur notifiée au titulaire, l'affermissement (R2113-6). La valeur estimée
comparée au seuil compte toutes les tranches, optionnelles comprises (R2121-1).

Thème ``tranches`` (voir ``docs/decisions/0069-tranches.md``) : les heures d'insertion du lot
sont réparties par tranche, au prorata du montant estimé de chaque tranche (la formule des
heures est proportionnelle au montant) ; celles d'une tranche optionnelle ne sont dues que si
elle est affermie. Le contenu des articles R2113-4 à R2113-6 est cité sans avoir été
rapproché du texte officiel en vigueur : un point de vigilance le dit à l'acheteur.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import CCP_REGLEMENTAIRE

__all__ = ["RULES", "TOPIC"]

TOPIC = "tranches"

CCP = Validity(date(2019, 4, 1))
"""The CCP articles cited here are in force for consultations launched from 1 April 2019."""

_R2113_4 = cite(CCP_REGLEMENTAIRE, article="R2113-4")
_R2113_5 = cite(CCP_REGLEMENTAIRE, article="R2113-5")
_R2113_6 = cite(CCP_REGLEMENTAIRE, article="R2113-6")
_R2121_1 = cite(CCP_REGLEMENTAIRE, article="R2121-1")

_A_TRANCHES = Fact("technique").eq("ordinaire") & Fact("a_tranches").is_true()

_VERIFIER = (
    "Marché à tranches : vérifier aux articles R2113-4 à R2113-6 du code de la commande "
    "publique, dans leur rédaction en vigueur à la date de lancement, les conditions d'une "
    "tranche ferme et de tranches optionnelles et celles de leur affermissement."
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="tranches.valeur.toutes-tranches",
        title="Marché à tranches : la valeur estimée compte toutes les tranches, optionnelles comprises",
        topic=TOPIC,
        sources=(_R2121_1, _R2113_4),
        validity=CCP,
        when=_A_TRANCHES,
        then={"valeur": "toutes_tranches"},
        interpretations=(
            "Le montant estimé du lot est la somme des montants estimés de ses tranches, "
            "ferme et optionnelles ; les montants des tranches doivent lui être égaux.",
        ),
    ),
    Rule(
        id="tranches.heures.par-tranche",
        title="Marché à tranches : heures d'insertion réparties par tranche",
        topic=TOPIC,
        sources=(_R2113_5,),
        validity=CCP,
        when=_A_TRANCHES,
        then={"heures": "par_tranche"},
        vigilance=(_VERIFIER,),
        interpretations=(
            "Les sources ne donnent pas de règle de répartition des heures : les heures de "
            "chaque tranche sont celles du lot au prorata du montant estimé de la tranche "
            "(la formule des heures est proportionnelle au montant), arrondies chacune.",
        ),
    ),
    Rule(
        id="tranches.heures.optionnelle-si-affermie",
        title="Tranche optionnelle : ses heures d'insertion ne sont dues que si elle est affermie",
        topic=TOPIC,
        sources=(_R2113_6,),
        validity=CCP,
        when=_A_TRANCHES & Fact("tranches_optionnelles").is_true(),
        then={"optionnelle": "si_affermie"},
        vigilance=(
            "Tranches optionnelles : leurs heures d'insertion ne sont dues que si l'acheteur "
            "affermit la tranche ; le CCAP doit répartir les heures par tranche et le "
            "décompte ne retenir que la tranche ferme et les tranches affermies.",
        ),
    ),
)
