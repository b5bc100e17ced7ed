"""The hours-ledger cases of ``tests/cases/parcours``: one test per case, named by its sentence.

The format is closed and read by ``tests/_cases.py`` (:class:`_cases.ParcoursFile`
documents it, with an example): an unknown key is a collection error. Values are compared
as text (``"140.00"``, ``2026-03-14``, ``true``); a mapping expected for ``heures_exclues``,
``par_marche`` or ``repartition`` must be equal as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _cases import ParcoursFile, case_files, load

from clauserules.errors import InvalidInputError
from clauserules.ledger.output import Ledger
from clauserules.ledger.readers import parse_parcours
from clauserules.ledger.service import count_hours

CASES_DIR = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class Case:
    name: str
    where: str
    cle: str
    data: Mapping[str, Any]
    expected: Mapping[str, Any]
    at: date | None = None


def _load() -> list[Case]:
    cases: list[Case] = []
    for path in case_files(CASES_DIR, "parcours"):
        content = load(path, "parcours")
        assert isinstance(content, ParcoursFile)
        for index, raw in enumerate(content.cas):
            where = f"{path.name}#{index}"
            cases.append(Case(raw.nom, where, raw.cle, raw.donnees, raw.attendu.given(), raw.au))
    return cases


CASES = _load()


def _text(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_text(v) for v in value]
    return str(value)


def _compare(kind: str, actual: Any, fields: Mapping[str, Any], case: Case, key: str) -> None:
    for field, wanted in fields.items():
        assert hasattr(actual, field), f"{case.where}: {kind} has no field {field!r}"
        found = _text(getattr(actual, field))
        wanted = _text(wanted)
        if isinstance(wanted, list) and isinstance(found, list):
            found, wanted = sorted(found), sorted(wanted)
        assert found == wanted, f"{case.where}: {kind} {key}.{field}: {found!r} != {wanted!r}"


def check(case: Case, ledger: Ledger) -> None:
    expected = case.expected
    for key, fields in (expected.get("marches") or {}).items():
        _compare("marche", ledger.marche(key), fields, case, key)
    for key, fields in (expected.get("personnes") or {}).items():
        _compare("personne", ledger.personne(key), fields, case, key)
    decisions = {g.demande: g for g in ledger.globalisation}
    for key, fields in (expected.get("globalisation") or {}).items():
        assert key in decisions, f"{case.where}: no decision for request {key}"
        _compare("demande", decisions[key], fields, case, key)
    trace = {r.id for r in ledger.regles}
    for rule in expected.get("regles") or []:
        assert rule in trace, f"{case.where}: rule {rule} not in the trace {sorted(trace)}"
    for rule in expected.get("regles_absentes") or []:
        assert rule not in trace, f"{case.where}: rule {rule} unexpectedly in the trace"
    for text in expected.get("vigilance_contient") or []:
        assert any(text in v for v in ledger.vigilance), f"{case.where}: no vigilance {text!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case) -> None:
    if "erreurs" in case.expected:
        with pytest.raises(InvalidInputError) as caught:
            count_hours(parse_parcours(case.data), cle=case.cle, at=case.at)
        assert sorted(caught.value.fields) == sorted(case.expected["erreurs"]), case.where
        return
    ledger = count_hours(parse_parcours(case.data), cle=case.cle, at=case.at)
    check(case, ledger)


def test_every_counting_rule_has_a_case() -> None:
    """Every rule of the counting and globalisation topics appears in some case's trace."""
    from clauserules.rules import rulebase

    seen: set[str] = set()
    for case in CASES:
        if "erreurs" in case.expected:
            continue
        ledger = count_hours(parse_parcours(case.data), cle=case.cle)
        seen |= {r.id for r in ledger.regles}
        for decision in ledger.globalisation:
            seen |= set(decision.evaluated)
    wanted = {r.id for r in rulebase().rules if r.topic.startswith(("comptage", "globalisation"))}
    assert wanted - seen == set()
