"""Durée d'éligibilité et comptage des heures d'insertion d'un parcours.

Le recueil des fondamentaux de l'AVE (décembre 2014, cité par l'IGAS, annexe 10) propose
une règle générale — la personne recrutée en application d'une clause reste éligible
vingt-quatre mois à compter de sa première embauche, sous réserve de la revue annuelle du
parcours — et deux cas particuliers (CDI signé la deuxième année ; marché de plus de deux
ans), ainsi que le comptage des heures de formation de certains contrats
(003_7f42dc19c6252b60.txt:8294-8332). Ces règles de comptage « requièrent l'accord du maître
d'ouvrage qui peut les intégrer dans le CCAP » (8326-8327) et la DAJ n'admet une durée
d'inscription que si elle figure au CCAP (3764-3766) : chacune ne s'applique donc qu'aux
marchés dont le CCAP l'a adoptée (``regles`` du marché) ; sinon elle devient un point de
vigilance.

Thème ``comptage`` : une décision par situation (personne, contrat, marché, portion de
mois, nature des heures). Les faits sont des booléens et des codes calculés par
:mod:`clauserules.ledger` à partir des dates et des paramètres ci-dessous :

``nature_heures`` (``travail`` | ``formation``), ``type_contrat``, ``personne_eligible``,
``dans_execution``, ``regle_24_mois_adoptee``, ``dans_fenetre_24_mois``,
``fin_par_revue_annuelle``, ``regle_cdi_deuxieme_annee_adoptee``,
``cdi_signe_deuxieme_annee``, ``continuite_cdd_ou_mad``, ``dans_12_mois_signature_cdi``,
``regle_marche_long_adoptee``, ``marche_plus_de_deux_ans``,
``embauche_avant_fin_deux_premieres_annees``, ``dans_annees_supplementaires_execution``,
``regle_heures_formation_adoptee``.

Chaque règle conclut par un ``effet`` : ``exclut`` (avec un ``motif``), ``periode``
(la période compte), ``nature`` (la nature des heures compte) ou ``vigilance``. Une heure
compte quand aucune exclusion n'a été déclenchée ; les règles sont écrites pour qu'une
exclusion, ou bien une règle de période et une règle de nature, se déclenchent toujours
(vérifié sur des combinaisons de faits tirées au hasard, moteur et évaluateur de référence,
par ``tests/test_ledger_properties.py``).

Thème ``comptage.marche`` : écart, pénalité, proratisation des heures dues.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from clauserules.core.expr import Any, Expr, Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.doctrine import (
    AVE_RECUEIL_2014,
    DAJ_POSITION_2016,
    IGAS_2016,
    PAS_DE_CALAIS_DIFFICULTES,
)
from clauserules.vocabulaire import TypeContrat

TOPIC = "comptage"
TOPIC_MARCHE = "comptage.marche"

# --- Paramètres des règles (en mois, calculés par clauserules.core.dates) --------------------
DUREE_ELIGIBILITE_MOIS = 24
"""« pour une durée de vingt-quatre mois » (8307-8309)."""
DEBUT_DEUXIEME_ANNEE_MOIS = 12
"""La deuxième année du parcours commence 12 mois après la première embauche (8315-8316)."""
DUREE_CDI_DEUXIEME_ANNEE_MOIS = 12
"""« pendant douze mois à compter de la date de signature du CDI » (8317-8318)."""
CONTINUITE_MAX_MOIS = 1
"""« dans la continuité » : au plus un mois d'interruption (interprétation, décision 0023)."""
DUREE_EXECUTION_LONGUE_MOIS = 24
"""« une durée d'exécution supérieure à deux ans » (8320)."""
DUREE_SUPPLEMENTAIRE_MOIS = 24
"""« pour une durée maximale de deux années supplémentaires d'exécution » (8323-8324)."""
HEURES_MAX_PAR_MOIS = 744
"""31 jours × 24 heures : plus d'heures dans un mois est impossible (contrôle d'entrée)."""

COMPTAGE_VALIDITY = Validity(date(2014, 12, 1))
"""Les règles de comptage sont celles du recueil AVE (décembre 2014), sans retrait connu."""


class Motif(StrEnum):
    """Why hours do not count (key of ``heures_exclues``)."""

    HORS_EXECUTION = "hors_execution"
    PERSONNE_NON_ELIGIBLE = "personne_non_eligible"
    FORMATION_NON_COMPTEE = "formation_non_comptee"
    HORS_FENETRE_24_MOIS = "hors_fenetre_24_mois"
    FIN_REVUE_ANNUELLE = "fin_revue_annuelle"

    @property
    def label(self) -> str:
        return _MOTIF_LABELS[self]


_MOTIF_LABELS = {
    Motif.HORS_EXECUTION: "heures hors de la période d'exécution du marché",
    Motif.PERSONNE_NON_ELIGIBLE: "personne dont l'éligibilité n'a pas été validée",
    Motif.FORMATION_NON_COMPTEE: "heures de formation non comptées",
    Motif.HORS_FENETRE_24_MOIS: "heures après les 24 mois d'éligibilité",
    Motif.FIN_REVUE_ANNUELLE: "heures après la fin d'éligibilité décidée à la revue annuelle",
}

MOTIF_ORDER: tuple[Motif, ...] = tuple(Motif)
"""When several exclusions fire, the first of this order is the reason reported."""

CONTRATS_AVEC_FORMATION: tuple[TypeContrat, ...] = (
    TypeContrat.CONTRAT_PROFESSIONNALISATION,
    TypeContrat.APPRENTISSAGE,
    TypeContrat.CIPI,
    TypeContrat.CDPI,
    TypeContrat.CDDI,
)
"""Contracts whose training hours count (8328-8331); the list is closed."""

CONTRATS_CDD_OU_MAD: tuple[TypeContrat, ...] = (
    TypeContrat.CDD,
    TypeContrat.CDDI,
    TypeContrat.CONTRAT_PROFESSIONNALISATION,
    TypeContrat.APPRENTISSAGE,
    TypeContrat.INTERIM,
    TypeContrat.CTTI,
    TypeContrat.CIPI,
    TypeContrat.CDPI,
    TypeContrat.MISE_A_DISPOSITION,
)
"""Contracts that are « un contrat à durée déterminée ou une mise à disposition » (8315):
fixed-term contracts and every form of mise à disposition (temporary work, AI, ETTI)."""

_AUTRES_TYPES = tuple(t.value for t in TypeContrat if t not in CONTRATS_AVEC_FORMATION)
_PAS_CDI = tuple(t.value for t in TypeContrat if t is not TypeContrat.CDI)

# --- Conditions réutilisables -------------------------------------------------------------
TRAVAIL = Fact("nature_heures").eq("travail")
FORMATION = Fact("nature_heures").eq("formation")
CDI = Fact("type_contrat").eq(TypeContrat.CDI.value)
REGLE_24 = Fact("regle_24_mois_adoptee")
CAS_CDI_DEUXIEME_ANNEE: Expr = (
    CDI
    & Fact("cdi_signe_deuxieme_annee").is_true()
    & Fact("continuite_cdd_ou_mad").is_true()
    & Fact("dans_12_mois_signature_cdi").is_true()
)
CAS_MARCHE_LONG: Expr = (
    CDI
    & Fact("marche_plus_de_deux_ans").is_true()
    & Fact("embauche_avant_fin_deux_premieres_annees").is_true()
    & Fact("dans_annees_supplementaires_execution").is_true()
)
HORS_CAS_CDI: Expr = Any(
    (
        Fact("regle_cdi_deuxieme_annee_adoptee").eq(False),
        Fact("type_contrat").one_of(*_PAS_CDI),
        Fact("cdi_signe_deuxieme_annee").eq(False),
        Fact("continuite_cdd_ou_mad").eq(False),
        Fact("dans_12_mois_signature_cdi").eq(False),
    )
)
HORS_CAS_MARCHE_LONG: Expr = Any(
    (
        Fact("regle_marche_long_adoptee").eq(False),
        Fact("type_contrat").one_of(*_PAS_CDI),
        Fact("marche_plus_de_deux_ans").eq(False),
        Fact("embauche_avant_fin_deux_premieres_annees").eq(False),
        Fact("dans_annees_supplementaires_execution").eq(False),
    )
)

_AVE_24 = cite(AVE_RECUEIL_2014, "8306-8313")
_AVE_CDI = cite(AVE_RECUEIL_2014, "8315-8319")
_AVE_LONG = cite(AVE_RECUEIL_2014, "8320-8324")
_AVE_CCAP = cite(AVE_RECUEIL_2014, "8326-8327")
_AVE_FORMATION = cite(AVE_RECUEIL_2014, "8328-8331")
_DAJ_DUREE = cite(DAJ_POSITION_2016, "3764-3766")

INTERP_FENETRE = (
    "« Vingt-quatre mois à compter de la première embauche » : la fenêtre est "
    "[première embauche, première embauche + 24 mois calendaires) selon la convention des mois (décision 0004) "
    "(même quantième, ramené au dernier jour du mois s'il n'existe pas) ; le dernier jour "
    "éligible est la veille de cette date, car la durée compte son premier jour (décision "
    "0053), et 24 mois ne sont jamais 730 jours. La première "
    "embauche est le début du plus ancien contrat de la personne, quel que soit l'employeur "
    "(décision 0021)."
)
INTERP_PRORATA_JOURS = (
    "Les heures sont déclarées par mois ; quand un mois est coupé par une limite (fin des "
    "24 mois, exécution, revue), ses heures sont réparties au prorata des jours calendaires "
    "du contrat dans le mois (décision 0022)."
)
INTERP_REVUE = (
    "La revue annuelle peut mettre fin à l'éligibilité avant 24 mois : les heures comptent "
    "jusqu'à la veille de la date de la revue qui conclut à la fin du parcours ; une revue ne "
    "prolonge jamais la fenêtre."
)


def _rule(
    name: str,
    title: str,
    when: Expr,
    then: dict[str, str],
    sources: tuple[Citation, ...],
    *,
    topic: str = TOPIC,
    vigilance: tuple[str, ...] = (),
    interpretations: tuple[str, ...] = (),
    unmodelled: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=f"{topic}.{name}",
        title=title,
        topic=topic,
        sources=sources,
        validity=COMPTAGE_VALIDITY,
        when=when,
        then=then,
        vigilance=vigilance,
        interpretations=interpretations,
        unmodelled=unmodelled,
    )


def _exclut(motif: Motif) -> dict[str, str]:
    return {"effet": "exclut", "motif": motif.value}


PERIODE = {"effet": "periode"}
NATURE = {"effet": "nature"}
VIGILANCE = {"effet": "vigilance"}

RULES: tuple[Rule, ...] = (
    # --- Cadre : exécution du marché, éligibilité de la personne ------------------------
    _rule(
        "execution",
        "Seules comptent les heures réalisées pendant l'exécution du marché",
        Fact("dans_execution").eq(False),
        _exclut(Motif.HORS_EXECUTION),
        (cite(IGAS_2016, "3459-3462"), cite(AVE_RECUEIL_2014, "8263-8266")),
        interpretations=(
            "La clause est une condition d'exécution : les heures comptent pour un marché "
            "entre le premier et le dernier jour de son exécution, bornes comprises.",
        ),
    ),
    _rule(
        "eligibilite",
        "Seules comptent les heures d'une personne dont l'éligibilité a été validée",
        Fact("personne_eligible").eq(False),
        _exclut(Motif.PERSONNE_NON_ELIGIBLE),
        (cite(AVE_RECUEIL_2014, "8306-8308"), cite(AVE_RECUEIL_2014, "8259-8261")),
        interpretations=(
            "« Personne recrutée en application d'une clause » : personne dont le "
            "facilitateur a validé l'éligibilité (eligibilite.validee).",
        ),
    ),
    # --- Durée : règle générale des 24 mois --------------------------------------------
    _rule(
        "regle-24-mois",
        "Les heures comptent pendant 24 mois à compter de la première embauche",
        REGLE_24.is_true()
        & Fact("dans_fenetre_24_mois").is_true()
        & Fact("fin_par_revue_annuelle").eq(False),
        PERIODE,
        (_AVE_24, _AVE_CCAP, _DAJ_DUREE),
        interpretations=(INTERP_FENETRE, INTERP_PRORATA_JOURS, INTERP_REVUE),
    ),
    _rule(
        "regle-24-mois.hors-fenetre",
        "Au-delà de 24 mois après la première embauche, les heures ne comptent plus",
        REGLE_24.is_true()
        & Fact("dans_fenetre_24_mois").eq(False)
        & HORS_CAS_CDI
        & HORS_CAS_MARCHE_LONG,
        _exclut(Motif.HORS_FENETRE_24_MOIS),
        (_AVE_24, _AVE_CCAP, _DAJ_DUREE),
        interpretations=(INTERP_FENETRE, INTERP_PRORATA_JOURS),
    ),
    _rule(
        "regle-24-mois.revue-annuelle",
        "La revue annuelle du parcours a mis fin à l'éligibilité avant 24 mois",
        REGLE_24.is_true()
        & Fact("dans_fenetre_24_mois").is_true()
        & Fact("fin_par_revue_annuelle").is_true()
        & HORS_CAS_CDI
        & HORS_CAS_MARCHE_LONG,
        _exclut(Motif.FIN_REVUE_ANNUELLE),
        (_AVE_24,),
        interpretations=(INTERP_REVUE,),
        unmodelled=(
            "La « Fiche 7 » du recueil, qui organise la revue, n'est pas dans les sources.",
        ),
    ),
    _rule(
        "sans-duree-ccap",
        "Sans durée d'éligibilité au CCAP, les heures comptent sans limite de durée",
        REGLE_24.eq(False),
        PERIODE,
        (_DAJ_DUREE, _AVE_CCAP),
        interpretations=(
            "La DAJ n'admet une durée d'inscription que si elle figure au CCAP : sans elle, "
            "aucune limite de durée n'est opposable à l'entreprise (décision 0021).",
        ),
    ),
    _rule(
        "sans-duree-ccap.vigilance",
        "Heures comptées au-delà de 24 mois faute de durée d'éligibilité au CCAP",
        REGLE_24.eq(False) & Fact("dans_fenetre_24_mois").eq(False),
        VIGILANCE,
        (_DAJ_DUREE, _AVE_24),
        vigilance=(
            "Des heures réalisées plus de 24 mois après la première embauche de la personne "
            "sont comptées, le CCAP ne fixant pas de durée d'éligibilité : vérifier que le "
            "parcours reste conforme à l'objectif d'insertion.",
        ),
    ),
    # --- Cas particulier 1 : CDI signé la deuxième année ---------------------------------
    _rule(
        "cdi-deuxieme-annee",
        "CDI signé la deuxième année après un CDD ou une mise à disposition : "
        "12 mois comptés à partir de sa signature",
        Fact("regle_cdi_deuxieme_annee_adoptee").is_true() & CAS_CDI_DEUXIEME_ANNEE,
        PERIODE,
        (_AVE_CDI, _AVE_CCAP),
        interpretations=(
            "La date de signature du CDI est sa date de début (debut du contrat).",
            "« Au cours de la deuxième année » : début du CDI dans [première embauche + 12 "
            "mois, première embauche + 24 mois).",
            "« Dans la continuité » : un CDD ou une mise à disposition de la personne, "
            "commencé avant le CDI, a pris fin au plus un mois avant sa signature ou dure "
            "encore (décision 0023).",
            "Les 12 mois peuvent dépasser la fenêtre de 24 mois : c'est l'objet du cas "
            "particulier.",
        ),
    ),
    _rule(
        "cdi-deuxieme-annee.non-adoptee",
        "Cas du CDI signé la deuxième année non adopté par le CCAP",
        Fact("regle_cdi_deuxieme_annee_adoptee").eq(False)
        & CAS_CDI_DEUXIEME_ANNEE
        & Fact("dans_fenetre_24_mois").eq(False),
        VIGILANCE,
        (_AVE_CDI, _AVE_CCAP),
        vigilance=(
            "Des heures d'un CDI signé la deuxième année du parcours ne comptent pas après "
            "24 mois : le CCAP n'a pas adopté le cas particulier du CDI (recueil AVE), qui "
            "les aurait comptées 12 mois à partir de la signature.",
        ),
    ),
    # --- Cas particulier 2 : marché de plus de deux ans ----------------------------------
    _rule(
        "marche-long",
        "Marché de plus de deux ans : heures d'une personne en CDI comptées jusqu'à deux "
        "années supplémentaires d'exécution",
        Fact("regle_marche_long_adoptee").is_true() & CAS_MARCHE_LONG,
        PERIODE,
        (_AVE_LONG, _AVE_CCAP),
        interpretations=(
            "« Durée d'exécution supérieure à deux ans » : le dernier jour d'exécution est au "
            "moins début + 24 mois.",
            "« Embauchée en CDI avant la fin des deux premières années » : le CDI commence "
            "avant début d'exécution + 24 mois ; seules ses heures sur ce marché bénéficient "
            "du cas particulier.",
            "Les années supplémentaires : [début + 24 mois, début + 48 mois), dans "
            "l'exécution du marché.",
        ),
    ),
    _rule(
        "marche-long.non-adoptee",
        "Cas du marché de plus de deux ans non adopté par le CCAP",
        Fact("regle_marche_long_adoptee").eq(False)
        & CAS_MARCHE_LONG
        & Fact("dans_fenetre_24_mois").eq(False),
        VIGILANCE,
        (_AVE_LONG, _AVE_CCAP),
        vigilance=(
            "Des heures d'une personne en CDI sur un marché de plus de deux ans ne comptent "
            "pas après 24 mois : le CCAP n'a pas adopté le cas particulier des marchés longs "
            "(recueil AVE).",
        ),
    ),
    # --- Nature des heures : travail, formation -----------------------------------------
    _rule(
        "heures-travail",
        "Les heures de travail comptent",
        TRAVAIL,
        NATURE,
        (_AVE_24,),
    ),
    _rule(
        "heures-formation",
        "Les heures de formation comptent pour les contrats qui incluent une formation",
        FORMATION
        & Fact("type_contrat").one_of(*(t.value for t in CONTRATS_AVEC_FORMATION))
        & Fact("regle_heures_formation_adoptee").is_true(),
        NATURE,
        (_AVE_FORMATION, _AVE_CCAP),
        interpretations=(
            "La liste est fermée : contrat de professionnalisation, apprentissage, CIPI, CDPI, "
            "CDDI ; les heures de formation d'un autre contrat ne comptent pas.",
        ),
    ),
    _rule(
        "heures-formation.non-comptees",
        "Les heures de formation ne comptent pas hors des contrats listés ou sans adoption au CCAP",
        FORMATION
        & (
            Fact("type_contrat").one_of(*_AUTRES_TYPES)
            | Fact("regle_heures_formation_adoptee").eq(False)
        ),
        _exclut(Motif.FORMATION_NON_COMPTEE),
        (_AVE_FORMATION, _AVE_CCAP),
    ),
    _rule(
        "heures-formation.non-adoptee",
        "Comptage des heures de formation non adopté par le CCAP",
        FORMATION
        & Fact("type_contrat").one_of(*(t.value for t in CONTRATS_AVEC_FORMATION))
        & Fact("regle_heures_formation_adoptee").eq(False),
        VIGILANCE,
        (_AVE_FORMATION, _AVE_CCAP),
        vigilance=(
            "Des heures de formation d'un contrat qui inclut une formation (contrat de "
            "professionnalisation, apprentissage, CIPI, CDPI, CDDI) ne sont pas comptées : le "
            "CCAP n'a pas adopté leur comptage (recueil AVE).",
        ),
    ),
)

MARCHE_RULES: tuple[Rule, ...] = (
    _rule(
        "ecart",
        "Écart = heures dues − heures comptées, jamais négatif",
        Fact("heures_dues_connues").is_true(),
        {"effet": "ecart", "minimum": "0"},
        (cite(IGAS_2016, "1652-1654"), cite(IGAS_2016, "2644-2650")),
        topic=TOPIC_MARCHE,
        interpretations=(
            "Un excédent d'heures n'est pas un écart négatif : il est rapporté à part "
            "(excedent) et ne compense aucun autre marché hors globalisation.",
        ),
    ),
    _rule(
        "penalite",
        "Pénalité = écart × taux horaire fixé par le CCAP",
        Fact("penalite_fixee").is_true(),
        {"effet": "penalite", "arrondi": "0.01"},
        (cite(IGAS_2016, "1652-1654"), cite(IGAS_2016, "3919-3927")),
        topic=TOPIC_MARCHE,
        interpretations=(
            "Les sources ne fixent ni montant ni formule de pénalité : le taux par heure non "
            "réalisée est celui du CCAP ; le montant est arrondi au centime (au plus proche, "
            "0,005 € vers le haut).",
        ),
    ),
    _rule(
        "penalite.absente",
        "Écart sans taux de pénalité au CCAP",
        Fact("penalite_fixee").eq(False) & Fact("ecart_positif").is_true(),
        VIGILANCE,
        (cite(IGAS_2016, "1652-1654"),),
        topic=TOPIC_MARCHE,
        vigilance=(
            "Le marché présente un écart d'heures mais son CCAP ne fixe pas de pénalité par "
            "heure : le maître d'ouvrage décide de la suite (dispositif de sanction du CCAP).",
        ),
    ),
    _rule(
        "proratisation",
        "Heures dues proratisées pendant le chômage partiel ou le licenciement économique",
        Fact("periodes_difficulte").is_true(),
        {"effet": "proratise", "mesure": "mois_calendaires"},
        (cite(PAS_DE_CALAIS_DIFFICULTES, "6175-6200"), cite(IGAS_2016, "3742-3745")),
        topic=TOPIC_MARCHE,
        interpretations=(
            "La formule imprimée « (12 mois / 1000 heures) x 6 mois » est fausse ; l'exemple "
            "(12 mois, 1 000 h, 6 mois → 500 h) donne heures dues × (durée d'exécution − "
            "durée neutralisée) / durée d'exécution.",
            "Les durées sont mesurées en mois calendaires, les jours restants en fraction du "
            "mois calendaire suivant ; les périodes sont limitées à l'exécution et fusionnées "
            "(décision 0025).",
            "La période déclarée inclut le délai de priorité de réembauche (« inclus »).",
        ),
    ),
)
