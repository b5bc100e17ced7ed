"""What every service answers: a :class:`Decision` and the :class:`SourceRef` it cites.

Rule citations are rendered once as :class:`SourceRef` (cached per citation and per rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, WithJsonSchema

from clauserules._version import __version__
from clauserules.core.rulebase import Citation, Rule

__all__ = ["Decision", "OutputModel", "SourceRef", "rule_sources", "source_ref", "sources_of"]


class OutputModel(BaseModel):
    """Base of the output models: frozen, closed, docstrings as descriptions."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class SourceRef(OutputModel):
    """A source cited by a decision (rendered from the catalogue)."""

    source: str
    """Id of the source in the catalogue."""
    title: str
    nature: str
    """Normative force: loi, ordonnance, decret, arrete, circulaire, guide, doctrine, pratique."""
    seed: str | None = None
    lines: str | None = None
    article: str | None = None
    url: str | None = None
    citation: str
    """Readable citation, e.g. ``003_7f42dc19c6252b60.txt:8189``."""


# Facts are produced by clauserules itself (never parsed from input): they are not
# re-validated on the hot path, but their JSON Schema still says what they are.
_FACTS_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            {"type": "boolean"},
            {"type": "integer"},
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
        ]
    },
}
Facts = Annotated[dict[str, Any], WithJsonSchema(_FACTS_SCHEMA)]


class Decision(OutputModel):
    """What every decision carries: outcome, trace, sources, facts, gaps, warnings."""

    topic: str
    """Family of rules that decided (``publics``, ``articles``...)."""
    outcome: str
    """Stable code of the outcome."""
    at: date
    """Evaluation date (legal meaning depends on the topic)."""
    variant: str | None
    """Named variant of the rules (referential, globalisation text...)."""
    rules: tuple[str, ...]
    """Ids of the rules that fired, in rule-base order."""
    evaluated: tuple[str, ...]
    """Ids of the rules in force that were evaluated."""
    sources: tuple[SourceRef, ...]
    """Sources of the fired rules (of the evaluated rules when none fired)."""
    facts: Facts
    """Facts the rules were evaluated on, derived from the input at ``at``."""
    missing: tuple[str, ...]
    """Input fields whose absence leaves the outcome undetermined."""
    vigilance: tuple[str, ...]
    """Points the buyer or facilitator must still check (French)."""
    version: str = __version__
    """Version of clauserules that decided."""


@lru_cache(maxsize=4096)
def source_ref(citation: Citation) -> SourceRef:
    """The :class:`SourceRef` of ``citation`` (one object per distinct citation)."""
    return SourceRef(**citation.as_dict())


@lru_cache(maxsize=4096)
def rule_sources(rule: Rule) -> tuple[SourceRef, ...]:
    """The :class:`SourceRef` objects of ``rule`` (built once per rule)."""
    return tuple(source_ref(c) for c in rule.sources)


def sources_of(rules: Iterable[Rule]) -> tuple[SourceRef, ...]:
    """The distinct sources of ``rules``, in order of first citation.

    Distinct by value: the caches above may hold two equal objects for one citation (two
    threads missing the cache at once, or an entry evicted and rebuilt).
    """
    seen: dict[tuple[str, str | None, str | None], SourceRef] = {}
    for rule in rules:
        for ref in rule_sources(rule):
            # (source id, lines, article) determines every field (cheaper than hashing all)
            seen.setdefault((ref.source, ref.lines, ref.article), ref)
    return tuple(seen.values())
