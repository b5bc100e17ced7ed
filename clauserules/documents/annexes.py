"""The annexes the buyer hands to the holder (``generate --annexes``).

* ``annexe-engagement.docx`` and ``annexe-bilan.docx`` — the holder's insertion commitment and
  the end-of-contract report template: Word templates built from
  ``templates/src/engagement.txt`` and ``bilan.txt`` and rendered like the RC and the CCAP;
* ``annexe-suivi-mensuel.xlsx`` — the monthly tracking sheet, built here with openpyxl: one
  sheet per lot carrying insertion hours (person, eligibility and its proof, validation,
  mode, contract, dates, one column per month of execution, total), drop-down lists of the
  categories of the CCAP, of the modes and contracts, and totals as formulas.

Formula-safe: every text that comes from the consultation (buyer, object, lot titles,
categories) is stored as a string cell with Excel's quote prefix, so a title beginning with
``=``, ``+``, ``-`` or ``@`` is shown as written, never evaluated. The only formulas are
ours (sums). See ``docs/decisions/0064-annexes-du-titulaire.md``.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from clauserules.documents.context import DocumentContext, Lot
from clauserules.documents.environment import format_heures

__all__ = [
    "ANNEXES",
    "COLONNES",
    "MODALITES",
    "SUIVI",
    "suivi_mensuel",
]

ANNEXES = ("annexe-engagement", "annexe-bilan")
"""Word annexes, rendered from the templates ``engagement`` and ``bilan``."""
SUIVI = "annexe-suivi-mensuel.xlsx"

COLONNES = (
    "Nom",
    "Prénom",
    "Catégorie d'éligibilité",
    "Justificatif d'éligibilité",
    "Éligibilité validée par le facilitateur le",
    "Modalité",
    "Contrat",
    "Début du contrat",
    "Fin du contrat",
)
"""The columns of a person, before the month columns."""

MODALITES = (
    "Embauche directe",
    "Mise à disposition (AI, ETTI, ETT, GEIQ)",
    "Sous-traitance ou cotraitance (SIAE, EA, ESAT)",
)
CONTRATS = (
    "CDI",
    "CDD",
    "CDDI (structure d'insertion)",
    "Contrat d'apprentissage",
    "Contrat de professionnalisation",
    "Mission de travail temporaire",
    "Mise à disposition",
    "Autre",
)
MOIS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
LIGNES = 40
"""Rows left for persons on each sheet."""
MOIS_MAX = 72
MOIS_DEFAUT = 12


def _months(start: date, count: int) -> list[str]:
    labels = []
    year, month = start.year, start.month
    for _ in range(count):
        labels.append(f"{MOIS[month - 1]} {year}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return labels


def _text(cell: Any, value: str) -> None:
    """A string cell that is never read as a formula."""
    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = True


def _sheet_name(lot: Lot, used: set[str]) -> str:
    base = "".join(c for c in f"Lot {lot.id}" if c not in "[]:*?/\\'")[:28] or "Lot"
    name, index = base, 2
    while name in used:
        name = f"{base[:25]}-{index}"
        index += 1
    used.add(name)
    return name


def suivi_mensuel(context: DocumentContext) -> bytes:
    """The monthly tracking sheet of the lots carrying insertion hours (XLSX bytes)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    lists = workbook.active
    assert lists is not None
    lists.title = "Listes"
    categories = [c.titre for c in context.publics.criteres] or ["[catégorie]"]
    for column, values in enumerate((categories, MODALITES, CONTRATS), start=1):
        for row, value in enumerate(values, start=1):
            _text(lists.cell(row=row, column=column), value)
    lists.sheet_state = "hidden"

    info = context.consultation
    count = min(int(info.duree_mois or MOIS_DEFAUT), MOIS_MAX)
    months = _months(info.date_lancement, count)
    lots = context.groupes.execution or context.lots
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    used: set[str] = set()
    first_row = 8
    last_row = first_row + LIGNES - 1
    for lot in lots:
        sheet = workbook.create_sheet(_sheet_name(lot, used), index=len(used) - 1)
        _text(sheet.cell(row=1, column=1), "Suivi mensuel des heures d'insertion")
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        rows = (
            ("Acheteur", context.acheteur.nom),
            ("Contrat", info.objet),
            ("Lot", f"{lot.id} — {lot.intitule}"),
            (
                "Heures d'insertion dues",
                format_heures(lot.heures.valeur)
                if lot.heures is not None and lot.condition is not None
                else "heures de l'offre du titulaire",
            ),
            (
                "Transmission",
                "au facilitateur, au plus tard le 10 de chaque mois pour le mois précédent",
            ),
        )
        for offset, (label, value) in enumerate(rows, start=2):
            _text(sheet.cell(row=offset, column=1), label)
            sheet.cell(row=offset, column=1).font = bold
            _text(sheet.cell(row=offset, column=3), value)
        header = [*COLONNES, *months, "Total des heures"]
        for column, title in enumerate(header, start=1):
            cell = sheet.cell(row=first_row - 1, column=column)
            _text(cell, title)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        first_month = len(COLONNES) + 1
        last_month = first_month + len(months) - 1
        total_column = last_month + 1
        a, b = get_column_letter(first_month), get_column_letter(last_month)
        for row in range(first_row, last_row + 1):
            sheet.cell(row=row, column=total_column).value = f"=SUM({a}{row}:{b}{row})"
        total_row = last_row + 1
        _text(sheet.cell(row=total_row, column=1), "Total du mois")
        sheet.cell(row=total_row, column=1).font = bold
        for column in range(first_month, total_column + 1):
            letter = get_column_letter(column)
            cell = sheet.cell(row=total_row, column=column)
            cell.value = f"=SUM({letter}{first_row}:{letter}{last_row})"
            cell.font = bold
        for column, source in ((3, "A"), (6, "B"), (7, "C")):
            size = {"A": len(categories), "B": len(MODALITES), "C": len(CONTRATS)}[source]
            validation = DataValidation(
                type="list",
                formula1=f"Listes!${source}$1:${source}${size}",
                allow_blank=True,
            )
            sheet.add_data_validation(validation)
            letter = get_column_letter(column)
            validation.add(f"{letter}{first_row}:{letter}{last_row}")
        hours = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            error="Un nombre d'heures positif ou nul.",
            showErrorMessage=True,
        )
        sheet.add_data_validation(hours)
        hours.add(f"{a}{first_row}:{b}{last_row}")
        dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        sheet.add_data_validation(dates)
        for letter in ("E", "H", "I"):
            dates.add(f"{letter}{first_row}:{letter}{last_row}")
            for row in range(first_row, last_row + 1):
                sheet[f"{letter}{row}"].number_format = "DD/MM/YYYY"
        widths = (18, 16, 34, 28, 18, 28, 24, 13, 13)
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for column in range(first_month, total_column + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 11
        sheet.row_dimensions[first_row - 1].height = 45
        sheet.freeze_panes = sheet.cell(row=first_row, column=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
