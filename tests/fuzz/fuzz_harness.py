"""Run the command line on hostile input in a subprocess with a time and memory limit, and
judge the outcome: exit 0 or 2 (1 for a template report), no traceback, one line on
standard error, within its time bound, and no file touched outside ``--out``."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TEMPLATES = ROOT / "clauserules" / "documents" / "templates"
MEMORY = 2 * 1024**3
"""Address-space limit of one run: a blow-up is a ``MemoryError`` (exit 3), not the OOM killer."""


@dataclass
class Outcome:
    args: tuple[str, ...]
    status: int | None
    """Exit status; ``None`` when killed at the time limit."""
    stdout: str
    stderr: str
    seconds: float

    @property
    def kind(self) -> str:
        if self.status is None:
            return "hang"
        if "Traceback" in self.stderr:
            return "traceback"
        return {0: "exit 0", 1: "exit 1", 2: "exit 2", 3: "exit 3"}.get(self.status, "signal")


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(args: list[str | Path], cwd: Path, timeout: float = 60) -> Outcome:
    """``clauserules ARGS`` in ``cwd``, in its own process group, killed as a group."""
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "clauserules.cli", *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        preexec_fn=_limits,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        out, err = process.communicate(timeout=timeout)
        status: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        status = None
    return Outcome(tuple(map(str, args)), status, out, err, time.monotonic() - start)


def snapshot(directory: Path, ignore: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every file under ``directory`` (but ``ignore``): size and modification time."""
    found = {}
    for path in directory.rglob("*"):
        if ignore is not None and (path == ignore or ignore in path.parents):
            continue
        if path.is_file() or path.is_symlink():
            st = path.lstat()
            found[str(path.relative_to(directory))] = (st.st_size, st.st_mtime_ns)
    return found


def assert_clean(outcome: Outcome, bound: float = 60, allowed: tuple[int, ...] = (0, 2)) -> None:
    """The promise of the command line for any input."""
    where = f"{' '.join(a[:60] for a in outcome.args)}"
    assert outcome.status is not None, f"hang: {where}"
    assert "Traceback" not in outcome.stderr, f"traceback: {where}: {outcome.stderr[-400:]}"
    assert outcome.status in allowed, f"exit {outcome.status}: {where}: {outcome.stderr[:400]}"
    if outcome.status == 2:
        assert outcome.stderr.count("\n") == 1, f"not one line: {where}: {outcome.stderr[:400]}"
        assert outcome.stderr.startswith("clauserules: error ["), outcome.stderr[:200]
        assert len(outcome.stderr) < 20_000, f"message too long: {where}"
    assert outcome.seconds < bound, f"{outcome.seconds:.1f} s > {bound} s: {where}"


def copy_parcours(target: Path) -> Path:
    shutil.copytree(EXAMPLES / "parcours", target)
    return target


def template_with(payload: str, target: Path) -> Path:
    """A template directory whose rc.docx holds ``payload`` in a paragraph of its own."""
    import io
    import zipfile

    target.mkdir(parents=True, exist_ok=True)
    for name in ("ccap", "decision"):
        shutil.copy(TEMPLATES / f"{name}.docx", target / f"{name}.docx")
    base = zipfile.ZipFile(TEMPLATES / "rc.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            data = base.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                cut = text.index("<w:body>") + len("<w:body>")
                paragraph = f"<w:p><w:r><w:t>{payload}</w:t></w:r></w:p>"
                data = (text[:cut] + paragraph + text[cut:]).encode()
            archive.writestr(info, data)
    (target / "rc.docx").write_bytes(buffer.getvalue())
    return target / "rc.docx"


def docx_with_entries(
    entries: list[tuple[str, bytes]], target: Path, *, duplicate: bool = False
) -> Path:
    """A template directory whose rc.docx is the built-in one with ``entries`` replacing
    its own (or added as second entries of the same names, with ``duplicate``)."""
    import zipfile

    target.mkdir(parents=True, exist_ok=True)
    for name in ("ccap", "decision"):
        shutil.copy(TEMPLATES / f"{name}.docx", target / f"{name}.docx")
    base = zipfile.ZipFile(TEMPLATES / "rc.docx")
    replaced = set() if duplicate else {name for name, _ in entries}
    with zipfile.ZipFile(target / "rc.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            if info.filename not in replaced:
                archive.writestr(info, base.read(info))
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are the point
            for name, data in entries:
                archive.writestr(name, data)
    return target / "rc.docx"
