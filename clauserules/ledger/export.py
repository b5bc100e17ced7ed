"""The ledger as JSON, CSV tables or an XLSX workbook; files are written atomically."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from clauserules._files import atomic_write, atomic_write_set, check_output_path
from clauserules.ledger.output import ZERO, Ledger
from clauserules.ledger.text import ledger_text
from clauserules.ledger.workbook import add_chart, add_month_sheet, text_cells, write_summary
from clauserules.rules.comptage import MOTIF_ORDER

__all__ = ["export", "ledger_csv", "ledger_json", "ledger_tables", "write_xlsx"]


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    """The JSON object of a ledger (decimals as strings, dates ISO)."""
    return ledger.model_dump(mode="json")


MARCHE_COLUMNS = (
    "id",
    "maitre_ouvrage",
    "heures_dues",
    "heures_dues_retenues",
    "heures_travaillees",
    "heures_comptees",
    "heures_comptees_directes",
    "heures_globalisation_recues",
    "heures_globalisation_reparties",
    *(f"exclues_{m.value}" for m in MOTIF_ORDER),
    "ecart",
    "excedent",
    "penalite",
    "regles",
)
PERSONNE_COLUMNS = (
    "id",
    "eligibilite_validee",
    "premiere_embauche",
    "fin_fenetre",
    "dernier_jour_eligible",
    "fin_revue_annuelle",
    "heures_travaillees",
    "heures_comptees",
    "par_marche",
    *(f"exclues_{m.value}" for m in MOTIF_ORDER),
)
GLOBALISATION_COLUMNS = (
    "demande",
    "personne",
    "variante",
    "recevable",
    "conditions_non_remplies",
    "manquant",
    "cle",
    "heures_reparties",
    "repartition",
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def ledger_tables(ledger: Ledger) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    """The ledger as three flat tables (header, rows): marches, personnes, globalisation."""
    marches = [
        [
            m.id,
            m.maitre_ouvrage,
            m.heures_dues,
            m.heures_dues_retenues,
            m.heures_travaillees,
            m.heures_comptees,
            m.heures_comptees_directes,
            m.heures_globalisation_recues,
            m.heures_globalisation_reparties,
            *(m.heures_exclues.get(motif.value, ZERO) for motif in MOTIF_ORDER),
            m.ecart,
            m.excedent,
            m.penalite,
            ";".join(m.regles),
        ]
        for m in ledger.marches
    ]
    personnes = [
        [
            p.id,
            p.eligibilite_validee,
            p.premiere_embauche,
            p.fin_fenetre,
            p.dernier_jour_eligible,
            p.fin_revue_annuelle,
            p.heures_travaillees,
            p.heures_comptees,
            ";".join(f"{k}={v}" for k, v in p.par_marche.items()),
            *(p.heures_exclues.get(motif.value, ZERO) for motif in MOTIF_ORDER),
        ]
        for p in ledger.personnes
    ]
    globalisation = [
        [
            g.demande,
            g.personne,
            g.variant,
            g.recevable,
            ";".join(g.conditions_non_remplies),
            ";".join(g.missing),
            g.cle,
            g.heures_reparties,
            ";".join(f"{k}={v}" for k, v in g.repartition.items()),
        ]
        for g in ledger.globalisation
    ]
    return {
        "marches": (MARCHE_COLUMNS, [[_cell(v) for v in row] for row in marches]),
        "personnes": (PERSONNE_COLUMNS, [[_cell(v) for v in row] for row in personnes]),
        "globalisation": (
            GLOBALISATION_COLUMNS,
            [[_cell(v) for v in row] for row in globalisation],
        ),
    }


def ledger_csv(ledger: Ledger, table: str = "marches") -> str:
    """One table of the ledger as CSV text (``,`` separated, header row)."""
    header, rows = ledger_tables(ledger)[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_safe(v) for v in row] for row in rows)
    return buffer.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except ArithmeticError:
        return False


def _csv_safe(value: Any) -> Any:
    """A cell that a spreadsheet would read as a formula (``= + - @``, tab, carriage return
    first) is written with a leading ``'`` (the OWASP escape); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def write_xlsx(ledger: Ledger, path: str | Path) -> None:
    """Write the ledger as an XLSX workbook: a summary sheet with a native chart
    (:mod:`.workbook`), then marches, personnes, globalisation, mois, regles."""
    import openpyxl

    tables = ledger_tables(ledger)

    def write(target: Path) -> None:
        workbook = openpyxl.Workbook(write_only=True)
        summary = workbook.create_sheet("synthese")  # the sheet a person reads first
        write_summary(summary, ledger)
        for name, (header, rows) in tables.items():
            sheet = workbook.create_sheet(name)
            sheet.append(list(header))
            for row in rows:
                sheet.append(text_cells(sheet, row))
            if name == "marches":
                add_chart(summary, sheet, len(rows))
        add_month_sheet(workbook, summary, ledger)
        sheet = workbook.create_sheet("regles")
        sheet.append(["id", "titre", "sources"])
        for rule in ledger.regles:
            citations = "; ".join(s.citation for s in rule.sources)
            sheet.append(text_cells(sheet, [rule.id, rule.title, citations]))
        workbook.save(target)

    atomic_write(Path(path), write)


def export(ledger: Ledger, fmt: str, out: str | Path | None) -> str | None:
    """Render ``ledger`` as ``json``, ``csv``, ``xlsx`` or ``text``.

    With ``out``, write atomically there and return ``None`` (for ``csv``, ``out`` is a
    directory that receives marches.csv, personnes.csv and globalisation.csv); without, return
    the text (``csv``: the marches table). ``xlsx`` needs ``out``.
    """
    if out is not None and fmt != "csv":
        check_output_path(out)
    if fmt == "xlsx":
        if out is None:
            raise ValueError("the xlsx format needs an output path")
        write_xlsx(ledger, out)
        return None
    if fmt == "csv" and out is not None:
        directory = _output_directory(out)
        atomic_write_set(
            {
                directory / f"{t}.csv": _text_writer(ledger_csv(ledger, t))
                for t in ("marches", "personnes", "globalisation")
            }
        )
        return None
    if fmt == "json":
        text = json.dumps(ledger_json(ledger), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = ledger_csv(ledger, "marches")
    elif fmt == "text":
        text = ledger_text(ledger)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if out is None:
        return text
    atomic_write(Path(out), _text_writer(text))
    return None


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _output_directory(out: str | Path) -> Path:
    """The ``--out`` directory of a CSV export, created if missing (its parent must exist)."""
    from clauserules.errors import OutputNotWritableError

    if str(out) == "":
        raise OutputNotWritableError("the output directory is empty; give a directory name")
    directory = Path(out)
    if directory.is_dir():
        return directory
    if directory.exists() or directory.is_symlink():
        raise OutputNotWritableError(f"{directory}: exists and is not a directory")
    try:
        directory.mkdir()
    except OSError as exc:
        raise OutputNotWritableError(
            f"{directory}: cannot create the directory: {exc.strerror}"
        ) from None
    return directory
