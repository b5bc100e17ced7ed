"""Insertion paths (:func:`parcours`) that pass validation and count without error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from clauserules.core.dates import add_months
from clauserules.ledger.model import LigneHeures, Parcours
from clauserules.rules import rulebase
from clauserules.rules.comptage import HEURES_MAX_PAR_MOIS
from clauserules.rules.globalisation import TOPIC as _TOPIC_GLOBALISATION
from clauserules.testing.dates import dates_charnieres
from clauserules.vocabulaire import Referentiel, TypeContrat

__all__ = ["parcours"]

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
