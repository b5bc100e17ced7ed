"""The summary sheet a person reads first, and the native chart of the XLSX export.

The facilitator's annual report opens on ``synthese``: the count date, the totals, one line
per market (hours due, counted, shortfall, status), a bar chart of hours due against
hours counted per market that reads the ``marches`` sheet, and a chart of the counted hours
per month that reads the ``mois`` sheet (Excel/LibreOffice charts, not images). Written into a write-only openpyxl workbook by
:func:`clauserules.ledger.export.write_xlsx`.
"""

from __future__ import annotations

from typing import Any

from clauserules.ledger.output import ZERO, Ledger

__all__ = ["MARCHES_CHART_COLUMNS", "add_chart", "add_month_sheet", "write_summary"]

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
    sheet.append(["Les graphiques des heures dues et comptées par marché et des heures comptées"])
    sheet.append(["par mois suivent ; détail : feuilles marches, personnes, globalisation, mois"])
    sheet.append(["et regles (règles appliquées et sources)."])


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


def add_month_sheet(workbook: Any, summary: Any, ledger: Ledger) -> None:
    """The ``mois`` sheet (counted hours per month, all markets) and its column chart on the
    summary sheet, under the chart per market."""
    sheet = workbook.create_sheet("mois")
    sheet.append(["mois", "heures_comptees"])
    for month in ledger.heures_par_mois:
        sheet.append([month.mois, month.heures_comptees])
    rows = len(ledger.heures_par_mois)
    if rows == 0:
        return
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = "Heures comptées par mois (tous marchés)"
    chart.y_axis.title = "heures"
    chart.x_axis.title = "mois"
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    chart.width, chart.height = 24, 12
    summary.add_chart(chart, "J28")
