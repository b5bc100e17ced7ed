"""The generated PDFs of the examples, rendered page by page (issue 13).

Needs LibreOffice (``soffice``) and poppler (``pdftoppm``, ``pdfinfo``); CI installs them
(``apt-get install libreoffice-writer-nogui poppler-utils``). Each page is rendered in grey
levels: a page whose body (between the running header and footer) holds no ink is empty.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from clauserules._files import load_document
from clauserules.documents.service import generate_documents

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("soffice", "pdftoppm", "pdfinfo")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="LibreOffice (soffice) and poppler (pdftoppm, pdfinfo) are needed to render PDFs",
)

BOUNDS = {"rc": (1, 6), "ccap": (2, 8), "decision": (2, 60)}
"""Page counts a reader accepts, by document (the decision record: the note de choix, at
most 4 pages, then its annex, the full trace; see :func:`test_note_de_choix_fits_in_four_pages`)."""

NOTE_PAGES = 4
"""Longest note de choix a buyer reads (issue 13): the annex starts on page 5 at the latest."""

EXAMPLES = ("consultation", "concession", "lot-reserve-siae")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _ink(pgm: Path) -> int:
    """Dark pixels in the body of a page rendered as binary PGM (P5)."""
    data = pgm.read_bytes()
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4]
    top, bottom = int(height * 0.06), int(height * 0.92)
    body = pixels[top * width : bottom * width]
    return sum(1 for value in body if value < 128)


@pytest.mark.parametrize("example", EXAMPLES)
def test_pdf_pages_within_bounds_and_none_empty(example: str, tmp_path: Path) -> None:
    data = load_document(ROOT / "examples" / f"{example}.yaml")
    result = generate_documents(data, tmp_path, pdf=True)
    for code, pdf in result.pdf.items():
        pages = _pages(pdf)
        low, high = BOUNDS[code]
        assert low <= pages <= high, (example, code, pages)
        prefix = tmp_path / f"{code}-page"
        subprocess.run(
            ["pdftoppm", "-r", "30", "-gray", str(pdf), str(prefix)], check=True, timeout=120
        )
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(prefix)],
            check=True,
            timeout=120,
        )
        images = sorted(tmp_path.glob(f"{code}-page*.pgm"))
        assert len(images) == pages
        for index, image in enumerate(images, start=1):
            assert _ink(image) > 10, (example, code, f"page {index} is empty")


def _page_texts(pdf: Path) -> list[str]:
    texts = []
    for page in range(1, _pages(pdf) + 1):
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        texts.append(done.stdout)
    return texts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is needed")
@pytest.mark.parametrize("example", [*EXAMPLES, "consultation-mixte-travaux-nettoyage"])
def test_note_de_choix_fits_in_four_pages(example: str, tmp_path: Path) -> None:
    """The note de choix of the 7-lot example (and of the others) holds on at most four
    pages; the annex (full trace) starts on a page of its own; no seed file is cited."""
    data = load_document(ROOT / "examples" / f"{example}.yaml")
    result = generate_documents(data, tmp_path, pdf=True, brouillon=True)
    texts = _page_texts(result.pdf["decision"])
    first = texts[0]
    assert "NOTE DE CHOIX" in first
    annex = next(
        index for index, text in enumerate(texts, start=1) if "ANNEXE — TRACE COMPLÈTE" in text
    )
    assert 2 <= annex <= NOTE_PAGES + 1, (example, annex)
    note = "\n".join(texts[: annex - 1])
    for section in (
        "Choix par lot",
        "Pourquoi ces choix",
        "Ce que l'acheteur doit encore vérifier",
        "Motifs à consigner",
    ):
        assert section in note, (example, section)
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", "\n".join(texts))


def test_pdf_with_a_relative_output_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice's profile is a file URI: a relative --out used to make it wait until the
    time-out (180 s) instead of converting."""
    monkeypatch.chdir(tmp_path)
    data = load_document(ROOT / "examples" / "concession.yaml")
    result = generate_documents(data, "sortie", pdf=True)
    assert (tmp_path / "sortie" / "ccap.pdf").is_file()
    assert set(result.pdf) == {"rc", "ccap", "decision"}
