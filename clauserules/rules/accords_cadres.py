"""Accords-cadres et contrats mixtes : valeur comparée aux seuils, méthode des heures.

Trois thèmes (voir ``docs/decisions/0065-accords-cadres.md`` et ``0066-nature-par-lot.md``) :

``accords_cadres.valeur``
    Sur quelle valeur le seuil européen, donc l'obligation sociale de l'art. L2112-2-1, est
    apprécié : le montant total payable, options et reconductions comprises (CCP R2121-1) ;
    pour un accord-cadre, la valeur maximale de l'ensemble des commandes ou marchés
    subséquents envisagés pendant sa durée totale (CCP R2121-8). Sans maximum, la valeur
    retenue est l'estimation, avec un point de vigilance (le texte en vigueur doit être
    vérifié : R2162-4 a été modifié pour exiger un maximum).

``accords_cadres.heures``
    Comment les heures d'insertion d'un lot d'accord-cadre sont dues : à bons de commande,
    « une heure pour N € HT commandés », appliquée aux montants effectivement commandés (les
    heures calculées sur le maximum ne sont qu'une indication) ; à marchés subséquents, les
    heures sont fixées par chaque marché subséquent dans le cadre fixé par l'accord-cadre.
    L'activation facultative de la clause, commande par commande ou marché subséquent par
    marché subséquent, est une pratique décrite par l'IGAS (Ugap, Ucanss) : elle est un choix
    de l'acheteur, signalé par une vigilance.

``contrats_mixtes``
    Quand les lots d'une consultation sont de natures différentes, la catégorie du seuil suit
    l'objet principal du contrat (CCP L1111-6 pour travaux et services ou fournitures) ; les
    heures de chaque lot suivent la nature du lot.

Les sources ne donnent pas de règle de calcul des heures sur les commandes (IGAS, synthèse
des pratiques) : la règle « une heure pour N € » reprend le ratio du lot, ce que dit
``interpretations``.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import CCP_LEGISLATIF, CCP_REGLEMENTAIRE
from clauserules.rules.sources.doctrine import DREETS_HDF_2025, IGAS_2016

__all__ = [
    "RULES",
    "TOPIC_HEURES",
    "TOPIC_MIXTES",
    "TOPIC_SUIVI",
    "TOPIC_VALEUR",
]

TOPIC_VALEUR = "accords_cadres.valeur"
TOPIC_HEURES = "accords_cadres.heures"
TOPIC_SUIVI = "accords_cadres.suivi"
TOPIC_MIXTES = "contrats_mixtes"

CCP = Validity(date(2019, 4, 1))
"""The CCP articles cited here are in force for consultations launched from 1 April 2019."""

_AC = Fact("technique").eq("accord_cadre")
_BDC = _AC & Fact("modalite").eq("bons_de_commande")
_MS = _AC & Fact("modalite").eq("marches_subsequents")

_R2121_1 = cite(CCP_REGLEMENTAIRE, article="R2121-1")
_R2121_8 = cite(CCP_REGLEMENTAIRE, article="R2121-8")
_R2162_4 = cite(CCP_REGLEMENTAIRE, article="R2162-4")
_R2162_7 = cite(CCP_REGLEMENTAIRE, article="R2162-7")
_R2162_13 = cite(CCP_REGLEMENTAIRE, article="R2162-13")
_L1111_6 = cite(CCP_LEGISLATIF, article="L1111-6")
_IGAS_OPTIONNELLE = cite(IGAS_2016, "1320-1327")
_IGAS_UGAP = cite(IGAS_2016, "1733-1734")
_IGAS_UCANSS = cite(IGAS_2016, "7576-7578")
_IGAS_INTERMINISTERIEL = cite(IGAS_2016, "7919-7926")
_IGAS_HEURES_MS = cite(IGAS_2016, "7946-7948")
_DREETS_TRIMESTRE = cite(DREETS_HDF_2025, "220-224")

_NO_RULE = (
    "Les sources ne donnent pas de règle de calcul des heures d'un accord-cadre à bons de "
    "commande ; le ratio du lot (une heure pour N € HT) est appliqué aux montants commandés."
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="accords_cadres.valeur.ordinaire",
        title="Valeur d'un marché ordinaire : montant total payable, options et reconductions comprises",
        topic=TOPIC_VALEUR,
        sources=(_R2121_1,),
        validity=CCP,
        when=Fact("technique").eq("ordinaire"),
        then={"base": "estimation"},
        interpretations=(
            "Le montant estimé de chaque lot est compris comme couvrant toute la durée, "
            "tranches optionnelles et reconductions incluses ; à défaut, chaque période est "
            "multipliée par le nombre de périodes.",
        ),
    ),
    Rule(
        id="accords_cadres.valeur.maximum",
        title="Valeur d'un accord-cadre : maximum des commandes sur sa durée totale",
        topic=TOPIC_VALEUR,
        sources=(_R2121_8, _R2121_1),
        validity=CCP,
        when=_AC & Fact("maximum_fixe").is_true(),
        then={"base": "maximum"},
    ),
    Rule(
        id="accords_cadres.valeur.sans-maximum",
        title="Valeur d'un accord-cadre sans maximum : estimation des commandes sur sa durée totale",
        topic=TOPIC_VALEUR,
        sources=(_R2121_8, _R2162_4),
        validity=CCP,
        when=_AC & Fact("maximum_fixe").eq(False),
        then={"base": "estimation"},
        vigilance=(
            "Accord-cadre sans montant maximum pour au moins un lot : vérifier à l'article "
            "R2162-4 du code de la commande publique, dans sa rédaction en vigueur à la date de "
            "lancement, si un maximum doit être fixé, et à l'article R2121-8 comment la valeur "
            "est alors appréciée. La valeur retenue ici est l'estimation des commandes, "
            "reconductions comprises.",
        ),
        interpretations=(
            "Sans maximum, l'estimation des commandes sur la durée totale est retenue ; une "
            "rédaction antérieure de R2121-8 réputait alors la valeur supérieure aux seuils de "
            "procédure formalisée.",
        ),
    ),
    Rule(
        id="accords_cadres.heures.bons-de-commande",
        title="Accord-cadre à bons de commande : une heure d'insertion pour N € HT commandés",
        topic=TOPIC_HEURES,
        sources=(_R2162_13, _DREETS_TRIMESTRE, _IGAS_OPTIONNELLE),
        validity=CCP,
        when=_BDC,
        then={"methode": "heure_par_montant_commande"},
        interpretations=(
            _NO_RULE,
            "Les heures calculées sur le maximum (et sur le minimum, s'il existe) sont données "
            "à titre indicatif ; seules les heures des commandes émises sont dues.",
        ),
    ),
    Rule(
        id="accords_cadres.heures.marches-subsequents",
        title="Accord-cadre à marchés subséquents : heures fixées par chaque marché subséquent",
        topic=TOPIC_HEURES,
        sources=(_R2162_7, _IGAS_INTERMINISTERIEL, _IGAS_HEURES_MS),
        validity=CCP,
        when=_MS,
        then={"methode": "fixees_par_marche_subsequent"},
        interpretations=(
            "L'accord-cadre fixe la clause et la règle de calcul (le ratio du lot) ; chaque "
            "marché subséquent fixe le nombre d'heures à réaliser sur son propre montant.",
        ),
    ),
    Rule(
        id="accords_cadres.heures.activation-optionnelle",
        title="Activation facultative de la clause, commande par commande ou marché subséquent",
        topic=TOPIC_HEURES,
        sources=(_IGAS_OPTIONNELLE, _IGAS_UGAP, _IGAS_UCANSS),
        validity=CCP,
        when=_AC & Fact("activation_optionnelle").is_true(),
        then={"activation": "optionnelle"},
        vigilance=(
            "Clause activée au cas par cas : le bon de commande ou le marché subséquent doit "
            "dire s'il active la clause et le nombre d'heures qu'il fixe ; seules ces heures "
            "sont dues et suivies.",
        ),
    ),
    Rule(
        id="accords_cadres.suivi.commandes-trimestre",
        title="Accord-cadre à bons de commande : état des commandes transmis au facilitateur chaque trimestre",
        topic=TOPIC_SUIVI,
        sources=(_DREETS_TRIMESTRE,),
        validity=CCP,
        when=_BDC,
        then={"suivi": "par_commande_et_trimestre"},
    ),
    Rule(
        id="accords_cadres.suivi.marche-subsequent",
        title="Accord-cadre à marchés subséquents : suivi par marché subséquent",
        topic=TOPIC_SUIVI,
        sources=(_IGAS_INTERMINISTERIEL, _IGAS_HEURES_MS),
        validity=CCP,
        when=_MS,
        then={"suivi": "par_marche_subsequent"},
    ),
    Rule(
        id="contrats_mixtes.objet-principal",
        title="Lots de natures différentes : le seuil suit l'objet principal du contrat",
        topic=TOPIC_MIXTES,
        sources=(_L1111_6,),
        validity=CCP,
        when=Fact("natures_lots_differentes").is_true(),
        then={"categorie": "objet_principal"},
        vigilance=(
            "Lots de natures différentes : la catégorie du seuil européen suit l'objet "
            "principal du contrat, déclaré par la nature de la consultation ({nature}). "
            "Vérifier ce choix au regard de l'article L1111-6 du code de la commande "
            "publique (et, pour un contrat mixte, des articles L1311-1 et suivants).",
        ),
        interpretations=(
            "La nature déclarée de la consultation est l'objet principal ; chaque lot garde "
            "sa propre nature pour la part de main-d'œuvre et la rédaction.",
        ),
    ),
    Rule(
        id="contrats_mixtes.travaux-minoritaires",
        title="Objet principal travaux, mais lots de travaux minoritaires en valeur",
        topic=TOPIC_MIXTES,
        sources=(_L1111_6,),
        validity=CCP,
        when=Fact("natures_lots_differentes").is_true()
        & Fact("nature").eq("travaux")
        & Fact("travaux_majoritaires").eq(False),
        then={"categorie": "a_verifier"},
        vigilance=(
            "La consultation est déclarée de travaux alors que les lots de travaux représentent "
            "moins de la moitié de la valeur : vérifier que les travaux en sont bien l'objet "
            "principal (article L1111-6 du code de la commande publique), sinon le seuil des "
            "fournitures et services s'applique.",
        ),
    ),
)
"""The rules of the framework agreements and of the lots of different natures."""
