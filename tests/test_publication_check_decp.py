"""``check-decp`` on the official example records and on records around each threshold
and date: the obligation comes from the rule base (start date, threshold categories and
dated amounts), never from numbers typed in the tests."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clauserules import InputFileError, InvalidInputError
from clauserules.cli import main
from clauserules.publication._compat import SEUILS, CategorieSeuil
from clauserules.publication.check_decp import (
    check_decp,
    check_records,
    obligation_start,
)
from clauserules.publication.decp_audit import audit_decp

DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = DATA / "decp" / "decp_example_marches_concessions.json"
START = obligation_start("marche")


def threshold(categorie: CategorieSeuil, day: date) -> Decimal:
    period = SEUILS[categorie].at(day)
    assert period is not None
    return period.value


def marche(amount: Any, day: date, cpv: str = "45000000-7", **extra: Any) -> dict[str, Any]:
    return {
        "id": "T1",
        "acheteur": {"id": "21750001630066"},
        "nature": "Marché",
        "codeCPV": cpv,
        "dateNotification": day.isoformat(),
        "montant": amount,
        "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]},
        **extra,
    }


def one(record: dict[str, Any], **options: Any) -> Any:
    return next(check_records([record], **options))


def test_start_of_the_obligation_comes_from_the_rule_base() -> None:
    assert date(2026, 8, 21) == START
    assert obligation_start("concession") == START


def test_official_example_records() -> None:
    checks = list(check_decp(EXAMPLE))
    assert len(checks) == 4
    assert sorted(c.contrat for c in checks) == ["concession", "concession", "marche", "marche"]
    assert all(c.obligation == "non_applicable" for c in checks)  # notified in 2024
    assert all(c.declare_consideration for c in checks)
    first = next(c for c in checks if c.position == "marches.marche.0")
    assert first.considerations == ("Clause sociale", "Critère social")
    assert first.montant == Decimal(575000)
    assert first.id == "TEST2022"


def test_cli_on_the_official_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "audit.xlsx"
    assert main(["check-decp", str(EXAMPLE), "--format", "json", "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["enregistrements"] == 4
    assert summary["obligation"]["non_applicable"] == 4
    assert len(summary["par_acheteur_annee"]) == 4
    from openpyxl import load_workbook

    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["enregistrements", "synthese", "par_acheteur_annee"]
    assert main(["check-decp", str(EXAMPLE)]) == 0
    assert "indéterminé" in capsys.readouterr().out


def test_before_the_start_the_obligation_never_applies() -> None:
    result = one(marche(10_000_000, START - timedelta(days=1)))
    assert result.obligation == "non_applicable"
    assert "avant" in result.motifs[0]


def test_from_the_start_the_launch_date_decides() -> None:
    works = threshold(CategorieSeuil.TRAVAUX_CONCESSIONS, START)
    at = one(marche(works, START))
    assert at.obligation == "indetermine"
    assert "date de lancement" in " ".join(at.motifs)
    assert at.constat == "a_verifier"
    below = one(marche(works - 1, START))
    assert below.obligation == "non_applicable"


@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_around_the_works_threshold_with_a_bounded_launch(delta: int) -> None:
    day = date(2027, 6, 1)
    works = threshold(CategorieSeuil.TRAVAUX_CONCESSIONS, date(2027, 1, 1))
    result = one(marche(works + delta, day), delai_lancement_max_mois=6)
    assert result.obligation == ("non_applicable" if delta < 0 else "applicable")
    if delta >= 0:
        assert result.constat == "clause_absente"
        declared = marche(works + delta, day)
        declared["considerationsSociales"] = {"considerationSociale": ["Clause sociale"]}
        assert one(declared, delai_lancement_max_mois=6).constat == "ok"


def test_the_last_tabulated_period_stays_in_force() -> None:
    # the rule base keeps the 2026 amounts open-ended: a 2028 notification uses them
    works = threshold(CategorieSeuil.TRAVAUX_CONCESSIONS, date(2028, 2, 1))
    result = one(marche(works, date(2028, 2, 1)), delai_lancement_max_mois=4)
    assert result.obligation == "applicable"


def test_supplies_depend_on_the_buyer_category() -> None:
    day = date(2027, 3, 1)
    central = threshold(CategorieSeuil.FCS_CENTRAL, date(2027, 1, 1))
    autres = threshold(CategorieSeuil.FCS_AUTRES, date(2027, 1, 1))
    record = marche(autres, day, cpv="30192000-1")
    unknown = one(record, delai_lancement_max_mois=3)
    assert unknown.obligation == "indetermine"
    assert "catégorie" in " ".join(unknown.motifs)
    local = one(record, delai_lancement_max_mois=3, type_acheteur="collectivite")
    assert local.obligation == "applicable"
    below = one(marche(central - 1, day, cpv="30192000-1"), delai_lancement_max_mois=3)
    assert below.obligation == "non_applicable"


def test_social_services_use_their_own_threshold() -> None:
    day = date(2027, 3, 1)
    sss = threshold(CategorieSeuil.SERVICES_SOCIAUX, date(2027, 1, 1))
    record = marche(sss - 1, day, cpv="85312300")
    result = one(record, delai_lancement_max_mois=3, type_acheteur="collectivite")
    assert result.obligation == "non_applicable"
    ok = one(marche(sss, day, cpv="85312300"), delai_lancement_max_mois=3, type_acheteur="etat")
    assert ok.obligation == "applicable"


def test_defence_contracts_are_outside_the_obligation() -> None:
    record = marche(10_000_000, date(2027, 3, 1), nature="Marché de défense ou de sécurité")
    assert one(record, delai_lancement_max_mois=3).obligation == "non_applicable"


def test_concession_value_and_signature_date() -> None:
    works = threshold(CategorieSeuil.TRAVAUX_CONCESSIONS, date(2027, 1, 1))
    record = {
        "id": "C1",
        "autoriteConcedante": {"id": "12345678901234"},
        "nature": "Concession de service",
        "dateSignature": "2027-06-01",
        "valeurGlobale": str(works),
        "considerationsSociales": {"considerationSociale": ["Concession réservée"]},
    }
    result = one(record, delai_lancement_max_mois=6)
    assert result.contrat == "concession"
    assert result.obligation == "applicable"
    assert result.constat == "clause_absente"  # a reservation is not a social clause


def test_consolidated_flat_form(tmp_path: Path) -> None:
    path = tmp_path / "decp.csv"
    rows = [
        {
            "id": "F1",
            "acheteur_id": "21750001630066",
            "nature": "Marché",
            "codeCPV": "45000000",
            "dateNotification": "2024-05-15",
            "montant": "575000.0",
            "considerationsSociales": "Sans objet",
        },
        {
            "id": "F2",
            "acheteur_id": "21750001630066",
            "nature": "Marché",
            "codeCPV": "45000000",
            "dateNotification": "2026-09-01",
            "montant": "9000000",
            "considerationsSociales": "Clause sociale, Critère social",
        },
        {
            "id": "F3",
            "acheteur_id": "",
            "nature": "Marché",
            "codeCPV": "45000000",
            "dateNotification": "2026-13-01",
            "montant": "beaucoup",
            "considerationsSociales": "Sans objet, Clause sociale",
        },
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    first, second, third = check_decp(path)
    assert first.considerations == ("Pas de considération sociale",)
    assert first.declare_consideration is False
    assert first.obligation == "non_applicable"
    assert second.considerations == ("Clause sociale", "Critère social")
    assert second.obligation == "indetermine"
    assert second.constat == "ok"
    assert third.position == "ligne 4"
    assert third.constat == "incoherent"
    assert any(p.startswith("montant") for p in third.problemes)
    assert any(p.startswith("dateNotification") for p in third.problemes)
    with pytest.raises(InvalidInputError) as caught:
        list(check_decp(path, strict=True))
    assert "ligne 4.dateNotification" in caught.value.fields


def test_flat_json_and_json_lines(tmp_path: Path) -> None:
    record = marche("575000", date(2024, 5, 15))
    record["considerationsSociales"] = "Sans objet"
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps({"marches": [record, record]}))
    assert [c.declare_consideration for c in check_decp(flat)] == [False, False]
    lines = tmp_path / "decp.jsonl"
    lines.write_text(json.dumps(record) + "\n\n" + json.dumps(record) + "\n")
    assert len(list(check_decp(lines))) == 2


def test_pas_de_consideration_with_another_value_is_incoherent() -> None:
    record = marche(1000, date(2024, 5, 15))
    record["considerationsSociales"] = {
        "considerationSociale": ["Pas de considération sociale", "Clause sociale"]
    }
    assert one(record).constat == "incoherent"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "invalid JSON"),
        ('{"marches": {"marche": [{"id": 1}, ]}}', "invalid JSON"),
        ("42", "expected a JSON object or array"),
    ],
)
def test_bad_files_exit_2(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputFileError, match=message):
        list(check_decp(path))
    assert main(["check-decp", str(path)]) == 2
    err = capsys.readouterr().err
    assert "input-file" in err
    assert "Traceback" not in err


def test_missing_file_and_bad_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-decp", "/nonexistent/decp.json"]) == 2
    assert main(["check-decp", str(EXAMPLE), "--type-acheteur", "mairie"]) == 2
    assert "type_acheteur" in capsys.readouterr().err
    assert main(["check-decp", str(EXAMPLE), "--out", "audit.pdf"]) == 2


def test_records_split_across_read_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clauserules.publication.decp_reading import _JsonStream

    original = list(check_decp(EXAMPLE))
    monkeypatch.setattr(_JsonStream, "CHUNK", 7)
    checks = list(check_decp(EXAMPLE))
    assert [c.as_dict() for c in checks] == [c.as_dict() for c in original]


def test_progress_and_csv_export(tmp_path: Path) -> None:
    record = marche(575000, date(2024, 5, 15))
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"marches": {"marche": [record] * 10_001}}))
    calls: list[tuple[int, int, int]] = []
    audit, written = audit_decp(path, out=tmp_path / "out.csv", progress=lambda *a: calls.append(a))
    assert audit.enregistrements == 10_001
    assert calls[-1][1] == calls[-1][2] == path.stat().st_size
    assert [p.name for p in written] == ["out.csv", "out.par_acheteur_annee.csv"]
    with written[0].open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 10_002
