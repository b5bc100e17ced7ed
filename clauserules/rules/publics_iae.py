"""Référentiel ``iae-2021`` : critères d'éligibilité à un parcours d'insertion par l'activité économique.

Le seul référentiel de publics porté par un texte réglementaire : l'arrêté du 1er septembre
2021 (NOR MTRD2124285A, JORF du 2 septembre 2021) pris pour l'art. L5132-3 du code du
travail (rédaction de la loi n° 2020-1577 du 14 décembre 2020, qui a supprimé l'agrément de
Pôle emploi). Son annexe 2 liste des critères de **niveau 1** (un seul suffit) et de
**niveau 2** (il en faut deux pour une association intermédiaire ou une ETTI, trois pour une
entreprise d'insertion, un atelier et chantier d'insertion ou une EITI, art. 2 de l'arrêté).

Chaque critère est une règle ``publics.iae-2021.<critère>`` dont la conclusion porte son
niveau (``then = {"critere": ..., "niveau": 1 | 2}``) ; le **compte** par type de structure
est fait par :mod:`clauserules.eligibility.service`. Le diagnostic d'un prescripteur habilité
en cours de validité rend la personne éligible sans critère (niveau 1 : suffit seul).

Ce qui est vérifié et ce qui est rappelé (décision 0055) :

* art. 2 de l'arrêté (deux critères pour une ETTI ou une AI, trois pour une EI ou un ACI) :
  lu dans une reproduction publique du texte (vlex, idcite) ;
* la liste des 18 critères et leurs libellés : ceux de la plateforme publique « les emplois
  de l'inclusion » (données réglementaires de la plateforme, août 2026), qui met en œuvre
  l'annexe 2 ; l'annexe elle-même n'a pas été relue au Journal officiel ;
* les fenêtres « 12 mois d'inscription sur les 18 derniers mois » (DELD) et « 24 mois sur
  les 36 derniers mois » (DETLD) : rappelées, non lues dans le texte ;
* la validité des pièces justificatives (3, 6 ou 12 mois) : celle de la plateforme ;
* ce que l'arrêté du 4 septembre 2025 a changé : non lu (seul changement visible dans la
  plateforme : ZRR devient « ZRR/ZFRR »). La version des règles en vigueur depuis le
  7 septembre 2025 porte un point de vigilance.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.expr import Expr, Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    ARRETE_IAE_2021,
    ARRETE_IAE_2025,
    CODE_TRAVAIL,
    DECRET_NOMENCLATURE_2019,
)
from clauserules.vocabulaire import Critere, Referentiel

TOPIC = "publics"
REFERENTIEL = Referentiel.IAE_2021

# In force the day after its publication in the JORF of 2 September 2021 (art. 1 C. civ.).
DEBUT = date(2021, 9, 3)
# The arrêté du 4 septembre 2025 (JORF of 6 September 2025) applies from the next day.
ARRETE_2025 = date(2025, 9, 7)

FENETRE_DELD = 18
FENETRE_DETLD = 36

_ANNEXE = cite(ARRETE_IAE_2021, article="annexe 2")
_ART_2 = cite(ARRETE_IAE_2021, article="2")
_L5132_3 = cite(CODE_TRAVAIL, article="L5132-3")

VIGILANCE_2025 = (
    "La liste des critères a été modifiée par un arrêté du 4 septembre 2025 dont le contenu "
    "n'a pas été vérifié ici : contrôler le critère retenu dans l'arrêté du 1er septembre "
    "2021 modifié, sur Légifrance."
)
INTERP_COMPTE = (
    "Un critère de niveau 1 suffit ; sinon il faut deux critères de niveau 2 pour une "
    "association intermédiaire ou une ETTI, trois pour une EI, un ACI ou une EITI (art. 2 de "
    "l'arrêté ; l'EITI suit la règle de l'EI, comme la plateforme de l'inclusion)."
)
INTERP_FENETRE = (
    "Les mois d'inscription se comptent sur une fenêtre glissante qui se termine la veille de "
    "la date d'évaluation, en additionnant l'inscription en cours et les périodes passées "
    "(champ inscriptions) ; une courte interruption n'efface pas l'ancienneté. Toutes les "
    "catégories 1 à 8 comptent, et une inscription automatique (loi n° 2023-1196) compte "
    "comme une autre (décision 0056 et 0057)."
)

VIGILANCE_STRUCTURES = (
    "Éligible en {oui}, pas en {non} : ces structures demandent un critère de niveau 1 ou "
    "trois critères de niveau 2. Préciser le type de structure qui recrute."
)
VIGILANCE_DIAGNOSTIC_STRUCTURE = (
    "Le diagnostic fait par la structure elle-même le {date} vaut 92 jours (jusqu'au {fin} "
    "exclu) et n'ouvre l'éligibilité que si les critères sont remplis et justifiés."
)
VIGILANCE_DIAGNOSTIC_EXPIRE = (
    "Le diagnostic du prescripteur habilité du {date} n'est plus valable depuis le {fin} "
    "(6 mois) : demander un nouveau diagnostic ou justifier les critères."
)
VIGILANCE_INSCRIPTION_AUTOMATIQUE = (
    "L'inscription à France Travail est automatique (loi n° 2023-1196, depuis le 1er janvier "
    "2025) : elle compte pour la durée d'inscription ; vérifier l'attestation de France "
    "Travail et la catégorie."
)


def _proof(text: str) -> str:
    return f"Pièce justificative à conserver au dossier : {text}."


_PROOF_3 = "de moins de 3 mois à la date de l'embauche"
_PROOF_6 = "de moins de 6 mois à la date de l'embauche"


def _rules(
    name: str,
    critere: Critere,
    niveau: int,
    title: str,
    when: Expr,
    sources: tuple[Citation, ...],
    *,
    vigilance: tuple[str, ...] = (),
    interpretations: tuple[str, ...] = (),
    unmodelled: tuple[str, ...] = (),
) -> tuple[Rule, Rule]:
    """The two versions of one criterion: before and after the arrêté du 4 septembre 2025."""

    counted = () if critere is Critere.DIAGNOSTIC_PRESCRIPTEUR else (_ART_2,)

    def version(validity: Validity, extra: tuple[str, ...], cites: tuple[Citation, ...]) -> Rule:
        return Rule(
            id=f"publics.{REFERENTIEL.value}.{name}",
            title=title,
            topic=TOPIC,
            variant=REFERENTIEL.value,
            sources=(*sources, *counted, *cites),
            validity=validity,
            when=when,
            then={"critere": critere.value, "niveau": niveau},
            vigilance=(*vigilance, *extra),
            interpretations=(*interpretations, INTERP_COMPTE),
            unmodelled=unmodelled,
        )

    return (
        version(Validity(DEBUT, ARRETE_2025), (), ()),
        version(
            Validity(ARRETE_2025),
            (VIGILANCE_2025,),
            (cite(ARRETE_IAE_2025, article="modification de l'arrêté du 1er septembre 2021"),),
        ),
    )


_NIVEAU_1 = (
    *_rules(
        "rsa",
        Critere.RSA,
        1,
        "Bénéficiaire du revenu de solidarité active (niveau 1)",
        Fact("allocations").contains("rsa"),
        (_ANNEXE, _L5132_3),
        vigilance=(_proof(f"attestation de la CAF ou de la MSA {_PROOF_3}"),),
        interpretations=(
            "« Bénéficiaire du RSA » : la personne qui perçoit l'allocation ; l'ayant droit "
            "n'est pas visé.",
        ),
    ),
    *_rules(
        "ass",
        Critere.ASS,
        1,
        "Allocataire de l'allocation de solidarité spécifique (niveau 1)",
        Fact("allocations").contains("ass"),
        (_ANNEXE,),
        vigilance=(_proof(f"attestation de France Travail {_PROOF_3}"),),
    ),
    *_rules(
        "aah",
        Critere.AAH,
        1,
        "Allocataire de l'allocation aux adultes handicapés (niveau 1)",
        Fact("allocations").contains("aah"),
        (_ANNEXE,),
        vigilance=(_proof(f"attestation de la CAF ou de la MSA {_PROOF_3}"),),
    ),
    *_rules(
        "detld",
        Critere.DETLD,
        1,
        "Demandeur d'emploi de très longue durée : 24 mois d'inscription sur les 36 derniers (niveau 1)",
        Fact("inscrit_ft").is_true() & (Fact("mois_inscription_36") >= 24),
        (_ANNEXE,),
        vigilance=(_proof(f"attestation d'inscription de France Travail {_PROOF_3}"),),
        interpretations=(
            INTERP_FENETRE,
            "« Demandeur d'emploi » : inscrit à France Travail à la date d'évaluation.",
        ),
        unmodelled=(
            "La fenêtre de 24 mois sur 36 est rappelée de la pratique des prescripteurs ; le "
            "libellé exact de l'annexe n'a pas été relu.",
        ),
    ),
)

_NIVEAU_2 = (
    *_rules(
        "cap-bep",
        Critere.CAP_BEP,
        2,
        "Niveau de qualification 3 (CAP, BEP) ou inférieur (niveau 2)",
        Fact("niveau_qualification") <= 3,
        (_ANNEXE, cite(DECRET_NOMENCLATURE_2019, article="annexe, niveau 3 (CAP, BEP)")),
        vigilance=(_proof(f"diplôme ou attestation sur l'honneur {_PROOF_3}"),),
        interpretations=(
            "« Niveau 3 (CAP, BEP) ou infra » = niveaux 1 à 3 de la nomenclature de 2019 "
            "(les listes de 2014-2016 s'arrêtent au niveau 2, sous le CAP).",
        ),
    ),
    *_rules(
        "senior",
        Critere.SENIOR,
        2,
        "Senior : 50 ans et plus (niveau 2)",
        Fact("age") >= 50,
        (_ANNEXE,),
        vigilance=(_proof("pièce d'identité"),),
        interpretations=(
            "50 ans révolus à la date d'évaluation, le jour du 50e anniversaire compris ; une "
            "personne née un 29 février a 50 ans le 28 février d'une année commune "
            "(décision 0004).",
        ),
    ),
    *_rules(
        "jeune",
        Critere.JEUNE,
        2,
        "Jeune de moins de 26 ans (niveau 2)",
        Fact("age") < 26,
        (_ANNEXE,),
        vigilance=(_proof("pièce d'identité"),),
        interpretations=(
            "Moins de 26 ans révolus : la personne ne l'est plus le jour de son 26e "
            "anniversaire (le 28 février d'une année commune pour une naissance un 29 février, "
            "décision 0004). Jeune et senior ne peuvent pas être remplis ensemble.",
        ),
    ),
    *_rules(
        "sortant-ase",
        Critere.SORTANT_ASE,
        2,
        "Sortant de l'aide sociale à l'enfance (niveau 2)",
        Fact("sortant_ase").is_true(),
        (_ANNEXE,),
        vigilance=(_proof("attestation de l'aide sociale à l'enfance de moins de 12 mois"),),
        unmodelled=("Aucun délai depuis la sortie de l'ASE n'est vérifié.",),
    ),
    *_rules(
        "deld",
        Critere.DELD,
        2,
        "Demandeur d'emploi de longue durée : 12 mois d'inscription sur les 18 derniers (niveau 2)",
        Fact("inscrit_ft").is_true()
        & (Fact("mois_inscription_18") >= 12)
        & (Fact("mois_inscription_36") < 24),
        (_ANNEXE,),
        vigilance=(_proof(f"attestation d'inscription de France Travail {_PROOF_3}"),),
        interpretations=(
            INTERP_FENETRE,
            "Le demandeur d'emploi de très longue durée (24 mois sur 36, niveau 1) ne compte "
            "pas aussi comme demandeur d'emploi de longue durée : le critère compte une fois.",
        ),
        unmodelled=(
            "La fenêtre de 12 mois sur 18 est rappelée de la pratique des prescripteurs ; le "
            "libellé exact de l'annexe n'a pas été relu.",
        ),
    ),
    *_rules(
        "travailleur-handicape",
        Critere.TRAVAILLEUR_HANDICAPE,
        2,
        "Travailleur handicapé, bénéficiaire de l'obligation d'emploi (niveau 2)",
        Fact("obligation_emploi").is_true() | Fact("allocations").contains("aah"),
        (_ANNEXE, cite(CODE_TRAVAIL, article="L5212-13")),
        vigilance=(_proof("décision de reconnaissance valide à la date de l'embauche"),),
    ),
    *_rules(
        "parent-isole",
        Critere.PARENT_ISOLE,
        2,
        "Parent isolé (niveau 2)",
        Fact("parent_isole").is_true(),
        (_ANNEXE,),
        vigilance=(_proof(f"attestation de la CAF ou de la MSA {_PROOF_3}"),),
    ),
    *_rules(
        "sans-hebergement",
        Critere.SANS_HEBERGEMENT,
        2,
        "Personne sans hébergement, hébergée ou ayant un parcours de rue (niveau 2)",
        Fact("sans_hebergement").is_true(),
        (_ANNEXE,),
        vigilance=(_proof(f"attestation de domiciliation ou d'hébergement {_PROOF_3}"),),
    ),
    *_rules(
        "protection-internationale",
        Critere.PROTECTION_INTERNATIONALE,
        2,
        "Réfugié, bénéficiaire de la protection subsidiaire ou temporaire, ou demandeur d'asile (niveau 2)",
        Fact("protection_internationale").is_true(),
        (_ANNEXE,),
        vigilance=(_proof("titre ou attestation en cours de validité à la date de l'embauche"),),
    ),
    *_rules(
        "residence-zrr",
        Critere.RESIDENCE_ZRR,
        2,
        "Résident d'une zone de revitalisation rurale ou France ruralités revitalisation (niveau 2)",
        Fact("residence_zrr").is_true(),
        (_ANNEXE,),
        vigilance=(_proof(f"justificatif de domicile {_PROOF_6}"),),
        interpretations=(
            "Les ZRR ont laissé place aux zones « France ruralités revitalisation » (ZFRR) : "
            "une résidence dans l'une ou l'autre compte, comme sur la plateforme de "
            "l'inclusion depuis mars 2026.",
        ),
    ),
    *_rules(
        "residence-qpv",
        Critere.RESIDENCE_QPV,
        2,
        "Résident d'un quartier prioritaire de la politique de la ville (niveau 2)",
        Fact("residence_qpv").is_true(),
        (_ANNEXE,),
        vigilance=(
            _proof(f"justificatif de domicile {_PROOF_6}"),
            "La résidence en QPV s'apprécie sur la carte des quartiers prioritaires en vigueur "
            "(celle de 2024 depuis le 1er janvier 2024).",
        ),
    ),
    *_rules(
        "sous-main-de-justice",
        Critere.SOUS_MAIN_DE_JUSTICE,
        2,
        "Sortant de détention ou personne placée sous main de justice (niveau 2)",
        Fact("sous_main_de_justice").is_true() | Fact("sortant_detention").is_true(),
        (_ANNEXE,),
        vigilance=(_proof(f"document du service pénitentiaire ou du juge {_PROOF_6}"),),
        unmodelled=("Aucun délai depuis la sortie de détention n'est vérifié.",),
    ),
    *_rules(
        "francais-inferieur-a1",
        Critere.FRANCAIS_INFERIEUR_A1,
        2,
        "Maîtrise de la langue française inférieure au niveau A1 (niveau 2)",
        Fact("francais_inferieur_a1").is_true(),
        (_ANNEXE,),
        vigilance=(_proof(f"évaluation linguistique {_PROOF_6}"),),
    ),
    *_rules(
        "probleme-mobilite",
        Critere.PROBLEME_MOBILITE,
        2,
        "Problème de mobilité (niveau 2)",
        Fact("probleme_mobilite").is_true(),
        (_ANNEXE,),
        vigilance=(_proof(f"diagnostic de mobilité {_PROOF_6}"),),
    ),
)

_DIAGNOSTIC = _rules(
    "diagnostic-prescripteur",
    Critere.DIAGNOSTIC_PRESCRIPTEUR,
    1,
    "Éligibilité validée par le diagnostic d'un prescripteur habilité, sans critère",
    Fact("avis_organisme").eq("prescripteur_habilite") & Fact("diagnostic_iae_valide").is_true(),
    (
        _L5132_3,
        cite(ARRETE_IAE_2021, article="annexe 1"),
    ),
    vigilance=(
        "Éligibilité par diagnostic : le diagnostic {avis_organisme_libelle} du {avis_date} "
        "vaut 6 mois ; il doit être conservé au dossier avec le nom du prescripteur habilité "
        "(annexe 1 de l'arrêté du 1er septembre 2021).",
    ),
    interpretations=(
        "Un prescripteur habilité (France Travail, mission locale, Cap emploi, service "
        "départemental, SPIP…) valide l'éligibilité sans exiger les critères ; les critères ne "
        "sont exigés que lorsque la structure fait elle-même le diagnostic.",
        "Le diagnostic vaut 6 mois à compter de sa date, le dernier jour exclu (même quantième "
        "6 mois plus tard, décision 0004) ; celui de la structure elle-même vaut 92 jours.",
    ),
    unmodelled=(
        "La durée de 6 mois (92 jours pour la structure) est celle de la plateforme de "
        "l'inclusion ; le texte qui la fixe n'a pas été relu.",
    ),
)

RULES: tuple[Rule, ...] = (*_NIVEAU_1, *_NIVEAU_2, *_DIAGNOSTIC)
"""Every version of every rule of ``iae-2021``."""

NIVEAU_1 = frozenset(str(r.then["critere"]) for r in RULES if r.then["niveau"] == 1)
"""Codes of the criteria that suffice alone (with the prescriber's diagnosis)."""
