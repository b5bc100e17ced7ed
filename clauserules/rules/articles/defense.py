"""Marchés de défense ou de sécurité sous le CCP : livre III de la deuxième partie.

Ces marchés ne relèvent pas des articles du livre Ier (L2112-2, L2152-7, R2123-1…) mais du
livre III (art. L2300-1 et suivants). La bibliothèque n'en modélise pas les articles, sauf
l'art. L2312-1-1 créé par l'art. 35 de la loi n° 2021-1104 (conditions d'exécution sociales
facultatives, en vigueur au plus tard le 22 août 2026). Ces règles retirent donc la citation
du livre Ier et disent ce qui n'est pas modélisé (ADR 0051).
"""

from __future__ import annotations

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.articles.commun import (
    ENTREE_CCP,
    MARCHE,
    OBLIGATION_SOCIALE,
    TOPIC,
    Effet,
)
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import CCP_LEGISLATIF, LOI_CLIMAT_RESILIENCE
from clauserules.vocabulaire import TypeInstrument

_DEFENSE = MARCHE & Fact("defense_securite").is_true()
_CONDITIONS = (TypeInstrument.CONDITION_EXECUTION, TypeInstrument.AUTRE_CONDITION_SOCIALE)
_AUTRES = (
    TypeInstrument.CRITERE_ATTRIBUTION,
    TypeInstrument.RESERVE_EA_ESAT,
    TypeInstrument.RESERVE_DETENUS,
    TypeInstrument.MARCHE_INSERTION,
)
_NON_MODELISE = (
    "Marché de défense ou de sécurité : il relève du livre III de la deuxième partie du code "
    "de la commande publique (art. L2300-1 et suivants), dont la bibliothèque ne modélise pas "
    "l'article applicable à cet instrument ; vérifier dans ce livre s'il est ouvert et sur "
    "quel fondement avant de le retenir."
)
_CONDITION_AVANT = (
    "Marché de défense ou de sécurité : les conditions d'exécution relèvent du livre III de la "
    "deuxième partie du code de la commande publique (art. L2312-1 et suivants), non de "
    "l'art. L2112-2 ; vérifier l'article applicable dans ce livre."
)
_CONDITION_APRES = (
    "Marché de défense ou de sécurité : l'art. L2312-1-1 (loi n° 2021-1104, art. 35) permet, "
    "sans l'imposer, des conditions d'exécution sociales ou relatives à l'emploi ; "
    "l'obligation de l'art. L2112-2-1 ne s'applique pas à ces marchés."
)


def _rule(
    *,
    suffix: str,
    title: str,
    validity: Validity,
    instruments: tuple[TypeInstrument, ...],
    article: str | None,
    motif: str,
    sources: tuple[Citation, ...],
) -> Rule:
    return Rule(
        id=f"articles.marche.defense-livre-iii.{suffix}",
        title=title,
        topic=TOPIC,
        sources=sources,
        validity=validity,
        when=_DEFENSE,
        then={
            "effet": Effet.LIVRE_III.value,
            "instruments": tuple(i.value for i in instruments),
            "motif": motif,
            "article": article,
        },
    )


RULES: tuple[Rule, ...] = (
    _rule(
        suffix="conditions",
        title="Marché de défense ou de sécurité : conditions d'exécution du livre III",
        validity=Validity(ENTREE_CCP, OBLIGATION_SOCIALE),
        instruments=_CONDITIONS,
        article="L2312-1 et s.",
        motif=_CONDITION_AVANT,
        sources=(cite(CCP_LEGISLATIF, article="L2312-1 et suivants"),),
    ),
    _rule(
        suffix="conditions",
        title="Marché de défense ou de sécurité : conditions d'exécution du livre III",
        validity=Validity(OBLIGATION_SOCIALE),
        instruments=_CONDITIONS,
        article="L2312-1-1",
        motif=_CONDITION_APRES,
        sources=(
            cite(CCP_LEGISLATIF, article="L2312-1-1"),
            cite(LOI_CLIMAT_RESILIENCE, article="35"),
        ),
    ),
    _rule(
        suffix="non-modelises",
        title="Marché de défense ou de sécurité : instruments du livre III non modélisés",
        validity=Validity(ENTREE_CCP),
        instruments=_AUTRES,
        article=None,
        motif=_NON_MODELISE,
        sources=(cite(CCP_LEGISLATIF, article="L2300-1 et suivants"),),
    ),
)
