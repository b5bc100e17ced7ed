"""Dated parameters: numbers of the law or of practice that change with time.

A :class:`Parameter` is a named series of :class:`Period` values, each with its validity
``[start, end)`` and its sources, like OpenFisca's parameters. Rules keep the conditions;
parameters keep the amounts the conditions compare with (European thresholds, default
labour shares, hourly cost...). A service looks a value up at the date that has a legal
meaning (the launch date of the consultation) and may turn the comparison into a derived
fact (``valeur_estimee_ge_seuil``) that a rule reads.

Periods of one parameter never overlap (checked at construction); a date outside every
period has no value: :meth:`Parameter.at` returns ``None`` and :meth:`Parameter.require`
raises :class:`~clauserules.errors.NoRulesInForceError`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clauserules.core.rulebase import Citation, Source, Validity
from clauserules.errors import (
    InvalidValidityError,
    NoRulesInForceError,
    OverlappingValidityError,
    RuleWithoutSourceError,
    UnknownSourceError,
)

__all__ = ["Parameter", "Period", "check_parameters"]


@dataclass(frozen=True, slots=True)
class Period:
    """The value of a parameter during ``validity``.

    ``uncertain`` marks a value recalled from memory and not verified in a published
    source; ``note`` says how the source was read (French).
    """

    validity: Validity
    value: Decimal
    sources: tuple[Citation, ...]
    note: str | None = None
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class Parameter:
    """A dated parameter: ``id`` (dotted, French ASCII), French title, unit, periods."""

    id: str
    title: str
    unit: str
    periods: tuple[Period, ...]

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.periods, key=lambda p: p.validity.start))
        object.__setattr__(self, "periods", ordered)
        for period in ordered:
            if not period.sources:
                raise RuleWithoutSourceError(f"parameter {self.id!r} has a period without source")
            end = period.validity.end
            if end is not None and end <= period.validity.start:
                raise InvalidValidityError(
                    f"parameter {self.id!r}: validity {period.validity.render()} ends before it starts"
                )
        for before, after in itertools.pairwise(ordered):
            if before.validity.overlaps(after.validity):
                raise OverlappingValidityError(
                    f"periods of parameter {self.id!r} overlap: {before.validity.render()} "
                    f"and {after.validity.render()}"
                )

    def at(self, day: date) -> Period | None:
        """The period in force on ``day``, or ``None``."""
        for period in self.periods:
            if period.validity.contains(day):
                return period
        return None

    def require(self, day: date) -> Period:
        """The period in force on ``day``; raise when there is none."""
        period = self.at(day)
        if period is None:
            spans = ", ".join(p.validity.render() for p in self.periods)
            raise NoRulesInForceError(
                f"parameter {self.id!r} has no value on {day.isoformat()}; it covers {spans}"
            )
        return period


def check_parameters(parameters: Mapping[str, Parameter], catalogue: Mapping[str, Source]) -> None:
    """Every key is the parameter's id and every cited source is in the catalogue."""
    for key, parameter in parameters.items():
        if key != parameter.id:
            raise ValueError(f"parameter registered as {key!r} has id {parameter.id!r}")
        for period in parameter.periods:
            for citation in period.sources:
                if catalogue.get(citation.source.id) != citation.source:
                    raise UnknownSourceError(
                        f"parameter {parameter.id!r} cites {citation.source.id!r}, which is not "
                        "in the catalogue clauserules/rules/sources/"
                    )
