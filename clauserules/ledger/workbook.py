"""The summary sheet a person reads first, and the native chart of the XLSX export.

The facilitator's annual report opens on ``synthese``: the count date, the totals, one line
per market (hours due, counted, shortfall, status), and a bar chart of hours due against
hours counted per market that reads the ``marches`` sheet (an Excel/LibreOffice chart, not
an image). Written into a write-only openpyxl workbook by
:func:`clauserules.ledger.export.write_xlsx`.
"""

from __future__ import annotations

from typing import Any

from clauserules.ledger.output import ZERO, Ledger

__all__ = ["MARCHES_CHART_COLUMNS", "add_chart", "write_summary"]

MARCHES_CHART_COLUMNS = (4, 6)
"""Columns of the ``marches`` sheet charted (1-based): heures_dues_retenues, heures_comptees."""

_STATUS = {"provisoire": "provisoire", "definitif": "définitif", None: ""}


def text_cells(sheet: Any, row: list[Any]) -> list[Any]:
    """Strings are written as text cells, never as formulas (openpyxl reads any string
    starting with ``=`` as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def write_summary(sheet: Any, ledger: Ledger) -> None:
    """Fill the summary sheet (plain values: the figures stay usable in formulas)."""
    due = sum((m.heures_dues_retenues for m in ledger.marches), ZERO)
    counted = sum((m.heures_comptees for m in ledger.marches), ZERO)
    shortfall = sum((m.ecart for m in ledger.marches), ZERO)
    penalties = [m.penalite for m in ledger.marches if m.penalite is not None]
    sheet.append(["Décompte des heures d'insertion — synthèse"])
    sheet.append(
        ["Date du décompte", ledger.au if ledger.au is not None else "fin d'exécution supposée"]
    )
    sheet.append(["Marchés", len(ledger.marches)])
    sheet.append(["Personnes", len(ledger.personnes)])
    sheet.append(["Heures dues (à la date, après proratisation)", due])
    sheet.append(["Heures comptées", counted])
    sheet.append(["Écart", shortfall])
    sheet.append(["Pénalités (€)", sum(penalties, ZERO) if penalties else None])
    sheet.append([])
    sheet.append(
        [
            "Marché",
            "Maître d'ouvrage",
            "Heures dues",
            "Montant commandé HT (€)",
            "Heures comptées",
            "Écart",
            "Pénalité (€)",
            "Statut",
        ]
    )
    for m in ledger.marches:
        sheet.append(
            text_cells(
                sheet,
                [
                    m.id,
                    m.maitre_ouvrage,
                    m.heures_dues_retenues,
                    m.montant_commande_ht,
                    m.heures_comptees,
                    m.ecart,
                    m.penalite,
                    _STATUS[m.statut],
                ],
            )
        )
    sheet.append([])
    sheet.append(["Le graphique des heures dues et comptées par marché suit ; détail : feuilles"])
    sheet.append(["marches, personnes, globalisation et regles (règles appliquées et sources)."])


def add_chart(summary: Any, marches: Any, rows: int) -> None:
    """A bar chart of hours due against hours counted per market, read from ``marches``."""
    if rows == 0:
        return
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = "Heures dues et heures comptées par marché"
    chart.y_axis.title = "heures"
    chart.x_axis.title = "marché"
    for column in MARCHES_CHART_COLUMNS:
        data = Reference(marches, min_col=column, min_row=1, max_row=rows + 1)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(marches, min_col=1, min_row=2, max_row=rows + 1))
    chart.width, chart.height = 24, 12
    summary.add_chart(chart, f"J{2}")
