"""The value checks of insertion paths, and the prepared index the count reuses.

:func:`check` runs **without the rules engine**. It reports every value problem (duplicate
or unknown ids, contrats overlapping with one employer, periods that end before they start,
a month ``AAAA-MM`` that is malformed, outside its contrat or without counting rules, hours
off the 0.01 grid or out of 0-744 h, more than 744 h for a personne in a month) and returns
a :class:`Prepared` index: the marches, personnes and contrats with their windows
(:mod:`.window`), the globalisation requests whose ids are known, and the hours of the
lines summed per situation region (:func:`.counting.count_lines`, the one pass over the
lines). The readers call it and keep the index on the
:class:`~clauserules.ledger.model.Parcours`; :func:`~clauserules.ledger.service.count_hours`
then only decides the regions (``docs/decisions/0026-comptage-par-situation.md``).
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from clauserules.core.dates import add_months
from clauserules.core.rulebase import Rule
from clauserules.errors import FieldProblem, NoRulesInForceError
from clauserules.ledger.counting import Columns, count_lines
from clauserules.ledger.model import Contrat, HeuresTable, Parcours
from clauserules.ledger.window import (
    ContratIndex,
    DemandeIndex,
    MarcheIndex,
    PersonneIndex,
    contrat_index,
    marche_index,
    personne_window,
)
from clauserules.rules import rulebase
from clauserules.rules.comptage import HEURES_MAX_PAR_MOIS, TOPIC
from clauserules.rules.globalisation import TOPIC as TOPIC_GLOBALISATION
from clauserules.vocabulaire import GlobalisationCCAP

__all__ = [
    "BAD_HOURS",
    "NOT_A_NUMBER",
    "TWO_DECIMALS",
    "DemandeValide",
    "Prepared",
    "Problems",
    "check",
    "gc_paused",
]

TWO_DECIMALS = "expected a number of hours with at most two decimals (0.01 h)"
NOT_A_NUMBER = "expected a number of hours"
MAX_PROBLEMS_KEPT = 1_000
"""At most this many value problems are kept; the others are counted."""
_MAX_LINE_CENTS = 10**8
"""Hours of a line beyond 1,000,000 h are refused before any arithmetic."""
HOURS_RANGE = f"expected hours between 0 and {HEURES_MAX_PAR_MOIS} in a month"
BAD_HOURS = -(10**15)
"""Hundredths of a line whose hours are not on the 0.01 grid (already reported)."""

_TABLE_RANK = {
    "marches": 0,
    "personnes": 1,
    "contrats": 2,
    "demandes_globalisation": 3,
    "commandes": 4,
    "heures": 5,
}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are created:
    they hold no cycles, and the collector's passes would cost a fifth of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _show(value: object) -> str:
    text = repr(str(value)) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Problems:
    """Value problems, located through the parcours, listed in table then row order."""

    def __init__(self, parcours: Parcours) -> None:
        self.parcours = parcours
        self.items: list[tuple[int, int, int, FieldProblem]] = []
        self.dropped = 0
        """Problems found past :data:`MAX_PROBLEMS_KEPT` (counted, not kept)."""

    def add(self, table: str, index: int, fld: str, message: str, found: object = None) -> None:
        if len(self.items) >= MAX_PROBLEMS_KEPT:  # a huge invalid file: keep a bounded report
            self.dropped += 1
            return
        shown = None if found is None else _show(found)
        self.items.append(
            (
                _TABLE_RANK[table],
                index,
                len(self.items),
                FieldProblem(self.parcours.locate(table, index, fld), message, shown),
            )
        )

    def copy(self) -> Problems:
        other = Problems(self.parcours)
        other.items = list(self.items)
        other.dropped = self.dropped
        return other

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[FieldProblem]:
        found = [p for *_, p in sorted(self.items, key=lambda t: t[:3])]
        if self.dropped:
            found.append(
                FieldProblem(
                    "heures", f"{self.dropped:,} more problems not listed (fix these first)"
                )
            )
        return found


@dataclass(slots=True)
class DemandeValide:
    """A globalisation request whose ids are known and whose text is in force."""

    position: int
    """Index of the request in ``demandes_globalisation``."""
    demande: DemandeIndex
    variant: str | None
    """The text the CCAP of its marches adopted (``ave-2014``, ``igas-2016``)."""
    regles: tuple[Rule, ...]
    """The admissibility rules in force at the date of the request."""


@dataclass(slots=True, eq=False)
class Prepared:
    """What :func:`check` found: the problems, and the index the count reuses."""

    problems: Problems
    marches: dict[str, MarcheIndex]
    personnes: dict[str, PersonneIndex]
    contrats: dict[str, ContratIndex]
    demandes: list[DemandeValide]
    rulesets: list[tuple[Rule, ...]]
    """The counting rules in force, per distinct set (index = ruleset of a region)."""
    lignes: int
    ruleset_of: dict[tuple[tuple[str, date], ...], int] = field(default_factory=dict)


def _month(text: str) -> tuple[int, int, date] | None:
    """``AAAA-MM`` → (first day ordinal, last day ordinal, first day)."""
    if (
        not text.isascii()
        or len(text) != 7
        or text[4] != "-"
        or not (text[:4].isdigit() and text[5:].isdigit())
    ):
        return None
    year, month = int(text[:4]), int(text[5:])
    if not (1900 <= year <= 9998 and 1 <= month <= 12):
        return None
    first = date(year, month, 1)
    last = add_months(first, 1).toordinal() - 1
    return first.toordinal(), last, first


def check(parcours: Parcours, progress: Callable[[int, int], None] | None = None) -> Prepared:
    """Every value problem of ``parcours``, and its prepared index (no engine call)."""
    problems = Problems(parcours)
    prepared = Prepared(problems, {}, {}, {}, [], [], len(parcours.heures))
    _tables(parcours, prepared)
    _demandes(parcours, prepared)
    _commandes(parcours, prepared)
    base = rulebase()

    def month_info(mois: str) -> tuple[int, int, int] | str:
        """(first day, last day, ruleset) of a month, or the problem with it."""
        parsed = _month(mois)
        if parsed is None:
            return "expected a month AAAA-MM"
        try:
            rules = base.in_force(TOPIC, parsed[2])
        except NoRulesInForceError as exc:
            return f"no counting rule is in force this month: {exc.message}"
        key = tuple(r.key for r in rules)
        found = prepared.ruleset_of.get(key)
        if found is None:
            found = prepared.ruleset_of[key] = len(prepared.rulesets)
            prepared.rulesets.append(rules)
        return parsed[0], parsed[1], found

    columns = _columns(parcours, problems)
    demandes = {
        (v.demande.demande.personne, cible.marche.id): v.demande
        for v in prepared.demandes
        for cible in v.demande.cibles
    }
    months = count_lines(
        columns,
        prepared.contrats,
        prepared.marches,
        demandes,
        month_info,
        _LineProblems(problems, prepared),
        progress,
    )
    _over_744(columns, months, prepared)
    return prepared


def _tables(parcours: Parcours, prepared: Prepared) -> None:
    p = prepared.problems
    rejected = parcours._rejected
    marches, personnes, contrats = prepared.marches, prepared.personnes, prepared.contrats
    for index, m in enumerate(parcours.marches):
        if m.id in marches:
            p.add("marches", index, "id", "duplicate market id", m.id)
            continue
        if m.fin_execution < m.debut_execution:
            p.add(
                "marches",
                index,
                "fin_execution",
                f"must not be before debut_execution {m.debut_execution}",
                m.fin_execution,
            )
        for period in m.proratisation:
            if period.fin < period.debut:
                p.add(
                    "marches",
                    index,
                    "proratisation",
                    "a period ends before it starts",
                    f"{period.debut}..{period.fin}",
                )
        marches[m.id] = marche_index(m)
    for index, personne in enumerate(parcours.personnes):
        if personne.id in personnes:
            p.add("personnes", index, "id", "duplicate person id", personne.id)
            continue
        personnes[personne.id] = PersonneIndex(personne)
    by_personne: dict[str, list[tuple[int, Contrat]]] = defaultdict(list)
    for index, c in enumerate(parcours.contrats):
        if c.id in contrats:
            p.add("contrats", index, "id", "duplicate contract id", c.id)
            continue
        if c.personne not in personnes and c.personne not in rejected.get("personnes", ()):
            p.add("contrats", index, "personne", "unknown person id (not in personnes)", c.personne)
        if c.fin is not None and c.fin < c.debut:
            p.add("contrats", index, "fin", f"must not be before debut {c.debut}", c.fin)
        contrats[c.id] = contrat_index(c, personnes.get(c.personne))
        by_personne[c.personne].append((index, c))
    for personne_id, items in by_personne.items():
        items.sort(key=lambda t: (t[1].debut, t[1].id))
        _overlaps(items, p)
        index_personne = personnes.get(personne_id)
        if index_personne is not None:
            personne_window(index_personne, [c for _, c in items], contrats)


def _overlaps(items: list[tuple[int, Contrat]], p: Problems) -> None:
    """Report the contrats of one personne that overlap with the same employer."""
    by_employer: dict[str, list[tuple[int, Contrat]]] = defaultdict(list)
    for index, c in items:
        by_employer[c.employeur].append((index, c))
    for contrats in by_employer.values():
        latest: tuple[int, Contrat] | None = None
        for index, c in contrats:
            if latest is not None and (latest[1].fin is None or latest[1].fin >= c.debut):
                p.add(
                    "contrats",
                    index,
                    "debut",
                    f"overlaps contract {latest[1].id} of the same person with the same "
                    f"employer {c.employeur}",
                    c.debut,
                )
            if latest is None or (
                latest[1].fin is not None and (c.fin is None or c.fin > latest[1].fin)
            ):
                latest = (index, c)


def _demandes(parcours: Parcours, prepared: Prepared) -> None:
    """Check the ids of the globalisation requests and that their text is in force."""
    p = prepared.problems
    seen: dict[tuple[str, str], str] = {}
    ids: set[str] = set()
    base = rulebase()
    for index, d in enumerate(parcours.demandes_globalisation):
        ok = True
        if d.id in ids:
            p.add("demandes_globalisation", index, "id", "duplicate request id", d.id)
            ok = False
        ids.add(d.id)
        if d.personne not in prepared.personnes:
            p.add(
                "demandes_globalisation",
                index,
                "personne",
                "unknown person id (not in personnes)",
                d.personne,
            )
            ok = False
        for marche in d.marches:
            if marche not in prepared.marches:
                p.add(
                    "demandes_globalisation",
                    index,
                    "marches",
                    "unknown market id (not in marches)",
                    marche,
                )
                ok = False
            elif (d.personne, marche) in seen:
                p.add(
                    "demandes_globalisation",
                    index,
                    "marches",
                    f"market already in request {seen[(d.personne, marche)]} for this person",
                    marche,
                )
                ok = False
            else:
                seen[(d.personne, marche)] = d.id
        if not ok:
            continue
        cibles = tuple(prepared.marches[m] for m in dict.fromkeys(d.marches))
        chosen = [
            c.marche.globalisation
            for c in cibles
            if c.marche.globalisation is not GlobalisationCCAP.AUCUNE
        ]
        variant = Counter(chosen).most_common(1)[0][0].value if chosen else None
        rules = base.in_force(TOPIC_GLOBALISATION, d.date_demande, variant)
        if variant is not None and not any(r.variant == variant for r in rules):
            p.add(
                "demandes_globalisation",
                index,
                "date_demande",
                f"the globalisation text {variant} is not in force on this date",
                d.date_demande,
            )
            continue
        prepared.demandes.append(DemandeValide(index, DemandeIndex(d, cibles), variant, rules))


def _columns(parcours: Parcours, problems: Problems) -> Columns:
    """The hours lines as columns, hours in integer hundredths (checked on the 0.01 grid)."""
    lines = parcours.heures
    if isinstance(lines, HeuresTable):
        return lines.columns()
    columns: Columns = ([], [], [], [], [], [])
    for index, line in enumerate(lines):
        cents: list[int] = []
        for name, raw in (("travail", line.travail), ("formation", line.formation)):
            hours = Decimal(raw)
            # copy_abs and comparisons use no decimal context: 1E+999999999 cannot overflow here
            if hours.is_finite() and hours.copy_abs() >= _MAX_LINE_CENTS / 100:
                problems.add(
                    "heures", index, name, f"expected at most {HEURES_MAX_PAR_MOIS} h", hours
                )
                cents.append(BAD_HOURS)
                continue
            off_grid = hours.is_finite() and bool(hours) and hours.adjusted() < -2
            scaled = hours.scaleb(2) if hours.is_finite() and not off_grid else hours
            if off_grid or not scaled.is_finite() or scaled != scaled.to_integral_value():
                problems.add("heures", index, name, TWO_DECIMALS, hours)
                cents.append(BAD_HOURS)
            else:
                cents.append(int(scaled))
        for text_column, text in zip(columns[:4], line[:4], strict=True):
            text_column.append(str(text))
        columns[4].append(cents[0])
        columns[5].append(cents[1])
    return columns


class _LineProblems:
    """The problems of one hours line, as the pass over the lines finds them."""

    def __init__(self, problems: Problems, prepared: Prepared) -> None:
        self.add = problems.add
        self.prepared = prepared
        self.rejected = problems.parcours._rejected

    def outside(self, index: int, contrat: ContratIndex, mois: str) -> None:
        c = contrat.contrat
        self.add(
            "heures",
            index,
            "mois",
            f"month outside contract {c.id} ({c.debut} to {c.fin or 'open'})",
            mois,
        )

    def bad_hours(self, index: int, travail: int, formation: int) -> None:
        """Report hours out of bounds (those off the 0.01 grid are already reported)."""
        for name, value in (("travail", travail), ("formation", formation)):
            if not 0 <= value <= HEURES_MAX_PAR_MOIS * 100 and value != BAD_HOURS:
                self.add("heures", index, name, HOURS_RANGE, Decimal(value).scaleb(-2))

    def unknown_marche(self, index: int, mid: str) -> None:
        if mid not in self.rejected.get("marches", ()):
            self.add("heures", index, "marche", "unknown market id", mid)

    def unknown(
        self, index: int, pid: str, cid: str, mid: str, contrat: ContratIndex | None
    ) -> None:
        """Report the unknown ids of a line whose contrat is unknown or not the personne's
        (ids of rows the reader already rejected are not reported again)."""
        add = self.add
        rejected = self.rejected
        if contrat is None and cid not in rejected.get("contrats", ()):
            add("heures", index, "contrat", "unknown contract id (not in contrats)", cid)
        if pid not in self.prepared.personnes:
            if pid not in rejected.get("personnes", ()):
                add("heures", index, "personne", "unknown person id (not in personnes)", pid)
        elif contrat is not None and contrat.personne_id != pid:
            add(
                "heures",
                index,
                "personne",
                f"contract {cid} belongs to person {contrat.personne_id}",
                pid,
            )
        if mid not in self.prepared.marches and mid not in rejected.get("marches", ()):
            add("heures", index, "marche", "unknown market id (not in marches)", mid)


def _over_744(
    columns: Columns, months: dict[str, tuple[int, int, int]], prepared: Prepared
) -> None:
    """Report the lines of a personne who has more than 744 h in a month, all lines summed."""
    max_cents = HEURES_MAX_PAR_MOIS * 100
    over = {
        (personne.personne.id, month): hours
        for personne in prepared.personnes.values()
        for month, hours in personne.mois.items()
        if hours > max_cents
    }
    if not over:
        return
    pids, _, _, moiss, trs, _ = columns
    for index, (pid, mois) in enumerate(zip(pids, moiss, strict=True)):
        found = months.get(mois)
        if found is not None and (pid, found[0]) in over:
            hours = Decimal(over[(pid, found[0])]).scaleb(-2)
            prepared.problems.add(
                "heures",
                index,
                "travail",
                f"person {pid} has {hours} h in {mois} over all lines; at most "
                f"{HEURES_MAX_PAR_MOIS} h in a month",
                Decimal(trs[index]).scaleb(-2),
            )


def _commandes(parcours: Parcours, prepared: Prepared) -> None:
    """Orders name a known market, within its execution, and that market has a ratio."""
    add = prepared.problems.add
    for index, order in enumerate(parcours.commandes):
        indexed = prepared.marches.get(order.marche)
        if indexed is None:
            add("commandes", index, "marche", "unknown market id (not in marches)", order.marche)
            continue
        marche = indexed.marche
        if marche.euros_par_heure is None:
            add(
                "commandes",
                index,
                "marche",
                "orders need the market's euros_par_heure (one hour per N euros ordered)",
                order.marche,
            )
        elif not marche.debut_execution <= order.date <= marche.fin_execution:
            add(
                "commandes",
                index,
                "date",
                f"outside the execution of the market ({marche.debut_execution.isoformat()} "
                f"to {marche.fin_execution.isoformat()})",
                order.date.isoformat(),
            )
