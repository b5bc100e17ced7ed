"""Writing the documents: all or nothing, through a staging directory; PDF by LibreOffice.

The documents are rendered in memory first; :func:`write_documents` writes them to a
temporary directory created inside the output directory, converts them to PDF there if
asked, and only then moves every file into place with :func:`os.replace`. The staging
directory is always removed, so an error never leaves a half-written file
(``docs/decisions/0030-generation-documents.md``, §11).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

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

    Raises:
        OutputNotWritableError: ``out`` cannot be created or written.
        PdfConversionError: PDFs asked for and LibreOffice is absent or failed (raised
            before anything is written when LibreOffice is absent).
    """
    soffice = _soffice() if pdf else None
    if pdf and soffice is None:
        raise PdfConversionError(
            "PDF output needs LibreOffice (soffice) on the PATH; install libreoffice-writer-nogui"
        )
    target = _output_dir(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".clauserules-", dir=target))
    except OSError as exc:
        raise OutputNotWritableError(
            f"{target}: cannot write to the output directory: {exc.strerror}"
        ) from None
    names = tuple(rendered)
    try:
        for name, data in rendered.items():
            (staging / f"{name}.docx").write_bytes(data)
        extra = dict(others or {})
        for filename, data in extra.items():
            (staging / filename).write_bytes(data)
        pdfs: dict[str, Path] = {}
        if soffice is not None:
            _convert(soffice, [staging / f"{name}.docx" for name in names], staging)
            pdfs = {name: target / f"{name}.pdf" for name in names}
        docx = {name: target / f"{name}.docx" for name in names}
        for name in names:
            os.replace(staging / f"{name}.docx", docx[name])
            if soffice is not None:
                os.replace(staging / f"{name}.pdf", pdfs[name])
        for filename in extra:
            docx[filename] = target / filename
            os.replace(staging / filename, docx[filename])
    except OSError as exc:
        raise OutputNotWritableError(
            f"{target}: cannot write the documents: {exc.strerror}"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return docx, pdfs


def _output_dir(out: str | Path) -> Path:
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


def _convert(soffice: str, files: Sequence[Path], outdir: Path) -> None:
    profile = (outdir / "lo-profile").resolve()  # a file URI needs an absolute path
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *(str(f) for f in files),
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=180, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfConversionError(f"LibreOffice failed to convert to PDF: {exc}") from None
    missing = [f.stem for f in files if not (outdir / f"{f.stem}.pdf").is_file()]
    if result.returncode != 0 or missing:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PdfConversionError(
            f"LibreOffice did not produce {', '.join(missing) or 'the PDFs'} (exit {result.returncode}) {detail[0]}"
        )
