"""The adapter to durable_rules: the only module of clauserules that imports it.

What durable_rules 2.0.28 does, and what this adapter does about it (measured; see
``docs/decisions/0002-moteur-durable-rules.md``):

* The rules are compiled by durable_rules' C engine (``durable_rules_engine``) from its
  JSON rule language, written here (:func:`to_durable`, :func:`typed_name`). A ruleset name cannot be
  registered twice: each distinct set of rule versions is compiled once, under a fresh
  name, and cached for the life of the process.
* ``durable.lang`` starts a process-wide host whose timer threads call into the C engine
  in the background; together with calls from other threads this segfaults. We drive the
  C engine directly — assert, run the agenda, delete — with no background thread, and
  serialise every call with one process-wide lock: :func:`evaluate` is safe to call from
  many threads.
* durable's Python host spends about 30 µs per fired rule re-encoding the session state
  and reading the clock; our agenda loop only records which rule fired and completes the
  action (the state is never modified by our actions).
* Each evaluation gets its own session id and its state is always deleted afterwards, so
  nothing leaks between evaluations and the ~1,024 live-session cap is never reached.
* Deleting the session of a fact that matched no rule segfaults the C engine; a fact that
  matches no rule also raises ``MessageNotHandledException`` in durable's host. Every
  compiled ruleset therefore ends with a *sink* rule that matches every fact of ours, so
  each fact is handled, and the sink is not reported as a fired rule.
* durable renames rules; our agenda loop maps its names back to **our** rule ids. It
  also splits a rule whose condition is a disjunction into one branch per operand, so a
  rule can fire more than once: each id is reported once.
* Compiling ``$iany`` over an ``$or`` reads a byte durable never wrote and refuses the
  ruleset (code 102) when the heap happens to hold 9 or 12 there: "contains one of" is
  written as an ``$or`` of single-value ``$iany`` instead (:func:`to_durable`).
* An exception raised while a rule's action runs abandons the action and is re-raised as
  :class:`~clauserules.errors.EngineError`.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import durable_rules_engine as _C

from clauserules.core.expr import All, AnyOf, Cmp, Contains, Expr, FactValue
from clauserules.core.expr import Any as AnyExpr
from clauserules.core.rulebase import Rule
from clauserules.errors import EngineError

__all__ = [
    "compiled_name",
    "durable_definition",
    "evaluate",
    "to_durable",
    "type_tag",
    "typed_name",
]

SINK = "sink"
_MARK = "_clauserules"  # field set on every fact we assert; the sink rule matches it

# Facts and rule definitions must be encoded alike: durable's C parser compares the raw
# UTF-8 bytes and does not decode \u escapes. One encoder, built once (hot path).
_ENCODER = json.JSONEncoder(ensure_ascii=False)

_LOCK = threading.RLock()
_NAMES = itertools.count()
_SIDS = itertools.count()


class _Compiled:
    """One compiled durable ruleset and the mapping of its rule names to our actions."""

    __slots__ = ("actions", "handle", "name", "order", "rule_ids")

    def __init__(self, name: str, rules: Sequence[Rule]) -> None:
        self.name = name
        definition = durable_definition(rules)
        try:
            self.handle = _C.create_ruleset(name, json.dumps(definition, ensure_ascii=False))
        except Exception as exc:  # the C engine raises bare exceptions
            raise EngineError(f"durable_rules refused ruleset {name}: {exc}") from exc
        self.actions: dict[str, Callable[[list[str]], None]] = {
            f"r_{i}": _record(rule.id) for i, rule in enumerate(rules)
        }
        self.actions[SINK] = _ignore
        self.order = {rule.id: i for i, rule in enumerate(rules)}
        self.rule_ids = {f"r_{i}": rule.id for i, rule in enumerate(rules)}
        self.rule_ids[SINK] = SINK


_COMPILED: dict[tuple[tuple[str, str, str], ...], _Compiled] = {}


def _record(rule_id: str) -> Callable[[list[str]], None]:
    def action(fired: list[str]) -> None:
        fired.append(rule_id)

    return action


def _ignore(_fired: list[str]) -> None:
    return None


def durable_definition(rules: Sequence[Rule]) -> dict[str, dict[str, Any]]:
    """The durable_rules ruleset definition (JSON rule language) for ``rules``.

    Rule ``r_<i>`` is ``rules[i]``; the last rule, ``sink``, matches every fact we assert.
    """
    definition: dict[str, dict[str, Any]] = {
        f"r_{i}": {"all": [{"m": to_durable(rule.when)}]} for i, rule in enumerate(rules)
    }
    definition[SINK] = {"all": [{"m": {_MARK: 1}}]}
    return definition


# Fast path: the same tuple object of rules (RuleBase.in_force caches them) maps to its
# compiled ruleset without recomputing the key; the tuple is kept alive with the entry.
_BY_IDENTITY: dict[int, tuple[Sequence[Rule], _Compiled]] = {}


def _compiled(rules: Sequence[Rule]) -> _Compiled:
    entry = _BY_IDENTITY.get(id(rules))
    if entry is not None and entry[0] is rules:
        return entry[1]
    key = tuple((rule.id, rule.validity.start.isoformat(), repr(rule.when)) for rule in rules)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _Compiled(f"clauserules_{next(_NAMES)}", rules)
        _COMPILED[key] = compiled
    if isinstance(rules, tuple):
        if len(_BY_IDENTITY) > 4096:
            _BY_IDENTITY.clear()
        _BY_IDENTITY[id(rules)] = (rules, compiled)
    return compiled


def compiled_name(rules: Sequence[Rule]) -> str:
    """Compile ``rules`` (once per distinct set of versions) and return the ruleset name."""
    with _LOCK:
        return _compiled(rules).name


def evaluate(rules: Sequence[Rule], facts: Mapping[str, FactValue]) -> tuple[str, ...]:
    """Assert ``facts`` against ``rules`` in a fresh session; return the ids that fired.

    The ids come back in the order of ``rules``, whatever the engine's agenda order.
    Thread-safe.

    Raises:
        EngineError: the engine failed, or the action of a rule raised.
    """
    if not rules:
        return ()
    tagged = _TAGGED
    fact: dict[str, Any] = {
        (tagged.get((name, v.__class__)) or _tag(name, v)): v for name, v in facts.items()
    }
    fact[_MARK] = 1
    # The session id and the encoding need no lock (``next`` on a count is atomic): only
    # the engine's own calls are serialised.
    sid = str(next(_SIDS))
    fact["sid"] = sid
    try:
        encoded = _ENCODER.encode(fact)
    except Exception as exc:
        raise EngineError(f"durable_rules failed on facts {_short(facts)}: {exc}") from exc
    fired: list[str] = []
    with _LOCK:
        compiled = _compiled(rules)
        handle = compiled.handle
        try:
            result = _C.assert_fact(handle, encoded)
        except Exception as exc:
            raise EngineError(f"durable_rules failed on facts {_short(facts)}: {exc}") from exc
        if result[0] != 0:
            # 1: not handled, 2: already observed — impossible with the sink rule. The
            # session is left alone: deleting the session of an unhandled fact segfaults.
            raise EngineError(
                f"durable_rules did not handle facts {_short(facts)} (code {result[0]})"
            )
        try:
            _run_agenda(compiled, result[1], fired)
        finally:
            # Safe after a completed agenda and after an abandoned action (measured);
            # deleting a session whose action was started but neither completed nor
            # abandoned crashes the C engine, which _run_agenda never leaves behind.
            _C.delete_state(handle, sid)
    if len(fired) > 1:
        # durable expands a top-level OR into one branch per operand: a rule whose
        # condition holds through two operands fires twice. Report each rule once.
        return tuple(sorted(set(fired), key=compiled.order.__getitem__))
    return tuple(fired)


# (fact name, Python type) -> name under which the engine sees it (hot path cache).
_TAGGED: dict[tuple[str, type], str] = {}


def _tag(name: str, value: object) -> str:
    tagged = typed_name(name, value)
    if len(_TAGGED) < 65536:
        _TAGGED[(name, value.__class__)] = tagged
    return tagged


def _run_agenda(compiled: _Compiled, state: Any, fired: list[str]) -> None:
    """Run the actions durable schedules for ``state`` until its agenda is empty."""
    handle = compiled.handle
    started = _C.start_action_for_state(handle, state)
    message: str | None = started[1] if started else None
    while message:
        # message is the JSON object {"<rule name>": {...matched facts...}}
        name = message[2 : message.index('"', 2)]
        try:
            compiled.actions[name](fired)
        except Exception as exc:
            _C.abandon_action(handle, state)
            rule_id = compiled.rule_ids.get(name, name)
            raise EngineError(f"the action of rule {rule_id} raised: {exc!r}") from exc
        message = _C.complete_and_start_action(handle, state)


def _short(facts: Mapping[str, FactValue]) -> str:
    text = json.dumps(dict(facts), ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:197] + "..."


# --------------------------------------------------------------------------------------
# durable_rules' JSON rule language
# --------------------------------------------------------------------------------------

_DURABLE_OPS: dict[str, str] = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


# durable_rules compares JSON values across types (true == 1, "1" == 1, "" == 0, a string
# is greater than any number). The engine therefore sees each fact under a name tagged
# with its type, and each condition reads the name tagged with the type of its constant:
# a fact of another type is absent for it and cannot match, as in expr.evaluate().
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
        # One $iany per value, never an $or inside $iany: there durable 2.0.28 reads a byte
        # of its node pool that it never wrote and refuses the ruleset (code 102) whenever
        # that byte happens to be 9 or 12 (ADR 0002, « Une disjonction dans $iany »).
        name = typed_name(expr.field, [])
        return _or([{"$iany": {name: {"$i": v}}} for v in expr.values])
    if isinstance(expr, All):
        return {"$and": [to_durable(i) for i in expr.items]}
    if isinstance(expr, AnyExpr):
        return {"$or": [to_durable(i) for i in expr.items]}
    raise TypeError(f"not a condition: {expr!r}")


def _or(items: Sequence[dict[str, object]]) -> dict[str, object]:
    return items[0] if len(items) == 1 else {"$or": list(items)}
