"""Saved work: consultations, ledgers and the journal of generations, in one SQLite file.

The schema is versioned by ``PRAGMA user_version``; :data:`MIGRATIONS` holds one script per
version, applied in order in one transaction each. A connection is opened per operation, so
the database can be used from the threads of the server.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MIGRATIONS: tuple[str, ...] = (
    # 1: consultations, ledgers, journal of generations
    """
    CREATE TABLE consultation (
        id INTEGER PRIMARY KEY,
        nom TEXT NOT NULL,
        document TEXT NOT NULL,
        cree TEXT NOT NULL,
        modifie TEXT NOT NULL
    );
    CREATE TABLE decompte (
        id INTEGER PRIMARY KEY,
        nom TEXT NOT NULL,
        fichier TEXT NOT NULL,
        ledger TEXT NOT NULL,
        cree TEXT NOT NULL
    );
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        origine TEXT NOT NULL,
        consultation_id INTEGER REFERENCES consultation(id) ON DELETE SET NULL,
        objet TEXT NOT NULL,
        version_regles TEXT NOT NULL,
        version_bibliotheque TEXT NOT NULL,
        empreinte_entree TEXT NOT NULL,
        documents TEXT NOT NULL
    );
    """,
)
"""Schema migrations; the version of a database is the number of scripts applied."""


def default_path() -> Path:
    """``clauserules/web.sqlite3`` in the user's data directory."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "clauserules" / "web.sqlite3"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Saved:
    id: int
    nom: str
    cree: str
    modifie: str


@dataclass(frozen=True)
class JournalEntry:
    id: int
    date: str
    origine: str
    consultation_id: int | None
    objet: str
    version_regles: str
    version_bibliotheque: str
    empreinte_entree: str
    documents: dict[str, str]


class Database:
    """The saved work of the web application."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.migrate()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            connection = sqlite3.connect(self.path, timeout=10)
            try:
                connection.execute("PRAGMA foreign_keys = ON")
                with connection:  # one transaction: committed, or rolled back on error
                    yield connection
            finally:
                connection.close()

    @property
    def version(self) -> int:
        with self._connect() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply the migrations the database has not seen yet."""
        with self._connect() as db:
            current = int(db.execute("PRAGMA user_version").fetchone()[0])
        if current > len(MIGRATIONS):
            raise RuntimeError(
                f"{self.path}: database schema version {current} is newer than this "
                f"clauserules (knows {len(MIGRATIONS)}); upgrade clauserules"
            )
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            with self._connect() as db:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # --- consultations ------------------------------------------------------------------

    def save_consultation(self, nom: str, document: Any, id: int | None = None) -> int:
        text = json.dumps(document, ensure_ascii=False, sort_keys=True)
        now = _now()
        with self._connect() as db:
            if id is not None:
                updated = db.execute(
                    "UPDATE consultation SET nom = ?, document = ?, modifie = ? WHERE id = ?",
                    (nom, text, now, id),
                )
                if updated.rowcount:
                    return id
            cursor = db.execute(
                "INSERT INTO consultation (nom, document, cree, modifie) VALUES (?, ?, ?, ?)",
                (nom, text, now, now),
            )
            return int(cursor.lastrowid or 0)

    def consultation(self, id: int) -> tuple[Saved, Any] | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, nom, cree, modifie, document FROM consultation WHERE id = ?", (id,)
            ).fetchone()
        if row is None:
            return None
        return Saved(row[0], row[1], row[2], row[3]), json.loads(row[4])

    def consultations(self) -> list[Saved]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, nom, cree, modifie FROM consultation ORDER BY modifie DESC, id DESC"
            ).fetchall()
        return [Saved(*row) for row in rows]

    # --- ledgers ------------------------------------------------------------------------

    def save_ledger(self, nom: str, fichier: str, ledger: Any) -> int:
        text = json.dumps(ledger, ensure_ascii=False)
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO decompte (nom, fichier, ledger, cree) VALUES (?, ?, ?, ?)",
                (nom, fichier, text, _now()),
            )
            return int(cursor.lastrowid or 0)

    def ledger(self, id: int) -> tuple[Saved, str, Any] | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, nom, cree, fichier, ledger FROM decompte WHERE id = ?", (id,)
            ).fetchone()
        if row is None:
            return None
        return Saved(row[0], row[1], row[2], row[2]), row[3], json.loads(row[4])

    def ledgers(self) -> list[Saved]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, nom, cree, cree FROM decompte ORDER BY cree DESC, id DESC"
            ).fetchall()
        return [Saved(*row) for row in rows]

    # --- journal ------------------------------------------------------------------------

    def journal_generation(
        self,
        *,
        origine: str,
        objet: str,
        version_regles: str,
        version_bibliotheque: str,
        empreinte_entree: str,
        documents: dict[str, str],
        consultation_id: int | None = None,
    ) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO journal (date, origine, consultation_id, objet, version_regles, "
                "version_bibliotheque, empreinte_entree, documents) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _now(),
                    origine,
                    consultation_id,
                    objet,
                    version_regles,
                    version_bibliotheque,
                    empreinte_entree,
                    json.dumps(documents, sort_keys=True),
                ),
            )
            return int(cursor.lastrowid or 0)

    def journal(self, limit: int = 200) -> list[JournalEntry]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, date, origine, consultation_id, objet, version_regles, "
                "version_bibliotheque, empreinte_entree, documents FROM journal "
                "ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            JournalEntry(
                id=row[0],
                date=row[1],
                origine=row[2],
                consultation_id=row[3],
                objet=row[4],
                version_regles=row[5],
                version_bibliotheque=row[6],
                empreinte_entree=row[7],
                documents=json.loads(row[8]),
            )
            for row in rows
        ]
