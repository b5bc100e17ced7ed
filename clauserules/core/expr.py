"""Conditions of rules: a small declarative expression language over flat facts.

A rule's condition is data, not a Python function, so that it can be

* compiled to a durable_rules ruleset (``clauserules.core._engine``),
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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

FactValue: TypeAlias = bool | int | str | list[str]
Facts: TypeAlias = Mapping[str, FactValue]
Scalar: TypeAlias = bool | int | str
Op = Literal["<", "<=", ">", ">=", "=="]

_DURABLE_OPS: dict[str, str] = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_SYMBOLS: dict[str, str] = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}


class Expr:
    """Base of all condition nodes. Combine with ``&`` (all) and ``|`` (any)."""

    __slots__ = ()

    def __and__(self, other: Expr) -> Expr:
        return All(tuple(_flatten(All, (self, other))))

    def __or__(self, other: Expr) -> Expr:
        return Any(tuple(_flatten(Any, (self, other))))

    def fields(self) -> frozenset[str]:
        """Names of the facts the condition reads."""
        raise NotImplementedError


def _flatten(kind: type[All] | type[Any], items: Iterable[Expr]) -> Iterable[Expr]:
    for item in items:
        if isinstance(item, kind):
            yield from item.items
        else:
            yield item


@dataclass(frozen=True, slots=True)
class Cmp(Expr):
    """Comparison of one fact with a constant: ``Fact("age") < 26``."""

    field: str
    op: Op
    value: Scalar

    def fields(self) -> frozenset[str]:
        return frozenset((self.field,))


@dataclass(frozen=True, slots=True)
class AnyOf(Expr):
    """The fact (a scalar) equals one of ``values``."""

    field: str
    values: tuple[Scalar, ...]

    def fields(self) -> frozenset[str]:
        return frozenset((self.field,))


@dataclass(frozen=True, slots=True)
class Contains(Expr):
    """The fact (a list of codes) contains at least one of ``values``."""

    field: str
    values: tuple[str, ...]

    def fields(self) -> frozenset[str]:
        return frozenset((self.field,))


@dataclass(frozen=True, slots=True)
class All(Expr):
    """Every operand holds."""

    items: tuple[Expr, ...]

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(i.fields() for i in self.items))


@dataclass(frozen=True, slots=True)
class Any(Expr):
    """At least one operand holds."""

    items: tuple[Expr, ...]

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(i.fields() for i in self.items))


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


def _compare(found: Scalar, op: str, value: Scalar) -> bool:
    if op == "==":
        return found == value and type_tag(found) == type_tag(value)
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
    if isinstance(expr, Cmp):
        found = facts.get(expr.field)
        if found is None or isinstance(found, list):
            return None if found is None else False
        return _compare(found, expr.op, expr.value)
    if isinstance(expr, AnyOf):
        found = facts.get(expr.field)
        if found is None:
            return None
        return (
            any(_compare(found, "==", v) for v in expr.values)
            if not isinstance(found, list)
            else False
        )
    if isinstance(expr, Contains):
        found = facts.get(expr.field)
        if found is None:
            return None
        return isinstance(found, list) and any(v in found for v in expr.values)
    if isinstance(expr, All):
        unknown = False
        for item in expr.items:
            result = evaluate(item, facts)
            if result is False:
                return False
            unknown = unknown or result is None
        return None if unknown else True
    if isinstance(expr, Any):
        unknown = False
        for item in expr.items:
            result = evaluate(item, facts)
            if result is True:
                return True
            unknown = unknown or result is None
        return None if unknown else False
    raise TypeError(f"not a condition: {expr!r}")


def unknown_fields(expr: Expr, facts: Facts) -> frozenset[str]:
    """The absent facts whose value could change the outcome of an unknown ``expr``.

    Empty when ``expr`` is already decided on ``facts``. One pass over the condition.
    """
    value, fields = _evaluate_collect(expr, facts)
    return frozenset(fields) if value is None else frozenset()


def _evaluate_collect(expr: Expr, facts: Facts) -> tuple[bool | None, set[str]]:
    """:func:`evaluate`, plus the absent facts behind an unknown result."""
    if isinstance(expr, All | Any):
        decisive = expr.__class__ is Any  # the value that settles the connective
        fields: set[str] = set()
        unknown = False
        for item in expr.items:
            value, item_fields = _evaluate_collect(item, facts)
            if value is decisive:
                return decisive, set()
            if value is None:
                unknown = True
                fields |= item_fields
        return (None, fields) if unknown else (not decisive, set())
    value = evaluate(expr, facts)
    if value is None:
        assert isinstance(expr, Cmp | AnyOf | Contains)
        return None, {expr.field}
    return value, set()


# --------------------------------------------------------------------------------------
# Compilation to durable_rules' JSON rule language
# --------------------------------------------------------------------------------------


# durable_rules compares JSON values across types (true == 1, "1" == 1, "" == 0, a string
# is greater than any number). The engine therefore sees each fact under a name tagged
# with its type, and each condition reads the name tagged with the type of its constant:
# a fact of another type is absent for it and cannot match, as in evaluate().
def type_tag(value: object) -> str:
    """The JSON kind of ``value`` as a name suffix: ``#b``, ``#i``, ``#s``, ``#l`` or ``#x``.

    Subclasses count as their base (a ``StrEnum`` member is a string); ``bool`` is not an
    integer here.
    """
    if isinstance(value, bool):
        return "#b"
    if isinstance(value, int):
        return "#i"
    if isinstance(value, str):
        return "#s"
    if isinstance(value, list):
        return "#l"
    return "#x"  # any other type: read by no condition


def typed_name(field: str, value: object) -> str:
    """The name under which the engine sees ``field`` holding ``value``."""
    return field + type_tag(value)


def to_durable(expr: Expr) -> dict[str, object]:
    """The durable_rules JSON condition on one fact (``{"m": <this>}``) for ``expr``.

    Field names are tagged with the type of the constant (:func:`typed_name`).
    """
    if isinstance(expr, Cmp):
        name = typed_name(expr.field, expr.value)
        if expr.op == "==":
            return {name: expr.value}
        return {_DURABLE_OPS[expr.op]: {name: expr.value}}
    if isinstance(expr, AnyOf):
        return _or([{typed_name(expr.field, v): v} for v in expr.values])
    if isinstance(expr, Contains):
        inner = _or([{"$i": v} for v in expr.values])
        return {"$iany": {typed_name(expr.field, []): inner}}
    if isinstance(expr, All):
        return {"$and": [to_durable(i) for i in expr.items]}
    if isinstance(expr, Any):
        return {"$or": [to_durable(i) for i in expr.items]}
    raise TypeError(f"not a condition: {expr!r}")


def _or(items: Sequence[dict[str, object]]) -> dict[str, object]:
    return items[0] if len(items) == 1 else {"$or": list(items)}


# --------------------------------------------------------------------------------------
# Human-readable rendering (rule catalogue, CLI)
# --------------------------------------------------------------------------------------


def describe(expr: Expr) -> str:
    """A compact, readable rendering of ``expr``.

    >>> describe((Fact("age") < 26) & Fact("allocations").contains("rsa", "ass"))
    'age < 26 ET allocations ∋ {rsa, ass}'
    """
    if isinstance(expr, Cmp):
        value = "vrai" if expr.value is True else "faux" if expr.value is False else expr.value
        return f"{expr.field} {_SYMBOLS[expr.op]} {value}"
    if isinstance(expr, AnyOf):
        return f"{expr.field} ∈ {{{', '.join(map(str, expr.values))}}}"
    if isinstance(expr, Contains):
        return f"{expr.field} ∋ {{{', '.join(expr.values)}}}"
    if isinstance(expr, All):
        return " ET ".join(_paren(i) for i in expr.items)
    if isinstance(expr, Any):
        return " OU ".join(_paren(i) for i in expr.items)
    raise TypeError(f"not a condition: {expr!r}")


def _paren(expr: Expr) -> str:
    text = describe(expr)
    return f"({text})" if isinstance(expr, All | Any) else text
