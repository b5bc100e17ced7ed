"""YAML cases of the drafting choices (``tests/cases/documents/*.yaml``), one test per case.

Same file format as the article cases (``base`` + ``cas``), read by ``tests/_cases.py``
(:class:`_cases.DocumentsFile`); the expectations are on the generated documents: the
drafting rules applied and the text of the RC and the CCAP.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from _cases import DocumentsFile, case_files, load

from clauserules.documents.service import render_all

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    params = []
    for path in case_files(CASES_DIR, "documents"):
        content = load(path, "documents")
        assert isinstance(content, DocumentsFile)
        for case, consultation in content.consultations():
            params.append(pytest.param(consultation, case.attendu.given(), id=case.nom))
    return params


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize(("consultation", "expected"), _cases())
def test_case(consultation: dict[str, Any], expected: dict[str, Any]) -> None:
    """The drafting rules applied and the text of the documents are those expected."""
    rendered, context = render_all(consultation)
    applied = set(context.regles)
    for rule_id in expected.get("regles_contient", ()):
        assert rule_id in applied, (
            rule_id,
            sorted(r for r in applied if r.startswith("documents.")),
        )
    for rule_id in expected.get("regles_exclut", ()):
        assert rule_id not in applied, rule_id
    for name in ("rc", "ccap"):
        text = _text(rendered[name])
        for needle in expected.get(f"{name}_contient", ()):
            assert needle in text, (name, needle)
        for needle in expected.get(f"{name}_exclut", ()):
            assert needle not in text, (name, needle)


def test_there_are_cases() -> None:
    assert len(_cases()) >= 8
