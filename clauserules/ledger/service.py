"""The hours ledger: which insertion hours count, for which market, and why.

:func:`count_hours` reads a :class:`~clauserules.ledger.model.Parcours` and returns a
:class:`Ledger`: per market the hours due (prorated), counted, excluded by reason, the
shortfall and the penalty; per person the eligibility window and the hours counted per
market; per globalisation request the admissibility decision and the allocation.

How the rules are applied to a million lines (``docs/decisions/0026-comptage-par-situation.md``)
------------------------------------------------------------------------------------------
The rules of :mod:`clauserules.rules.comptage` decide every hour, but the engine is never
called per line. Each (contract, market) pair has a short sorted list of *boundaries*
(start and end of execution, end of the 24 months, date of an annual review that ended
eligibility, end of the 12 months of a CDI signed in year 2, years 3-4 of a long market,
executions of the markets of a globalisation request). Between two boundaries every fact
the rules read is constant: the facts of such a *situation* form a small tuple, and the
engine's answer is memoised per distinct tuple (a few dozen on a national file). A month
cut by a boundary is split at the boundary, its hours prorated by calendar days of the
contract in that month (``docs/decisions/0022-heures-mensuelles-et-bornes-au-jour.md``).

Exact arithmetic, one rounding
------------------------------
Hours are :class:`~decimal.Decimal`; prorated parts are exact fractions. Totals are
rounded once, to the hundredth of an hour, half up (``0,005 h`` → ``0,01 h``): per person
and market for hours counted, per market and reason for hours excluded, per globalisation
group before it is allocated by largest remainder. Money (penalties) is rounded once, to
the cent, half up.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor, lcm
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from clauserules._version import __version__
from clauserules.core import _engine
from clauserules.core.dates import add_months, months_between
from clauserules.core.decision import Decision, SourceRef, sources_of
from clauserules.core.expr import FactValue, unknown_fields
from clauserules.core.rulebase import Rule
from clauserules.errors import FieldProblem, InvalidInputError, NoRulesInForceError, coerce_variant
from clauserules.ledger.model import (
    TWO_DECIMALS,
    Contrat,
    DemandeGlobalisation,
    HeuresTable,
    Marche,
    Parcours,
    PersonneParcours,
    gc_paused,
    parse_parcours,
)
from clauserules.rules import rulebase
from clauserules.rules.comptage import (
    CONTINUITE_MAX_MOIS,
    CONTRATS_CDD_OU_MAD,
    DEBUT_DEUXIEME_ANNEE_MOIS,
    DUREE_CDI_DEUXIEME_ANNEE_MOIS,
    DUREE_ELIGIBILITE_MOIS,
    DUREE_EXECUTION_LONGUE_MOIS,
    DUREE_SUPPLEMENTAIRE_MOIS,
    HEURES_MAX_PAR_MOIS,
    MOTIF_ORDER,
    TOPIC,
    TOPIC_MARCHE,
    Motif,
)
from clauserules.rules.globalisation import DEFAULT_CLE, TOPIC_REPARTITION
from clauserules.rules.globalisation import TOPIC as TOPIC_GLOBALISATION
from clauserules.vocabulaire import CleRepartition, GlobalisationCCAP, TypeContrat

__all__ = [
    "GlobalisationDecision",
    "Ledger",
    "MarcheLedger",
    "PersonneLedger",
    "RegleAppliquee",
    "allocate",
    "check_parcours",
    "count_hours",
    "export",
    "ledger_csv",
    "ledger_json",
    "ledger_text",
    "write_xlsx",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_HOURS = Decimal(HEURES_MAX_PAR_MOIS)
ROUNDING = "centième d'heure au plus proche (0,005 h vers le haut) ; centime pour les pénalités"
_OPEN = date.max.toordinal()
_SENTINEL = _OPEN + 1  # last boundary of every pair: after any day
_BAD = -(10**15)  # hundredths of a line whose hours are not on the 0.01 grid

# --------------------------------------------------------------------------------------
# Output models
# --------------------------------------------------------------------------------------


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class MarcheLedger(_Output):
    """The count of one market."""

    id: str
    maitre_ouvrage: str
    heures_dues: Decimal
    """Hours due by the CCAP."""
    heures_dues_retenues: Decimal
    """Hours due after proration (partial unemployment, economic redundancy)."""
    heures_travaillees: Decimal
    """Hours (work and training) declared on this market."""
    heures_comptees: Decimal
    """Hours that count for this market: direct + received by globalisation."""
    heures_comptees_directes: Decimal
    heures_globalisation_recues: Decimal
    """Hours allocated to this market by admissible globalisation requests."""
    heures_globalisation_reparties: Decimal
    """Counted hours worked on this market that were allocated by globalisation."""
    heures_exclues: dict[str, Decimal]
    """Hours that do not count, by reason (:class:`clauserules.rules.comptage.Motif`)."""
    ecart: Decimal
    """max(0, heures_dues_retenues − heures_comptees)."""
    excedent: Decimal
    """max(0, heures_comptees − heures_dues_retenues)."""
    penalite: Decimal | None
    """ecart × penalite_par_heure, to the cent; ``None`` when the CCAP sets no rate."""
    regles: tuple[str, ...]
    """Rules that decided hours of this market or its dues."""
    vigilance: tuple[str, ...]


class PersonneLedger(_Output):
    """The count of one person."""

    id: str
    eligibilite_validee: bool
    premiere_embauche: date | None
    """Start of the person's earliest contract."""
    fin_fenetre: date | None
    """First day after the 24 months (premiere_embauche + 24 months)."""
    dernier_jour_eligible: date | None
    """Last day of the 24 months, or the day before a review that ended eligibility."""
    fin_revue_annuelle: date | None
    heures_travaillees: Decimal
    heures_comptees: Decimal
    par_marche: dict[str, Decimal]
    """Hours counted per market (after globalisation)."""
    heures_exclues: dict[str, Decimal]


class GlobalisationDecision(Decision):
    """Admissibility of one globalisation request, and the allocation of its hours."""

    demande: str
    personne: str
    marches: tuple[str, ...]
    recevable: bool | None
    """``None`` when missing information leaves it undetermined (listed in ``missing``)."""
    conditions_non_remplies: tuple[str, ...]
    """Ids of the condition rules that did not fire."""
    cle: str | None
    """Allocation key used, when admissible."""
    heures_reparties: Decimal
    repartition: dict[str, Decimal]
    """Hours allocated to each market; they add up exactly to ``heures_reparties``."""


class RegleAppliquee(_Output):
    """A rule that decided something in the ledger, with its sources."""

    id: str
    title: str
    sources: tuple[SourceRef, ...]


class Ledger(_Output):
    """The hours ledger of a set of insertion paths."""

    marches: tuple[MarcheLedger, ...]
    personnes: tuple[PersonneLedger, ...]
    globalisation: tuple[GlobalisationDecision, ...]
    regles: tuple[RegleAppliquee, ...]
    """Every rule that fired, with its sources (the trace)."""
    cle_repartition: str
    arrondi: str
    lignes: int
    """Number of hours lines counted."""
    vigilance: tuple[str, ...]
    version: str = __version__

    def marche(self, id: str) -> MarcheLedger:
        """The count of market ``id``."""
        for item in self.marches:
            if item.id == id:
                return item
        raise KeyError(id)

    def personne(self, id: str) -> PersonneLedger:
        """The count of person ``id``."""
        for item in self.personnes:
            if item.id == id:
                return item
        raise KeyError(id)


# --------------------------------------------------------------------------------------
# Arithmetic
# --------------------------------------------------------------------------------------


def _round(value: Decimal | Fraction) -> Decimal:
    """Round a non-negative quantity to the hundredth, half up."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, ROUND_HALF_UP)
    cents = floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2).quantize(CENT)


LCM_DAYS = lcm(*range(1, 32))
"""Common denominator of every prorated part of a month (1 to 31 days): amounts are exact
integers in units of 1 / (100 × LCM_DAYS) hour."""
HOURS_RANGE = f"expected hours between 0 and {HEURES_MAX_PAR_MOIS} in a month"


def _hours(units: int) -> Decimal:
    """Exact units (1 / (100 × LCM_DAYS) h) to hours, rounded to 0.01 h half up."""
    cents = (2 * units + LCM_DAYS) // (2 * LCM_DAYS)
    return Decimal(cents).scaleb(-2).quantize(CENT)


def allocate(total: Decimal, weights: Sequence[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Split ``total`` (a multiple of 0.01) in proportion to ``weights``, by largest remainder.

    The parts are multiples of 0.01 and add up exactly to ``total``. Zero weights everywhere
    mean equal shares; ties of remainders go to the first id in alphabetical order.

    >>> allocate(Decimal("10.00"), [("a", Decimal(1)), ("b", Decimal(1)), ("c", Decimal(1))])
    {'a': Decimal('3.34'), 'b': Decimal('3.33'), 'c': Decimal('3.33')}
    """
    if not weights:
        return {}
    cents = int((total / CENT).to_integral_value())
    ws = [Fraction(w) for _, w in weights]
    whole = sum(ws)
    if whole == 0:
        ws = [Fraction(1)] * len(ws)
        whole = Fraction(len(ws))
    raw = [cents * w / whole for w in ws]
    parts = [floor(r) for r in raw]
    rest = cents - sum(parts)
    order = sorted(range(len(ws)), key=lambda i: (-(raw[i] - parts[i]), weights[i][0]))
    for i in order[:rest]:
        parts[i] += 1
    return {weights[i][0]: Decimal(parts[i]).scaleb(-2).quantize(CENT) for i in range(len(ws))}


# --------------------------------------------------------------------------------------
# Prepared inputs
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _M:
    marche: Marche
    e0: int
    e1: int
    exec24: int
    exec48: int
    long: bool


@dataclass(slots=True)
class _P:
    personne: PersonneParcours
    first: date | None = None
    win_end: int = _OPEN
    review_end: int | None = None
    months: dict[int, int] = field(default_factory=dict)
    """Hundredths of hours per month (first day's ordinal), all lines of the person."""


@dataclass(slots=True)
class _C:
    contrat: Contrat
    person_id: str
    type: str
    c0: int
    c1: int
    person: _P | None = None
    cdi_y2: bool = False
    continuite: bool = False
    cdi12_end: int | None = None
    pairs: dict[str, _Pair] = field(default_factory=dict)


@dataclass(slots=True)
class _Request:
    demande: DemandeGlobalisation
    targets: tuple[_M, ...]


@dataclass(slots=True)
class _Pair:
    person: _P
    contract: _C
    market: _M
    request: _Request | None
    bps: list[int]
    static: tuple[FactValue, ...]
    months: dict[int, int]
    """The person's hundredths of hours per month (shared with :class:`_P`)."""
    regions: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Dec:
    counted: bool
    motif: str | None
    fired: tuple[str, ...]


FACT_NAMES = (
    "nature_heures",
    "type_contrat",
    "personne_eligible",
    "dans_execution",
    "regle_24_mois_adoptee",
    "dans_fenetre_24_mois",
    "fin_par_revue_annuelle",
    "regle_cdi_deuxieme_annee_adoptee",
    "cdi_signe_deuxieme_annee",
    "continuite_cdd_ou_mad",
    "dans_12_mois_signature_cdi",
    "regle_marche_long_adoptee",
    "marche_plus_de_deux_ans",
    "embauche_avant_fin_deux_premieres_annees",
    "dans_annees_supplementaires_execution",
    "regle_heures_formation_adoptee",
)

_TABLE_RANK = {
    "marches": 0,
    "personnes": 1,
    "contrats": 2,
    "demandes_globalisation": 3,
    "heures": 4,
}


class _Problems:
    def __init__(self, parcours: Parcours) -> None:
        self.parcours = parcours
        self.items: list[tuple[int, int, int, FieldProblem]] = []

    def add(self, table: str, index: int, fld: str, message: str, found: object = None) -> None:
        shown = None if found is None else _show(found)
        self.items.append(
            (
                _TABLE_RANK[table],
                index,
                len(self.items),
                FieldProblem(self.parcours.locate(table, index, fld), message, shown),
            )
        )

    def sorted(self) -> list[FieldProblem]:
        return [p for *_, p in sorted(self.items, key=lambda t: t[:3])]


def _show(value: object) -> str:
    text = repr(str(value)) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _month(text: str) -> tuple[int, int, date] | None:
    """``AAAA-MM`` → (first day ordinal, last day ordinal, first day)."""
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return None
    year, month = int(text[:4]), int(text[5:])
    if not (1900 <= year <= 9998 and 1 <= month <= 12):
        return None
    first = date(year, month, 1)
    last = add_months(first, 1).toordinal() - 1
    return first.toordinal(), last, first


# --------------------------------------------------------------------------------------
# The counter
# --------------------------------------------------------------------------------------


class _Counter:
    def __init__(self, parcours: Parcours, cle: CleRepartition) -> None:
        self.parcours = parcours
        self.cle = cle
        self.problems = _Problems(parcours)
        self.base = rulebase()
        self.markets: dict[str, _M] = {}
        self.persons: dict[str, _P] = {}
        self.contracts: dict[str, _C] = {}
        self.requests: dict[tuple[str, str], _Request] = {}
        self.glob_decisions: list[GlobalisationDecision] = []
        self.decisions: list[_Dec] = []
        self.memo: dict[tuple[int, tuple[FactValue, ...]], int] = {}
        self.memo_both: dict[tuple[int, tuple[FactValue, ...]], tuple[int, int]] = {}
        self.rulesets: dict[tuple[tuple[str, date], ...], int] = {}
        self.ruleset_list: list[tuple[Rule, ...]] = []
        self.buckets: dict[tuple[Any, ...], int] = {}
        self.bucket_keys: list[tuple[Any, ...]] = []
        self.fired_rules: set[str] = set()
        self.acc_cents: list[int] = []
        self.acc_units: list[int] = []
        self.rule_index = {r.id: r for r in self.base.rules}
        self.rule_order = {rule_id: i for i, rule_id in enumerate(self.rule_index)}

    # --- tables -------------------------------------------------------------------------

    def prepare(self) -> None:
        p = self.problems
        parcours = self.parcours
        rejected = parcours._rejected
        for index, m in enumerate(parcours.marches):
            if m.id in self.markets:
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
            exec24 = add_months(m.debut_execution, DUREE_EXECUTION_LONGUE_MOIS)
            self.markets[m.id] = _M(
                m,
                m.debut_execution.toordinal(),
                m.fin_execution.toordinal(),
                exec24.toordinal(),
                add_months(exec24, DUREE_SUPPLEMENTAIRE_MOIS).toordinal(),
                m.fin_execution >= exec24,
            )
        for index, person in enumerate(parcours.personnes):
            if person.id in self.persons:
                p.add("personnes", index, "id", "duplicate person id", person.id)
                continue
            self.persons[person.id] = _P(person)
        by_person: dict[str, list[tuple[int, Contrat]]] = defaultdict(list)
        for index, c in enumerate(parcours.contrats):
            if c.id in self.contracts:
                p.add("contrats", index, "id", "duplicate contract id", c.id)
                continue
            if c.personne not in self.persons and c.personne not in rejected.get("personnes", ()):
                p.add(
                    "contrats",
                    index,
                    "personne",
                    "unknown person id (not in personnes)",
                    c.personne,
                )
            if c.fin is not None and c.fin < c.debut:
                p.add("contrats", index, "fin", f"must not be before debut {c.debut}", c.fin)
            self.contracts[c.id] = _C(
                c,
                c.personne,
                c.type,
                c.debut.toordinal(),
                c.fin.toordinal() if c.fin else _OPEN,
                self.persons.get(c.personne),
            )
            by_person[c.personne].append((index, c))
        for person_id, items in by_person.items():
            self._person_contracts(person_id, items)
        self._requests()

    def _person_contracts(self, person_id: str, items: list[tuple[int, Contrat]]) -> None:
        items.sort(key=lambda t: (t[1].debut, t[1].id))
        # overlapping contracts of one person with one employer
        by_employer: dict[str, list[tuple[int, Contrat]]] = defaultdict(list)
        for index, c in items:
            by_employer[c.employeur].append((index, c))
        for contracts in by_employer.values():
            latest: tuple[int, Contrat] | None = None
            for index, c in contracts:
                if latest is not None and (latest[1].fin is None or latest[1].fin >= c.debut):
                    self.problems.add(
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
        person = self.persons.get(person_id)
        if person is None:
            return
        first = items[0][1].debut
        person.first = first
        person.win_end = add_months(first, DUREE_ELIGIBILITE_MOIS).toordinal()
        ends = [r.date for r in person.personne.revue_annuelle if not r.maintien]
        if ends:
            person.review_end = min(ends).toordinal()
        year2 = add_months(first, DEBUT_DEUXIEME_ANNEE_MOIS)
        year3 = add_months(first, DUREE_ELIGIBILITE_MOIS)
        for _, c in items:
            if c.type is not TypeContrat.CDI:
                continue
            info = self.contracts[c.id]
            info.cdi_y2 = year2 <= c.debut < year3
            horizon = add_months(c.debut, -CONTINUITE_MAX_MOIS)
            info.continuite = any(
                o.type in CONTRATS_CDD_OU_MAD
                and o.debut < c.debut
                and (o.fin is None or o.fin >= horizon)
                for _, o in items
            )
            info.cdi12_end = add_months(c.debut, DUREE_CDI_DEUXIEME_ANNEE_MOIS).toordinal()

    # --- globalisation ------------------------------------------------------------------

    def _requests(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        ids: set[str] = set()
        for index, d in enumerate(self.parcours.demandes_globalisation):
            ok = True
            if d.id in ids:
                self.problems.add(
                    "demandes_globalisation", index, "id", "duplicate request id", d.id
                )
                ok = False
            ids.add(d.id)
            if d.personne not in self.persons:
                self.problems.add(
                    "demandes_globalisation",
                    index,
                    "personne",
                    "unknown person id (not in personnes)",
                    d.personne,
                )
                ok = False
            for market in d.marches:
                if market not in self.markets:
                    self.problems.add(
                        "demandes_globalisation",
                        index,
                        "marches",
                        "unknown market id (not in marches)",
                        market,
                    )
                    ok = False
                elif (d.personne, market) in seen:
                    self.problems.add(
                        "demandes_globalisation",
                        index,
                        "marches",
                        f"market already in request {seen[(d.personne, market)]} for this person",
                        market,
                    )
                    ok = False
                else:
                    seen[(d.personne, market)] = d.id
            if ok:
                self._decide_request(index, d)

    def _decide_request(self, index: int, d: DemandeGlobalisation) -> None:
        markets = [self.markets[m] for m in dict.fromkeys(d.marches)]
        variants = [m.marche.globalisation for m in markets]
        chosen = [v for v in variants if v is not GlobalisationCCAP.AUCUNE]
        variant = Counter(chosen).most_common(1)[0][0].value if chosen else None
        person = self.persons[d.personne]
        facts: dict[str, FactValue] = {
            "globalisation_prevue_ccap": bool(chosen)
            and len(chosen) == len(variants)
            and len(set(chosen)) == 1,
            "nb_marches": len(markets),
            "nb_marches_autre_titulaire": sum(
                1
                for m in markets
                if m.marche.titulaire is not None and m.marche.titulaire != d.entreprise
            ),
            "demandeur": d.demandeur.value,
            "demande_pendant_execution": all(
                d.date_demande <= m.marche.fin_execution for m in markets
            ),
            "nb_maitres_ouvrage_sans_accord": len(
                {m.marche.maitre_ouvrage for m in markets} - set(d.accords_maitres_ouvrage)
            ),
        }
        if d.destinataire is not None:
            facts["destinataire"] = d.destinataire.value
        for name in ("engagement_execution", "favorable_parcours"):
            value = getattr(d, name)
            if value is not None:
                facts[name] = value
        territories = [m.marche.territoire for m in markets]
        if all(t is not None for t in territories):
            facts["territoire_commun"] = len(set(territories)) == 1
        elif d.meme_territoire is not None:
            facts["territoire_commun"] = d.meme_territoire
        verified = d.eligibilite_verifiee
        facts["eligibilite_verifiee"] = (
            verified if verified is not None else person.personne.eligibilite.validee
        )
        prise = d.date_prise_poste or person.first
        if prise is not None:
            facts["demande_avant_prise_poste"] = d.date_demande <= prise
        rules = self.base.in_force(TOPIC_GLOBALISATION, d.date_demande, variant)
        if variant is not None and not any(r.variant == variant for r in rules):
            self.problems.add(
                "demandes_globalisation",
                index,
                "date_demande",
                f"the globalisation text {variant} is not in force on this date",
                d.date_demande,
            )
            return
        fired_ids = _engine.evaluate(rules, facts)
        failed = [r for r in rules if r.id not in fired_ids]
        missing = sorted({f for r in failed for f in unknown_fields(r.when, facts)})
        undetermined = [r for r in failed if unknown_fields(r.when, facts)]
        recevable: bool | None
        if not failed:
            recevable = True
        elif len(undetermined) == len(failed):
            recevable = None
        else:
            recevable = False
        fired = [r for r in rules if r.id in fired_ids]
        decisive = list(fired)
        cle: str | None = None
        if recevable:
            repartition = self.base.in_force(TOPIC_REPARTITION, d.date_demande)
            rep_ids = _engine.evaluate(repartition, {"demande_recevable": True})
            rep_rules = [r for r in repartition if r.id in rep_ids]
            decisive += rep_rules
            cle = self.cle.value
            if self.cle is CleRepartition.MONTANT:
                for m in markets:
                    if m.marche.montant is None:
                        position = self.parcours.marches.index(m.marche)
                        self.problems.add(
                            "marches",
                            position,
                            "montant",
                            f"required by the allocation key 'montant' (request {d.id})",
                        )
            request = _Request(d, tuple(markets))
            for m in markets:
                self.requests[(d.personne, m.marche.id)] = request
        self.fired_rules.update(r.id for r in decisive)
        self.glob_decisions.append(
            GlobalisationDecision(
                topic=TOPIC_GLOBALISATION,
                outcome="recevable"
                if recevable
                else "indetermine"
                if recevable is None
                else "non_recevable",
                at=d.date_demande,
                variant=variant,
                rules=tuple(r.id for r in decisive),
                evaluated=tuple(r.id for r in rules),
                sources=sources_of(decisive or rules),
                facts=facts,
                missing=tuple(missing),
                vigilance=tuple(v for r in decisive for v in r.vigilance),
                demande=d.id,
                personne=d.personne,
                marches=tuple(m.marche.id for m in markets),
                recevable=recevable,
                conditions_non_remplies=tuple(r.id for r in failed),
                cle=cle,
                heures_reparties=ZERO,
                repartition={},
            )
        )

    # --- situations -----------------------------------------------------------------------

    def _pair(self, person: _P, contract: _C, market: _M) -> _Pair:
        request = self.requests.get((person.personne.id, market.marche.id))
        points = {market.e0, market.e1 + 1, person.win_end, market.exec24, market.exec48}
        if person.review_end is not None:
            points.add(person.review_end)
        if contract.cdi12_end is not None:
            points.add(contract.cdi12_end)
        if request is not None:
            for t in request.targets:
                points.update((t.e0, t.e1 + 1))
        points.discard(_OPEN)
        bps = sorted(points)
        bps.append(_SENTINEL)
        regles = market.marche.regles
        cdi = contract.type == TypeContrat.CDI.value
        static: tuple[FactValue, ...] = (
            contract.type,
            person.personne.eligibilite.validee,
            regles.regle_24_mois,
            regles.cdi_deuxieme_annee,
            contract.cdi_y2,
            contract.continuite,
            regles.marche_long,
            market.long,
            cdi and contract.c0 < market.exec24,
            regles.heures_formation,
        )
        return _Pair(person, contract, market, request, bps, static, person.months)

    def _ruleset(self, first_day: date) -> int:
        rules = self.base.in_force(TOPIC, first_day)
        key = tuple(r.key for r in rules)
        found = self.rulesets.get(key)
        if found is None:
            found = len(self.ruleset_list)
            self.rulesets[key] = found
            self.ruleset_list.append(rules)
        return found

    def _region(self, pair: _Pair, region: int, ruleset: int) -> tuple[int, int]:
        """The buckets (work, training) of the days of ``pair`` in region ``region``."""
        bps = pair.bps
        day = bps[region - 1] if region > 0 else bps[0] - 1
        m = pair.market
        c = pair.contract
        person = pair.person
        typ, eligible, r24, rcdi, cdi_y2, continuite, rlong, long, embauche, rform = pair.static
        common: tuple[FactValue, ...] = (
            typ,
            eligible,
            m.e0 <= day <= m.e1,
            r24,
            day < person.win_end,
            person.review_end is not None and day >= person.review_end,
            rcdi,
            cdi_y2,
            continuite,
            c.cdi12_end is not None and day < c.cdi12_end,
            rlong,
            long,
            embauche,
            m.exec24 <= day < m.exec48,
            rform,
        )
        group: tuple[str, tuple[str, ...]] | None = None
        if pair.request is not None:
            covering = tuple(
                sorted(t.marche.id for t in pair.request.targets if t.e0 <= day <= t.e1)
            )
            group = (pair.request.demande.id, covering)
        pid, mid = person.personne.id, m.marche.id
        out = []
        both = self.memo_both.get((ruleset, common))
        if both is None:
            both = (
                self._decide(ruleset, ("travail", *common)),
                self._decide(ruleset, ("formation", *common)),
            )
            self.memo_both[(ruleset, common)] = both
        for index in both:
            dec = self.decisions[index]
            if not dec.counted:
                key: tuple[Any, ...] = ("x", pid, mid, dec.motif, index)
            elif group is not None:
                key = ("g", pid, mid, group, index)
            else:
                key = ("c", pid, mid, None, index)
            bucket = self.buckets.get(key)
            if bucket is None:
                bucket = len(self.bucket_keys)
                self.buckets[key] = bucket
                self.bucket_keys.append(key)
                self.acc_cents.append(0)
                self.acc_units.append(0)
            out.append(bucket)
        result = (out[0], out[1])
        pair.regions[region * 1000 + ruleset] = result
        return result

    def _decide(self, ruleset: int, values: tuple[FactValue, ...]) -> int:
        key = (ruleset, values)
        found = self.memo.get(key)
        if found is not None:
            return found
        rules = self.ruleset_list[ruleset]
        facts = dict(zip(FACT_NAMES, values, strict=True))
        fired_ids = _engine.evaluate(rules, facts)
        fired = [r for r in rules if r.id in fired_ids]
        motifs = [str(r.then["motif"]) for r in fired if r.then.get("effet") == "exclut"]
        if motifs:
            motif: str | None = min(motifs, key=lambda m: MOTIF_ORDER.index(Motif(m)))
        else:
            motif = None
            effects = {r.then.get("effet") for r in fired}
            if not {"periode", "nature"} <= effects:
                raise AssertionError(f"no counting rule decides the situation {facts}")
        dec = _Dec(motif is None, motif, tuple(r.id for r in fired))
        self.fired_rules.update(dec.fired)
        index = len(self.decisions)
        self.decisions.append(dec)
        self.memo[key] = index
        return index

    # --- the pass over the hours lines ----------------------------------------------------

    def _month_info(self, mois: str) -> tuple[int, int, int] | str:
        """(first day, last day, rule set) of a month, or the problem with it."""
        parsed = _month(mois)
        if parsed is None:
            return "expected a month AAAA-MM"
        try:
            return parsed[0], parsed[1], self._ruleset(parsed[2])
        except NoRulesInForceError as exc:
            return f"no counting rule is in force this month: {exc.message}"

    def _columns(self) -> tuple[list[str], list[str], list[str], list[str], list[int], list[int]]:
        """The hours lines as columns, hours in integer hundredths (checked on the 0.01 grid)."""
        lines = self.parcours.heures
        if isinstance(lines, HeuresTable):
            return lines.columns()
        columns: tuple[list[str], list[str], list[str], list[str], list[int], list[int]] = (
            [],
            [],
            [],
            [],
            [],
            [],
        )
        for index, line in enumerate(lines):
            cents: list[int] = []
            for name, raw in (("travail", line.travail), ("formation", line.formation)):
                hours = Decimal(raw)
                scaled = hours.scaleb(2) if hours.is_finite() else hours
                if not scaled.is_finite() or scaled != scaled.to_integral_value():
                    self.problems.add("heures", index, name, TWO_DECIMALS, hours)
                    cents.append(_BAD)
                else:
                    cents.append(int(scaled))
            for text_column, text in zip(columns[:4], line[:4], strict=True):
                text_column.append(str(text))
            columns[4].append(cents[0])
            columns[5].append(cents[1])
        return columns

    def run(self, progress: Callable[[int, int], None] | None = None) -> None:
        self.prepare()
        p = self.problems
        pids, cids, mids, moiss, trs, fos = self._columns()
        total = len(pids)
        persons, contracts, markets = self.persons, self.contracts, self.markets
        months: dict[str, tuple[int, int, int]] = {}
        cents = self.acc_cents
        units = self.acc_units
        max_cents = HEURES_MAX_PAR_MOIS * 100
        bisect_right = bisect.bisect_right
        live = {cid: c for cid, c in contracts.items() if c.person is not None}
        get_contract = live.get
        bad_months: dict[str, str] = {}
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
                    self._bad_hours(index, tr, fo)
                month = months.get(mois)
                if month is None:
                    info = bad_months.get(mois) or self._month_info(mois)
                    if isinstance(info, str):
                        bad_months[mois] = info
                        p.add("heures", index, "mois", info, mois)
                        continue
                    month = months[mois] = info
                contract = get_contract(cid)
                if contract is None or contract.person_id != pid:
                    self._unknown(index, pid, cid, mid, contracts.get(cid))
                    continue
                pair = contract.pairs.get(mid)
                if pair is None:
                    market = markets.get(mid)
                    if market is None:
                        if mid not in self.parcours._rejected.get("marches", ()):
                            p.add("heures", index, "marche", "unknown market id", mid)
                        continue
                    owner = contract.person
                    assert owner is not None  # live contracts have a known person
                    pair = self._pair(owner, contract, market)
                    contract.pairs[mid] = pair
                m0, m1, ruleset = month
                c0 = contract.c0
                c1 = contract.c1
                a = m0 if m0 > c0 else c0
                b = m1 if m1 < c1 else c1
                if a > b:
                    self._outside(index, contract, mois)
                    continue
                if bad:
                    continue
                totals = pair.months
                totals[m0] = totals.get(m0, 0) + tr + fo
                bps = pair.bps  # ends with a sentinel larger than any day
                region = bisect_right(bps, a)
                if bps[region] > b:
                    buckets = pair.regions.get(region * 1000 + ruleset) or self._region(
                        pair, region, ruleset
                    )
                    cents[buckets[0]] += tr
                    cents[buckets[1]] += fo
                    continue
                # a boundary cuts the month: prorate by calendar days of the contract in it
                days = b - a + 1
                scale = LCM_DAYS // days
                start = a
                while start <= b:
                    end = bps[region] if bps[region] <= b else b + 1
                    buckets = pair.regions.get(region * 1000 + ruleset) or self._region(
                        pair, region, ruleset
                    )
                    weight = (end - start) * scale
                    units[buckets[0]] += tr * weight
                    units[buckets[1]] += fo * weight
                    start = end
                    region += 1
        if progress is not None:
            progress(total, total)
        over = {
            (person.personne.id, month): hours
            for person in persons.values()
            for month, hours in person.months.items()
            if hours > max_cents
        }
        if over:
            for index, (pid, mois) in enumerate(zip(pids, moiss, strict=True)):
                found = months.get(mois)
                if found is not None and (pid, found[0]) in over:
                    hours = Decimal(over[(pid, found[0])]).scaleb(-2)
                    p.add(
                        "heures",
                        index,
                        "travail",
                        f"person {pid} has {hours} h in {mois} over all lines; at most "
                        f"{HEURES_MAX_PAR_MOIS} h in a month",
                        Decimal(trs[index]).scaleb(-2),
                    )

    def _outside(self, index: int, contract: _C, mois: str) -> None:
        c = contract.contrat
        self.problems.add(
            "heures",
            index,
            "mois",
            f"month outside contract {c.id} ({c.debut} to {c.fin or 'open'})",
            mois,
        )

    def _bad_hours(self, index: int, tr: int, fo: int) -> None:
        """Report hours out of bounds (those off the 0.01 grid are already reported)."""
        for name, value in (("travail", tr), ("formation", fo)):
            if not 0 <= value <= HEURES_MAX_PAR_MOIS * 100 and value != _BAD:
                self.problems.add("heures", index, name, HOURS_RANGE, Decimal(value).scaleb(-2))

    def _unknown(self, index: int, pid: str, cid: str, mid: str, contract: _C | None) -> None:
        """Report the unknown ids of a line whose contract is unknown or not the person's
        (ids of rows the reader already rejected are not reported again)."""
        p = self.problems
        rejected = self.parcours._rejected
        if contract is None and cid not in rejected.get("contrats", ()):
            p.add("heures", index, "contrat", "unknown contract id (not in contrats)", cid)
        if pid not in self.persons:
            if pid not in rejected.get("personnes", ()):
                p.add("heures", index, "personne", "unknown person id (not in personnes)", pid)
        elif contract is not None and contract.person_id != pid:
            p.add(
                "heures",
                index,
                "personne",
                f"contract {cid} belongs to person {contract.person_id}",
                pid,
            )
        if mid not in self.markets and mid not in rejected.get("marches", ()):
            p.add("heures", index, "marche", "unknown market id (not in marches)", mid)

    # --- results --------------------------------------------------------------------------

    def ledger(self) -> Ledger:
        # exact amounts in units of 1 / (100 × LCM_DAYS) hour: plain integers
        exact = [c * LCM_DAYS + u for c, u in zip(self.acc_cents, self.acc_units, strict=True)]
        counted: dict[tuple[str, str], int] = defaultdict(int)
        excl_market: dict[tuple[str, str], int] = defaultdict(int)
        excl_person: dict[tuple[str, str], int] = defaultdict(int)
        worked_market: dict[str, int] = defaultdict(int)
        worked_person: dict[str, int] = defaultdict(int)
        groups: dict[Any, int] = defaultdict(int)
        given: dict[str, int] = defaultdict(int)
        rules_market: dict[str, set[int]] = defaultdict(set)
        for bucket, key in enumerate(self.bucket_keys):
            value = exact[bucket]
            if not value:
                continue
            kind, pid, mid, extra, dec = key
            worked_market[mid] += value
            worked_person[pid] += value
            rules_market[mid].add(dec)
            if kind == "c":
                counted[(pid, mid)] += value
            elif kind == "g":
                groups[extra] += value
                given[mid] += value
            else:
                excl_market[(mid, extra)] += value
                excl_person[(pid, extra)] += value
        par_marche: dict[str, dict[str, Decimal]] = defaultdict(dict)
        direct: dict[str, Decimal] = defaultdict(lambda: ZERO)
        received: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for (pid, mid), value in counted.items():
            hours = _hours(value)
            par_marche[pid][mid] = par_marche[pid].get(mid, ZERO) + hours
            direct[mid] += hours
        allocations: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        request_of = {r.demande.id: r for r in self.requests.values()}
        for (request_id, covering), value in sorted(groups.items()):
            total = _hours(value)
            request = request_of[request_id]
            parts = allocate(total, [(mid, self._weight(self.markets[mid])) for mid in covering])
            pid = request.demande.personne
            for mid, hours in parts.items():
                par_marche[pid][mid] = par_marche[pid].get(mid, ZERO) + hours
                received[mid] += hours
                allocations[request_id][mid] += hours
        glob = tuple(
            g.model_copy(
                update={
                    "repartition": dict(sorted(allocations[g.demande].items())),
                    "heures_reparties": sum(allocations[g.demande].values(), ZERO),
                }
            )
            if g.recevable
            else g
            for g in self.glob_decisions
        )
        markets_out = [
            self._market(m, direct, received, given, excl_market, worked_market, rules_market)
            for m in self.markets.values()
        ]
        persons_out = []
        for person in self.persons.values():
            pid = person.personne.id
            excluded = {
                motif.value: _hours(excl_person[(pid, motif.value)])
                for motif in MOTIF_ORDER
                if (pid, motif.value) in excl_person
            }
            review = date.fromordinal(person.review_end) if person.review_end is not None else None
            fin = date.fromordinal(person.win_end) if person.first is not None else None
            last = None
            if fin is not None:
                last = date.fromordinal(min(person.win_end, person.review_end or _OPEN) - 1)
            shares = dict(sorted(par_marche.get(pid, {}).items()))
            persons_out.append(
                PersonneLedger(
                    id=pid,
                    eligibilite_validee=person.personne.eligibilite.validee,
                    premiere_embauche=person.first,
                    fin_fenetre=fin,
                    dernier_jour_eligible=last,
                    fin_revue_annuelle=review,
                    heures_travaillees=_hours(worked_person.get(pid, 0)),
                    heures_comptees=sum(shares.values(), ZERO),
                    par_marche=shares,
                    heures_exclues=excluded,
                )
            )
        applied = _unique_rules(self.base.rules, self.fired_rules)
        vigilance = dict.fromkeys(text for rule in applied for text in rule.vigilance)
        return Ledger(
            marches=tuple(markets_out),
            personnes=tuple(persons_out),
            globalisation=glob,
            regles=tuple(
                RegleAppliquee(id=r.id, title=r.title, sources=sources_of([r])) for r in applied
            ),
            cle_repartition=self.cle.value,
            arrondi=ROUNDING,
            lignes=len(self.parcours.heures),
            vigilance=tuple(vigilance),
        )

    def _weight(self, m: _M) -> Decimal:
        if self.cle is CleRepartition.HEURES_DUES:
            return m.marche.heures_dues
        if self.cle is CleRepartition.MONTANT:
            return m.marche.montant or ZERO
        return Decimal(1)

    def _market(
        self,
        m: _M,
        direct: Mapping[str, Decimal],
        received: Mapping[str, Decimal],
        given: Mapping[str, int],
        excl: Mapping[tuple[str, str], int],
        worked: Mapping[str, int],
        rules_market: Mapping[str, set[int]],
    ) -> MarcheLedger:
        marche = m.marche
        mid = marche.id
        fired: dict[str, None] = {}
        vigilance: dict[str, None] = {}
        decided = {r for dec in rules_market.get(mid, ()) for r in self.decisions[dec].fired}
        for rule_id in sorted(decided, key=self.rule_order.__getitem__):
            fired.setdefault(rule_id, None)
        due = _round(marche.heures_dues)
        counted = direct.get(mid, ZERO) + received.get(mid, ZERO)
        at = marche.debut_execution
        rules = self.base.in_force(TOPIC_MARCHE, at)
        facts: dict[str, FactValue] = {
            "heures_dues_connues": True,
            "periodes_difficulte": bool(marche.proratisation),
            "penalite_fixee": marche.penalite_par_heure is not None,
        }
        ids = _engine.evaluate(rules, facts)
        if "proratise" in {r.then.get("effet") for r in rules if r.id in ids}:
            due = _round(Fraction(due) * _prorata(marche))
        facts["ecart_positif"] = due > counted
        ids = _engine.evaluate(rules, facts)
        applied = [r for r in rules if r.id in ids]
        effects = {str(r.then.get("effet")) for r in applied}
        ecart = max(due - counted, ZERO) if "ecart" in effects else ZERO
        penalite = None
        if "penalite" in effects and marche.penalite_par_heure is not None:
            penalite = (ecart * marche.penalite_par_heure).quantize(CENT, ROUND_HALF_UP)
        for rule in applied:
            fired.setdefault(rule.id, None)
            self.fired_rules.add(rule.id)
        for rule_id in fired:
            rule = self.rule_index[rule_id]
            for text in rule.vigilance:
                vigilance.setdefault(text, None)
        excluded = {
            motif.value: _hours(excl[(mid, motif.value)])
            for motif in MOTIF_ORDER
            if (mid, motif.value) in excl
        }
        return MarcheLedger(
            id=mid,
            maitre_ouvrage=marche.maitre_ouvrage,
            heures_dues=_round(marche.heures_dues),
            heures_dues_retenues=due,
            heures_travaillees=_hours(worked.get(mid, 0)),
            heures_comptees=counted,
            heures_comptees_directes=direct.get(mid, ZERO),
            heures_globalisation_recues=received.get(mid, ZERO),
            heures_globalisation_reparties=_hours(given.get(mid, 0)),
            heures_exclues=excluded,
            ecart=ecart,
            excedent=max(counted - due, ZERO),
            penalite=penalite,
            regles=tuple(fired),
            vigilance=tuple(vigilance),
        )


def _prorata(marche: Marche) -> Fraction:
    """Share of the execution not neutralised by periods of economic difficulty."""
    start = marche.debut_execution
    stop = date.fromordinal(marche.fin_execution.toordinal() + 1)
    whole = months_between(start, stop)
    if whole == 0:
        return Fraction(1)
    spans = sorted(
        (max(p.debut, start), min(date.fromordinal(p.fin.toordinal() + 1), stop))
        for p in marche.proratisation
    )
    merged: list[list[date]] = []
    for a, b in spans:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    neutralised = sum((months_between(a, b) for a, b in merged), Fraction(0))
    return max(whole - neutralised, Fraction(0)) / whole


def _unique_rules(rules: Iterable[Rule], ids: set[str]) -> list[Rule]:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in ids and rule.id not in seen:
            seen[rule.id] = rule
    return list(seen.values())


def _coerce_cle(cle: str | CleRepartition) -> CleRepartition:
    return coerce_variant(CleRepartition, cle, "allocation key")


def check_parcours(parcours: Parcours) -> list[FieldProblem]:
    """Every value problem of ``parcours`` (unknown ids, overlapping contracts, hours out of
    bounds or outside their contract, more than 744 h in a month...), in table order."""
    counter = _Counter(parcours, DEFAULT_CLE)
    with gc_paused():
        counter.run()
    return counter.problems.sorted()


def count_hours(
    parcours: Parcours | Mapping[str, Any],
    *,
    cle: str | CleRepartition = DEFAULT_CLE,
    progress: Callable[[int, int], None] | None = None,
) -> Ledger:
    """Count the insertion hours of ``parcours`` per market and per person.

    Args:
        parcours: a :class:`~clauserules.ledger.model.Parcours` (see
            :func:`~clauserules.ledger.model.read_parcours`) or a mapping of its tables.
        cle: allocation key of globalised hours « à due proportion »: ``heures_dues``
            (default), ``montant`` or ``parts_egales``.
        progress: called with ``(lines done, lines)`` every 50,000 lines.

    Raises:
        InvalidInputError: one error listing every offending row and field.
        UnknownVariantError: unknown allocation key.
        NoRulesInForceError: no globalisation rule in force at the date of a request.
    """
    key = _coerce_cle(cle)
    parcours = parse_parcours(parcours) if not isinstance(parcours, Parcours) else parcours
    counter = _Counter(parcours, key)
    with gc_paused():
        counter.run(progress)
        if counter.problems.items:
            raise InvalidInputError(counter.problems.sorted(), subject="parcours")
        return counter.ledger()


# --------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    """The JSON object of a ledger (decimals as strings, dates ISO)."""
    return ledger.model_dump(mode="json")


MARCHE_COLUMNS = (
    "id",
    "maitre_ouvrage",
    "heures_dues",
    "heures_dues_retenues",
    "heures_travaillees",
    "heures_comptees",
    "heures_comptees_directes",
    "heures_globalisation_recues",
    "heures_globalisation_reparties",
    *(f"exclues_{m.value}" for m in MOTIF_ORDER),
    "ecart",
    "excedent",
    "penalite",
    "regles",
)
PERSONNE_COLUMNS = (
    "id",
    "eligibilite_validee",
    "premiere_embauche",
    "fin_fenetre",
    "dernier_jour_eligible",
    "fin_revue_annuelle",
    "heures_travaillees",
    "heures_comptees",
    "par_marche",
    *(f"exclues_{m.value}" for m in MOTIF_ORDER),
)
GLOBALISATION_COLUMNS = (
    "demande",
    "personne",
    "variante",
    "recevable",
    "conditions_non_remplies",
    "manquant",
    "cle",
    "heures_reparties",
    "repartition",
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def ledger_tables(ledger: Ledger) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    """The ledger as three flat tables (header, rows): marches, personnes, globalisation."""
    marches = [
        [
            m.id,
            m.maitre_ouvrage,
            m.heures_dues,
            m.heures_dues_retenues,
            m.heures_travaillees,
            m.heures_comptees,
            m.heures_comptees_directes,
            m.heures_globalisation_recues,
            m.heures_globalisation_reparties,
            *(m.heures_exclues.get(motif.value, ZERO) for motif in MOTIF_ORDER),
            m.ecart,
            m.excedent,
            m.penalite,
            ";".join(m.regles),
        ]
        for m in ledger.marches
    ]
    personnes = [
        [
            p.id,
            p.eligibilite_validee,
            p.premiere_embauche,
            p.fin_fenetre,
            p.dernier_jour_eligible,
            p.fin_revue_annuelle,
            p.heures_travaillees,
            p.heures_comptees,
            ";".join(f"{k}={v}" for k, v in p.par_marche.items()),
            *(p.heures_exclues.get(motif.value, ZERO) for motif in MOTIF_ORDER),
        ]
        for p in ledger.personnes
    ]
    globalisation = [
        [
            g.demande,
            g.personne,
            g.variant,
            g.recevable,
            ";".join(g.conditions_non_remplies),
            ";".join(g.missing),
            g.cle,
            g.heures_reparties,
            ";".join(f"{k}={v}" for k, v in g.repartition.items()),
        ]
        for g in ledger.globalisation
    ]
    return {
        "marches": (MARCHE_COLUMNS, [[_cell(v) for v in row] for row in marches]),
        "personnes": (PERSONNE_COLUMNS, [[_cell(v) for v in row] for row in personnes]),
        "globalisation": (
            GLOBALISATION_COLUMNS,
            [[_cell(v) for v in row] for row in globalisation],
        ),
    }


def ledger_csv(ledger: Ledger, table: str = "marches") -> str:
    """One table of the ledger as CSV text (``,`` separated, header row)."""
    header, rows = ledger_tables(ledger)[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _fr(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return text


def ledger_text(ledger: Ledger, *, limit: int = 50) -> str:
    """A French summary of the ledger (at most ``limit`` markets and requests listed)."""
    due = sum((m.heures_dues_retenues for m in ledger.marches), ZERO)
    counted = sum((m.heures_comptees for m in ledger.marches), ZERO)
    ecart = sum((m.ecart for m in ledger.marches), ZERO)
    penalties = [m.penalite for m in ledger.marches if m.penalite is not None]
    lines = [
        f"Décompte des heures d'insertion — {len(ledger.marches)} marché(s), "
        f"{len(ledger.personnes)} personne(s), {ledger.lignes} ligne(s) d'heures",
        f"  Heures dues (après proratisation) : {_fr(due)} h",
        f"  Heures comptées : {_fr(counted)} h",
        f"  Écart total : {_fr(ecart)} h",
    ]
    if penalties:
        lines.append(f"  Pénalités : {_fr(sum(penalties, ZERO))} €")
    excluded: dict[str, Decimal] = defaultdict(Decimal)
    for m in ledger.marches:
        for motif, hours in m.heures_exclues.items():
            excluded[motif] += hours
    if excluded:
        lines.append("  Heures non comptées :")
        for motif in MOTIF_ORDER:
            if motif.value in excluded:
                lines.append(f"    - {motif.label} : {_fr(excluded[motif.value])} h")
    lines.append("")
    lines.append("Marchés :")
    for m in ledger.marches[:limit]:
        penalty = f", pénalité {_fr(m.penalite)} €" if m.penalite is not None else ""
        lines.append(
            f"  {m.id} ({m.maitre_ouvrage}) : dues {_fr(m.heures_dues_retenues)} h, comptées "
            f"{_fr(m.heures_comptees)} h, écart {_fr(m.ecart)} h{penalty}"
        )
    if len(ledger.marches) > limit:
        lines.append(f"  … et {len(ledger.marches) - limit} autre(s) marché(s)")
    if ledger.globalisation:
        lines.append("")
        lines.append("Demandes de globalisation :")
        for g in ledger.globalisation[:limit]:
            if g.recevable:
                parts = ", ".join(f"{k} {_fr(v)} h" for k, v in g.repartition.items())
                lines.append(f"  {g.demande} ({g.personne}) : recevable ({g.variant}) ; {parts}")
            else:
                state = "indéterminée" if g.recevable is None else "non recevable"
                failed = ", ".join(g.conditions_non_remplies)
                lines.append(
                    f"  {g.demande} ({g.personne}) : {state} — conditions non remplies : {failed}"
                )
        if len(ledger.globalisation) > limit:
            lines.append(f"  … et {len(ledger.globalisation) - limit} autre(s) demande(s)")
    if ledger.vigilance:
        lines.append("")
        lines.append("Points de vigilance :")
        lines.extend(f"  - {v}" for v in ledger.vigilance)
    lines.append("")
    lines.append(f"Arrondi : {ledger.arrondi}. Clé de répartition : {ledger.cle_repartition}.")
    lines.append("Règles appliquées :")
    for rule in ledger.regles:
        cites = "; ".join(s.citation for s in rule.sources)
        lines.append(f"  - {rule.id} : {rule.title} [{cites}]")
    return "\n".join(lines) + "\n"


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same directory, then rename it over ``path``."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_xlsx(ledger: Ledger, path: str | Path) -> None:
    """Write the ledger as an XLSX workbook (sheets marches, personnes, globalisation, regles)."""
    import openpyxl

    tables = ledger_tables(ledger)

    def write(target: Path) -> None:
        workbook = openpyxl.Workbook(write_only=True)
        for name, (header, rows) in tables.items():
            sheet = workbook.create_sheet(name)
            sheet.append(list(header))
            for row in rows:
                sheet.append(row)
        sheet = workbook.create_sheet("regles")
        sheet.append(["id", "titre", "sources"])
        for rule in ledger.regles:
            sheet.append([rule.id, rule.title, "; ".join(s.citation for s in rule.sources)])
        workbook.save(target)

    _atomic_write(Path(path), write)


def export(ledger: Ledger, fmt: str, out: str | Path | None) -> str | None:
    """Render ``ledger`` as ``json``, ``csv``, ``xlsx`` or ``text``.

    With ``out``, write atomically there and return ``None`` (for ``csv``, ``out`` is a
    directory that receives marches.csv, personnes.csv and globalisation.csv); without, return
    the text (``csv``: the marches table). ``xlsx`` needs ``out``.
    """
    if fmt == "xlsx":
        if out is None:
            raise ValueError("the xlsx format needs an output path")
        write_xlsx(ledger, out)
        return None
    if fmt == "csv" and out is not None:
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        texts = {
            f"{t}.csv": ledger_csv(ledger, t) for t in ("marches", "personnes", "globalisation")
        }
        for name, content in texts.items():
            _atomic_write(directory / name, _text_writer(content))
        return None
    if fmt == "json":
        text = json.dumps(ledger_json(ledger), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = ledger_csv(ledger, "marches")
    elif fmt == "text":
        text = ledger_text(ledger)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if out is None:
        return text
    _atomic_write(Path(out), _text_writer(text))
    return None


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write
