"""Marchés et concessions réservés : L2113-12 à L2113-15 (EA/ESAT, SIAE, réservation conjointe,
opérateurs employant des détenus, ESS) et L3113-1 à L3113-3, avec leurs versions antérieures
(CMP art. 15, ord. 2015-899 art. 36 et 37, ord. 2016-65 art. 28), et les cumuls de
réservations sur un même lot.
"""

from __future__ import annotations

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Rule, Validity
from clauserules.rules.articles.commun import (
    CCP,
    CMP,
    CONCESSION,
    ENTREE_CCP,
    LOI_ASAP_EFFET,
    MARCHE,
    ORD,
    ORD_CONCESSIONS,
    PREFS,
    PROPORTION_DETENUS,
    RESERVATION_DETENUS,
    Effet,
    Version,
    modificateur,
    regles_instrument,
)
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    CCP_REGLEMENTAIRE,
    CMP_2006,
    DECRET_2016_360,
    DECRET_2022_1683,
    LOI_ASAP,
    ORD_2015_899,
    ORD_2016_65,
    ORD_2022_1336,
)
from clauserules.rules.sources.doctrine import DREETS_HDF_2025, IGAS_2016
from clauserules.vocabulaire import Regime, Statut, TypeInstrument

_IGAS_SIAE_ABSENTE = cite(IGAS_2016, "502-504")
_CCP_RESERVES = cite(DREETS_HDF_2025, "455-465")
_NON_PREVU_DETENUS = (
    "La réservation aux opérateurs employant des personnes détenues n'existe que depuis "
    "l'ordonnance n° 2022-1336 du 19 octobre 2022, publiée le 20 et en vigueur le 21 octobre "
    "2022."
)
_NON_PREVU_CONCESSION_ESS = (
    "La réservation aux entreprises de l'ESS (services sociaux listés) ne concerne que les "
    "marchés publics, pas les contrats de concession."
)
_CUMUL_AVANT_ASAP = (
    "Choisir pour un même lot une réservation aux EA/ESAT et une réservation aux SIAE revient "
    "à une réservation conjointe, interdite avant la loi ASAP (9 décembre 2020)."
)
_CUMUL_DETENUS = (
    "Un même lot ne peut être réservé à la fois aux opérateurs employant des personnes "
    "détenues et aux EA/ESAT ou SIAE (art. L2113-14, second alinéa)."
)

VIGILANCE_CONJOINTE_CONCESSION = (
    "Réservation d'une concession à la fois aux EA/ESAT et aux SIAE : la loi ASAP a ouvert la "
    "réservation conjointe aux marchés (art. L2113-14) et l'ordonnance n° 2022-1336 a ajouté à "
    "l'art. L3113-3 un alinéa qui interdit de la cumuler avec la réservation aux opérateurs "
    "employant des personnes détenues, ce qui suppose qu'elle est permise pour les concessions. "
    "Lire la rédaction en vigueur de l'art. L3113-3 sur Légifrance avant de la retenir."
)
VIGILANCE_PROPORTION_DETENUS = (
    "Réservation aux opérateurs employant des personnes détenues entre le 21 octobre et le 31 "
    "décembre 2022 : la proportion minimale de personnes détenues exigée par la loi n'a été "
    "fixée que par le décret n° 2022-1683 du 28 décembre 2022, pour les consultations lancées "
    "à compter du 1er janvier 2023. Avant cette date, la réservation ne pouvait pas être mise "
    "en œuvre en pratique : la déconseiller, ou vérifier la position de la DAJ."
)

VIGILANCE_RESERVE = (
    "La réservation est mentionnée dans l'avis d'appel à la concurrence ou, à défaut, dans "
    "les documents de la consultation ; les structures doivent employer la proportion "
    "minimale de travailleurs concernés (50 % pour les marchés, art. R2113-7 ; à vérifier "
    "pour les concessions, art. R3113-1)."
)

MARCHE_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.RESERVE_EA_ESAT,
        title="Marché ou lot réservé aux entreprises adaptées et ESAT",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article="15",
                sources=(cite(CMP_2006, "402-405"),),
                vigilance=(
                    "La réservation de l'art. 15 suppose que la majorité des travailleurs des "
                    "structures soient des personnes handicapées ; elle est mentionnée dans "
                    "l'avis d'appel public à la concurrence.",
                ),
            ),
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="ord. 2015-899",
                article="36, I",
                sources=(
                    cite(ORD_2015_899, "475-487"),
                    cite(DECRET_2016_360, article="13"),
                ),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=(
                    "Proportion minimale de 50 % fixée par le décret n° 2016-360, art. 13 "
                    "(numéro non vérifié sur Légifrance).",
                ),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L2113-12",
                sources=(
                    cite(CCP_LEGISLATIF),
                    cite(CCP_REGLEMENTAIRE, article="R2113-7"),
                    _CCP_RESERVES,
                ),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.RESERVE_SIAE,
        title="Marché ou lot réservé aux structures d'insertion par l'activité économique",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article=None,
                sources=(_IGAS_SIAE_ABSENTE,),
                statut=Statut.INTERDIT,
                motif=(
                    "Le Code des marchés publics ne prévoit pas de réservation aux SIAE ; "
                    "seule l'insertion comme objet du marché (art. 30) leur est ouverte."
                ),
            ),
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="ord. 2015-899",
                article="36, II",
                sources=(cite(ORD_2015_899, "488-491"),),
                vigilance=(VIGILANCE_RESERVE,),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L2113-13",
                sources=(
                    cite(CCP_LEGISLATIF),
                    cite(CCP_REGLEMENTAIRE, article="R2113-7"),
                    _CCP_RESERVES,
                ),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.RESERVE_EA_ESAT_SIAE,
        title="Marché ou lot réservé à la fois aux EA/ESAT et aux SIAE",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article=None,
                sources=(_IGAS_SIAE_ABSENTE,),
                statut=Statut.INTERDIT,
                motif=(
                    "Le Code des marchés publics ne prévoit pas de réservation aux SIAE, donc "
                    "pas de réservation conjointe."
                ),
            ),
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="ord. 2015-899",
                article="36, III",
                sources=(cite(ORD_2015_899, "493-495"),),
                statut=Statut.INTERDIT,
                motif=(
                    "L'ordonnance interdit de réserver un même marché ou lot à la fois aux "
                    "EA/ESAT et aux SIAE (art. 36, III)."
                ),
            ),
            Version(
                validity=Validity(ENTREE_CCP, LOI_ASAP_EFFET),
                regime=Regime.CCP,
                texte="CCP",
                article="L2113-14",
                sources=(cite(CCP_LEGISLATIF, article="L2113-14 (rédaction de 2019)"),),
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
            Version(
                validity=Validity(LOI_ASAP_EFFET),
                regime=Regime.CCP,
                texte="CCP",
                article="L2113-14",
                sources=(
                    cite(CCP_LEGISLATIF),
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
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.RESERVE_DETENUS,
        title="Marché ou lot réservé aux opérateurs employant des personnes détenues",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article=None,
                sources=(cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="ord. 2015-899",
                article=None,
                sources=(cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            Version(
                validity=Validity(ENTREE_CCP, RESERVATION_DETENUS),
                regime=Regime.CCP,
                texte="CCP",
                article=None,
                sources=(cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            Version(
                validity=Validity(RESERVATION_DETENUS),
                regime=Regime.CCP,
                texte="CCP",
                article="L2113-13-1",
                sources=(
                    cite(CCP_LEGISLATIF),
                    cite(CCP_REGLEMENTAIRE, article="R2113-7"),
                    cite(ORD_2022_1336),
                ),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.RESERVE_ESS,
        title="Marché ou lot réservé aux entreprises de l'économie sociale et solidaire",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article=None,
                sources=(cite(ORD_2015_899, "512-530", article="37"),),
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
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="ord. 2015-899",
                article="37",
                sources=(cite(ORD_2015_899, "512-530"),),
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
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L2113-15",
                sources=(
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
                    "lu sur Légifrance.",
                ),
                unmodelled=(
                    "Mission de service public liée à la prestation des services listés.",
                    "Réservation ouverte aux seuls pouvoirs adjudicateurs.",
                ),
            ),
        ),
    ),
)

CONCESSION_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.RESERVE_EA_ESAT,
        title="Contrat de concession réservé aux entreprises adaptées et ESAT",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65",
                article="28, I",
                sources=(cite(ORD_2016_65, "631-633", article="28"),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=("Numéro d'article non vérifié sur Légifrance.",),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L3113-1",
                sources=(cite(CCP_LEGISLATIF),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=(
                    "Proportion minimale de R3113-1 non vérifiée : lire l'article sur Légifrance.",
                ),
            ),
        ),
    ),
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.RESERVE_SIAE,
        title="Contrat de concession réservé aux SIAE",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65",
                article="28, II",
                sources=(cite(ORD_2016_65, "631-633", article="28"),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=("Numéro d'article non vérifié sur Légifrance.",),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L3113-2",
                sources=(cite(CCP_LEGISLATIF),),
                vigilance=(VIGILANCE_RESERVE,),
                interpretations=("Article L3113-2 non lu : le lire sur Légifrance.",),
            ),
        ),
    ),
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.RESERVE_EA_ESAT_SIAE,
        title="Contrat de concession réservé à la fois aux EA/ESAT et aux SIAE",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65",
                article="28, III",
                sources=(cite(ORD_2016_65, "631-633", article="28"),),
                statut=Statut.INTERDIT,
                motif=(
                    "Comme pour les marchés (ord. 2015-899, art. 36, III), une concession ne "
                    "peut être réservée à la fois aux EA/ESAT et aux SIAE."
                ),
                interpretations=("Interdiction supposée symétrique de celle des marchés.",),
            ),
            Version(
                validity=Validity(ENTREE_CCP, LOI_ASAP_EFFET),
                regime=Regime.CCP,
                texte="CCP",
                article="L3113-3",
                sources=(cite(CCP_LEGISLATIF),),
                statut=Statut.INTERDIT,
                motif=(
                    "L'art. L3113-3, dans sa rédaction de 2019, interdit de réserver une "
                    "concession à la fois aux opérateurs de L3113-1 et de L3113-2."
                ),
            ),
            Version(
                validity=Validity(LOI_ASAP_EFFET),
                regime=Regime.CCP,
                texte="CCP",
                article="L3113-3",
                sources=(cite(CCP_LEGISLATIF), cite(LOI_ASAP), cite(ORD_2022_1336)),
                vigilance=(VIGILANCE_CONJOINTE_CONCESSION,),
                interpretations=(
                    "Réservation conjointe d'une concession admise depuis la loi ASAP, avec un "
                    "point de vigilance : la rédaction consolidée de L3113-3 n'a pas été lue "
                    "(ADR 0051).",
                ),
            ),
        ),
    ),
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.RESERVE_DETENUS,
        title="Contrat de concession réservé aux opérateurs employant des personnes détenues",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65",
                article=None,
                sources=(cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            Version(
                validity=Validity(ENTREE_CCP, RESERVATION_DETENUS),
                regime=Regime.CCP,
                texte="CCP",
                article=None,
                sources=(cite(ORD_2022_1336),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_DETENUS,
            ),
            Version(
                validity=Validity(RESERVATION_DETENUS),
                regime=Regime.CCP,
                texte="CCP",
                article="L3113-2-1",
                sources=(cite(CCP_LEGISLATIF), cite(ORD_2022_1336)),
                vigilance=(VIGILANCE_RESERVE,),
            ),
        ),
    ),
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.RESERVE_ESS,
        title="Réservation ESS (sans objet pour une concession)",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65",
                article=None,
                sources=(cite(ORD_2015_899, "512-530", article="37"),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_CONCESSION_ESS,
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article=None,
                sources=(cite(CCP_LEGISLATIF, article="L2113-15"),),
                statut=Statut.INTERDIT,
                motif=_NON_PREVU_CONCESSION_ESS,
            ),
        ),
    ),
)

CUMUL_RULES: tuple[Rule, ...] = (
    *(
        modificateur(
            id="articles.marche.reserves-cumul-avant-asap",
            title="Réservations EA/ESAT et SIAE cumulées sur un même lot avant la loi ASAP",
            validity=validity,
            when=MARCHE
            & PREFS.contains(TypeInstrument.RESERVE_EA_ESAT.value)
            & PREFS.contains(TypeInstrument.RESERVE_SIAE.value),
            effet=Effet.INTERDIT,
            instruments=(TypeInstrument.RESERVE_EA_ESAT, TypeInstrument.RESERVE_SIAE),
            motif=_CUMUL_AVANT_ASAP,
            sources=sources,
        )
        for validity, sources in (
            (ORD, (cite(ORD_2015_899, "493-495", article="36, III"),)),
            (
                Validity(ENTREE_CCP, LOI_ASAP_EFFET),
                (cite(CCP_LEGISLATIF, article="L2113-14 (rédaction de 2019)"),),
            ),
        )
    ),
    modificateur(
        id="articles.marche.reserves-cumul",
        title="Réservations EA/ESAT et SIAE cumulées sur un même lot depuis la loi ASAP",
        validity=Validity(LOI_ASAP_EFFET),
        when=MARCHE
        & PREFS.contains(TypeInstrument.RESERVE_EA_ESAT.value)
        & PREFS.contains(TypeInstrument.RESERVE_SIAE.value),
        effet=Effet.VIGILANCE,
        instruments=(TypeInstrument.RESERVE_EA_ESAT_SIAE,),
        motif="",
        sources=(cite(CCP_LEGISLATIF, article="L2113-14"), cite(LOI_ASAP)),
        vigilance=(
            "Un lot ne peut être réservé que d'une façon : pour ouvrir un même lot aux "
            "EA/ESAT et aux SIAE, retenir la réservation conjointe (art. L2113-14).",
        ),
    ),
    modificateur(
        id="articles.marche.detenus-cumul",
        title="Pas de réservation conjointe aux opérateurs employant des détenus et aux EA/ESAT ou SIAE",
        validity=Validity(RESERVATION_DETENUS),
        when=MARCHE
        & PREFS.contains(TypeInstrument.RESERVE_DETENUS.value)
        & PREFS.contains(
            TypeInstrument.RESERVE_EA_ESAT.value,
            TypeInstrument.RESERVE_SIAE.value,
            TypeInstrument.RESERVE_EA_ESAT_SIAE.value,
        ),
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_DETENUS,),
        motif=_CUMUL_DETENUS,
        sources=(cite(CCP_LEGISLATIF, article="L2113-14, second alinéa"),),
    ),
    *(
        modificateur(
            id="articles.concession.reserves-cumul",
            title="Concession : pas de cumul des réservations EA/ESAT et SIAE sur un même contrat",
            validity=validity,
            when=CONCESSION
            & PREFS.contains(TypeInstrument.RESERVE_EA_ESAT.value)
            & PREFS.contains(TypeInstrument.RESERVE_SIAE.value),
            effet=Effet.INTERDIT,
            instruments=(TypeInstrument.RESERVE_EA_ESAT, TypeInstrument.RESERVE_SIAE),
            motif="Un contrat de concession ne peut être réservé à la fois aux EA/ESAT et aux SIAE : "
            "la réservation conjointe n'est pas ouverte aux concessions (lecture prudente).",
            sources=sources,
            interpretations=(
                "Avant la loi ASAP, la réservation conjointe d'une concession n'était pas "
                "ouverte (ord. 2016-65, art. 28 ; L3113-3 dans sa rédaction de 2019).",
            ),
        )
        for validity, sources in (
            (ORD_CONCESSIONS, (cite(ORD_2016_65, "631-633", article="28"),)),
            (Validity(ENTREE_CCP, LOI_ASAP_EFFET), (cite(CCP_LEGISLATIF, article="L3113-3"),)),
        )
    ),
    modificateur(
        id="articles.concession.reserves-cumul",
        title="Concession : une réservation EA/ESAT et une réservation SIAE font une réservation conjointe",
        validity=Validity(LOI_ASAP_EFFET),
        when=CONCESSION
        & PREFS.contains(TypeInstrument.RESERVE_EA_ESAT.value)
        & PREFS.contains(TypeInstrument.RESERVE_SIAE.value),
        effet=Effet.VIGILANCE,
        instruments=(TypeInstrument.RESERVE_EA_ESAT, TypeInstrument.RESERVE_SIAE),
        motif="",
        sources=(cite(CCP_LEGISLATIF, article="L3113-3"), cite(LOI_ASAP)),
        vigilance=(
            "Un contrat ne peut être réservé que d'une façon : pour l'ouvrir aux EA/ESAT et "
            "aux SIAE, retenir la réservation conjointe.",
            VIGILANCE_CONJOINTE_CONCESSION,
        ),
    ),
    *(
        modificateur(
            id=f"articles.{contrat}.detenus-proportion",
            title="Réservation aux opérateurs employant des détenus avant la fixation de la "
            "proportion minimale",
            validity=Validity(RESERVATION_DETENUS, PROPORTION_DETENUS),
            when=Fact("contrat").eq(contrat) & PREFS.contains(TypeInstrument.RESERVE_DETENUS.value),
            effet=Effet.VIGILANCE,
            instruments=(TypeInstrument.RESERVE_DETENUS,),
            motif="",
            sources=(
                cite(CCP_LEGISLATIF, article=article),
                cite(DECRET_2022_1683),
                cite(ORD_2022_1336),
            ),
            vigilance=(VIGILANCE_PROPORTION_DETENUS,),
        )
        for contrat, article in (("marche", "L2113-13-1"), ("concession", "L3113-2-1"))
    ),
    modificateur(
        id="articles.concession.detenus-cumul",
        title="Concession : pas de réservation conjointe aux opérateurs employant des détenus et aux EA/ESAT ou SIAE",
        validity=Validity(RESERVATION_DETENUS),
        when=CONCESSION
        & PREFS.contains(TypeInstrument.RESERVE_DETENUS.value)
        & PREFS.contains(
            TypeInstrument.RESERVE_EA_ESAT.value,
            TypeInstrument.RESERVE_SIAE.value,
            TypeInstrument.RESERVE_EA_ESAT_SIAE.value,
        ),
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_DETENUS,),
        motif="Un même contrat de concession ne peut être réservé à la fois aux opérateurs "
        "employant des personnes détenues et aux EA/ESAT ou SIAE (art. L3113-3).",
        sources=(cite(CCP_LEGISLATIF, article="L3113-3"), cite(ORD_2022_1336)),
        interpretations=(
            "L'ordonnance n° 2022-1336 a inséré dans le code, pour les concessions, des "
            "dispositions semblables au second alinéa de L2113-14 ; l'alinéa de L3113-3 n'a "
            "pas été lu (à vérifier sur Légifrance).",
        ),
    ),
)
"""Réservations cumulées sur un même lot ou contrat."""
