"""Insertion comme critère d'attribution : CMP art. 53, ord. 2015-899 art. 52 et décret art. 62,
CCP L2152-7 et R2152-7 ; concessions : ord. 2016-65 art. 47, CCP L3124-5 et R3124-4.
"""

from __future__ import annotations

from clauserules.core.rulebase import Rule
from clauserules.rules.articles.commun import (
    CCP,
    CMP,
    ORD,
    ORD_CONCESSIONS,
    Version,
    regles_instrument,
)
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    CCP_REGLEMENTAIRE,
    CMP_2006,
    DECRET_2016_86,
    DECRET_2016_360,
    ORD_2015_899,
    ORD_2016_65,
)
from clauserules.rules.sources.doctrine import CE_ISERE_2013, IGAS_2016
from clauserules.vocabulaire import Regime, TypeInstrument

_OEAP_CRITERE_SEUL = cite(IGAS_2016, "2520-2524")

VIGILANCE_CRITERE = (
    "Le critère d'insertion doit être objectif, précis, lié à l'objet du marché ou à ses "
    "conditions d'exécution, et pondéré dans le règlement de la consultation ; seul, sans "
    "engagement contractuel, il ne constitue pas une clause sociale."
)

MARCHE_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.CRITERE_ATTRIBUTION,
        title="Insertion comme critère d'attribution",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article="53",
                sources=(cite(CMP_2006, "405-407", article="53, I, 1°"), cite(CE_ISERE_2013)),
                vigilance=(VIGILANCE_CRITERE,),
            ),
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="ord. 2015-899 / décret 2016-360",
                article="52 ; décret art. 62",
                sources=(
                    cite(ORD_2015_899, "563-577", article="52"),
                    cite(DECRET_2016_360, "578-620", article="62, II, 2° a)"),
                    _OEAP_CRITERE_SEUL,
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L2152-7 ; R2152-7",
                sources=(
                    cite(CCP_LEGISLATIF, article="L2152-7"),
                    cite(CCP_REGLEMENTAIRE, article="R2152-7, 2° a)"),
                    cite(CE_ISERE_2013),
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
        ),
    ),
)

CONCESSION_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.CRITERE_ATTRIBUTION,
        title="Insertion comme critère d'attribution du contrat de concession",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65 / décret 2016-86",
                article="47 ; décret art. 27",
                sources=(
                    cite(ORD_2016_65, "3516-3520", article="47"),
                    cite(DECRET_2016_86, article="27"),
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L3124-5 ; R3124-4",
                sources=(
                    cite(CCP_LEGISLATIF, article="L3124-5"),
                    cite(CCP_REGLEMENTAIRE, article="R3124-4"),
                ),
                vigilance=(VIGILANCE_CRITERE,),
            ),
        ),
    ),
)
