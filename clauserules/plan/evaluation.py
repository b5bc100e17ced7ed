"""Engine calls of one plan: the rules in force of a topic, and ``decide`` memoised on facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from clauserules.core.decide import decide
from clauserules.core.expr import FactValue
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.errors import NoRulesInForceError

__all__ = ["Evaluator", "in_force"]


def in_force(base: RuleBase, topic: str, at: date) -> tuple[Rule, ...]:
    """The rules of ``topic`` in force at ``at``; none outside the topic's coverage."""
    try:
        return base.in_force(topic, at)
    except NoRulesInForceError:
        return ()


def _fact_key(facts: Mapping[str, FactValue]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in facts.items()))


class Evaluator:
    """The fired rules, memoised on the facts, for one plan (lots often share their facts)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], tuple[Rule, ...]] = {}

    def fired(self, rules: Sequence[Rule], facts: Mapping[str, FactValue]) -> tuple[Rule, ...]:
        key = (id(rules), _fact_key(facts))
        hit = self._cache.get(key)
        if hit is None:
            hit = decide(rules, facts).fired
            self._cache[key] = hit
        return hit
