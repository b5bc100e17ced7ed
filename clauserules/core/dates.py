"""Month and year arithmetic: the one place where « N mois » is computed.

Convention (stated once, used everywhere): **calendar months, same day of the month,
clamped to the last day of the month when that day does not exist**. This is the rule
of article 641 of the code de procédure civile for time limits expressed in months or
years (« à défaut d'un quantième identique, le délai expire le dernier jour du mois »),
applied by analogy; no procurement text defines another one.

Consequences, all property-tested in ``tests/test_dates.py``:

* ``add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)``;
* ``add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)``;
* a person born on 29 February has their birthday on 28 February in common years;
* « 24 mois » is counted in calendar months, never as ``2 * 365`` days: the two agree
  only when the period contains no 29 February (from 2024-01-15, 24 months end on
  2026-01-15, 731 days later).

``whole_months(start, end)`` counts the months completed (« mois révolus ») from
``start`` to ``end``: the largest ``n`` such that ``add_months(start, n) <= end``.
"""

from __future__ import annotations

import calendar
from datetime import date
from fractions import Fraction

__all__ = [
    "add_months",
    "add_years",
    "last_day_of_month",
    "months_between",
    "whole_months",
    "whole_years",
]


def last_day_of_month(year: int, month: int) -> int:
    """Number of days of ``month`` in ``year``."""
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """Add ``months`` calendar months (negative allowed), clamping to the month end.

    >>> add_months(date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    >>> add_months(date(2024, 2, 29), 24)
    datetime.date(2026, 2, 28)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if not 1 <= year <= 9999:
        raise OverflowError(f"date out of range: {day.isoformat()} + {months} months")
    return date(year, month, min(day.day, last_day_of_month(year, month)))


def add_years(day: date, years: int) -> date:
    """Add ``years`` years (``12 * years`` months, same convention)."""
    return add_months(day, 12 * years)


def whole_months(start: date, end: date) -> int:
    """Months completed from ``start`` to ``end``: the largest ``n`` with ``add_months(start, n) <= end``.

    ``n`` is negative when ``end`` is before ``start``; the function is non-decreasing in
    ``end``.

    >>> whole_months(date(2025, 1, 31), date(2025, 2, 28))
    1
    >>> whole_months(date(2025, 1, 15), date(2026, 1, 14))
    11
    >>> whole_months(date(2025, 1, 15), date(2026, 1, 15))
    12
    """
    months = (end.year - start.year) * 12 + (end.month - start.month)
    # add_months(start, months) falls in the month of ``end``, on day
    # min(start.day, last day of that month): either on or before ``end`` (done), or after
    # it, and then one month earlier is before ``end``.
    if start.day > end.day and last_day_of_month(end.year, end.month) > end.day:
        months -= 1
    return months


def whole_years(start: date, end: date) -> int:
    """Years completed from ``start`` to ``end`` (age at ``end`` of a person born ``start``).

    >>> whole_years(date(2000, 2, 29), date(2026, 2, 28))
    26
    >>> whole_years(date(2000, 6, 15), date(2026, 6, 14))
    25
    """
    return whole_months(start, end) // 12


def months_between(start: date, end: date) -> Fraction:
    """Length of the period ``[start, end)`` in calendar months, as an exact fraction.

    The whole months (:func:`whole_months`) plus the remaining days as a fraction of the
    calendar month that follows them. A period from the 1st of a month to the 1st of
    another is a whole number of months; ``end <= start`` gives 0.

    >>> months_between(date(2025, 1, 1), date(2026, 1, 1))
    Fraction(12, 1)
    >>> months_between(date(2025, 3, 1), date(2025, 9, 1))
    Fraction(6, 1)
    >>> months_between(date(2025, 2, 1), date(2025, 2, 15))
    Fraction(1, 2)
    """
    if end <= start:
        return Fraction(0)
    months = whole_months(start, end)
    anchor = add_months(start, months)
    following = add_months(start, months + 1)
    return months + Fraction((end - anchor).days, (following - anchor).days)
