"""The rule base: its load checks, and the real rule base against them and its sources.

* Each check made at load raises its own error class and code: duplicate (id, start),
  rule without source, unknown source, validity ending before it starts, overlapping
  versions.
* The real rule base loads, and a day-by-day sweep from 2006-01-01 to 2030-12-31 proves
  that exactly one version of each rule id is in force on every day from its first start
  to its last end (a gap is allowed only before the first start).
* Every seed file cited exists in ``../shared/seeds`` and every cited line range lies
  within it (skipped, with the reason shown, when the seeds are not there).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Citation, Nature, Rule, RuleBase, Source, Validity
from clauserules.errors import (
    DuplicateRuleError,
    InvalidValidityError,
    NoRulesInForceError,
    OverlappingValidityError,
    RuleBaseError,
    RuleWithoutSourceError,
    UnknownSourceError,
)
from clauserules.rules import rulebase
from clauserules.rules.sources import CATALOGUE

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SWEEP_START = date(2006, 1, 1)
SWEEP_END = date(2030, 12, 31)

SOURCE = Source(id="test.source", title="Texte de test", nature=Nature.LOI)
OTHER = Source(id="test.other", title="Autre texte", nature=Nature.GUIDE)
TEST_CATALOGUE = {SOURCE.id: SOURCE, OTHER.id: OTHER}


def rule(
    rule_id: str = "test.regle",
    start: date = date(2020, 1, 1),
    end: date | None = None,
    *,
    sources: tuple[Citation, ...] = (Citation(SOURCE, "1-2"),),
    topic: str = "test",
    variant: str | None = None,
) -> Rule:
    return Rule(
        id=rule_id,
        title="Règle de test",
        topic=topic,
        sources=sources,
        validity=Validity(start, end),
        when=Fact("age") < 26,
        variant=variant,
    )


# --- each load check has its own error ----------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "error", "code"),
    [
        pytest.param(
            [rule(), rule()], DuplicateRuleError, "duplicate-rule", id="same id and start"
        ),
        pytest.param(
            [rule(sources=())], RuleWithoutSourceError, "rule-without-source", id="no source"
        ),
        pytest.param(
            [rule(sources=(Citation(Source("test.absent", "Absent", Nature.LOI)),))],
            UnknownSourceError,
            "unknown-source",
            id="source not in the catalogue",
        ),
        pytest.param(
            [rule(sources=(Citation(Source(SOURCE.id, "Autre titre", Nature.LOI)),))],
            UnknownSourceError,
            "unknown-source",
            id="source id of the catalogue, other text",
        ),
        pytest.param(
            [rule(start=date(2020, 1, 1), end=date(2019, 1, 1))],
            InvalidValidityError,
            "invalid-validity",
            id="end before start",
        ),
        pytest.param(
            [rule(start=date(2020, 1, 1), end=date(2020, 1, 1))],
            InvalidValidityError,
            "invalid-validity",
            id="empty validity",
        ),
        pytest.param(
            [rule(start=date(2020, 1, 1), end=date(2022, 1, 1)), rule(start=date(2021, 6, 1))],
            OverlappingValidityError,
            "overlapping-validity",
            id="overlapping versions",
        ),
        pytest.param(
            [rule(start=date(2021, 6, 1)), rule(start=date(2020, 1, 1))],
            OverlappingValidityError,
            "overlapping-validity",
            id="open-ended version before another",
        ),
        pytest.param(
            [
                rule(start=date(2020, 1, 1), end=date(2021, 1, 1)),
                rule(start=date(2019, 1, 1), end=date(2020, 1, 2)),
            ],
            OverlappingValidityError,
            "overlapping-validity",
            id="overlap of one day",
        ),
    ],
)
def test_each_load_check_raises_its_own_error(
    rules: list[Rule], error: type[RuleBaseError], code: str
) -> None:
    with pytest.raises(error) as excinfo:
        RuleBase(rules, TEST_CATALOGUE)
    assert type(excinfo.value) is error
    assert excinfo.value.code == code
    assert isinstance(excinfo.value, RuleBaseError)
    assert "test.regle" in excinfo.value.message or "test.absent" in excinfo.value.message


def test_error_codes_of_the_load_checks_are_distinct() -> None:
    errors = [
        DuplicateRuleError,
        RuleWithoutSourceError,
        UnknownSourceError,
        InvalidValidityError,
        OverlappingValidityError,
    ]
    assert len({e.code for e in errors}) == len(errors)


def test_valid_versions_load() -> None:
    base = RuleBase(
        [
            rule(start=date(2016, 4, 1), end=date(2019, 4, 1)),
            rule(start=date(2019, 4, 1)),  # contiguous: [start, end) is half-open
            rule("test.autre", sources=(Citation(OTHER, article="L1"), Citation(SOURCE, "3"))),
        ],
        TEST_CATALOGUE,
    )
    assert len(base) == 3
    assert [r.validity.start for r in base.versions("test.regle")] == [
        date(2016, 4, 1),
        date(2019, 4, 1),
    ]
    assert [r.validity.start for r in base.in_force("test", date(2019, 3, 31))] == [
        date(2016, 4, 1)
    ]
    assert {r.id for r in base.in_force("test", date(2019, 4, 1))} == {"test.regle"}
    assert {r.id for r in base.in_force("test", date(2020, 1, 1))} == {"test.regle", "test.autre"}
    with pytest.raises(NoRulesInForceError):
        base.in_force("test", date(2016, 3, 31))
    with pytest.raises(NoRulesInForceError):
        base.in_force("inconnu", date(2020, 1, 1))


def test_variant_free_rules_apply_to_every_variant() -> None:
    base = RuleBase(
        [rule("test.commun"), rule("test.a", variant="a"), rule("test.b", variant="b")],
        TEST_CATALOGUE,
    )
    day = date(2021, 1, 1)
    assert {r.id for r in base.in_force("test", day, "a")} == {"test.commun", "test.a"}
    assert {r.id for r in base.in_force("test", day, "b")} == {"test.commun", "test.b"}
    assert base.variants("test") == ("a", "b")


# --- the real rule base -------------------------------------------------------------------


def test_the_real_rule_base_loads() -> None:
    base = rulebase()
    assert len(base) > 0
    assert "publics" in base.topics()
    reloaded = RuleBase(base.rules, CATALOGUE)  # the checks pass again, from scratch
    assert len(reloaded) == len(base)
    for item in base:
        assert item.sources, item.id
        assert item.title.strip(), item.id
        assert re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+|_[a-z0-9]+)*", item.id), item.id


def sweep(
    rules: Iterable[Rule], first_day: date = SWEEP_START, last_day: date = SWEEP_END
) -> list[str]:
    """Day by day: from the first start of an id to its last end, exactly one version is
    in force; none before its first start (a gap is allowed there), none after its end."""
    versions: dict[str, list[Rule]] = defaultdict(list)
    for item in rules:
        versions[item.id].append(item)
    problems: list[str] = []
    for rule_id, group in sorted(versions.items()):
        first = min(r.validity.start for r in group)
        ends = [r.validity.end for r in group]
        last = None if None in ends else max(e for e in ends if e is not None)
        day = first_day
        while day <= last_day:
            count = sum(r.in_force(day) for r in group)
            expected = 1 if first <= day and (last is None or day < last) else 0
            if count != expected:
                problems.append(f"{rule_id}: {count} versions in force on {day}, not {expected}")
                break
            day += timedelta(days=1)
    return problems


def test_exactly_one_version_in_force_every_day_of_each_rules_coverage() -> None:
    assert sweep(rulebase()) == []


def test_the_sweep_finds_a_gap_between_versions() -> None:
    """The load accepts a gap between two versions; the sweep does not."""
    base = RuleBase(
        [rule(start=date(2016, 4, 1), end=date(2019, 4, 1)), rule(start=date(2019, 4, 2))],
        TEST_CATALOGUE,
    )
    assert sweep(base) == ["test.regle: 0 versions in force on 2019-04-01, not 1"]
    contiguous = [rule(start=date(2016, 4, 1), end=date(2019, 4, 1)), rule(start=date(2019, 4, 1))]
    assert sweep(RuleBase(contiguous, TEST_CATALOGUE)) == []


def test_every_topic_and_variant_is_in_force_today_and_in_2030() -> None:
    base = rulebase()
    for day in (date(2026, 11, 22), SWEEP_END):
        for topic in base.topics():
            for variant in base.variants(topic) or (None,):
                assert base.in_force(topic, day, variant), (topic, variant, day)


# --- the sources --------------------------------------------------------------------------

LINES = re.compile(r"(\d+)(?:-(\d+))?")


def cited_ranges(lines: str) -> list[tuple[int, int]]:
    """``"8189"`` → [(8189, 8189)]; ``"8181-8209"`` → [(8181, 8209)]; commas separate."""
    ranges = []
    for part in lines.split(","):
        match = LINES.fullmatch(part.strip())
        assert match, f"line reference {lines!r} is not N, N-M or a comma-separated list"
        start = int(match.group(1))
        end = int(match.group(2) or start)
        ranges.append((start, end))
    return ranges


def test_line_references_are_well_formed() -> None:
    for item in rulebase():
        for citation in item.sources:
            if citation.lines is not None:
                assert citation.source.seed, f"{item.id}: lines without a seed file"
                for start, end in cited_ranges(citation.lines):
                    assert 1 <= start <= end, f"{item.id}: lines {citation.lines}"
            else:
                assert citation.article or citation.source.url or citation.source.seed, (
                    f"{item.id}: citation of {citation.source.id} has no lines, article or url"
                )


@pytest.fixture(scope="module")
def seed_lengths() -> dict[str, int]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed texts are not available at {SEEDS}")
    return {
        path.name: len(path.read_text(encoding="utf-8", errors="replace").splitlines())
        for path in SEEDS.iterdir()
        if path.is_file()
    }


def test_every_seed_file_of_the_catalogue_exists(seed_lengths: dict[str, int]) -> None:
    missing = sorted({s.seed for s in CATALOGUE.values() if s.seed and s.seed not in seed_lengths})
    assert missing == []


def test_every_cited_line_range_is_within_its_seed_file(seed_lengths: dict[str, int]) -> None:
    problems = []
    for item in rulebase():
        for citation in item.sources:
            seed = citation.source.seed
            if seed is None or citation.lines is None:
                continue
            if seed not in seed_lengths:
                problems.append(f"{item.id}: seed {seed} does not exist")
                continue
            for _, end in cited_ranges(citation.lines):
                if end > seed_lengths[seed]:
                    problems.append(
                        f"{item.id}: {seed}:{citation.lines} beyond line {seed_lengths[seed]}"
                    )
    assert problems == []


def test_every_declared_source_is_in_the_catalogue_once() -> None:
    """The catalogue is built once from the two source modules; none is left out."""
    from clauserules.core.rulebase import Source
    from clauserules.rules.sources import codes, doctrine

    for module in (codes, doctrine):
        declared = {v.id for v in vars(module).values() if isinstance(v, Source)}
        assert declared == {s.id for s in module.SOURCES}, module.__name__
        assert all(CATALOGUE[s.id] is s for s in module.SOURCES)
    assert len(CATALOGUE) == len(codes.SOURCES) + len(doctrine.SOURCES)
