"""Reading the ledger from an XLSX workbook (one sheet per table), with openpyxl in read-only
mode; formulas saved without their computed values and damaged or hostile sheets are
reported, never read as empty cells or left to fail (ADR 0070)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from clauserules.errors import ClauseRulesError, InputFileError, InvalidInputError
from clauserules.ledger.checks import gc_paused
from clauserules.ledger.model import REQUIRED_TABLES, TABLES, Parcours
from clauserules.ledger.tables import Table as _Table
from clauserules.ledger.tables import TableProblems as _Problems

__all__ = ["read_xlsx"]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = repr(value)
        exact = Decimal(text)
        rounded = exact.quantize(Decimal("0.01"))
        if exact != rounded and abs(exact - rounded) < Decimal("1e-9"):
            return str(rounded)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


Build = Callable[[dict[str, _Table], Callable[[str, int, str], str], str], Parcours]


def read_xlsx(path: str | Path, build: Build) -> Parcours:
    """Read one XLSX workbook with one sheet per table (openpyxl, read-only); ``build``
    turns the tables into a parcours (the readers' ``_from_tables``)."""
    import openpyxl

    path = Path(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InputFileError(f"{path}: not a readable XLSX workbook ({exc})") from None
    formulas = None
    try:
        tables: dict[str, _Table] = {}
        missing = []
        formulas = _formula_workbook(path)
        if formulas is not None:
            uncached = _Problems()
            for table in TABLES:
                if table in workbook.sheetnames and table in formulas.sheetnames:
                    _uncached(workbook, formulas, table, uncached)
            if uncached.items:
                raise InvalidInputError(uncached.items, subject=str(path))
        for table in TABLES:
            if table in workbook.sheetnames:
                tables[table] = _sheet_table(workbook[table], table)
            elif table in REQUIRED_TABLES:
                missing.append(table)
        if missing:
            raise InputFileError(f"{path}: missing sheet(s) {', '.join(missing)}")
        with gc_paused():
            return build(tables, lambda table, n, field: f"{table}!row {n}:{field}", str(path))
    except (SyntaxError, ValueError, KeyError, EOFError, OSError, zipfile.BadZipFile) as exc:
        # a damaged or hostile sheet (bad XML, a DTD, entities) found while reading rows
        if isinstance(exc, ClauseRulesError):
            raise
        raise InputFileError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {str(exc)[:80]})"
        ) from None
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()


def _formula_workbook(path: Path) -> Any:
    """The workbook with its formulas, when a sheet holds formulas (else ``None``): a
    formula saved without its computed value (a workbook written by a script) reads as
    an empty cell, and its row would be dropped silently."""
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            found = False
            for entry in sheets:
                with archive.open(entry) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                            found = True
                            break
                        tail = chunk[-3:]
                if found:
                    break
    except (OSError, zipfile.BadZipFile):
        return None
    if not found:
        return None
    return openpyxl.load_workbook(path, read_only=True, data_only=False)


_UNCACHED = (
    "a formula without a computed value (a workbook written by a program): open the "
    "workbook in Excel or LibreOffice and save it, or write the values"
)


def _uncached(workbook: Any, formulas: Any, table: str, problems: _Problems) -> None:
    """Report the cells holding a formula whose value was never computed (they read as
    empty, and their row would be dropped or changed silently)."""
    values = workbook[table].iter_rows(values_only=True)
    raw = formulas[table].iter_rows(values_only=True)
    header = [_cell_text(v).strip() for v in next(values, ())]
    next(raw, None)
    for number, (row, written) in enumerate(zip(values, raw, strict=False), start=2):
        for position, formula in enumerate(written[: len(header)]):
            if (
                isinstance(formula, str)
                and formula.startswith("=")
                and (position >= len(row) or row[position] is None)
            ):
                problems.add(f"{table}!row {number}:{header[position] or '?'}", _UNCACHED)
                break


def _sheet_table(sheet: Any, table: str) -> _Table:
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(v).strip() for v in next(iterator)]
    except StopIteration:
        header = []
    while header and header[-1] == "":
        header.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        for values in iterator:
            number += 1
            cells = [_cell_text(v) for v in values[: len(header)]]
            if any(cells):
                yield number, cells

    return _Table(table, header, rows(), lambda n, col: f"{table}!row {n}:{col}")
