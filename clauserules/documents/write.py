"""Writing the documents: all or nothing, through a staging directory; PDF by LibreOffice.

The documents are rendered in memory first; :func:`write_documents` converts them to PDF
in a private temporary directory if asked, checks every target, writes each file beside
its target and only then renames them all into place
(``docs/decisions/0030-generation-documents.md``, §11; ADR 0070). An error never leaves a
half-written file or a mixed set.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from clauserules._files import atomic_write_set, check_output_path
from clauserules.errors import OutputNotWritableError, PdfConversionError

__all__ = ["write_documents"]


def write_documents(
    rendered: Mapping[str, bytes],
    out: str | Path,
    *,
    pdf: bool = False,
    others: Mapping[str, bytes] | None = None,
) -> tuple[dict[str, Path], dict[str, Path]]:
    """Write ``{code: docx bytes}`` as ``code.docx`` (and ``code.pdf``) into ``out``.

    Returns the paths written, ``.docx`` then ``.pdf``, by code. ``others`` are more files,
    by file name (Markdown, HTML, annexes), written with them all at once; their paths are
    returned with the ``.docx`` ones, keyed by file name.

    The PDFs are made in a private temporary directory (outside ``out``: a run killed
    during the conversion leaves nothing in ``out``); every target is checked before the
    first is replaced, and the set is replaced all at once (:func:`atomic_write_set`).

    Raises:
        OutputNotWritableError: ``out`` is empty, cannot be created or written, or one of
            the files to replace is a directory or not a regular file.
        PdfConversionError: PDFs asked for and LibreOffice is absent or failed (raised
            before anything is written when LibreOffice is absent).
    """
    soffice = _soffice() if pdf else None
    if pdf and soffice is None:
        raise PdfConversionError(
            "PDF output needs LibreOffice (soffice) on the PATH; install libreoffice-writer-nogui"
        )
    target = _output_dir(out)
    names = tuple(rendered)
    docx = {name: target / f"{name}.docx" for name in names}
    pdfs = {name: target / f"{name}.pdf" for name in names} if soffice is not None else {}
    extra = {filename: target / filename for filename in others or {}}
    for path in (*docx.values(), *pdfs.values(), *extra.values()):
        check_output_path(path)
    files: dict[Path, Callable[[Path], None]] = {
        docx[name]: _bytes_writer(data) for name, data in rendered.items()
    }
    for filename, data in (others or {}).items():
        files[extra[filename]] = _bytes_writer(data)
    work: Path | None = None
    try:
        if soffice is not None:
            work = Path(tempfile.mkdtemp(prefix="clauserules-pdf-"))
            sources = []
            for name, data in rendered.items():
                (work / f"{name}.docx").write_bytes(data)
                sources.append(work / f"{name}.docx")
            _convert(soffice, sources, work)
            for name in names:
                files[pdfs[name]] = _bytes_writer((work / f"{name}.pdf").read_bytes())
        atomic_write_set(files)
    except OSError as exc:
        raise OutputNotWritableError(
            f"{target}: cannot write the documents: {exc.strerror}"
        ) from None
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return {**docx, **extra}, pdfs


def _bytes_writer(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)

    return write


def _output_dir(out: str | Path) -> Path:
    if str(out) == "":
        raise OutputNotWritableError("the output directory is empty; give a directory name")
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise OutputNotWritableError(f"{target}: exists and is not a directory")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritableError(
            f"{target}: cannot create the output directory: {exc.strerror}"
        ) from None
    if not os.access(target, os.W_OK | os.X_OK):
        raise OutputNotWritableError(f"{target}: the output directory is not writable")
    return target


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_TIMEOUT = 180
"""Seconds LibreOffice is given to convert the documents."""


def _convert(soffice: str, files: Sequence[Path], outdir: Path) -> None:
    """Convert ``files`` with LibreOffice in its own session (process group): on timeout the
    whole group (the ``soffice`` wrapper and ``soffice.bin``) is killed, no orphan is left.
    Paths are absolute and the profile is a correct ``file://`` URI whatever characters
    the path holds (spaces, ``#``, ``%``, accents)."""
    outdir = outdir.resolve()
    profile = (outdir / "lo-profile").as_uri()
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *(str(f.resolve()) for f in files),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise PdfConversionError(f"LibreOffice cannot be started: {exc.strerror}") from None
    try:
        _, stderr = process.communicate(timeout=PDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise PdfConversionError(
            f"LibreOffice did not convert the documents within {PDF_TIMEOUT} seconds "
            "(stopped); try again without --pdf and convert them yourself"
        ) from None
    except BaseException:
        _kill_group(process)
        raise
    missing = [f.stem for f in files if not (outdir / f"{f.stem}.pdf").is_file()]
    if process.returncode != 0 or missing:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PdfConversionError(
            f"LibreOffice did not produce {', '.join(missing) or 'the PDFs'} "
            f"(exit {process.returncode}) {detail[0][:200]}"
        )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice's process group (``soffice.bin`` included) and reap the wrapper."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=10)
