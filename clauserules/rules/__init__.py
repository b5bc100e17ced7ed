"""The rule base of clauserules, one module per topic.

:func:`rulebase` loads every topic module once, checks the whole (unique ids, sources,
non-overlapping validities; see :class:`clauserules.core.rulebase.RuleBase`) and returns the
shared, immutable :class:`~clauserules.core.rulebase.RuleBase`.
"""

from __future__ import annotations

from functools import cache

from clauserules.core.rulebase import RuleBase
from clauserules.rules import (
    accords_cadres,
    articles,
    comptage,
    globalisation,
    heures,
    publics,
    publics_iae,
    recommandations,
    redaction,
    seuils,
    tranches,
)
from clauserules.rules.sources import CATALOGUE

__all__ = ["rulebase"]


@cache
def rulebase() -> RuleBase:
    """The checked rule base (loaded once per process)."""
    return RuleBase(
        (
            *publics.RULES,
            *publics_iae.RULES,
            *comptage.RULES,
            *comptage.MARCHE_RULES,
            *globalisation.RULES,
            *articles.RULES,
            *seuils.RULES,
            *heures.RULES,
            *recommandations.RULES,
            *redaction.RULES,
            *accords_cadres.RULES,
            *tranches.RULES,
        ),
        CATALOGUE,
    )
