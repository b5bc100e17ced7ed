"""Choix de l'article : instruments d'insertion, régime applicable, interdictions, obligation.

Le régime est celui de la **date de lancement** de la consultation (consultation engagée
ou avis d'appel à la concurrence envoyé à la publication) :

* marchés : Code des marchés publics 2006 (du 1er septembre 2006 au 31 mars 2016),
  ordonnance n° 2015-899 et décret n° 2016-360 (du 1er avril 2016 au 31 mars 2019),
  Code de la commande publique (depuis le 1er avril 2019) ;
* concessions : ordonnance n° 2016-65 (du 1er avril 2016 au 31 mars 2019), puis CCP
  (troisième partie). Les concessions lancées avant le 1er avril 2016 ne sont pas couvertes.

**Un instrument = un id de règle**, une version par état du droit, qui donne son article
(``then["article"]``) et son statut de base : ``autorise``, ou ``interdit`` quand le régime
ne le prévoit pas (SIAE sous le CMP, réservation conjointe avant la loi ASAP…). Des règles
**modificatrices** rendent un instrument ``interdit`` dans un cas (défense, durée, nature),
``obligatoire`` (condition d'exécution sociale au-delà des seuils européens, à partir du
21 août 2026), ou enregistrent une **exception** motivée. Le service
(:mod:`clauserules.plan`) combine : interdit > obligatoire > autorisé ; l'exception motivée
lève l'obligation et devient un point de vigilance.

Faits lus (par lot, indépendants du régime) : ``contrat``, ``nature``, ``type_acheteur``,
``defense_securite``, ``services_sociaux_specifiques``, ``duree_mois``,
``valeur_estimee_ge_seuil`` (valeur estimée du contrat entier ≥ seuil européen ; absent
quand aucun seuil n'est tabulé), ``exception_obligation_sociale`` (motif ou ``aucune``),
``preferences`` (instruments retenus par l'acheteur pour le lot). Thème ``articles.spaser`` :
``type_acheteur``, ``achats_annuels_ht_centimes``.
"""

from __future__ import annotations

from clauserules.core.rulebase import Rule
from clauserules.rules.articles import (
    autre_condition_sociale,
    condition_execution,
    critere_attribution,
    defense,
    interdictions,
    marche_insertion,
    obligation_sociale,
    regimes,
    reservations,
    spaser,
)
from clauserules.rules.articles.commun import (
    CCP,
    CMP,
    COUVERTURE_MARCHES,
    ENTREE_CCP,
    ENTREE_ORDONNANCES,
    LOI_ASAP_EFFET,
    OBLIGATION_SOCIALE,
    OBLIGATION_SOCIALE_DECRET,
    ORD,
    ORD_CONCESSIONS,
    PROPORTION_DETENUS,
    RESERVATION_DETENUS,
    TOPIC,
    TOPIC_SPASER,
    Effet,
)
from clauserules.rules.articles.spaser import (
    SPASER_50M,
    SPASER_50M_DEBUT,
    SPASER_100M,
    SPASER_DEBUT,
    SPASER_TOUS_ACHETEURS,
)

__all__ = [
    "CCP",
    "CMP",
    "CONCESSION_RULES",
    "COUVERTURE_MARCHES",
    "ENTREE_CCP",
    "ENTREE_ORDONNANCES",
    "INSTRUMENT_RULES",
    "LOI_ASAP_EFFET",
    "MARCHE_RULES",
    "OBLIGATION_RULES",
    "OBLIGATION_SOCIALE",
    "OBLIGATION_SOCIALE_DECRET",
    "ORD",
    "ORD_CONCESSIONS",
    "PROHIBITION_RULES",
    "PROPORTION_DETENUS",
    "REGIME_RULES",
    "RESERVATION_DETENUS",
    "RULES",
    "SPASER_50M",
    "SPASER_50M_DEBUT",
    "SPASER_100M",
    "SPASER_DEBUT",
    "SPASER_RULES",
    "SPASER_TOUS_ACHETEURS",
    "TOPIC",
    "TOPIC_SPASER",
    "Effet",
]

REGIME_RULES: tuple[Rule, ...] = regimes.RULES
MARCHE_RULES: tuple[Rule, ...] = (
    condition_execution.MARCHE_RULES
    + critere_attribution.MARCHE_RULES
    + reservations.MARCHE_RULES
    + marche_insertion.MARCHE_RULES
    + autre_condition_sociale.MARCHE_RULES
)
CONCESSION_RULES: tuple[Rule, ...] = (
    condition_execution.CONCESSION_RULES
    + critere_attribution.CONCESSION_RULES
    + reservations.CONCESSION_RULES
    + marche_insertion.CONCESSION_RULES
    + autre_condition_sociale.CONCESSION_RULES
)
INSTRUMENT_RULES: tuple[Rule, ...] = MARCHE_RULES + CONCESSION_RULES
"""The base version of each instrument, by contract type and state of the law."""
PROHIBITION_RULES: tuple[Rule, ...] = interdictions.RULES + reservations.CUMUL_RULES + defense.RULES
OBLIGATION_RULES: tuple[Rule, ...] = obligation_sociale.RULES
SPASER_RULES: tuple[Rule, ...] = spaser.RULES
RULES: tuple[Rule, ...] = (
    REGIME_RULES + INSTRUMENT_RULES + PROHIBITION_RULES + OBLIGATION_RULES + SPASER_RULES
)
"""Every rule of the topics ``articles`` and ``articles.spaser``, in the order of the base."""
