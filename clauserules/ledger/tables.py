"""The rows of one ledger table as a reader gives them, and the bounded list of the problems
found while reading them (shared by the CSV and XLSX readers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from clauserules.errors import FieldProblem

__all__ = ["Table", "TableProblems"]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of one table: header and rows of text cells, with how to name a place."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    """``(row number as shown, cells)``; blank rows are skipped by the reader."""
    place: Callable[[int, str], str]
    """``(row number, column) -> location``."""
    source: str = ""
    """The file or sheet, for read errors."""


MAX_PROBLEMS = 1_000
"""Shape problems kept for the report of a huge invalid file; the rest are counted."""


class TableProblems:
    """Problems found while reading tables: the first 1,000 kept, the others counted."""

    def __init__(self) -> None:
        self.found: list[FieldProblem] = []
        self.dropped = 0

    def add(self, location: str, message: str, found: str | None = None) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.found.append(FieldProblem(location, message, found))

    @property
    def items(self) -> list[FieldProblem]:
        if not self.dropped:
            return self.found
        more = FieldProblem("…", f"{self.dropped:,} more problems not listed (fix these first)")
        return [*self.found, more]
