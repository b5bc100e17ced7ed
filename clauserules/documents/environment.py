"""The one Jinja environment of every template, and the French filters templates use.

Sandboxed, autoescaping and strict (``docs/decisions/0030-generation-documents.md``, §7):
``&``, ``<``, ``>`` and quotes are escaped, an unknown variable raises, Jinja's globals are
removed, and only the data fields of the document context (:mod:`.context`) can be
reached. ``*`` and ``**`` are bounded so that a template cannot exhaust memory or time.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache
from typing import Any

import jinja2
import markupsafe
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from clauserules.documents.context import CONTEXT_TYPES
from clauserules.documents.filters import FRENCH_FILTERS

__all__ = [
    "FILTERS",
    "NBSP",
    "environment",
    "format_date",
    "format_heures",
    "format_mois",
    "format_montant",
    "format_nombre",
    "format_pourcent",
    "to_decimal",
]

NBSP = "\u00a0"

# --- French formatting (Jinja filters) ---------------------------------------------------

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def to_decimal(value: Any) -> Decimal:
    """``value`` as a :class:`Decimal`; :class:`TypeError` if it is not a number."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise TypeError(f"not a number: {value!r}") from None


def format_nombre(value: Any, decimales: int | None = None) -> str:
    """``1200000`` → ``1 200 000`` ; ``812.5`` → ``812,5`` (non-breaking spaces)."""
    number = to_decimal(value)
    if decimales is not None:
        number = number.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_EVEN)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    if decimales is None:
        fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = NBSP.join(groups)
    return sign + body + ("," + fraction if fraction else "")


def format_heures(value: Any) -> str:
    """``800`` → ``800 heures`` ; ``1`` → ``1 heure``."""
    number = to_decimal(value)
    unit = "heure" if abs(number) <= 1 else "heures"
    return f"{format_nombre(number)}{NBSP}{unit}"


def format_montant(value: Any) -> str:
    """``1200000`` → ``1 200 000,00 €``."""
    return f"{format_nombre(value, 2)}{NBSP}€"


def format_pourcent(value: Any) -> str:
    """A rate ``0.05`` → ``5 %``."""
    return f"{format_nombre(to_decimal(value) * 100)}{NBSP}%"


def format_date(value: Any) -> str:
    """``2026-08-21`` → ``21 août 2026`` ; the first day of a month is ``1er``."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if not isinstance(value, date):
        raise TypeError(f"not a date: {value!r}")
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def format_mois(value: Any) -> str:
    """``24`` → ``24 mois``."""
    return f"{format_nombre(value)}{NBSP}mois"


FILTERS = {
    "nombre": format_nombre,
    "heures": format_heures,
    "montant": format_montant,
    "pourcent": format_pourcent,
    "date_fr": format_date,
    "mois": format_mois,
}


def _finalize(value: Any) -> Any:
    """Every value a template prints, made safe for docxtpl's XML: the one safe path of text.

    Escaped for XML here (``& < > " '``), and the sequences ``{_``/``_}`` that docxtpl turns
    back into ``{{``/``}}``/``{%``/``%}`` after rendering get their underscore as a character
    reference, so the text of a field is never rewritten (reliability review, R14).
    """
    if value is None or isinstance(value, markupsafe.Markup):
        return value
    text = str(markupsafe.escape(str(value)))
    if "_" in text:
        text = text.replace("{_", "{&#95;").replace("_}", "&#95;}")
    return markupsafe.Markup(text)


# --- the sandbox -------------------------------------------------------------------------

MAX_RESULT_LENGTH = 1_000_000
"""Longest text or list a template may build with ``*`` or ``~`` (guards memory)."""


class _Environment(SandboxedEnvironment):
    """Sandboxed, escaping, strict; caches compiled sources (docxtpl compiles per render).

    ``*`` and ``**`` are intercepted so that a template cannot exhaust memory or time with
    ``'a' * 10**9`` or ``9 ** 9 ** 9``.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize)
        self.globals.clear()
        self.filters.update(FILTERS)
        self.filters.update(FRENCH_FILTERS)
        self._compiled: dict[str, jinja2.Template] = {}
        self._safe: dict[tuple[type, str], bool] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        key = hashlib.sha256(source.encode("utf-8")).hexdigest()
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) > 64:
                self._compiled.clear()
            compiled = super().from_string(source)
            self._compiled[key] = compiled
        return compiled

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float | Decimal) and abs(Decimal(str(right))) > 64:
                raise SecurityError("exponent too large in a template")
            return left**right
        if isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            count = right if isinstance(left, str | list | tuple) else left
            sequence = left if isinstance(left, str | list | tuple) else right
            if isinstance(count, int) and len(sequence) * count > MAX_RESULT_LENGTH:
                raise SecurityError("repetition too long in a template")
        return left * right

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        kind = type(obj)
        if kind in CONTEXT_TYPES:
            key = (kind, attr)
            safe = self._safe.get(key)
            if safe is None:
                safe = attr in CONTEXT_TYPES[kind] and super().is_safe_attribute(obj, attr, value)
                self._safe[key] = safe
            return safe
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind in CONTEXT_TYPES:
            # our frozen dataclasses: data fields only, no item access to try first
            if attribute in CONTEXT_TYPES[kind] and self.is_safe_attribute(obj, attribute, None):
                return getattr(obj, attribute)
            if attribute.startswith("_") or hasattr(kind, attribute):
                return self.unsafe_undefined(obj, attribute)
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@cache
def environment() -> SandboxedEnvironment:
    """The one Jinja environment of every template: sandboxed, autoescaped, strict."""
    return _Environment()
