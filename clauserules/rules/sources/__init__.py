"""The catalogue of the texts the rules cite, typed by normative force, built once.

Two modules declare the texts: :mod:`~clauserules.rules.sources.codes` (codes, laws,
ordonnances, decrees, threshold notices) and :mod:`~clauserules.rules.sources.doctrine`
(doctrine, guides, practice, case law, the CCAG). :data:`CATALOGUE` joins them once, at
import; nothing adds to it afterwards. A rule cites a precise place of a text with
:func:`cite`; :class:`~clauserules.core.rulebase.RuleBase` refuses a rule citing a source that
is not in the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from clauserules.core.rulebase import Citation, Source
from clauserules.rules.sources import codes, doctrine

__all__ = ["CATALOGUE", "cite"]


def _catalogue(sources: Iterable[Source]) -> Mapping[str, Source]:
    catalogue: dict[str, Source] = {}
    for source in sources:
        if source.id in catalogue:
            raise ValueError(f"source id {source.id!r} is declared twice")
        catalogue[source.id] = source
    return MappingProxyType(catalogue)


CATALOGUE: Mapping[str, Source] = _catalogue((*codes.SOURCES, *doctrine.SOURCES))
"""Every source, by id (read-only)."""


def cite(source: Source, lines: str | None = None, *, article: str | None = None) -> Citation:
    """A citation of ``source`` at seed ``lines`` (``"8189"``, ``"8181-8209"``) or ``article``."""
    return Citation(source=source, lines=lines, article=article)
