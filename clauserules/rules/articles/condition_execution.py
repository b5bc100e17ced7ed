"""Insertion comme condition d'exécution : CMP art. 14, ord. 2015-899 art. 38, CCP L2112-2 ;
concessions : ord. 2016-65 art. 33, CCP L3114-2.
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
    CMP_2006,
    ORD_2015_899,
    ORD_2016_65,
)
from clauserules.rules.sources.doctrine import DREETS_HDF_2025, IGAS_2016
from clauserules.vocabulaire import Regime, TypeInstrument

_IGAS_38 = cite(IGAS_2016, "546-558")
_CCP_ARTICLES = cite(DREETS_HDF_2025, "398")

VIGILANCE_CONDITION = (
    "La condition d'exécution doit être liée à l'objet du marché et non discriminatoire ; "
    "elle laisse l'entreprise libre de ses modalités (pas de recours imposé aux SIAE ni de "
    "type de contrat de travail) et ne sert pas à choisir l'offre."
)

MARCHE_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.CONDITION_EXECUTION,
        title="Insertion comme condition d'exécution du marché",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article="14",
                sources=(cite(CMP_2006, "391-399"),),
                vigilance=(VIGILANCE_CONDITION,),
                unmodelled=(
                    "Acheteurs soumis à l'ordonnance n° 2005-649 (hors CMP) : décret "
                    "n° 2005-1742, art. 4, équivalent de l'art. 14.",
                ),
            ),
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="ord. 2015-899",
                article="38",
                sources=(cite(ORD_2015_899, "532-561", article="38, I"),),
                vigilance=(VIGILANCE_CONDITION,),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L2112-2",
                sources=(
                    cite(CCP_LEGISLATIF, article="L2112-2 à L2112-4"),
                    _CCP_ARTICLES,
                    _IGAS_38,
                ),
                vigilance=(VIGILANCE_CONDITION,),
            ),
        ),
    ),
)

CONCESSION_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.CONDITION_EXECUTION,
        title="Insertion comme condition d'exécution du contrat de concession",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65",
                article="33",
                sources=(cite(ORD_2016_65, "631-635"), cite(IGAS_2016, "3516-3520")),
                vigilance=(VIGILANCE_CONDITION,),
                interpretations=("Article 33 attesté par l'IGAS, non vérifié sur Légifrance.",),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="L3114-2",
                sources=(cite(CCP_LEGISLATIF),),
                vigilance=(VIGILANCE_CONDITION,),
            ),
        ),
    ),
)
