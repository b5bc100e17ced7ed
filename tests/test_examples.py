"""Every example of ``examples/`` runs through the command line and says what it shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clauserules.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONSULTATIONS = sorted(
    p for p in EXAMPLES.glob("*.yaml") if p.name not in {"personnes.yaml", "politique.yaml"}
)

# What each example is there to show: (lot id, instrument, status) that the plan must give.
SHOWS: dict[str, list[tuple[str, str, str]]] = {
    "consultation.yaml": [("1", "condition_execution", "obligatoire")],
    "travaux-condition-execution.yaml": [("1", "condition_execution", "recommande")],
    "services-critere-attribution.yaml": [("1", "critere_attribution", "recommande")],
    "lot-reserve-siae.yaml": [("1", "reserve_siae", "autorise")],
    "prestations-intellectuelles.yaml": [("1", "condition_execution", "recommande")],
    "operation-anru.yaml": [("1", "condition_execution", "recommande")],
    "concession.yaml": [("1", "condition_execution", "recommande")],
    "accord-cadre-bons-de-commande.yaml": [("1", "condition_execution", "obligatoire")],
    "consultation-mixte-travaux-nettoyage.yaml": [("3", "condition_execution", "recommande")],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.err == ""
    return captured.out


def test_every_typical_case_has_an_example() -> None:
    assert {p.name for p in CONSULTATIONS} == set(SHOWS)


@pytest.mark.parametrize("path", CONSULTATIONS, ids=[p.stem for p in CONSULTATIONS])
def test_plan(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan: dict[str, Any] = json.loads(run(capsys, "plan", str(path)))
    assert plan["outcome"] == "conforme", plan["vigilance"]
    lots = {lot["id"]: lot for lot in plan["lots"]}
    for lot_id, kind, status in SHOWS[path.name]:
        found = {i["kind"]: i for i in lots[lot_id]["instruments"]}
        assert found[kind]["status"] == status, (path.name, kind, found[kind])
        assert found[kind]["selected"] is True
    assert all(float(lot["hours"]["value"]) > 0 for lot in plan["lots"])
    text = run(capsys, "plan", str(path), "--format", "text")
    assert "Résultat : conforme" in text


def test_example_specifics(capsys: pytest.CaptureFixture[str]) -> None:
    concession = json.loads(run(capsys, "plan", str(EXAMPLES / "concession.yaml")))
    assert concession["contrat"] == "concession"
    anru = run(capsys, "plan", str(EXAMPLES / "operation-anru.yaml"), "--format", "text")
    assert "objectif d'insertion de l'opération ANRU" in anru
    pi = run(capsys, "plan", str(EXAMPLES / "prestations-intellectuelles.yaml"), "--format", "text")
    assert "prestations intellectuelles" in pi


def test_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(
        capsys,
        "generate",
        str(EXAMPLES / "travaux-condition-execution.yaml"),
        "--out",
        str(tmp_path),
    )
    names = sorted(Path(line).name for line in out.splitlines())
    assert names == ["ccap.docx", "decision.docx", "rc.docx"]
    for name in names:
        data = (tmp_path / name).read_bytes()
        assert data[:2] == b"PK"
        assert len(data) > 5000


def test_count_path_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    ledger = json.loads(run(capsys, "count", str(EXAMPLES / "parcours")))
    assert {m["id"] for m in ledger["marches"]} >= {"voirie-2024", "ecoles-2025"}
    assert ledger["personnes"]
    assert ledger["regles"]
    text = run(capsys, "count", str(EXAMPLES / "parcours"), "--format", "text")
    assert "voirie-2024" in text


def test_eligibility_of_the_example_persons(capsys: pytest.CaptureFixture[str]) -> None:
    decisions = json.loads(
        run(capsys, "eligibility", str(EXAMPLES / "personnes.yaml"), "--at", "2026-11-22")
    )
    assert {d["outcome"] for d in decisions} >= {"eligible", "indetermine"}


def test_framework_and_mixed_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """The framework agreement is assessed on its maximum and its hours follow the orders;
    the cleaning lot of the works consultation keeps the labour share of services."""
    ac = json.loads(run(capsys, "plan", str(EXAMPLES / "accord-cadre-bons-de-commande.yaml")))
    assert ac["technique"] == "accord_cadre"
    assert ac["seuil_europeen"]["valeur_estimee_ht"] == "3600000"
    assert ac["seuil_europeen"]["base_valeur"] == "maximum"
    method = ac["lots"][0]["accord_cadre"]
    assert method["methode"] == "heure_par_montant_commande"
    assert method["euros_par_heure"] == "1000"
    assert method["heures_indicatives_maximum"] == "3600"
    mixed = json.loads(
        run(capsys, "plan", str(EXAMPLES / "consultation-mixte-travaux-nettoyage.yaml"))
    )
    lots = {lot["id"]: lot for lot in mixed["lots"]}
    assert lots["3"]["nature"] == "services"
    assert lots["3"]["hours"]["parameters"]["part_main_oeuvre"]["value"] == "0.60"
    assert mixed["seuil_europeen"]["categorie"] == "travaux_concessions"
    assert "contrats_mixtes.objet-principal" in mixed["rules"]


def test_framework_ledger_example(capsys: pytest.CaptureFixture[str]) -> None:
    """Orders, sub-contracted hours and a count date: the running framework agreement is
    provisional and owes the hours of its orders to date; the ended market is final."""
    data = str(EXAMPLES / "parcours-accord-cadre")
    ledger = json.loads(run(capsys, "count", data, "--at", "2026-09-30"))
    marches = {m["id"]: m for m in ledger["marches"]}
    ac = marches["nettoyage-ac"]
    assert (ac["statut"], ac["methode_dues"]) == ("provisoire", "commandes")
    assert ac["montant_commande_ht"] == "660000.00"
    assert ac["heures_dues_retenues"] == "660.00"
    assert ac["heures_comptees"] == "650.00"  # sub-contractor, co-contractor and placement
    assert marches["voirie-2025"]["statut"] == "definitif"
    whole = json.loads(run(capsys, "count", data))
    assert {m["id"]: m["heures_dues_retenues"] for m in whole["marches"]}["nettoyage-ac"] == (
        "900.00"
    )


def test_framework_ledger_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The XLSX export opens on a summary sheet with a native chart per market."""
    import openpyxl

    out = tmp_path / "bilan.xlsx"
    data = str(EXAMPLES / "parcours-accord-cadre")
    run(capsys, "count", data, "--at", "2026-09-30", "--format", "xlsx", "--out", str(out))
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[0] == "synthese"
    summary = workbook["synthese"]
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    assert ["Heures comptées", 1245] in [row[:2] for row in rows]
    assert any(row[0] == "nettoyage-ac" and row[-1] == "provisoire" for row in rows)
    with __import__("zipfile").ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert charts, "no native chart in the workbook"
