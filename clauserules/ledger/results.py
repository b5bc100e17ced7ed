"""From buckets of exact hours to the ledger: hours counted and excluded per marche and per
personne, globalised hours allocated, dues prorated, shortfall and penalty
(``docs/decisions/0025-ecart-penalite-proratisation.md``).

Exact arithmetic, one rounding: totals are rounded once, to the hundredth of an hour, half
up (``0,005 h`` → ``0,01 h``): per personne and marche for hours counted, per marche and
motif for hours excluded, per globalisation group before it is allocated by largest
remainder. Money (penalties) is rounded once, to the cent, half up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from typing import Literal, NamedTuple

from clauserules.core.dates import months_between
from clauserules.core.decide import decide
from clauserules.core.decision import sources_of
from clauserules.core.expr import FactValue
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.ledger.checks import Prepared
from clauserules.ledger.counting import LCM_DAYS
from clauserules.ledger.globalisation import allocate, weight
from clauserules.ledger.model import Marche
from clauserules.ledger.output import (
    CENT,
    ROUNDING,
    ZERO,
    GlobalisationDecision,
    HeuresMois,
    Ledger,
    MarcheLedger,
    PersonneLedger,
    RegleAppliquee,
)
from clauserules.ledger.situations import BucketKind, Situations
from clauserules.ledger.window import OPEN, MarcheIndex
from clauserules.rules.comptage import MOTIF_ORDER, TOPIC_MARCHE
from clauserules.vocabulaire import CleRepartition

__all__ = ["build_ledger", "prorata"]


def _round(value: Decimal | Fraction) -> Decimal:
    """Round a non-negative quantity to the hundredth, half up."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, ROUND_HALF_UP)
    cents = floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2).quantize(CENT)


def _hours(units: int) -> Decimal:
    """Exact units (1 / (100 × LCM_DAYS) h) to hours, rounded to 0.01 h half up."""
    cents = (2 * units + LCM_DAYS) // (2 * LCM_DAYS)
    return Decimal(cents).scaleb(-2).quantize(CENT)


@dataclass(slots=True)
class _Totals:
    """Exact amounts (units of 1 / (100 × LCM_DAYS) h) summed from the buckets."""

    counted: dict[tuple[str, str], int]
    excl_marche: dict[tuple[str, str], int]
    excl_personne: dict[tuple[str, str], int]
    worked_marche: dict[str, int]
    worked_personne: dict[str, int]
    groups: dict[tuple[str, tuple[str, ...]], int]
    given: dict[str, int]
    decisions_marche: dict[str, set[int]]


def _totals(situations: Situations) -> _Totals:
    t = _Totals(
        counted=defaultdict(int),
        excl_marche=defaultdict(int),
        excl_personne=defaultdict(int),
        worked_marche=defaultdict(int),
        worked_personne=defaultdict(int),
        groups=defaultdict(int),
        given=defaultdict(int),
        decisions_marche=defaultdict(set),
    )
    for bucket, value in situations.buckets.items():
        if not value:
            continue
        pid, mid = bucket.personne, bucket.marche
        t.worked_marche[mid] += value
        t.worked_personne[pid] += value
        t.decisions_marche[mid].add(bucket.decision)
        if bucket.kind is BucketKind.COUNTED:
            t.counted[(pid, mid)] += value
        elif bucket.kind is BucketKind.GLOBALISED:
            assert bucket.groupe is not None
            t.groups[bucket.groupe] += value
            t.given[mid] += value
        else:
            assert bucket.motif is not None
            t.excl_marche[(mid, bucket.motif)] += value
            t.excl_personne[(pid, bucket.motif)] += value
    return t


def build_ledger(
    prepared: Prepared,
    situations: Situations,
    globalisation: list[GlobalisationDecision],
    fired: set[str],
    base: RuleBase,
    cle: CleRepartition,
    *,
    at: date | None = None,
    ordered: Mapping[str, Decimal] | None = None,
) -> Ledger:
    """The ledger of the decided buckets; ``fired`` collects every rule that decided.

    ``at``: the count date (dues pro rata of the elapsed execution, or of the orders to
    date); ``ordered``: the amount ordered per market (to ``at``) for the framework
    agreements à bons de commande."""
    t = _totals(situations)
    par_marche: dict[str, dict[str, Decimal]] = defaultdict(dict)
    direct: dict[str, Decimal] = defaultdict(lambda: ZERO)
    received: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (pid, mid), value in t.counted.items():
        hours = _hours(value)
        par_marche[pid][mid] = par_marche[pid].get(mid, ZERO) + hours
        direct[mid] += hours
    allocations: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    demande_of = {v.demande.demande.id: v.demande.demande for v in prepared.demandes}
    for (demande_id, covering), value in sorted(t.groups.items()):
        total = _hours(value)
        parts = allocate(total, [(mid, weight(prepared.marches[mid], cle)) for mid in covering])
        pid = demande_of[demande_id].personne
        for mid, hours in parts.items():
            par_marche[pid][mid] = par_marche[pid].get(mid, ZERO) + hours
            received[mid] += hours
            allocations[demande_id][mid] += hours
    glob = tuple(
        g.model_copy(
            update={
                "repartition": dict(sorted(allocations[g.demande].items())),
                "heures_reparties": sum(allocations[g.demande].values(), ZERO),
            }
        )
        if g.recevable
        else g
        for g in globalisation
    )
    rule_index = {r.id: r for r in base.rules}
    rule_order = {rule_id: i for i, rule_id in enumerate(rule_index)}
    marches_out = [
        _marche(
            m,
            direct,
            received,
            t,
            situations,
            fired,
            base,
            rule_order,
            rule_index,
            _Dues(at, ordered or {}),
        )
        for m in prepared.marches.values()
    ]
    personnes_out = []
    for personne in prepared.personnes.values():
        pid = personne.personne.id
        excluded = {
            motif.value: _hours(t.excl_personne[(pid, motif.value)])
            for motif in MOTIF_ORDER
            if (pid, motif.value) in t.excl_personne
        }
        review = date.fromordinal(personne.fin_revue) if personne.fin_revue is not None else None
        fin = (
            date.fromordinal(personne.fin_fenetre)
            if personne.premiere_embauche is not None
            else None
        )
        last = None
        if fin is not None:
            last = date.fromordinal(min(personne.fin_fenetre, personne.fin_revue or OPEN) - 1)
        shares = dict(sorted(par_marche.get(pid, {}).items()))
        personnes_out.append(
            PersonneLedger(
                id=pid,
                eligibilite_validee=personne.personne.eligibilite.validee,
                premiere_embauche=personne.premiere_embauche,
                fin_fenetre=fin,
                dernier_jour_eligible=last,
                fin_revue_annuelle=review,
                heures_travaillees=_hours(t.worked_personne.get(pid, 0)),
                heures_comptees=sum(shares.values(), ZERO),
                par_marche=shares,
                heures_exclues=excluded,
            )
        )
    applied = _unique_rules(base.rules, fired)
    vigilance = dict.fromkeys(text for rule in applied for text in rule.vigilance)
    return Ledger(
        marches=tuple(marches_out),
        personnes=tuple(personnes_out),
        globalisation=glob,
        regles=tuple(
            RegleAppliquee(id=r.id, title=r.title, sources=sources_of([r])) for r in applied
        ),
        cle_repartition=cle.value,
        arrondi=ROUNDING,
        lignes=prepared.lignes,
        vigilance=tuple(vigilance),
        au=at,
        heures_par_mois=tuple(
            HeuresMois(mois=date.fromordinal(m).strftime("%Y-%m"), heures_comptees=_hours(u))
            for m, u in sorted(situations.par_mois.items())
        ),
    )


def _marche(
    m: MarcheIndex,
    direct: Mapping[str, Decimal],
    received: Mapping[str, Decimal],
    t: _Totals,
    situations: Situations,
    fired_all: set[str],
    base: RuleBase,
    rule_order: Mapping[str, int],
    rule_index: Mapping[str, Rule],
    dues: _Dues,
) -> MarcheLedger:
    """Dues (prorated, to the count date), shortfall and penalty of one marche."""
    marche = m.marche
    mid = marche.id
    fired: dict[str, None] = {}
    vigilance: dict[str, None] = {}
    decided = {
        r for index in t.decisions_marche.get(mid, ()) for r in situations.decisions[index].fired
    }
    for rule_id in sorted(decided, key=rule_order.__getitem__):
        fired.setdefault(rule_id, None)
    due, methode, montant, part, statut = dues.of(marche)
    counted = direct.get(mid, ZERO) + received.get(mid, ZERO)
    rules = base.in_force(TOPIC_MARCHE, marche.debut_execution)
    facts: dict[str, FactValue] = {
        "heures_dues_connues": True,
        "periodes_difficulte": bool(marche.proratisation),
        "penalite_fixee": marche.penalite_par_heure is not None,
    }
    if "proratise" in {r.then.get("effet") for r in decide(rules, facts).fired}:
        due = _round(Fraction(due) * prorata(marche))
    facts["ecart_positif"] = due > counted
    applied = decide(rules, facts).fired
    effects = {str(r.then.get("effet")) for r in applied}
    ecart = max(due - counted, ZERO) if "ecart" in effects else ZERO
    penalite = None
    if "penalite" in effects and marche.penalite_par_heure is not None:
        penalite = (ecart * marche.penalite_par_heure).quantize(CENT, ROUND_HALF_UP)
    for rule in applied:
        fired.setdefault(rule.id, None)
        fired_all.add(rule.id)
    for rule_id in fired:
        for text in rule_index[rule_id].vigilance:
            vigilance.setdefault(text, None)
    excluded = {
        motif.value: _hours(t.excl_marche[(mid, motif.value)])
        for motif in MOTIF_ORDER
        if (mid, motif.value) in t.excl_marche
    }
    return MarcheLedger(
        id=mid,
        maitre_ouvrage=marche.maitre_ouvrage,
        heures_dues=_round(marche.heures_dues),
        heures_dues_retenues=due,
        heures_travaillees=_hours(t.worked_marche.get(mid, 0)),
        heures_comptees=counted,
        heures_comptees_directes=direct.get(mid, ZERO),
        heures_globalisation_recues=received.get(mid, ZERO),
        heures_globalisation_reparties=_hours(t.given.get(mid, 0)),
        heures_exclues=excluded,
        ecart=ecart,
        excedent=max(counted - due, ZERO),
        penalite=penalite,
        regles=tuple(fired),
        vigilance=tuple(vigilance),
        statut=statut,
        methode_dues=methode,
        montant_commande_ht=montant,
        part_execution=part,
    )


class _Dues(NamedTuple):
    """The hours due of a market to the count date ``at`` (ADR 0067)."""

    at: date | None
    ordered: Mapping[str, Decimal]

    def of(
        self, marche: Marche
    ) -> tuple[
        Decimal,
        Literal["ccap", "commandes"],
        Decimal | None,
        Decimal | None,
        Literal["definitif", "provisoire"] | None,
    ]:
        """(due, method, amount ordered, elapsed share, status) of ``marche``."""
        statut: Literal["definitif", "provisoire"] | None = None
        part: Fraction | None = None
        if self.at is not None:
            # calendar months, as the proration of ADR 0025 (``dates.months_between``)
            start = marche.debut_execution
            stop = date.fromordinal(marche.fin_execution.toordinal() + 1)
            upto = min(max(date.fromordinal(self.at.toordinal() + 1), start), stop)
            whole = months_between(start, stop)
            part = months_between(start, upto) / whole if whole else Fraction(1)
            statut = "definitif" if self.at >= marche.fin_execution else "provisoire"
        shown = None if part is None else Decimal(part.numerator) / Decimal(part.denominator)
        shown = None if shown is None else shown.quantize(Decimal("0.0001"), ROUND_HALF_UP)
        if marche.euros_par_heure is not None:
            amount = self.ordered.get(marche.id, ZERO).quantize(CENT, ROUND_HALF_UP)
            due = _round(Fraction(amount) / Fraction(marche.euros_par_heure))
            return due, "commandes", amount, shown, statut
        due = _round(marche.heures_dues)
        if part is not None and part < 1:
            due = _round(Fraction(due) * part)
        return due, "ccap", None, shown, statut


def prorata(marche: Marche) -> Fraction:
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
