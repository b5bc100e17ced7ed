"""Consultations (:func:`consultations`) around the European thresholds and the regime
boundaries, and amounts (:func:`montants`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from hypothesis import strategies as st

from clauserules.plan.model import Consultation
from clauserules.plan.service import plan_consultation
from clauserules.rules import articles as _articles
from clauserules.rules import rulebase
from clauserules.rules import seuils as _seuils
from clauserules.testing.dates import DATES_REGIMES
from clauserules.vocabulaire import (
    Contrat,
    Critere,
    FinancementAnru,
    MotifException,
    NatureAchat,
    Referentiel,
    TypeAcheteur,
    TypeInstrument,
)

__all__ = ["consultations", "montants"]


def montants(
    *, min_value: Decimal = Decimal("0"), max_value: Decimal = Decimal("100000000")
) -> st.SearchStrategy[Decimal]:
    """Amounts in euros excluding tax, with cents, as :class:`~decimal.Decimal`."""
    return st.decimals(
        min_value=min_value, max_value=max_value, places=2, allow_nan=False, allow_infinity=False
    )


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
    """The European threshold of the consultation's category at ``day`` (``None`` where
    none is tabulated), as the plan chooses it: read from the plan of a one-lot
    consultation with the same facts, never chosen again here."""
    return _planned_threshold(
        day,
        facts["contrat"],
        facts["nature"],
        facts["type_acheteur"],
        facts["defense_securite"],
        facts["services_sociaux_specifiques"],
    )


@lru_cache(maxsize=4096)
def _planned_threshold(
    day: date, contrat: str, nature: str, type_acheteur: str, defense: bool, sss: bool
) -> Decimal | None:
    plan = plan_consultation(
        {
            "acheteur": {"nom": "Acheteur", "type": type_acheteur},
            "objet": "Seuil",
            "contrat": contrat,
            "nature": nature,
            "defense_securite": defense,
            "services_sociaux_specifiques": sss,
            "date_lancement": day,
            "duree_mois": 12,
            "lots": [{"id": "1", "intitule": "Lot", "montant_estime_ht": 0}],
        }
    )
    return plan.seuil_europeen.montant


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
