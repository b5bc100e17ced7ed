"""The examples offered on the pages (persons, consultations, a hours ledger), read from the
application's examples directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request

from clauserules.web import services

__all__ = ["example_consultations", "example_persons", "examples_dir", "has_parcours"]


def examples_dir(request: Request) -> Path | None:
    examples: Path | None = request.app.state.examples
    return examples if examples and examples.is_dir() else None


def has_parcours(request: Request) -> bool:
    directory = examples_dir(request)
    return directory is not None and (directory / "parcours").is_dir()


def example_persons(request: Request) -> dict[str, Any]:
    directory = examples_dir(request)
    path = directory / "personnes.yaml" if directory else None
    if path is None or not path.is_file():
        return {}
    document = services.parse_document(path.read_text(encoding="utf-8"), path.name)
    persons = document.get("personnes", []) if isinstance(document, dict) else []
    return {str(p.get("id")): p for p in persons if isinstance(p, dict) and p.get("id")}


def example_consultations(request: Request) -> dict[str, Path]:
    directory = examples_dir(request)
    if directory is None:
        return {}
    return {
        p.name: p
        for p in sorted(directory.glob("*.yaml"))
        if p.name not in ("personnes.yaml", "politique.yaml")
    }
