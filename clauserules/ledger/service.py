"""The hours ledger: which insertion hours count, for which marche, and why.

:func:`count_hours` reads a :class:`~clauserules.ledger.model.Parcours` and returns a
:class:`~clauserules.ledger.output.Ledger`: per marche the hours due (prorated), counted,
excluded by motif, the shortfall and the penalty; per personne the eligibility window and
the hours counted per marche; per globalisation request the admissibility decision and the
allocation.

The count is a sequence of named steps, each next to its decision record:

1. :mod:`.checks` — value checks and the prepared index, without the engine; the one pass
   over the hours lines (:mod:`.counting`) sums them per region of a (contrat, marche)
   paire, between the boundaries of :mod:`.window` (ADR 0021, 0022, 0023, 0026). A
   document read by :mod:`.readers` is already checked: its index is reused.
2. :mod:`.globalisation` — admissibility of each request (ADR 0024).
3. :mod:`.situations` — the counting rules decide each region, memoised per situation.
4. :mod:`.results` — allocation of globalised hours, dues, proration, shortfall and
   penalty (ADR 0025).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from clauserules.core.inputs import coerce_date
from clauserules.errors import FieldProblem, InvalidInputError, coerce_variant
from clauserules.ledger.checks import Prepared, check, gc_paused
from clauserules.ledger.globalisation import decide_demandes
from clauserules.ledger.model import Parcours
from clauserules.ledger.output import Ledger
from clauserules.ledger.readers import parse_parcours
from clauserules.ledger.results import build_ledger
from clauserules.ledger.situations import Situations
from clauserules.rules import rulebase
from clauserules.rules.globalisation import DEFAULT_CLE
from clauserules.vocabulaire import CleRepartition

__all__ = ["check_parcours", "count_hours"]


def check_parcours(parcours: Parcours) -> list[FieldProblem]:
    """Every value problem of ``parcours`` (unknown ids, overlapping contracts, hours out of
    bounds or outside their contract, more than 744 h in a month...), in table order.

    The rules engine is not called; the prepared index is kept for :func:`count_hours`.
    """
    prepared = _prepared(parcours, None)
    return prepared.problems.sorted()


def _prepared(parcours: Parcours, progress: Callable[[int, int], None] | None) -> Prepared:
    prepared = parcours._prepared
    # a copy (``model_copy``) carries the private attributes of its original: its index
    # is reused only if it was made from this very object
    if isinstance(prepared, Prepared) and prepared.problems.parcours is parcours:
        if progress is not None:
            progress(prepared.lignes, prepared.lignes)
        return prepared
    with gc_paused():
        prepared = check(parcours, progress)
    parcours._prepared = prepared
    return prepared


def count_hours(
    parcours: Parcours | Mapping[str, Any],
    *,
    cle: str | CleRepartition = DEFAULT_CLE,
    progress: Callable[[int, int], None] | None = None,
    at: date | str | None = None,
) -> Ledger:
    """Count the insertion hours of ``parcours`` per marche and per personne.

    Args:
        parcours: a :class:`~clauserules.ledger.model.Parcours` (see
            :func:`~clauserules.ledger.readers.read_parcours`) or a mapping of its tables.
        cle: allocation key of globalised hours « à due proportion »: ``heures_dues``
            (default), ``montant`` or ``parts_egales``.
        progress: called with ``(lines done, lines)`` every 50,000 lines.
        at: count date (``AAAA-MM-JJ``): hours lines of later months and later orders are
            left out; each market's dues are pro rata of its elapsed execution (or the orders
            to date), its shortfall and penalty marked ``provisoire`` until it ends
            (ADR 0067).

    Raises:
        InvalidInputError: one error listing every offending row and field.
        UnknownVariantError: unknown allocation key.
        NoRulesInForceError: no globalisation rule in force at the date of a request.
    """
    key = coerce_variant(CleRepartition, cle, "allocation key")
    day = coerce_date(at, "at") if at is not None else None
    parcours = parse_parcours(parcours) if not isinstance(parcours, Parcours) else parcours
    prepared = _prepared(parcours, progress)
    if day is not None:
        if prepared.problems.items:  # report on the whole input, where the rows are
            raise InvalidInputError(prepared.problems.sorted(), subject="parcours")
        parcours = _to_date(parcours, day)
        prepared = _prepared(parcours, None)
    ordered: dict[str, Decimal] = defaultdict(Decimal)
    for order in parcours.commandes:
        if day is None or order.date <= day:
            ordered[order.marche] += order.montant_ht
    base = rulebase()
    problems = prepared.problems.copy()
    globalisation, fired = decide_demandes(prepared, base, key, problems)
    if problems.items:
        raise InvalidInputError(problems.sorted(), subject="parcours")
    situations = Situations(prepared.rulesets)
    admissible = {g.demande for g in globalisation if g.recevable}
    with gc_paused():
        situations.fill(
            (paire for c in prepared.contrats.values() for paire in c.paires.values()),
            admissible,
        )
        fired |= situations.fired
        return build_ledger(
            prepared, situations, globalisation, fired, base, key, at=day, ordered=ordered
        )


def _to_date(parcours: Parcours, day: date) -> Parcours:
    """``parcours`` without the hours lines of the months after ``day``."""
    month = f"{day.year:04d}-{day.month:02d}"
    kept = tuple(line for line in parcours.heures if line.mois <= month)
    copy = parcours.model_copy(update={"heures": kept})
    copy._prepared = None
    return copy
