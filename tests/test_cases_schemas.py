"""The case files have one reader (``tests/_cases.py``), and its JSON Schemas are up to date.

The schemas (``tests/cases/schemas/<kind>.schema.json``) let an editor complete and check
a case file while a lawyer writes it (for instance with the YAML extension of VS Code:
``# yaml-language-server: $schema=../schemas/publics.schema.json``). Regenerate them with
``python tests/_cases.py tests/cases/schemas``.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from _cases import KINDS, case_files, collect, json_schemas

from clauserules._files import load_document

CASES = Path(__file__).parent / "cases"
SCHEMAS = CASES / "schemas"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_schema_of_each_kind_is_up_to_date(kind: str) -> None:
    committed = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schemas()[kind], (
        "stale schema: run `python tests/_cases.py tests/cases/schemas`"
    )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_case_file_meets_its_schema(kind: str) -> None:
    schema = json_schemas()[kind]
    files = case_files(CASES, kind)
    assert files, f"no case file of kind {kind}"
    for path in files:
        document = json.loads(json.dumps(load_document(path), default=str))
        jsonschema.validate(document, schema)


def test_every_case_file_is_of_a_known_kind() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()} - {"schemas"}
    assert folders == set(KINDS)
    assert sum(len(content.cas) for _, _, content in collect(CASES)) >= 300


def test_a_schema_closes_every_mapping() -> None:
    """``additionalProperties: false`` on every object the models define."""
    for kind, schema in json_schemas().items():
        for name, definition in schema.get("$defs", {}).items():
            if definition.get("type") == "object":
                assert definition.get("additionalProperties") is False, (kind, name)
        assert schema["additionalProperties"] is False, kind
