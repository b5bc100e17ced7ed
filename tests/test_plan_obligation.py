"""The compliance model of the social obligation, its outputs, and the hours defaults (ADR 0050-0053)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from clauserules._files import load_document
from clauserules.plan import motifs_a_consigner, plan_consultation, plan_json, plan_text

ROOT = Path(__file__).resolve().parents[1]

BASE: dict[str, Any] = {
    "acheteur": {"nom": "Ville de Test", "type": "collectivite"},
    "objet": "Services",
    "nature": "services",
    "date_lancement": "2026-11-22",
    "duree_mois": 24,
    "lots": [{"id": "1", "intitule": "Nettoyage", "montant_estime_ht": 400000}],
}


def _with(lot: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {**BASE, **fields, "lots": [{**BASE["lots"][0], **(lot or {})}]}


def test_reasons_to_consign_are_a_paragraph_for_the_rapport_de_presentation() -> None:
    plan = plan_consultation(
        _with(
            {
                "exception_obligation_sociale": {
                    "motif": "restriction_concurrence_ou_difficulte_execution",
                    "justification": "Prestation de trois jours",
                }
            }
        )
    )
    paragraph = motifs_a_consigner(plan)
    assert paragraph is not None
    assert paragraph.startswith("Lot 1 (Nettoyage) : en application de l'article L2112-2-1")
    assert "restriction de la concurrence ou difficulté d'exécution" in paragraph
    assert paragraph.endswith("Justification : Prestation de trois jours.")
    assert plan.lots[0].obligation_sociale.motifs_a_consigner == paragraph


def test_no_paragraph_when_nothing_is_set_aside() -> None:
    plan = plan_consultation(_with({"preferences": ["condition_execution"]}))
    assert motifs_a_consigner(plan) is None


def test_json_and_text_show_what_satisfies_the_obligation() -> None:
    plan = plan_consultation(
        _with(
            {
                "preferences": ["autre_condition_sociale"],
                "condition_sociale": {"nature": "apprentissage_alternance"},
            }
        )
    )
    data = plan_json(plan)["lots"][0]["obligation_sociale"]
    assert data["applicable"] is True
    assert data["statut"] == "satisfaite"
    assert data["satisfaite_par"] == ["autre_condition_sociale"]
    assert data["exception"] is None
    text = plan_text(plan)
    assert (
        "Obligation sociale : s'applique ; satisfaite par : autre condition d'exécution "
        "sociale ou relative à l'emploi"
    ) in text


def test_text_of_a_lot_with_nothing_says_to_correct() -> None:
    text = plan_text(plan_consultation(_with()))
    assert "aucune condition retenue ni motif consigné — à corriger" in text


@pytest.mark.parametrize(("day", "reminded"), [("2026-08-21", False), ("2026-08-22", True)])
def test_environmental_condition_is_reminded_from_22_august_2026(day: str, reminded: bool) -> None:
    plan = plan_consultation(_with(date_lancement=day))
    assert any("environnement" in v for v in plan.vigilance) is reminded


def test_hours_defaults_are_said_to_be_an_example_and_a_macro_estimate() -> None:
    lot = plan_consultation(_with({"preferences": ["condition_execution"]})).lots[0]
    point = next(v for v in lot.vigilance if v.startswith("Heures calculées avec des valeurs"))
    assert "exemple chiffré de 2014-2015" in point
    assert "potentiel d'emplois" in point
    assert "pas des références nationales pour 2026" in point


def test_no_defaults_point_when_the_lot_gives_its_values() -> None:
    lot = plan_consultation(
        _with(
            {
                "preferences": ["condition_execution"],
                "part_main_oeuvre": "0.5",
                "cout_horaire": 35,
                "taux_insertion": "0.07",
            }
        )
    ).lots[0]
    assert not any(v.startswith("Heures calculées avec des valeurs") for v in lot.vigilance)


def test_pnru_neighbourhood_management_computes_no_hours_minimum() -> None:
    plan = plan_consultation(
        _with(
            financement_anru="gestion_urbaine_proximite",
            programme_anru="pnru",
            date_lancement="2016-05-01",
        )
    )
    assert plan.lots[0].hours.minimum_anru is None
    assert "heures.anru.pnru.gestion-urbaine" in plan.lots[0].rules


_INTERNAL = re.compile(r"legal_current|rappel[ée]e? de mémoire|\bU\d{1,2}\b|seeds_digest")


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_plan_text_shows_no_internal_tag(path: Path) -> None:
    data = load_document(path)
    if "lots" not in data:
        pytest.skip("not a consultation")
    text = plan_text(plan_consultation(data))
    assert not _INTERNAL.search(text), _INTERNAL.search(text)
