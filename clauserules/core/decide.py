"""The one way a service asks the engine: :func:`decide` returns an :class:`Evaluation`.

Every capability (eligibility, plan, ledger, documents) evaluates its rules through this
function, so the three-valued reading — fired, failed, undetermined — the missing facts,
the sources and the vigilance points are computed in one place. The engine itself
(durable_rules) stays behind :mod:`clauserules.core._engine`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from clauserules.core import _engine
from clauserules.core.decision import SourceRef, sources_of
from clauserules.core.expr import FactValue, unknown_fields
from clauserules.core.rulebase import Rule

__all__ = ["Evaluation", "decide"]


@dataclass(frozen=True, eq=False)
class Evaluation:
    """What the engine said of ``rules`` on ``facts``.

    ``fired`` and ``failed`` keep the order of the rules given; a rule that did not fire
    is *undetermined* when an absent fact could still make it fire, and the union of
    those absent facts is ``missing`` (sorted, each named once). The three-valued reading
    is computed on first use only (the eligibility hot path rarely needs it).
    """

    rules: tuple[Rule, ...]
    """The rules evaluated, in the order given."""
    fired: tuple[Rule, ...]
    """The rules whose condition holds."""
    facts: Mapping[str, FactValue]
    """The facts the rules were evaluated on."""

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids of the fired rules."""
        return tuple(r.id for r in self.fired)

    @cached_property
    def failed(self) -> tuple[Rule, ...]:
        """The rules whose condition does not hold (false or unknown)."""
        fired = set(self.fired)
        return tuple(r for r in self.rules if r not in fired)

    @cached_property
    def undetermined(self) -> tuple[Rule, ...]:
        """The failed rules that an absent fact could still make fire."""
        return tuple(r for r in self.failed if unknown_fields(r.when, self.facts))

    @cached_property
    def missing(self) -> tuple[str, ...]:
        """The absent facts behind the undetermined rules, sorted."""
        names: set[str] = set()
        for rule in self.failed:
            names |= unknown_fields(rule.when, self.facts)
        return tuple(sorted(names))

    @property
    def outcome(self) -> bool | None:
        """``True`` when every rule fired, ``False`` when one failed for good, else ``None``.

        The reading of a conjunction of rules (all must hold), as the admissibility of a
        globalisation request. A service that reads its rules as alternatives (any
        criterion suffices) uses ``fired`` and ``missing`` instead.
        """
        if not self.failed:
            return True
        return None if len(self.undetermined) == len(self.failed) else False

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        """Sources of the fired rules, or of every rule evaluated when none fired."""
        return sources_of(self.fired or self.rules)

    @property
    def vigilance(self) -> tuple[str, ...]:
        """The vigilance points of the fired rules, each once, in rule order."""
        return tuple(dict.fromkeys(p for r in self.fired for p in r.vigilance))


def decide(rules: Sequence[Rule], facts: Mapping[str, FactValue]) -> Evaluation:
    """Evaluate ``rules`` on ``facts`` with the engine and read the result three ways.

    Thread-safe (the engine serialises its calls).

    Raises:
        EngineError: the engine failed, or the action of a rule raised.
    """
    ordered = tuple(rules)
    ids = _engine.evaluate(ordered, facts)
    fired = tuple(r for r in ordered if r.id in ids) if ids else ()
    return Evaluation(ordered, fired, facts)
