"""``sources_of``: the distinct sources of some rules, whatever the caches hold (issue 10)."""

from __future__ import annotations

import threading
from datetime import date

from clauserules.core.decision import SourceRef, rule_sources, source_ref, sources_of
from clauserules.core.expr import Fact
from clauserules.core.rulebase import Citation, Nature, Rule, Source, Validity

SOURCE = Source(id="test.decision", title="Source de test", nature=Nature.PRATIQUE)
OTHER = Source(id="test.decision.autre", title="Autre source", nature=Nature.GUIDE)


def rule(rule_id: str, *citations: Citation) -> Rule:
    return Rule(
        id=rule_id,
        title="règle de test",
        topic="test",
        sources=citations,
        validity=Validity(date(2000, 1, 1)),
        when=Fact("n") >= 0,
    )


def test_equal_sources_built_twice_are_given_once() -> None:
    """Two equal SourceRef objects for one citation (a cache missed by two threads at once,
    or an entry evicted and rebuilt) count as one source."""
    shared = Citation(SOURCE, "12")
    first = rule("test.decision.a", shared, Citation(OTHER, article="3"))
    second = rule("test.decision.b", shared)
    refs_first = rule_sources(first)
    source_ref.cache_clear()  # the next rule builds its own, equal, object
    refs_second = rule_sources(second)
    assert refs_first[0] == refs_second[0]
    assert refs_first[0] is not refs_second[0]
    assert sources_of((first, second)) == refs_first
    assert sources_of((second, first)) == (refs_second[0], refs_first[1])


def test_distinct_sources_keep_the_order_of_first_citation() -> None:
    a, b = Citation(SOURCE, "1"), Citation(SOURCE, "2")
    rules = (rule("test.decision.c", b), rule("test.decision.d", a, b))
    assert [r.lines for r in sources_of(rules)] == ["2", "1"]


def test_threads_racing_the_caches_get_the_sequential_answer() -> None:
    citations = [Citation(SOURCE, str(i)) for i in range(40)]
    rules = [rule(f"test.decision.t{i}", citations[i], citations[(i + 1) % 40]) for i in range(40)]
    expected = [sources_of(rules[i : i + 3]) for i in range(38)]
    answers: list[list[tuple[SourceRef, ...]]] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        barrier.wait()
        answers.append([sources_of(rules[i : i + 3]) for i in range(38)])

    for _ in range(20):
        rule_sources.cache_clear()
        source_ref.cache_clear()
        answers.clear()
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [expected] * 4
