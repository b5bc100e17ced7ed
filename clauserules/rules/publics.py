"""Publics éligibles aux clauses sociales d'insertion.

Les textes de la commande publique ne définissent pas les publics éligibles
(003_7f42dc19c6252b60.txt:8183, 3359-3360) : la pratique s'appuie sur des listes non
normatives qui divergent. Chaque liste est un **référentiel** nommé que l'appelant choisit :

* ``ave-2014`` — Alliance Villes Emploi, recueil des fondamentaux (déc. 2014) ; référentiel
  par défaut (voir ``docs/decisions/0003-referentiel-par-defaut.md``) ;
* ``pole-emploi`` — liste interne de Pôle emploi (France Travail depuis 2024) : inscription
  comme demandeur d'emploi exigée pour chaque catégorie ;
* ``daj-2015`` — guide OEAP/DAJ (oct. 2015) ;
* ``igas-2016`` — catégories restreintes proposées par l'IGAS (recommandation n° 1).

Chaque critère est une règle qui cite ses lignes ; les mots vagues des sources sont
interprétés dans ``interpretations`` et les conditions non observables dans
``unmodelled`` ou en point de vigilance. Un couple de règles de **surcouche acheteur**
(publics prioritaires, résidence en QPV pour les opérations financées par l'ANRU) est
évalué après le référentiel.

Faits utilisés (calculés par :mod:`clauserules.eligibility` à la date d'évaluation) :
``age`` (années révolues), ``inscrit_ft``, ``mois_inscription_ft`` (mois révolus),
``categorie_ft``, ``allocations``, ``ayant_droit_rsa``, ``obligation_emploi``,
``orientation_milieu_ordinaire``, ``niveau_qualification``,
``mois_depuis_sortie_formation`` (mois révolus), ``prise_en_charge``, ``residence_qpv``,
``avis_organisme`` (``aucun`` en l'absence d'avis), ``nb_criteres_prioritaires``.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.expr import Expr, Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CODE_TRAVAIL,
    DECRET_NOMENCLATURE_2019,
    LOI_PLEIN_EMPLOI,
)
from clauserules.rules.sources.doctrine import (
    ANRU_CHARTE_2014_2024,
    AVE_RECUEIL_2014,
    DAJ_GUIDE_2015,
    IGAS_2016,
    POLE_EMPLOI_LISTE_INTERNE,
)
from clauserules.vocabulaire import Critere, Referentiel

TOPIC = "publics"
TOPIC_OVERLAY = "publics.overlay"


DEFAULT_REFERENTIEL = Referentiel.AVE_2014


# --- Validity of each referential -------------------------------------------------------
# A list is in force from the date of the document that sets it out; the Pôle emploi list
# and the IGAS recommendation are attested by the IGAS report (latest internal date
# 18 April 2016). No list has been withdrawn: ``end=None`` (see docs/decisions).
AVE_VALIDITY = Validity(date(2014, 12, 1))
DAJ_VALIDITY = Validity(date(2015, 10, 1))
IGAS_VALIDITY = Validity(date(2016, 4, 18))
PE_VALIDITY = Validity(date(2016, 4, 18))
FRANCE_TRAVAIL = date(2024, 1, 1)

# --- Reusable conditions ----------------------------------------------------------------
INSCRIT = Fact("inscrit_ft").is_true()
DOUZE_MOIS_INSCRIPTION = Fact("mois_inscription_ft") >= 12
MOINS_DE_26_ANS = Fact("age") < 26
INFRA_CAP = Fact("niveau_qualification") <= 2
SIAE = ("siae", "ai", "etti", "ei", "aci")

_L5212_13 = cite(CODE_TRAVAIL, article="L5212-13")
# Beneficiaries of the employment obligation: declared (RQTH...) or AAH holders, who are
# beneficiaries by law (art. L5212-13, 8°).
OETH = Fact("obligation_emploi").is_true() | Fact("allocations").contains("aah")
INTERP_OETH = (
    "Les titulaires de l'AAH sont bénéficiaires de l'obligation d'emploi (art. L5212-13, "
    "8° C. trav.) : l'AAH suffit à établir la qualité de travailleur handicapé."
)
_L5132_4 = cite(CODE_TRAVAIL, article="L5132-4")
_NOMENCLATURE = cite(DECRET_NOMENCLATURE_2019, article="annexe, niveau 3 (CAP, BEP)")

INTERP_DELD = (
    "« Plus de 12 mois d'inscription » est lu comme 12 mois révolus d'inscription continue "
    "à la date d'évaluation (le jour anniversaire compris), comme la définition statistique "
    "du chômage de longue durée (« un an ou plus ») ; les mois se comptent selon la "
    "convention de la décision 0004 (art. 641 CPC par analogie)."
)
INTERP_AGE = (
    "« Moins de 26 ans » : âge en années révolues strictement inférieur à 26 à la date "
    "d'évaluation ; la personne ne l'est plus le jour de son 26e anniversaire."
)
INTERP_INFRA_CAP = (
    "« Niveau inférieur au CAP/BEP » (ancien niveau « infra V ») = niveaux 1 et 2 de la "
    "nomenclature de 2019, où le CAP et le BEP sont au niveau 3."
)
INTERP_ELOIGNE = (
    "« Éloignés de l'emploi » n'est défini par aucune source : il est lu comme l'inscription "
    "comme demandeur d'emploi à France Travail, fait vérifiable (depuis le 1er janvier 2025 "
    "les allocataires du RSA et les jeunes suivis par les missions locales sont inscrits "
    "automatiquement, loi n° 2023-1196). Un facilitateur peut retenir une autre personne "
    "par la voie dérogatoire."
)


# What an automatic registration (loi n° 2023-1196, from 1 January 2025: RSA beneficiaries
# and their spouses, young people in a CEJ or a PACEA, people followed by Cap emploi) is
# worth under each list (decision 0057). It counts as a registration everywhere; the
# vigilance point says what the facilitator still checks.
AUTOMATIC_REGISTRATION = date(2025, 1, 1)
VIGILANCE_INSCRIPTION_AUTOMATIQUE: dict[Referentiel, str] = {
    Referentiel.AVE_2014: (
        "L'inscription à France Travail est automatique (loi n° 2023-1196) : elle compte "
        "comme une inscription, mais la liste AVE vise des personnes en recherche d'emploi ; "
        "le facilitateur vérifie la démarche de recherche d'emploi."
    ),
    Referentiel.POLE_EMPLOI: (
        "L'inscription à France Travail est automatique (loi n° 2023-1196) : seules les "
        "catégories 1, 2 et 3 comptent pour la liste de France Travail ; vérifier la "
        "catégorie et l'orientation de la personne."
    ),
    Referentiel.DAJ_2015: (
        "L'inscription à France Travail est automatique (loi n° 2023-1196) : elle compte "
        "comme une inscription ; le facilitateur vérifie que la personne est éloignée de "
        "l'emploi au sens du guide."
    ),
    Referentiel.IGAS_2016: (
        "L'inscription à France Travail est automatique (loi n° 2023-1196) : elle ne montre "
        "pas à elle seule que la personne est « éloignée de l'emploi » ; le facilitateur le "
        "vérifie."
    ),
}


def _criterion(
    referentiel: Referentiel,
    name: str,
    critere: Critere,
    title: str,
    when: Expr,
    sources: tuple[Citation, ...],
    validity: Validity,
    *,
    vigilance: tuple[str, ...] = (),
    interpretations: tuple[str, ...] = (),
    unmodelled: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=f"publics.{referentiel.value}.{name}",
        title=title,
        topic=TOPIC,
        variant=referentiel.value,
        sources=sources,
        validity=validity,
        when=when,
        then={"critere": critere.value},
        vigilance=vigilance,
        interpretations=interpretations,
        unmodelled=unmodelled,
    )


def _derogation_vigilance(validateur: str) -> str:
    return (
        "Éligibilité par dérogation : l'avis {avis_organisme_libelle} du {avis_date} doit "
        f"avoir été validé par {validateur} et être conservé au dossier de la personne."
    )


# --- ave-2014 ---------------------------------------------------------------------------
_AVE = Referentiel.AVE_2014

AVE_RULES: tuple[Rule, ...] = (
    _criterion(
        _AVE,
        "deld",
        Critere.DELD,
        "Demandeur d'emploi de longue durée (plus de 12 mois d'inscription)",
        INSCRIT & DOUZE_MOIS_INSCRIPTION,
        (cite(AVE_RECUEIL_2014, "8189"),),
        AVE_VALIDITY,
        interpretations=(
            INTERP_DELD,
            "« Inscription au chômage » : toute catégorie d'inscription.",
        ),
    ),
    _criterion(
        _AVE,
        "rsa",
        Critere.RSA,
        "Allocataire du RSA (en recherche d'emploi) ou ayant droit",
        Fact("allocations").contains("rsa") | Fact("ayant_droit_rsa").is_true(),
        (cite(AVE_RECUEIL_2014, "8190"),),
        AVE_VALIDITY,
        vigilance=(
            "La liste AVE vise les allocataires du RSA « en recherche d'emploi » : le "
            "facilitateur vérifie l'engagement de la personne dans une recherche d'emploi.",
        ),
        unmodelled=(
            "La démarche de recherche d'emploi de l'allocataire n'est pas un fait d'entrée.",
        ),
    ),
    _criterion(
        _AVE,
        "travailleur-handicape",
        Critere.TRAVAILLEUR_HANDICAPE,
        "Travailleur handicapé orienté en milieu ordinaire et demandeur d'emploi",
        OETH & Fact("orientation_milieu_ordinaire").is_true() & INSCRIT,
        (cite(AVE_RECUEIL_2014, "8191-8193"), _L5212_13),
        AVE_VALIDITY,
        interpretations=(
            "« Demandeurs d'emploi » : inscrits à France Travail, toute catégorie.",
            INTERP_OETH,
        ),
    ),
    _criterion(
        _AVE,
        "minima-sociaux",
        Critere.MINIMA_SOCIAUX,
        "Bénéficiaire de l'ASS, de l'AI, de l'AAH ou d'une allocation d'invalidité",
        Fact("allocations").contains("ass", "ai", "aah", "invalidite"),
        (cite(AVE_RECUEIL_2014, "8194-8196"),),
        AVE_VALIDITY,
    ),
    _criterion(
        _AVE,
        "jeune",
        Critere.JEUNE,
        "Jeune de moins de 26 ans sorti du système scolaire depuis au moins 6 mois",
        MOINS_DE_26_ANS & (Fact("mois_depuis_sortie_formation") >= 6),
        (cite(AVE_RECUEIL_2014, "8197-8200"),),
        AVE_VALIDITY,
        vigilance=(
            "La liste AVE exige que le jeune s'engage dans une démarche d'insertion et de "
            "recherche d'emploi : à vérifier par le facilitateur.",
        ),
        interpretations=(
            INTERP_AGE,
            "« Depuis au moins 6 mois » : 6 mois révolus depuis la sortie de formation "
            "initiale, le jour anniversaire compris ; aucune condition de diplôme.",
        ),
        unmodelled=("L'engagement dans une démarche d'insertion n'est pas un fait d'entrée.",),
    ),
    _criterion(
        _AVE,
        "iae",
        Critere.IAE,
        "Personne prise en charge par une structure d'insertion par l'activité économique",
        Fact("prise_en_charge").contains(*SIAE),
        (cite(AVE_RECUEIL_2014, "8202-8203"), _L5132_4),
        AVE_VALIDITY,
        interpretations=(
            "Structures de l'art. L5132-4 C. trav. : EI, ETTI, AI, ACI (codes ei, etti, ai, "
            "aci, ou siae sans précision). Les régies de quartier et les GEIQ n'y figurent "
            "que s'ils sont conventionnés comme SIAE.",
        ),
    ),
    _criterion(
        _AVE,
        "dispositif-particulier",
        Critere.DISPOSITIF_PARTICULIER,
        "Personne prise en charge par l'EPIDE ou une École de la deuxième chance",
        Fact("prise_en_charge").contains("epide", "e2c"),
        (cite(AVE_RECUEIL_2014, "8203-8205"),),
        AVE_VALIDITY,
    ),
    _criterion(
        _AVE,
        "avis-motive",
        Critere.DEROGATION,
        "Personne en difficulté retenue sur avis motivé et validée par le facilitateur",
        Fact("avis_organisme").one_of(
            "france_travail", "maison_emploi", "plie", "mission_locale", "mdph", "facilitateur"
        ),
        (cite(AVE_RECUEIL_2014, "8206-8209"),),
        AVE_VALIDITY,
        vigilance=(_derogation_vigilance("le facilitateur de la clause"),),
        interpretations=(
            "La phrase de la source est incomplète (« le facilitateur peut valider d'autres "
            "personnes […] peuvent être retenues sur avis motivé ») : elle est lue comme "
            "ouvrant la validation par le facilitateur, soit sur avis motivé de France "
            "Travail, d'une maison de l'emploi, d'un PLIE, d'une mission locale ou d'une "
            "MDPH, soit de sa propre initiative (organisme « facilitateur »).",
        ),
    ),
)

# --- pole-emploi ------------------------------------------------------------------------
_PE = Referentiel.POLE_EMPLOI
_PE_PRECONDITION = cite(POLE_EMPLOI_LISTE_INTERNE, "8212-8213")
_PE_INTERP = (
    "La réserve « sous réserve de leur inscription sur la liste des demandeurs d'emploi » "
    "s'applique à chaque catégorie de la liste, mais pas à la voie du relais clause, "
    "énoncée à part.",
)

PE_RULES: tuple[Rule, ...] = (
    _criterion(
        _PE,
        "deld",
        Critere.DELD,
        "Demandeur d'emploi de longue durée, plus de 12 mois en catégorie 1, 2 ou 3",
        INSCRIT & DOUZE_MOIS_INSCRIPTION & Fact("categorie_ft").one_of(1, 2, 3),
        (_PE_PRECONDITION, cite(POLE_EMPLOI_LISTE_INTERNE, "8216")),
        PE_VALIDITY,
        interpretations=(INTERP_DELD, *_PE_INTERP),
        unmodelled=(
            "La catégorie est celle de l'inscription à la date d'évaluation ; la continuité "
            "de la catégorie pendant les 12 mois n'est pas vérifiée.",
        ),
    ),
    _criterion(
        _PE,
        "rsa",
        Critere.RSA,
        "Allocataire du RSA inscrit comme demandeur d'emploi",
        INSCRIT & Fact("allocations").contains("rsa"),
        (_PE_PRECONDITION, cite(POLE_EMPLOI_LISTE_INTERNE, "8217")),
        PE_VALIDITY,
        interpretations=_PE_INTERP,
    ),
    _criterion(
        _PE,
        "travailleur-handicape",
        Critere.TRAVAILLEUR_HANDICAPE,
        "Demandeur d'emploi bénéficiaire de l'obligation d'emploi",
        INSCRIT & OETH,
        (_PE_PRECONDITION, cite(POLE_EMPLOI_LISTE_INTERNE, "8218-8219"), _L5212_13),
        PE_VALIDITY,
        interpretations=(INTERP_OETH, *_PE_INTERP),
    ),
    _criterion(
        _PE,
        "minima-sociaux",
        Critere.MINIMA_SOCIAUX,
        "Bénéficiaire de l'ASS, de l'ATA, de l'AAH ou d'une allocation d'invalidité",
        INSCRIT & Fact("allocations").contains("ass", "ata", "aah", "invalidite"),
        (_PE_PRECONDITION, cite(POLE_EMPLOI_LISTE_INTERNE, "8220-8221")),
        PE_VALIDITY,
        interpretations=_PE_INTERP,
    ),
    _criterion(
        _PE,
        "jeune",
        Critere.JEUNE,
        "Jeune de moins de 26 ans d'un niveau de qualification inférieur au CAP ou BEP",
        INSCRIT & MOINS_DE_26_ANS & INFRA_CAP,
        (_PE_PRECONDITION, cite(POLE_EMPLOI_LISTE_INTERNE, "8222"), _NOMENCLATURE),
        PE_VALIDITY,
        interpretations=(INTERP_AGE, INTERP_INFRA_CAP, *_PE_INTERP),
    ),
    _criterion(
        _PE,
        "senior",
        Critere.SENIOR,
        "Demandeur d'emploi de plus de 50 ans",
        INSCRIT & (Fact("age") >= 50),
        (_PE_PRECONDITION, cite(POLE_EMPLOI_LISTE_INTERNE, "8223")),
        PE_VALIDITY,
        interpretations=(
            "« Plus de 50 ans » est lu comme 50 ans révolus (à partir du 50e anniversaire), "
            "comme le critère « senior (50 ans et plus) » de l'IAE.",
            *_PE_INTERP,
        ),
    ),
    _criterion(
        _PE,
        "iae",
        Critere.IAE,
        "Personne relevant du dispositif d'insertion par l'activité économique",
        INSCRIT & Fact("prise_en_charge").contains(*SIAE),
        (_PE_PRECONDITION, cite(POLE_EMPLOI_LISTE_INTERNE, "8224"), _L5132_4),
        PE_VALIDITY,
        interpretations=_PE_INTERP,
    ),
    _criterion(
        _PE,
        "relais-clause",
        Critere.DEROGATION,
        "Personne dont l'éligibilité a été appréciée par le conseiller « relais clause » de Pôle emploi",
        Fact("avis_organisme").eq("france_travail"),
        (cite(POLE_EMPLOI_LISTE_INTERNE, "8226-8227"),),
        Validity(PE_VALIDITY.start, FRANCE_TRAVAIL),
        vigilance=(_derogation_vigilance("le conseiller « relais clause » de Pôle emploi"),),
    ),
    _criterion(
        _PE,
        "relais-clause",
        Critere.DEROGATION,
        "Personne dont l'éligibilité a été appréciée par le conseiller « relais clause » de France Travail",
        Fact("avis_organisme").eq("france_travail"),
        (
            cite(POLE_EMPLOI_LISTE_INTERNE, "8226-8227"),
            cite(LOI_PLEIN_EMPLOI),
        ),
        Validity(FRANCE_TRAVAIL),
        vigilance=(_derogation_vigilance("le conseiller « relais clause » de France Travail"),),
        interpretations=(
            "Depuis le 1er janvier 2024, le rôle du conseiller « relais clause » de Pôle "
            "emploi est tenu par France Travail.",
        ),
    ),
)

# --- daj-2015 ---------------------------------------------------------------------------
_DAJ = Referentiel.DAJ_2015

DAJ_RULES: tuple[Rule, ...] = (
    _criterion(
        _DAJ,
        "deld",
        Critere.DELD,
        "Demandeur d'emploi de longue durée (plus de 12 mois d'inscription)",
        INSCRIT & DOUZE_MOIS_INSCRIPTION,
        (cite(DAJ_GUIDE_2015, "1419"),),
        DAJ_VALIDITY,
        interpretations=(INTERP_DELD,),
    ),
    _criterion(
        _DAJ,
        "rsa",
        Critere.RSA,
        "Allocataire du RSA ou ayant droit",
        Fact("allocations").contains("rsa") | Fact("ayant_droit_rsa").is_true(),
        (cite(DAJ_GUIDE_2015, "1420"), cite(DAJ_GUIDE_2015, "1424-1425")),
        DAJ_VALIDITY,
        vigilance=(
            "Le guide vise les allocataires du RSA « en recherche d'emploi » : le facilitateur "
            "vérifie l'engagement de la personne dans une recherche d'emploi.",
        ),
    ),
    _criterion(
        _DAJ,
        "travailleur-handicape",
        Critere.TRAVAILLEUR_HANDICAPE,
        "Bénéficiaire de l'obligation d'emploi des travailleurs handicapés",
        OETH,
        (cite(DAJ_GUIDE_2015, "1421-1423"), _L5212_13),
        DAJ_VALIDITY,
        interpretations=(INTERP_OETH,),
    ),
    _criterion(
        _DAJ,
        "minima-sociaux",
        Critere.MINIMA_SOCIAUX,
        "Bénéficiaire de l'ASS, de l'AAH ou d'une allocation d'invalidité",
        Fact("allocations").contains("ass", "aah", "invalidite"),
        (cite(DAJ_GUIDE_2015, "1424-1425"),),
        DAJ_VALIDITY,
        interpretations=("Le RSA, cité aussi à cette ligne, relève de publics.daj-2015.rsa.",),
    ),
    _criterion(
        _DAJ,
        "jeune",
        Critere.JEUNE,
        "Jeune d'un niveau inférieur au CAP/BEP (infra V)",
        MOINS_DE_26_ANS & INFRA_CAP,
        (cite(DAJ_GUIDE_2015, "1427"), _NOMENCLATURE),
        DAJ_VALIDITY,
        interpretations=(
            "Le guide ne fixe pas d'âge : « jeune » est lu comme moins de 26 ans, la borne "
            "des autres listes et du réseau des missions locales.",
            INTERP_AGE,
            INTERP_INFRA_CAP,
        ),
    ),
    _criterion(
        _DAJ,
        "iae",
        Critere.IAE,
        "Personne prise en charge dans l'IAE (AI, ETTI, EI, ACI, régie de quartier agréée)",
        Fact("prise_en_charge").contains(*SIAE, "regie_quartier"),
        (cite(DAJ_GUIDE_2015, "1428-1436"), _L5132_4),
        DAJ_VALIDITY,
        unmodelled=("L'agrément de la régie de quartier n'est pas vérifié.",),
    ),
    _criterion(
        _DAJ,
        "dispositif-particulier",
        Critere.DISPOSITIF_PARTICULIER,
        "Personne prise en charge dans un dispositif particulier (EPIDE, E2C)",
        Fact("prise_en_charge").contains("epide", "e2c"),
        (cite(DAJ_GUIDE_2015, "1437"),),
        DAJ_VALIDITY,
        interpretations=(
            "« Dispositif particulier (ex : défense 2e chance) » : l'exemple désigne l'EPIDE ; "
            "les écoles de la deuxième chance sont retenues comme autre dispositif particulier.",
        ),
    ),
    _criterion(
        _DAJ,
        "geiq",
        Critere.GEIQ,
        "Personne employée par un GEIQ",
        Fact("prise_en_charge").contains("geiq"),
        (cite(DAJ_GUIDE_2015, "1439-1440"),),
        DAJ_VALIDITY,
        unmodelled=("Les « organismes ayant le même objet » qu'un GEIQ ne sont pas codés.",),
    ),
    _criterion(
        _DAJ,
        "avis-motive",
        Critere.DEROGATION,
        "Personne rencontrant des difficultés particulières, sur avis motivé",
        Fact("avis_organisme").one_of(
            "france_travail", "maison_emploi", "plie", "mission_locale", "mdph"
        ),
        (cite(DAJ_GUIDE_2015, "1442-1444"),),
        DAJ_VALIDITY,
        vigilance=(
            _derogation_vigilance(
                "l'organisme qui l'a émis et transmis à l'acheteur ou au facilitateur"
            ),
        ),
    ),
)

# --- igas-2016 --------------------------------------------------------------------------
_IGAS = Referentiel.IGAS_2016

IGAS_RULES: tuple[Rule, ...] = (
    _criterion(
        _IGAS,
        "deld",
        Critere.DELD,
        "Demandeur d'emploi de longue durée indemnisé ou bénéficiaire de l'ASS",
        INSCRIT & DOUZE_MOIS_INSCRIPTION & Fact("allocations").contains("are", "ass"),
        (cite(IGAS_2016, "3396-3397"), cite(IGAS_2016, "3442")),
        IGAS_VALIDITY,
        interpretations=(
            INTERP_DELD,
            "« Indemnisés » : percevant l'allocation d'aide au retour à l'emploi (code are).",
        ),
    ),
    _criterion(
        _IGAS,
        "rsa",
        Critere.RSA,
        "Bénéficiaire du RSA",
        Fact("allocations").contains("rsa"),
        (cite(IGAS_2016, "3399"), cite(IGAS_2016, "3438-3441")),
        IGAS_VALIDITY,
        interpretations=("Les ayants droit ne sont pas une cible de l'IGAS (note 31).",),
    ),
    _criterion(
        _IGAS,
        "travailleur-handicape",
        Critere.TRAVAILLEUR_HANDICAPE,
        "Public handicapé éloigné de l'emploi",
        OETH & INSCRIT,
        (cite(IGAS_2016, "3400"), _L5212_13),
        IGAS_VALIDITY,
        interpretations=(INTERP_ELOIGNE, INTERP_OETH),
    ),
    _criterion(
        _IGAS,
        "jeune",
        Critere.JEUNE,
        "Jeune à bas niveau de qualification éloigné de l'emploi",
        MOINS_DE_26_ANS & INFRA_CAP & INSCRIT,
        (cite(IGAS_2016, "3401"), _NOMENCLATURE),
        IGAS_VALIDITY,
        interpretations=(
            "« Jeune » : moins de 26 ans ; « bas niveau de qualification » : inférieur au CAP/BEP.",
            INTERP_AGE,
            INTERP_INFRA_CAP,
            INTERP_ELOIGNE,
        ),
    ),
    _criterion(
        _IGAS,
        "iae",
        Critere.IAE,
        "Public accueilli par une structure d'insertion par l'activité économique",
        Fact("prise_en_charge").contains(*SIAE, "regie_quartier"),
        (cite(IGAS_2016, "3402-3404"), _L5132_4),
        IGAS_VALIDITY,
        interpretations=(
            "La liste de l'IGAS se termine par « … » : les régies de quartier agréées, "
            "structures de l'IAE selon le guide de la DAJ, y sont comprises.",
        ),
    ),
    _criterion(
        _IGAS,
        "geiq",
        Critere.GEIQ,
        "Public accueilli par un GEIQ",
        Fact("prise_en_charge").contains("geiq"),
        (cite(IGAS_2016, "3402-3404"),),
        IGAS_VALIDITY,
    ),
    _criterion(
        _IGAS,
        "dispositif-particulier",
        Critere.DISPOSITIF_PARTICULIER,
        "Public accueilli par l'EPIDE ou une école de la deuxième chance",
        Fact("prise_en_charge").contains("epide", "e2c"),
        (cite(IGAS_2016, "3402-3404"),),
        IGAS_VALIDITY,
    ),
    *(
        _criterion(
            _IGAS,
            "agrement",
            Critere.DEROGATION,
            f"Personne hors catégories incluse par agrément de {organisme}",
            Fact("avis_organisme").eq("france_travail"),
            sources,
            validity,
            vigilance=(
                _derogation_vigilance(f"{organisme} (agrément proposé par l'IGAS)"),
                "L'agrément proposé par l'IGAS n'a été institué par aucun texte : l'acheteur "
                "précise dans ses documents qui le délivre.",
            ),
        )
        for organisme, validity, sources in (
            (
                "Pôle emploi",
                Validity(IGAS_VALIDITY.start, FRANCE_TRAVAIL),
                (cite(IGAS_2016, "3406-3409"), cite(IGAS_2016, "3446")),
            ),
            (
                "France Travail",
                Validity(FRANCE_TRAVAIL),
                (cite(IGAS_2016, "3406-3409"), cite(IGAS_2016, "3446"), cite(LOI_PLEIN_EMPLOI)),
            ),
        )
    ),
)

# --- Buyer overlay ----------------------------------------------------------------------

OVERLAY_RULES: tuple[Rule, ...] = (
    Rule(
        id="publics.overlay.prioritaire",
        title="Public prioritaire ciblé par l'acheteur, sans exclure les autres publics",
        topic=TOPIC_OVERLAY,
        sources=(cite(DAJ_GUIDE_2015, "1446-1448"),),
        validity=Validity(date(2015, 10, 1)),
        when=Fact("nb_criteres_prioritaires") >= 1,
        then={"prioritaire": True},
        interpretations=(
            "La priorité n'exclut personne : une personne éligible qui ne remplit aucun "
            "critère prioritaire reste éligible. Les publics prioritaires doivent être "
            "mentionnés précisément dans les documents du marché.",
        ),
    ),
    Rule(
        id="publics.overlay.anru-qpv",
        title="Résident d'un quartier prioritaire de la politique de la ville (opération ANRU)",
        topic=TOPIC_OVERLAY,
        sources=(
            cite(ANRU_CHARTE_2014_2024, "9686-9688"),
            cite(ANRU_CHARTE_2014_2024, "9763-9769"),
            cite(IGAS_2016, "3411-3412"),
        ),
        validity=Validity(date(2015, 3, 24), date(2025, 1, 1)),
        when=Fact("residence_qpv").is_true(),
        then={"anru_qpv": True},
        interpretations=(
            "Tout quartier prioritaire compte, pas seulement celui du projet (charte, § 3.2).",
        ),
    ),
    Rule(
        id="publics.overlay.anru-qpv",
        title="Résident d'un quartier prioritaire de la politique de la ville (opération ANRU)",
        topic=TOPIC_OVERLAY,
        sources=(
            cite(ANRU_CHARTE_2014_2024, "9686-9688"),
            cite(ANRU_CHARTE_2014_2024, "9763-9769"),
            cite(IGAS_2016, "3411-3412"),
        ),
        validity=Validity(date(2025, 1, 1)),
        when=Fact("residence_qpv").is_true(),
        then={"anru_qpv": True},
        vigilance=(
            "La charte nationale d'insertion de l'ANRU couvre 2014-2024 : vérifier la charte "
            "ou la convention applicable à l'opération après 2024.",
        ),
        interpretations=(
            "Tout quartier prioritaire compte, pas seulement celui du projet (charte, § 3.2).",
        ),
    ),
)

RULES: tuple[Rule, ...] = AVE_RULES + PE_RULES + DAJ_RULES + IGAS_RULES + OVERLAY_RULES
