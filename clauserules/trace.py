"""The sources a decision cites: rule citations rendered once as :class:`SourceRef`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .models import SourceRef
from .rulebase import Citation, Rule

__all__ = ["rule_sources", "source_ref", "sources_of"]


@lru_cache(maxsize=4096)
def source_ref(citation: Citation) -> SourceRef:
    """The :class:`SourceRef` of ``citation`` (one object per distinct citation)."""
    return SourceRef(**citation.as_dict())


_RULE_SOURCES: dict[int, tuple[Rule, tuple[SourceRef, ...]]] = {}


def rule_sources(rule: Rule) -> tuple[SourceRef, ...]:
    """The :class:`SourceRef` objects of ``rule`` (built once per rule object)."""
    entry = _RULE_SOURCES.get(id(rule))
    if entry is None or entry[0] is not rule:
        entry = (rule, tuple(source_ref(c) for c in rule.sources))
        _RULE_SOURCES[id(rule)] = entry
    return entry[1]


def sources_of(rules: Iterable[Rule]) -> tuple[SourceRef, ...]:
    """The distinct sources of ``rules``, in order of first citation."""
    seen: dict[int, SourceRef] = {}
    for rule in rules:
        for ref in rule_sources(rule):
            seen.setdefault(id(ref), ref)
    return tuple(seen.values())
