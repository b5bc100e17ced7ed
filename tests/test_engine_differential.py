"""Differential test: durable_rules and the reference evaluator agree on every rule.

The property (stated in :mod:`clauserules.core.expr`): a rule fires in the engine
(:func:`clauserules.core._engine.evaluate`) **iff** the pure-Python three-valued evaluator
:func:`clauserules.core.expr.evaluate` returns ``True`` for its condition on the same facts.

(a) The real rules of every topic of the rule base, on 10,000 random inputs per topic: an
    input is one of the sets of versions in force (each variant, each period; they take
    turns) and a fact dict generated from its conditions: their constants and neighbours,
    absent facts, codes outside the lists, an unrelated fact.
(b) Random conditions (``Cmp``/``AnyOf``/``Contains``/``All``/``Any`` trees) over random
    facts: 10,000 fact dicts from a seeded generator, plus a hypothesis test.

The seeded generators are fast (the whole file runs in seconds); on a disagreement the
failing input is **minimised** (fields dropped, values and conditions simplified while the
disagreement persists) and printed with both answers. Set ``CLAUSERULES_DIFF_SEED`` to
explore other seeds.

Facts of the declared types (:data:`clauserules.core.expr.FactValue`) are the contract.
Wrong-typed facts are tested separately: durable_rules coerces between JSON types
(``true == 1``, ``"1" == 1``, ``"" == 0``, a string is greater than any number) where the
reference evaluator does not.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauserules.core import _engine
from clauserules.core._engine import to_durable
from clauserules.core.expr import (
    All,
    AnyOf,
    Cmp,
    Contains,
    Expr,
    FactValue,
    Scalar,
    evaluate,
)
from clauserules.core.expr import Any as AnyExpr
from clauserules.core.rulebase import Citation, Nature, Rule, Source, Validity
from clauserules.errors import NoRulesInForceError
from clauserules.rules import rulebase

EXAMPLES_PER_TOPIC = 10_000
SEED = int(os.environ.get("CLAUSERULES_DIFF_SEED", "20261122"))

Facts = dict[str, FactValue]


# --------------------------------------------------------------------------------------
# Comparing the two evaluators, and minimising a disagreement
# --------------------------------------------------------------------------------------


def disagreeing(rules: Sequence[Rule], facts: Mapping[str, FactValue]) -> list[Rule]:
    """The rules on which the engine and the reference evaluator differ for ``facts``."""
    fired = set(_engine.evaluate(rules, facts))
    return [r for r in rules if (r.id in fired) != (evaluate(r.when, facts) is True)]


def report(rule: Rule, facts: Mapping[str, FactValue]) -> str:
    fired = rule.id in _engine.evaluate((rule,), facts)
    return (
        "engine and reference evaluator disagree:\n"
        f"  condition {rule.when!r}\n"
        f"  facts     {dict(facts)!r}\n"
        f"  engine    {'fired' if fired else 'did not fire'}\n"
        f"  reference {evaluate(rule.when, facts)!r}"
    )


def simpler_values(value: FactValue) -> Iterator[FactValue]:
    """Candidate simplifications of one fact value, simplest first."""
    if isinstance(value, list):
        for i in range(len(value)):
            yield value[:i] + value[i + 1 :]
    elif isinstance(value, bool):
        if value:
            yield False
    elif isinstance(value, int):
        for candidate in (0, 1, value // 2, value - 1 if value > 0 else value + 1):
            if abs(candidate) < abs(value) or (candidate == 1 and value < 0):
                yield candidate
    elif value:
        yield ""
        yield value[:-1]


def minimise_facts(facts: Mapping[str, FactValue], still_fails: Callable[[Facts], bool]) -> Facts:
    """Drop fields and simplify values of ``facts`` while ``still_fails`` holds."""
    current = dict(facts)
    changed = True
    while changed:
        changed = False
        for name in list(current):
            trial = {k: v for k, v in current.items() if k != name}
            if still_fails(trial):
                current, changed = trial, True
        for name, value in list(current.items()):
            for candidate in simpler_values(value):
                trial = {**current, name: candidate}
                if still_fails(trial):
                    current, changed = trial, True
                    break
    return current


def simpler_conditions(expr: Expr) -> Iterator[Expr]:
    """Candidate simplifications of a condition: a sub-condition, or one operand fewer."""
    if isinstance(expr, All | AnyExpr):
        yield from expr.items
        kind = type(expr)
        for i in range(len(expr.items)):
            rest = expr.items[:i] + expr.items[i + 1 :]
            if rest:
                yield kind(rest)
        for i, item in enumerate(expr.items):
            for simpler in simpler_conditions(item):
                yield kind((*expr.items[:i], simpler, *expr.items[i + 1 :]))
    elif isinstance(expr, AnyOf | Contains) and len(expr.values) > 1:
        for i in range(len(expr.values)):
            yield type(expr)(expr.field, expr.values[:i] + expr.values[i + 1 :])  # type: ignore[arg-type]


def minimise_condition(
    expr: Expr, facts: Facts, still_fails: Callable[[Expr, Facts], bool]
) -> tuple[Expr, Facts]:
    """Simplify the condition, then the facts, while ``still_fails`` holds."""
    changed = True
    while changed:
        changed = False
        for candidate in simpler_conditions(expr):
            if still_fails(candidate, facts):
                expr, changed = candidate, True
                break
    facts = minimise_facts(facts, lambda f: still_fails(expr, f))
    return expr, facts


# --------------------------------------------------------------------------------------
# Facts generated from the conditions that read them
# --------------------------------------------------------------------------------------


def leaves(expr: Expr) -> Iterator[Cmp | AnyOf | Contains]:
    if isinstance(expr, All | AnyExpr):
        for item in expr.items:
            yield from leaves(item)
    else:
        assert isinstance(expr, Cmp | AnyOf | Contains), expr
        yield expr


@dataclass
class FieldUse:
    """How the conditions of a topic read one fact, and the constants they use."""

    ints: set[int] = field(default_factory=set)
    bools: bool = False
    strs: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)

    def add(self, leaf: Cmp | AnyOf | Contains) -> None:
        if isinstance(leaf, Contains):
            self.codes.update(leaf.values)
            return
        values: tuple[Scalar, ...] = (leaf.value,) if isinstance(leaf, Cmp) else leaf.values
        for value in values:
            if isinstance(value, bool):
                self.bools = True
            elif isinstance(value, int):
                self.ints.add(value)
            else:
                self.strs.add(value)

    def well_typed(self, rng: random.Random) -> FactValue:
        """A value of a type the conditions read, near their constants."""
        makers: list[Callable[[], FactValue]] = []
        if self.ints:
            near = sorted({c + d for c in self.ints for d in (-1, 0, 1)})
            makers.append(lambda: rng.choice(near))
            makers.append(lambda: rng.randint(min(near) - 50, max(near) + 50))
        if self.bools:
            makers.append(lambda: rng.random() < 0.5)
        if self.strs:
            pool = sorted(self.strs | {"autre", ""})
            makers.append(lambda: rng.choice(pool))
        if self.codes:
            codes = sorted(self.codes | {"autre", "zz"})
            makers.append(lambda: rng.sample(codes, rng.randint(0, min(4, len(codes)))))
        return rng.choice(makers)()

    def wrong_typed(self, rng: random.Random) -> FactValue:
        """A value of another JSON type, chosen where durable's coercions bite."""
        consts = [str(c) for c in sorted(self.ints)] or ["0", "1"]
        options: list[FactValue] = []
        if self.ints:  # read as an int: bools, numeric and other strings, lists
            options += [True, False, *consts, "", "a", consts[:1]]
        if self.bools:  # read as a bool: 0/1, "true", lists
            options += [0, 1, -1, 2, "true", "false", "1", "0", "", ["true"]]
        if self.strs:  # read as a string: ints, bools, lists of the string
            options += [0, 1, 26, True, False, sorted(self.strs)[:1]]
        if self.codes:  # read as a list: the codes as scalars, ints, bools
            options += [*sorted(self.codes), 0, 1, True, False]
        return rng.choice(options)


def field_uses(rules: Iterable[Rule]) -> dict[str, FieldUse]:
    uses: dict[str, FieldUse] = defaultdict(FieldUse)
    for rule in rules:
        for leaf in leaves(rule.when):
            uses[leaf.field].add(leaf)
    return dict(sorted(uses.items()))


def random_facts(rng: random.Random, uses: Mapping[str, FieldUse], *, wrong_types: bool) -> Facts:
    """One fact dict: each field absent, well typed, or (if asked) wrong typed."""
    facts: Facts = {}
    for name, use in uses.items():
        draw = rng.random()
        if draw < 0.25:
            continue
        if wrong_types and draw > 0.75:
            facts[name] = use.wrong_typed(rng)
        else:
            facts[name] = use.well_typed(rng)
    if rng.random() < 0.1:
        unrelated: list[FactValue] = [1, True, "x", ["x"]]
        facts["fait_inconnu"] = rng.choice(unrelated)
    return facts


# --------------------------------------------------------------------------------------
# (a) The real rule base
# --------------------------------------------------------------------------------------


def rule_sets_in_force(topic: str) -> list[tuple[Rule, ...]]:
    """Every distinct set of versions of ``topic`` in force on some day, per variant."""
    base = rulebase()
    days: set[date] = set()
    for rule in base.of_topic(topic):
        days.add(rule.validity.start)
        if rule.validity.end is not None:
            days.update((rule.validity.end, rule.validity.end - timedelta(days=1)))
    sets: dict[tuple[tuple[str, date], ...], tuple[Rule, ...]] = {}
    for variant in base.variants(topic) or (None,):
        for day in sorted(days):
            try:
                in_force = base.in_force(topic, day, variant)
            except NoRulesInForceError:
                continue
            sets.setdefault(tuple(r.key for r in in_force), in_force)
    return list(sets.values())


TOPICS = rulebase().topics()


def test_every_topic_has_rule_sets() -> None:
    assert "publics" in TOPICS
    for topic in TOPICS:
        assert rule_sets_in_force(topic), topic
    # four referentials, pole-emploi in two versions (France Travail from 2024)
    assert len(rule_sets_in_force("publics")) >= 5


def check_topic(topic: str, *, wrong_types: bool, seed: int) -> int:
    """Compare both evaluators on ``EXAMPLES_PER_TOPIC`` random inputs; return the count.

    An input of a topic is a set of versions in force (a variant at a date) and a fact
    dict; the sets take turns, and the facts are generated from the conditions of the set.
    """
    rule_sets = rule_sets_in_force(topic)
    uses = [field_uses(rules) for rules in rule_sets]
    rng = random.Random(f"{seed}:{topic}:{wrong_types}")
    for count in range(EXAMPLES_PER_TOPIC):
        turn = count % len(rule_sets)
        rules = rule_sets[turn]
        facts = random_facts(rng, uses[turn], wrong_types=wrong_types)
        fired = set(_engine.evaluate(rules, facts))
        for rule in rules:
            if (rule.id in fired) != (evaluate(rule.when, facts) is True):
                fail_minimised(topic, rules, rule, facts, f"seed {seed}, example {count}")
    return EXAMPLES_PER_TOPIC


def fail_minimised(topic: str, rules: Sequence[Rule], rule: Rule, facts: Facts, where: str) -> None:
    def still_fails(trial: Facts) -> bool:
        return rule in disagreeing(rules, trial)

    small = minimise_facts(facts, still_fails)
    fired = rule.id in _engine.evaluate(rules, small)
    pytest.fail(
        f"engine and reference evaluator disagree (topic {topic}, {where}, minimised):\n"
        f"  rule      {rule.id} (version from {rule.validity.start})\n"
        f"  condition {rule.when!r}\n"
        f"  facts     {small!r}\n"
        f"  engine    {'fired' if fired else 'did not fire'}\n"
        f"  reference {evaluate(rule.when, small)!r}\n"
        f"  original facts {facts!r}"
    )


@pytest.mark.parametrize("topic", TOPICS)
def test_real_rules_agree_on_well_typed_facts(topic: str) -> None:
    assert check_topic(topic, wrong_types=False, seed=SEED) >= 10_000


def test_real_rules_agree_on_wrong_typed_facts() -> None:
    for topic in TOPICS:  # one test: some topics read no field where coercion bites
        check_topic(topic, wrong_types=True, seed=SEED)


# --------------------------------------------------------------------------------------
# (b) Random conditions
# --------------------------------------------------------------------------------------

SOURCE = Source(id="test.differential", title="Test source", nature=Nature.PRATIQUE)
_RULE_SETS = itertools.count()

# One type per field, so that well-typed facts exist; two fields per type.
INT_FIELDS = ("n", "m")
BOOL_FIELDS = ("b", "c")
STR_FIELDS = ("s", "t")
LIST_FIELDS = ("l", "k")
ALL_FIELDS = INT_FIELDS + BOOL_FIELDS + STR_FIELDS + LIST_FIELDS
INTS = range(-3, 13)
STRS = ("", "a", "b", "ab", "A", "0", "x y")
CODES = ("a", "b", "c", "d", "1")
OPS = ("<", "<=", ">", ">=", "==")
DURABLE_MAX_OPERATORS = 15


def make_rules(conditions: Sequence[Expr]) -> tuple[Rule, ...]:
    prefix = f"gen.{next(_RULE_SETS)}"  # fresh ids: the adapter caches by (id, start)
    return tuple(
        Rule(
            id=f"{prefix}.{i}",
            title="règle générée",
            topic="gen",
            sources=(Citation(SOURCE, "1"),),
            validity=Validity(date(2000, 1, 1)),
            when=condition,
        )
        for i, condition in enumerate(conditions)
    )


def random_leaf(rng: random.Random) -> Expr:
    kind = rng.randrange(7)
    if kind == 0:
        return Cmp(rng.choice(INT_FIELDS), rng.choice(OPS), rng.choice(INTS))  # type: ignore[arg-type]
    if kind == 1:
        return Cmp(rng.choice(BOOL_FIELDS), "==", rng.random() < 0.5)
    if kind == 2:
        return Cmp(rng.choice(STR_FIELDS), "==", rng.choice(STRS))
    if kind == 3:
        return AnyOf(rng.choice(INT_FIELDS), tuple(rng.sample(INTS, rng.randint(1, 3))))
    if kind == 4:
        return AnyOf(rng.choice(STR_FIELDS), tuple(rng.sample(STRS, rng.randint(1, 3))))
    if kind == 5:
        return AnyOf(rng.choice(BOOL_FIELDS), tuple(rng.sample((True, False), rng.randint(1, 2))))
    return Contains(rng.choice(LIST_FIELDS), tuple(rng.sample(CODES, rng.randint(1, 3))))


def random_subcondition(rng: random.Random, depth: int) -> Expr:
    if depth == 0 or rng.random() < 0.35:
        return random_leaf(rng)
    items = tuple(random_subcondition(rng, depth - 1) for _ in range(rng.randint(1, 4)))
    return All(items) if rng.random() < 0.5 else AnyExpr(items)


def logical_operators(expr: Expr) -> int:
    """The ``$and``/``$or`` of the compiled condition (durable refuses more than 15)."""
    text = json.dumps(to_durable(expr))
    return text.count('"$and"') + text.count('"$or"')


def random_condition(rng: random.Random) -> Expr:
    """A random condition within durable's limit of 15 ``$and``/``$or`` per condition."""
    while True:
        condition = random_subcondition(rng, 3)
        if logical_operators(condition) <= DURABLE_MAX_OPERATORS:
            return condition


def random_typed_value(rng: random.Random, name: str) -> FactValue:
    if name in INT_FIELDS:
        return rng.choice(INTS)
    if name in BOOL_FIELDS:
        return rng.random() < 0.5
    if name in STR_FIELDS:
        return rng.choice(STRS)
    return rng.sample(CODES, rng.randint(0, 4))


def random_generated_facts(rng: random.Random, *, wrong_types: bool) -> Facts:
    facts: Facts = {}
    for name in ALL_FIELDS:
        if rng.random() < 0.3:
            continue
        source = rng.choice(ALL_FIELDS) if wrong_types and rng.random() < 0.3 else name
        facts[name] = random_typed_value(rng, source)
    return facts


def single_rule_fails(condition: Expr, facts: Facts) -> bool:
    return bool(disagreeing(make_rules([condition]), facts))


def check_random_conditions(*, wrong_types: bool, seed: int, total: int = 10_000) -> int:
    rng = random.Random(f"{seed}:conditions:{wrong_types}")
    per_set = 25
    for _ in range(total // per_set):
        rules = make_rules([random_condition(rng) for _ in range(rng.randint(1, 6))])
        for _ in range(per_set):
            facts = random_generated_facts(rng, wrong_types=wrong_types)
            bad = disagreeing(rules, facts)
            if bad:
                condition, small = minimise_condition(bad[0].when, facts, single_rule_fails)
                fired = bool(_engine.evaluate(make_rules([condition]), small))
                pytest.fail(
                    f"engine and reference evaluator disagree (seed {seed}, minimised):\n"
                    f"  condition {condition!r}\n"
                    f"  facts     {small!r}\n"
                    f"  engine    {'fired' if fired else 'did not fire'}\n"
                    f"  reference {evaluate(condition, small)!r}\n"
                    f"  original  {bad[0].when!r} on {facts!r}"
                )
    return total


def test_random_conditions_agree_on_well_typed_facts() -> None:
    assert check_random_conditions(wrong_types=False, seed=SEED) >= 10_000


def test_random_conditions_agree_on_any_typed_facts() -> None:
    check_random_conditions(wrong_types=True, seed=SEED)


# The same property driven by hypothesis, for its own search and shrinking.

H_LEAVES: st.SearchStrategy[Expr] = st.one_of(
    st.builds(Cmp, st.sampled_from(INT_FIELDS), st.sampled_from(OPS), st.sampled_from(list(INTS))),
    st.builds(Cmp, st.sampled_from(BOOL_FIELDS), st.just("=="), st.booleans()),
    st.builds(Cmp, st.sampled_from(STR_FIELDS), st.just("=="), st.sampled_from(STRS)),
    st.builds(
        AnyOf,
        st.sampled_from(INT_FIELDS),
        st.lists(st.sampled_from(list(INTS)), min_size=1, max_size=3).map(tuple),
    ),
    st.builds(
        AnyOf,
        st.sampled_from(STR_FIELDS),
        st.lists(st.sampled_from(STRS), min_size=1, max_size=3).map(tuple),
    ),
    st.builds(
        Contains,
        st.sampled_from(LIST_FIELDS),
        st.lists(st.sampled_from(CODES), min_size=1, max_size=3).map(tuple),
    ),
)
H_CONDITIONS: st.SearchStrategy[Expr] = st.recursive(
    H_LEAVES,
    lambda children: st.lists(children, min_size=1, max_size=3).flatmap(
        lambda items: st.sampled_from([All(tuple(items)), AnyExpr(tuple(items))])
    ),
    max_leaves=8,
).filter(lambda condition: logical_operators(condition) <= DURABLE_MAX_OPERATORS)
H_FACTS = st.fixed_dictionaries(
    {},
    optional={
        **dict.fromkeys(INT_FIELDS, st.sampled_from(list(INTS))),
        **dict.fromkeys(BOOL_FIELDS, st.booleans()),
        **dict.fromkeys(STR_FIELDS, st.sampled_from(STRS)),
        **dict.fromkeys(LIST_FIELDS, st.lists(st.sampled_from(CODES), max_size=3)),
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(H_CONDITIONS, min_size=1, max_size=4), st.lists(H_FACTS, min_size=1, max_size=8))
def test_random_conditions_agree_hypothesis(conditions: list[Expr], batch: list[Facts]) -> None:
    rules = make_rules(conditions)
    for facts in batch:
        bad = disagreeing(rules, facts)
        assert not bad, report(bad[0], facts)


# --------------------------------------------------------------------------------------
# Corner cases, stated one by one, and the minimiser itself
# --------------------------------------------------------------------------------------

CORNERS: list[tuple[Expr, Facts]] = [
    (Cmp("n", ">=", 12), {}),
    (Cmp("n", ">=", 12), {"n": 12}),
    (Cmp("n", "<", 26), {"n": 25}),
    (Cmp("n", "==", 0), {"n": 0}),
    (Cmp("b", "==", True), {"b": False}),
    (Cmp("b", "==", False), {"b": False}),
    (Cmp("s", "==", ""), {"s": ""}),
    (AnyOf("n", (1, 2, 3)), {"n": 3}),
    (Contains("l", ("a",)), {"l": []}),
    (Contains("l", ("a", "b")), {"l": ["c", "b"]}),
    (All((Cmp("n", ">=", 1),)), {"n": 1}),
    (AnyExpr((Cmp("n", ">=", 1),)), {"n": 0}),
    (AnyExpr((Cmp("n", ">=", 1), Cmp("b", "==", True))), {"b": True}),
    (All((Cmp("n", ">=", 1), Cmp("b", "==", True))), {"b": True}),
    (
        AnyExpr((All((Cmp("n", ">", 0), Contains("l", ("a",)))), Cmp("s", "==", "a"))),
        {"n": 2, "l": ["a"]},
    ),
]


@pytest.mark.parametrize(("condition", "facts"), CORNERS, ids=[repr(c) for c, _ in CORNERS])
def test_corner_cases_agree(condition: Expr, facts: Facts) -> None:
    assert disagreeing(make_rules([condition]), facts) == []


def test_minimiser_reduces_a_failure_to_its_core() -> None:
    """The minimiser keeps only what the failure needs (on a stand-in failure predicate)."""

    def reads_n_as_true(condition: Expr, facts: Facts) -> bool:
        return facts.get("n") is True and any(leaf.field == "n" for leaf in leaves(condition))

    condition = All((Cmp("n", "<", 5), AnyExpr((Cmp("s", "==", "a"), Cmp("c", "==", True)))))
    facts: Facts = {"n": True, "s": "a", "c": 1, "l": ["a", "b"], "m": 3}
    small_condition, small_facts = minimise_condition(condition, facts, reads_n_as_true)
    assert small_condition == Cmp("n", "<", 5)
    assert small_facts == {"n": True}

    def has_b(trial: Facts) -> bool:
        codes = trial.get("l")
        return isinstance(codes, list) and "b" in codes

    assert minimise_facts({"l": ["a", "b", "c"], "m": 40}, has_b) == {"l": ["b"]}
