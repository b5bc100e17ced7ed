"""YAML cases of the article choice (``tests/cases/articles/*.yaml``), one test per case.

Each file holds cases a lawyer can read and check against the sources. The format is
closed and read by ``tests/_cases.py`` (:class:`_cases.ArticlesFile` documents it, with an
example): an unknown key is a collection error, never a silently ignored expectation.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _cases import ArticlesFile, case_files, load

from clauserules.errors import ClauseRulesError, InvalidInputError
from clauserules.plan.service import LotPlan, Plan, plan_consultation

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in case_files(CASES_DIR, "articles"):
        content = load(path, "articles")
        assert isinstance(content, ArticlesFile)
        for case, consultation in content.consultations():
            expected = case.attendu.given()
            params.append(pytest.param(consultation, expected, id=f"{path.stem}: {case.nom}"))
    return params


CASES = _load()


def _lot(plan: Plan, lot_id: str | None = None) -> LotPlan:
    if lot_id is None:
        return plan.lots[0]
    return next(lot for lot in plan.lots if lot.id == lot_id)


def _check_instruments(lot: LotPlan, expected: Mapping[str, Any]) -> None:
    found = {i.kind.value: i for i in lot.instruments}
    for kind, want in expected.items():
        instrument = found[kind]
        if isinstance(want, str):
            want = {"status": want}
        for key, value in want.items():
            got = getattr(instrument, key)
            assert got == value, (
                f"{kind}.{key}: expected {value!r}, got {got!r} ({instrument.reasons})"
            )


def _check_lot(plan: Plan, lot: LotPlan, expected: Mapping[str, Any]) -> None:
    if "instruments" in expected:
        _check_instruments(lot, expected["instruments"])
    if "heures" in expected:
        assert lot.hours.value == Decimal(str(expected["heures"]))
    if "outcome" in expected:
        assert lot.outcome == expected["outcome"], lot.vigilance
    if "obligation" in expected:
        want = expected["obligation"]
        if isinstance(want, str):
            want = {"code": want}
        for key, value in want.items():
            got = getattr(lot.obligation_sociale, key)
            if key == "satisfaite_par":
                got = [kind.value for kind in got]
            assert got == value, f"obligation.{key}: expected {value!r}, got {got!r}"
    if "nature" in expected:
        assert lot.nature == expected["nature"]
    if "accord_cadre" in expected:
        want = expected["accord_cadre"]
        if want is None:
            assert lot.accord_cadre is None
        else:
            assert lot.accord_cadre is not None
            for key, value in want.items():
                got = getattr(lot.accord_cadre, key)
                if isinstance(got, Decimal) and value is not None:
                    value = Decimal(str(value))
                assert got == value, f"accord_cadre.{key}: expected {value!r}, got {got!r}"
    if "tranches" in expected:
        got_tranches = [
            {k: str(v) if isinstance(v, Decimal) else v for k, v in t.model_dump().items()}
            for t in lot.tranches
        ]
        want_tranches = [
            {k: str(v) if isinstance(v, int) else v for k, v in t.items()}
            for t in expected["tranches"]
        ]
        assert got_tranches == want_tranches
    for text in expected.get("vigilance_contient", ()):
        points = (*lot.vigilance, *plan.vigilance)
        assert any(text in p for p in points), f"{text!r} not in {points}"


@pytest.mark.parametrize(("consultation", "expected"), CASES)
def test_case(consultation: dict[str, Any], expected: Mapping[str, Any]) -> None:
    if "erreur" in expected:
        with pytest.raises(ClauseRulesError) as info:
            plan_consultation(consultation)
        assert info.value.code == expected["erreur"]
        if "champs" in expected:
            assert isinstance(info.value, InvalidInputError)
            assert list(info.value.fields) == expected["champs"]
        return
    plan = plan_consultation(consultation)
    if "regime" in expected:
        assert plan.regime.code == expected["regime"]
    if "outcome" in expected:
        assert plan.outcome == expected["outcome"]
    if "obligation_sociale" in expected:
        assert plan.obligation_sociale is expected["obligation_sociale"]
    if "seuil" in expected:
        for key, value in expected["seuil"].items():
            got = getattr(plan.seuil_europeen, key)
            if isinstance(got, Decimal):
                value = Decimal(str(value))
            assert got == value, f"seuil.{key}: expected {value!r}, got {got!r}"
    if "spaser" in expected:
        assert plan.spaser.statut == expected["spaser"], plan.spaser.reasons
    first = {
        k: expected[k]
        for k in ("instruments", "heures", "vigilance_contient", "accord_cadre", "tranches")
        if k in expected
    }
    _check_lot(plan, _lot(plan), first)
    for lot_id, lot_expected in (expected.get("lots") or {}).items():
        _check_lot(plan, _lot(plan, str(lot_id)), lot_expected)
    for rule_id in expected.get("regles_contient", ()):
        assert rule_id in plan.rules, f"{rule_id} did not fire: {plan.rules}"
    for rule_id in expected.get("regles_exclut", ()):
        assert rule_id not in plan.rules, f"{rule_id} fired"


def test_cases_exist() -> None:
    assert len(CASES) >= 60


def test_every_version_of_every_plan_rule_fires_in_some_case() -> None:
    """Each version of the rules of the plan's topics is exercised by at least one case."""
    from clauserules.rules import rulebase

    topics = (
        "articles",
        "articles.spaser",
        "seuils",
        "heures.anru",
        "recommandations",
        "accords_cadres.valeur",
        "accords_cadres.heures",
        "accords_cadres.suivi",
        "contrats_mixtes",
        "tranches",
    )
    fired: set[tuple[str, Any]] = set()
    base = rulebase()
    for param in CASES:
        consultation, expected = param.values
        if "erreur" in expected:
            continue
        plan = plan_consultation(consultation)
        at = plan.date_lancement
        for rule_id in plan.rules:
            for version in base.versions(rule_id):
                if version.in_force(at):
                    fired.add(version.key)
    wanted = {r.key for r in base.rules if r.topic in topics}
    never = sorted(f"{rule_id} from {start}" for rule_id, start in wanted - fired)
    assert not never, f"rule versions no case makes fire: {never}"
