"""Summary and exports of a DECP audit: counts by buyer and year, CSV/XLSX/JSON files, text.

:func:`audit_decp` judges every record of a file as :func:`~clauserules.publication.check_decp.check_decp`
and keeps the counts (:class:`DecpAudit`); :func:`audit_text` is the French summary.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clauserules import InvalidInputError
from clauserules.publication._compat import (
    FieldProblem,
    OutputNotWritableError,
)
from clauserules.publication.check_decp import (
    _FR_CONSTAT,
    _FR_DECLARATION,
    _FR_OBLIGATION,
    PROGRESS_MIN_RECORDS,
    ROW_HEADERS,
    RecordCheck,
    _iterate,
    _options,
)
from clauserules.publication.decp_reading import _Reader, iter_records

__all__ = ["DecpAudit", "audit_decp", "audit_text", "progress_bar"]

# --- summary and exports ------------------------------------------------------------------


_GROUP_KEYS = (
    "enregistrements",
    "obligation_applicable",
    "obligation_indeterminee",
    "consideration_sociale",
    "clause_sociale",
    "clause_absente",
    "a_verifier",
)


@dataclass(slots=True)
class DecpAudit:
    """Counts of an audit, overall and by buyer and year (bounded by their number)."""

    fichier: str
    enregistrements: int = 0
    contrats: Counter[str] = field(default_factory=Counter)
    obligation: Counter[str] = field(default_factory=Counter)
    constats: Counter[str] = field(default_factory=Counter)
    declarations: Counter[str] = field(default_factory=Counter)
    problemes: int = 0
    exemples_problemes: list[str] = field(default_factory=list)
    a_verifier: list[RecordCheck] = field(default_factory=list)
    """The first records to look at (clause absent or undetermined), at most 50."""
    par_acheteur_annee: dict[tuple[str, int | None], Counter[str]] = field(default_factory=dict)

    def add(self, check: RecordCheck) -> None:
        self.enregistrements += 1
        self.contrats[check.contrat] += 1
        self.obligation[check.obligation] += 1
        self.constats[check.constat] += 1
        declared = (
            "absente"
            if check.considerations is None
            else "declaree"
            if check.declare_consideration
            else "pas_de_consideration"
        )
        self.declarations[declared] += 1
        if check.problemes:
            self.problemes += 1
            if len(self.exemples_problemes) < 20:
                self.exemples_problemes.append(f"{check.position}: {'; '.join(check.problemes)}")
        if check.constat in ("clause_absente", "a_verifier") and len(self.a_verifier) < 50:
            self.a_verifier.append(check)
        key = (check.acheteur or "(inconnu)", check.annee)
        group = self.par_acheteur_annee.get(key)
        if group is None:
            group = self.par_acheteur_annee[key] = Counter()
        group["enregistrements"] += 1
        group["obligation_applicable"] += check.obligation == "applicable"
        group["obligation_indeterminee"] += check.obligation == "indetermine"
        group["consideration_sociale"] += bool(check.declare_consideration)
        group["clause_sociale"] += check.clause_sociale
        group["clause_absente"] += check.constat == "clause_absente"
        group["a_verifier"] += check.constat == "a_verifier"

    def groups(self) -> list[dict[str, Any]]:
        """Counts by buyer and year, sorted by buyer then year."""
        rows = []
        for (acheteur, annee), counts in sorted(
            self.par_acheteur_annee.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)
        ):
            rows.append(
                {"acheteur": acheteur, "annee": annee, **{k: counts[k] for k in _GROUP_KEYS}}
            )
        return rows

    def par_annee(self) -> list[dict[str, Any]]:
        years: dict[int | None, Counter[str]] = {}
        for (_, annee), counts in self.par_acheteur_annee.items():
            years.setdefault(annee, Counter()).update(counts)
        return [
            {"annee": year, **{k: years[year][k] for k in _GROUP_KEYS}}
            for year in sorted(years, key=lambda y: y or 0)
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "fichier": self.fichier,
            "enregistrements": self.enregistrements,
            "contrats": dict(self.contrats),
            "obligation": {k: self.obligation[k] for k in _FR_OBLIGATION},
            "considerations_sociales": {
                k: self.declarations[k] for k in ("declaree", "pas_de_consideration", "absente")
            },
            "constats": {k: self.constats[k] for k in _FR_CONSTAT},
            "problemes": self.problemes,
            "exemples_problemes": self.exemples_problemes,
            "par_annee": self.par_annee(),
            "par_acheteur_annee": self.groups(),
        }


class _Writer:
    """Streams the per-record rows to a CSV file or an XLSX workbook (write-only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = path.suffix.lower()
        if self.kind not in (".csv", ".xlsx"):
            raise InvalidInputError(
                [FieldProblem("--out", "expected a .csv or .xlsx file name", str(path))],
                subject="arguments",
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if self.kind == ".csv":
                self.handle: Any = path.open("w", encoding="utf-8", newline="")
                self.csv = csv.writer(self.handle, delimiter=";")
                self.csv.writerow(ROW_HEADERS)
            else:
                from openpyxl import Workbook

                self.book = Workbook(write_only=True)
                self.sheet = self.book.create_sheet("enregistrements")
                self.sheet.append(list(ROW_HEADERS))
        except OSError as exc:
            raise OutputNotWritableError(f"{path}: cannot be written: {exc.strerror}") from None

    def add(self, check: RecordCheck) -> None:
        row = list(check.row().values())
        if self.kind == ".csv":
            self.csv.writerow(row)
        else:
            self.sheet.append(row)

    def close(self, audit: DecpAudit) -> list[Path]:
        try:
            if self.kind == ".csv":
                self.handle.close()
                groups = self.path.with_name(self.path.stem + ".par_acheteur_annee.csv")
                with groups.open("w", encoding="utf-8", newline="") as handle:
                    writer = csv.writer(handle, delimiter=";")
                    writer.writerow(["acheteur", "annee", *_GROUP_KEYS])
                    for row in audit.groups():
                        writer.writerow(list(row.values()))
                return [self.path, groups]
            summary = self.book.create_sheet("synthese")
            for name, value in _summary_rows(audit):
                summary.append([name, value])
            groups_sheet = self.book.create_sheet("par_acheteur_annee")
            groups_sheet.append(["acheteur", "annee", *_GROUP_KEYS])
            for row in audit.groups():
                groups_sheet.append(list(row.values()))
            self.book.save(self.path)
            return [self.path]
        except OSError as exc:
            raise OutputNotWritableError(
                f"{self.path}: cannot be written: {exc.strerror}"
            ) from None


def _summary_rows(audit: DecpAudit) -> list[tuple[str, Any]]:
    data = audit.as_dict()
    rows: list[tuple[str, Any]] = [
        ("fichier", audit.fichier),
        ("enregistrements", audit.enregistrements),
    ]
    rows += [(f"contrats : {k}", v) for k, v in data["contrats"].items()]
    rows += [(f"obligation : {_FR_OBLIGATION[k]}", v) for k, v in data["obligation"].items()]
    rows += [
        (f"considérations sociales : {_FR_DECLARATION[k]}", v)
        for k, v in data["considerations_sociales"].items()
    ]
    rows += [(f"constat : {_FR_CONSTAT[k]}", v) for k, v in data["constats"].items()]
    rows.append(("enregistrements avec champs illisibles", audit.problemes))
    return rows


Progress = Callable[[int, int, int], None]
"""``progress(records, bytes_read, total_bytes)``."""


def audit_decp(
    path: str | Path,
    *,
    out: str | Path | None = None,
    type_acheteur: str | None = None,
    delai_lancement_max_mois: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> tuple[DecpAudit, list[Path]]:
    """Audit a DECP file in one pass; write every record's row to ``out`` (CSV or XLSX).

    Returns the counts and the files written. ``progress`` is called every 10,000 records
    once the file has more than :data:`PROGRESS_MIN_RECORDS`.
    """
    options = _options(type_acheteur, delai_lancement_max_mois)
    writer = _Writer(Path(out)) if out is not None else None
    readers: list[_Reader] = []
    audit = DecpAudit(fichier=str(path))
    total = Path(path).stat().st_size if Path(path).is_file() else 0
    for check in _iterate(iter_records(path, reader_out=readers), options, strict, str(path)):
        audit.add(check)
        if writer is not None:
            writer.add(check)
        if progress is not None and audit.enregistrements % PROGRESS_MIN_RECORDS == 0:
            progress(audit.enregistrements, readers[0].bytes_read, total)
    if progress is not None and audit.enregistrements > PROGRESS_MIN_RECORDS:
        progress(audit.enregistrements, total, total)
    written = writer.close(audit) if writer is not None else []
    return audit, written


def audit_text(audit: DecpAudit, written: list[Path]) -> str:
    """A French rendering of an audit."""
    lines = [f"Audit des données essentielles : {audit.fichier}"]
    for name, value in _summary_rows(audit)[1:]:
        shown = f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else value
        lines.append(f"  {name} : {shown}")
    lines.append("")
    lines.append(
        "Par année (enregistrements / obligation applicable / indéterminée / avec clause sociale / à vérifier) :"
    )
    for row in audit.par_annee():
        lines.append(
            f"  {row['annee'] or 'sans date'} : {row['enregistrements']} / "
            f"{row['obligation_applicable']} / {row['obligation_indeterminee']} / "
            f"{row['clause_sociale']} / {row['clause_absente'] + row['a_verifier']}"
        )
    lines.append(f"Acheteurs distincts : {len({k[0] for k in audit.par_acheteur_annee})}")
    if audit.a_verifier:
        lines.append("")
        lines.append("Enregistrements à examiner (premiers) :")
        for check in audit.a_verifier[:20]:
            lines.append(
                f"  - {check.position} ({check.id or 'sans id'}, acheteur {check.acheteur or '?'}) : "
                f"{_FR_CONSTAT[check.constat]} — {' ; '.join(check.motifs)}"
            )
    if audit.exemples_problemes:
        lines.append("")
        lines.append("Champs illisibles (premiers) :")
        lines.extend(f"  - {p}" for p in audit.exemples_problemes[:10])
    for path in written:
        lines.append(f"Écrit : {path}")
    return "\n".join(lines) + "\n"


def progress_bar() -> Progress:
    """A progress bar on standard error (by bytes read)."""

    def show(records: int, done: int, total: int) -> None:
        percent = min(100, 100 * done // total) if total else 100
        bar = "#" * (percent // 4)
        sys.stderr.write(f"\r  lecture [{bar:<25}] {percent:3d} % ({records:,} enregistrements)")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
