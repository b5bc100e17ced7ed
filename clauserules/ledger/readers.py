"""Readers of insertion paths: YAML/JSON documents, CSV directories, XLSX workbooks.

A :class:`Parcours` gathers five tables — ``marches``, ``personnes``, ``contrats``,
``heures`` (monthly hours lines) and ``demandes_globalisation`` — read from

* a YAML or JSON document with one key per table (small cases, tests);
* a directory of CSV files ``marches.csv``, ``personnes.csv``, ``contrats.csv``,
  ``heures.csv`` and, optionally, ``demandes_globalisation.csv`` (UTF-8, comma or
  semicolon separated, header row; see ``examples/parcours/``);
* one XLSX workbook with one sheet per table, same columns.

Every problem of every row is collected and raised as **one**
:class:`~clauserules.errors.InvalidInputError` whose locations name the file or sheet, the
row and the column: ``heures.csv:row 12:travail``, ``heures!row 12:travail``,
``heures.11.travail`` (YAML, 0-based index). Rows are numbered as a spreadsheet shows
them: the header is row 1.

The small tables are validated by pydantic; hours lines are parsed by plain code into
columns (:class:`~clauserules.ledger.model.HeuresTable`). Their *values* are checked by
:func:`clauserules.ledger.checks.check`, whatever the reader, without the rules engine.

CSV columns that hold structured values:

* lists (``marches``, ``accords_maitres_ouvrage``): values separated by ``;`` or ``|``;
* ``proratisation`` (marches): periods ``AAAA-MM-JJ..AAAA-MM-JJ:motif`` separated by ``;``
  (motif ``chomage_partiel`` or ``licenciement_economique``);
* ``revue_annuelle`` (personnes): ``AAAA-MM-JJ:maintien`` or ``AAAA-MM-JJ:fin``, separated
  by ``;``;
* booleans: ``oui``/``non``, ``true``/``false``, ``1``/``0``; empty = absent;
* decimals accept a comma (``7,5``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from clauserules._files import load_document
from clauserules.core.inputs import problems_from
from clauserules.errors import FieldProblem, InputFileError, InvalidInputError
from clauserules.ledger.checks import NOT_A_NUMBER, TWO_DECIMALS, check, gc_paused
from clauserules.ledger.model import (
    COLUMNS,
    REQUIRED_COLUMNS,
    REQUIRED_TABLES,
    TABLES,
    Commande,
    Contrat,
    DemandeGlobalisation,
    HeuresTable,
    LigneHeures,
    Locator,
    Marche,
    Parcours,
    PersonneParcours,
)
from clauserules.ledger.tables import Table as _Table
from clauserules.ledger.tables import TableProblems as _Problems
from clauserules.ledger.xlsx import read_xlsx

__all__ = ["COLUMNS", "hours_cents", "parse_parcours", "read_parcours"]


# --------------------------------------------------------------------------------------
# Documents (YAML / JSON / mappings)
# --------------------------------------------------------------------------------------


def parse_parcours(data: Any, *, name: str = "parcours") -> Parcours:
    """Validate a mapping with one key per table into a :class:`Parcours`.

    Raises:
        InvalidInputError: every problem of every row, with its location.
    """
    if isinstance(data, Parcours):
        return data
    if not isinstance(data, Mapping):
        raise InvalidInputError(
            [FieldProblem("(root)", "expected a mapping with keys " + ", ".join(TABLES))],
            subject=name,
        )
    try:
        parcours = Parcours.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError(problems_from(exc), subject=name) from None
    _raise_if(parcours, [], name)
    return parcours


def _raise_if(parcours: Parcours, problems: list[FieldProblem], name: str) -> None:
    """Add the value problems of ``parcours`` to ``problems``; raise if any.

    The checks run without the rules engine; their prepared index stays on ``parcours`` for
    :func:`~clauserules.ledger.service.count_hours` (a document is checked and counted once).
    """
    with gc_paused():
        prepared = check(parcours)
    problems = problems + prepared.problems.sorted()
    if problems:
        raise InvalidInputError(problems, subject=name)
    parcours._prepared = prepared


# --------------------------------------------------------------------------------------
# Tables (CSV directory, XLSX workbook)
# --------------------------------------------------------------------------------------


_REGLES = ("regle_24_mois", "cdi_deuxieme_annee", "marche_long", "heures_formation")
_BOOLEANS = {
    "oui": True,
    "non": False,
    "true": True,
    "false": False,
    "vrai": True,
    "faux": False,
    "1": True,
    "0": False,
}


_MAX_HOURS_TEXT = 12
"""Longest hours cell read as a number (``1000000.00`` is already far over 744 h)."""
_NOT_ASCII_DIGITS = "expected a number of hours written with the digits 0-9"
_TOO_MANY_HOURS = "expected a number of hours of at most 744 h"


def _extra_cells(table: _Table, number: int, row: list[str], problems: _Problems) -> bool:
    """A row with more (non-empty) cells than the header has columns is refused: with a
    decimal comma in a comma-separated file, ``151,67`` would be read as two cells."""
    width = len(table.header)
    if len(row) <= width or not any(c.strip() for c in row[width:]):
        return False
    problems.add(
        table.place(number, table.header[-1] if table.header else "(row)"),
        f"{len(row)} cells for {width} columns (a decimal comma in a comma-separated file? "
        "write 151.67, or separate the cells with semicolons)",
    )
    return True


def _show(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace("|", ";").split(";") if v.strip()]


def _bool_cell(value: str) -> Any:
    return _BOOLEANS.get(value.strip().lower(), value)


def _parse_periods(value: str, place: str, problems: _Problems) -> list[dict[str, str]] | None:
    periods = []
    for item in _split(value):
        span, _, motif = item.partition(":")
        debut, sep, fin = span.partition("..")
        if not sep or not motif:
            problems.add(
                place, "expected periods AAAA-MM-JJ..AAAA-MM-JJ:motif separated by ';'", _show(item)
            )
            return None
        periods.append({"debut": debut.strip(), "fin": fin.strip(), "motif": motif.strip()})
    return periods


def _parse_reviews(value: str, place: str, problems: _Problems) -> list[dict[str, Any]] | None:
    reviews = []
    for item in _split(value):
        day, _, outcome = item.partition(":")
        outcome = outcome.strip().lower()
        if outcome not in ("maintien", "fin"):
            problems.add(
                place,
                "expected reviews AAAA-MM-JJ:maintien or AAAA-MM-JJ:fin separated by ';'",
                _show(item),
            )
            return None
        reviews.append({"date": day.strip(), "maintien": outcome == "maintien"})
    return reviews


def _record(
    table: str, cells: Mapping[str, str], place: Callable[[str], str], problems: _Problems
) -> dict[str, Any] | None:
    """The nested mapping of one row of a small table (``None`` when a cell is malformed)."""
    values = {k: v.strip() for k, v in cells.items() if v is not None and v.strip() != ""}
    ok = True
    if table == "marches":
        regles = {k: _bool_cell(values.pop(k)) for k in _REGLES if k in values}
        if regles:
            values["regles"] = regles  # type: ignore[assignment]
        if "proratisation" in values:
            periods = _parse_periods(values.pop("proratisation"), place("proratisation"), problems)
            ok = periods is not None
            values["proratisation"] = periods  # type: ignore[assignment]
        for key in ("heures_dues", "montant", "penalite_par_heure", "euros_par_heure"):
            if key in values:
                values[key] = values[key].replace(",", ".")
        if "membres_groupement" in values:
            values["membres_groupement"] = _split(values["membres_groupement"])  # type: ignore[assignment]
    elif table == "commandes":
        if "montant_ht" in values:
            values["montant_ht"] = values["montant_ht"].replace(",", ".")
    elif table == "personnes":
        eligibilite: dict[str, Any] = {}
        if "eligibilite_validee" in values:
            eligibilite["validee"] = _bool_cell(values.pop("eligibilite_validee"))
        if "eligibilite_date" in values:
            eligibilite["date"] = values.pop("eligibilite_date")
        if "referentiel" in values:
            eligibilite["referentiel"] = values.pop("referentiel")
        values["eligibilite"] = eligibilite  # type: ignore[assignment]
        if "revue_annuelle" in values:
            reviews = _parse_reviews(
                values.pop("revue_annuelle"), place("revue_annuelle"), problems
            )
            ok = reviews is not None
            values["revue_annuelle"] = reviews  # type: ignore[assignment]
    elif table == "demandes_globalisation":
        for key in ("marches", "accords_maitres_ouvrage"):
            if key in values:
                values[key] = _split(values[key])  # type: ignore[assignment]
        for key in (
            "meme_territoire",
            "favorable_parcours",
            "eligibilite_verifiee",
            "engagement_execution",
        ):
            if key in values:
                values[key] = _bool_cell(values[key])
    return values if ok else None


_NESTED = {
    ("eligibilite", "validee"): "eligibilite_validee",
    ("eligibilite", "date"): "eligibilite_date",
    ("eligibilite", "referentiel"): "referentiel",
}


def _column_of(table: str, loc: Sequence[str | int]) -> str:
    """The CSV column of a pydantic error location."""
    if not loc:
        return "(row)"
    head = str(loc[0])
    if head == "regles" and len(loc) > 1:
        return str(loc[1])
    if head == "eligibilite":
        if len(loc) > 1:
            return _NESTED.get(("eligibilite", str(loc[1])), "eligibilite_validee")
        return "eligibilite_validee"
    return head


def _small_table(
    table: _Table, model: type[BaseModel], problems: _Problems, rejected: set[str]
) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    header = table.header
    for number, row in table.rows:
        if _extra_cells(table, number, row, problems):
            rejected.add(row[header.index("id")].strip() if "id" in header else "")
            continue
        cells = dict(zip(header, row, strict=False))

        def place(column: str, n: int = number) -> str:
            return table.place(n, column)

        record = _record(table.name, cells, place, problems)
        if record is None:
            rejected.add(cells.get("id", "").strip())
            continue
        try:
            out.append((number, model.model_validate(record)))
        except ValidationError as exc:
            rejected.add(cells.get("id", "").strip())
            for error in exc.errors(include_url=False):
                column = _column_of(table.name, error["loc"])
                found = None if error["type"] == "missing" else _show(str(error.get("input")))
                if error["type"] == "missing" and column == "eligibilite_validee":
                    found = None
                problems.add(table.place(number, column), error["msg"], found)
    return out


def hours_cents(text: str) -> int | str:
    """Hours written ``151.67``, ``7,5`` or ``120`` as integer hundredths, or the problem.

    Signs are kept: the bounds (0 to 744 h) are checked with the other values by
    :func:`clauserules.ledger.checks.check`.
    """
    whole, dot, frac = text.partition(".")
    if not text.isascii():  # ² and ① are "digits" to str.isdigit, not to int()
        return _NOT_ASCII_DIGITS
    if whole.isdigit() and (not dot or (frac.isdigit() and len(frac) <= 2)):
        if len(whole) > 7:
            return _TOO_MANY_HOURS
        return int(whole) * 100 + (int(frac.ljust(2, "0")) if dot else 0)
    if len(text.strip()) > _MAX_HOURS_TEXT:
        return (
            _TOO_MANY_HOURS if text.strip().lstrip("+").replace(".", "").isdigit() else NOT_A_NUMBER
        )
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return NOT_A_NUMBER
    if not value.is_finite():
        return NOT_A_NUMBER
    if value.adjusted() >= 6:  # 1,000,000 h or more (abs() could overflow the context)
        return _TOO_MANY_HOURS
    scaled = value.scaleb(2)
    if scaled != scaled.to_integral_value():
        return TWO_DECIMALS
    return int(scaled)


def _hours_table(table: _Table, problems: _Problems) -> tuple[HeuresTable, list[int]]:
    """Parse hours rows with plain code (no pydantic per line): ids and month as written,
    hours as integer hundredths (a cache of the texts seen: hours repeat a lot)."""
    header = table.header
    index = {name: header.index(name) for name in COLUMNS["heures"] if name in header}
    ip, ic, im, imois, it = (index[k] for k in ("personne", "contrat", "marche", "mois", "travail"))
    iform = index.get("formation", -1)
    width = max(index.values()) + 1
    cols: tuple[list[str], list[str], list[str], list[str], list[int], list[int]] = (
        [],
        [],
        [],
        [],
        [],
        [],
    )
    ps, cs, ms, mo, ts, fs = cols
    numbers: list[int] = []
    cache: dict[str, int | str] = {"": 0}
    for number, row in table.rows:
        if _extra_cells(table, number, row, problems):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        text = row[it]
        travail = cache.get(text)
        if travail is None:
            travail = hours_cents(text)
            if len(cache) < 100_000:
                cache[text] = travail
        if not text:
            travail = NOT_A_NUMBER
        formation: int | str = 0
        if iform >= 0:
            text = row[iform]
            formation = cache.get(text)  # type: ignore[assignment]
            if formation is None:
                formation = hours_cents(text)
                if len(cache) < 100_000:
                    cache[text] = formation
        if type(travail) is str or type(formation) is str:
            if type(travail) is str:
                problems.add(table.place(number, "travail"), travail, _show(row[it]))
            if type(formation) is str:
                problems.add(table.place(number, "formation"), formation, _show(row[iform]))
            continue
        ps.append(row[ip])
        cs.append(row[ic])
        ms.append(row[im])
        mo.append(row[imois])
        ts.append(travail)  # type: ignore[arg-type]
        fs.append(formation)  # type: ignore[arg-type]
        numbers.append(number)
    return HeuresTable(*cols), numbers


_MODELS: dict[str, type[BaseModel]] = {
    "marches": Marche,
    "personnes": PersonneParcours,
    "contrats": Contrat,
    "demandes_globalisation": DemandeGlobalisation,
    "commandes": Commande,
}


def _check_header(table: _Table, problems: _Problems) -> bool:
    known = COLUMNS[table.name]
    ok = True
    for position, column in enumerate(table.header):
        if column in table.header[:position]:
            problems.add(
                table.place(1, column or "(empty)"),
                "column given twice; keep one",
                _show(column),
            )
            ok = False
            continue
        if column not in known:
            problems.add(
                table.place(1, column or "(empty)"),
                f"unknown column; expected some of: {', '.join(known)}",
                _show(column),
            )
            ok = False
    for column in REQUIRED_COLUMNS[table.name]:
        if column not in table.header:
            problems.add(table.place(1, column), "missing required column")
            ok = False
    return ok


def _from_tables(tables: Mapping[str, _Table], locator: Locator, name: str) -> Parcours:
    problems = _Problems()
    parsed: dict[str, list[tuple[int, Any]]] = {}
    numbers: dict[str, list[int]] = {}
    hours: HeuresTable | tuple[()] = ()
    rejected: dict[str, set[str]] = {}
    headers_ok = [_check_header(table, problems) for table in tables.values()]
    if not all(headers_ok):  # rows cannot be read against a wrong header: stop here
        raise InvalidInputError(problems.items, subject=name)
    for table_name in TABLES:
        table = tables.get(table_name)
        if table is None:
            parsed[table_name] = []
            numbers[table_name] = []
            continue
        if table_name == "heures":
            hours, numbers["heures"] = _hours_table(table, problems)
        else:
            rejected[table_name] = set()
            parsed[table_name] = _small_table(
                table, _MODELS[table_name], problems, rejected[table_name]
            )
            numbers[table_name] = [n for n, _ in parsed[table_name]]

    def located(table: str, index: int, field: str) -> str:
        rows = numbers.get(table)
        number = rows[index] if rows is not None and 0 <= index < len(rows) else index + 2
        return locator(table, number, field)

    parcours = Parcours.model_construct(
        marches=tuple(m for _, m in parsed["marches"]),
        personnes=tuple(p for _, p in parsed["personnes"]),
        contrats=tuple(c for _, c in parsed["contrats"]),
        heures=cast("tuple[LigneHeures, ...]", hours),  # a HeuresTable is a Sequence of them
        demandes_globalisation=tuple(d for _, d in parsed["demandes_globalisation"]),
        commandes=tuple(d for _, d in parsed["commandes"]),
    )
    parcours._locator = located
    parcours._rejected = rejected
    # with shape problems, the value problems join them in one error; without, the checks
    # are left to count_hours: the one pass over the lines then runs under its progress bar
    if problems.items:
        _raise_if(parcours, problems.items, name)
    return parcours


# --- CSV ------------------------------------------------------------------------------


def _csv_table(path: Path, table: str) -> _Table:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        sample = handle.read(4096)
        handle.seek(0)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(_not_utf8(path, exc.start)) from None
    first = sample.splitlines()[0] if sample else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        header = []
    except (UnicodeDecodeError, csv.Error) as exc:
        handle.close()
        raise InputFileError(f"{path}: cannot be parsed as CSV: {exc}") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            number = 1
            for row in reader:
                number += 1
                if any(row):
                    yield number, row
        except UnicodeDecodeError as exc:
            raise InputFileError(_not_utf8(path, exc.start)) from None
        except csv.Error as exc:
            raise InputFileError(f"{path}: line {reader.line_num}: {exc}") from None
        finally:
            handle.close()

    return _Table(table, header, rows(), lambda n, col: f"{table}.csv:row {n}:{col}", str(path))


def _not_utf8(path: Path, byte: int) -> str:
    return (
        f"{path}: not UTF-8 text (byte {byte}); Excel's « CSV (séparateur : point-virgule) » "
        "is Windows-1252: save as « CSV UTF-8 (délimité par des virgules) » instead "
        "(LibreOffice: jeu de caractères Unicode (UTF-8))"
    )


def read_csv_dir(directory: str | Path) -> Parcours:
    """Read a directory of CSV files (one per table)."""
    directory = Path(directory)
    tables: dict[str, _Table] = {}
    missing = []
    for table in TABLES:
        path = directory / f"{table}.csv"
        if path.is_file():
            tables[table] = _csv_table(path, table)
        elif table in REQUIRED_TABLES:
            missing.append(f"{table}.csv")
    if missing:
        raise InputFileError(f"{directory}: missing file(s) {', '.join(missing)}")
    with gc_paused():
        return _from_tables(
            tables, lambda table, n, field: f"{table}.csv:row {n}:{field}", str(directory)
        )


# --- Entry point ----------------------------------------------------------------------


def read_parcours(path: str | Path) -> Parcours:
    """Read insertion paths from a YAML/JSON file, a directory of CSV files or an XLSX workbook.

    Raises:
        InputFileError: the file or directory cannot be read.
        InvalidInputError: one error listing every offending row (file or sheet, row, field).
    """
    path = Path(path)
    if path.is_dir():
        return read_csv_dir(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path, _from_tables)
    if suffix in (".yaml", ".yml", ".json"):
        return parse_parcours(load_document(path), name=str(path))
    if not path.exists():
        raise InputFileError(f"{path}: no such file or directory")
    raise InputFileError(
        f"{path}: expected a directory of CSV files, an .xlsx workbook or a .yaml/.json file"
    )
