"""Shared test machinery: hypothesis profiles, and the collector of ``tests/cases/publics``.

Each YAML file of ``tests/cases/publics`` holds cases a lawyer can read and check against
the sources; pytest collects every case as its own test item, named by its sentence (a case
with ``par_referentiel`` gives one item per referential, named ``<nom> [<referentiel>]``).
The format is closed and read by ``tests/_cases.py`` (:class:`_cases.PublicsFile`, which
documents it): an unknown key, a missing key or a value of the wrong form is a collection
error, never a silently ignored expectation.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _cases import CaseFormatError, PublicsFile, PublicsRun, case_files, load, parse
from hypothesis import HealthCheck, settings

from clauserules.eligibility.output import EligibilityDecision
from clauserules.errors import ClauseRulesError

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

Case = PublicsRun
"""One person, one referential, one date, one expectation."""

__all__ = ["Case", "CaseFormatError"]


def parse_cases(document: Any, where: str) -> list[Case]:
    """The cases of one YAML document; :class:`CaseFormatError` on any departure."""
    content = parse(document, "publics", where)
    assert isinstance(content, PublicsFile)
    return content.runs(where)


def load_case_file(path: Path) -> list[Case]:
    """Read and validate one case file."""
    content = load(path, "publics")
    assert isinstance(content, PublicsFile)
    return content.runs(path.name)


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
    if "structures_iae" in checks:
        differ(
            "structures_iae",
            sorted(checks["structures_iae"]),
            sorted(decision.structures_iae or ()),
        )
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
    return [
        case for path in case_files(CASES_DIR.parent, "publics") for case in load_case_file(path)
    ]


@pytest.fixture(scope="session")
def parse_case_document() -> Callable[[Any, str], list[Case]]:
    """The strict case parser (for tests of the format itself)."""
    return parse_cases


@pytest.fixture(scope="session")
def run_case() -> Callable[[Case], None]:
    """Assess a case and raise :class:`CaseMismatch` on any difference."""
    return check_case
