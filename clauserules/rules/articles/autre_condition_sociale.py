"""Autre condition d'exécution sociale ou relative à l'emploi (apprentissage, emploi de
personnes handicapées, qualité de l'emploi, égalité, chaîne d'approvisionnement…) : même base
que l'insertion comme condition d'exécution — CMP art. 14, ord. 2015-899 art. 38, CCP L2112-2 ;
concessions : ord. 2016-65 art. 33, CCP L3114-2.

Ces articles visent les conditions d'exécution « à caractère social » ou « prenant en compte
des considérations relatives au domaine social ou à l'emploi », sans les limiter aux heures
d'insertion.
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
from clauserules.rules.articles.condition_execution import VIGILANCE_CONDITION
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    CMP_2006,
    ORD_2015_899,
    ORD_2016_65,
)
from clauserules.rules.sources.doctrine import IGAS_2016
from clauserules.vocabulaire import Regime, TypeInstrument

VIGILANCE_AUTRE = (
    "Décrire dans le CCAP une obligation vérifiable (ce que le titulaire fait, comment il le "
    "justifie, ce qu'il encourt s'il ne le fait pas), liée à l'objet du marché ; une simple "
    "déclaration d'intention ne constitue pas une condition d'exécution."
)

MARCHE_RULES: tuple[Rule, ...] = regles_instrument(
    contrat="marche",
    instrument=TypeInstrument.AUTRE_CONDITION_SOCIALE,
    title="Autre condition d'exécution sociale ou relative à l'emploi du marché",
    versions=(
        Version(
            validity=CMP,
            regime=Regime.CMP_2006,
            texte="CMP",
            article="14",
            sources=(cite(CMP_2006, "391-399"),),
            vigilance=(VIGILANCE_CONDITION, VIGILANCE_AUTRE),
        ),
        Version(
            validity=ORD,
            regime=Regime.ORD_2015,
            texte="ord. 2015-899",
            article="38",
            sources=(cite(ORD_2015_899, "532-561", article="38, I"),),
            vigilance=(VIGILANCE_CONDITION, VIGILANCE_AUTRE),
        ),
        Version(
            validity=CCP,
            regime=Regime.CCP,
            texte="CCP",
            article="L2112-2",
            sources=(cite(CCP_LEGISLATIF, article="L2112-2 à L2112-4"),),
            vigilance=(VIGILANCE_CONDITION, VIGILANCE_AUTRE),
        ),
    ),
)

CONCESSION_RULES: tuple[Rule, ...] = regles_instrument(
    contrat="concession",
    instrument=TypeInstrument.AUTRE_CONDITION_SOCIALE,
    title="Autre condition d'exécution sociale ou relative à l'emploi du contrat de concession",
    versions=(
        Version(
            validity=ORD_CONCESSIONS,
            regime=Regime.ORD_2016_65,
            texte="ord. 2016-65",
            article="33",
            sources=(cite(ORD_2016_65, "631-635"), cite(IGAS_2016, "3516-3520")),
            vigilance=(VIGILANCE_CONDITION, VIGILANCE_AUTRE),
        ),
        Version(
            validity=CCP,
            regime=Regime.CCP,
            texte="CCP",
            article="L3114-2",
            sources=(cite(CCP_LEGISLATIF, article="L3114-2"),),
            vigilance=(VIGILANCE_CONDITION, VIGILANCE_AUTRE),
        ),
    ),
)
