"""One named regression test per finding R1–R31 of the reliability review
(``docs/decisions/0070-limites-des-entrees.md``): each runs the review's minimal reproducer
through the real command line (a subprocess with a time and memory limit) and checks the
promise — exit 0 or 2, one line, no traceback, in time, nothing half written."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fuzz_harness import (
    EXAMPLES,
    assert_clean,
    copy_parcours,
    docx_with_entries,
    run,
    snapshot,
    template_with,
)

AT = "2026-11-22"
CONSULTATION = EXAMPLES / "consultation.yaml"

BOMB = "id: p\njunk:\n" + "".join(
    f"  - &{name} [{', '.join([prev] * 9)}]\n"
    for name, prev in zip("abcdefghi", ['"lol"', *("*" + c for c in "abcdefgh")], strict=True)
)


def _set_cell(path: Path, row: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _consultation(tmp_path: Path, extra: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(CONSULTATION.read_text(encoding="utf-8") + "\n" + extra + "\n", "utf-8")
    return path


def test_r01_yaml_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    outcome = run(["eligibility", "bomb.yaml", "--at", AT], tmp_path, timeout=30)
    assert_clean(outcome, bound=15)
    assert outcome.status == 2
    assert "aliases are expanded" in outcome.stderr


def test_r02_huge_hours_due_in_the_ledger_is_refused(tmp_path: Path) -> None:
    parc = copy_parcours(tmp_path / "parc")
    _set_cell(parc / "marches.csv", 2, "heures_dues", "1E+999999999")
    outcome = run(["count", "parc"], tmp_path, timeout=30)
    assert_clean(outcome, bound=15)
    assert outcome.status == 2
    assert "marches.csv:row 2:heures_dues" in outcome.stderr


@pytest.mark.parametrize(
    "payload",
    [
        "{% for a in 'x'*1000000 %}{% for b in 'x'*1000000 %}{% endfor %}{% endfor %}",
        "{% set l = [1] %}{% for x in l %}{{ l.append(x) }}{% endfor %}",
        "{{ ((((10**64)**64)**64)**64)**64 }}",
        "{{ '%0999999999d'|format(1) }}",
        "{{ '%0999999999d' % 1 }}",
        "{{ '{:&gt;999999999}'.format(1) }}",
        "{{ 'a'|center(10**9) }}",
        "{{ ([1]*1000000)|join('x'*1000000) }}",
        "{{ ('x'*1000000)|replace('x','y'*1000000) }}",
        "{% set a='x'*1000000 %}{% set b=a~a~a~a~a~a~a~a~a~a %}{{ b|length }}",
        "{{ ('x'*1000000)|wordwrap(1) }}",
    ],
)
def test_r03_template_sandbox_bounds_cpu_and_memory(tmp_path: Path, payload: str) -> None:
    template_with(payload, tmp_path / "t")
    outcome = run(
        ["generate", CONSULTATION, "--templates", "t", "--out", "o"], tmp_path, timeout=60
    )
    assert_clean(outcome, bound=40)
    assert outcome.status == 2
    assert "template-unsafe" in outcome.stderr
    assert not (tmp_path / "o" / "rc.docx").exists()
    checked = run(["check-template", "t/rc.docx"], tmp_path, timeout=60)
    assert_clean(checked, bound=20, allowed=(0, 1))  # linting never runs the payload


def _fake_soffice(tmp_path: Path, body: str) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text("#!" + sys.executable + "\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


_WRITE_PDFS = """
import sys, pathlib
args = sys.argv[1:]
log = pathlib.Path(__file__).with_name("argv.txt")
log.write_text("\\n".join(args))
outdir = pathlib.Path(args[args.index("--outdir") + 1])
for f in args[args.index("--outdir") + 2:]:
    (outdir / (pathlib.Path(f).stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")
"""


@pytest.mark.parametrize("out", ["out rel", "a#b", "p%41", "é/x"])
def test_r04_pdf_conversion_gets_a_correct_file_uri(tmp_path: Path, out: str) -> None:
    env = _fake_soffice(tmp_path, _WRITE_PDFS)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "clauserules.cli",
            "generate",
            str(CONSULTATION),
            "--out",
            out,
            "--pdf",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    argv = (tmp_path / "bin" / "argv.txt").read_text(encoding="utf-8").splitlines()
    profile = next(a for a in argv if a.startswith("-env:UserInstallation="))
    uri = profile.split("=", 1)[1]
    assert uri.startswith("file:///")
    assert " " not in uri
    assert "#" not in uri
    assert (tmp_path / out / "rc.pdf").is_file()


def test_r05_libreoffice_timeout_kills_its_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clauserules.documents import write
    from clauserules.errors import PdfConversionError

    pid_file = tmp_path / "child.pid"
    env = _fake_soffice(
        tmp_path,
        "import subprocess, time\n"
        f"child = subprocess.Popen(['sleep', '300'])\nopen({str(pid_file)!r}, 'w')"
        ".write(str(child.pid))\ntime.sleep(300)\n",
    )
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.setattr(write, "PDF_TIMEOUT", 3)
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(PdfConversionError, match="within 3 seconds"):
        write._convert(str(tmp_path / "bin" / "soffice"), [tmp_path / "a.docx"], tmp_path)
    child = int(pid_file.read_text())
    time.sleep(0.5)
    status = Path(f"/proc/{child}/status")
    # the grandchild (soffice.bin's stand-in) is gone too, or a zombie waiting to be reaped
    assert not status.exists() or "State:\tZ" in status.read_text(encoding="utf-8")


def _formula_parcours(tmp_path: Path) -> Path:
    parc = copy_parcours(tmp_path / "parc")
    text = (parc / "marches.csv").read_text(encoding="utf-8")
    (parc / "marches.csv").write_text(text.replace("Ville de Saint-Denis", "=1+1", 1), "utf-8")
    return parc


def test_r06_exports_never_hold_live_formulas(tmp_path: Path) -> None:
    _formula_parcours(tmp_path)
    outcome = run(["count", "parc", "--format", "xlsx", "--out", "f.xlsx"], tmp_path)
    assert_clean(outcome)
    with zipfile.ZipFile(tmp_path / "f.xlsx") as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet for sheet in sheets)
    outcome = run(["count", "parc", "--format", "csv", "--out", "csv"], tmp_path)
    assert_clean(outcome)
    assert "'=1+1" in (tmp_path / "csv" / "marches.csv").read_text(encoding="utf-8")


def test_r07_out_refuses_special_files_and_respects_the_umask(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p")
    outcome = run(["count", str(EXAMPLES / "parcours"), "--out", "p"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "not a regular file" in outcome.stderr
    assert stat.S_ISFIFO((tmp_path / "p").lstat().st_mode)
    old = os.umask(0o022)
    try:
        outcome = run(["count", str(EXAMPLES / "parcours"), "--out", "d.json"], tmp_path)
    finally:
        os.umask(old)
    assert outcome.status == 0
    assert stat.S_IMODE((tmp_path / "d.json").stat().st_mode) == 0o644


def test_r08_decimal_comma_in_a_comma_separated_file_is_refused(tmp_path: Path) -> None:
    parc = copy_parcours(tmp_path / "parc")
    lines = (parc / "heures.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("151.67", "151,67")
    (parc / "heures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run(["count", "parc"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "heures.csv:row 2" in outcome.stderr
    assert "7 cells for 6 columns" in outcome.stderr


def test_r09_xlsx_formulas_without_values_are_reported(tmp_path: Path) -> None:
    import csv

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for path in sorted((EXAMPLES / "parcours").glob("*.csv")):
        sheet = workbook.create_sheet(path.stem)
        with path.open(encoding="utf-8") as handle:
            for number, row in enumerate(csv.reader(handle), start=1):
                if path.stem == "heures" and number == 3:
                    row = [f'="{cell}"' for cell in row]
                sheet.append(row)
    workbook.save(tmp_path / "f.xlsx")
    outcome = run(["count", "f.xlsx", "--format", "json"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "heures!row 3" in outcome.stderr
    assert "formula without a computed value" in outcome.stderr


@pytest.mark.parametrize("day", ["0", "1710460800", "2024-03-15T00:00Z"])
def test_r10_ledger_dates_are_iso_days_only(tmp_path: Path, day: str) -> None:
    parc = copy_parcours(tmp_path / "parc")
    _set_cell(parc / "contrats.csv", 2, "debut", day)
    outcome = run(["count", "parc"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "contrats.csv:row 2:debut" in outcome.stderr


def test_r11_duplicates_are_refused_or_named(tmp_path: Path) -> None:
    parc = copy_parcours(tmp_path / "parc")
    text = (parc / "heures.csv").read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    (parc / "heures.csv").write_text(header.replace("formation", "travail") + "\n" + body)
    outcome = run(["count", "parc"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "column given twice" in outcome.stderr
    # the documented rule (ADR 0070): identical lines are added up like any two lines of
    # the same month, exactly (two payslips of the same hours are common); never dropped
    parc2 = copy_parcours(tmp_path / "parc2")
    lines = (parc2 / "heures.csv").read_text(encoding="utf-8").splitlines()
    (parc2 / "heures.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    copy_parcours(tmp_path / "parc3")
    once = run(["count", "parc3", "--format", "json"], tmp_path)
    twice = run(["count", "parc2", "--format", "json"], tmp_path)
    assert_clean(twice)
    assert json.loads(twice.stdout)["lignes"] == json.loads(once.stdout)["lignes"] + 1
    (tmp_path / "p.yaml").write_text(
        "id: p\ndate_naissance: 1990-01-01\ndate_naissance: 1991-01-01\n", "utf-8"
    )
    outcome = run(["eligibility", "p.yaml", "--at", AT], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "'date_naissance' given twice" in outcome.stderr


def test_r12_a_failed_write_leaves_the_old_set(tmp_path: Path) -> None:
    out = tmp_path / "part"
    (out / "decision.docx").mkdir(parents=True)
    (out / "rc.docx").write_bytes(b"old rc")
    (out / "ccap.docx").write_bytes(b"old ccap")
    outcome = run(["generate", CONSULTATION, "--out", "part"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "is a directory" in outcome.stderr
    assert (out / "rc.docx").read_bytes() == b"old rc"
    assert (out / "ccap.docx").read_bytes() == b"old ccap"
    csv_out = tmp_path / "csv"
    (csv_out / "globalisation.csv").mkdir(parents=True)
    (csv_out / "marches.csv").write_text("old", encoding="utf-8")
    outcome = run(
        ["count", str(EXAMPLES / "parcours"), "--format", "csv", "--out", "csv"], tmp_path
    )
    assert_clean(outcome)
    assert outcome.status == 2
    assert (csv_out / "marches.csv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in csv_out.iterdir()) == ["globalisation.csv", "marches.csv"]


def test_r13_backslash_in_objet_is_written_as_given(tmp_path: Path) -> None:
    import re

    from docx import Document

    text = CONSULTATION.read_text(encoding="utf-8")
    path = tmp_path / "c.yaml"
    path.write_text(
        re.sub(r"(?m)^objet:.*$", lambda _: 'objet: "Travaux C:\\\\dossier\\\\1"', text, count=1),
        "utf-8",
    )
    outcome = run(["generate", "c.yaml", "--out", "o"], tmp_path)
    assert outcome.status == 0, outcome.stderr
    body = "\n".join(p.text for p in Document(str(tmp_path / "o" / "rc.docx")).paragraphs)
    assert "Travaux C:\\dossier\\1" in body


def test_r14_docxtpl_escapes_in_user_text_are_kept(tmp_path: Path) -> None:
    from docx import Document

    text = CONSULTATION.read_text(encoding="utf-8")
    import re

    path = tmp_path / "c.yaml"
    path.write_text(re.sub(r"(?m)^objet:.*$", 'objet: "a{_{b}_}c"', text, count=1), "utf-8")
    outcome = run(["generate", "c.yaml", "--out", "o"], tmp_path)
    assert outcome.status == 0, outcome.stderr
    body = "\n".join(p.text for p in Document(str(tmp_path / "o" / "rc.docx")).paragraphs)
    assert "a{_{b}_}c" in body


def test_r15_an_interrupted_pdf_run_leaves_no_staging_directory(tmp_path: Path) -> None:
    env = _fake_soffice(tmp_path, "import time\ntime.sleep(60)\n")
    (tmp_path / "o").mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clauserules.cli",
            "generate",
            str(CONSULTATION),
            "--out",
            "o",
            "--pdf",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (tmp_path / "bin").exists():
        time.sleep(0.1)
    time.sleep(3)  # well inside the conversion
    process.kill()
    process.wait()
    assert list((tmp_path / "o").iterdir()) == []


def test_r16_terminal_output_escapes_control_characters() -> None:
    from clauserules.cli import terminal_safe

    assert terminal_safe("\x1b]0;PWNED\x07\x1b[2J\x9bevil\nok\t") == (
        "\\x1b]0;PWNED\\x07\\x1b[2J\\x9bevil\nok\t"
    )


@pytest.mark.parametrize("cell", ["²", "1.①", "٣", "1E+999999999"])
def test_r17_unicode_digits_in_hours_are_refused(tmp_path: Path, cell: str) -> None:
    parc = copy_parcours(tmp_path / "parc")
    _set_cell(parc / "heures.csv", 2, "travail", cell)
    outcome = run(["count", "parc"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "heures.csv:row 2:travail" in outcome.stderr


@pytest.mark.parametrize(
    ("fmt", "out"),
    [
        ("json", "adir"),
        ("xlsx", "adir"),
        ("json", "nope/x.json"),
        ("json", "with space/x.json"),
        ("json", "afile/x.json"),
        ("csv", "afile"),
        ("json", ""),
    ],
)
def test_r18_count_output_path_problems_are_exit_2(tmp_path: Path, fmt: str, out: str) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    before = snapshot(tmp_path)
    outcome = run(["count", str(EXAMPLES / "parcours"), "--format", fmt, "--out", out], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "output-not-writable" in outcome.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "options",
    ["{penalite_par_heure: .nan}", "{penalite_par_heure: sNaN}", "{ccag: [x]}", "{ccag: {a: 1}}"],
)
def test_r19_bad_drafting_options_are_input_errors(tmp_path: Path, options: str) -> None:
    _consultation(tmp_path, f"documents: {options}")
    outcome = run(["generate", "c.yaml", "--out", "o"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "documents." in outcome.stderr


def test_r20_malformed_template_xml_is_a_template_error(tmp_path: Path) -> None:
    cases = {
        "broken": [("word/header1.xml", b"<w:hdr><unclosed>")],
        "dtd": [("word/document.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x/>')],
        "duplicate": [("word/document.xml", b"<x/>")],
    }
    for name, entries in cases.items():
        docx_with_entries(entries, tmp_path / name, duplicate=name == "duplicate")
        for args in (
            ["check-template", f"{name}/rc.docx"],
            ["generate", CONSULTATION, "--templates", name, "--out", f"o-{name}"],
        ):
            outcome = run(args, tmp_path)
            assert_clean(outcome, allowed=(1, 2))
    xlsx = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>')
    outcome = run(["count", "dtd.xlsx"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep.yaml", "a: " + "[" * 20_000 + "]" * 20_000),
        ("deepmap.yaml", "".join(" " * i + f"k{i}:\n" for i in range(200))),
    ],
)
def test_r21_deep_nesting_is_refused(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    outcome = run(["eligibility", name, "--at", AT], tmp_path)
    assert_clean(outcome, bound=20)
    assert outcome.status == 2
    assert "nesting deeper than" in outcome.stderr


@pytest.mark.parametrize(
    "payload",
    [
        "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
        "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}",
        "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
        "{% if 1 %}" * 3000 + "x" + "{% endif %}" * 3000,
    ],
)
def test_r21_template_recursion_is_a_template_error(tmp_path: Path, payload: str) -> None:
    template_with(payload, tmp_path / "t")
    for args in (
        ["generate", CONSULTATION, "--templates", "t", "--out", "o"],
        ["check-template", "t/rc.docx"],
    ):
        assert_clean(run(args, tmp_path), allowed=(1, 2))


@pytest.mark.parametrize(
    "args", [["eligibility", "/dev/zero", "--at", AT], ["check-template", "/dev/zero"]]
)
def test_r22_dev_zero_is_read_with_a_size_cap(tmp_path: Path, args: list[str]) -> None:
    outcome = run(args, tmp_path, timeout=30)
    assert_clean(outcome, bound=20)
    assert outcome.status == 2
    assert "larger than" in outcome.stderr


@pytest.mark.parametrize("entry", ["word/document.xml", "word/media/image1.png"])
def test_r23_zip_bomb_templates_are_refused(tmp_path: Path, entry: str) -> None:
    bomb = tmp_path / "bomb"
    bomb.mkdir()
    docx_with_entries([], bomb)
    rc = bomb / "rc.docx"
    big = entry + ".big" if entry.endswith("png") else "word/big.xml"
    with zipfile.ZipFile(rc, "a", zipfile.ZIP_DEFLATED) as archive, archive.open(big, "w") as w:
        chunk = b"\0" * (1 << 20)
        for _ in range(60):
            w.write(chunk)
    for args in (
        ["generate", CONSULTATION, "--templates", "bomb", "--out", "o"],
        ["check-template", "bomb/rc.docx"],
    ):
        outcome = run(args, tmp_path)
        assert_clean(outcome)
        assert outcome.status == 2
        assert "template-not-docx" in outcome.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--montant", "1e26"],
        ["--montant", "1E+999999999"],
        ["--montant", "1" * 100_000],
        ["--montant", "100000", "--cout-horaire", "1e-30"],
        ["--montant", "100000", "--euros-par-heure", "1e-30"],
        ["--montant", "NaN"],
        ["--montant", "sNaN"],
        ["--montant", "Infinity"],
    ],
)
def test_r24_absurd_amounts_are_input_errors(tmp_path: Path, args: list[str]) -> None:
    outcome = run(["hours", *args, "--nature", "travaux", "--at", "2026-01-05"], tmp_path)
    assert_clean(outcome, bound=20)
    assert outcome.status == 2
    assert "invalid-input" in outcome.stderr


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("marches", "debut_execution", "9999-06-01"),
        ("marches", "fin_execution", "9999-12-31"),
        ("contrats", "debut", "9999-06-01"),
        ("marches", "heures_dues", "1e400"),
    ],
)
def test_r25_far_dates_and_huge_dues_are_refused(
    tmp_path: Path, table: str, column: str, value: str
) -> None:
    parc = copy_parcours(tmp_path / "parc")
    _set_cell(parc / f"{table}.csv", 2, column, value)
    outcome = run(["count", "parc"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert f"{table}.csv:row 2:{column}" in outcome.stderr


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_r26_integers_of_thousands_of_digits_are_refused(tmp_path: Path, suffix: str) -> None:
    digits = "9" * 5000
    text = (
        f'{{"id": "p", "niveau_qualification": {digits}}}'
        if suffix == "json"
        else f"id: p\nniveau_qualification: {digits}\n"
    )
    (tmp_path / f"p.{suffix}").write_text(text, encoding="utf-8")
    outcome = run(["eligibility", f"p.{suffix}", "--at", AT], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "digits" in outcome.stderr


@pytest.mark.parametrize("value", ["Infinity", "1E+999999999", "1e30"])
def test_r27_penalty_errors_name_the_field(tmp_path: Path, value: str) -> None:
    _consultation(tmp_path, f"documents: {{penalite_par_heure: '{value}'}}")
    outcome = run(["generate", "c.yaml", "--out", "o"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "documents.penalite_par_heure" in outcome.stderr
    assert "template" not in outcome.stderr


@pytest.mark.parametrize(
    "entries",
    [
        [("word/settings.xml", b'<!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]><x/>')],
        [("word/document.xml", b"<x/>")],
        [("../../../../tmp/evil.txt", b"x")],
        [("/abs/evil.txt", b"x")],
    ],
)
def test_r28_unusable_templates_are_refused(
    tmp_path: Path, entries: list[tuple[str, bytes]]
) -> None:
    docx_with_entries(entries, tmp_path / "t", duplicate=entries[0][1] == b"<x/>")
    outcome = run(["generate", CONSULTATION, "--templates", "t", "--out", "o"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "template-not-docx" in outcome.stderr


def test_r28_unsafe_attributes_through_map_are_refused(tmp_path: Path) -> None:
    template_with("{{ lots|map(attribute='__class__')|list }}", tmp_path / "t")
    outcome = run(["generate", CONSULTATION, "--templates", "t", "--out", "o"], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "template-unsafe" in outcome.stderr


def test_r29_empty_out_is_an_error(tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    outcome = run(["generate", CONSULTATION, "--out", ""], tmp_path)
    assert_clean(outcome)
    assert outcome.status == 2
    assert "output-not-writable" in outcome.stderr
    assert snapshot(tmp_path) == before


def test_r30_pdf_reproducibility_is_documented() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "errors.md").read_text("utf-8")
    assert "/CreationDate" in text
    assert "/ID" in text


def test_r31_the_report_of_a_huge_invalid_ledger_is_bounded(tmp_path: Path) -> None:
    parc = copy_parcours(tmp_path / "parc")
    header = (parc / "personnes.csv").read_text(encoding="utf-8").splitlines()[0]
    (parc / "personnes.csv").write_text(header + "\n", encoding="utf-8")
    line = "amina,amina-cdd,voirie-2024,2024-{m:02d},{h},0"
    rows = [line.format(m=1 + i % 12, h=f"{i % 100}.{i % 97:02d}") for i in range(60_000)]
    (parc / "heures.csv").write_text(
        "personne,contrat,marche,mois,travail,formation\n" + "\n".join(rows) + "\n", "utf-8"
    )
    outcome = run(["count", "parc"], tmp_path)
    assert_clean(outcome, bound=60)
    assert outcome.status == 2
    assert "more problem" in outcome.stderr


@pytest.mark.parametrize("value", ["1E+999999999", "-1E+999999999", "1E-999999999"])
def test_hours_with_extreme_exponents_in_a_document_are_refused(value: str) -> None:
    """Found by the structure fuzzing: a document's hours of 1E+999999999 overflowed the
    decimal context in the check itself (``abs``) instead of being refused."""
    import copy

    from clauserules import ClauseRulesError, count_hours
    from clauserules.ledger.readers import read_parcours

    document = read_parcours(EXAMPLES / "parcours").model_dump(mode="json")
    document = copy.deepcopy(document)
    document["heures"][0][4] = value
    with pytest.raises(ClauseRulesError) as caught:
        count_hours(document)
    assert "heures.0.travail" in caught.value.message
