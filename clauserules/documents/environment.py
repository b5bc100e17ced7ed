"""The one Jinja environment of every template, and the French filters templates use.

Sandboxed, autoescaping and strict (``docs/decisions/0030-generation-documents.md``, §7):
``&``, ``<``, ``>`` and quotes are escaped, an unknown variable raises, Jinja's globals are
removed, and only the data fields of the document context (:mod:`.context`) can be
reached. ``*``, ``**``, ``%``, ``~``, the padding and joining filters, loops, recursion,
render time and output size are bounded so that a template cannot exhaust memory or time.
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from clauserules import _fr
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


# The filters are :mod:`clauserules._fr` with the no-break space of the Word documents
# (decision 0040): one French formatting for the command line, the web and Word.


def format_nombre(value: Any, decimales: int | None = None) -> str:
    """``1200000`` → ``1 200 000`` ; ``812.5`` → ``812,5`` (non-breaking spaces)."""
    return _fr.nombre(to_decimal(value), decimales, espace=NBSP)


def format_heures(value: Any) -> str:
    """``800`` → ``800 heures`` ; ``1`` → ``1 heure``."""
    return _fr.heures(to_decimal(value), espace=NBSP)


def format_montant(value: Any) -> str:
    """``1200000`` → ``1 200 000,00 €``."""
    return _fr.montant(to_decimal(value), espace=NBSP)


def format_pourcent(value: Any) -> str:
    """A rate ``0.05`` → ``5 %``."""
    return _fr.pourcent(to_decimal(value), espace=NBSP)


def format_date(value: Any) -> str:
    """``2026-08-21`` → ``21 août 2026`` ; the first day of a month is ``1er``."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if not isinstance(value, date):
        raise TypeError(f"not a date: {value!r}")
    return _fr.date_longue(value)


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
"""Longest text or list a template may build with ``*``, ``~``, ``%`` or a filter."""
MAX_OUTPUT_CHARS = 50_000_000
"""Longest XML part a template may render."""
MAX_STEPS = 2_000_000
"""Most template statements one render may run (loops included)."""
RENDER_TIMEOUT = 20.0
"""Seconds one template part may take to render."""
MAX_INT_BITS = 100_000
"""Largest integer (in bits, about 30,000 digits) a template may compute."""
_WIDE = re.compile(r"[0-9]{7,}|\*")


def _refuse(what: str) -> SecurityError:
    return SecurityError(f"{what} in a template (limit of the sandbox)")


def _check_format(spec: Any) -> None:
    """A ``%`` or ``format`` pattern with a width of a million or more, or ``*``, is refused
    before Python pads anything."""
    if isinstance(spec, str) and _WIDE.search(spec):
        raise _refuse("format width too large")


def _bounded_filters() -> dict[str, Any]:
    """``format``, ``center``, ``join``, ``replace``, ``indent`` and ``wordwrap`` checked for
    the size of what they would build before they build it."""
    from jinja2 import filters as f

    def do_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_format(value)
        result = f.do_format(value, *args, **kwargs)
        return result

    def do_center(value: Any, width: int = 80) -> Any:
        if not isinstance(width, int) or width > MAX_RESULT_LENGTH:
            raise _refuse("width too large")
        return f.do_center(value, width)

    @jinja2.pass_eval_context
    def do_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        items = list(value)
        if len(items) * len(str(d)) + sum(len(str(i)) for i in items) > MAX_RESULT_LENGTH:
            raise _refuse("joined text too long")
        return f.do_join(eval_ctx, items, d, attribute)

    @jinja2.pass_eval_context
    def do_replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        text, old_text = str(s), str(old)
        hits = text.count(old_text) if old_text else len(text) + 1
        if len(text) + hits * len(str(new)) > MAX_RESULT_LENGTH:
            raise _refuse("replaced text too long")
        return f.do_replace(eval_ctx, s, old, new, count)

    def do_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> Any:
        size = width if isinstance(width, int) else len(str(width))
        if len(str(s)) + (str(s).count("\n") + 1) * size > MAX_RESULT_LENGTH:
            raise _refuse("indented text too long")
        return f.do_indent(s, width, first, blank)

    def do_wordwrap(environment: Any, s: Any, width: int = 79, *args: Any, **kw: Any) -> Any:
        if len(str(s)) > 100_000 or not isinstance(width, int) or width < 1:
            raise _refuse("text too long to wrap")
        return f.do_wordwrap(environment, s, width, *args, **kw)

    return {
        "format": do_format,
        "center": do_center,
        "join": do_join,
        "replace": do_replace,
        "indent": do_indent,
        "wordwrap": jinja2.pass_environment(do_wordwrap),
    }


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else len(str(value))


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with ``~`` checked by the environment (the sandbox only
    intercepts the operators of ``intercepted_binops``)."""

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.call_concat({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Budget:
    """Steps and time of one render, checked by a trace function on template frames only."""

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + RENDER_TIMEOUT

    def local(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise _refuse(f"more than {MAX_STEPS:,} steps (a loop too long)")
            if not self.steps % 4096 and time.monotonic() > self.deadline:
                raise _refuse(f"rendering longer than {RENDER_TIMEOUT:g} seconds")
        return self.local

    def call(self, frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename.startswith("<"):  # compiled template code
            return self.local
        return None


class _BoundedTemplate(jinja2.Template):
    """A template whose render is bounded in steps, time, recursion and output size."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget = _Budget()
        previous = sys.gettrace()
        sys.settrace(budget.call)
        try:
            result = super().render(*args, **kwargs)
        except RecursionError:
            raise _refuse("recursion too deep") from None
        except MemoryError:
            raise _refuse("memory exhausted") from None
        finally:
            sys.settrace(previous)
        if len(result) > MAX_OUTPUT_CHARS:
            raise _refuse(f"output longer than {MAX_OUTPUT_CHARS:,} characters")
        return result


class _Environment(ImmutableSandboxedEnvironment):
    """Sandboxed (immutable: no ``list.append``), escaping, strict; caches compiled sources
    (docxtpl compiles per render).

    ``*``, ``**``, ``%`` and ``~`` are intercepted, and ``format``, ``center``, ``join``,
    ``replace``, ``indent`` and ``wordwrap`` replaced by checked versions, so that a
    template cannot exhaust memory (``'a' * 10**9``, ``'%0999999999d' % 1``) or time
    (``9 ** 9 ** 9``); a render is bounded in steps, time and output (ADR 0070). None of
    them is folded at compile time: checking a template never runs its payloads.
    """

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = _CodeGenerator
    template_class = _BoundedTemplate

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize)
        self.globals.clear()
        self.filters.update(FILTERS)
        self.filters.update(FRENCH_FILTERS)
        self.filters.update(_bounded_filters())
        self._compiled: dict[str, jinja2.Template] = {}
        self._safe: dict[tuple[type, str], bool] = {}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            return super()._parse(source, name, filename)
        except RecursionError:
            raise jinja2.TemplateSyntaxError("tags or expressions nested too deeply", 1) from None

    def compile(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().compile(source, *args, **kwargs)
        except RecursionError:
            raise jinja2.TemplateSyntaxError("tags or expressions nested too deeply", 1) from None

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

    def call_concat(self, join: Any, values: tuple[Any, ...]) -> Any:
        if sum(_length(v) for v in values) > MAX_RESULT_LENGTH:
            raise _refuse("concatenation too long")
        return join(values)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(getattr(value, "__self__", None))
        return wrapped

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%":
            _check_format(left)
            result = left % right
            if _length(result) > MAX_RESULT_LENGTH:
                raise _refuse("formatted text too long")
            return result
        if operator == "**":
            if isinstance(right, int | float | Decimal) and abs(Decimal(str(right))) > 64:
                raise _refuse("exponent too large")
            ints = isinstance(left, int) and isinstance(right, int) and right > 0
            if ints and left.bit_length() * right > MAX_INT_BITS:
                raise _refuse("number too large")
            return left**right
        if isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            count = right if isinstance(left, str | list | tuple) else left
            sequence = left if isinstance(left, str | list | tuple) else right
            if isinstance(count, int) and len(sequence) * count > MAX_RESULT_LENGTH:
                raise _refuse("repetition too long")
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and left.bit_length() + right.bit_length() > MAX_INT_BITS
        ):
            raise _refuse("number too large")
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

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Refuse an unsafe attribute at once (the sandbox returns an undefined value, which
        ``map(attribute='__class__')|list`` would print as ``Undefined``)."""
        raise SecurityError(
            f"access to attribute {attribute!r} of a {type(obj).__name__!r} object is unsafe"
        )

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
