"""The import contract of ``pyproject.toml`` (``[tool.importlinter]``) holds, and bites.

Layers, top to bottom (docs/decisions/0041-organisation-du-paquet.md)::

    clauserules.cli | clauserules.testing
    clauserules.documents
    clauserules.eligibility | clauserules.plan | clauserules.ledger
    clauserules.rules
    clauserules.core
    clauserules.vocabulaire | clauserules.errors

plus: the three capabilities never import each other, documents import neither the ledger
nor eligibility, and no import cycle at any depth. ``make lint`` runs the same check.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "clauserules.cli",
    "clauserules.web | clauserules.testing",
    "clauserules.publication | clauserules.schemas",
    "clauserules.documents",
    "clauserules.eligibility | clauserules.plan | clauserules.ledger",
    "clauserules.rules",
    "clauserules.core",
    "clauserules.vocabulaire | clauserules.errors",
]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else ["lint-imports"]
    return subprocess.run(
        [*command, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": str(Path(sys.executable).parent)},
    )


def _contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_import_contract_holds() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contract_states_the_layers_of_the_decision_record() -> None:
    contracts = _contracts()
    assert contracts["layers"]["type"] == "layers"
    assert contracts["layers"]["layers"] == LAYERS
    assert contracts["capabilities"]["type"] == "independence"
    assert sorted(contracts["capabilities"]["modules"]) == [  # type: ignore[call-overload]
        "clauserules.eligibility",
        "clauserules.ledger",
        "clauserules.plan",
    ]
    assert contracts["documents"]["forbidden_modules"] == [
        "clauserules.ledger",
        "clauserules.eligibility",
    ]
    assert contracts["acyclic"]["type"] == "acyclic_siblings"


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        pytest.param("core/_up.py", "import clauserules.plan.model", "Layers", id="up-a-layer"),
        pytest.param(
            "ledger/_across.py", "import clauserules.plan.model", "Capabilities", id="across"
        ),
        pytest.param(
            "documents/_ledger.py", "import clauserules.ledger.model", "Documents", id="documents"
        ),
        pytest.param("core/expr.py", "import clauserules.core.decide", "cycle", id="cycle"),
    ],
)
def test_a_forbidden_import_breaks_the_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    """On a copy of the package with one bad import added, ``lint-imports`` fails and names
    the contract."""
    # The copy gets another name: the editable install would resolve ``clauserules`` to the
    # checkout whatever PYTHONPATH says (grimp reads the files, it runs nothing).
    copy = tmp_path / "copie"
    shutil.copytree(
        ROOT / "clauserules", copy, ignore=shutil.ignore_patterns("__pycache__", "templates")
    )
    for path in copy.rglob("*.py"):
        path.write_text(_renamed(path.read_text(encoding="utf-8")), encoding="utf-8")
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(_renamed(config), encoding="utf-8")
    target = copy / module
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(f"{text}\n{_renamed(line)}\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert any(contract in row for row in broken), result.stdout


def _renamed(text: str) -> str:
    return text.replace("clauserules", "copie")
