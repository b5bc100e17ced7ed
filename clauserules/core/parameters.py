"""Dated parameters: numbers of the law or of practice that change with time.

A :class:`Parameter` is a named series of :class:`Period` values, each with its validity
``[start, end)`` and its sources, like OpenFisca's parameters. Rules keep the conditions;
parameters keep the amounts the conditions compare with (European thresholds, default
labour shares, hourly cost...). A service looks a value up at the date that has a legal
meaning (the launch date of the consultation) and may turn the comparison into a derived
fact (``valeur_estimee_ge_seuil``) that a rule reads.

Parameters are written as YAML files (:func:`load_parameters`), one file per parameter, the
folders giving the namespace of its id (``seuils/europeens/fcs-central.yaml`` is
``seuils.europeens.fcs-central``)::

    description: Seuil européen — fournitures et services, autorités publiques centrales
    unit: EUR HT
    values:
      2024-01-01:
        value: 143000
        reference:
          source: seuils-europeens.2024-2025
      2026-01-01:
        value: 140000
        reference:
          - source: seuils-europeens.2026-2027
            article: annexe 2
        incertain: true
        note: Valeur rappelée de mémoire.

A value holds from its date to the next date (the last one without end); ``value: null``
ends the previous value without giving a new one. ``reference`` (one mapping or a list)
cites a source of the catalogue by id, with ``lines`` of its seed file or an ``article``.
``incertain: true`` marks a value that is not verified in a published source.

Periods of one parameter are checked by the same functions as the versions of a rule
(:func:`clauserules.core.rulebase.check_sourced`, ``check_validity``, ``check_no_overlap``);
a date outside every period has no value: :meth:`Parameter.at` returns ``None`` and
:meth:`Parameter.require` raises :class:`~clauserules.errors.NoRulesInForceError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Strict, ValidationError

from clauserules.core.rulebase import (
    Citation,
    Source,
    Validity,
    check_no_overlap,
    check_sourced,
    check_validity,
)
from clauserules.errors import (
    NoRulesInForceError,
    OverlappingValidityError,
    RuleBaseError,
    RuleWithoutSourceError,
    UnknownSourceError,
)

__all__ = ["Parameter", "Period", "check_parameters", "load_parameter", "load_parameters"]


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
        what = f"parameter {self.id!r}"
        for period in ordered:
            check_sourced(what, period.sources, None)
            check_validity(what, period.validity)
        check_no_overlap(what, (p.validity for p in ordered))

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
            check_sourced(f"parameter {parameter.id!r}", period.sources, catalogue)


# --------------------------------------------------------------------------------------
# YAML files
# --------------------------------------------------------------------------------------


class _Reference(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    source: str
    lines: str | None = None
    article: str | None = None


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    value: Decimal | None
    reference: _Reference | list[_Reference] = []
    incertain: bool = False
    note: str | None = None


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    description: str
    unit: str
    values: dict[Annotated[date, Strict(False)], _Value]


class _Loader(yaml.SafeLoader):
    """YAML with exact numbers (``0.40`` stays ``Decimal("0.40")``) and no repeated key."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        assert isinstance(node, yaml.MappingNode)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _RepeatedKey(key)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _RepeatedKey(Exception):
    def __init__(self, key: object) -> None:
        super().__init__(key)
        self.key = key


def _number(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    assert isinstance(node, yaml.ScalarNode)
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a number", node.start_mark
        ) from None
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a finite number", node.start_mark
        )
    return value


_Loader.add_constructor("tag:yaml.org,2002:int", _number)
_Loader.add_constructor("tag:yaml.org,2002:float", _number)


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(document)"


def load_parameter(path: Path, parameter_id: str, catalogue: Mapping[str, Source]) -> Parameter:
    """Read one parameter file; ``parameter_id`` is its id.

    Raises:
        RuleBaseError: the file is not valid YAML or not a parameter (the message names
            the file and the key), or one of the checks of the rule base fails (its own
            subclass: missing or unknown source, overlapping values).
    """
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except _RepeatedKey as exc:
        key = exc.key.isoformat() if isinstance(exc.key, date) else exc.key
        raise OverlappingValidityError(
            f"{path}: key {key!s} is given twice (values of parameter {parameter_id!r} overlap)"
        ) from None
    except yaml.YAMLError as exc:
        raise RuleBaseError(f"{path}: not valid YAML: {exc}") from None
    if isinstance(document, dict) and isinstance(document.get("values"), dict):
        # dates as written, so that an error names the key as the file does
        document["values"] = {
            key.isoformat() if isinstance(key, date) else key: value
            for key, value in document["values"].items()
        }
    try:
        data = _File.model_validate(document)
    except ValidationError as exc:
        problems = "; ".join(f"{_location(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RuleBaseError(f"{path}: {problems}") from None
    dates = sorted(data.values)
    periods: list[Period] = []
    for position, start in enumerate(dates):
        entry = data.values[start]
        if entry.value is None:
            continue
        end = dates[position + 1] if position + 1 < len(dates) else None
        references = entry.reference if isinstance(entry.reference, list) else [entry.reference]
        if not references:
            raise RuleWithoutSourceError(
                f"{path}: values.{start.isoformat()} has no reference; cite a source of the "
                "catalogue with lines of its seed file or an article"
            )
        citations: list[Citation] = []
        for reference in references:
            source = catalogue.get(reference.source)
            if source is None:
                raise UnknownSourceError(
                    f"{path}: values.{start.isoformat()}.reference cites {reference.source!r}, "
                    "which is not in the catalogue clauserules/rules/sources/"
                )
            citations.append(Citation(source, reference.lines, reference.article))
        periods.append(
            Period(
                validity=Validity(start, end),
                value=entry.value,
                sources=tuple(citations),
                note=entry.note,
                uncertain=entry.incertain,
            )
        )
    try:
        return Parameter(
            id=parameter_id, title=data.description, unit=data.unit, periods=tuple(periods)
        )
    except RuleBaseError as exc:
        raise type(exc)(f"{path}: {exc}") from None


def load_parameters(
    directory: Path, catalogue: Mapping[str, Source], *, namespace: str
) -> dict[str, Parameter]:
    """Every ``*.yaml`` under ``directory``, by id: ``namespace`` then the folders and name.

    Files are read in the order of their paths.
    """
    parameters: dict[str, Parameter] = {}
    for path in sorted(directory.rglob("*.yaml")):
        parts = path.relative_to(directory).with_suffix("").parts
        parameter_id = ".".join((namespace, *parts))
        parameters[parameter_id] = load_parameter(path, parameter_id, catalogue)
    return parameters
