"""The plan of a consultation: sweep of versions, determinism, bad input, CLI."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clauserules import Consultation, Plan, plan_consultation
from clauserules._files import load_document
from clauserules.cli import main
from clauserules.core.expr import evaluate
from clauserules.core.parameters import check_parameters
from clauserules.errors import InvalidInputError
from clauserules.rules import articles, heures, rulebase, seuils
from clauserules.rules.articles import Effet
from clauserules.rules.sources import CATALOGUE
from clauserules.vocabulaire import CategorieSeuil, MotifException, TypeInstrument

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "consultation.yaml"

BASE: dict[str, Any] = {
    "acheteur": {"nom": "Ville", "type": "collectivite"},
    "objet": "Travaux",
    "nature": "travaux",
    "date_lancement": "2026-09-01",
    "duree_mois": 24,
    "lots": [
        {"id": "1", "intitule": "Gros œuvre", "montant_estime_ht": "3000000"},
        {"id": "2", "intitule": "Espaces verts", "montant_estime_ht": "2500000"},
    ],
}


def _with(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


# --- the sweep: exactly one version of each instrument rule on every day ----------------


def _instrument_ids() -> dict[str, date]:
    """Instrument rule ids and the first day of their coverage."""
    ids: dict[str, date] = {}
    for rule in articles.INSTRUMENT_RULES:
        start = (
            articles.COUVERTURE_MARCHES
            if rule.id.startswith("articles.marche.")
            else articles.ENTREE_ORDONNANCES
        )
        ids[rule.id] = start
    return ids


def test_every_instrument_has_a_rule_for_each_contract() -> None:
    ids = _instrument_ids()
    for contrat in ("marche", "concession"):
        for kind in TypeInstrument:
            assert f"articles.{contrat}.{kind.value.replace('_', '-')}" in ids


def test_sweep_exactly_one_version_in_force_every_day_2006_2030() -> None:
    base = rulebase()
    day, end = date(2006, 1, 1), date(2030, 12, 31)
    versions = {rule_id: base.versions(rule_id) for rule_id in _instrument_ids()}
    starts = _instrument_ids()
    checked = 0
    while day <= end:
        for rule_id, rules in versions.items():
            count = sum(1 for r in rules if r.in_force(day))
            expected = 1 if day >= starts[rule_id] else 0
            assert count == expected, f"{rule_id} has {count} versions in force on {day}"
            checked += 1
        day += timedelta(days=1)
    assert checked == 2 * len(TypeInstrument) * ((end - date(2006, 1, 1)).days + 1)


def test_regime_rules_cover_the_same_span() -> None:
    base = rulebase()
    for rule_id, start in (
        ("articles.regime.marche", articles.COUVERTURE_MARCHES),
        ("articles.regime.concession", articles.ENTREE_ORDONNANCES),
    ):
        versions = base.versions(rule_id)
        assert versions[0].validity.start == start
        assert versions[-1].validity.end is None
        for before, after in itertools.pairwise(versions):
            assert before.validity.end == after.validity.start


def test_base_rules_give_an_article_unless_forbidden() -> None:
    for rule in articles.INSTRUMENT_RULES:
        assert rule.then["effet"] == Effet.BASE
        if rule.then["statut"] == "interdit":
            assert rule.then["motif"], rule.id
        else:
            assert rule.then["article"], rule.id


def test_parameters_cite_catalogued_sources() -> None:
    rulebase()  # registers the sources
    check_parameters(seuils.PARAMETERS, CATALOGUE)
    check_parameters(heures.PARAMETERS, CATALOGUE)


def test_verified_thresholds_are_not_marked_uncertain() -> None:
    central = seuils.SEUILS[CategorieSeuil.FCS_CENTRAL]
    assert not central.require(date(2017, 5, 1)).uncertain
    assert central.require(date(2017, 5, 1)).value == Decimal(135_000)
    assert not central.require(date(2026, 5, 1)).uncertain
    assert central.require(date(2026, 5, 1)).value == Decimal(140_000)


def test_engine_agrees_with_reference_evaluator_on_the_example() -> None:
    plan = plan_consultation(load_document(EXAMPLE))
    rules = rulebase().in_force(articles.TOPIC, plan.date_lancement)
    for lot in plan.lots:
        facts = {k: v for k, v in lot.facts.items() if not k.startswith("recommandation.")}
        expected = {r.id for r in rules if evaluate(r.when, facts) is True}
        fired = {r for r in lot.rules if r.startswith("articles.")}
        assert fired == expected


# --- determinism and lot order ---------------------------------------------------------


def test_example_plan_is_conforme_and_covers_all_lots() -> None:
    plan = plan_consultation(load_document(EXAMPLE))
    assert isinstance(plan, Plan)
    assert plan.outcome == "conforme"
    assert plan.regime.code == "ccp"
    assert plan.obligation_sociale is True
    assert [lot.id for lot in plan.lots] == ["1", "2", "3", "4", "5", "6", "7"]
    assert plan.total_heures == sum(lot.hours.value for lot in plan.lots)
    assert all(len(lot.instruments) == len(TypeInstrument) for lot in plan.lots)


def test_plan_json_has_the_documented_keys() -> None:
    data = plan_consultation(load_document(EXAMPLE)).model_dump(mode="json")
    for key in ("regime", "lots", "rules", "vigilance", "seuil_europeen", "spaser"):
        assert key in data
    instrument = data["lots"][0]["instruments"][0]
    assert set(instrument) >= {
        "kind",
        "status",
        "article",
        "code",
        "citation",
        "reasons",
        "sources",
    }
    assert set(data["lots"][0]["hours"]) >= {"value", "method", "parameters"}
    json.dumps(data)


def test_plan_is_deterministic() -> None:
    document = load_document(EXAMPLE)
    first = plan_consultation(document).model_dump(mode="json")
    second = plan_consultation(document).model_dump(mode="json")
    assert first == second


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(7)))
def test_plan_does_not_depend_on_lot_order(order: list[int]) -> None:
    document = load_document(EXAMPLE)
    reference = plan_consultation(document).model_dump(mode="json")
    shuffled = {**document, "lots": [document["lots"][i] for i in order]}
    assert plan_consultation(shuffled).model_dump(mode="json") == reference


def test_lots_are_sorted_with_numbers_compared_as_numbers() -> None:
    lots = [{"id": i, "intitule": f"Lot {i}", "montant_estime_ht": 1000} for i in ("10", "2", "1")]
    plan = plan_consultation(_with(lots=lots))
    assert [lot.id for lot in plan.lots] == ["1", "2", "10"]


def test_accepts_a_consultation_model() -> None:
    model = Consultation.model_validate(BASE)
    assert plan_consultation(model) == plan_consultation(BASE)


def test_recommendation_policy_can_be_switched_off() -> None:
    plan = plan_consultation(
        BASE,
        politique={
            "desactivees": ["recommandations.main-oeuvre", "recommandations.duree-longue-critere"]
        },
    )
    statuses = {i.kind.value: i.status for i in plan.lots[0].instruments}
    assert statuses["condition_execution"] == "obligatoire"
    assert statuses["critere_attribution"] == "autorise"
    assert not any(r.startswith("recommandations.") for r in plan.lots[0].rules)


def test_policy_never_lifts_a_prohibition() -> None:
    plan = plan_consultation(
        _with(date_lancement="2012-01-01"), politique={"segments_reservables": ["gros"]}
    )
    siae = next(i for i in plan.lots[0].instruments if i.kind == TypeInstrument.RESERVE_SIAE)
    assert siae.status == "interdit"


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"lots": [{"id": "1", "intitule": "A", "montant_estime_ht": -1}]},
            "lots.0.montant_estime_ht",
        ),
        (
            {
                "lots": [
                    {"id": "1", "intitule": "A", "montant_estime_ht": 1},
                    {"id": "2", "intitule": "B", "montant_estime_ht": 1},
                    {"id": "3", "intitule": "C", "montant_estime_ht": -5},
                ]
            },
            "lots.2.montant_estime_ht",
        ),
        (
            {"lots": [{"id": "1", "intitule": "A", "montant_estime_ht": 1, "taux_insertion": 1.5}]},
            "lots.0.taux_insertion",
        ),
        (
            {"lots": [{"id": "1", "intitule": "A", "montant_estime_ht": 1, "part_main_oeuvre": 2}]},
            "lots.0.part_main_oeuvre",
        ),
        ({"nature": "bois"}, "nature"),
        ({"contrat": "bail"}, "contrat"),
        ({"date_lancement": "2005-01-01"}, "date_lancement"),
        ({"date_lancement": "2026-02-30"}, "date_lancement"),
        ({"duree_mois": 0}, "duree_mois"),
        ({"inconnu": 1}, "inconnu"),
        (
            {
                "lots": [
                    {"id": "1", "intitule": "A", "montant_estime_ht": 1},
                    {"id": "1", "intitule": "B", "montant_estime_ht": 1},
                ]
            },
            "lots.1.id",
        ),
        ({"lots": []}, "lots"),
    ],
)
def test_bad_input_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        plan_consultation(_with(**change))
    assert field in info.value.fields, info.value.message


def test_concession_before_2016_is_outside_coverage() -> None:
    with pytest.raises(InvalidInputError) as info:
        plan_consultation(_with(contrat="concession", date_lancement="2015-12-01"))
    assert info.value.fields == ("date_lancement",)
    assert "2016-04-01" in info.value.message


# --- CLI -------------------------------------------------------------------------------


def test_cli_plan_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["regime"]["code"] == "ccp"
    assert main(["plan", str(EXAMPLE), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Lot 1 — Gros œuvre" in text
    assert "Total des heures d'insertion" in text


def test_cli_plan_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    document = load_document(EXAMPLE)
    document["lots"][1]["montant_estime_ht"] = -3
    bad.write_text(json.dumps(document), encoding="utf-8")
    assert main(["plan", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "lots.1.montant_estime_ht" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_cli_hours(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["hours", "--montant", "1200000", "--nature", "travaux", "--at", "2026-11-22"]
    assert main([*args, "--part-main-oeuvre", "0.4", "--cout-horaire", "30", "--taux", "0.05"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == "800"
    assert main([*args, "--format", "text"]) == 0
    assert "800 h" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["--montant", "-1", "--nature", "travaux", "--at", "2026-11-22"],
        ["--montant", "10", "--nature", "bois", "--at", "2026-11-22"],
        ["--montant", "10", "--nature", "travaux", "--taux", "1.2", "--at", "2026-11-22"],
        ["--montant", "10", "--nature", "travaux", "--cout-horaire", "0", "--at", "2026-11-22"],
        ["--montant", "10", "--nature", "travaux", "--at", "hier"],
    ],
)
def test_cli_hours_bad_input_exits_2_without_traceback(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clauserules.cli", "hours", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "[usage]" not in result.stderr or "hier" in args


# --- exhaustive and differential checks of the rules ------------------------------------

_CONTRATS = ("marche", "concession")
_NATURES = ("travaux", "fournitures", "services", "prestations_intellectuelles")
_ACHETEURS = (
    "etat",
    "collectivite",
    "etablissement_public",
    "etablissement_sante",
    "bailleur_social",
    "entite_adjudicatrice",
    "autre",
)


def test_exactly_one_threshold_category_for_every_combination() -> None:
    from clauserules.core import _engine

    rules = rulebase().in_force(seuils.TOPIC, date(2026, 9, 1))
    for contrat in _CONTRATS:
        for nature in _NATURES:
            for acheteur in _ACHETEURS:
                for defense in (False, True):
                    for sss in (False, True):
                        facts = {
                            "contrat": contrat,
                            "nature": nature,
                            "type_acheteur": acheteur,
                            "defense_securite": defense,
                            "services_sociaux_specifiques": sss,
                        }
                        # a set: the engine may report an OR rule once per matching branch
                        fired = set(_engine.evaluate(rules, facts))
                        assert len(fired) == 1, (facts, fired)


_PREFERENCE_CODES = [k.value for k in TypeInstrument]
_DATES = [
    date(2010, 1, 1),
    date(2017, 1, 1),
    date(2020, 12, 8),
    date(2021, 6, 1),
    date(2023, 1, 1),
    date(2026, 8, 21),
    date(2027, 1, 1),
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_DATES),
    st.fixed_dictionaries(
        {
            "contrat": st.sampled_from(_CONTRATS),
            "nature": st.sampled_from(_NATURES),
            "type_acheteur": st.sampled_from(_ACHETEURS),
            "defense_securite": st.booleans(),
            "services_sociaux_specifiques": st.booleans(),
            "duree_mois": st.integers(1, 120),
            "valeur_estimee_ge_seuil": st.booleans(),
            "exception_obligation_sociale": st.sampled_from(
                ["aucune", *(m.value for m in MotifException)]
            ),
            "preferences": st.lists(st.sampled_from(_PREFERENCE_CODES), unique=True).map(sorted),
        }
    ),
)
def test_engine_agrees_with_the_reference_evaluator(day: date, facts: dict[str, Any]) -> None:
    from clauserules.core import _engine

    rules = [r for r in rulebase().of_topic(articles.TOPIC) if r.in_force(day)]
    expected = {r.id for r in rules if evaluate(r.when, facts) is True}
    assert set(_engine.evaluate(rules, facts)) == expected


# --- the split of the plan: one cross-lot check, named instrument result, text via _fr ---


def test_the_cross_lot_check_runs_once_per_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    from clauserules.plan import model

    calls: list[int] = []
    real = model.check_consultation

    def counting(consultation: Consultation, **kwargs: Any) -> None:
        calls.append(1)
        real(consultation, **kwargs)

    monkeypatch.setattr(model, "check_consultation", counting)
    plan_consultation(BASE)
    assert len(calls) == 1
    plan_consultation(Consultation.model_validate(BASE))
    assert len(calls) == 2


def test_instruments_come_as_a_named_result() -> None:
    from clauserules.plan.instruments import LotInstruments, combine_instruments

    day = date(2026, 9, 1)
    facts = {
        "contrat": "marche",
        "nature": "travaux",
        "type_acheteur": "collectivite",
        "defense_securite": False,
        "services_sociaux_specifiques": False,
        "duree_mois": 24,
        "financement_anru": "aucun",
        "valeur_estimee_ge_seuil": True,
        "exception_obligation_sociale": "aucune",
        "preferences": [],
    }
    rules = rulebase().in_force(articles.TOPIC, day)
    fired = tuple(r for r in rules if evaluate(r.when, facts) is True)
    result = combine_instruments(fired, (), frozenset())
    assert isinstance(result, LotInstruments)
    assert [i.kind for i in result.instruments] == list(TypeInstrument)
    assert result.obligation
    assert not result.exception
    assert not result.exception_refused
    condition = result.instruments[0]
    assert condition.kind == TypeInstrument.CONDITION_EXECUTION
    assert condition.status == "obligatoire"
    assert combine_instruments(fired, (), frozenset()) is result  # memoised, immutable


def test_plan_text_formats_figures_the_french_way() -> None:
    from clauserules.plan import plan_text

    lots = [{"id": "1", "intitule": "Gros œuvre", "montant_estime_ht": "1234567.5"}]
    text = plan_text(plan_consultation(_with(lots=lots, date_lancement="2026-08-01")))
    assert "Lancement : 01/08/2026" in text
    assert "(1 234 567,50 € HT)" in text
    assert "Valeur estimée du contrat : 1 234 567,50 € HT" in text
    assert " × 40 % ÷ 30 €/h × 5 %" in text  # amounts without useless cents
