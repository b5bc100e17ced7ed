"""Hypothesis over the structure of each input kind, in process: whatever the document —
nesting, keys, hostile numbers, dates and texts in any field — reading and validating it
either succeeds or raises a :class:`ClauseRulesError` (exit 2 on the command line), never
anything else, and an error message stays short."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauserules import (
    ClauseRulesError,
    assess_eligibility,
    count_hours,
    estimate_hours,
    plan_consultation,
)
from clauserules._files import load_document, parse_text
from clauserules.ledger.readers import read_parcours

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PERSONNE = load_document(EXAMPLES / "personnes.yaml")["personnes"][0]
CONSULTATION = load_document(EXAMPLES / "consultation.yaml")
PARCOURS = read_parcours(EXAMPLES / "parcours").model_dump(mode="json")

HOSTILE_SCALARS = st.sampled_from(
    [
        "NaN",
        "sNaN",
        "-Infinity",
        "1e26",
        "1E+999999999",
        "1e-30",
        "9" * 5000,
        "0",
        "1710460800",
        "2024-03-15T00:00Z",
        "9999-12-31",
        "0000-01-01",
        "²",
        "①",
        "٣",
        '=HYPERLINK("http://x")',
        "\x1b[2J",
        "a{_{b}_}c",
        "C:\\dossier",
        "",
        " ",
        "x" * 30_000,
        -1,
        0,
        10**40,
        1e308,
        float("nan"),
        float("inf"),
        True,
        None,
        [],
        {},
        [[[[]]]],
    ]
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _mutated(base: Any, data: st.DataObject) -> Any:
    document = copy.deepcopy(base)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)[1:]))
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = copy.deepcopy(data.draw(HOSTILE_SCALARS))
    return document


def _clean(call: Any, *args: Any, limit: int = 20_000, **kwargs: Any) -> None:
    """``call`` succeeds or raises a :class:`ClauseRulesError` with a bounded message."""
    message = ""
    try:
        call(*args, **kwargs)
    except ClauseRulesError as exc:
        message = exc.message
    assert len(message) < limit


@SETTINGS
@given(st.data())
def test_any_person_is_assessed_or_refused(data: st.DataObject) -> None:
    _clean(assess_eligibility, _mutated(PERSONNE, data), at="2026-11-22")


@SETTINGS
@given(st.data())
def test_any_consultation_is_planned_or_refused(data: st.DataObject) -> None:
    _clean(plan_consultation, _mutated(CONSULTATION, data))


@SETTINGS
@given(st.data())
def test_any_parcours_is_counted_or_refused(data: st.DataObject) -> None:
    _clean(count_hours, _mutated(PARCOURS, data))


@SETTINGS
@given(montant=HOSTILE_SCALARS, cout=HOSTILE_SCALARS, taux=HOSTILE_SCALARS)
def test_any_hours_estimate_is_computed_or_refused(montant: Any, cout: Any, taux: Any) -> None:
    _clean(
        estimate_hours,
        montant,
        at="2026-01-05",
        nature="travaux",
        cout_horaire=cout,
        taux_insertion=taux,
    )


_TREE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@SETTINGS
@given(
    head=st.text(max_size=40),
    depth=st.integers(0, 300),
    opener=st.sampled_from(["[", "{a: ", "- ", "&a [", "*a", "!!python/object:os.system ", "<<: "]),
    tail=st.text(max_size=40),
    fmt=st.sampled_from([None, "json"]),
)
def test_any_text_is_parsed_or_refused(
    head: str, depth: int, opener: str, tail: str, fmt: str | None
) -> None:
    _clean(parse_text, head + opener * depth + tail, name="doc", fmt=fmt, limit=2_000)


@SETTINGS
@given(tree=_TREE)
def test_any_tree_written_as_json_or_yaml_reads_back_or_is_refused(tree: Any) -> None:
    import json

    import yaml

    for text, fmt in ((json.dumps(tree), "json"), (yaml.safe_dump(tree), None)):
        _clean(parse_text, text, name="doc", fmt=fmt, limit=2_000)
