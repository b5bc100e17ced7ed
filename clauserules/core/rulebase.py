"""The machinery of the rule base: sources, validity, rules, and the checks made at load.

A :class:`Rule` is an immutable declaration: a stable dotted id naming its legal function
(``publics.ave-2014.deld``), a French title, its citations, its validity ``[start, end)``,
a condition (:mod:`clauserules.core.expr`) and a conclusion (plain data). Successive versions of
the law share the id and differ by validity. Nothing here imports the engine.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from clauserules.core.expr import Expr, describe
from clauserules.errors import (
    DuplicateRuleError,
    InvalidValidityError,
    NoRulesInForceError,
    OverlappingValidityError,
    RuleWithoutSourceError,
    UnknownSourceError,
)

__all__ = [
    "Citation",
    "Nature",
    "Rule",
    "RuleBase",
    "Source",
    "Validity",
    "check_no_overlap",
    "check_rules",
    "check_sourced",
    "check_validity",
]


class Nature(StrEnum):
    """Normative force of a source, from binding law to observed practice."""

    LOI = "loi"
    ORDONNANCE = "ordonnance"
    DECRET = "decret"
    ARRETE = "arrete"
    CIRCULAIRE = "circulaire"
    GUIDE = "guide"
    DOCTRINE = "doctrine"
    PRATIQUE = "pratique"

    @property
    def label(self) -> str:
        return _NATURE_LABELS[self]


_NATURE_LABELS = {
    Nature.LOI: "loi",
    Nature.ORDONNANCE: "ordonnance",
    Nature.DECRET: "décret",
    Nature.ARRETE: "arrêté",
    Nature.CIRCULAIRE: "circulaire",
    Nature.GUIDE: "guide",
    Nature.DOCTRINE: "doctrine",
    Nature.PRATIQUE: "pratique",
}


@dataclass(frozen=True, slots=True)
class Source:
    """A text of the catalogue (``clauserules/rules/sources/``).

    ``seed`` names the file of ``shared/seeds/`` that contains or quotes the text, when
    there is one; ``url`` the official publication (Légifrance) when there is one.
    """

    id: str
    title: str
    nature: Nature
    date: date | None = None
    seed: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A precise place in a source: seed lines (``"8189"``, ``"8181-8209"``) or an article."""

    source: Source
    lines: str | None = None
    article: str | None = None

    def render(self) -> str:
        """``003_7f42dc19c6252b60.txt:8189`` or ``CCP art. L2112-2``."""
        parts: list[str] = []
        if self.article:
            # « art. L2112-2 », « art. 38 » ; other locators (« annexe ») are shown as is.
            head = self.article[:2]
            is_number = head[:1].isdigit() or (head[:1] in "LRDA" and head[1:].isdigit())
            prefix = "art. " if is_number else ""
            parts.append(f"{self.source.title}, {prefix}{self.article}")
        if self.source.seed and self.lines:
            parts.append(f"{self.source.seed}:{self.lines}")
        if not parts:
            parts.append(self.source.title)
        return " — ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.id,
            "title": self.source.title,
            "nature": self.source.nature.value,
            "seed": self.source.seed,
            "lines": self.lines,
            "article": self.article,
            "url": self.source.url,
            "citation": self.render(),
        }


@dataclass(frozen=True, slots=True)
class Validity:
    """Half-open interval ``[start, end)`` of dates; ``end=None`` means still in force."""

    start: date
    end: date | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, other: Validity) -> bool:
        self_end = self.end or date.max
        other_end = other.end or date.max
        return self.start < other_end and other.start < self_end

    def render(self) -> str:
        end = self.end.isoformat() if self.end else "…"
        return f"[{self.start.isoformat()}, {end})"


@dataclass(frozen=True, slots=True)
class Rule:
    """One version of one rule of the rule base.

    Attributes:
        id: stable dotted id naming the legal function (``publics.ave-2014.deld``).
        title: French title.
        topic: the family of rules (``publics``, ``publics.overlay``, ``articles``...).
        variant: the named position among disagreeing sources (``ave-2014``), or ``None``
            when the rule holds whatever the variant.
        sources: where the rule comes from; at least one.
        validity: when this version is in force.
        when: the condition on facts.
        then: the conclusion, plain JSON-able data interpreted by the topic's service.
        vigilance: points the buyer or facilitator must still check when the rule fires
            (French; ``{placeholders}`` are filled from the facts).
        interpretations: how vague words of the source were read (French).
        unmodelled: conditions of the source that are not modelled (French).
    """

    id: str
    title: str
    topic: str
    sources: tuple[Citation, ...]
    validity: Validity
    when: Expr
    then: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    variant: str | None = None
    vigilance: tuple[str, ...] = ()
    interpretations: tuple[str, ...] = ()
    unmodelled: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.then, MappingProxyType):
            object.__setattr__(self, "then", MappingProxyType(dict(self.then)))

    def __hash__(self) -> int:
        # By the identity of the version: ``then`` is a mapping, which cannot be hashed.
        # Equal rules have equal keys, so this agrees with the field-wise ``==``.
        return hash((self.id, self.validity.start))

    @property
    def key(self) -> tuple[str, date]:
        """Identity of this version: the id and the start of its validity."""
        return (self.id, self.validity.start)

    def in_force(self, day: date) -> bool:
        return self.validity.contains(day)

    def describe(self) -> str:
        return describe(self.when)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able description (rule catalogue, ``clauserules rules``)."""
        return {
            "id": self.id,
            "title": self.title,
            "topic": self.topic,
            "variant": self.variant,
            "validity": {
                "start": self.validity.start.isoformat(),
                "end": self.validity.end.isoformat() if self.validity.end else None,
            },
            "condition": self.describe(),
            "conclusion": dict(self.then),
            "sources": [c.as_dict() for c in self.sources],
            "vigilance": list(self.vigilance),
            "interpretations": list(self.interpretations),
            "unmodelled": list(self.unmodelled),
        }


class RuleBase:
    """An immutable, checked collection of rules.

    The checks, each with its own error code: unique ``(id, start)``; every rule has a
    source from the catalogue; validity intervals are well formed; versions of one id
    never overlap in time.
    """

    def __init__(self, rules: Iterable[Rule], catalogue: Mapping[str, Source]) -> None:
        self._rules: tuple[Rule, ...] = tuple(rules)
        check_rules(self._rules, catalogue)
        by_topic: dict[str, list[Rule]] = defaultdict(list)
        for rule in self._rules:
            by_topic[rule.topic].append(rule)
        self._by_topic = {topic: tuple(rules) for topic, rules in by_topic.items()}
        self._cache: dict[tuple[str, str | None, date], tuple[Rule, ...]] = {}

    def __iter__(self) -> Any:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def topics(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_topic))

    def variants(self, topic: str) -> tuple[str, ...]:
        return tuple(sorted({r.variant for r in self._by_topic.get(topic, ()) if r.variant}))

    def versions(self, rule_id: str) -> tuple[Rule, ...]:
        """All versions of ``rule_id``, oldest first."""
        return tuple(
            sorted((r for r in self._rules if r.id == rule_id), key=lambda r: r.validity.start)
        )

    def coverage(self, topic: str, variant: str | None = None) -> tuple[date, date | None]:
        """Earliest start and latest end of the rules of a topic (and variant)."""
        rules = [r for r in self._by_topic.get(topic, ()) if r.variant in (None, variant)]
        start = min(r.validity.start for r in rules)
        ends = [r.validity.end for r in rules]
        return start, None if any(e is None for e in ends) else max(e for e in ends if e)

    def in_force(self, topic: str, at: date, variant: str | None = None) -> tuple[Rule, ...]:
        """Rules of ``topic`` in force at ``at``, for ``variant`` (plus variant-free rules).

        Raises:
            NoRulesInForceError: when no rule of the topic and variant is in force at ``at``.
        """
        key = (topic, variant, at)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        selected = tuple(
            r
            for r in self._by_topic.get(topic, ())
            if r.variant in (None, variant) and r.in_force(at)
        )
        if not selected:
            label = f"{topic} ({variant})" if variant else topic
            known = [r for r in self._by_topic.get(topic, ()) if r.variant in (None, variant)]
            if known:
                start, end = self.coverage(topic, variant)
                span = f"[{start.isoformat()}, {end.isoformat() if end else '…'})"
                raise NoRulesInForceError(
                    f"no rule of {label} is in force on {at.isoformat()}; "
                    f"the rule base covers {span}"
                )
            raise NoRulesInForceError(f"the rule base has no rule for {label}")
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[key] = selected
        return selected

    def of_topic(self, topic: str) -> Sequence[Rule]:
        """Every version of every rule of ``topic``, whatever its validity."""
        return self._by_topic.get(topic, ())


def check_rules(rules: Sequence[Rule], catalogue: Mapping[str, Source]) -> None:
    """Check a set of rules; raise the first inconsistency found (each has its code)."""
    seen: set[tuple[str, date]] = set()
    versions: dict[str, list[Validity]] = defaultdict(list)
    for rule in rules:
        if rule.key in seen:
            raise DuplicateRuleError(
                f"rule {rule.id!r} is declared twice with validity starting "
                f"{rule.validity.start.isoformat()}; give each version its own start"
            )
        seen.add(rule.key)
        what = f"rule {rule.id!r}"
        check_sourced(what, rule.sources, catalogue)
        check_validity(what, rule.validity)
        versions[rule.id].append(rule.validity)
    for rule_id, validities in versions.items():
        check_no_overlap(f"rule {rule_id!r}", validities)


# The checks below are shared by rules and dated parameters (clauserules.core.parameters);
# ``what`` names the checked thing in the message (« rule 'publics.x' »).


def check_sourced(
    what: str, citations: Sequence[Citation], catalogue: Mapping[str, Source] | None
) -> None:
    """At least one citation, each of a source of ``catalogue`` (when one is given)."""
    if not citations:
        raise RuleWithoutSourceError(
            f"{what} has no source; cite a seed file and lines or an article"
        )
    if catalogue is None:
        return
    for citation in citations:
        known = catalogue.get(citation.source.id)
        if known is not citation.source and known != citation.source:
            raise UnknownSourceError(
                f"{what} cites {citation.source.id!r}, which is not in the "
                "catalogue clauserules/rules/sources/"
            )


def check_validity(what: str, validity: Validity) -> None:
    """The interval ends after it starts."""
    end = validity.end
    if end is not None and end <= validity.start:
        raise InvalidValidityError(f"{what}: validity {validity.render()} ends before it starts")


def check_no_overlap(what: str, validities: Iterable[Validity]) -> None:
    """No two versions of one thing are in force on the same day."""
    ordered = sorted(validities, key=lambda v: v.start)
    for before, after in itertools.pairwise(ordered):
        if before.overlaps(after):
            raise OverlappingValidityError(
                f"versions of {what} overlap: {before.render()} and {after.render()}"
            )
