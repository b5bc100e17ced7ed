"""Dates where results change: :func:`dates_charnieres` and :data:`DATES_REGIMES`."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from clauserules.rules import articles as _articles
from clauserules.rules import rulebase

__all__ = ["DATES_REGIMES", "dates_charnieres"]

DATES_REGIMES: tuple[date, ...] = (
    _articles.ENTREE_ORDONNANCES,
    _articles.ENTREE_CCP,
    _articles.LOI_ASAP_EFFET,
    _articles.RESERVATION_DETENUS,
    _articles.PROPORTION_DETENUS,
    _articles.OBLIGATION_SOCIALE_DECRET,
    _articles.OBLIGATION_SOCIALE,
)
"""Dates where the law of insertion clauses changes for a consultation: ordinance
n° 2015-899 (2016-04-01), public procurement code (2019-04-01), ASAP law (2020-12-09),
reservation for employers of detainees (2022-10-21) and its minimum proportion (2023-01-01),
articles of the décret 2022-767 (2026-08-21) and mandatory social execution condition
(2026-08-22). :func:`consultations` draws each of them, and the day before, often."""


def dates_charnieres(
    *, min_value: date = date(2006, 1, 1), max_value: date = date(2030, 12, 31)
) -> st.SearchStrategy[date]:
    """Dates where results change: starts and ends of rule versions, month ends,
    29 February, first days of months — and the day before each."""
    changes: set[date] = set()
    for rule in rulebase().rules:
        for day in (rule.validity.start, rule.validity.end):
            if day is not None:
                changes.update((day, day - timedelta(days=1)))
    for year in range(min_value.year, max_value.year + 1):
        for month in range(1, 13):
            first = date(year, month, 1)
            changes.update((first, first - timedelta(days=1)))
        if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
            changes.update((date(year, 2, 29), date(year, 3, 1)))
    pool = sorted(d for d in changes if min_value <= d <= max_value)
    return st.one_of(st.sampled_from(pool), st.dates(min_value, max_value))
