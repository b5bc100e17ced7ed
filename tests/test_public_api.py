"""The public API is small, stable and documented: ``__all__`` equals the list of docs/api.md."""

from __future__ import annotations

import re
from pathlib import Path

import clauserules

API_DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
ROW = re.compile(r"^\| `([A-Za-z_][A-Za-z0-9_]*)` \|")
DIRECTIVE = re.compile(r"^::: clauserules\.([A-Za-z_][A-Za-z0-9_]*)\s*$")


def documented() -> tuple[list[str], set[str]]:
    """The names of the table of docs/api.md, in order, and the names with a reference block."""
    text = API_DOC.read_text(encoding="utf-8")
    table = text.split("## The public names", 1)[1].split("\n## ", 1)[0]
    names = [m.group(1) for line in table.splitlines() if (m := ROW.match(line))]
    blocks = {m.group(1) for line in text.splitlines() if (m := DIRECTIVE.match(line))}
    return names, blocks


def test_all_is_sorted_and_unique() -> None:
    names = list(clauserules.__all__)
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_all_equals_the_documented_api() -> None:
    names, _ = documented()
    assert names == sorted(names), "keep the table of docs/api.md in the order of __all__"
    assert set(clauserules.__all__) - set(names) == set(), "undocumented public names"
    assert set(names) - set(clauserules.__all__) == set(), "documented names not in __all__"
    assert names == list(clauserules.__all__)


def test_every_public_name_has_its_reference_block() -> None:
    _, blocks = documented()
    assert blocks == set(clauserules.__all__)


def test_every_public_name_exists_and_has_a_docstring() -> None:
    for name in clauserules.__all__:
        value = getattr(clauserules, name)
        if name != "__version__":
            assert (value.__doc__ or "").strip(), f"{name} has no docstring"
