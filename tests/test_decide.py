"""core.decide: the one evaluation of rules every service reads (fired, failed, missing...)."""

from __future__ import annotations

from datetime import date

import pytest

from clauserules.core.decide import Evaluation, decide
from clauserules.core.decision import source_ref
from clauserules.core.expr import Expr, Fact, FactValue
from clauserules.core.rulebase import Citation, Nature, Rule, Source, Validity

SOURCE = Source(id="decide.texte", title="Texte A", nature=Nature.DECRET)
OTHER = Source(id="decide.autre", title="Texte B", nature=Nature.GUIDE)
ALWAYS = Validity(date(2020, 1, 1))


def _rule(
    name: str, when: Expr, *, source: Source = SOURCE, vigilance: tuple[str, ...] = ()
) -> Rule:
    return Rule(
        id=f"decide.{name}",
        title=name,
        topic="decide",
        sources=(Citation(source, article=name),),
        validity=ALWAYS,
        when=when,
        vigilance=vigilance,
    )


YOUNG = _rule("jeune", Fact("age") < 26, vigilance=("Vérifier l'âge.", "Garder la pièce."))
RSA = _rule("rsa", Fact("allocations").contains("rsa"), vigilance=("Garder la pièce.",))
SENIOR = _rule("senior", Fact("age") >= 50, source=OTHER)
RQTH = _rule("rqth", Fact("rqth").is_true() | Fact("aah").is_true(), source=OTHER)
RULES = (YOUNG, RSA, SENIOR, RQTH)


def _decide(facts: dict[str, FactValue]) -> Evaluation:
    return decide(RULES, facts)


def test_fired_and_failed_keep_the_order_of_the_rules() -> None:
    evaluation = _decide({"age": 20, "allocations": ["rsa"], "rqth": False, "aah": False})
    assert evaluation.fired == (YOUNG, RSA)
    assert evaluation.ids == ("decide.jeune", "decide.rsa")
    assert evaluation.failed == (SENIOR, RQTH)
    assert evaluation.undetermined == ()
    assert evaluation.missing == ()
    assert evaluation.rules == RULES


def test_a_rule_an_absent_fact_could_fire_is_undetermined() -> None:
    evaluation = _decide({"age": 30, "rqth": False})
    assert evaluation.fired == ()
    assert evaluation.failed == RULES
    assert evaluation.undetermined == (RSA, RQTH), "age is known: young and senior are false"
    assert evaluation.missing == ("aah", "allocations"), "sorted, each named once"


def test_a_fact_of_another_type_never_fires_and_is_not_missing() -> None:
    evaluation = _decide({"age": "20", "allocations": "rsa", "rqth": 1, "aah": False})
    assert evaluation.fired == ()
    assert evaluation.undetermined == ()
    assert evaluation.outcome is False


def test_a_disjunction_true_twice_is_reported_once() -> None:
    evaluation = _decide({"rqth": True, "aah": True})
    assert evaluation.fired == (RQTH,)
    assert evaluation.missing == ("age", "allocations")


@pytest.mark.parametrize(
    ("facts", "outcome"),
    [
        pytest.param({"age": 20, "allocations": ["rsa"]}, True, id="all fired"),
        pytest.param({"age": 20, "allocations": ["ass"]}, False, id="one failed for good"),
        pytest.param({"age": 20}, None, id="one undetermined"),
    ],
)
def test_outcome_reads_the_rules_as_a_conjunction(
    facts: dict[str, FactValue], outcome: bool | None
) -> None:
    assert decide((YOUNG, RSA), facts).outcome is outcome


def test_outcome_of_no_rule_is_true() -> None:
    evaluation = decide((), {"age": 20})
    assert evaluation.fired == evaluation.failed == ()
    assert evaluation.outcome is True
    assert evaluation.sources == evaluation.vigilance == ()


def test_sources_of_the_fired_rules_else_of_every_rule() -> None:
    fired = _decide({"age": 60})
    assert fired.sources == (source_ref(SENIOR.sources[0]),)
    none = _decide({"age": 30, "allocations": [], "rqth": False, "aah": False})
    assert none.fired == ()
    assert none.sources == tuple(source_ref(r.sources[0]) for r in RULES)


def test_vigilance_of_the_fired_rules_each_once_in_rule_order() -> None:
    evaluation = _decide({"age": 20, "allocations": ["rsa"]})
    assert evaluation.vigilance == ("Vérifier l'âge.", "Garder la pièce.")
    assert _decide({"age": 60}).vigilance == ()


def test_rules_given_as_a_list_are_read_as_a_tuple() -> None:
    evaluation = decide([YOUNG, SENIOR], {"age": 20})
    assert evaluation.rules == (YOUNG, SENIOR)
    assert evaluation.fired == (YOUNG,)
    assert evaluation.failed == (SENIOR,)


def test_rules_hash_by_their_version() -> None:
    copy = _rule("jeune", Fact("age") < 26, vigilance=("Vérifier l'âge.", "Garder la pièce."))
    assert copy == YOUNG
    assert copy is not YOUNG
    assert hash(copy) == hash(YOUNG) == hash(YOUNG.key)
    assert {copy, YOUNG} == {YOUNG}
