"""``docs/errors.md`` documents every error code of :mod:`clauserules.errors`, once.

Each error class has a stable ``code``; its message ends with ``see docs/errors.md#<code>``,
so the document must have exactly one ``## <code>`` heading per code, and no heading for
a code that does not exist.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from clauserules.errors import DOCS_URL, ClauseRulesError, all_error_classes

ROOT = Path(__file__).resolve().parents[1]
ERRORS_MD = ROOT / "docs" / "errors.md"
HEADING = re.compile(r"^## (.+?)\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def document() -> str:
    assert ERRORS_MD.is_file(), f"{ERRORS_MD} is missing"
    return ERRORS_MD.read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """The body of each ``## heading`` (up to the next heading of level 1 or 2)."""
    parts = re.split(r"^(#{1,2} .+)$", text, flags=re.MULTILINE)
    bodies: dict[str, str] = {}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        if heading.startswith("## "):
            bodies[heading[3:].strip()] = body
    return bodies


def test_every_error_class_has_its_own_code() -> None:
    codes = Counter(cls.code for cls in all_error_classes())
    assert [code for code, n in codes.items() if n > 1] == []
    for cls in all_error_classes():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", cls.code), cls
        assert issubclass(cls, ClauseRulesError)


def test_one_heading_per_error_code(document: str) -> None:
    headings = HEADING.findall(document)
    duplicated = sorted(h for h, n in Counter(headings).items() if n > 1)
    assert duplicated == [], f"headings given more than once in {DOCS_URL}"
    codes = {cls.code for cls in all_error_classes()}
    assert sorted(codes - set(headings)) == [], f"codes without a heading in {DOCS_URL}"
    assert sorted(set(headings) - codes) == [], f"headings of {DOCS_URL} that are no code"


def test_each_code_is_explained(document: str) -> None:
    bodies = sections(document)
    short = sorted(code for code, body in bodies.items() if len(body.split()) < 8)
    assert short == [], "each code needs at least an explanation"


def test_messages_point_to_the_heading() -> None:
    error = ClauseRulesError("something went wrong")
    assert str(error).endswith(f"[clauserules-error, see {DOCS_URL}#clauserules-error]")
    assert DOCS_URL == "docs/errors.md"
