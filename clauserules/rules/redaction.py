"""Règles de rédaction des pièces de la consultation (RC, CCAP) pour la clause d'insertion.

Ces règles ne disent pas quel instrument choisir (c'est le plan de la consultation,
``articles``) : elles disent **ce que les pièces doivent contenir ou ne pas contenir**, d'après
les sources (seeds_digest §6.6, règles G1 à G12) :

* les coordonnées du facilitateur ne figurent dans les pièces qu'avec son accord préalable
  (001_cadb1215ce1c2783.txt:282) ;
* sous une condition d'exécution, les modalités de réalisation sont proposées, jamais
  imposées (003_7f42dc19c6252b60.txt:555-558) ;
* le CCAP fixe les heures, les publics, l'accompagnement, le suivi, le contrôle, les
  sanctions et la conduite à tenir en cas de difficulté (003_7f42dc19c6252b60.txt:1636-1659) ;
* les règles de décompte (24 mois et cas particuliers) et la globalisation ne s'appliquent
  que si elles sont écrites dans le CCAP (003_7f42dc19c6252b60.txt:8234-8235, 8326-8327) ;
* les CCAG de 2021 comportent une clause d'insertion que les documents particuliers
  complètent (arrêtés du 30 mars 2021).

Faits (calculés par :mod:`clauserules.documents.redaction` à partir du plan) : ``consentement_publication``
(booléen du facilitateur), ``condition_execution`` (une condition d'exécution est retenue
pour au moins un lot), ``clause`` (au moins un lot porte une clause d'insertion),
``penalite_definie`` (l'acheteur a fixé un montant par heure manquante), ``ccag`` (code du
CCAG de référence), ``globalisation`` (variante choisie, ``aucune`` sinon).
"""

from __future__ import annotations

from datetime import date

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.doctrine import (
    AVE_RECUEIL_2014,
    CCAG_2021,
    DAJ_POSITION_2016,
    DREETS_HDF_2025,
    IGAS_2016,
    PAS_DE_CALAIS_DIFFICULTES,
)

TOPIC = "documents"

CCAG_2021_START = date(2021, 4, 1)
START = date(2006, 8, 1)
"""Le Code des marchés publics de 2006 ouvre la couverture de la base (art. 14)."""

_CCAG_LABELS = {
    "travaux": "CCAG applicable aux marchés publics de travaux (CCAG-Travaux)",
    "fcs": "CCAG applicable aux marchés publics de fournitures courantes et de services (CCAG-FCS)",
    "pi": "CCAG applicable aux marchés publics de prestations intellectuelles (CCAG-PI)",
    "tic": (
        "CCAG applicable aux marchés publics de techniques de l'information et de la "
        "communication (CCAG-TIC)"
    ),
    "mi": "CCAG applicable aux marchés publics industriels (CCAG-MI)",
    "moe": "CCAG applicable aux marchés publics de maîtrise d'œuvre (CCAG-MOE)",
}


CCAG_CODES: tuple[str, ...] = tuple(_CCAG_LABELS)
"""Codes of the CCAG of 2021 (``travaux``, ``fcs``, ``pi``, ``tic``, ``mi``, ``moe``)."""


def ccag_label(code: str) -> str:
    """Full French name of a CCAG by its code (``travaux``, ``fcs``…)."""
    return _CCAG_LABELS[code]


def _ccag_rule(code: str) -> Rule:
    article = (
        "16.1"
        if code == "tic"
        else "« Développement durable », sous-article « Clause d'insertion sociale »"
    )
    vigilance = (
        ()
        if code == "tic"
        else (
            "Le numéro de l'article « Clause d'insertion sociale » du "
            + code.upper()
            + " 2021 n'a pas été vérifié sur le texte consolidé : le contrôler avant "
            "publication et, le cas échéant, le préciser au CCAP.",
        )
    )
    return Rule(
        id=f"documents.ccag-2021.{code}",
        title=f"Le CCAP complète la clause d'insertion sociale du {_CCAG_LABELS[code]} de 2021",
        topic=TOPIC,
        sources=(cite(CCAG_2021, article=article),),
        validity=Validity(CCAG_2021_START),
        when=Fact("clause").is_true() & Fact("ccag").eq(code),
        then={"ccag": code, "article": article},
        vigilance=vigilance,
        interpretations=(
            "Le CCAG ne s'applique que si les documents particuliers s'y réfèrent ; le CCAP "
            "précise au moins le périmètre de l'action, les publics, le volume horaire et, le "
            "cas échéant, les coordonnées du facilitateur.",
        ),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        id="documents.facilitateur.coordonnees",
        title="Coordonnées du facilitateur publiées avec son accord préalable",
        topic=TOPIC,
        sources=(cite(DREETS_HDF_2025, "280-282"),),
        validity=Validity(START),
        when=Fact("consentement_publication").eq(True),
        then={"facilitateur": "coordonnees"},
        vigilance=("Conserver la trace de l'accord du facilitateur à la publication.",),
    ),
    Rule(
        id="documents.facilitateur.mention-neutre",
        title="Sans accord du facilitateur, mention neutre du dispositif d'accompagnement",
        topic=TOPIC,
        sources=(cite(DREETS_HDF_2025, "280-282"),),
        validity=Validity(START),
        when=Fact("consentement_publication").eq(False),
        then={"facilitateur": "mention_neutre"},
        interpretations=(
            "Les pièces indiquent qu'un dispositif d'accompagnement existe et que ses "
            "coordonnées sont communiquées au titulaire, sans nommer le facilitateur.",
        ),
    ),
    Rule(
        id="documents.modalites.au-choix",
        title=(
            "Sous une condition d'exécution, les modalités de réalisation sont proposées "
            "au titulaire, jamais imposées"
        ),
        topic=TOPIC,
        sources=(
            cite(IGAS_2016, "555-558"),
            cite(IGAS_2016, "1450-1453"),
            cite(IGAS_2016, "2771-2778"),
        ),
        validity=Validity(START),
        when=Fact("condition_execution").is_true(),
        then={"modalites": "au_choix"},
    ),
    Rule(
        id="documents.ccap.contenu",
        title=(
            "Le CCAP fixe les heures par lot, les publics, les modalités possibles, "
            "l'accompagnement, le suivi, le contrôle et les sanctions"
        ),
        topic=TOPIC,
        sources=(cite(IGAS_2016, "1636-1659"), cite(DREETS_HDF_2025, "203-256")),
        validity=Validity(START),
        when=Fact("clause").is_true(),
        then={"ccap": "complet"},
    ),
    Rule(
        id="documents.controle.acheteur",
        title="Le contrôle de l'exécution de la clause incombe à l'acheteur",
        topic=TOPIC,
        sources=(cite(IGAS_2016, "3919-3927"), cite(IGAS_2016, "4149-4150")),
        validity=Validity(START),
        when=Fact("clause").is_true(),
        then={"controle": "acheteur"},
        interpretations=(
            "Le facilitateur recueille les justificatifs et évalue la mise en œuvre ; la "
            "constatation d'un manquement et la sanction relèvent de l'acheteur.",
        ),
    ),
    Rule(
        id="documents.penalites.par-heure",
        title="Pénalité par heure d'insertion non réalisée, au montant fixé par l'acheteur",
        topic=TOPIC,
        sources=(cite(IGAS_2016, "1652-1654"), cite(IGAS_2016, "3919-3927")),
        validity=Validity(START),
        when=Fact("clause").is_true() & Fact("penalite_definie").eq(True),
        then={"penalites": "par_heure"},
        interpretations=(
            "Aucune source ne fixe de montant : le montant par heure est celui que "
            "l'acheteur choisit et inscrit au CCAP.",
        ),
    ),
    Rule(
        id="documents.penalites.sans-montant",
        title=(
            "Sans montant fixé par l'acheteur, le CCAP porte un emplacement « [montant] € par "
            "heure non réalisée » que l'acheteur complète avant publication"
        ),
        topic=TOPIC,
        sources=(cite(IGAS_2016, "1652-1654"),),
        validity=Validity(START),
        when=Fact("clause").is_true() & Fact("penalite_definie").eq(False),
        then={"penalites": "sans_montant"},
        vigilance=(
            "Aucun montant de pénalité par heure non réalisée n'a été fixé : compléter "
            "l'emplacement « [montant] € par heure non réalisée » de l'article « Pénalités » "
            "du CCAP (option documents.penalite_par_heure) avant de publier la consultation.",
        ),
    ),
    Rule(
        id="documents.difficultes.proratisation",
        title=(
            "En cas d'activité partielle ou de licenciement économique, les heures dues sont "
            "proratisées sur la période concernée"
        ),
        topic=TOPIC,
        sources=(cite(PAS_DE_CALAIS_DIFFICULTES, "6175-6200"), cite(IGAS_2016, "3742-3745")),
        validity=Validity(START),
        when=Fact("clause").is_true(),
        then={"difficultes": "proratisation"},
        interpretations=(
            "La formule imprimée dans la source est erronée ; on retient heures dues × "
            "(durée d'exécution − durée de la difficulté) ÷ durée d'exécution (12 mois, "
            "1 000 h, 6 mois de difficulté : 500 h).",
        ),
    ),
    Rule(
        id="documents.decompte.regles-ave",
        title=(
            "Règles de décompte inscrites au CCAP : éligibilité pendant 24 mois, cas "
            "particuliers du CDI et des marchés longs, heures de formation"
        ),
        topic=TOPIC,
        sources=(cite(AVE_RECUEIL_2014, "8294-8332"), cite(DAJ_POSITION_2016, "3764-3768")),
        validity=Validity(AVE_RECUEIL_2014.date or START),
        when=Fact("clause").is_true(),
        then={"decompte": "ave-2014"},
        vigilance=(
            "La DAJ admet une durée d'éligibilité si elle figure au CCAP, sans avoir validé "
            "expressément les durées de 24 et 12 mois.",
        ),
    ),
    Rule(
        id="documents.globalisation.ave-2014",
        title="Globalisation des heures, rédaction du recueil AVE (demande au facilitateur)",
        topic=TOPIC,
        variant=None,
        sources=(cite(AVE_RECUEIL_2014, "8240-8270"), cite(DAJ_POSITION_2016, "3760-3762")),
        validity=Validity(AVE_RECUEIL_2014.date or START),
        when=Fact("clause").is_true() & Fact("globalisation").eq("ave-2014"),
        then={"globalisation": "ave-2014"},
    ),
    Rule(
        id="documents.globalisation.igas-2016",
        title="Globalisation des heures, rédaction alternative de l'IGAS (demande aux acheteurs)",
        topic=TOPIC,
        sources=(cite(IGAS_2016, "8272-8292"), cite(DAJ_POSITION_2016, "3760-3762")),
        validity=Validity(IGAS_2016.date or START),
        when=Fact("clause").is_true() & Fact("globalisation").eq("igas-2016"),
        then={"globalisation": "igas-2016"},
    ),
    *(_ccag_rule(code) for code in _CCAG_LABELS),
)
