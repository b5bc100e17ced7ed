"""Hours ledger: readers (YAML, CSV, XLSX), bad input, exports, atomic writes, CLI."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clauserules import Ledger, Parcours, count_hours
from clauserules.cli import main
from clauserules.errors import InputFileError, InvalidInputError
from clauserules.ledger.export import export, ledger_csv, ledger_json
from clauserules.ledger.globalisation import allocate
from clauserules.ledger.model import TABLES
from clauserules.ledger.readers import COLUMNS, hours_cents, read_parcours
from clauserules.ledger.text import ledger_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "parcours"
NUMBERS = ("travail", "formation", "heures_dues")


def _rows(directory: Path, table: str) -> list[dict[str, str]]:
    with (directory / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_csv(directory: Path, table: str, rows: list[dict[str, str]]) -> None:
    with (directory / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS[table]))
        writer.writeheader()
        writer.writerows(rows)


def _workbook(source: Path, target: Path) -> None:
    """The CSV tables of ``source`` as one XLSX workbook (numbers and dates typed)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for table in TABLES:
        if not (source / f"{table}.csv").exists():  # an optional table (commandes)
            continue
        sheet = workbook.create_sheet(table)
        sheet.append(list(COLUMNS[table]))
        for row in _rows(source, table):
            cells: list[Any] = []
            for column in COLUMNS[table]:
                value = row.get(column, "")
                try:
                    number: float | None = float(value) if column in NUMBERS else None
                except ValueError:
                    number = None
                if number is not None:
                    cells.append(number)
                else:
                    cells.append(value or None)
            sheet.append(cells)
    workbook.save(target)


@pytest.fixture(scope="module")
def example() -> Ledger:
    return count_hours(read_parcours(EXAMPLE))


def test_example_counts_hours(example: Ledger) -> None:
    voirie = example.marche("voirie-2024")
    assert (
        voirie.heures_comptees
        == voirie.heures_comptees_directes + voirie.heures_globalisation_recues
    )
    assert example.marche("espaces-verts").heures_exclues == {
        "personne_non_eligible": Decimal("140.00")
    }
    (glob,) = example.globalisation
    assert glob.recevable is True
    assert sum(glob.repartition.values()) == glob.heures_reparties == Decimal("280.00")
    assert example.marche("ecoles-2025").heures_dues_retenues == Decimal("600.00")


def test_xlsx_workbook_reads_like_the_csv_directory(tmp_path: Path, example: Ledger) -> None:
    _workbook(EXAMPLE, tmp_path / "parcours.xlsx")
    ledger = count_hours(read_parcours(tmp_path / "parcours.xlsx"))
    assert ledger_json(ledger) == ledger_json(example)


def test_yaml_reads_like_the_csv_directory(tmp_path: Path, example: Ledger) -> None:
    import yaml

    parcours = read_parcours(EXAMPLE)
    document = {
        "marches": [m.model_dump(mode="json") for m in parcours.marches],
        "personnes": [p.model_dump(mode="json") for p in parcours.personnes],
        "contrats": [c.model_dump(mode="json") for c in parcours.contrats],
        "heures": [
            {**line._asdict(), "travail": str(line.travail), "formation": str(line.formation)}
            for line in parcours.heures
        ],
        "demandes_globalisation": [
            d.model_dump(mode="json") for d in parcours.demandes_globalisation
        ],
    }
    (tmp_path / "parcours.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    assert ledger_json(count_hours(read_parcours(tmp_path / "parcours.yaml"))) == ledger_json(
        example
    )
    assert isinstance(Parcours.model_validate(document), Parcours)


def _broken_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "donnees"
    shutil.copytree(EXAMPLE, directory)
    hours = _rows(directory, "heures")
    hours[0]["travail"] = "-5"  # row 2
    hours[1]["travail"] = "abc"  # row 3
    hours[2]["formation"] = "1.234"  # row 4
    hours[3]["mois"] = "2023-01"  # row 5: before the contract
    hours[4]["marche"] = "inconnu"  # row 6
    hours[5]["travail"] = "800"  # row 7
    _write_csv(directory, "heures", hours)
    contracts = _rows(directory, "contrats")
    contracts[1]["debut"] = "2025-02-01"  # row 3: overlaps amina-cdd, same employer
    contracts[2]["type"] = "stage"  # row 4
    _write_csv(directory, "contrats", contracts)
    return directory


EXPECTED_CSV = [
    "contrats.csv:row 4:type",
    "contrats.csv:row 3:debut",
    "heures.csv:row 2:travail",
    "heures.csv:row 3:travail",
    "heures.csv:row 4:formation",
    "heures.csv:row 5:mois",
    "heures.csv:row 6:marche",
    "heures.csv:row 7:travail",
]


def test_bad_csv_gives_one_error_listing_every_row(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path)
    with pytest.raises(InvalidInputError) as caught:
        read_parcours(directory)
    locations = list(caught.value.fields)
    assert sorted(locations) == sorted(EXPECTED_CSV)
    # lines of a contract that failed validation are not reported twice as unknown ids
    assert not any("bernard-ctti" in (p.found or "") for p in caught.value.problems)


def test_bad_xlsx_names_sheet_row_and_column(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path)
    _workbook(directory, tmp_path / "donnees.xlsx")
    with pytest.raises(InvalidInputError) as caught:
        read_parcours(tmp_path / "donnees.xlsx")
    expected = [loc.replace(".csv:", "!") for loc in EXPECTED_CSV]
    assert sorted(caught.value.fields) == sorted(expected)


def test_missing_file_and_unknown_column(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    shutil.copytree(EXAMPLE, directory)
    (directory / "contrats.csv").unlink()
    with pytest.raises(InputFileError, match=r"contrats\.csv"):
        read_parcours(directory)
    shutil.copy(EXAMPLE / "contrats.csv", directory / "contrats.csv")
    text = (directory / "personnes.csv").read_text(encoding="utf-8")
    (directory / "personnes.csv").write_text(text.replace("referentiel", "referential"), "utf-8")
    with pytest.raises(InvalidInputError) as caught:
        read_parcours(directory)
    assert caught.value.fields == ("personnes.csv:row 1:referential",)


def test_hours_text_forms() -> None:
    assert hours_cents("151.67") == 15167
    assert hours_cents("7,5") == 750
    assert hours_cents("120") == 12000
    assert hours_cents("-5") == -500
    assert hours_cents("1e2") == 10000
    assert isinstance(hours_cents("1.234"), str)
    assert isinstance(hours_cents("NaN"), str)
    assert isinstance(hours_cents("douze"), str)


def test_allocate_adds_up_and_breaks_ties_by_id() -> None:
    parts = allocate(Decimal("0.02"), [("b", Decimal(1)), ("a", Decimal(1)), ("c", Decimal(1))])
    assert parts == {"a": Decimal("0.01"), "b": Decimal("0.01"), "c": Decimal("0.00")}
    assert allocate(Decimal("5.00"), [("a", Decimal(0)), ("b", Decimal(0))]) == {
        "a": Decimal("2.50"),
        "b": Decimal("2.50"),
    }


def test_exports(tmp_path: Path, example: Ledger) -> None:
    data = json.loads(export(example, "json", None) or "")
    assert [m["id"] for m in data["marches"]] == ["voirie-2024", "ecoles-2025", "espaces-verts"]
    assert data["marches"][0]["heures_dues"] == "2400.00"
    text = ledger_csv(example)
    assert text.splitlines()[0].startswith("id,maitre_ouvrage,heures_dues")
    assert "Décompte des heures d'insertion" in ledger_text(example)
    export(example, "csv", tmp_path / "sortie")
    assert sorted(p.name for p in (tmp_path / "sortie").iterdir()) == [
        "globalisation.csv",
        "marches.csv",
        "personnes.csv",
    ]
    export(example, "xlsx", tmp_path / "decompte.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "decompte.xlsx", read_only=True)
    assert workbook.sheetnames == [
        "synthese",
        "marches",
        "personnes",
        "globalisation",
        "mois",
        "regles",
    ]
    workbook.close()


def test_counted_hours_per_month(tmp_path: Path, example: Ledger) -> None:
    """The counted hours per month add up to the hours counted directly or through
    globalisation; they are in the JSON and charted from the ``mois`` sheet."""
    months = example.heures_par_mois
    assert months, "the example counts hours"
    assert [m.mois for m in months] == sorted(m.mois for m in months)
    direct = sum((m.heures_comptees_directes for m in example.marches), Decimal(0))
    globalised = sum((g.heures_reparties for g in example.globalisation), Decimal(0))
    total = sum((m.heures_comptees for m in months), Decimal(0))
    assert abs(total - (direct + globalised)) <= Decimal("0.01") * len(months)
    assert ledger_json(example)["heures_par_mois"][0]["mois"] == months[0].mois
    export(example, "xlsx", tmp_path / "decompte.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "decompte.xlsx")
    rows = list(workbook["mois"].iter_rows(values_only=True))
    assert rows[0] == ("mois", "heures_comptees")
    assert [r[0] for r in rows[1:]] == [m.mois for m in months]
    assert len(workbook["synthese"]._charts) == 2
    workbook.close()


def test_a_failed_write_leaves_nothing(tmp_path: Path, example: Ledger, monkeypatch: Any) -> None:
    import clauserules._files as files
    import clauserules.ledger.export as ledger_module

    target = tmp_path / "decompte.xlsx"

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        ledger_module.write_xlsx(example, target)
    with pytest.raises(OSError, match="disk full"):
        export(example, "json", tmp_path / "decompte.json")
    assert list(tmp_path.iterdir()) == []


def test_cli_count_formats(tmp_path: Path, capsys: Any) -> None:
    assert main(["count", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cle_repartition"] == "heures_dues"
    assert main(["count", str(EXAMPLE), "--format", "text", "--cle", "parts_egales"]) == 0
    assert "parts_egales" in capsys.readouterr().out
    out = tmp_path / "d.xlsx"
    assert main(["count", str(EXAMPLE), "--format", "xlsx", "--out", str(out)]) == 0
    assert out.exists()


def test_cli_bad_input_one_line_exit_2_and_no_output(tmp_path: Path, capsys: Any) -> None:
    directory = _broken_copy(tmp_path)
    out = tmp_path / "decompte.json"
    assert main(["count", str(directory), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "invalid-input" in captured.err
    assert "heures.csv:row 7:travail" in captured.err
    assert not out.exists()
    assert main(["count", str(EXAMPLE), "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err


def test_generator_at_one_hundredth_scale(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    try:
        from bench_ledger import generate
    finally:
        sys.path.pop(0)
    counts = generate(tmp_path, scale=0.01, seed=7)
    assert counts["heures"] == 10_000
    ledger = count_hours(read_parcours(tmp_path))
    assert len(ledger.marches) == counts["marches"]
    for person in ledger.personnes:
        assert person.heures_comptees <= person.heures_travaillees
    for decision in ledger.globalisation:
        assert sum(decision.repartition.values(), Decimal("0.00")) == decision.heures_reparties
    again = generate(tmp_path / "bis", scale=0.01, seed=7)
    assert again == counts
    assert (tmp_path / "heures.csv").read_bytes() == (tmp_path / "bis" / "heures.csv").read_bytes()


def test_progress_bar_only_on_a_terminal(monkeypatch: Any, capsys: Any) -> None:
    import clauserules.cli as cli

    monkeypatch.setattr(cli, "PROGRESS_MIN_LINES", 1)
    assert main(["count", str(EXAMPLE), "--format", "csv"]) == 0
    assert capsys.readouterr().err == ""  # captured stderr is not a terminal
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    assert main(["count", str(EXAMPLE), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert "comptage [" in captured.err
    assert "100 %" in captured.err
    assert captured.out.startswith("id,maitre_ouvrage")


def test_a_parcours_read_from_csv_dumps_and_reloads(example: Ledger) -> None:
    from clauserules.ledger.readers import parse_parcours

    dumped = read_parcours(EXAMPLE).model_dump(mode="json")
    assert dumped["heures"][0][:4] == ["amina", "amina-cdd", "voirie-2024", "2024-04"]
    assert ledger_json(count_hours(parse_parcours(dumped))) == ledger_json(example)
