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

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from clauserules.core.expr import Expr, Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    CCP_REGLEMENTAIRE,
    CMP_2006,
    DECRET_2015_90,
    DECRET_2016_86,
    DECRET_2016_360,
    DECRET_2022_767,
    LOI_ASAP,
    LOI_CLIMAT_RESILIENCE,
    LOI_ESS_2014,
    LOI_INDUSTRIE_VERTE,
    ORD_2015_899,
    ORD_2016_65,
    ORD_2022_1336,
)
from clauserules.rules.sources.doctrine import CE_ISERE_2013, DREETS_HDF_2025, IGAS_2016
from clauserules.vocabulaire import MotifException, Regime, Statut, TypeInstrument

TOPIC = "articles"
TOPIC_SPASER = "articles.spaser"


class Effet(StrEnum):
    """What an ``articles`` rule does (``then["effet"]``)."""

    REGIME = "regime"
    BASE = "base"
    INTERDIT = "interdit"
    OBLIGATOIRE = "obligatoire"
    EXCEPTION = "exception"
    EXCEPTION_IRRECEVABLE = "exception_irrecevable"
    VIGILANCE = "vigilance"


# --- Dates ------------------------------------------------------------------------------

COUVERTURE_MARCHES = date(2006, 9, 1)
ENTREE_ORDONNANCES = date(2016, 4, 1)
ENTREE_CCP = date(2019, 4, 1)
LOI_ASAP_EFFET = date(2020, 12, 9)
RESERVATION_DETENUS = date(2022, 10, 20)
OBLIGATION_SOCIALE = date(2026, 8, 21)
"""Start of the mandatory social condition; the day itself is ambiguous (legal_current U2)."""

CMP = Validity(COUVERTURE_MARCHES, ENTREE_ORDONNANCES)
ORD = Validity(ENTREE_ORDONNANCES, ENTREE_CCP)
CCP = Validity(ENTREE_CCP)
ORD_CONCESSIONS = Validity(ENTREE_ORDONNANCES, ENTREE_CCP)

_MARCHE = Fact("contrat").eq("marche")
_CONCESSION = Fact("contrat").eq("concession")

# --- Citations --------------------------------------------------------------------------

_IGAS_CMP = cite(IGAS_2016, "391-407")
_IGAS_SIAE_ABSENTE = cite(IGAS_2016, "502-504")
_IGAS_38 = cite(IGAS_2016, "546-558")
_OEAP_CRITERE_SEUL = cite(IGAS_2016, "2520-2524")

VIGILANCE_CONDITION = (
    "La condition d'exécution doit être liée à l'objet du marché et non discriminatoire ; "
    "elle laisse l'entreprise libre de ses modalités (pas de recours imposé aux SIAE ni de "
    "type de contrat de travail) et ne sert pas à choisir l'offre."
)
VIGILANCE_CRITERE = (
    "Le critère d'insertion doit être objectif, précis, lié à l'objet du marché ou à ses "
    "conditions d'exécution, et pondéré dans le règlement de la consultation ; seul, sans "
    "engagement contractuel, il ne constitue pas une clause sociale."
)
VIGILANCE_RESERVE = (
    "La réservation est mentionnée dans l'avis d'appel à la concurrence ou, à défaut, dans "
    "les documents de la consultation ; les structures doivent employer la proportion "
    "minimale de travailleurs concernés (50 % pour les marchés, art. R2113-7 ; à vérifier "
    "pour les concessions, art. R3113-1)."
)


@dataclass(frozen=True, slots=True)
class _Version:
    """One version of an instrument rule (one state of the law)."""

    validity: Validity
    regime: Regime
    texte: str
    article: str | None
    sources: tuple[Citation, ...]
    statut: Statut = Statut.AUTORISE
    motif: str = ""
    vigilance: tuple[str, ...] = ()
    interpretations: tuple[str, ...] = ()
    unmodelled: tuple[str, ...] = ()


def _instrument(
    contrat: str, kind: TypeInstrument, title: str, versions: tuple[_Version, ...]
) -> tuple[Rule, ...]:
    return tuple(
        Rule(
            id=f"articles.{contrat}.{kind.value.replace('_', '-')}",
            title=title,
            topic=TOPIC,
            sources=v.sources,
            validity=v.validity,
            when=Fact("contrat").eq(contrat),
            then={
                "effet": Effet.BASE.value,
                "instrument": kind.value,
                "statut": v.statut.value,
                "regime": v.regime.value,
                "texte": v.texte,
                "article": v.article,
                "motif": v.motif,
            },
            vigilance=v.vigilance,
            interpretations=v.interpretations,
            unmodelled=v.unmodelled,
        )
        for v in versions
    )


def _modifier(
    rule_id: str,
    title: str,
    validity: Validity,
    when: Expr,
    effet: Effet,
    instruments: tuple[TypeInstrument, ...],
    motif: str,
    sources: tuple[Citation, ...],
    *,
    vigilance: tuple[str, ...] = (),
    interpretations: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=rule_id,
        title=title,
        topic=TOPIC,
        sources=sources,
        validity=validity,
        when=when,
        then={
            "effet": effet.value,
            "instruments": tuple(i.value for i in instruments),
            "motif": motif,
        },
        vigilance=vigilance,
        interpretations=interpretations,
    )


# --- Regime -----------------------------------------------------------------------------


def _regime(rule_id: str, validity: Validity, regime: Regime, when: Expr, src: Citation) -> Rule:
    return Rule(
        id=rule_id,
        title=f"Régime applicable : {regime.label}",
        topic=TOPIC,
        sources=(src,),
        validity=validity,
        when=when,
        then={"effet": Effet.REGIME.value, "regime": regime.value},
        interpretations=(
            "Le régime est celui en vigueur à la date de lancement de la consultation "
            "(consultation engagée ou avis envoyé à la publication).",
        ),
    )


REGIME_RULES: tuple[Rule, ...] = (
    _regime(
        "articles.regime.marche",
        CMP,
        Regime.CMP_2006,
        _MARCHE,
        cite(CMP_2006, article="8 du décret n° 2006-975"),
    ),
    _regime(
        "articles.regime.marche",
        ORD,
        Regime.ORD_2015,
        _MARCHE,
        cite(ORD_2015_899, "436-446", article="102"),
    ),
    _regime("articles.regime.marche", CCP, Regime.CCP, _MARCHE, Citation(CCP_LEGISLATIF)),
    _regime(
        "articles.regime.concession",
        ORD_CONCESSIONS,
        Regime.ORD_2016_65,
        _CONCESSION,
        cite(ORD_2016_65, "622-635"),
    ),
    _regime(
        "articles.regime.concession",
        CCP,
        Regime.CCP,
        _CONCESSION,
        Citation(CCP_LEGISLATIF),
    ),
)

# --- Instruments of public contracts (marchés) ------------------------------------------

_CCP_ARTICLES = cite(DREETS_HDF_2025, "398")
_CCP_RESERVES = cite(DREETS_HDF_2025, "455-465")
_NON_PREVU_DETENUS = (
    "La réservation aux opérateurs employant des personnes détenues n'existe que depuis "
    "l'ordonnance n° 2022-1336 (20 octobre 2022)."
)

MARCHE_RULES: tuple[Rule, ...] = (
    *_instrument(
        "marche",
        TypeInstrument.CONDITION_EXECUTION,
        "Insertion comme condition d'exécution du marché",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                "14",
                (cite(CMP_2006, "391-399", article="14"),),
                vigilance=(VIGILANCE_CONDITION,),
                unmodelled=(
                    "Acheteurs soumis à l'ordonnance n° 2005-649 (hors CMP) : décret "
                    "n° 2005-1742, art. 4, équivalent de l'art. 14.",
                ),
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "ord. 2015-899",
                "38",
                (cite(ORD_2015_899, "532-561", article="38, I"),),
                vigilance=(VIGILANCE_CONDITION,),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L2112-2",
                (cite(CCP_LEGISLATIF, article="L2112-2 à L2112-4"), _CCP_ARTICLES, _IGAS_38),
                vigilance=(VIGILANCE_CONDITION,),
            ),
        ),
    ),
    *_instrument(
        "marche",
        TypeInstrument.CRITERE_ATTRIBUTION,
        "Insertion comme critère d'attribution",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                "53",
                (cite(CMP_2006, "405-407", article="53, I, 1°"), cite(CE_ISERE_2013)),
                vigilance=(VIGILANCE_CRITERE,),
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "ord. 2015-899 / décret 2016-360",
                "52 ; décret art. 62",
                (
                    cite(ORD_2015_899, "563-577", article="52"),
                    cite(DECRET_2016_360, "578-620", article="62, II, 2° a)"),
                    _OEAP_CRITERE_SEUL,
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L2152-7 ; R2152-7",
                (
                    cite(CCP_LEGISLATIF, article="L2152-7"),
                    cite(CCP_REGLEMENTAIRE, article="R2152-7, 2° a)"),
                    cite(CE_ISERE_2013),
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
        ),
    ),
    *_instrument(
        "marche",
        TypeInstrument.RESERVE_EA_ESAT,
        "Marché ou lot réservé aux entreprises adaptées et ESAT",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                "15",
                (cite(CMP_2006, "402-405", article="15"),),
                vigilance=(
                    "La réservation de l'art. 15 suppose que la majorité des travailleurs des "
                    "structures soient des personnes handicapées ; elle est mentionnée dans "
                    "l'avis d'appel public à la concurrence.",
                ),
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "ord. 2015-899",
                "36, I",
                (
                    cite(ORD_2015_899, "475-487", article="36, I"),
                    cite(DECRET_2016_360, article="13"),
                ),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=(
                    "Proportion minimale de 50 % fixée par le décret n° 2016-360, art. 13 "
                    "(numéro rappelé, legal_current U5).",
                ),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L2113-12",
                (
                    cite(CCP_LEGISLATIF, article="L2113-12"),
                    cite(CCP_REGLEMENTAIRE, article="R2113-7"),
                    _CCP_RESERVES,
                ),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *_instrument(
        "marche",
        TypeInstrument.RESERVE_SIAE,
        "Marché ou lot réservé aux structures d'insertion par l'activité économique",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                None,
                (_IGAS_SIAE_ABSENTE,),
                statut=Statut.INTERDIT,
                motif=(
                    "Le Code des marchés publics ne prévoit pas de réservation aux SIAE ; "
                    "seule l'insertion comme objet du marché (art. 30) leur est ouverte."
                ),
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "ord. 2015-899",
                "36, II",
                (cite(ORD_2015_899, "488-491", article="36, II"),),
                vigilance=(VIGILANCE_RESERVE,),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L2113-13",
                (
                    cite(CCP_LEGISLATIF, article="L2113-13"),
                    cite(CCP_REGLEMENTAIRE, article="R2113-7"),
                    _CCP_RESERVES,
                ),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *_instrument(
        "marche",
        TypeInstrument.RESERVE_EA_ESAT_SIAE,
        "Marché ou lot réservé à la fois aux EA/ESAT et aux SIAE",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                None,
                (_IGAS_SIAE_ABSENTE,),
                statut=Statut.INTERDIT,
                motif=(
                    "Le Code des marchés publics ne prévoit pas de réservation aux SIAE, donc "
                    "pas de réservation conjointe."
                ),
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "ord. 2015-899",
                "36, III",
                (cite(ORD_2015_899, "493-495", article="36, III"),),
                statut=Statut.INTERDIT,
                motif=(
                    "L'ordonnance interdit de réserver un même marché ou lot à la fois aux "
                    "EA/ESAT et aux SIAE (art. 36, III)."
                ),
            ),
            _Version(
                Validity(ENTREE_CCP, LOI_ASAP_EFFET),
                Regime.CCP,
                "CCP",
                "L2113-14",
                (cite(CCP_LEGISLATIF, article="L2113-14 (rédaction de 2019)"),),
                statut=Statut.INTERDIT,
                motif=(
                    "Avant la loi ASAP, l'art. L2113-14 interdisait de réserver un même marché "
                    "ou lot à la fois aux EA/ESAT et aux SIAE."
                ),
                interpretations=(
                    "Rédaction initiale de L2113-14 connue par des commentaires (weka.fr, "
                    "achatpublic.info), non lue sur Légifrance.",
                ),
            ),
            _Version(
                Validity(LOI_ASAP_EFFET),
                Regime.CCP,
                "CCP",
                "L2113-14",
                (
                    cite(CCP_LEGISLATIF, article="L2113-14"),
                    cite(LOI_ASAP),
                    cite(DREETS_HDF_2025, "464"),
                ),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=(
                    "La loi ASAP (JORF du 8 décembre 2020) s'applique aux consultations lancées "
                    "à compter du 9 décembre 2020, lendemain de sa publication "
                    "(docs/decisions/0012-dates-de-bascule.md).",
                ),
            ),
        ),
    ),
    *_instrument(
        "marche",
        TypeInstrument.RESERVE_DETENUS,
        "Marché ou lot réservé aux opérateurs employant des personnes détenues",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                None,
                (cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "ord. 2015-899",
                None,
                (cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            _Version(
                Validity(ENTREE_CCP, RESERVATION_DETENUS),
                Regime.CCP,
                "CCP",
                None,
                (cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            _Version(
                Validity(RESERVATION_DETENUS),
                Regime.CCP,
                "CCP",
                "L2113-13-1",
                (
                    cite(CCP_LEGISLATIF, article="L2113-13-1"),
                    cite(CCP_REGLEMENTAIRE, article="R2113-7"),
                    cite(ORD_2022_1336),
                ),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *_instrument(
        "marche",
        TypeInstrument.RESERVE_ESS,
        "Marché ou lot réservé aux entreprises de l'économie sociale et solidaire",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                None,
                (cite(ORD_2015_899, "512-530", article="37"),),
                statut=Statut.INTERDIT,
                motif=(
                    "La réservation aux entreprises de l'ESS pour des services sociaux, de "
                    "santé ou culturels n'existe que depuis l'ordonnance n° 2015-899 (art. 37)."
                ),
                interpretations=(
                    "L'IGAS présente l'art. 37 comme reconduisant l'ancien art. 30 du CMP ; "
                    "l'art. 30 ouvrait une procédure adaptée aux marchés d'insertion, non une "
                    "réservation : il est traité comme l'instrument marche_insertion "
                    "(docs/decisions/0013-reservation-ess-et-insertion-objet.md).",
                ),
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "ord. 2015-899",
                "37",
                (cite(ORD_2015_899, "512-530", article="37"),),
                vigilance=(
                    "Réservation ESS : exclue pour l'entreprise titulaire, dans les trois ans "
                    "précédents, d'un marché de ces services attribué par le même acheteur ; à "
                    "vérifier à l'attribution.",
                ),
                unmodelled=(
                    "Mission de service public liée à la prestation des services listés.",
                    "Réservation ouverte aux seuls pouvoirs adjudicateurs.",
                ),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L2113-15",
                (
                    cite(CCP_LEGISLATIF, article="L2113-15 et L2113-16"),
                    cite(CCP_REGLEMENTAIRE, article="R2113-8"),
                    _CCP_RESERVES,
                ),
                vigilance=(
                    "Réservation ESS : exclue pour l'opérateur déjà attributaire, dans les "
                    "trois années précédentes, d'un marché réservé à ce titre pour les mêmes "
                    "services ; à vérifier à l'attribution.",
                ),
                interpretations=(
                    "Contenu de L2113-16 et R2113-8 rappelé (3 ans, ancien attributaire), non "
                    "lu sur Légifrance (legal_current U3).",
                ),
                unmodelled=(
                    "Mission de service public liée à la prestation des services listés.",
                    "Réservation ouverte aux seuls pouvoirs adjudicateurs.",
                ),
            ),
        ),
    ),
    *_instrument(
        "marche",
        TypeInstrument.MARCHE_INSERTION,
        "Insertion comme objet du marché (services de qualification et d'insertion)",
        (
            _Version(
                CMP,
                Regime.CMP_2006,
                "CMP",
                "30",
                (cite(CMP_2006, "400-402", article="30"), cite(IGAS_2016, "9734-9735")),
                vigilance=(
                    "L'article L1224-1 du code du travail ne s'applique pas quand le nouveau "
                    "marché a pour objet l'insertion : veiller à ne pas remplacer des salariés "
                    "en place par des salariés en insertion.",
                ),
            ),
            _Version(
                ORD,
                Regime.ORD_2015,
                "décret 2016-360",
                "28",
                (cite(DECRET_2016_360, article="28"), cite(IGAS_2016, "3652-3657")),
                vigilance=(
                    "L'article L1224-1 du code du travail ne s'applique pas quand le nouveau "
                    "marché a pour objet l'insertion : veiller à ne pas remplacer des salariés "
                    "en place par des salariés en insertion.",
                ),
                interpretations=(
                    "Numéro de l'article du décret n° 2016-360 (procédure adaptée des services "
                    "sociaux et spécifiques) rappelé, non vérifié (legal_current U5).",
                ),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "R2123-1, 3°",
                (cite(CCP_REGLEMENTAIRE, article="R2123-1, 3° et R2123-2"),),
                vigilance=(
                    "L'article L1224-1 du code du travail ne s'applique pas quand le nouveau "
                    "marché a pour objet l'insertion : veiller à ne pas remplacer des salariés "
                    "en place par des salariés en insertion.",
                ),
            ),
        ),
    ),
)

# --- Instruments of concessions ----------------------------------------------------------

_CONC_33 = cite(ORD_2016_65, "631-635", article="33")
_NON_PREVU_CONCESSION_ESS = (
    "La réservation aux entreprises de l'ESS (services sociaux listés) ne concerne que les "
    "marchés publics, pas les contrats de concession."
)
_SANS_OBJET_CONCESSION = (
    "L'insertion comme objet relève d'une procédure de marché public de services : sans "
    "objet pour un contrat de concession."
)

CONCESSION_RULES: tuple[Rule, ...] = (
    *_instrument(
        "concession",
        TypeInstrument.CONDITION_EXECUTION,
        "Insertion comme condition d'exécution du contrat de concession",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65",
                "33",
                (_CONC_33, cite(IGAS_2016, "3516-3520")),
                vigilance=(VIGILANCE_CONDITION,),
                interpretations=("Article 33 attesté par l'IGAS, non vérifié (U5).",),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L3114-2",
                (cite(CCP_LEGISLATIF, article="L3114-2"),),
                vigilance=(VIGILANCE_CONDITION,),
            ),
        ),
    ),
    *_instrument(
        "concession",
        TypeInstrument.CRITERE_ATTRIBUTION,
        "Insertion comme critère d'attribution du contrat de concession",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65 / décret 2016-86",
                "47 ; décret art. 27",
                (
                    cite(ORD_2016_65, "3516-3520", article="47"),
                    cite(DECRET_2016_86, article="27"),
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L3124-5 ; R3124-4",
                (
                    cite(CCP_LEGISLATIF, article="L3124-5"),
                    cite(CCP_REGLEMENTAIRE, article="R3124-4"),
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
        ),
    ),
    *_instrument(
        "concession",
        TypeInstrument.RESERVE_EA_ESAT,
        "Contrat de concession réservé aux entreprises adaptées et ESAT",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65",
                "28, I",
                (cite(ORD_2016_65, "631-633", article="28"),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=("Numéro d'article rappelé, non vérifié (legal_current U5).",),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L3113-1",
                (cite(CCP_LEGISLATIF, article="L3113-1"),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=("Proportion minimale de R3113-1 non vérifiée (U4).",),
            ),
        ),
    ),
    *_instrument(
        "concession",
        TypeInstrument.RESERVE_SIAE,
        "Contrat de concession réservé aux SIAE",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65",
                "28, II",
                (cite(ORD_2016_65, "631-633", article="28"),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=("Numéro d'article rappelé, non vérifié (legal_current U5).",),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L3113-2",
                (cite(CCP_LEGISLATIF, article="L3113-2"),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=("Article L3113-2 rappelé, non lu (legal_current §1.4).",),
            ),
        ),
    ),
    *_instrument(
        "concession",
        TypeInstrument.RESERVE_EA_ESAT_SIAE,
        "Contrat de concession réservé à la fois aux EA/ESAT et aux SIAE",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65",
                "28, III",
                (cite(ORD_2016_65, "631-633", article="28"),),
                statut=Statut.INTERDIT,
                motif=(
                    "Comme pour les marchés (ord. 2015-899, art. 36, III), une concession ne "
                    "peut être réservée à la fois aux EA/ESAT et aux SIAE."
                ),
                interpretations=("Interdiction supposée symétrique de celle des marchés (U5).",),
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                "L3113-3",
                (cite(CCP_LEGISLATIF, article="L3113-3"),),
                statut=Statut.INTERDIT,
                motif=(
                    "L'art. L3113-3 interdit de réserver une concession à la fois aux "
                    "opérateurs de L3113-1 et de L3113-2."
                ),
                vigilance=(
                    "Vérifier la rédaction actuelle de L3113-3 : la loi ASAP a pu aligner les "
                    "concessions sur l'art. L2113-14 (legal_current U4).",
                ),
            ),
        ),
    ),
    *_instrument(
        "concession",
        TypeInstrument.RESERVE_DETENUS,
        "Contrat de concession réservé aux opérateurs employant des personnes détenues",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65",
                None,
                (cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            _Version(
                Validity(ENTREE_CCP, RESERVATION_DETENUS),
                Regime.CCP,
                "CCP",
                None,
                (cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            _Version(
                Validity(RESERVATION_DETENUS),
                Regime.CCP,
                "CCP",
                "L3113-2-1",
                (cite(CCP_LEGISLATIF, article="L3113-2-1"), cite(ORD_2022_1336)),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *_instrument(
        "concession",
        TypeInstrument.RESERVE_ESS,
        "Réservation ESS (sans objet pour une concession)",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65",
                None,
                (cite(ORD_2015_899, "512-530", article="37"),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_CONCESSION_ESS,
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                None,
                (cite(CCP_LEGISLATIF, article="L2113-15"),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_CONCESSION_ESS,
            ),
        ),
    ),
    *_instrument(
        "concession",
        TypeInstrument.MARCHE_INSERTION,
        "Insertion comme objet (sans objet pour une concession)",
        (
            _Version(
                ORD_CONCESSIONS,
                Regime.ORD_2016_65,
                "ord. 2016-65",
                None,
                (cite(DECRET_2016_360, article="28"),),
                statut=Statut.INTERDIT,
                motif=_SANS_OBJET_CONCESSION,
            ),
            _Version(
                CCP,
                Regime.CCP,
                "CCP",
                None,
                (cite(CCP_REGLEMENTAIRE, article="R2123-1, 3°"),),
                statut=Statut.INTERDIT,
                motif=_SANS_OBJET_CONCESSION,
            ),
        ),
    ),
)

# --- Prohibitions ----------------------------------------------------------------------

_SIAE_DEFENSE = (
    "Un marché de défense ou de sécurité ne peut pas être réservé aux SIAE (ni, par suite, "
    "conjointement aux EA/ESAT et aux SIAE)."
)
_ESS_DEFENSE = (
    "Un marché de défense ou de sécurité ne peut pas être réservé aux entreprises de l'ESS."
)
_ESS_SERVICES = (
    "La réservation ESS ne vaut que pour des marchés portant exclusivement sur des services "
    "sociaux, de santé ou culturels de la liste publiée (services sociaux et spécifiques)."
)
_ESS_DUREE = "Un marché réservé aux entreprises de l'ESS ne peut durer plus de trois ans (36 mois)."
_INSERTION_SERVICES = (
    "L'insertion comme objet suppose un marché de services de qualification et d'insertion "
    "professionnelle : impossible pour un lot de travaux, de fournitures ou de prestations "
    "intellectuelles."
)
_CUMUL_AVANT_ASAP = (
    "Choisir pour un même lot une réservation aux EA/ESAT et une réservation aux SIAE revient "
    "à une réservation conjointe, interdite avant la loi ASAP (9 décembre 2020)."
)
_CUMUL_DETENUS = (
    "Un même lot ne peut être réservé à la fois aux opérateurs employant des personnes "
    "détenues et aux EA/ESAT ou SIAE (art. L2113-14, second alinéa)."
)
_DEFENSE = Fact("defense_securite").is_true()
_SIAE_KINDS = (TypeInstrument.RESERVE_SIAE, TypeInstrument.RESERVE_EA_ESAT_SIAE)
_CCP_DEFENSE_INTERP = (
    "L'exclusion des marchés de défense ou de sécurité, explicite dans l'ordonnance "
    "n° 2015-899, est tenue pour maintenue par la codification à droit constant (livre III de "
    "la deuxième partie du CCP) ; à vérifier.",
)
_PREFS = Fact("preferences")

PROHIBITION_RULES: tuple[Rule, ...] = (
    _modifier(
        "articles.marche.siae-defense",
        "Pas de réservation aux SIAE pour un marché de défense ou de sécurité",
        ORD,
        _MARCHE & _DEFENSE,
        Effet.INTERDIT,
        _SIAE_KINDS,
        _SIAE_DEFENSE,
        (cite(ORD_2015_899, "488-491", article="36, II"),),
    ),
    _modifier(
        "articles.marche.siae-defense",
        "Pas de réservation aux SIAE pour un marché de défense ou de sécurité",
        CCP,
        _MARCHE & _DEFENSE,
        Effet.INTERDIT,
        _SIAE_KINDS,
        _SIAE_DEFENSE,
        (cite(CCP_LEGISLATIF, article="L2113-13"), cite(ORD_2015_899, "488-491", article="36, II")),
        interpretations=_CCP_DEFENSE_INTERP,
    ),
    _modifier(
        "articles.marche.ess-defense",
        "Pas de réservation ESS pour un marché de défense ou de sécurité",
        ORD,
        _MARCHE & _DEFENSE,
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_ESS,),
        _ESS_DEFENSE,
        (cite(ORD_2015_899, "517-523", article="37, I"),),
    ),
    _modifier(
        "articles.marche.ess-defense",
        "Pas de réservation ESS pour un marché de défense ou de sécurité",
        CCP,
        _MARCHE & _DEFENSE,
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_ESS,),
        _ESS_DEFENSE,
        (cite(CCP_LEGISLATIF, article="L2113-15"), cite(ORD_2015_899, "517-523", article="37, I")),
        interpretations=_CCP_DEFENSE_INTERP,
    ),
    _modifier(
        "articles.marche.ess-services",
        "Réservation ESS limitée aux services sociaux et spécifiques listés",
        ORD,
        _MARCHE & Fact("services_sociaux_specifiques").eq(False),
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_ESS,),
        _ESS_SERVICES,
        (cite(ORD_2015_899, "517-523", article="37, I"),),
    ),
    _modifier(
        "articles.marche.ess-services",
        "Réservation ESS limitée aux services sociaux et spécifiques listés",
        CCP,
        _MARCHE & Fact("services_sociaux_specifiques").eq(False),
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_ESS,),
        _ESS_SERVICES,
        (cite(CCP_LEGISLATIF, article="L2113-15"),),
    ),
    _modifier(
        "articles.marche.ess-duree",
        "Marché réservé ESS : durée de trois ans au plus",
        ORD,
        _MARCHE & (Fact("duree_mois") > 36),
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_ESS,),
        _ESS_DUREE,
        (cite(ORD_2015_899, "529-530", article="37, II"),),
        interpretations=("Trois ans = 36 mois ; une durée de 36 mois est admise.",),
    ),
    _modifier(
        "articles.marche.ess-duree",
        "Marché réservé ESS : durée de trois ans au plus",
        CCP,
        _MARCHE & (Fact("duree_mois") > 36),
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_ESS,),
        _ESS_DUREE,
        (cite(CCP_LEGISLATIF, article="L2113-16"),),
        interpretations=(
            "Trois ans = 36 mois ; une durée de 36 mois est admise.",
            "Durée maximale de L2113-16 rappelée, non lue (U3).",
        ),
    ),
    _modifier(
        "articles.marche.ess-liste",
        "Marché réservé ESS : seuls les services de la liste fermée peuvent être réservés",
        Validity(ENTREE_ORDONNANCES),
        _MARCHE & _PREFS.contains(TypeInstrument.RESERVE_ESS.value),
        Effet.VIGILANCE,
        (TypeInstrument.RESERVE_ESS,),
        "",
        (
            cite(ORD_2015_899, "517-530", article="37"),
            cite(CCP_LEGISLATIF, article="L2113-15"),
        ),
        vigilance=(
            "Réservation ESS : seuls certains services de santé, sociaux et culturels, "
            "énumérés par une liste fermée, peuvent être réservés ; la qualité de service "
            "social ou spécifique ne suffit pas. La réservation n'est ouverte qu'aux pouvoirs "
            "adjudicateurs (une entité adjudicatrice qui n'en est pas un ne peut y recourir).",
        ),
        interpretations=(
            "Les codes de la liste (directive 2014/24, art. 77) ne sont pas modélisés : "
            "l'acheteur les vérifie.",
        ),
    ),
    _modifier(
        "articles.marche.insertion-objet-liste",
        "Marché d'insertion : la procédure adaptée vaut pour les services de la liste",
        CCP,
        _MARCHE
        & Fact("nature").eq("services")
        & Fact("services_sociaux_specifiques").eq(False)
        & _PREFS.contains(TypeInstrument.MARCHE_INSERTION.value),
        Effet.VIGILANCE,
        (TypeInstrument.MARCHE_INSERTION,),
        "",
        (cite(CCP_REGLEMENTAIRE, article="R2123-1, 3°"),),
        vigilance=(
            "Marché d'insertion : la procédure adaptée de l'art. R2123-1, 3° vaut pour les "
            "services sociaux et autres services spécifiques de la liste annexée au code ; la "
            "consultation ne les déclare pas comme tels : vérifier que les services de "
            "qualification et d'insertion professionnelle achetés y figurent.",
        ),
    ),
    *(
        _modifier(
            "articles.marche.insertion-objet-services",
            "L'insertion comme objet suppose un marché de services",
            validity,
            _MARCHE
            & Fact("nature").one_of("travaux", "fournitures", "prestations_intellectuelles"),
            Effet.INTERDIT,
            (TypeInstrument.MARCHE_INSERTION,),
            _INSERTION_SERVICES,
            sources,
            interpretations=(
                "Les prestations intellectuelles sont des services, mais leur objet n'est pas "
                "la qualification et l'insertion : un lot de prestations intellectuelles ne "
                "peut être un marché d'insertion.",
            ),
        )
        for validity, sources in (
            (CMP, (cite(CMP_2006, "400-402", article="30"),)),
            (ORD, (cite(DECRET_2016_360, article="28"),)),
            (CCP, (cite(CCP_REGLEMENTAIRE, article="R2123-1, 3°"),)),
        )
    ),
    *(
        _modifier(
            "articles.marche.reserves-cumul-avant-asap",
            "Réservations EA/ESAT et SIAE cumulées sur un même lot avant la loi ASAP",
            validity,
            _MARCHE
            & _PREFS.contains(TypeInstrument.RESERVE_EA_ESAT.value)
            & _PREFS.contains(TypeInstrument.RESERVE_SIAE.value),
            Effet.INTERDIT,
            (TypeInstrument.RESERVE_EA_ESAT, TypeInstrument.RESERVE_SIAE),
            _CUMUL_AVANT_ASAP,
            sources,
        )
        for validity, sources in (
            (ORD, (cite(ORD_2015_899, "493-495", article="36, III"),)),
            (
                Validity(ENTREE_CCP, LOI_ASAP_EFFET),
                (cite(CCP_LEGISLATIF, article="L2113-14 (rédaction de 2019)"),),
            ),
        )
    ),
    _modifier(
        "articles.marche.reserves-cumul",
        "Réservations EA/ESAT et SIAE cumulées sur un même lot depuis la loi ASAP",
        Validity(LOI_ASAP_EFFET),
        _MARCHE
        & _PREFS.contains(TypeInstrument.RESERVE_EA_ESAT.value)
        & _PREFS.contains(TypeInstrument.RESERVE_SIAE.value),
        Effet.VIGILANCE,
        (TypeInstrument.RESERVE_EA_ESAT_SIAE,),
        "",
        (cite(CCP_LEGISLATIF, article="L2113-14"), cite(LOI_ASAP)),
        vigilance=(
            "Un lot ne peut être réservé que d'une façon : pour ouvrir un même lot aux "
            "EA/ESAT et aux SIAE, retenir la réservation conjointe (art. L2113-14).",
        ),
    ),
    _modifier(
        "articles.marche.detenus-cumul",
        "Pas de réservation conjointe aux opérateurs employant des détenus et aux EA/ESAT ou SIAE",
        Validity(RESERVATION_DETENUS),
        _MARCHE
        & _PREFS.contains(TypeInstrument.RESERVE_DETENUS.value)
        & _PREFS.contains(
            TypeInstrument.RESERVE_EA_ESAT.value,
            TypeInstrument.RESERVE_SIAE.value,
            TypeInstrument.RESERVE_EA_ESAT_SIAE.value,
        ),
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_DETENUS,),
        _CUMUL_DETENUS,
        (cite(CCP_LEGISLATIF, article="L2113-14, second alinéa"),),
    ),
    *(
        _modifier(
            "articles.concession.reserves-cumul",
            "Concession : pas de cumul des réservations EA/ESAT et SIAE sur un même contrat",
            validity,
            _CONCESSION
            & _PREFS.contains(TypeInstrument.RESERVE_EA_ESAT.value)
            & _PREFS.contains(TypeInstrument.RESERVE_SIAE.value),
            Effet.INTERDIT,
            (TypeInstrument.RESERVE_EA_ESAT, TypeInstrument.RESERVE_SIAE),
            "Un contrat de concession ne peut être réservé à la fois aux EA/ESAT et aux SIAE : "
            "la réservation conjointe n'est pas ouverte aux concessions (lecture prudente).",
            sources,
            interpretations=(
                "Même lecture que articles.concession.reserve-ea-esat-siae : l'ouverture de la "
                "réservation conjointe aux concessions par la loi ASAP n'est pas vérifiée "
                "(legal_current U4).",
            ),
        )
        for validity, sources in (
            (ORD_CONCESSIONS, (cite(ORD_2016_65, "631-633", article="28"),)),
            (CCP, (cite(CCP_LEGISLATIF, article="L3113-3"),)),
        )
    ),
    _modifier(
        "articles.concession.detenus-cumul",
        "Concession : pas de réservation conjointe aux opérateurs employant des détenus et aux EA/ESAT ou SIAE",
        Validity(RESERVATION_DETENUS),
        _CONCESSION
        & _PREFS.contains(TypeInstrument.RESERVE_DETENUS.value)
        & _PREFS.contains(
            TypeInstrument.RESERVE_EA_ESAT.value,
            TypeInstrument.RESERVE_SIAE.value,
            TypeInstrument.RESERVE_EA_ESAT_SIAE.value,
        ),
        Effet.INTERDIT,
        (TypeInstrument.RESERVE_DETENUS,),
        "Un même contrat de concession ne peut être réservé à la fois aux opérateurs "
        "employant des personnes détenues et aux EA/ESAT ou SIAE (art. L3113-3).",
        (cite(CCP_LEGISLATIF, article="L3113-3"), cite(ORD_2022_1336)),
        interpretations=(
            "L'ordonnance n° 2022-1336 a inséré dans le code, pour les concessions, des "
            "dispositions semblables au second alinéa de L2113-14 ; l'alinéa de L3113-3 n'a "
            "pas été lu (à vérifier sur Légifrance).",
        ),
    ),
)

# --- The mandatory social execution condition (loi Climat et résilience) ----------------

_AMBIGU = (
    "Consultation lancée le 21 août 2026 : les commentateurs datent l'obligation de ce jour, "
    "Légifrance affiche des versions au 22 août 2026 ; l'obligation est appliquée, à vérifier "
    "(legal_current U2)."
)
_OBLIGATION_INTERP = (
    "La valeur comparée au seuil est la valeur estimée du contrat entier (somme des lots ou "
    "valeur_estimee_ht déclarée), jamais celle du lot ; seuil de la catégorie d'acheteur et de "
    "nature de l'avis annexé au CCP, en vigueur à la date de lancement.",
    "Obligation appliquée aux consultations lancées à compter du 21 août 2026 "
    "(docs/decisions/0012-dates-de-bascule.md).",
)
_OBLIGATION_WHEN = Fact("valeur_estimee_ge_seuil").is_true() & Fact("defense_securite").eq(False)
_MOTIF_OBLIGATION = (
    "Valeur estimée du contrat au moins égale au seuil européen : une condition d'exécution "
    "sociale ou relative à l'emploi est obligatoire (sauf exception motivée)."
)
_MOTIFS_COMMUNS = (
    MotifException.LIEN_INSUFFISANT_OBJET.value,
    MotifException.RESTRICTION_CONCURRENCE_OU_DIFFICULTE_EXECUTION.value,
)
_EXCEPTION_VIGILANCE = (
    "Exception à l'obligation de condition d'exécution sociale ({motif_exception_libelle}) : "
    "en consigner les motifs par écrit au dossier de la consultation."
)


_VALEUR_CONCESSION = (
    "Pour un contrat de concession, la valeur estimée comparée au seuil est le chiffre "
    "d'affaires total hors taxes du concessionnaire pendant la durée du contrat (art. "
    "R3121-1), non un prix : renseigner valeur_estimee_ht en conséquence."
)


def _obligation(contrat: str, article: str, title: str) -> tuple[Rule, ...]:
    when = Fact("contrat").eq(contrat) & _OBLIGATION_WHEN
    sources = (
        cite(CCP_LEGISLATIF, article=article),
        cite(LOI_CLIMAT_RESILIENCE, article="35"),
        cite(DREETS_HDF_2025, "435-439"),
    )
    return tuple(
        _modifier(
            f"articles.{contrat}.obligation-sociale",
            title,
            validity,
            when,
            Effet.OBLIGATOIRE,
            (TypeInstrument.CONDITION_EXECUTION,),
            _MOTIF_OBLIGATION,
            sources,
            vigilance=vigilance,
            interpretations=_OBLIGATION_INTERP,
        )
        for validity, vigilance in (
            (
                Validity(OBLIGATION_SOCIALE, date(2026, 8, 22)),
                (_AMBIGU, *((_VALEUR_CONCESSION,) if contrat == "concession" else ())),
            ),
            (Validity(date(2026, 8, 22)), (_VALEUR_CONCESSION,) if contrat == "concession" else ()),
        )
    )


_CLIMAT = Validity(OBLIGATION_SOCIALE)

OBLIGATION_RULES: tuple[Rule, ...] = (
    *_obligation(
        "marche",
        "L2112-2-1",
        "Condition d'exécution sociale obligatoire au-delà des seuils européens (marchés)",
    ),
    *_obligation(
        "concession",
        "L3114-2-1",
        "Condition d'exécution sociale obligatoire au-delà du seuil européen (concessions)",
    ),
    _modifier(
        "articles.marche.obligation-sociale.exception",
        "Exception motivée à la condition d'exécution sociale obligatoire (marchés)",
        _CLIMAT,
        _MARCHE & _OBLIGATION_WHEN & Fact("exception_obligation_sociale").one_of(*_MOTIFS_COMMUNS),
        Effet.EXCEPTION,
        (TypeInstrument.CONDITION_EXECUTION,),
        "Exception motivée à l'obligation (art. L2112-2-1, II).",
        (cite(CCP_LEGISLATIF, article="L2112-2-1, II"), cite(LOI_CLIMAT_RESILIENCE, article="35")),
        vigilance=(_EXCEPTION_VIGILANCE,),
        interpretations=(
            "Texte de L2112-2-1 non lu : exceptions supposées symétriques de L3114-2-1 "
            "(legal_current U1).",
        ),
    ),
    _modifier(
        "articles.marche.obligation-sociale.exception-solution-disponible",
        "Exception : besoin satisfait par une solution immédiatement disponible (marchés)",
        _CLIMAT,
        _MARCHE
        & _OBLIGATION_WHEN
        & Fact("exception_obligation_sociale").eq(
            MotifException.SOLUTION_IMMEDIATEMENT_DISPONIBLE.value
        ),
        Effet.EXCEPTION,
        (TypeInstrument.CONDITION_EXECUTION,),
        "Exception motivée à l'obligation (art. L2112-2-1, II, 1°).",
        (
            cite(CCP_LEGISLATIF, article="L2112-2-1, II, 1°"),
            cite(LOI_CLIMAT_RESILIENCE, article="35"),
        ),
        vigilance=(
            _EXCEPTION_VIGILANCE,
            "Le motif « solution immédiatement disponible » est rappelé de mémoire et n'a "
            "pas été lu dans l'art. L2112-2-1 : le vérifier avant de s'en prévaloir "
            "(legal_current U1).",
        ),
    ),
    _modifier(
        "articles.concession.obligation-sociale.exception",
        "Exception motivée à la condition d'exécution sociale obligatoire (concessions)",
        _CLIMAT,
        _CONCESSION
        & _OBLIGATION_WHEN
        & Fact("exception_obligation_sociale").one_of(*_MOTIFS_COMMUNS),
        Effet.EXCEPTION,
        (TypeInstrument.CONDITION_EXECUTION,),
        "Exception motivée à l'obligation (art. L3114-2-1, II).",
        (
            cite(CCP_LEGISLATIF, article="L3114-2-1, II et III"),
            cite(LOI_CLIMAT_RESILIENCE, article="35"),
        ),
        vigilance=(_EXCEPTION_VIGILANCE,),
    ),
    _modifier(
        "articles.concession.obligation-sociale.exception-irrecevable",
        "Motif d'exception non prévu pour les concessions",
        _CLIMAT,
        _CONCESSION
        & _OBLIGATION_WHEN
        & Fact("exception_obligation_sociale").eq(
            MotifException.SOLUTION_IMMEDIATEMENT_DISPONIBLE.value
        ),
        Effet.EXCEPTION_IRRECEVABLE,
        (TypeInstrument.CONDITION_EXECUTION,),
        "Le motif « solution immédiatement disponible » n'est pas prévu pour les concessions.",
        (cite(CCP_LEGISLATIF, article="L3114-2-1, II"),),
        vigilance=(
            "L'art. L3114-2-1 ne prévoit que deux motifs d'exception (lien insuffisant avec "
            "l'objet ; restriction de la concurrence ou difficulté d'exécution) : l'exception "
            "déclarée n'est pas recevable et la condition d'exécution sociale reste obligatoire.",
        ),
    ),
)

# --- SPASER (informative) ---------------------------------------------------------------

_TOUS_ACHETEURS = (
    "etat",
    "collectivite",
    "etablissement_public",
    "etablissement_sante",
    "bailleur_social",
    "entite_adjudicatrice",
    "autre",
)
_AUTRES_QUE_COLLECTIVITES = tuple(t for t in _TOUS_ACHETEURS if t != "collectivite")
SPASER_100M = 10_000_000_000  # centimes
SPASER_50M = 5_000_000_000
SPASER_DEBUT = date(2015, 1, 31)
SPASER_50M_DEBUT = date(2023, 1, 1)
SPASER_TOUS_ACHETEURS = date(2023, 10, 25)


def _spaser(
    rule_id: str,
    validity: Validity,
    seuil: int | None,
    types: tuple[str, ...],
    statut: str,
    sources: tuple[Citation, ...],
    *,
    vigilance: tuple[str, ...] = (),
    interpretations: tuple[str, ...] = (),
) -> Rule:
    when: Expr = Fact("type_acheteur").one_of(*types)
    if seuil is not None:
        when = when & (Fact("achats_annuels_ht_centimes") > seuil)
    return Rule(
        id=rule_id,
        title=(
            "Schéma de promotion des achats socialement et écologiquement responsables (SPASER)"
            if seuil
            else "SPASER : pas d'obligation avant le décret n° 2015-90"
        ),
        topic=TOPIC_SPASER,
        sources=sources,
        validity=validity,
        when=when,
        then={"spaser": statut, "seuil_centimes": seuil},
        vigilance=vigilance,
        interpretations=interpretations,
    )


_SPASER_INTERP = (
    "« Supérieur à » : le montant annuel des achats doit dépasser strictement le seuil.",
    "Le montant est celui des achats annuels déclaré par l'acheteur (année précédente).",
)
_LOI_ESS = cite(LOI_ESS_2014, "686-709", article="13")
_D2111_3 = cite(CCP_REGLEMENTAIRE, article="D2111-3")
_L2111_3 = cite(CCP_LEGISLATIF, article="L2111-3")
_STATUT_LEGAL = (
    "Acheteur autre qu'une collectivité territoriale : le SPASER n'est obligatoire que si son "
    "statut est fixé par la loi (organisme de nature législative) ; à vérifier."
)

SPASER_RULES: tuple[Rule, ...] = (
    _spaser(
        "articles.spaser.obligation",
        Validity(COUVERTURE_MARCHES, SPASER_DEBUT),
        None,
        _TOUS_ACHETEURS,
        "non_prevu",
        (_LOI_ESS,),
        interpretations=(
            "L'obligation, créée par la loi du 31 juillet 2014, s'applique à partir du décret "
            "fixant le seuil (n° 2015-90 du 28 janvier 2015), daté ici du lendemain de sa "
            "publication présumée au JORF du 30 janvier 2015 (à vérifier).",
        ),
    ),
    _spaser(
        "articles.spaser.obligation",
        Validity(SPASER_DEBUT, SPASER_50M_DEBUT),
        SPASER_100M,
        ("collectivite",),
        "obligatoire",
        (_LOI_ESS, cite(DECRET_2015_90, "731-733"), _L2111_3),
        interpretations=_SPASER_INTERP,
    ),
    _spaser(
        "articles.spaser.obligation",
        Validity(SPASER_50M_DEBUT, SPASER_TOUS_ACHETEURS),
        SPASER_50M,
        ("collectivite",),
        "obligatoire",
        (_L2111_3, _D2111_3, cite(DECRET_2022_767, article="1er")),
        interpretations=_SPASER_INTERP,
    ),
    _spaser(
        "articles.spaser.obligation",
        Validity(SPASER_TOUS_ACHETEURS),
        SPASER_50M,
        _TOUS_ACHETEURS,
        "obligatoire",
        (_L2111_3, _D2111_3, cite(LOI_INDUSTRIE_VERTE, article="29")),
        interpretations=(
            *_SPASER_INTERP,
            "Depuis la loi « industrie verte », tout acheteur au-dessus du seuil adopte un "
            "SPASER (éventuellement commun à plusieurs acheteurs).",
        ),
    ),
    _spaser(
        "articles.spaser.statut-legal",
        Validity(SPASER_DEBUT, SPASER_50M_DEBUT),
        SPASER_100M,
        _AUTRES_QUE_COLLECTIVITES,
        "a_verifier",
        (_LOI_ESS, cite(DECRET_2015_90, "731-733"), _L2111_3),
        vigilance=(_STATUT_LEGAL,),
    ),
    _spaser(
        "articles.spaser.statut-legal",
        Validity(SPASER_50M_DEBUT, SPASER_TOUS_ACHETEURS),
        SPASER_50M,
        _AUTRES_QUE_COLLECTIVITES,
        "a_verifier",
        (_L2111_3, _D2111_3),
        vigilance=(_STATUT_LEGAL,),
    ),
)

INSTRUMENT_RULES: tuple[Rule, ...] = MARCHE_RULES + CONCESSION_RULES
RULES: tuple[Rule, ...] = (
    REGIME_RULES + INSTRUMENT_RULES + PROHIBITION_RULES + OBLIGATION_RULES + SPASER_RULES
)
