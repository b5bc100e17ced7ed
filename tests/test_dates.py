"""Month arithmetic (:mod:`clauserules.core.dates`): the convention, property-tested.

Convention: calendar months, same day of the month, clamped to the last day of the month
when that day does not exist (art. 641 CPC by analogy). The properties below pin it down:
month ends, 29 February, composition (where clamping makes ``add_months`` not additive),
monotonicity, the bracketing that defines ``whole_months``, ages on and around birthdays.
The doctests of :mod:`clauserules.core.dates` and :mod:`clauserules.core.expr` run here too.
"""

from __future__ import annotations

import calendar
import doctest
import importlib
import pkgutil
from datetime import date, timedelta
from fractions import Fraction
from types import ModuleType

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import clauserules
from clauserules.core import dates, expr
from clauserules.core.dates import add_months, add_years, months_between, whole_months, whole_years

MIN = date(1900, 1, 1)
MAX = date(2200, 12, 31)
LEAP_YEARS = [y for y in range(MIN.year, MAX.year + 1) if calendar.isleap(y)]


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


month_ends = st.builds(
    lambda y, m: date(y, m, last_day(y, m)), st.integers(MIN.year, MAX.year), st.integers(1, 12)
)
february_29 = st.sampled_from(LEAP_YEARS).map(lambda y: date(y, 2, 29))
days_28_to_31 = st.builds(
    lambda y, m, d: date(y, m, min(d, last_day(y, m))),
    st.integers(MIN.year, MAX.year),
    st.integers(1, 12),
    st.integers(28, 31),
)
# Plain days, and the days where the convention matters, often.
days = st.one_of(st.dates(MIN, MAX), month_ends, february_29, days_28_to_31)
months = st.integers(-600, 600)
small_months = st.integers(-30, 30)


# --- add_months -------------------------------------------------------------------------


@given(days, months)
@example(date(2025, 1, 31), 1)
@example(date(2024, 2, 29), 12)
@example(date(2024, 1, 31), 1)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day: date, n: int) -> None:
    result = add_months(day, n)
    assert month_index(result) == month_index(day) + n
    assert result.day == min(day.day, last_day(result.year, result.month))


def test_add_months_examples() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_months(date(2025, 5, 31), 1) == date(2025, 6, 30)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert add_years(date(2000, 2, 29), 26) == date(2026, 2, 28)


@given(days)
def test_add_zero_months_is_the_identity(day: date) -> None:
    assert add_months(day, 0) == day


@given(days, months, months)
@example(date(2025, 1, 31), 1, 1)  # 31/01 → 28/02 → 28/03, but directly 31/03
@example(date(2024, 2, 29), 12, 12)  # 29/02/2024 → 28/02/2025 → 28/02/2026 = directly
def test_composition_differs_from_one_step_exactly_by_the_intermediate_clamp(
    day: date, a: int, b: int
) -> None:
    """``add_months(add_months(d, a), b)`` equals ``add_months(d, a + b)`` unless the
    intermediate month is too short: the day lost to its end is not recovered.

    The successive result is the day ``min(d.day, L(intermediate), L(final))``; the
    direct one ``min(d.day, L(final))``. They differ exactly when the intermediate month
    has fewer days than both ``d.day`` and the final month allows.
    """
    try:
        direct = add_months(day, a + b)
        middle = add_months(day, a)
        successive = add_months(middle, b)
    except OverflowError:
        assume(False)
        return
    final_last = last_day(direct.year, direct.month)
    middle_last = last_day(middle.year, middle.month)
    assert month_index(successive) == month_index(direct)
    assert successive.day == min(day.day, middle_last, final_last)
    assert successive <= direct
    assert (successive == direct) == (min(day.day, final_last) <= middle_last)


@given(days, days, months)
def test_add_months_is_monotonic_in_the_day(d1: date, d2: date, n: int) -> None:
    d1, d2 = sorted((d1, d2))
    try:
        assert add_months(d1, n) <= add_months(d2, n)
    except OverflowError:
        assume(False)


@given(days, months, months)
def test_add_months_is_strictly_increasing_in_the_months(day: date, n1: int, n2: int) -> None:
    assume(n1 != n2)
    n1, n2 = sorted((n1, n2))
    try:
        assert add_months(day, n1) < add_months(day, n2)
    except OverflowError:
        assume(False)


def test_add_months_outside_the_calendar_raises() -> None:
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(OverflowError):
        add_months(date(1, 1, 1), -1)


@given(days)
def test_24_months_are_calendar_months_not_730_days(day: date) -> None:
    later = add_months(day, 24)
    span = (later - day).days
    assert span in (730, 731)
    leap_days = [date(y, 2, 29) for y in range(day.year, later.year + 1) if calendar.isleap(y)]
    contains_29_february = any(day < leap <= later for leap in leap_days)
    clamped = later.day != day.day
    # 731 days exactly when a 29 February falls in (day, later] — unless the start, a
    # 29 February itself, was clamped to the 28th.
    assert (span == 731) == (contains_29_february and not clamped)


# --- whole_months -------------------------------------------------------------------------


@given(days, days)
@example(date(2025, 1, 31), date(2025, 2, 28))
@example(date(2025, 3, 31), date(2025, 2, 28))
@example(date(2024, 2, 29), date(2025, 2, 28))
@example(date(2025, 1, 15), date(2026, 1, 14))
def test_whole_months_is_bracketed_by_add_months(start: date, end: date) -> None:
    """The definition: the largest ``n`` with ``add_months(start, n) <= end``."""
    n = whole_months(start, end)
    try:
        assert add_months(start, n) <= end < add_months(start, n + 1)
    except OverflowError:
        assume(False)


@given(days, months)
def test_whole_months_inverts_add_months(start: date, n: int) -> None:
    try:
        end = add_months(start, n)
    except OverflowError:
        assume(False)
        return
    assert whole_months(start, end) == n
    assert whole_months(start, end - timedelta(days=1)) == n - 1


@given(days, days, days)
def test_whole_months_is_monotonic(start: date, e1: date, e2: date) -> None:
    e1, e2 = sorted((e1, e2))
    assert whole_months(start, e1) <= whole_months(start, e2)
    assert whole_months(e1, start) >= whole_months(e2, start)


@given(days)
def test_whole_months_from_a_day_to_itself_is_zero(day: date) -> None:
    assert whole_months(day, day) == 0
    assert whole_years(day, day) == 0


# --- whole_years: ages ------------------------------------------------------------------


def naive_age(birth: date, at: date) -> int:
    """Age with the birthday on 28 February in common years for a 29 February birth."""
    birthday_day = min(birth.day, last_day(at.year, birth.month))
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birthday_day))


@given(days, days)
def test_whole_years_is_the_age(birth: date, at: date) -> None:
    assume(birth <= at)
    assert whole_years(birth, at) == naive_age(birth, at)
    assert whole_years(birth, at) == whole_months(birth, at) // 12


@given(days, st.integers(1, 120))
def test_age_changes_on_the_birthday_not_the_day_before(birth: date, years: int) -> None:
    try:
        birthday = add_years(birth, years)
    except OverflowError:
        assume(False)
        return
    assert whole_years(birth, birthday) == years
    assert whole_years(birth, birthday - timedelta(days=1)) == years - 1


@given(february_29, st.integers(1, 100))
def test_born_on_29_february(birth: date, years: int) -> None:
    year = birth.year + years
    birthday = date(year, 2, 29) if calendar.isleap(year) else date(year, 2, 28)
    assert add_years(birth, years) == birthday
    assert whole_years(birth, birthday) == years
    assert whole_years(birth, birthday - timedelta(days=1)) == years - 1
    if not calendar.isleap(year):  # 28 Feb is the birthday: 1 March is no later one
        assert whole_years(birth, date(year, 3, 1)) == years


def test_age_examples() -> None:
    assert whole_years(date(2000, 2, 29), date(2026, 2, 28)) == 26
    assert whole_years(date(2000, 2, 29), date(2026, 2, 27)) == 25
    assert whole_years(date(2000, 2, 29), date(2028, 2, 28)) == 27
    assert whole_years(date(2000, 2, 29), date(2028, 2, 29)) == 28
    assert whole_years(date(2000, 6, 15), date(2026, 6, 14)) == 25
    assert whole_years(date(2000, 6, 15), date(2026, 6, 15)) == 26
    assert whole_years(date(2000, 12, 31), date(2026, 12, 30)) == 25


# --- months_between ---------------------------------------------------------------------


@given(days, days)
def test_months_between_lies_between_the_whole_months(start: date, end: date) -> None:
    value = months_between(start, end)
    if end <= start:
        assert value == 0
        return
    n = whole_months(start, end)
    assert n <= value < n + 1
    assert (value == n) == (add_months(start, n) == end)


@given(days, st.integers(0, 600))
def test_months_between_counts_whole_months_exactly(start: date, n: int) -> None:
    try:
        end = add_months(start, n)
    except OverflowError:
        assume(False)
        return
    assert months_between(start, end) == Fraction(n)


# --- doctests -----------------------------------------------------------------------------


@pytest.mark.parametrize("module", [dates, expr], ids=lambda m: m.__name__)
def test_doctests_of_dates_and_expr(module: ModuleType) -> None:
    failed, attempted = doctest.testmod(module, verbose=False, report=True)
    assert attempted > 0, f"{module.__name__} has no doctest"
    assert failed == 0


def test_doctests_of_every_module_pass() -> None:
    failures = {}
    for info in pkgutil.walk_packages(clauserules.__path__, "clauserules."):
        module = importlib.import_module(info.name)
        failed, _ = doctest.testmod(module, verbose=False, report=False)
        if failed:
            failures[info.name] = failed
    assert failures == {}, "run python -m doctest on these modules"
