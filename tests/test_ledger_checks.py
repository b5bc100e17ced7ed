"""Value checks of insertion paths without the engine, the index the count reuses, and the
allocation by largest remainder."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clauserules import count_hours
from clauserules.core import _engine
from clauserules.core.expr import unknown_fields
from clauserules.errors import InvalidInputError
from clauserules.ledger import checks
from clauserules.ledger.export import ledger_json
from clauserules.ledger.globalisation import allocate
from clauserules.ledger.readers import parse_parcours, read_parcours
from clauserules.ledger.service import check_parcours
from clauserules.ledger.situations import FACT_NAMES, Situation
from clauserules.rules import rulebase
from clauserules.rules.comptage import TOPIC

EXAMPLE = Path(__file__).parent.parent / "examples" / "parcours"


@pytest.fixture
def no_engine(monkeypatch: Any) -> None:
    """Make any call to the rules engine fail."""

    def boom(*args: Any, **kwargs: Any) -> tuple[str, ...]:
        raise AssertionError("the engine was called")

    rulebase()  # loaded (and checked) before the engine is forbidden
    monkeypatch.setattr(_engine, "evaluate", boom)


def _document() -> dict[str, Any]:
    return read_parcours(EXAMPLE).model_dump(mode="json")


def test_checks_run_without_the_engine(no_engine: None) -> None:
    parcours = parse_parcours(_document())
    prepared = parcours._prepared
    assert isinstance(prepared, checks.Prepared)
    assert prepared.problems.sorted() == []
    assert prepared.lignes == len(parcours.heures)
    assert set(prepared.marches) == {m.id for m in parcours.marches}
    regions = [r for c in prepared.contrats.values() for p in c.paires.values() for r in p.regions]
    assert regions  # the hours are already summed per region
    assert check_parcours(read_parcours(EXAMPLE)) == []


def test_value_problems_are_found_without_the_engine(no_engine: None) -> None:
    document = _document()
    document["heures"][0][1] = "inconnu"  # unknown contrat
    document["heures"][1][4] = "800"  # more than 744 h
    document["contrats"].append(dict(document["contrats"][0]))  # duplicate id
    with pytest.raises(InvalidInputError) as caught:
        parse_parcours(document)
    last = len(document["contrats"]) - 1
    where = [p.location for p in caught.value.problems]
    assert where == [f"contrats.{last}.id", "heures.0.contrat", "heures.1.travail"]


def test_one_error_lists_shape_and_value_problems_without_the_engine(
    tmp_path: Path, no_engine: None
) -> None:
    directory = tmp_path / "parcours"
    shutil.copytree(EXAMPLE, directory)
    path = directory / "heures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad_number = lines[1].split(",")
    bad_number[header.index("travail")] = "beaucoup"  # shape: not a number
    unknown = lines[2].split(",")
    unknown[header.index("marche")] = "nulle-part"  # value: unknown marche
    lines[1], lines[2] = ",".join(bad_number), ",".join(unknown)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        read_parcours(directory)
    where = {p.location for p in caught.value.problems}
    assert where == {"heures.csv:row 2:travail", "heures.csv:row 3:marche"}


def test_a_document_is_checked_and_counted_once(monkeypatch: Any) -> None:
    calls: list[int] = []
    original = checks.count_lines

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(checks, "count_lines", counted)
    document = _document()
    ledger = count_hours(document)
    assert len(calls) == 1
    parcours = read_parcours(EXAMPLE)  # CSV: checked by the count, once
    assert ledger_json(count_hours(parcours)) == ledger_json(ledger)
    assert len(calls) == 2
    reused = count_hours(parcours, cle="parts_egales")  # the index is reused...
    assert len(calls) == 2
    fresh = count_hours(read_parcours(EXAMPLE), cle="parts_egales")
    assert ledger_json(reused) == ledger_json(fresh)  # ...and left as it was
    assert len(calls) == 3
    copy = parcours.model_copy(update={"heures": tuple(parcours.heures)[:-1]})
    assert count_hours(copy).lignes == len(parcours.heures) - 1  # a copy is checked again
    assert len(calls) == 4


def test_the_situation_names_every_fact_the_counting_rules_read() -> None:
    read: set[str] = set()
    for rule in rulebase().in_force(TOPIC, date(2025, 1, 1)):
        read |= unknown_fields(rule.when, {})
    assert read <= set(FACT_NAMES)
    assert read
    assert Situation._fields == FACT_NAMES


# --- allocate -------------------------------------------------------------------------


def test_allocate_by_largest_remainder() -> None:
    d = Decimal
    assert allocate(d("10.00"), []) == {}
    assert allocate(d("10.00"), [("b", d(1)), ("a", d(1)), ("c", d(1))]) == {
        "a": d("3.34"),
        "b": d("3.33"),
        "c": d("3.33"),
    }
    assert allocate(d("1.00"), [("x", d(0)), ("y", d(0))]) == {"x": d("0.50"), "y": d("0.50")}
    assert allocate(d("0.01"), [("b", d(1)), ("a", d(1))]) == {"a": d("0.01"), "b": d("0.00")}
    assert allocate(d("7.00"), [("a", d(3)), ("b", d(0)), ("c", d(4))]) == {
        "a": d("3.00"),
        "b": d("0.00"),
        "c": d("4.00"),
    }


@given(
    st.integers(0, 10**7),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=8),
)
def test_allocate_adds_up_and_stays_within_a_cent_of_the_share(
    cents: int, weights: list[int]
) -> None:
    total = Decimal(cents).scaleb(-2)
    named = [(f"m{i}", Decimal(w)) for i, w in enumerate(weights)]
    parts = allocate(total, named)
    assert sum(parts.values(), Decimal("0.00")) == total
    whole = sum(weights) or len(weights)
    for name, w in named:
        share = total * (w if sum(weights) else 1) / whole
        assert abs(parts[name] - share) < Decimal("0.01")
        assert parts[name] >= 0
