"""``clauserules schema``: JSON Schemas of inputs and outputs, checked against real documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clauserules._files import load_document
from clauserules.cli import main
from clauserules.eligibility import assess_eligibility, eligibility_json
from clauserules.eligibility.model import Personne
from clauserules.eligibility.output import EligibilityDecision
from clauserules.ledger.model import Parcours
from clauserules.ledger.readers import read_parcours
from clauserules.ledger.service import count_hours
from clauserules.plan import Plan, plan_consultation, plan_json
from clauserules.plan.model import Consultation
from clauserules.schemas import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONSULTATIONS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "personnes.yaml")


def schema(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["schema", name]) == 0
    out = capsys.readouterr().out
    data: dict[str, Any] = json.loads(out)
    return data


def validator(name: str, capsys: pytest.CaptureFixture[str]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name, capsys))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_a_json_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = schema(name, capsys)
    jsonschema.Draft202012Validator.check_schema(data)
    assert data["type"] == "object"
    assert data["properties"]
    assert "$defs" in data
    assert data["additionalProperties"] is False


def test_the_six_documents() -> None:
    assert set(SCHEMAS) == {"personne", "consultation", "parcours", "plan", "ledger", "decision"}


def test_unknown_document_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["schema", "facture"])
    assert caught.value.code == 2
    assert "[usage]" in capsys.readouterr().err


def test_persons_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    check = validator("personne", capsys)
    decision = validator("decision", capsys)
    persons = load_document(EXAMPLES / "personnes.yaml")["personnes"]
    for person in persons:
        check.validate(person)
        model = Personne.model_validate(person)
        check.validate(model.model_dump(mode="json", exclude_none=True))
        result = assess_eligibility(person, at="2026-11-22")
        decision.validate(eligibility_json(result))
        dumped = result.model_dump(mode="json")
        assert EligibilityDecision.model_validate(dumped).model_dump(mode="json") == dumped


@pytest.mark.parametrize("path", CONSULTATIONS, ids=[p.stem for p in CONSULTATIONS])
def test_consultations_round_trip(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = load_document(path)
    validator("consultation", capsys).validate(document)
    Consultation.model_validate(document)
    plan = plan_consultation(document)
    payload = plan_json(plan)
    validator("plan", capsys).validate(payload)
    assert Plan.model_validate(plan.model_dump(mode="json")) == plan


def test_parcours_and_ledger_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    parcours = read_parcours(EXAMPLES / "parcours")
    dumped = parcours.model_dump(mode="json")
    validator("parcours", capsys).validate(dumped)
    assert Parcours.model_validate(dumped).model_dump(mode="json") == dumped
    ledger = count_hours(parcours)
    validator("ledger", capsys).validate(ledger.model_dump(mode="json"))


def test_schemas_reject_what_the_models_reject(capsys: pytest.CaptureFixture[str]) -> None:
    document = dict(load_document(EXAMPLES / "concession.yaml"))
    check = validator("consultation", capsys)
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**document, "inconnu": 1})
    with pytest.raises(jsonschema.ValidationError):
        check.validate({k: v for k, v in document.items() if k != "lots"})
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**document, "nature": "armement"})
