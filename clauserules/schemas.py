"""The JSON Schemas of the documents clauserules reads and writes (for procurement software).

One place for the command line (``clauserules schema``) and the web API (``/v1/schema``).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["SCHEMAS", "json_schema"]

SCHEMAS: dict[str, tuple[str, str, str]] = {
    "personne": ("clauserules.eligibility.model", "Personne", "validation"),
    "consultation": ("clauserules.plan.model", "Consultation", "validation"),
    "parcours": ("clauserules.ledger.model", "Parcours", "validation"),
    "plan": ("clauserules.plan.output", "Plan", "serialization"),
    "ledger": ("clauserules.ledger.output", "Ledger", "serialization"),
    "decision": ("clauserules.eligibility.output", "EligibilityDecision", "serialization"),
}
"""Documents with a JSON Schema: module, pydantic model, mode (inputs: validation)."""


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of an input (``personne``, ``consultation``, ``parcours``) or an
    output (``plan``, ``ledger``, ``decision``) document."""
    module, model, mode = SCHEMAS[name]
    cls = getattr(importlib.import_module(module), model)
    schema: dict[str, Any] = cls.model_json_schema(mode=mode)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
