"""The YAML cases of ``tests/cases/publics`` as a whole: coverage of the rule base, format.

The cases themselves are collected and run one by one by ``tests/conftest.py``; this
module checks that together they exercise every version of every ``publics`` rule, every
referential and every criterion, and that the case format really is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _cases import PublicsRun as Case

from clauserules import rulebase
from clauserules.vocabulaire import Critere, Referentiel

CASES_DIR = Path(__file__).parent / "cases" / "publics"


def _fired_versions(case: Case) -> set[tuple[str, date]]:
    decision = case.assess()
    base = rulebase()
    versions = set()
    for rule_id in decision.rules:
        (rule,) = [r for r in base.versions(rule_id) if r.in_force(case.at)]
        versions.add(rule.key)
    return versions


def test_every_version_of_every_publics_rule_fires_in_some_case(
    publics_cases: list[Case],
) -> None:
    fired: set[tuple[str, date]] = set()
    for case in publics_cases:
        if case.attendu.erreur is None:
            fired |= _fired_versions(case)
    wanted = {
        r.key
        for r in rulebase().rules
        if r.id.startswith("publics.") and r.topic.startswith("publics")
    }
    assert wanted, "no publics rule in the rule base"
    never = sorted(f"{rule_id} from {start}" for rule_id, start in wanted - fired)
    assert not never, f"rule versions no case makes fire: {never}"


def test_every_referential_has_its_case_file() -> None:
    names = {path.stem for path in CASES_DIR.glob("*.yaml")}
    assert names >= {r.value for r in Referentiel} | {"bascules", "surcouche"}


def test_cases_name_every_referential_and_criterion(publics_cases: list[Case]) -> None:
    referentials = {case.referentiel for case in publics_cases}
    assert referentials == {r.value for r in Referentiel}
    expected_criteria = {c for case in publics_cases for c in case.attendu.criteres}
    assert expected_criteria == {c.value for c in Critere}
    outcomes = {case.attendu.eligible for case in publics_cases if case.attendu.erreur is None}
    assert outcomes == {True, False, None}
    errors = {case.referentiel for case in publics_cases if case.attendu.erreur}
    assert errors == referentials, "each referential needs a case before it is in force"


def test_case_names_are_sentences(publics_cases: list[Case]) -> None:
    for case in publics_cases:
        assert case.name[0].isupper(), case.name
        assert len(case.name.split()) >= 5, case.name


def test_cases_are_unique(publics_cases: list[Case]) -> None:
    names = [case.name for case in publics_cases]
    assert len(names) == len(set(names))


# --- the format is closed ---------------------------------------------------------------

GOOD: dict[str, Any] = {
    "nom": "Un allocataire du RSA est éligible selon l'AVE.",
    "at": "2026-03-16",
    "referentiel": "ave-2014",
    "personne": {"allocations": ["rsa"]},
    "attendu": {"eligible": True, "criteres": ["rsa"]},
}


def _doc(**changes: Any) -> dict[str, Any]:
    case = {**GOOD, **changes}
    return {"cas": [{k: v for k, v in case.items() if v is not None}]}


def _expect(**changes: Any) -> dict[str, Any]:
    expected = {**GOOD["attendu"], **changes}
    return _doc(attendu={k: v for k, v in expected.items() if v != "__drop__"})


def test_a_good_case_parses(parse_case_document: Callable[[Any, str], list[Case]]) -> None:
    (case,) = parse_case_document(_doc(), "t.yaml")
    assert case.name == GOOD["nom"]
    assert case.at == date(2026, 3, 16)
    assert case.attendu.eligible is True
    assert case.attendu.criteres == ("rsa",)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param({"cas": [], "auteur": "x"}, "unknown key", id="unknown-file-key"),
        pytest.param({"cas": []}, "non-empty list", id="no-case"),
        pytest.param(_doc(commentaire="x"), "unknown key", id="unknown-case-key"),
        pytest.param(_expect(eligibles=True), "unknown key", id="unknown-expected-key"),
        pytest.param(_doc(nom=""), "nom", id="empty-name"),
        pytest.param(_doc(at="2026-3-16"), "at must be", id="bad-at"),
        pytest.param(_doc(at="2026-02-30"), "not a valid date", id="impossible-at"),
        pytest.param(_doc(referentiel="ave"), "unknown referentiel", id="bad-referential"),
        pytest.param(_doc(referentiel=None), "no 'referentiel'", id="no-referential"),
        pytest.param(_doc(personne=["x"]), "personne", id="person-not-mapping"),
        pytest.param(_doc(anru="oui"), "anru", id="anru-not-bool"),
        pytest.param(_doc(attendu=None), "exactly one", id="no-expectation"),
        pytest.param(_doc(par_referentiel={"ave-2014": GOOD["attendu"]}), "exactly one", id="both"),
        pytest.param(_expect(eligible="oui"), "eligible", id="eligible-not-bool"),
        pytest.param(_expect(criteres="rsa"), "criteres", id="criteria-not-list"),
        pytest.param(_expect(criteres=["RSA"]), "unknown criterion", id="unknown-criterion"),
        pytest.param(_expect(criteres="__drop__"), "needs 'criteres'", id="no-criteria"),
        pytest.param(_expect(eligible=None), "needs 'manquants'", id="undetermined-no-missing"),
        pytest.param(
            _doc(attendu={"erreur": "no-rules-in-force", "eligible": None}),
            "no other key",
            id="error-and-outcome",
        ),
        pytest.param({"cas": [_doc()["cas"][0], _doc()["cas"][0]]}, "duplicate", id="dup-name"),
    ],
)
def test_a_departure_from_the_format_is_an_error(
    parse_case_document: Callable[[Any, str], list[Case]],
    document: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_case_document(document, "t.yaml")


def test_a_wrong_expectation_fails_and_says_why(
    parse_case_document: Callable[[Any, str], list[Case]],
    run_case: Callable[[Case], None],
) -> None:
    document = _expect(
        eligible=False, criteres=["deld"], regles=["publics.ave-2014.deld"], manquants=["x"]
    )
    (case,) = parse_case_document(document, "t.yaml")
    with pytest.raises(AssertionError) as info:
        run_case(case)
    text = str(info.value)
    for part in ("eligible", "criteres", "regles", "manquants"):
        assert part in text


def test_an_expected_error_that_does_not_happen_fails(
    parse_case_document: Callable[[Any, str], list[Case]],
    run_case: Callable[[Case], None],
) -> None:
    (case,) = parse_case_document(_doc(attendu={"erreur": "no-rules-in-force"}), "t.yaml")
    with pytest.raises(AssertionError, match="got a decision"):
        run_case(case)


def test_vigilance_expectations_are_checked(
    parse_case_document: Callable[[Any, str], list[Case]],
    run_case: Callable[[Case], None],
) -> None:
    (case,) = parse_case_document(_expect(vigilance_contient=["texte absent"]), "t.yaml")
    with pytest.raises(AssertionError, match="no point contains"):
        run_case(case)
    (case,) = parse_case_document(_expect(vigilance_exclut=["recherche d'emploi"]), "t.yaml")
    with pytest.raises(AssertionError, match="excluded"):
        run_case(case)
