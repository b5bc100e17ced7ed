"""Régime applicable : le texte en vigueur à la date de lancement de la consultation.

Marchés : CMP 2006, ordonnance n° 2015-899 et décret n° 2016-360, puis CCP ; concessions :
ordonnance n° 2016-65, puis CCP (troisième partie). Voir
``docs/decisions/0010-regime-et-couverture.md``.
"""

from __future__ import annotations

from clauserules.core.expr import Expr
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.articles.commun import (
    CCP,
    CMP,
    CONCESSION,
    MARCHE,
    ORD,
    ORD_CONCESSIONS,
    TOPIC,
    Effet,
)
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    CMP_2006,
    ORD_2015_899,
    ORD_2016_65,
)
from clauserules.vocabulaire import Regime


def _regime(*, id: str, validity: Validity, regime: Regime, when: Expr, source: Citation) -> Rule:
    return Rule(
        id=id,
        title=f"Régime applicable : {regime.label}",
        topic=TOPIC,
        sources=(source,),
        validity=validity,
        when=when,
        then={"effet": Effet.REGIME.value, "regime": regime.value},
        interpretations=(
            "Le régime est celui en vigueur à la date de lancement de la consultation "
            "(consultation engagée ou avis envoyé à la publication).",
        ),
    )


RULES: tuple[Rule, ...] = (
    _regime(
        id="articles.regime.marche",
        validity=CMP,
        regime=Regime.CMP_2006,
        when=MARCHE,
        source=cite(CMP_2006, article="8 du décret n° 2006-975"),
    ),
    _regime(
        id="articles.regime.marche",
        validity=ORD,
        regime=Regime.ORD_2015,
        when=MARCHE,
        source=cite(ORD_2015_899, "436-446", article="102"),
    ),
    _regime(
        id="articles.regime.marche",
        validity=CCP,
        regime=Regime.CCP,
        when=MARCHE,
        source=Citation(CCP_LEGISLATIF),
    ),
    _regime(
        id="articles.regime.concession",
        validity=ORD_CONCESSIONS,
        regime=Regime.ORD_2016_65,
        when=CONCESSION,
        source=cite(ORD_2016_65, "622-635"),
    ),
    _regime(
        id="articles.regime.concession",
        validity=CCP,
        regime=Regime.CCP,
        when=CONCESSION,
        source=Citation(CCP_LEGISLATIF),
    ),
)
