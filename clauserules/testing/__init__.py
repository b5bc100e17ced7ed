"""Hypothesis strategies for people who test their use of clauserules.

Installed with the ``test`` extra (``pip install clauserules[test]``). The strategies are
built **constructively** from the rule base, never by filtering:

* :func:`personnes` draws persons; ``eligibles_selon=`` draws persons that meet one
  criterion of a referential at a date (a witness of one rule's condition);
  ``ineligibles_selon=`` draws persons that meet none, with every fact the rules read
  known, so the decision is ``eligible is False`` (no rule has a negation, so making every
  elementary condition false makes every rule false);
* :func:`dates_charnieres` draws the dates where things change: regime changes of the
  rule base, month ends, 29 February, and the day before each;
* :func:`montants` draws amounts as :class:`~decimal.Decimal` with cents;
* :func:`consultations` draws consultations whose estimated value sits on a European
  threshold (exactly reached, or one euro below) and whose launch date is often a regime
  boundary (or the day before): every one plans without error;
* :func:`parcours` draws insertion paths (markets, persons, contracts, monthly hours,
  globalisation requests) that pass validation: every one counts without error.

``st.from_type(Personne)``, ``st.from_type(Consultation)`` and ``st.from_type(Parcours)``
work once this module is imported (or automatically through hypothesis's entry point when
the package is installed).

Example::

    from datetime import date
    from hypothesis import given
    from clauserules import assess_eligibility
    from clauserules.testing import personnes

    AT = date(2026, 11, 22)

    @given(personnes(eligibles_selon="ave-2014", at=AT))
    def test_my_import_keeps_eligible_people(p):
        assert assess_eligibility(p, at=AT, referential="ave-2014").eligible is True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import Any

from hypothesis import strategies as st

from clauserules.core.dates import add_months, add_years
from clauserules.core.expr import All, AnyOf, Cmp, Contains, Expr, evaluate
from clauserules.core.expr import Any as AnyExpr
from clauserules.core.rulebase import Rule
from clauserules.eligibility.model import Personne
from clauserules.errors import NoRulesInForceError
from clauserules.ledger.model import LigneHeures, Parcours
from clauserules.plan.model import Consultation
from clauserules.rules import articles as _articles
from clauserules.rules import rulebase
from clauserules.rules import seuils as _seuils
from clauserules.rules.comptage import HEURES_MAX_PAR_MOIS
from clauserules.rules.globalisation import TOPIC as _TOPIC_GLOBALISATION
from clauserules.rules.publics import TOPIC
from clauserules.vocabulaire import (
    Allocation,
    CategorieSeuil,
    Contrat,
    Critere,
    FinancementAnru,
    MotifException,
    NatureAchat,
    OrganismeAvis,
    PriseEnCharge,
    Referentiel,
    TypeAcheteur,
    TypeContrat,
    TypeInstrument,
)

__all__ = [
    "DATES_REGIMES",
    "consultations",
    "dates_charnieres",
    "montants",
    "parcours",
    "personnes",
]

# Domains of the facts of the ``publics`` rules (bounds of the generated values).
AGE = (16, 70)
MOIS_INSCRIPTION = (0, 120)
MOIS_SORTIE = (0, 240)
CATEGORIES = (1, 2, 3, 4, 5)
NIVEAUX = tuple(range(1, 9))
BOOLEANS = (
    "ayant_droit_rsa",
    "obligation_emploi",
    "orientation_milieu_ordinaire",
    "residence_qpv",
    "inscrit_ft",
)
LISTS: dict[str, tuple[str, ...]] = {
    "allocations": tuple(a.value for a in Allocation),
    "prise_en_charge": tuple(p.value for p in PriseEnCharge),
}
AVIS = ("aucun", *(o.value for o in OrganismeAvis))
INTS: dict[str, tuple[int, int]] = {
    "age": AGE,
    "mois_inscription_ft": MOIS_INSCRIPTION,
    "mois_depuis_sortie_formation": MOIS_SORTIE,
    "categorie_ft": (1, 5),
    "niveau_qualification": (1, 8),
}


@dataclass
class _Constraints:
    """What a set of facts must satisfy: int intervals, required list items, fixed values."""

    ints: dict[str, tuple[int, int]] = field(default_factory=dict)
    items: dict[str, set[str]] = field(default_factory=dict)
    values: dict[str, set[Any]] = field(default_factory=dict)

    def merge(self, other: _Constraints) -> _Constraints:
        merged = _Constraints(
            dict(self.ints),
            {k: set(v) for k, v in self.items.items()},
            {k: set(v) for k, v in self.values.items()},
        )
        for name, (lo, hi) in other.ints.items():
            old_lo, old_hi = merged.ints.get(name, INTS[name])
            merged.ints[name] = (max(lo, old_lo), min(hi, old_hi))
        for name, required in other.items.items():
            merged.items.setdefault(name, set()).update(required)
        for name, allowed in other.values.items():
            merged.values[name] = (
                merged.values[name] & allowed if name in merged.values else set(allowed)
            )
        return merged


def _interval(atom: Cmp) -> tuple[int, int]:
    lo, hi = INTS[atom.field]
    value = int(atom.value)
    if atom.op == "<":
        return lo, min(hi, value - 1)
    if atom.op == "<=":
        return lo, min(hi, value)
    if atom.op == ">":
        return max(lo, value + 1), hi
    if atom.op == ">=":
        return max(lo, value), hi
    return value, value


@st.composite
def _witness(draw: st.DrawFn, expr: Expr) -> _Constraints:
    """Constraints under which ``expr`` is true (one branch of each ``Any``)."""
    if isinstance(expr, Cmp):
        if expr.field in INTS:
            return _Constraints(ints={expr.field: _interval(expr)})
        return _Constraints(values={expr.field: {expr.value}})
    if isinstance(expr, AnyOf):
        return _Constraints(values={expr.field: {draw(st.sampled_from(expr.values))}})
    if isinstance(expr, Contains):
        return _Constraints(items={expr.field: {draw(st.sampled_from(expr.values))}})
    if isinstance(expr, All):
        result = _Constraints()
        for item in expr.items:
            result = result.merge(draw(_witness(item)))
        return result
    assert isinstance(expr, AnyExpr)
    return draw(_witness(draw(st.sampled_from(expr.items))))


def _atoms(expr: Expr) -> Iterable[Expr]:
    if isinstance(expr, All | AnyExpr):
        for item in expr.items:
            yield from _atoms(item)
    else:
        yield expr


def _falsifier(rules: Sequence[Rule]) -> _Constraints:
    """Fact values that make every elementary condition of ``rules`` false."""
    atoms = [a for rule in rules for a in _atoms(rule.when)]
    result = _Constraints()
    for name, (lo, hi) in INTS.items():
        on_fact = [a for a in atoms if isinstance(a, Cmp) and a.field == name]
        allowed = [v for v in range(lo, hi + 1) if not any(_holds(a, v) for a in on_fact)]
        one_of = [a for a in atoms if isinstance(a, AnyOf) and a.field == name]
        allowed = [v for v in allowed if not any(v in a.values for a in one_of)]
        result.values[name] = set(allowed)
    for name in BOOLEANS:
        result.values[name] = {False}
    for name, domain in LISTS.items():
        banned = {v for a in atoms if isinstance(a, Contains) and a.field == name for v in a.values}
        result.values[name] = {v for v in domain if v not in banned}
    banned_avis = {
        v
        for a in atoms
        if isinstance(a, AnyOf | Cmp) and a.field == "avis_organisme"
        for v in (a.values if isinstance(a, AnyOf) else (a.value,))
    }
    result.values["avis_organisme"] = {v for v in AVIS if v not in banned_avis}
    return result


def _holds(atom: Cmp, value: int) -> bool:
    lo, hi = _interval(atom)
    return lo <= value <= hi


def _rules(referential: str, at: date) -> tuple[Rule, ...]:
    return rulebase().in_force(TOPIC, at, Referentiel(referential).value)


# --------------------------------------------------------------------------------------
# From facts back to a Personne
# --------------------------------------------------------------------------------------


@st.composite
def _date_with_whole_years(draw: st.DrawFn, years: int, at: date) -> date:
    latest = add_years(at, -years)  # the birthday itself: exactly ``years`` old
    earliest = add_years(at, -(years + 1)) + timedelta(days=1)
    return draw(st.dates(min_value=earliest, max_value=latest))


@st.composite
def _date_with_whole_months(draw: st.DrawFn, months: int, at: date) -> date:
    latest = add_months(at, -months)
    earliest = add_months(at, -(months + 1)) + timedelta(days=1)
    return draw(st.dates(min_value=earliest, max_value=latest))


@st.composite
def _int_in(draw: st.DrawFn, name: str, constraints: _Constraints) -> int | None:
    if name in constraints.values:
        options = sorted(v for v in constraints.values[name] if isinstance(v, int))
        return draw(st.sampled_from(options)) if options else None
    lo, hi = constraints.ints.get(name, INTS[name])
    return draw(st.integers(lo, hi))


@st.composite
def _personne_from(
    draw: st.DrawFn, constraints: _Constraints, at: date, *, complete: bool
) -> Personne:
    """A Personne whose derived facts at ``at`` meet ``constraints``.

    With ``complete=False`` the facts no constraint mentions may be absent or take any
    value; with ``complete=True`` every fact is present (the values of ``constraints``
    are then the only ones allowed).
    """
    mentioned = set(constraints.ints) | set(constraints.items) | set(constraints.values)

    def present(name: str) -> bool:
        return complete or name in mentioned or draw(st.booleans())

    data: dict[str, Any] = {"id": draw(st.from_regex(r"p[0-9]{1,6}", fullmatch=True))}
    age = draw(_int_in("age", constraints)) if present("age") else None
    if age is not None:
        data["date_naissance"] = draw(_date_with_whole_years(age, at))
    # Registration: inscrit_ft decides whether the other registration facts exist.
    inscrit_values = constraints.values.get("inscrit_ft")
    if inscrit_values == {False}:
        data["inscription_france_travail"] = False
    elif (
        inscrit_values == {True}
        or "mois_inscription_ft" in constraints.ints
        or (present("inscrit_ft") and draw(st.booleans()))
    ):
        months = draw(_int_in("mois_inscription_ft", constraints))
        if age is not None and months is not None:
            months = min(months, max(0, age * 12 - 1))
        inscription: dict[str, Any] = {"depuis": draw(_date_with_whole_months(months or 0, at))}
        categorie = draw(_int_in("categorie_ft", constraints)) if present("categorie_ft") else None
        if categorie is not None:
            inscription["categorie"] = categorie
        data["inscription_france_travail"] = inscription
    elif present("inscrit_ft"):
        data["inscription_france_travail"] = False
    for name, domain in LISTS.items():
        if not present(name):
            continue
        required = constraints.items.get(name, set())
        allowed = sorted(constraints.values.get(name, set(domain)) | required)
        extra = draw(st.lists(st.sampled_from(allowed), unique=True, max_size=3)) if allowed else []
        data[name] = sorted(required | set(extra))
    for name in BOOLEANS:
        if name == "inscrit_ft" or not present(name):
            continue
        options = sorted(constraints.values.get(name, {True, False}))
        data[name] = draw(st.sampled_from(options))
    if present("niveau_qualification"):
        niveau = draw(_int_in("niveau_qualification", constraints))
        if niveau is not None:
            data["niveau_qualification"] = niveau
    if present("mois_depuis_sortie_formation"):
        months = draw(_int_in("mois_depuis_sortie_formation", constraints))
        if months is not None:
            if age is not None:
                months = min(months, max(0, age * 12 - 1))
            data["sortie_formation_initiale"] = draw(_date_with_whole_months(months, at))
    avis_options = sorted(constraints.values.get("avis_organisme", set(AVIS)))
    organisme = draw(st.sampled_from(avis_options)) if avis_options else "aucun"
    if organisme != "aucun":
        earliest = max(date(1990, 1, 1), data.get("date_naissance", date(1990, 1, 1)))
        data["avis_motive"] = {"organisme": organisme, "date": draw(st.dates(earliest, at))}
    return Personne.model_validate(data)


def personnes(
    *,
    at: date | None = None,
    eligibles_selon: str | None = None,
    ineligibles_selon: str | None = None,
) -> st.SearchStrategy[Personne]:
    """Persons, optionally eligible (or not) under a referential at ``at``.

    Args:
        at: evaluation date (required with ``eligibles_selon`` / ``ineligibles_selon``;
            otherwise dates are drawn up to it, by default up to 2026-12-31).
        eligibles_selon: a referential (``ave-2014``...): every person drawn meets at least
            one of its criteria at ``at``.
        ineligibles_selon: a referential: every person drawn meets none of its criteria
            and every fact its rules read is known, so the decision is ``False``.
    """
    if eligibles_selon and ineligibles_selon:
        raise ValueError("give eligibles_selon or ineligibles_selon, not both")
    if (eligibles_selon or ineligibles_selon) and at is None:
        raise ValueError("eligibles_selon and ineligibles_selon need the evaluation date at=")
    if eligibles_selon:
        rules = _rules(eligibles_selon, at)  # type: ignore[arg-type]
        return st.sampled_from(rules).flatmap(
            lambda rule: _witness(rule.when).flatmap(
                lambda c: _personne_from(c, at, complete=False)  # type: ignore[arg-type]
            )
        )
    if ineligibles_selon:
        falsifier = _falsifier(_rules(ineligibles_selon, at))  # type: ignore[arg-type]
        return _personne_from(falsifier, at, complete=True)  # type: ignore[arg-type]
    horizon = at or date(2026, 12, 31)
    return st.dates(date(2000, 1, 1), horizon).flatmap(
        lambda day: _personne_from(_Constraints(), day, complete=False)
    )


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


def montants(
    *, min_value: Decimal = Decimal("0"), max_value: Decimal = Decimal("100000000")
) -> st.SearchStrategy[Decimal]:
    """Amounts in euros excluding tax, with cents, as :class:`~decimal.Decimal`."""
    return st.decimals(
        min_value=min_value, max_value=max_value, places=2, allow_nan=False, allow_infinity=False
    )


# --------------------------------------------------------------------------------------
# Consultations
# --------------------------------------------------------------------------------------

DATES_REGIMES: tuple[date, ...] = (
    _articles.ENTREE_ORDONNANCES,
    _articles.ENTREE_CCP,
    _articles.LOI_ASAP_EFFET,
    _articles.RESERVATION_DETENUS,
    _articles.OBLIGATION_SOCIALE,
)
"""Dates where the law of insertion clauses changes for a consultation: ordinance
n° 2015-899 (2016-04-01), public procurement code (2019-04-01), ASAP law (2020-12-09),
reservation for employers of detainees (2022-10-20), mandatory social execution condition
(2026-08-21). :func:`consultations` draws each of them, and the day before, often."""

_LAST_DAY = date(2030, 12, 31)
_PLAN_TOPICS = (
    _articles.TOPIC,
    _articles.TOPIC_SPASER,
    _seuils.TOPIC,
    "recommandations",
    "heures.anru",
)
_TEXTS = (
    "Rénovation de la salle des fêtes",
    "Entretien des espaces verts",
    "Nettoyage des locaux — lot « vitrerie »",
    "Gros œuvre",
    'Fournitures & <matériel> "scolaire"',
    "École Jean-Jaurès",
    "Ville d'Aubervilliers",
    "Communauté d'agglomération",
    "Restauration collective 🍽",
    "שירותים",
)
_SPASER_SEUILS = (
    Decimal(_articles.SPASER_50M) / 100,
    Decimal(_articles.SPASER_100M) / 100,
)


def _texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """French texts, often plain, sometimes any printable Unicode (no control character:
    those are refused by the document generator, with an error naming the field)."""
    alphabet = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")
    return st.one_of(st.sampled_from(_TEXTS), st.text(alphabet, min_size=1, max_size=max_size))


def _coverage_start(contrat: str) -> date:
    return rulebase().versions(f"articles.regime.{contrat}")[0].validity.start


@cache
def _launch_dates() -> tuple[date, ...]:
    """Regime boundaries, starts and ends of the rules a plan reads, starts of threshold
    periods — and the day before each — within the coverage (computed once)."""
    base = rulebase()
    days: set[date] = set(DATES_REGIMES)
    for topic in _PLAN_TOPICS:
        for rule in base.of_topic(topic):
            days.update(d for d in (rule.validity.start, rule.validity.end) if d)
    for parameter in _seuils.SEUILS.values():
        days.update(p.validity.start for p in parameter.periods)
    days.update({d - timedelta(days=1) for d in days})
    start = _coverage_start(Contrat.MARCHE.value)
    return tuple(sorted(d for d in days if start <= d <= _LAST_DAY))


def _seuil_europeen(day: date, facts: dict[str, Any]) -> Decimal | None:
    """The European threshold of the consultation's category at ``day`` (``None`` before
    the first tabulated period), chosen by the ``seuils`` rules."""
    try:
        rules = rulebase().in_force(_seuils.TOPIC, day)
    except NoRulesInForceError:  # before the first tabulated threshold
        return None
    fired = [r for r in rules if evaluate(r.when, facts) is True]
    if len(fired) != 1:
        return None
    period = _seuils.seuil(CategorieSeuil(str(fired[0].then["categorie"])), day)
    return period.value if period is not None else None


def _fractions() -> st.SearchStrategy[Decimal]:
    return st.one_of(
        st.sampled_from(
            [Decimal("0"), Decimal("0.05"), Decimal("0.1"), Decimal("0.5"), Decimal(1)]
        ),
        st.decimals(min_value=0, max_value=1, places=3),
    )


@st.composite
def _lot(draw: st.DrawFn, lot_id: str, montant: Decimal) -> dict[str, Any]:
    data: dict[str, Any] = {"id": lot_id, "intitule": draw(_texts()), "montant_estime_ht": montant}
    if draw(st.booleans()):
        data["part_main_oeuvre"] = draw(_fractions())
    if draw(st.booleans()):
        data["cout_horaire"] = draw(st.decimals(min_value=10, max_value=120, places=2))
    method = draw(st.sampled_from(["defaut", "taux", "ratio"]))
    if method == "taux":
        data["taux_insertion"] = draw(_fractions())
    elif method == "ratio":
        data["euros_par_heure"] = draw(st.decimals(min_value=1, max_value=2000, places=2))
    preferences = draw(st.lists(st.sampled_from(list(TypeInstrument)), unique=True, max_size=3))
    data["preferences"] = tuple(preferences)
    if TypeInstrument.CRITERE_ATTRIBUTION in preferences and draw(st.booleans()):
        data["poids_critere"] = draw(st.decimals(min_value=Decimal("0.01"), max_value=1, places=2))
    if draw(st.integers(0, 4)) == 0:
        data["exception_obligation_sociale"] = {
            "motif": draw(st.sampled_from(list(MotifException))),
            "justification": draw(_texts(200)),
        }
    return data


def _split(draw: st.DrawFn, total_cents: int, parts: int) -> list[Decimal]:
    """``parts`` amounts with cents adding up exactly to ``total_cents``."""
    cuts = sorted(
        draw(st.lists(st.integers(0, total_cents), min_size=parts - 1, max_size=parts - 1))
    )
    bounds = [0, *cuts, total_cents]
    return [Decimal(b - a).scaleb(-2) for a, b in pairwise(bounds)]


@st.composite
def _consultation(
    draw: st.DrawFn, day: date | None, seuil: str | None, max_lots: int
) -> Consultation:
    if day is None:
        earliest = _seuils.COVERAGE.start if seuil else _coverage_start(Contrat.MARCHE.value)
        near = [d for r in DATES_REGIMES for d in (r - timedelta(days=1), r) if d >= earliest]
        pool = [d for d in _launch_dates() if d >= earliest]
        day = draw(
            st.one_of(st.sampled_from(near), st.sampled_from(pool), st.dates(earliest, _LAST_DAY))
        )
    contrats = [c for c in Contrat if _coverage_start(c.value) <= day]
    facts: dict[str, Any] = {
        "contrat": draw(st.sampled_from(contrats)).value,
        "nature": draw(st.sampled_from(list(NatureAchat))).value,
        "type_acheteur": draw(st.sampled_from(list(TypeAcheteur))).value,
        "defense_securite": draw(st.booleans()),
        "services_sociaux_specifiques": draw(st.booleans()),
    }
    threshold = _seuil_europeen(day, facts)
    if seuil is not None and threshold is None:  # pragma: no cover - one category always fires
        raise AssertionError(f"no European threshold on {day} for {facts}")
    mode = seuil or draw(
        st.sampled_from(["atteint", "juste_sous", "libre"] if threshold is not None else ["libre"])
    )
    if mode == "libre" or threshold is None:
        target = draw(montants(max_value=Decimal(20_000_000)))
    elif mode == "atteint":
        target = threshold
    else:
        target = threshold - 1
    target_cents = int(target * 100)
    explicit = draw(st.booleans())
    lots_cents = draw(st.integers(0, target_cents)) if explicit else target_cents
    count = draw(st.integers(1, max_lots))
    prefix = draw(st.sampled_from(["", "L", "lot-"]))
    lots = [
        draw(_lot(f"{prefix}{index + 1}", amount))
        for index, amount in enumerate(_split(draw, lots_cents, count))
    ]
    acheteur: dict[str, Any] = {"nom": draw(_texts()), "type": facts["type_acheteur"]}
    achats = draw(
        st.one_of(
            st.none(),
            st.sampled_from(_SPASER_SEUILS),
            st.sampled_from(_SPASER_SEUILS).map(lambda s: s + Decimal("0.01")),
            montants(max_value=Decimal(500_000_000)),
        )
    )
    if achats is not None:
        acheteur["achats_annuels_ht"] = achats
    data: dict[str, Any] = {
        **facts,
        "acheteur": acheteur,
        "objet": draw(_texts(120)),
        "date_lancement": day,
        "duree_mois": draw(st.one_of(st.sampled_from([12, 24, 36, 48, 60]), st.integers(1, 1200))),
        "financement_anru": draw(st.sampled_from(list(FinancementAnru))).value,
        "referentiel_publics": draw(st.sampled_from(list(Referentiel))).value,
        "publics_prioritaires": tuple(
            draw(st.lists(st.sampled_from(list(Critere)), unique=True, max_size=3))
        ),
        "lots": lots,
    }
    del data["type_acheteur"]
    if explicit:
        data["valeur_estimee_ht"] = target
    if draw(st.booleans()):
        facilitateur: dict[str, Any] = {
            "nom": draw(_texts()),
            "consentement_publication": draw(st.booleans()),
        }
        if draw(st.booleans()):
            facilitateur["contact"] = draw(_texts())
        data["facilitateur"] = facilitateur
    return Consultation.model_validate(data)


def consultations(
    *,
    date_lancement: date | None = None,
    seuil: str | None = None,
    max_lots: int = 4,
) -> st.SearchStrategy[Consultation]:
    """Valid consultations, around the European thresholds and the regime boundaries.

    The estimated value of the whole contract is, by default, either **exactly** the
    European threshold of the consultation's category at its launch date, or **one euro
    below**, or a free amount; it is given as ``valeur_estimee_ht`` (the lots then add up
    to some part of it) or is the sum of the lots (split to the cent). The launch date is
    often one of :data:`DATES_REGIMES` or the day before, often another date where a rule,
    a parameter or a threshold changes (or the day before), otherwise any date of the
    coverage (2006-09-01, concessions 2016-04-01) to 2030-12-31. Lot ids are unique;
    texts never hold a control character. Every consultation drawn plans without error
    (:func:`~clauserules.plan.plan_consultation`) and renders into documents that open in
    Word (:func:`~clauserules.documents.service.generate_documents`).

    Args:
        date_lancement: a fixed launch date (on or after 2006-09-01).
        seuil: ``"atteint"`` (the value equals the threshold) or ``"juste_sous"`` (one euro
            below); the launch date is then on or after the first tabulated threshold
            (2016-01-01).
        max_lots: at most this many lots (1 to 500).
    """
    if seuil not in (None, "atteint", "juste_sous"):
        raise ValueError("seuil is 'atteint', 'juste_sous' or None")
    if not 1 <= max_lots <= 500:
        raise ValueError("max_lots must be between 1 and 500")
    if date_lancement is not None:
        earliest = _seuils.COVERAGE.start if seuil else _coverage_start(Contrat.MARCHE.value)
        if date_lancement < earliest:
            raise ValueError(f"date_lancement must be on or after {earliest.isoformat()}")
    return _consultation(date_lancement, seuil, max_lots)


# --------------------------------------------------------------------------------------
# Insertion paths (parcours)
# --------------------------------------------------------------------------------------

_PARCOURS_LAST_START = date(2028, 12, 31)


def _parcours_start() -> date:
    """First day of the first month in which the counting rules are in force (hours,
    markets, allocation)."""
    base = rulebase()
    start = max(
        base.coverage(topic)[0]
        for topic in ("comptage", "comptage.marche", "globalisation.repartition")
    )
    return start if start.day == 1 else add_months(start.replace(day=1), 1)


def _variant_start(variant: str) -> date:
    return min(
        r.validity.start for r in rulebase().of_topic(_TOPIC_GLOBALISATION) if r.variant == variant
    )


def _cents_to_hours(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _days(draw: st.DrawFn, low: int, high: int) -> timedelta:
    return timedelta(days=draw(st.integers(low, high)))


@st.composite
def _marche(draw: st.DrawFn, index: int, origin: date, count: int) -> dict[str, Any]:
    debut = origin + _days(draw, 0, 365)
    months = draw(st.one_of(st.sampled_from([1, 12, 24, 25, 48]), st.integers(1, 60)))
    fin = add_months(debut, months) - timedelta(days=1)
    data: dict[str, Any] = {
        "id": f"m{index}",
        "maitre_ouvrage": f"mo{draw(st.integers(0, max(0, count - 1)))}",
        "debut_execution": debut,
        "fin_execution": fin,
        "heures_dues": draw(st.decimals(min_value=0, max_value=5000, places=2)),
        "montant": draw(st.decimals(min_value=1, max_value=10_000_000, places=2)),
        "regles": {
            name: draw(st.booleans())
            for name in ("regle_24_mois", "cdi_deuxieme_annee", "marche_long", "heures_formation")
        },
        "globalisation": draw(st.sampled_from(["aucune", "ave-2014", "igas-2016"])),
    }
    territoire = draw(st.sampled_from([None, "t1", "t2"]))
    if territoire is not None:
        data["territoire"] = territoire
    titulaire = draw(st.sampled_from([None, "e0", "e1"]))
    if titulaire is not None:
        data["titulaire"] = titulaire
    if draw(st.booleans()):
        data["penalite_par_heure"] = draw(st.decimals(min_value=0, max_value=100, places=2))
    periods = []
    for _ in range(draw(st.integers(0, 2))):
        start = debut + _days(draw, 0, 400)
        periods.append(
            {
                "debut": start,
                "fin": start + _days(draw, 0, 200),
                "motif": draw(st.sampled_from(["chomage_partiel", "licenciement_economique"])),
            }
        )
    data["proratisation"] = periods
    return data


def _months(first: date, last: date) -> list[str]:
    """``AAAA-MM`` of every month from ``first`` to ``last`` (days included)."""
    out = []
    month = date(first.year, first.month, 1)
    while month <= last:
        out.append(f"{month.year:04d}-{month.month:02d}")
        month = add_months(month, 1)
    return out


def _maitres_ouvrage(markets: Sequence[dict[str, Any]], chosen: Sequence[int]) -> list[str]:
    return sorted({markets[m]["maitre_ouvrage"] for m in chosen})


@st.composite
def _any_request(
    draw: st.DrawFn,
    rid: str,
    pid: str,
    free: Sequence[int],
    markets: Sequence[dict[str, Any]],
    first_hire: dict[str, date],
    start: date,
) -> dict[str, Any]:
    """A globalisation request of any outcome, dated when the texts of its markets are in
    force."""
    chosen = draw(st.lists(st.sampled_from(free), unique=True, min_size=1, max_size=3))
    texts = {markets[m]["globalisation"] for m in chosen} - {"aucune"}
    earliest = max([start, *(_variant_start(v) for v in texts)])
    latest = max(earliest, *(markets[m]["fin_execution"] for m in chosen))
    request: dict[str, Any] = {
        "id": rid,
        "entreprise": draw(st.sampled_from(["e0", "e1"])),
        "marches": tuple(f"m{m}" for m in chosen),
        "personne": pid,
        "date_demande": draw(
            st.one_of(st.dates(earliest, latest), st.just(max(earliest, first_hire[pid])))
        ),
        "accords_maitres_ouvrage": tuple(
            sorted(draw(st.lists(st.sampled_from(_maitres_ouvrage(markets, chosen)), unique=True)))
        ),
        "demandeur": draw(st.sampled_from(["entreprise", "facilitateur"])),
    }
    for name in (
        "meme_territoire",
        "favorable_parcours",
        "eligibilite_verifiee",
        "engagement_execution",
    ):
        value = draw(st.sampled_from([None, True, False]))
        if value is not None:
            request[name] = value
    destinataire = draw(st.sampled_from([None, "facilitateur", "maitre_ouvrage"]))
    if destinataire is not None:
        request["destinataire"] = destinataire
    if draw(st.booleans()):
        request["date_prise_poste"] = first_hire[pid]
    return request


@st.composite
def _admissible_request(
    draw: st.DrawFn,
    rid: str,
    pid: str,
    free: Sequence[int],
    markets: list[dict[str, Any]],
    dated: dict[int, list[date]],
    start: date,
) -> dict[str, Any]:
    """A globalisation request that meets every condition of its text: two markets or
    more whose CCAP (rewritten here) adopt the same text, same contractor and territory,
    every maître d'ouvrage agrees, made during execution and before the hiring.

    The markets' text is only set to one already in force at the date of every other
    request on them, so the requests drawn before stay valid."""
    chosen = draw(st.lists(st.sampled_from(free), unique=True, min_size=2, max_size=3))
    last_day = min(markets[m]["fin_execution"] for m in chosen)
    others = [day for m in chosen for day in dated[m]]
    variants = [
        v
        for v in ("ave-2014", "igas-2016")
        if _variant_start(v) <= last_day and all(_variant_start(v) <= d for d in others)
    ]
    variant = draw(st.sampled_from(variants))  # ave-2014 is in force from the start
    entreprise = draw(st.sampled_from(["e0", "e1"]))
    territoire = draw(st.sampled_from(["t1", "t2"]))
    for m in chosen:
        markets[m] = {
            **markets[m],
            "globalisation": variant,
            "titulaire": entreprise,
            "territoire": territoire,
        }
    day = draw(st.dates(max(start, _variant_start(variant)), last_day))
    request: dict[str, Any] = {
        "id": rid,
        "entreprise": entreprise,
        "marches": tuple(f"m{m}" for m in chosen),
        "personne": pid,
        "date_demande": day,
        "date_prise_poste": day + _days(draw, 0, 60),
        "accords_maitres_ouvrage": tuple(_maitres_ouvrage(markets, chosen)),
        "favorable_parcours": True,
        "eligibilite_verifiee": True,
        "engagement_execution": True,
    }
    if variant == "ave-2014":
        request.update(demandeur="entreprise", destinataire="facilitateur")
    else:
        request.update(
            demandeur=draw(st.sampled_from(["entreprise", "facilitateur"])),
            destinataire="maitre_ouvrage",
        )
    return request


@st.composite
def _parcours(
    draw: st.DrawFn, max_marches: int, max_personnes: int, max_contrats: int, demandes: bool
) -> Parcours:
    start = _parcours_start()
    origin = draw(dates_charnieres(min_value=start, max_value=_PARCOURS_LAST_START))
    market_count = draw(st.integers(1, max_marches))
    markets = [draw(_marche(i, origin, market_count)) for i in range(market_count)]
    persons: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    lines: list[LigneHeures] = []
    first_hire: dict[str, date] = {}
    budget_cents = HEURES_MAX_PAR_MOIS * 100
    for p in range(draw(st.integers(1, max_personnes))):
        pid = f"p{p}"
        begin = origin + _days(draw, 0, 400)
        first_hire[pid] = begin
        eligibilite: dict[str, Any] = {"validee": draw(st.booleans())}
        if draw(st.booleans()):
            eligibilite["date"] = begin - _days(draw, 0, 60)
            eligibilite["referentiel"] = draw(st.sampled_from(list(Referentiel))).value
        reviews = [
            {
                "date": add_months(begin, 12 * (k + 1)) + _days(draw, -30, 30),
                "maintien": draw(st.booleans()),
            }
            for k in range(draw(st.integers(0, 2)))
        ]
        persons.append({"id": pid, "eligibilite": eligibilite, "revue_annuelle": reviews})
        remaining: dict[str, int] = {}  # hours left in each month for this person
        latest_end = begin - timedelta(days=1)
        count = draw(st.integers(1, max_contrats))
        for k in range(count):
            kind = draw(st.sampled_from(list(TypeContrat)))
            if k == 0 or draw(st.booleans()):
                # after every earlier contract: any employer may hire again
                debut = latest_end + _days(draw, 1, 90) if k else begin
                employer = draw(st.sampled_from(["e0", "e1"]))
            else:
                # overlapping an earlier contract: an employer of its own, so never the same
                debut = begin + _days(draw, 0, max(0, (latest_end - begin).days))
                employer = f"e{p}-{k}"
            months = draw(st.one_of(st.sampled_from([1, 6, 12, 24]), st.integers(1, 30)))
            open_ended = k == count - 1 and kind is TypeContrat.CDI and draw(st.booleans())
            fin = None if open_ended else add_months(debut, months) - timedelta(days=1)
            cid = f"c{p}-{k}"
            contracts.append(
                {
                    "id": cid,
                    "personne": pid,
                    "employeur": employer,
                    "type": kind.value,
                    "debut": debut,
                    "fin": fin,
                }
            )
            last = fin if fin is not None else add_months(debut, months)
            latest_end = max(latest_end, last)
            calendar = _months(debut, last)
            chosen = draw(st.lists(st.integers(0, len(calendar) - 1), unique=True, max_size=8))
            for position in sorted(chosen):
                mois = calendar[position]
                on = draw(
                    st.lists(st.integers(0, market_count - 1), unique=True, min_size=1, max_size=2)
                )
                for market in on:
                    left = remaining.get(mois, budget_cents)
                    travail = draw(st.one_of(st.integers(0, min(left, 20_000)), st.just(left)))
                    formation = draw(st.one_of(st.just(0), st.integers(0, left - travail)))
                    remaining[mois] = left - travail - formation
                    lines.append(
                        LigneHeures(
                            pid,
                            cid,
                            f"m{market}",
                            mois,
                            _cents_to_hours(travail),
                            _cents_to_hours(formation),
                        )
                    )
    requests: list[dict[str, Any]] = []
    if demandes:
        used: set[tuple[str, int]] = set()
        dated: dict[int, list[date]] = {m: [] for m in range(market_count)}
        for g in range(draw(st.integers(0, 3))):
            pid = draw(st.sampled_from([person["id"] for person in persons]))
            free = [m for m in range(market_count) if (pid, m) not in used]
            if not free:
                continue
            if len(free) >= 2 and draw(st.booleans()):
                request = draw(_admissible_request(f"g{g}", pid, free, markets, dated, start))
            else:
                request = draw(_any_request(f"g{g}", pid, free, markets, first_hire, start))
            chosen = [int(m[1:]) for m in request["marches"]]
            used.update((pid, m) for m in chosen)
            for m in chosen:
                dated[m].append(request["date_demande"])
            requests.append(request)
    return Parcours.model_validate(
        {
            "marches": markets,
            "personnes": persons,
            "contrats": contracts,
            "heures": tuple(lines),
            "demandes_globalisation": requests,
        }
    )


def parcours(
    *,
    max_marches: int = 4,
    max_personnes: int = 4,
    max_contrats: int = 3,
    demandes_globalisation: bool = True,
) -> st.SearchStrategy[Parcours]:
    """Valid insertion paths: markets, persons, their contracts, monthly hours lines and
    globalisation requests, dated from the start of the counting rules (2014-12-01).

    Built so that validation passes (:func:`clauserules.ledger.check_parcours` finds no
    problem and :func:`~clauserules.ledger.count_hours` counts them with every allocation
    key): unique ids; executions, contracts and periods that end after they start;
    contracts of one person with one employer that never overlap (an overlapping contract
    gets an employer of its own); hours lines in months the contract covers, each between
    0 and 744 h on the 0.01 h grid, at most 744 h for a person in a month over all lines
    (sometimes exactly); every market has an amount; a person's market is in at most one
    request, dated when the globalisation texts of its markets are in force. Hours may
    fall outside a market's execution or a person's 24 months: the ledger excludes them,
    with their reason.

    Args:
        max_marches: at most this many markets (at least one).
        max_personnes: at most this many persons (at least one).
        max_contrats: at most this many contracts per person (at least one).
        demandes_globalisation: draw up to two globalisation requests.
    """
    for name, value in (
        ("max_marches", max_marches),
        ("max_personnes", max_personnes),
        ("max_contrats", max_contrats),
    ):
        if value < 1:
            raise ValueError(f"{name} must be at least 1")
    return _parcours(max_marches, max_personnes, max_contrats, demandes_globalisation)


def _register() -> None:
    st.register_type_strategy(Personne, personnes())
    # deferred: the pools of dates read the rule base on first use, not at import
    st.register_type_strategy(Consultation, st.deferred(consultations))
    st.register_type_strategy(Parcours, st.deferred(parcours))


def _hypothesis_setup_hook() -> None:
    """Entry point of the ``hypothesis`` group: registers the strategies by type."""
    _register()


_register()
