"""Properties of the hours ledger (hypothesis).

* the parts of an allocation always add up exactly to the hours allocated;
* shuffling the input rows never changes the ledger;
* splitting one hours line in two never changes the ledger;
* hours counted never exceed hours worked (per person);
* a person never counts after the window when the CCAP adopted only the 24-month rule;
* the counting rules always decide: an exclusion, or a period rule and a nature rule
  (checked on the engine and on the reference evaluator, which agree).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauserules.core import _engine
from clauserules.core.dates import add_months
from clauserules.core.expr import evaluate
from clauserules.ledger.export import ledger_json
from clauserules.ledger.globalisation import allocate
from clauserules.ledger.model import LigneHeures
from clauserules.ledger.readers import parse_parcours
from clauserules.ledger.service import count_hours
from clauserules.ledger.situations import FACT_NAMES
from clauserules.rules import rulebase
from clauserules.rules.comptage import TOPIC
from clauserules.vocabulaire import TypeContrat

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cents = st.integers(min_value=0, max_value=20_000).map(lambda c: Decimal(c).scaleb(-2))


@given(
    total=st.integers(min_value=0, max_value=10**7).map(lambda c: Decimal(c).scaleb(-2)),
    weights=st.lists(
        st.integers(min_value=0, max_value=10**6).map(Decimal), min_size=1, max_size=8
    ),
)
def test_allocation_parts_add_up_exactly(total: Decimal, weights: list[Decimal]) -> None:
    ids = [f"m{i}" for i in range(len(weights))]
    parts = allocate(total, list(zip(ids, weights, strict=True)))
    assert sum(parts.values(), Decimal(0)) == total
    assert all(p >= 0 and p == p.quantize(Decimal("0.01")) for p in parts.values())


@st.composite
def parcours(draw: Any) -> dict[str, Any]:
    """A small random set of paths: 3 markets (one globalisation request), 3 persons."""
    start = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
    markets = []
    for i in range(3):
        begin = start + timedelta(days=draw(st.integers(0, 200)))
        end = add_months(begin, draw(st.sampled_from([6, 12, 30, 40])))
        markets.append(
            {
                "id": f"m{i}",
                "maitre_ouvrage": f"mo{i % 2}",
                "debut_execution": begin.isoformat(),
                "fin_execution": end.isoformat(),
                "heures_dues": draw(st.integers(0, 3000)),
                "montant": draw(st.integers(1, 10**6)),
                "territoire": "t",
                "globalisation": "ave-2014",
                "regles": {
                    "regle_24_mois": draw(st.booleans()),
                    "cdi_deuxieme_annee": draw(st.booleans()),
                    "marche_long": draw(st.booleans()),
                    "heures_formation": draw(st.booleans()),
                },
            }
        )
    persons, contracts, hours = [], [], []
    for p in range(3):
        persons.append({"id": f"p{p}", "eligibilite": {"validee": draw(st.booleans())}})
        begin = start + timedelta(days=draw(st.integers(0, 300)))
        for k in range(draw(st.integers(1, 2))):
            kind = draw(st.sampled_from([t.value for t in TypeContrat]))
            months = draw(st.integers(2, 30))
            end = add_months(begin, months)
            cid = f"c{p}{k}"
            contracts.append(
                {
                    "id": cid,
                    "personne": f"p{p}",
                    "employeur": "e",
                    "type": kind,
                    "debut": begin.isoformat(),
                    "fin": end.isoformat(),
                }
            )
            month = date(begin.year, begin.month, 1)
            while month <= end:
                if draw(st.booleans()):
                    hours.append(
                        {
                            "personne": f"p{p}",
                            "contrat": cid,
                            "marche": f"m{draw(st.integers(0, 2))}",
                            "mois": f"{month.year:04d}-{month.month:02d}",
                            "travail": str(draw(cents)),
                            "formation": str(draw(cents) / 10 if draw(st.booleans()) else 0),
                        }
                    )
                month = add_months(month, 1)
            begin = end + timedelta(days=draw(st.integers(1, 60)))
    requests = [
        {
            "id": "g0",
            "entreprise": "e",
            "marches": ["m0", "m1", "m2"],
            "personne": "p0",
            "date_demande": "2020-01-01",
            "accords_maitres_ouvrage": ["mo0", "mo1"],
            "favorable_parcours": True,
            "engagement_execution": True,
            "destinataire": "facilitateur",
        }
    ]
    return {
        "marches": markets,
        "personnes": persons,
        "contrats": contracts,
        "heures": hours,
        "demandes_globalisation": requests,
    }


def _fix_formation(data: dict[str, Any]) -> dict[str, Any]:
    for line in data["heures"]:
        line["formation"] = str(Decimal(line["formation"]).quantize(Decimal("0.01")))
    return data


@SETTINGS
@given(data=parcours(), seed=st.randoms(use_true_random=False))
def test_shuffling_rows_never_changes_the_ledger(data: dict[str, Any], seed: Any) -> None:
    data = _fix_formation(data)
    expected = ledger_json(count_hours(parse_parcours(data)))
    for table in ("marches", "personnes", "contrats", "heures", "demandes_globalisation"):
        seed.shuffle(data[table])
    shuffled = ledger_json(count_hours(parse_parcours(data)))
    for key, field in (("marches", "id"), ("personnes", "id"), ("globalisation", "demande")):
        shuffled[key] = sorted(shuffled[key], key=lambda item: item[field])
        expected[key] = sorted(expected[key], key=lambda item: item[field])
    assert shuffled == expected


@SETTINGS
@given(data=parcours(), which=st.integers(0, 10**6), share=st.integers(0, 100))
def test_splitting_a_line_never_changes_the_ledger(
    data: dict[str, Any], which: int, share: int
) -> None:
    data = _fix_formation(data)
    if not data["heures"]:
        return
    expected = ledger_json(count_hours(parse_parcours(data)))
    line = data["heures"].pop(which % len(data["heures"]))
    travail = Decimal(line["travail"])
    first = (travail * share / 100).quantize(Decimal("0.01"))
    data["heures"].append({**line, "travail": str(first), "formation": "0"})
    data["heures"].append({**line, "travail": str(travail - first)})
    split = ledger_json(count_hours(parse_parcours(data)))
    assert split.pop("lignes") == expected.pop("lignes") + 1
    assert split == expected


@SETTINGS
@given(data=parcours())
def test_counted_never_exceeds_worked(data: dict[str, Any]) -> None:
    ledger = count_hours(parse_parcours(_fix_formation(data)))
    for person in ledger.personnes:
        assert person.heures_comptees <= person.heures_travaillees
        assert person.heures_comptees + sum(person.heures_exclues.values()) <= (
            person.heures_travaillees + Decimal("0.05")
        )
    for decision in ledger.globalisation:
        assert sum(decision.repartition.values(), Decimal("0.00")) == decision.heures_reparties


@SETTINGS
@given(data=parcours())
def test_a_person_never_counts_after_the_window(data: dict[str, Any]) -> None:
    """With only the 24-month rule adopted, hours of months that start on or after the end
    of a person's window never count."""
    data = _fix_formation(data)
    for market in data["marches"]:
        market["regles"] = {"regle_24_mois": True}
    data["demandes_globalisation"] = []
    parsed = parse_parcours(data)
    ledger = count_hours(parsed)
    kept = [line for line in parsed.heures if not _after_window(line, ledger)]
    data["heures"] = [line._asdict() for line in kept]
    for line in data["heures"]:
        line["travail"], line["formation"] = str(line["travail"]), str(line["formation"])
    trimmed = count_hours(parse_parcours(data))
    for person in ledger.personnes:
        assert trimmed.personne(person.id).heures_comptees == person.heures_comptees


def _after_window(line: LigneHeures, ledger: Any) -> bool:
    person = ledger.personne(line.personne)
    return person.fin_fenetre is not None and date.fromisoformat(line.mois + "-01") >= (
        person.fin_fenetre
    )


_VALUES: dict[str, Any] = {
    "nature_heures": st.sampled_from(["travail", "formation"]),
    "type_contrat": st.sampled_from([t.value for t in TypeContrat]),
}


@settings(max_examples=300, deadline=None)
@given(
    values=st.fixed_dictionaries({name: _VALUES.get(name, st.booleans()) for name in FACT_NAMES})
)
def test_counting_rules_always_decide(values: dict[str, Any]) -> None:
    rules = rulebase().in_force(TOPIC, date(2025, 1, 1))
    fired = set(_engine.evaluate(rules, values))
    assert fired == {r.id for r in rules if evaluate(r.when, values) is True}
    effects = [r.then["effet"] for r in rules if r.id in fired]
    excluded = "exclut" in effects
    counted = "periode" in effects and "nature" in effects
    assert excluded or counted
    if not excluded:
        assert effects.count("nature") == 1
