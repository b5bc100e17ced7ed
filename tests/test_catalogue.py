"""The rule catalogue (``docs/regles``): up to date, and every rule exercised by a YAML case.

Regenerate with ``make catalogue`` (``python tools/catalogue.py docs/regles --cases tests/cases``).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from clauserules import rulebase

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "docs" / "regles"
CASES = ROOT / "tests" / "cases"
TOOL = ROOT / "tools" / "catalogue.py"

sys.path.insert(0, str(TOOL.parent))
catalogue = importlib.import_module("catalogue")
CaseRun = catalogue.CaseRun
main = catalogue.main
render_catalogue = catalogue.render_catalogue
run_cases = catalogue.run_cases
write_catalogue = catalogue.write_catalogue


@pytest.fixture(scope="module")
def case_run() -> CaseRun:
    return run_cases(CASES)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_catalogue(CASES)


def test_catalogue_is_up_to_date(tmp_path: Path) -> None:
    write_catalogue(tmp_path, CASES)
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in CATALOGUE.glob("*.md")}
    missing = sorted(set(fresh) - set(committed))
    extra = sorted(set(committed) - set(fresh))
    stale = sorted(name for name in set(fresh) & set(committed) if fresh[name] != committed[name])
    problems = {"missing": missing, "extra": extra, "changed": stale}
    assert problems == {"missing": [], "extra": [], "changed": []}, (
        f"docs/regles is stale ({problems}); run `make catalogue` ({catalogue.COMMAND})"
    )


def test_every_rule_has_a_page_with_every_version(pages: dict[str, str]) -> None:
    base = rulebase()
    ids = {rule.id for rule in base.rules}
    assert set(pages) == {f"{rule_id}.md" for rule_id in ids} | {"index.md"}
    for rule in base.rules:
        page = pages[f"{rule.id}.md"]
        assert f"## Version `{rule.validity.render()}`" in page, rule.key
        assert rule.describe().split()[0] in page
        for citation in rule.sources:
            assert citation.source.title.split()[0] in page
    index = pages["index.md"]
    for topic in base.topics():
        assert f"## {topic}\n" in index
    assert all(f"]({rule_id}.md)" in index for rule_id in ids)


def test_every_case_runs(case_run: CaseRun) -> None:
    """A YAML case that raises an unexpected exception exercises nothing: name it."""
    assert not case_run.failures, "\n".join(case_run.failures)


def test_every_rule_is_exercised_by_a_case(case_run: CaseRun) -> None:
    ids = {rule.id for rule in rulebase().rules}
    unknown = sorted(set(case_run.rules) - ids)
    assert not unknown, f"cases report rule ids absent from the rule base: {unknown}"
    never = sorted(ids - set(case_run.rules))
    assert not never, f"rules no YAML case of tests/cases exercises: {never}"


def test_cases_are_named_on_the_page(case_run: CaseRun, pages: dict[str, str]) -> None:
    for rule_id, cases in case_run.rules.items():
        page = pages[f"{rule_id}.md"]
        for case in cases:
            assert f"`{case.file}`" in page
            assert case.file.startswith("tests/cases/")


def test_generator_removes_pages_of_deleted_rules(tmp_path: Path) -> None:
    (tmp_path / "articles.regle-supprimee.md").write_text("old", encoding="utf-8")
    assert main([str(tmp_path), "--cases", str(CASES)]) == 0
    assert not (tmp_path / "articles.regle-supprimee.md").exists()
    assert (tmp_path / "index.md").exists()


def test_generator_needs_the_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "out"), "--cases", str(tmp_path / "absent")]) == 2
    assert "no such directory" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_catalogue_is_not_part_of_the_library() -> None:
    """The runtime package knows nothing of the test tree: the generator is a tool."""
    assert not (ROOT / "clauserules" / "catalogue.py").exists()
    for path in (ROOT / "clauserules").rglob("*.py"):
        assert "tests/cases" not in path.read_text(encoding="utf-8"), path


def test_the_cases_directory_is_an_argument(tmp_path: Path) -> None:
    """Run as a script from the root of the repository, as the Makefile does; without
    ``--cases`` it refuses to guess."""
    result = subprocess.run(
        [sys.executable, str(TOOL), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 2
    assert "--cases" in result.stderr


def test_a_case_file_out_of_format_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "tests" / "cases"
    (cases / "publics").mkdir(parents=True)
    (cases / "publics" / "x.yaml").write_text("cas: []\nauteur: x\n", encoding="utf-8")
    assert main([str(tmp_path / "out"), "--cases", str(cases)]) == 2
    assert "unknown key" in capsys.readouterr().err
