"""Conditions of rules: a small declarative expression language over flat facts.

A rule's condition is data, not a Python function, so that it can be

* compiled to a durable_rules ruleset (``clauserules.core._engine``, which owns durable's
  JSON dialect: operators and type-tagged fact names),
* evaluated by the pure-Python reference evaluator below (:func:`evaluate`), used to find
  the inputs a rule is missing and, in tests, as a differential oracle for the engine,
* printed in the rule catalogue (:func:`describe`).

Facts are flat: a mapping from a French ASCII name to ``bool``, ``int``, ``str`` or a
list of ``str``. A fact that is absent is **unknown**, not false. :func:`evaluate` uses
Kleene's three-valued logic: a comparison on an unknown fact is unknown, ``All`` is
false as soon as one operand is false, ``Any`` is true as soon as one operand is true.
The engine fires a rule exactly when :func:`evaluate` returns ``True`` (this is the
differential property tested in ``tests/test_engine_differential.py``).

There is deliberately no negation and no ``!=``: durable_rules and three-valued logic
disagree on them for absent facts. Write the positive condition instead (``AnyOf``).

>>> cond = (Fact("age") < 26) & Fact("allocations").contains("rsa")
>>> evaluate(cond, {"age": 20, "allocations": ["rsa"]})
True
>>> evaluate(cond, {"allocations": ["rsa"]}) is None
True
>>> evaluate(cond, {"age": 30})
False
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

FactValue: TypeAlias = bool | int | str | list[str]
Facts: TypeAlias = Mapping[str, FactValue]
Scalar: TypeAlias = bool | int | str
Op = Literal["<", "<=", ">", ">=", "=="]

_SYMBOLS: dict[str, str] = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}


class Expr:
    """Base of all condition nodes. Combine with ``&`` (all) and ``|`` (any).

    Each node evaluates and describes itself (:meth:`evaluate`, :meth:`describe`); the
    engine adapter translates the nodes into its own language.
    """

    __slots__ = ()

    def __and__(self, other: Expr) -> Expr:
        return All(tuple(_flatten(All, (self, other))))

    def __or__(self, other: Expr) -> Expr:
        return Any(tuple(_flatten(Any, (self, other))))

    def fields(self) -> frozenset[str]:
        """Names of the facts the condition reads."""
        raise NotImplementedError

    def evaluate(self, facts: Facts) -> bool | None:
        """Three-valued truth on ``facts`` (``None`` = unknown); see :func:`evaluate`."""
        raise NotImplementedError

    def describe(self) -> str:
        """Readable rendering (rule catalogue, CLI); see :func:`describe`."""
        raise NotImplementedError

    def _collect(self, facts: Facts) -> tuple[bool | None, set[str]]:
        """:meth:`evaluate`, plus the absent facts behind an unknown result."""
        raise NotImplementedError


def _flatten(kind: type[All] | type[Any], items: Iterable[Expr]) -> Iterable[Expr]:
    for item in items:
        if isinstance(item, kind):
            yield from item.items
        else:
            yield item


class _Leaf(Expr):
    """A condition on one fact."""

    __slots__ = ()
    field: str

    def fields(self) -> frozenset[str]:
        return frozenset((self.field,))

    def _collect(self, facts: Facts) -> tuple[bool | None, set[str]]:
        value = self.evaluate(facts)
        return (None, {self.field}) if value is None else (value, set())


@dataclass(frozen=True, slots=True)
class Cmp(_Leaf):
    """Comparison of one fact with a constant: ``Fact("age") < 26``."""

    field: str
    op: Op
    value: Scalar

    def evaluate(self, facts: Facts) -> bool | None:
        found = facts.get(self.field)
        if found is None or isinstance(found, list):
            return None if found is None else False
        return _compare(found, self.op, self.value)

    def describe(self) -> str:
        value = "vrai" if self.value is True else "faux" if self.value is False else self.value
        return f"{self.field} {_SYMBOLS[self.op]} {value}"


@dataclass(frozen=True, slots=True)
class AnyOf(_Leaf):
    """The fact (a scalar) equals one of ``values``."""

    field: str
    values: tuple[Scalar, ...]

    def evaluate(self, facts: Facts) -> bool | None:
        found = facts.get(self.field)
        if found is None:
            return None
        if isinstance(found, list):
            return False
        return any(_compare(found, "==", v) for v in self.values)

    def describe(self) -> str:
        return f"{self.field} ∈ {{{', '.join(map(str, self.values))}}}"


@dataclass(frozen=True, slots=True)
class Contains(_Leaf):
    """The fact (a list of codes) contains at least one of ``values``."""

    field: str
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool | None:
        found = facts.get(self.field)
        if found is None:
            return None
        return isinstance(found, list) and any(v in found for v in self.values)

    def describe(self) -> str:
        return f"{self.field} ∋ {{{', '.join(self.values)}}}"


@dataclass(frozen=True, slots=True)
class All(Expr):
    """Every operand holds."""

    items: tuple[Expr, ...]

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(i.fields() for i in self.items))

    def evaluate(self, facts: Facts) -> bool | None:
        unknown = False
        for item in self.items:
            result = item.evaluate(facts)
            if result is False:
                return False
            unknown = unknown or result is None
        return None if unknown else True

    def describe(self) -> str:
        return " ET ".join(_paren(i) for i in self.items)

    def _collect(self, facts: Facts) -> tuple[bool | None, set[str]]:
        return _collect_connective(self.items, facts, decisive=False)


@dataclass(frozen=True, slots=True)
class Any(Expr):
    """At least one operand holds."""

    items: tuple[Expr, ...]

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(i.fields() for i in self.items))

    def evaluate(self, facts: Facts) -> bool | None:
        unknown = False
        for item in self.items:
            result = item.evaluate(facts)
            if result is True:
                return True
            unknown = unknown or result is None
        return None if unknown else False

    def describe(self) -> str:
        return " OU ".join(_paren(i) for i in self.items)

    def _collect(self, facts: Facts) -> tuple[bool | None, set[str]]:
        return _collect_connective(self.items, facts, decisive=True)


@dataclass(frozen=True, slots=True)
class Fact:
    """Builder for conditions on the fact ``name``."""

    name: str

    def __lt__(self, value: int) -> Cmp:
        return Cmp(self.name, "<", value)

    def __le__(self, value: int) -> Cmp:
        return Cmp(self.name, "<=", value)

    def __gt__(self, value: int) -> Cmp:
        return Cmp(self.name, ">", value)

    def __ge__(self, value: int) -> Cmp:
        return Cmp(self.name, ">=", value)

    def eq(self, value: Scalar) -> Cmp:
        """The fact equals ``value``."""
        return Cmp(self.name, "==", value)

    def is_true(self) -> Cmp:
        """The (boolean) fact is true."""
        return Cmp(self.name, "==", True)

    def one_of(self, *values: Scalar) -> AnyOf:
        """The (scalar) fact is one of ``values``."""
        return AnyOf(self.name, tuple(values))

    def contains(self, *values: str) -> Contains:
        """The (list) fact contains at least one of ``values``."""
        return Contains(self.name, tuple(values))


# --------------------------------------------------------------------------------------
# Reference evaluator (three-valued)
# --------------------------------------------------------------------------------------


def _kind(value: object) -> type:
    """The JSON kind of a value: ``bool`` is not an integer, a ``StrEnum`` is a string."""
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int
    if isinstance(value, str):
        return str
    return object


def _compare(found: Scalar, op: str, value: Scalar) -> bool:
    if op == "==":
        # A fact of another JSON kind never equals the constant (true is not 1, "1" is not 1).
        return found == value and _kind(found) is _kind(value)
    if isinstance(found, bool) or not isinstance(found, int) or isinstance(value, bool):
        return False
    if not isinstance(value, int):
        return False
    if op == "<":
        return found < value
    if op == "<=":
        return found <= value
    if op == ">":
        return found > value
    return found >= value


def evaluate(expr: Expr, facts: Facts) -> bool | None:
    """Evaluate ``expr`` on ``facts`` with three-valued logic (``None`` = unknown)."""
    if not isinstance(expr, Expr):
        raise TypeError(f"not a condition: {expr!r}")
    return expr.evaluate(facts)


def unknown_fields(expr: Expr, facts: Facts) -> frozenset[str]:
    """The absent facts whose value could change the outcome of an unknown ``expr``.

    Empty when ``expr`` is already decided on ``facts``. One pass over the condition.
    """
    value, fields = expr._collect(facts)
    return frozenset(fields) if value is None else frozenset()


def _collect_connective(
    items: tuple[Expr, ...], facts: Facts, *, decisive: bool
) -> tuple[bool | None, set[str]]:
    """``All`` (``decisive=False``) or ``Any`` (``True``): the value that settles it."""
    fields: set[str] = set()
    unknown = False
    for item in items:
        value, item_fields = item._collect(facts)
        if value is decisive:
            return decisive, set()
        if value is None:
            unknown = True
            fields |= item_fields
    return (None, fields) if unknown else (not decisive, set())


# --------------------------------------------------------------------------------------
# Human-readable rendering (rule catalogue, CLI)
# --------------------------------------------------------------------------------------


def describe(expr: Expr) -> str:
    """A compact, readable rendering of ``expr``.

    >>> describe((Fact("age") < 26) & Fact("allocations").contains("rsa", "ass"))
    'age < 26 ET allocations ∋ {rsa, ass}'
    """
    if not isinstance(expr, Expr):
        raise TypeError(f"not a condition: {expr!r}")
    return expr.describe()


def _paren(expr: Expr) -> str:
    text = expr.describe()
    return f"({text})" if isinstance(expr, All | Any) else text
