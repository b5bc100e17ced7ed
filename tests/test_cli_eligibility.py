"""The ``clauserules eligibility`` and ``clauserules rules`` commands.

The representative runs go through a real subprocess (``python -m clauserules.cli`` with
the virtualenv's interpreter), so exit codes, standard output and standard error are the
ones a user sees, and a crash could not hide; they are started concurrently because the
start-up of Python dominates. The many variants of bad input then go through
:func:`clauserules.cli.main` in-process, with the same checks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clauserules import assess_eligibility
from clauserules._files import load_document
from clauserules.cli import main


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def cli_all(commands: Sequence[Sequence[str | Path]], cwd: Path) -> list[Run]:
    """Run independent commands in subprocesses, all at once."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "clauserules.cli", *map(str, args)],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    runs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        runs.append(Run(process.returncode, stdout, stderr))
    return runs


InProcess = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> InProcess:
    """``cli(*args, cwd=...)``: run :func:`clauserules.cli.main` in this process."""

    def run(*args: str | Path, cwd: Path) -> Run:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def assert_input_error(run: Run, *expected: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr, no traceback."""
    assert run.code == 2, run
    assert run.stdout == ""
    assert run.stderr.endswith("\n"), run.stderr
    assert run.stderr.count("\n") == 1, run.stderr
    assert "Traceback" not in run.stderr
    line = run.stderr.strip()
    assert line.startswith("clauserules: error ["), line
    for text in expected:
        assert text in line, line
    return line


PERSON_YAML = """\
# Une allocataire du RSA inscrite depuis 14 mois.
id: P-001
date_naissance: 1990-04-02
inscription_france_travail:
  depuis: 2025-01-10
  categorie: 1
allocations: [rsa]
residence_qpv: true
"""

THIRD_INVALID = """\
personnes:
  - {id: a, allocations: [rsa]}
  - {id: b, allocations: []}
  - {id: c, niveau_qualification: 12}
  - {id: d, allocations: [rsa]}
"""


@pytest.fixture
def person(tmp_path: Path) -> Path:
    path = tmp_path / "personne.yaml"
    path.write_text(PERSON_YAML, encoding="utf-8")
    return path


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return path


# --- real subprocesses --------------------------------------------------------------------


def test_subprocess_outputs(person: Path) -> None:
    at = ("--at", "2026-03-16")
    as_json, as_text, rules, rules_at = cli_all(
        [
            ["eligibility", person, *at, "--format", "json"],
            ["eligibility", person, *at, "--format", "text"],
            ["rules", "--topic", "publics", "--format", "json"],
            ["rules", "--topic", "publics", "--at", "2015-01-01"],
        ],
        person.parent,
    )
    for run in (as_json, as_text, rules, rules_at):
        assert run.code == 0, run.stderr
        assert run.stderr == ""

    data = as_json.json()
    for key in ("eligible", "referential", "at", "criteria", "rules", "sources", "missing"):
        assert key in data
    assert "vigilance" in data
    assert data["eligible"] is True
    assert data["referential"] == "ave-2014"
    assert data["at"] == "2026-03-16"
    assert data["personne"] == "P-001"
    assert sorted(data["criteria"]) == ["deld", "rsa"]
    assert sorted(data["rules"]) == ["publics.ave-2014.deld", "publics.ave-2014.rsa"]
    assert data["missing"] == []
    assert {s["citation"] for s in data["sources"]} >= {"003_7f42dc19c6252b60.txt:8189"}
    assert any("recherche d'emploi" in v for v in data["vigilance"])

    text = as_text.stdout
    assert "Personne P-001 — éligible au 16/03/2026" in text
    assert "Référentiel : ave-2014" in text
    assert "Critères remplis" in text
    assert "demandeur d'emploi de longue durée [deld]" in text
    assert "Points de vigilance" in text
    assert "Règles appliquées : publics.ave-2014.deld, publics.ave-2014.rsa" in text
    assert "003_7f42dc19c6252b60.txt:8189" in text

    check_rules_json(rules.json())
    assert "publics.ave-2014.deld  [2014-12-01, …)" in rules_at.stdout
    assert rules_at.stdout.rstrip().endswith("8 règles.")


def test_subprocess_input_errors(tmp_path: Path) -> None:
    at = ("--at", "2026-03-16")
    bad_yaml, missing, bad_date, invalid, third = cli_all(
        [
            ["eligibility", write(tmp_path, "bad.yaml", "a: [1, 2\n"), *at],
            ["eligibility", "absente.yaml", *at],
            [
                "eligibility",
                write(tmp_path, "p.yaml", "allocations: [rsa]\n"),
                "--at",
                "2026-02-30",
            ],
            ["eligibility", write(tmp_path, "inv.yaml", "allocations: [rmi]\n"), *at],
            ["eligibility", write(tmp_path, "list.yaml", THIRD_INVALID), *at],
        ],
        tmp_path,
    )
    assert_input_error(bad_yaml, "[input-file]", "bad.yaml", "invalid YAML", "line 2")
    assert_input_error(missing, "[input-file]", "absente.yaml", "no such file")
    assert_input_error(bad_date, "[usage]", "--at", "'2026-02-30'")
    assert_input_error(invalid, "[invalid-input]", "allocations.0", "'rmi'")
    line = assert_input_error(third, "[invalid-input]", "personnes.2.niveau_qualification")
    assert "personnes.0" not in line
    assert "personnes.3" not in line


# --- in-process: eligibility --------------------------------------------------------------


def test_json_output_is_the_api_decision(cli: InProcess, person: Path) -> None:
    """The CLI renders what the library decides, nothing more, nothing less."""
    run = cli(
        "eligibility", person, "--at", "2026-03-16", "--referential", "pole-emploi",
        "--priorites", "rsa,senior", "--anru", cwd=person.parent,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    expected = assess_eligibility(
        load_document(person),
        at="2026-03-16",
        referential="pole-emploi",
        publics_prioritaires=["rsa", "senior"],
        anru=True,
    )
    assert run.json() == expected.model_dump(mode="json")
    assert run.json()["prioritaire"] is True
    assert run.json()["anru_qpv"] is True


def test_text_output_of_an_undetermined_person_lists_what_is_missing(
    cli: InProcess, tmp_path: Path
) -> None:
    path = write(tmp_path, "p.yaml", "inscription_france_travail: {depuis: 2025-12-01}\n")
    run = cli(
        "eligibility", path, "--at", "2026-03-16", "--referential", "pole-emploi",
        "--format", "text", cwd=tmp_path,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert "indéterminé au 16/03/2026" in run.stdout
    assert "Informations manquantes : allocations, date_naissance" in run.stdout
    assert "Critères remplis : aucun" in run.stdout


def test_a_list_of_persons_gives_a_list_of_decisions(cli: InProcess, tmp_path: Path) -> None:
    persons = [
        {"id": "a", "allocations": ["rsa"]},
        {"id": "b", "inscription_france_travail": False},
    ]
    path = write(tmp_path, "personnes.json", json.dumps({"personnes": persons}))
    run = cli("eligibility", path, "--at", "2026-03-16", "--referential", "igas-2016", cwd=tmp_path)
    assert run.code == 0, run.stderr
    data = run.json()
    assert [d["personne"] for d in data] == ["a", "b"]
    assert [d["eligible"] for d in data] == [True, None]
    assert {d["referential"] for d in data} == {"igas-2016"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("a: [1, 2\n", ["[input-file]", "invalid YAML", "line 2"], id="bad-yaml"),
        pytest.param("a: b: c\n", ["[input-file]", "invalid YAML"], id="bad-yaml-mapping"),
        pytest.param("date_naissance: 1990-02-30\n", ["[invalid-input]", "date_naissance"], id="impossible-date"),
        pytest.param("date_naissance: 02/04/1990\n", ["[invalid-input]", "date_naissance"], id="french-date"),
        pytest.param("allocations: [rmi]\n", ["[invalid-input]", "allocations.0", "rmi"], id="unknown-code"),
        pytest.param("nom: Dupont\n", ["[invalid-input]", "nom"], id="extra-field"),
        pytest.param("obligation_emploi: peut-etre\n", ["[invalid-input]", "obligation_emploi"], id="wrong-type"),
        pytest.param("niveau_qualification: '3'\n", ["[invalid-input]", "niveau_qualification"], id="quoted-int"),
        pytest.param("date_naissance: 2030-01-01\n", ["[invalid-input]", "date_naissance", "after"], id="birth-after-at"),
        pytest.param(
            "inscription_france_travail: {depuis: 2026-04-01, categorie: 1}\n",
            ["[invalid-input]", "inscription_france_travail.depuis", "after"],
            id="registration-after-at",
        ),
        pytest.param(
            "date_naissance: 2000-01-01\ninscription_france_travail: {depuis: 1999-01-01}\n",
            ["[invalid-input]", "inscription_france_travail.depuis", "before date_naissance"],
            id="registration-before-birth",
        ),
        pytest.param("- 1\n- 2\n", ["[invalid-input]", "personnes.0"], id="list-of-numbers"),
        pytest.param("personnes: 3\n", ["[invalid-input]", "personnes"], id="personnes-not-list"),
        pytest.param("'texte'\n", ["[invalid-input]", "(root)"], id="scalar-document"),
        pytest.param("", ["[invalid-input]", "(root)"], id="empty-file"),
    ],
)  # fmt: skip
def test_invalid_input_file(
    cli: InProcess, tmp_path: Path, content: str, expected: list[str]
) -> None:
    path = write(tmp_path, "personne.yaml", content)
    assert_input_error(cli("eligibility", path, "--at", "2026-03-16", cwd=tmp_path), *expected)


def test_invalid_json_file(cli: InProcess, tmp_path: Path) -> None:
    path = write(tmp_path, "p.json", '{"allocations": ["rsa"],}')
    run = cli("eligibility", path, "--at", "2026-03-16", cwd=tmp_path)
    assert_input_error(run, "[input-file]", "p.json", "invalid JSON")


def test_a_directory_is_not_a_file(cli: InProcess, tmp_path: Path) -> None:
    run = cli("eligibility", tmp_path, "--at", "2026-03-16", cwd=tmp_path)
    assert_input_error(run, "[input-file]", "directory")


@pytest.mark.parametrize("at", ["2026-02-30", "16/03/2026", "20260316", "demain", ""])
def test_bad_date(cli: InProcess, person: Path, at: str) -> None:
    run = cli("eligibility", person, "--at", at, cwd=person.parent)
    assert_input_error(run, "[usage]", "--at", repr(at))


def test_unknown_referential_and_priority(cli: InProcess, person: Path) -> None:
    run = cli(
        "eligibility", person, "--at", "2026-03-16", "--referential", "ave", cwd=person.parent
    )
    assert_input_error(run, "[usage]", "--referential")
    run = cli("eligibility", person, "--at", "2026-03-16", "--priorites", "rmi", cwd=person.parent)
    assert_input_error(run, "[unknown-variant]", "'rmi'")


def test_date_before_the_referential(cli: InProcess, tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", "allocations: [rsa]\n")
    run = cli(
        "eligibility", path, "--at", "2016-01-01", "--referential", "igas-2016", cwd=tmp_path
    )  # fmt: skip
    assert_input_error(run, "[no-rules-in-force]", "2016-04-18")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_third_invalid_person_of_a_list_is_named_and_nothing_is_printed(
    cli: InProcess, tmp_path: Path, fmt: str
) -> None:
    path = write(tmp_path, "personnes.yaml", THIRD_INVALID)
    run = cli("eligibility", path, "--at", "2026-03-16", "--format", fmt, cwd=tmp_path)
    line = assert_input_error(run, "[invalid-input]", "personnes.2.niveau_qualification")
    assert "personnes.0" not in line
    assert "personnes.3" not in line


def test_third_invalid_person_of_a_bare_list(cli: InProcess, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "personnes.yaml",
        "- {allocations: [rsa]}\n- {}\n- {inscription_france_travail: {depuis: 2025-02-30}}\n",
    )
    run = cli("eligibility", path, "--at", "2026-03-16", cwd=tmp_path)
    assert_input_error(run, "personnes.2.inscription_france_travail.depuis")


def test_usage_errors_are_one_line(cli: InProcess, tmp_path: Path) -> None:
    assert_input_error(cli("eligibility", "--at", "2026-03-16", cwd=tmp_path), "[usage]")
    assert_input_error(cli("eligibility", "p.yaml", cwd=tmp_path), "[usage]", "--at")
    assert_input_error(cli("frobnicate", cwd=tmp_path), "[usage]")


# --- in-process: rules ----------------------------------------------------------------------


def check_rules_json(rules: list[dict[str, Any]]) -> None:
    ids = {r["id"] for r in rules}
    assert "publics.ave-2014.deld" in ids
    assert "publics.overlay.anru-qpv" in ids
    assert all(r["topic"] in ("publics", "publics.overlay") for r in rules)
    for rule in rules:
        assert {"id", "title", "sources", "validity"} <= set(rule)
        assert rule["title"]
        assert rule["sources"]
        assert all(s["citation"] for s in rule["sources"])
        assert rule["validity"]["start"]
    relais = [r for r in rules if r["id"] == "publics.pole-emploi.relais-clause"]
    assert sorted((r["validity"]["start"], r["validity"]["end"]) for r in relais) == [
        ("2016-04-18", "2024-01-01"),
        ("2024-01-01", None),
    ]


def test_rules_at_keeps_only_the_rules_in_force(cli: InProcess, tmp_path: Path) -> None:
    def listed(at: str) -> list[dict[str, Any]]:
        run = cli("rules", "--topic", "publics", "--at", at, "--format", "json", cwd=tmp_path)
        assert run.code == 0, run.stderr
        rules: list[dict[str, Any]] = run.json()
        return rules

    def relais(rules: list[dict[str, Any]]) -> list[str]:
        return [r["title"] for r in rules if r["id"] == "publics.pole-emploi.relais-clause"]

    before, after, early = listed("2023-12-31"), listed("2024-01-01"), listed("2015-01-01")
    assert len(relais(before)) == 1
    assert "Pôle emploi" in relais(before)[0]
    assert len(relais(after)) == 1
    assert "France Travail" in relais(after)[0]
    assert {r["variant"] for r in early} == {"ave-2014"}
    for rule in before:
        start, end = rule["validity"]["start"], rule["validity"]["end"]
        assert start <= "2023-12-31"
        assert end is None or end > "2023-12-31"
    everything = cli("rules", "--topic", "publics", "--format", "json", cwd=tmp_path).json()
    assert len(early) < len(before) < len(everything)


def test_rules_text_lists_ids_titles_and_sources(cli: InProcess, tmp_path: Path) -> None:
    run = cli("rules", "--topic", "publics", "--at", "2015-01-01", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "publics.ave-2014.deld  [2014-12-01, …)" in run.stdout
    assert "Demandeur d'emploi de longue durée" in run.stdout
    assert "Source : 003_7f42dc19c6252b60.txt:8189" in run.stdout
    assert run.stdout.rstrip().endswith("8 règles.")


def test_rules_bad_date(cli: InProcess, tmp_path: Path) -> None:
    assert_input_error(cli("rules", "--at", "2024-02-30", cwd=tmp_path), "[usage]", "--at")


# --- the parser's closed lists come from the vocabulary ------------------------------------


def _choices(parser: Any, path: Sequence[str], option: str) -> list[str]:
    import argparse

    for name in path:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[name]
    action = next(a for a in parser._actions if option in a.option_strings)
    return list(action.choices)


def test_closed_choices_are_the_vocabulary_enums() -> None:
    from clauserules.cli import build_parser
    from clauserules.vocabulaire import CleRepartition, Referentiel

    parser = build_parser()
    assert _choices(parser, ["eligibility"], "--referential") == [r.value for r in Referentiel]
    assert _choices(parser, ["count"], "--cle") == [c.value for c in CleRepartition]


def test_the_text_and_json_renderings_live_with_eligibility(person: Path) -> None:
    from clauserules.eligibility import assess_persons, eligibility_json, eligibility_text

    decisions, single = assess_persons(load_document(person), subject=str(person), at="2026-03-16")
    assert single
    assert eligibility_json(decisions[0])["personne"] == decisions[0].personne
    assert " au 16/03/2026" in eligibility_text(decisions[0])


def test_an_error_in_a_list_of_persons_names_the_person() -> None:
    from clauserules.eligibility import assess_persons
    from clauserules.errors import InvalidInputError

    with pytest.raises(InvalidInputError) as info:
        assess_persons(
            {"personnes": [{}, {"date_naissance": "hier"}]}, subject="p.yaml", at="2026-03-16"
        )
    assert info.value.fields == ("personnes.1.date_naissance",)
    assert info.value.subject == "p.yaml"


# --- iae-2021, --structure-iae, --complet (issue 12) ---------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "personne.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_iae_referential_with_a_structure_and_complete_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        "date_naissance: 2003-01-01\nniveau_qualification: 3\n"
        "inscription_france_travail: {depuis: 2025-01-10, categorie: 6}\n",
    )
    base = ["eligibility", str(path), "--at", "2026-03-16", "--referential", "iae-2021"]
    assert main(base) == 0
    overall = json.loads(capsys.readouterr().out)
    assert overall["eligible"] is True
    assert overall["structures_iae"] == ["ai", "etti", "ei", "aci", "eiti"]
    assert sorted(overall["criteria"]) == ["cap_bep", "deld", "jeune"]

    assert main([*base, "--structure-iae", "ei", "--complet"]) == 0
    closed = json.loads(capsys.readouterr().out)
    assert (closed["eligible"], closed["structure_iae"], closed["complet"]) == (True, "ei", True)

    assert main([*base, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Structures où la personne est éligible" in text
    assert "iae-2021" in text


def test_complet_turns_undetermined_into_no(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "date_naissance: 1980-01-01\n")
    base = ["eligibility", str(path), "--at", "2026-03-16"]
    assert main(base) == 0
    assert json.loads(capsys.readouterr().out)["eligible"] is None
    assert main([*base, "--complet"]) == 0
    decision = json.loads(capsys.readouterr().out)
    assert (decision["eligible"], decision["missing"]) == (False, [])


def test_structure_iae_is_refused_with_another_referential_or_an_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "date_naissance: 1980-01-01\n")
    base = ["eligibility", str(path), "--at", "2026-03-16"]
    assert main([*base, "--structure-iae", "ei"]) == 2
    assert "structure_iae" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main([*base, "--referential", "iae-2021", "--structure-iae", "geiq"])
    assert exc.value.code == 2


def test_category_6_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "inscription_france_travail: {depuis: 2024-09-01, categorie: 6}\n")
    assert main(["eligibility", str(path), "--at", "2026-03-16"]) == 0
    assert json.loads(capsys.readouterr().out)["criteria"] == ["deld"]
