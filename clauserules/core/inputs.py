"""The base of every input model: frozen, closed, ISO dates, and errors naming the field.

Field names are French ASCII (the law's words for the law's things); every input field
is optional, and an absent fact is *unknown*: a rule that needs it reports it in
``missing`` instead of guessing.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from clauserules.errors import FieldProblem, InvalidInputError

__all__ = [
    "EARLIEST_DATE",
    "MAX_HEURES",
    "MAX_MONTANT",
    "Fraction",
    "Heures",
    "InputModel",
    "IsoDate",
    "Montant",
    "Positif",
    "Texte",
    "coerce_date",
    "parse_model",
    "problems_from",
]

EARLIEST_DATE = date(1900, 1, 1)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """Accept a :class:`date` or a ``YYYY-MM-DD`` string, nothing else.

    Pydantic's lax mode would also take ``0`` (a Unix time: 1970-01-01), bytes and
    ``"2000-01-01T00:00"``; a date of the law is a calendar day written in full.
    """
    if isinstance(value, datetime):
        raise ValueError("expected a date YYYY-MM-DD, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a valid date YYYY-MM-DD: {exc}") from None
    raise ValueError("expected a date in the form YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar day given as a :class:`date` or an ISO ``YYYY-MM-DD`` string."""

_ISO_DATE: TypeAdapter[date] = TypeAdapter(IsoDate)


def coerce_date(value: Any, field: str, *, subject: str = "argument") -> date:
    """``value`` as an :data:`IsoDate`; raise :class:`InvalidInputError` naming ``field``.

    The one parser of a date argument (``at=``, ``--at``): the rules of :data:`IsoDate`,
    outside a model.

    >>> coerce_date("2026-08-01", "at")
    datetime.date(2026, 8, 1)
    >>> coerce_date("20260801", "at")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    clauserules.errors.InvalidInputError: invalid argument: at: expected a date ... (found '20260801') ...
    """
    if type(value) is date:  # already a day: nothing to parse
        return value
    try:
        return _ISO_DATE.validate_python(value)
    except ValidationError:
        raise InvalidInputError(
            [FieldProblem(field, "expected a date in the form YYYY-MM-DD", repr(value))],
            subject=subject,
        ) from None


class InputModel(BaseModel):
    """Base of the input models: frozen, unknown keys refused, docstrings as descriptions."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


MAX_MONTANT = Decimal(10) ** 12
"""Amounts are below 10^12 € (a thousand billion: above any public contract)."""
MAX_HEURES = Decimal(10) ** 9
"""Hours (due, worked, per period) are below 10^9 h."""
MIN_POSITIF = Decimal("0.01")
"""The smallest positive amount or rate accepted (a cent, a hundredth)."""
MAX_DIGITS = 30
"""Most significant digits of a decimal input (28 are enough for any amount in cents)."""


def _bounded_decimal(value: Any) -> Any:
    """Refuse, before pydantic builds or compares it, a number that is not finite or whose
    exponent or digits are out of any sane range (``1E+999999999``, 100,000 digits, sNaN):
    comparing or quantizing those raises or spins in :mod:`decimal`."""
    if isinstance(value, bool):
        return value  # pydantic refuses it with its own message
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 2 * MAX_DIGITS:
            raise ValueError(f"expected a number of at most {MAX_DIGITS} digits")
        try:
            number = Decimal(text)
        except ArithmeticError:
            return value  # not a number: pydantic says so
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("expected a finite number")
        return value
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        if abs(value) >= 10**MAX_DIGITS:
            raise ValueError(f"expected a number of at most {MAX_DIGITS} digits")
        return value
    else:
        return value
    if not number.is_finite():
        raise ValueError("expected a finite number")
    if (
        len(number.as_tuple().digits) > MAX_DIGITS
        or not -MAX_DIGITS <= number.adjusted() <= MAX_DIGITS
    ):
        raise ValueError(f"expected a number of at most {MAX_DIGITS} digits")
    return value


_Decimal = Annotated[Decimal, BeforeValidator(_bounded_decimal)]
Montant = Annotated[_Decimal, Field(ge=0, lt=MAX_MONTANT, allow_inf_nan=False)]
"""An amount in euros: 0 ≤ x < 10^12."""
Fraction = Annotated[_Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
"""A share or a rate: 0 ≤ x ≤ 1."""
Positif = Annotated[_Decimal, Field(ge=MIN_POSITIF, lt=MAX_MONTANT, allow_inf_nan=False)]
"""A positive amount (hourly cost, euros per hour, penalty): 0.01 ≤ x < 10^12."""
Heures = Annotated[_Decimal, Field(ge=0, lt=MAX_HEURES, allow_inf_nan=False)]
"""A number of hours: 0 ≤ x < 10^9 (a ledger line is checked against its month too)."""
Texte = Annotated[str, Field(min_length=1, max_length=20_000)]
"""Free text (names, titles): up to 20,000 characters, whatever they are."""


M = TypeVar("M", bound=BaseModel)


def parse_model(model: type[M], data: Any, *, subject: str) -> M:
    """Validate ``data`` into ``model``; raise :class:`InvalidInputError` naming each field."""
    if isinstance(data, model):
        return data
    if not isinstance(data, Mapping):
        raise InvalidInputError(
            [
                FieldProblem(
                    "(root)", f"expected a mapping of {subject} fields", type(data).__name__
                )
            ],
            subject=subject,
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError(problems_from(exc), subject=subject) from None


def problems_from(exc: ValidationError, prefix: str = "") -> list[FieldProblem]:
    """Turn a pydantic error into field problems (dotted location, message, found value).

    Locations name fields only: the steps pydantic adds for the members of a union
    (``InscriptionFranceTravail``, ``literal[False]``) are dropped; a member that failed
    at a field another member went deeper into is not reported (the input was meant for
    the other); members failing at the same field are reported as one problem.
    """
    models = _model_names()
    entries: list[tuple[tuple[str, ...], bool, str, str | None]] = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        parts = tuple(str(p) for p in loc if not _union_step(p, models))
        found = error.get("input")
        shown = None if error["type"] == "missing" else _show(found)
        entries.append((parts, len(parts) < len(loc), error["msg"], shown))
    deeper = [parts for parts, *_ in entries]
    problems: list[FieldProblem] = []
    union_problem: dict[str, int] = {}  # location -> index in problems
    for parts, in_union, message, shown in entries:
        if in_union and any(len(d) > len(parts) and d[: len(parts)] == parts for d in deeper):
            continue
        location = ".".join(parts) or "(root)"
        if prefix:
            location = f"{prefix}.{location}"
        if in_union and location in union_problem:
            index = union_problem[location]
            before = problems[index]
            if message not in before.message:
                alternative = f"{before.message}, or {message[0].lower()}{message[1:]}"
                problems[index] = FieldProblem(location, alternative, before.found)
            continue
        if in_union:
            union_problem[location] = len(problems)
        problems.append(FieldProblem(location, message, shown))
    return problems


def _union_step(part: str | int, models: frozenset[str]) -> bool:
    return isinstance(part, str) and ("[" in part or part in models)


def _model_names() -> frozenset[str]:
    names: set[str] = set()
    stack: list[type[BaseModel]] = [BaseModel]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            names.add(sub.__name__)
            stack.append(sub)
    return frozenset(names)


_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 60
_SHOWN.maxother = 60
_SHOWN.maxlist = _SHOWN.maxtuple = _SHOWN.maxdict = _SHOWN.maxset = 4
_SHOWN.maxlevel = 2


def _show(value: Any) -> str:
    """A short repr of ``value``, cut *before* the whole value is formatted (a huge list
    or string is never turned into text in full)."""
    if isinstance(value, str) and len(value) > 80:
        value = value[:80]
    elif isinstance(value, Decimal) and len(value.as_tuple().digits) > 80:
        return "a number of more than 80 digits"
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return "an integer of more than 77 digits"
    text = _SHOWN.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
