"""A corpus of hostile files, generated here, run through every command of the command line
in subprocesses with a time and memory limit (``fuzz_harness.run``): bombs, deep nesting,
big and tiny numbers, bad encodings, French CSVs, broken XLSX and DOCX, template payloads,
output-path tricks. Every run must exit 0 or 2 (1 for a report), print no traceback and one
line, finish within its bound, leave no partial output and touch nothing outside ``--out``.

The outcomes are counted and, with ``CLAUSERULES_FUZZ_REPORT=FILE``, written to FILE as JSON
(the numbers quoted in the closing note of issue 15)."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzz_harness import (
    EXAMPLES,
    Outcome,
    assert_clean,
    copy_parcours,
    docx_with_entries,
    run,
    snapshot,
    template_with,
)

AT = "2026-11-22"
BOMB = "junk:\n" + "".join(
    f"  - &{n} [{', '.join([p] * 9)}]\n"
    for n, p in zip("abcdefghi", ['"lol"', *("*" + c for c in "abcdefgh")], strict=True)
)
NUMBERS = [
    "NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "1e26",
    "1E+999999999",
    "1e-30",
    "1e400",
    "-1",
    "0",
    "9" * 5000,
    "1" * 100_000,
    "0.000000000000000000000000000001",
    "1_000",
    "0x10",
]
TEXT_FILES = {
    "binary": b"\x00\x01\x02\xff" * 100,
    "utf16": "id: p\n".encode("utf-16"),
    "latin1": "id: é\n".encode("latin-1"),
    "bom": b"\xef\xbb\xbfid: p\n",
    "empty": b"",
    "bomb": BOMB.encode(),
    "deep-yaml": ("a: " + "[" * 20_000 + "]" * 20_000).encode(),
    "deep-json": ("[" * 100_000 + "]" * 100_000).encode(),
    "bigint": ("n: " + "9" * 5000).encode(),
    "dupkey": b"id: p\nid: q\n",
    "tag": b"id: !!python/object/apply:os.system ['true']\n",
    "set-tag": b"id: !!set {a, b}\n",
    "binary-tag": b"id: !!binary aGVsbG8=\n",
    "longstring": b"id: " + b"x" * 2_000_000 + b"\n",
    "control": b'id: "\\e]0;PWNED\\a\\e[2J"\n',
    "manykeys": b"".join(b"k%d: 1\n" % i for i in range(50_000)),
}


@dataclass
class Case:
    name: str
    args: list[str]
    prepare: Callable[[Path], None]
    bound: float = 60
    allowed: tuple[int, ...] = (0, 2)
    out: str | None = None


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def prepare(directory: Path) -> None:
        path = directory / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return prepare


def _consultation_with(extra: str) -> Callable[[Path], None]:
    text = (EXAMPLES / "consultation.yaml").read_text(encoding="utf-8") + "\n" + extra + "\n"
    return _write("c.yaml", text)


def _parcours_with(table: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def prepare(directory: Path) -> None:
        parc = copy_parcours(directory / "parc")
        lines = (parc / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        cells = lines[row - 1].split(",")
        if column in header:
            cells[header.index(column)] = value
        lines[row - 1] = ",".join(cells)
        (parc / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    return prepare


def _french_csv(encoding: str, separator: str) -> Callable[[Path], None]:
    def prepare(directory: Path) -> None:
        parc = copy_parcours(directory / "parc")
        for path in parc.glob("*.csv"):
            text = path.read_text(encoding="utf-8")
            if separator == ";":
                text = text.replace(";", "|").replace(",", ";")
                if path.name == "heures.csv":
                    text = text.replace(".", ",")
            path.write_bytes(text.replace("\n", "\r\n").encode(encoding, "replace"))

    return prepare


def _xlsx(mutate: str) -> Callable[[Path], None]:
    def prepare(directory: Path) -> None:
        import csv

        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for path in sorted((EXAMPLES / "parcours").glob("*.csv")):
            sheet = workbook.create_sheet(path.stem)
            with path.open(encoding="utf-8") as handle:
                for number, row in enumerate(csv.reader(handle), start=1):
                    if path.stem == "heures" and number == 3 and mutate == "formulas":
                        row = [f'="{c}"' for c in row]
                    if path.stem == "heures" and number == 3 and mutate == "extra":
                        row = [*row, "x"]
                    sheet.append(row)
        workbook.save(directory / "w.xlsx")
        if mutate == "dtd":
            with zipfile.ZipFile(directory / "w.xlsx") as source:
                entries = [(i, source.read(i)) for i in source.infolist()]
            with zipfile.ZipFile(directory / "w.xlsx", "w") as target:
                for info, data in entries:
                    if info.filename.startswith("xl/worksheets/"):
                        data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
                    target.writestr(info, data)

    return prepare


def _template(payload: str) -> Callable[[Path], None]:
    return lambda directory: template_with(payload, directory / "t") and None


def _entries(entries: list[tuple[str, bytes]], duplicate: bool = False) -> Callable[[Path], None]:
    return lambda directory: (
        docx_with_entries(entries, directory / "t", duplicate=duplicate) and None
    )


def _bomb_template(directory: Path) -> None:
    docx_with_entries([], directory / "t")
    rc = directory / "t" / "rc.docx"
    with (
        zipfile.ZipFile(rc, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/big.png", "w") as big,
    ):
        for _ in range(60):
            big.write(b"\0" * (1 << 20))


PAYLOADS = [
    "{% for a in 'x'*1000000 %}{% for b in 'x'*1000000 %}{% endfor %}{% endfor %}",
    "{% set l = [1] %}{% for x in l %}{{ l.append(x) }}{% endfor %}",
    "{{ ((10**64)**64)**64 }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '{:&gt;999999999}'.format(1) }}",
    "{{ 'a'|center(10**9) }}",
    "{{ ([1]*1000000)|join('x'*1000000) }}",
    "{{ ('x'*1000000)|replace('x','y'*1000000) }}",
    "{{ ('x\\n'*500000)|indent(1000000) }}",
    "{{ ('x'*1000000)|wordwrap(1) }}",
    "{% set a='x'*1000000 %}{{ a~a~a }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ lots|map(attribute='__class__')|list }}",
    "{{ self.__init__.__globals__ }}",
    "{% include 'x' %}",
    "{{ 7 * 7 }}",
]


def corpus() -> Iterator[Case]:
    commands = {
        "eligibility": lambda f: ["eligibility", f, "--at", AT],
        "plan": lambda f: ["plan", f],
        "generate": lambda f: ["generate", f, "--out", "out"],
        "count": lambda f: ["count", f],
        "check-decp": lambda f: ["check-decp", f],
    }
    for name, data in TEXT_FILES.items():
        for suffix in ("yaml", "json"):
            for command, args in commands.items():
                if command == "check-decp" and suffix == "yaml":
                    continue
                file = f"in.{suffix}"
                yield Case(
                    f"{command}:{name}.{suffix}",
                    args(file),
                    _write(file, data),
                    out="out" if command == "generate" else None,
                    allowed=(0, 1, 2) if command == "check-decp" else (0, 2),
                )
    yield Case("eligibility:/dev/zero", ["eligibility", "/dev/zero", "--at", AT], _write("x", ""))
    for number in NUMBERS:
        yield Case(
            f"hours:--montant {number[:20]}",
            ["hours", "--montant", number, "--nature", "travaux", "--at", "2026-01-05"],
            _write("x", ""),
            bound=20,
        )
        yield Case(
            f"hours:--cout-horaire {number[:20]}",
            [
                "hours",
                "--montant",
                "1000000",
                "--cout-horaire",
                number,
                "--nature",
                "travaux",
                "--at",
                "2026-01-05",
            ],
            _write("x", ""),
            bound=20,
        )
        for field in ("penalite_par_heure",):
            yield Case(
                f"generate:documents.{field}={number[:20]}",
                ["generate", "c.yaml", "--out", "out"],
                _consultation_with(f"documents: {{{field}: '{number}'}}"),
                out="out",
            )
        yield Case(
            f"plan:achats_annuels_ht={number[:20]}",
            ["plan", "c.yaml"],
            _consultation_with(f"x_acheteur: {{achats_annuels_ht: '{number}'}}"),
        )
        for table, column in (
            ("marches", "heures_dues"),
            ("marches", "montant"),
            ("heures", "travail"),
            ("marches", "penalite_par_heure"),
        ):
            yield Case(
                f"count:{table}.{column}={number[:20]}",
                ["count", "parc"],
                _parcours_with(table, 2, column, number),
            )
    for value in (
        "0",
        "1710460800",
        "2024-03-15T00:00Z",
        "9999-12-31",
        "1850-01-01",
        "15/03/2024",
        "2024-02-30",
        "²",
        "①",
    ):
        for table, column in (
            ("contrats", "debut"),
            ("marches", "fin_execution"),
            ("heures", "mois"),
            ("personnes", "eligibilite_date"),
        ):
            yield Case(
                f"count:{table}.{column}={value}",
                ["count", "parc"],
                _parcours_with(table, 2, column, value),
            )
    for encoding in ("utf-8", "cp1252", "utf-16"):
        for separator in (",", ";"):
            yield Case(
                f"count:csv {encoding} '{separator}'",
                ["count", "parc"],
                _french_csv(encoding, separator),
            )
    for mutate in ("plain", "formulas", "extra", "dtd"):
        yield Case(f"count:xlsx {mutate}", ["count", "w.xlsx"], _xlsx(mutate))
    for name, data in (("not-a-zip", b"PK\x03\x04garbage"), ("empty", b""), ("text", b"x,y\n")):
        yield Case(f"count:xlsx {name}", ["count", "w.xlsx"], _write("w.xlsx", data))
    for payload in PAYLOADS:
        yield Case(
            f"generate:template {payload[:40]}",
            ["generate", str(EXAMPLES / "consultation.yaml"), "--templates", "t", "--out", "out"],
            _template(payload),
            out="out",
        )
        yield Case(
            f"check-template:{payload[:40]}",
            ["check-template", "t/rc.docx"],
            _template(payload),
            allowed=(0, 1, 2),
        )
    archives: dict[str, Callable[[Path], None]] = {
        "dtd": _entries(
            [("word/settings.xml", b'<!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]><x/>')]
        ),
        "billion-laughs": _entries(
            [
                (
                    "word/document.xml",
                    b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>',
                )
            ]
        ),
        "broken-xml": _entries([("word/document.xml", b"<w:document><unclosed>")]),
        "duplicate": _entries([("word/document.xml", b"<x/>")], duplicate=True),
        "zip-slip": _entries([("../../../../tmp/evil.txt", b"x")]),
        "no-document": lambda d: (
            (d / "t").mkdir() or zipfile.ZipFile(d / "t" / "rc.docx", "w").close()
        ),
        "bomb": _bomb_template,
    }
    for name, prepare in archives.items():
        yield Case(
            f"generate:archive {name}",
            ["generate", str(EXAMPLES / "consultation.yaml"), "--templates", "t", "--out", "out"],
            prepare,
            out="out",
        )
        yield Case(
            f"check-template:archive {name}",
            ["check-template", "t/rc.docx"],
            prepare,
            allowed=(0, 1, 2),
        )
    yield Case("check-template:/dev/zero", ["check-template", "/dev/zero"], _write("x", ""))
    outs = {
        "fifo": lambda d: os.mkfifo(d / "target"),
        "directory": lambda d: (d / "target").mkdir(),
        "missing-parent": lambda d: None,
        "parent-is-file": lambda d: (d / "target").write_text("keep"),
    }
    for name, prepare in outs.items():
        target = "target/x.json" if name in ("missing-parent", "parent-is-file") else "target"
        for fmt in ("json", "xlsx", "csv"):
            yield Case(
                f"count:--out {name} {fmt}",
                ["count", str(EXAMPLES / "parcours"), "--format", fmt, "--out", target],
                prepare,
                out=target if fmt == "csv" else None,  # csv: a directory of exports
            )
        yield Case(
            f"generate:--out {name}",
            ["generate", str(EXAMPLES / "consultation.yaml"), "--out", target],
            prepare,
            out=target,
        )
    for out in ("", "with space", "a#b", "p%41", "é"):
        yield Case(
            f"generate:--out {out!r}",
            ["generate", str(EXAMPLES / "consultation.yaml"), "--out", out],
            lambda d: None,
            out=out or None,
        )


CASES = list(corpus())


def _run_case(case: Case, root: Path) -> tuple[Case, Outcome, str | None]:
    directory = root / f"case-{CASES.index(case)}"
    directory.mkdir()
    case.prepare(directory)
    out = directory / case.out if case.out else None
    before = snapshot(directory, ignore=out)
    outcome = run(case.args, directory, timeout=max(case.bound * 2, 60))
    problem = None
    try:
        assert_clean(outcome, case.bound, case.allowed)
        assert snapshot(directory, ignore=out) == before, "a file outside --out changed"
        if out is not None and outcome.status != 0 and out.is_dir():
            leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
            assert not leftovers, f"partial output left: {leftovers}"
    except AssertionError as exc:
        problem = f"{case.name}: {str(exc)[:300]}"
    shutil.rmtree(directory, ignore_errors=True)
    return case, outcome, problem


@pytest.mark.slow
@pytest.mark.fuzz
def test_hostile_corpus_on_every_command(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        results = list(pool.map(lambda c: _run_case(c, tmp_path), CASES))
    counts = Counter(outcome.kind for _, outcome, _ in results)
    problems = [p for *_, p in results if p]
    summary = {"inputs": len(CASES), "outcomes": dict(sorted(counts.items())), "problems": problems}
    report = os.environ.get("CLAUSERULES_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert not problems, "\n".join(problems)
