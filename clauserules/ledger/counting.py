"""The one pass over the hours lines: each line is checked and its hours are added, exact,
to the *region* of its (contrat, marche) paire where every fact read by the rules is
constant (``docs/decisions/0026-comptage-par-situation.md``).

A month cut by a boundary is split at it, its hours prorated by the calendar days of the
contrat in that month (``docs/decisions/0022-heures-mensuelles-et-bornes-au-jour.md``): the
parts are integers in units of 1 / (100 × :data:`LCM_DAYS`) hour, so that splitting a line,
or cutting a month at a boundary that changes nothing, never changes a total.

Each region also keeps its hours per month (``acc[4]`` work, ``acc[5]`` training: month's
first day → hundredths of an hour, or, under the negated key, exact units of a prorated
part), so that the ledger gives the counted hours per month exactly, in memory bounded by the
(region, month) pairs that have hours.

This is the only file where speed matters: :func:`count_lines` is one function with local
aliases. It never calls the engine; :mod:`.situations` decides each region afterwards.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from math import lcm
from typing import Protocol

from clauserules.ledger.window import (
    ContratIndex,
    DemandeIndex,
    MarcheIndex,
    Paire,
    boundaries,
)
from clauserules.rules.comptage import HEURES_MAX_PAR_MOIS

__all__ = ["LCM_DAYS", "Columns", "count_lines"]

LCM_DAYS = lcm(*range(1, 32))
"""Common denominator of every prorated part of a month (1 to 31 days): amounts are exact
integers in units of 1 / (100 × LCM_DAYS) hour."""

Columns = tuple[list[str], list[str], list[str], list[str], list[int], list[int]]
"""Hours lines as columns: personne, contrat, marche, mois, travail and formation in
integer hundredths of an hour."""


class LineProblems(Protocol):
    def outside(self, index: int, contrat: ContratIndex, mois: str) -> None: ...
    def bad_hours(self, index: int, travail: int, formation: int) -> None: ...
    def unknown_marche(self, index: int, mid: str) -> None: ...
    def unknown(
        self, index: int, pid: str, cid: str, mid: str, contrat: ContratIndex | None
    ) -> None: ...
    def add(self, table: str, index: int, fld: str, message: str, found: object = None) -> None: ...


def count_lines(
    columns: Columns,
    contrats: Mapping[str, ContratIndex],
    marches: Mapping[str, MarcheIndex],
    demandes: Mapping[tuple[str, str], DemandeIndex],
    month_info: Callable[[str], tuple[int, int, int] | str],
    problems: LineProblems,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, tuple[int, int, int]]:
    """Check every line and add its hours to the region of its paire; return the months
    seen (``mois`` → first day, last day, ruleset).

    ``demandes`` gives the globalisation request of a (personne, marche), if any.
    """
    pids, cids, mids, moiss, trs, fos = columns
    total = len(pids)
    months: dict[str, tuple[int, int, int]] = {}
    max_cents = HEURES_MAX_PAR_MOIS * 100
    bisect_right = bisect.bisect_right
    live = {cid: c for cid, c in contrats.items() if c.personne is not None}
    get_contrat = live.get
    bad_months: dict[str, str] = {}
    add = problems.add
    step = 50_000
    for first in range(0, total, step):
        if progress is not None:
            progress(first, total)
        index = first - 1
        for pid, cid, mid, mois, tr, fo in zip(
            pids[first : first + step],
            cids[first : first + step],
            mids[first : first + step],
            moiss[first : first + step],
            trs[first : first + step],
            fos[first : first + step],
            strict=True,
        ):
            index += 1
            bad = not (0 <= tr <= max_cents and 0 <= fo <= max_cents)
            if bad:
                problems.bad_hours(index, tr, fo)
            month = months.get(mois)
            if month is None:
                info = bad_months.get(mois) or month_info(mois)
                if isinstance(info, str):
                    bad_months[mois] = info
                    add("heures", index, "mois", info, mois)
                    continue
                month = months[mois] = info
            contrat = get_contrat(cid)
            if contrat is None or contrat.personne_id != pid:
                problems.unknown(index, pid, cid, mid, contrats.get(cid))
                continue
            paire = contrat.paires.get(mid)
            if paire is None:
                marche = marches.get(mid)
                if marche is None:
                    problems.unknown_marche(index, mid)
                    continue
                owner = contrat.personne
                assert owner is not None  # live contrats have a known personne
                demande = demandes.get((pid, mid))
                paire = Paire(
                    owner, contrat, marche, demande, boundaries(owner, contrat, marche, demande),
                    owner.mois,
                )  # fmt: skip
                contrat.paires[mid] = paire
            m0, m1, ruleset = month
            c0 = contrat.debut
            c1 = contrat.fin
            a = m0 if m0 > c0 else c0
            b = m1 if m1 < c1 else c1
            if a > b:
                problems.outside(index, contrat, mois)
                continue
            if bad:
                continue
            totals = paire.mois
            totals[m0] = totals.get(m0, 0) + tr + fo
            bps = paire.bornes  # ends with a sentinel larger than any day
            regions = paire.regions
            region = bisect_right(bps, a)
            if bps[region] > b:
                acc = regions.get((ruleset, region))
                if acc is None:
                    acc = regions[(ruleset, region)] = [0, 0, 0, 0, {}, {}]
                acc[0] += tr
                acc[1] += fo
                by_month = acc[4]
                by_month[m0] = by_month.get(m0, 0) + tr
                if fo:
                    by_month = acc[5]
                    by_month[m0] = by_month.get(m0, 0) + fo
                continue
            # a boundary cuts the month: prorate by calendar days of the contrat in it
            scale = LCM_DAYS // (b - a + 1)
            start = a
            while start <= b:
                end = bps[region] if bps[region] <= b else b + 1
                acc = regions.get((ruleset, region))
                if acc is None:
                    acc = regions[(ruleset, region)] = [0, 0, 0, 0, {}, {}]
                weight = (end - start) * scale
                acc[2] += tr * weight
                acc[3] += fo * weight
                split = acc[4]  # prorated parts, in exact units, under the negative key
                split[-m0] = split.get(-m0, 0) + tr * weight
                if fo:
                    split = acc[5]
                    split[-m0] = split.get(-m0, 0) + fo * weight
                start = end
                region += 1
    if progress is not None:
        progress(total, total)
    return months
