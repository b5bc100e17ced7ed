"""Insertion comme objet du marché (services de qualification et d'insertion) : CMP art. 30,
décret n° 2016-360 art. 28, CCP R2123-1, 3° ; sans objet pour une concession.
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
    CCP_REGLEMENTAIRE,
    CMP_2006,
    DECRET_2016_360,
)
from clauserules.rules.sources.doctrine import IGAS_2016
from clauserules.vocabulaire import Regime, Statut, TypeInstrument

_SANS_OBJET_CONCESSION = (
    "L'insertion comme objet relève d'une procédure de marché public de services : sans "
    "objet pour un contrat de concession."
)

MARCHE_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="marche",
        instrument=TypeInstrument.MARCHE_INSERTION,
        title="Insertion comme objet du marché (services de qualification et d'insertion)",
        versions=(
            Version(
                validity=CMP,
                regime=Regime.CMP_2006,
                texte="CMP",
                article="30",
                sources=(cite(CMP_2006, "400-402"), cite(IGAS_2016, "9734-9735")),
                vigilance=(
                    "L'article L1224-1 du code du travail ne s'applique pas quand le nouveau "
                    "marché a pour objet l'insertion : veiller à ne pas remplacer des salariés "
                    "en place par des salariés en insertion.",
                ),
            ),
            Version(
                validity=ORD,
                regime=Regime.ORD_2015,
                texte="décret 2016-360",
                article="28",
                sources=(cite(DECRET_2016_360), cite(IGAS_2016, "3652-3657")),
                vigilance=(
                    "L'article L1224-1 du code du travail ne s'applique pas quand le nouveau "
                    "marché a pour objet l'insertion : veiller à ne pas remplacer des salariés "
                    "en place par des salariés en insertion.",
                ),
                interpretations=(
                    "Numéro de l'article du décret n° 2016-360 (procédure adaptée des services "
                    "sociaux et spécifiques) non vérifié sur Légifrance.",
                ),
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article="R2123-1, 3°",
                sources=(cite(CCP_REGLEMENTAIRE, article="R2123-1, 3° et R2123-2"),),
                vigilance=(
                    "L'article L1224-1 du code du travail ne s'applique pas quand le nouveau "
                    "marché a pour objet l'insertion : veiller à ne pas remplacer des salariés "
                    "en place par des salariés en insertion.",
                ),
            ),
        ),
    ),
)

CONCESSION_RULES: tuple[Rule, ...] = (
    *regles_instrument(
        contrat="concession",
        instrument=TypeInstrument.MARCHE_INSERTION,
        title="Insertion comme objet (sans objet pour une concession)",
        versions=(
            Version(
                validity=ORD_CONCESSIONS,
                regime=Regime.ORD_2016_65,
                texte="ord. 2016-65",
                article=None,
                sources=(cite(DECRET_2016_360, article="28"),),
                statut=Statut.INTERDIT,
                motif=_SANS_OBJET_CONCESSION,
            ),
            Version(
                validity=CCP,
                regime=Regime.CCP,
                texte="CCP",
                article=None,
                sources=(cite(CCP_REGLEMENTAIRE, article="R2123-1, 3°"),),
                statut=Statut.INTERDIT,
                motif=_SANS_OBJET_CONCESSION,
            ),
        ),
    ),
)
