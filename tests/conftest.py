"""Shared test machinery: the collector of the eligibility cases of ``tests/cases/publics``.

Each YAML file of ``tests/cases/publics`` holds cases a lawyer can read and check against
the sources; pytest collects every case as its own test item, named by its sentence.
The format is closed: an unknown key, a missing key or a value of the wrong form is a
collection error, never a silently ignored expectation.

File::

    referentiel: ave-2014          # optional default for the cases of the file
    modeles:                       # optional: YAML anchors reused by the cases (ignored)
      neutre: &neutre {...}
    cas:
      - nom: Un demandeur d'emploi inscrit depuis exactement 12 mois est DELD selon l'AVE.
        at: 2026-03-15             # evaluation date, YYYY-MM-DD
        referentiel: ave-2014      # unless the file gives it
        publics_prioritaires: [rsa]  # optional buyer overlay
        anru: true                 # optional, ANRU-funded operation
        personne: {<<: *neutre, inscription_france_travail: {depuis: 2025-03-15}}
        attendu:
          eligible: true           # true, false or null (undetermined)
          criteres: [deld]         # exact list of criterion codes met (any order)
          regles: [publics.ave-2014.deld]   # optional: exact list of fired rule ids
          manquants: []            # exact list of missing inputs; required when eligible is null
          prioritaire: null        # optional
          anru_qpv: null           # optional
          vigilance_contient: [...]   # optional: each text appears in some vigilance point
          vigilance_exclut: [...]     # optional: no vigilance point contains these texts
      - nom: ...
        at: 2014-11-30
        attendu: {erreur: no-rules-in-force}   # the assessment raises this error code

A case may instead give ``par_referentiel: {ave-2014: {...attendu...}, daj-2015: ...}``
(and no ``referentiel``/``attendu``): the same person under several referentials, one test
item per referential, named ``<nom> [<referentiel>]``.

Persons are read with :func:`clauserules._files.load_document`, the loader of the CLI (dates
stay strings), so the cases also exercise the validation of textual input.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from clauserules import assess_eligibility
from clauserules._files import load_document
from clauserules.eligibility.output import EligibilityDecision
from clauserules.errors import ClauseRulesError
from clauserules.vocabulaire import Critere, Referentiel

# --- hypothesis profiles ----------------------------------------------------------------
# ``CLAUSERULES_HYPOTHESIS_PROFILE`` selects one; default ``ci`` when ``CI`` is set, else
# ``dev``. A profile sets ``max_examples`` for the tests that do not set their own; tests
# that set theirs keep it, except those of test_invariants.py and test_testing_strategies.py,
# which scale with the profile (docs/invariants.md, "Running with more examples").
# Loaded here, at the import of this file: before the test modules build their settings.
_SLOW_OK = [HealthCheck.too_slow]
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile(
    "ci", max_examples=100, deadline=None, print_blob=True, suppress_health_check=_SLOW_OK
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, print_blob=True, suppress_health_check=_SLOW_OK
)
HYPOTHESIS_PROFILES = ("dev", "ci", "thorough")
HYPOTHESIS_PROFILE = os.environ.get("CLAUSERULES_HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI") else "dev"
)
if HYPOTHESIS_PROFILE in HYPOTHESIS_PROFILES:
    settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_configure(config: pytest.Config) -> None:
    if HYPOTHESIS_PROFILE not in HYPOTHESIS_PROFILES:
        raise pytest.UsageError(
            f"CLAUSERULES_HYPOTHESIS_PROFILE={HYPOTHESIS_PROFILE!r}: expected one of "
            + ", ".join(HYPOTHESIS_PROFILES)
        )


def pytest_report_header(config: pytest.Config) -> str:
    return f"hypothesis profile: {HYPOTHESIS_PROFILE} (CLAUSERULES_HYPOTHESIS_PROFILE)"


CASES_DIR = Path(__file__).parent / "cases" / "publics"

FILE_KEYS = frozenset({"referentiel", "modeles", "cas"})
CASE_KEYS = frozenset(
    {
        "nom",
        "at",
        "referentiel",
        "publics_prioritaires",
        "anru",
        "personne",
        "attendu",
        "par_referentiel",
    }
)
EXPECT_KEYS = frozenset(
    {
        "eligible",
        "criteres",
        "regles",
        "manquants",
        "prioritaire",
        "anru_qpv",
        "vigilance_contient",
        "vigilance_exclut",
        "erreur",
    }
)
CRITERIA = frozenset(c.value for c in Critere)
REFERENTIALS = frozenset(r.value for r in Referentiel)


class CaseFormatError(ValueError):
    """A case file does not follow the closed format above."""


@dataclass(frozen=True)
class Expected:
    """What a case expects; ``checks`` holds only the optional keys the case gave."""

    erreur: str | None
    eligible: bool | None
    criteres: tuple[str, ...]
    checks: Mapping[str, Any]


@dataclass(frozen=True)
class Case:
    """One person, one referential, one date, one expectation."""

    name: str
    where: str
    at: date
    referentiel: str
    personne: Mapping[str, Any]
    publics_prioritaires: tuple[str, ...]
    anru: bool
    attendu: Expected

    def assess(self) -> EligibilityDecision:
        return assess_eligibility(
            self.personne,
            at=self.at,
            referential=self.referentiel,
            publics_prioritaires=self.publics_prioritaires,
            anru=self.anru,
        )


# --- parsing ----------------------------------------------------------------------------


def _fail(where: str, message: str) -> CaseFormatError:
    return CaseFormatError(f"{where}: {message}")


def _closed(data: Any, keys: frozenset[str], where: str, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise _fail(where, f"{what} must be a mapping, found {type(data).__name__}")
    unknown = sorted(set(map(str, data)) - keys)
    if unknown:
        raise _fail(where, f"unknown key(s) {unknown} in {what}; allowed: {sorted(keys)}")
    return data


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"{key} must be a list of strings, found {value!r}")
    return tuple(value)


def _optional_bool(value: Any, where: str, key: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise _fail(where, f"{key} must be true, false or null, found {value!r}")
    return value


def _referential(value: Any, where: str) -> str:
    if value not in REFERENTIALS:
        raise _fail(where, f"unknown referentiel {value!r}; expected one of {sorted(REFERENTIALS)}")
    return str(value)


def _at(value: Any, where: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise _fail(where, f"at must be a date YYYY-MM-DD, found {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(where, f"at is not a valid date: {value!r}") from None


def parse_expected(data: Any, where: str) -> Expected:
    """Validate one ``attendu`` mapping."""
    data = _closed(data, EXPECT_KEYS, where, "attendu")
    if "erreur" in data:
        if set(data) != {"erreur"} or not isinstance(data["erreur"], str):
            raise _fail(where, "attendu with erreur takes no other key and a string code")
        return Expected(erreur=data["erreur"], eligible=None, criteres=(), checks={})
    for key in ("eligible", "criteres"):
        if key not in data:
            raise _fail(where, f"attendu needs {key!r}")
    eligible = _optional_bool(data["eligible"], where, "eligible")
    criteres = _str_list(data["criteres"], where, "criteres")
    unknown = sorted(set(criteres) - CRITERIA)
    if unknown:
        raise _fail(where, f"unknown criterion code(s) {unknown}; expected {sorted(CRITERIA)}")
    if eligible is None and "manquants" not in data:
        raise _fail(where, "an undetermined outcome (eligible: null) needs 'manquants'")
    checks: dict[str, Any] = {}
    for key in ("regles", "manquants", "vigilance_contient", "vigilance_exclut"):
        if key in data:
            checks[key] = _str_list(data[key], where, key)
    for key in ("prioritaire", "anru_qpv"):
        if key in data:
            checks[key] = _optional_bool(data[key], where, key)
    return Expected(erreur=None, eligible=eligible, criteres=criteres, checks=checks)


def parse_cases(document: Any, where: str) -> list[Case]:
    """The cases of one YAML document; :class:`CaseFormatError` on any departure."""
    document = _closed(document, FILE_KEYS, where, "the file")
    default_ref = document.get("referentiel")
    if default_ref is not None:
        _referential(default_ref, where)
    raw_cases = document.get("cas")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise _fail(where, "'cas' must be a non-empty list of cases")
    cases: list[Case] = []
    names: set[str] = set()
    for index, raw in enumerate(raw_cases):
        here = f"{where}: cas[{index}]"
        raw = _closed(raw, CASE_KEYS, here, "a case")
        name = raw.get("nom")
        if not isinstance(name, str) or not name.strip():
            raise _fail(here, "'nom' must be a non-empty French sentence")
        name = " ".join(name.split())
        if name in names:
            raise _fail(here, f"duplicate nom {name!r}")
        names.add(name)
        here = f"{where}: {name!r}"
        if "at" not in raw or "personne" not in raw:
            raise _fail(here, "a case needs 'at' and 'personne'")
        at = _at(raw["at"], here)
        personne = raw["personne"]
        if not isinstance(personne, Mapping):
            raise _fail(here, "'personne' must be a mapping (possibly empty: {})")
        priorities = _str_list(raw.get("publics_prioritaires", []), here, "publics_prioritaires")
        anru = raw.get("anru", False)
        if not isinstance(anru, bool):
            raise _fail(here, f"'anru' must be true or false, found {anru!r}")
        if ("attendu" in raw) == ("par_referentiel" in raw):
            raise _fail(here, "give exactly one of 'attendu' and 'par_referentiel'")
        if "attendu" in raw:
            ref = raw.get("referentiel", default_ref)
            if ref is None:
                raise _fail(here, "no 'referentiel' (neither in the case nor in the file)")
            expectations = [(name, _referential(ref, here), raw["attendu"])]
        else:
            if "referentiel" in raw:
                raise _fail(here, "'par_referentiel' replaces 'referentiel'")
            by_ref = raw["par_referentiel"]
            if not isinstance(by_ref, Mapping) or not by_ref:
                raise _fail(here, "'par_referentiel' must map referentials to expectations")
            expectations = [
                (f"{name} [{_referential(ref, here)}]", str(ref), expected)
                for ref, expected in by_ref.items()
            ]
        for item_name, ref, expected in expectations:
            cases.append(
                Case(
                    name=item_name,
                    where=here,
                    at=at,
                    referentiel=ref,
                    personne=dict(personne),
                    publics_prioritaires=priorities,
                    anru=anru,
                    attendu=parse_expected(expected, f"{here} [{ref}]"),
                )
            )
    return cases


def load_case_file(path: Path) -> list[Case]:
    """Read and validate one case file."""
    return parse_cases(load_document(path), path.name)


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


# --- checking ---------------------------------------------------------------------------


class CaseMismatch(AssertionError):
    """The decision differs from what the case expects."""

    def __init__(self, problems: list[str], decision: EligibilityDecision | None) -> None:
        self.problems = problems
        self.decision = decision
        super().__init__("; ".join(problems))


def check_case(case: Case) -> None:
    """Assess the case and raise :class:`CaseMismatch` listing every difference."""
    expected = case.attendu
    if expected.erreur is not None:
        try:
            decision = case.assess()
        except ClauseRulesError as exc:
            if exc.code != expected.erreur:
                raise CaseMismatch(
                    [f"error: expected {expected.erreur}, got {exc.code} ({exc.message})"], None
                ) from exc
            return
        raise CaseMismatch([f"error: expected {expected.erreur}, got a decision"], decision)

    decision = case.assess()
    problems: list[str] = []

    def differ(label: str, want: Any, got: Any) -> None:
        if want != got:
            problems.append(f"{label}: expected {want!r}, got {got!r}")

    differ("eligible", expected.eligible, decision.eligible)
    differ("criteres", sorted(expected.criteres), sorted(decision.criteria))
    checks = expected.checks
    if "regles" in checks:
        differ("regles", sorted(checks["regles"]), sorted(decision.rules))
    if "manquants" in checks:
        differ("manquants", sorted(checks["manquants"]), sorted(decision.missing))
    for key in ("prioritaire", "anru_qpv"):
        if key in checks:
            differ(key, checks[key], getattr(decision, key))
    for text in checks.get("vigilance_contient", ()):
        if not any(text in point for point in decision.vigilance):
            problems.append(f"vigilance: no point contains {text!r}")
    for text in checks.get("vigilance_exclut", ()):
        if any(text in point for point in decision.vigilance):
            problems.append(f"vigilance: a point contains {text!r}, which is excluded")
    if problems:
        raise CaseMismatch(problems, decision)


# --- pytest collection ------------------------------------------------------------------


class CaseFile(pytest.File):
    def collect(self) -> Iterator[CaseItem]:
        for case in load_case_file(self.path):
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        check_case(self.case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseMismatch):
            case = self.case
            lines = [
                f"Cas : {case.name}",
                f"  fichier : {case.where}, at={case.at}, referentiel={case.referentiel}",
                *(f"  - {p}" for p in excinfo.value.problems),
            ]
            decision = excinfo.value.decision
            if decision is not None:
                lines.append(
                    f"  décision : eligible={decision.eligible} criteria={list(decision.criteria)} "
                    f"rules={list(decision.rules)} missing={list(decision.missing)}"
                )
                lines.extend(f"  vigilance : {v}" for v in decision.vigilance)
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"cas : {self.name}"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and CASES_DIR in file_path.parents:
        return CaseFile.from_parent(parent, path=file_path)
    return None


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def publics_cases() -> list[Case]:
    """Every case of ``tests/cases/publics``, validated."""
    return [case for path in case_files() for case in load_case_file(path)]


@pytest.fixture(scope="session")
def parse_case_document() -> Callable[[Any, str], list[Case]]:
    """The strict case parser (for tests of the format itself)."""
    return parse_cases


@pytest.fixture(scope="session")
def run_case() -> Callable[[Case], None]:
    """Assess a case and raise :class:`CaseMismatch` on any difference."""
    return check_case
