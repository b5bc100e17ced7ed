"""``clauserules.core.dates`` against Catala's date library (an implementation we did not write).

The vectors are the unmodified test files of github.com/CatalaLang/dates-calc (Apache-2.0,
commit 9125d788, see ``tests/data/SOURCES.md``). Catala adds a period of years, months and
days; when a month end makes the sum ambiguous it offers two roundings, « up » (to the first
day of the next month) and « down » (to the last day of the month). clauserules' convention
(decision 0004) is Catala's **RoundDown**: every exact vector and the « down » column of every
ambiguous vector must agree.
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from clauserules.core.dates import add_months

DATA = Path(__file__).parent / "data" / "catala-dates"
PERIOD = re.compile(r"\[(-?\d+) years, (-?\d+) months, (-?\d+) days\]")


def _rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        rows = [[cell.strip() for cell in row] for row in csv.reader(handle, delimiter=";")]
    return [row for row in rows[1:] if row]


def _add(start: str, period: str) -> date:
    """Catala's order: years and months first (clamped), then days."""
    match = PERIOD.fullmatch(period)
    assert match, period
    years, months, days = (int(g) for g in match.groups())
    return add_months(date.fromisoformat(start), 12 * years + months) + timedelta(days=days)


EXACT = _rows("exact_computations.csv")
AMBIGUOUS = _rows("ambiguous_computations.csv")


def test_the_vendored_files_are_the_expected_ones() -> None:
    assert len(EXACT) == 19
    assert len(AMBIGUOUS) == 11


@pytest.mark.parametrize(("start", "period", "expected"), EXACT)
def test_exact_computations_agree(start: str, period: str, expected: str) -> None:
    assert _add(start, period) == date.fromisoformat(expected)


@pytest.mark.parametrize(("start", "period", "up", "down"), AMBIGUOUS)
def test_ambiguous_computations_follow_round_down(
    start: str, period: str, up: str, down: str
) -> None:
    result = _add(start, period)
    assert result == date.fromisoformat(down)
    assert result != date.fromisoformat(up)
