"""Build the Word templates ``rc.docx``, ``ccap.docx`` and ``decision.docx``.

The wording lives in readable text sources, ``clauserules/templates/src/*.txt``, kept in
git so that it can be reviewed and diffed; this script turns them into ``.docx`` files with
python-docx. The build is deterministic: the same sources give byte-identical files (fixed
zip timestamps and core properties), so ``python -m clauserules.documents.templates.build --check``
can tell whether the committed templates are up to date.

Markup of the sources, one paragraph per line (blank lines are ignored)::

    #! comment                    ignored (notes for reviewers)
    =  Title                      document title (title page)
    == Subtitle                   subtitle (title page)
    ~  text                       centred line of the title page
    #  Heading                    numbered heading of level 1 (« Article 1 – … »)
    ## Heading                    numbered heading of level 2 (« 1.1 … »)
    ### Heading                   unnumbered heading of level 3
    -  text                       bullet item
    >  text                       boxed note (« Note »)
    %  jinja statement            a paragraph tag: ``% if x`` gives ``{%p if x %}``
    |! a | b |                    header row of a table (starts a table)
    |  a | b |                    row of the table
    |% for x in xs |              row tag: ``{%tr for x in xs %}``
    ---                           page break
    @header text / @footer text   running header / footer (``[page]`` and ``[pages]`` fields)
    @numbering article|decimal    numbering scheme of level-1 headings
    @article Title                the source can also be built as an article to insert
                                  (``<name>-article.docx``, see :func:`build_article`)
    text                          body paragraph; ``**bold**`` spans are bold

Jinja expressions (``{{ … }}``) are written as they are, in body text, cells and items.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from clauserules.documents.filters import typographie
from clauserules.documents.package import write_zip

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
NAMES = ("rc", "ccap", "decision")
ANNEXES = ("engagement", "bilan")
"""Annexes handed to the holder (``generate --annexes``): commitment and final report."""
ARTICLES = ("ccap",)
"""Sources also built as an article to insert in the buyer's own document (``ccap-article``)."""

#: Fixed date written in the core properties and the zip entries of the templates.
BUILD_DATE = datetime(2026, 1, 1, tzinfo=UTC)

FONT = "Arial"
BLUE = RGBColor(0x1F, 0x38, 0x64)
SHADE_HEADING = "DCE6F1"
SHADE_TABLE_HEADER = "D9D9D9"
SHADE_NOTE = "F2F2F2"


@dataclass
class Table:
    """A table being collected: rows of raw cells and the kind of each row."""

    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    """Column widths in centimetres (``|= 2 5 3``); equal widths when absent."""


def _set_cell_shading(cell_or_ppr: object, fill: str) -> None:
    element = cell_or_ppr._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    element.append(shd)


def _paragraph_shading(paragraph_format_element: object, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    paragraph_format_element.append(shd)  # type: ignore[attr-defined]


def _paragraph_border(ppr: object, sides: tuple[str, ...], color: str = "1F3864") -> None:
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "6")
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), color)
        borders.append(edge)
    ppr.append(borders)  # type: ignore[attr-defined]


def _numbering(document: object, scheme: str) -> int:
    """Add a multilevel list for headings 1 and 2; return its ``numId``."""
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract_id = "90"
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    level1 = "Article %1 – " if scheme == "article" else "%1. "
    for ilvl, (text, style) in enumerate(((level1, "Heading1"), ("%1.%2 ", "Heading2"))):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", "decimal"),
            ("w:pStyle", style),
            ("w:lvlText", text),
            ("w:lvlJc", "left"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        suff = OxmlElement("w:suff")
        suff.set(qn("w:val"), "nothing")
        lvl.insert(4, suff)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "0")
        ind.set(qn("w:firstLine"), "0")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    num = OxmlElement("w:num")
    num_id = "90"
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract_id)
    num.append(ref)
    # abstractNum elements must precede num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return int(num_id)


def _attach_numbering(style: object, num_id: int, ilvl: int) -> None:
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    numpr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(lvl)
    numpr.append(nid)
    ppr.insert(0, numpr)


def _styles(document: object, scheme: str) -> None:
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    num_id = _numbering(document, scheme)
    for name, size, ilvl in (("Heading 1", 12, 0), ("Heading 2", 11, 1), ("Heading 3", 10, None)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = BLUE
        style.paragraph_format.space_before = Pt(14 if ilvl == 0 else 10)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if rfonts is not None:
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(attr), FONT)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                if rfonts.get(qn(attr)) is not None:
                    del rfonts.attrib[qn(attr)]
        if ilvl is not None and scheme != "none":
            _attach_numbering(style, num_id, ilvl)
        if ilvl == 0:
            style.font.all_caps = False
            ppr = style.element.get_or_add_pPr()
            _paragraph_shading(ppr, SHADE_HEADING)
            _paragraph_border(ppr, ("bottom",))
    for name, size in (("Title", 20), ("Subtitle", 13)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = name == "Title"
        style.font.italic = False
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_after = Pt(12)
        ppr = style.element.get_or_add_pPr()
        for child in ppr.findall(qn("w:pBdr")):
            ppr.remove(child)
        rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if rfonts is not None:
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(attr), FONT)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                if rfonts.get(qn(attr)) is not None:
                    del rfonts.attrib[qn(attr)]
    note = styles["Intense Quote"]
    note.font.italic = False
    note.font.color.rgb = RGBColor(0x26, 0x26, 0x26)
    note.font.size = Pt(9)
    note.paragraph_format.left_indent = Cm(0.5)
    note.paragraph_format.right_indent = Cm(0.5)
    ppr = note.element.get_or_add_pPr()
    for child in ppr.findall(qn("w:pBdr")):
        ppr.remove(child)
    _paragraph_border(ppr, ("top", "left", "bottom", "right"), "7F7F7F")
    _paragraph_shading(ppr, SHADE_NOTE)
    bullet = styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(3)
    bullet.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def _typeset(text: str) -> str:
    """French typography on the wording, never inside a Jinja tag (a non-breaking space
    there would break the template)."""
    return "".join(part if _TAG.fullmatch(part) else typographie(part) for part in _TAG.split(text))


def _add_runs(paragraph: object, text: str) -> None:
    """Add ``text`` to ``paragraph``; ``**…**`` spans become bold runs."""
    parts = re.split(r"(\*\*.+?\*\*)", text)
    for part in parts:
        if not part:
            continue
        if part.startswith("**") and part.endswith("**"):
            run = paragraph.add_run(_typeset(part[2:-2]))  # type: ignore[attr-defined]
            run.bold = True
        else:
            paragraph.add_run(_typeset(part))  # type: ignore[attr-defined]


def _field(paragraph: object, instruction: str) -> None:
    run = paragraph.add_run()  # type: ignore[attr-defined]
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def _running(paragraph: object, text: str) -> None:
    """Header or footer text with ``[page]`` and ``[pages]`` fields."""
    for part in re.split(r"(\[page\]|\[pages\])", text):
        if part == "[page]":
            _field(paragraph, "PAGE")
        elif part == "[pages]":
            _field(paragraph, "NUMPAGES")
        elif part:
            paragraph.add_run(part)  # type: ignore[attr-defined]


def _table(document: object, table: Table) -> None:
    columns = max(len(cells) for kind, cells in table.rows if kind != "tag")
    grid = document.add_table(rows=0, cols=columns)  # type: ignore[attr-defined]
    grid.style = document.styles["Table Grid"]  # type: ignore[attr-defined]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for kind, cells in table.rows:
        row = grid.add_row()
        if kind == "tag":
            # a docxtpl row tag: the whole row is replaced by the statement
            row.cells[0].paragraphs[0].add_run("{%tr " + cells[0] + " %}")
            continue
        if kind == "header":
            trpr = row._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            trpr.append(header)
        for index, text in enumerate(cells):
            cell = row.cells[index]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_after = Pt(2)
            _add_runs(paragraph, text)
            for run in paragraph.runs:
                run.font.size = Pt(9)
                if kind == "header":
                    run.bold = True
            if kind == "header":
                _set_cell_shading(cell, SHADE_TABLE_HEADER)
    if table.widths:
        grid.autofit = False
        for index, width in enumerate(table.widths[:columns]):
            grid.columns[index].width = Cm(width)
            for cell in grid.columns[index].cells:
                cell.width = Cm(width)
    document.add_paragraph()  # type: ignore[attr-defined]


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    cells, current, depth = [], [], 0
    index = 0
    while index < len(inner):
        pair = inner[index : index + 2]
        if pair in ("{{", "{%"):
            depth += 1
            current.append(pair)
            index += 2
            continue
        if pair in ("}}", "%}") and depth:
            depth -= 1
            current.append(pair)
            index += 2
            continue
        char = inner[index]
        if char == "|" and not depth:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current).strip())
    return cells


def parse(text: str) -> Iterator[tuple[str, str | list[str]]]:
    """The blocks of a source: ``(kind, payload)`` in order."""
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.startswith("#!"):
            continue
        if line.startswith("|= "):
            yield "row-widths", line[3:].split()
        elif line.startswith("|% "):
            yield "row-tag", [line[3:].rstrip("|").strip()]
        elif line.startswith("|!"):
            yield "row-header", _cells(line[2:])
        elif line.startswith("|"):
            yield "row", _cells(line)
        elif line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            yield f"meta-{key}", value.strip()
        elif line.strip() == "---":
            yield "page-break", ""
        elif line.startswith("% "):
            yield "p-tag", line[2:].strip()
        elif line.startswith("### "):
            yield "h3", line[4:].strip()
        elif line.startswith("## "):
            yield "h2", line[3:].strip()
        elif line.startswith("# "):
            yield "h1", line[2:].strip()
        elif line.startswith("== "):
            yield "subtitle", line[3:].strip()
        elif line.startswith("= "):
            yield "title", line[2:].strip()
        elif line.startswith("~ "):
            yield "centre", line[2:].strip()
        elif line.startswith("- "):
            yield "bullet", line[2:].strip()
        elif line.startswith("> "):
            yield "note", line[2:].strip()
        else:
            yield "body", line.strip()


COUNTER = "sous_article"
"""Jinja variable counting the level-1 headings of a source with ``@article`` (both forms):
the article form prints it (« 9.3 »), and a source may keep it (``% set x = sous_article``)."""


def _article_blocks(
    blocks: list[tuple[str, str | list[str]]], title: str
) -> list[tuple[str, str | list[str]]]:
    """The blocks of the article form: no title page, one unnumbered level-1 heading
    « Article {{ article.numero }} — title », the level-1 headings of the source become
    sub-articles « N.1 … » (their number written as text, so that it survives a paste), and
    level-2 headings become level-3 headings."""
    result: list[tuple[str, str | list[str]]] = [
        ("meta-numbering", "none"),
        ("h1", "Article {{ article.numero }} — " + title),
    ]
    for kind, payload in blocks:
        if kind in ("title", "subtitle", "centre", "page-break") or kind == "meta-numbering":
            continue
        if kind == "h1":
            assert isinstance(payload, str)
            result.append(
                (
                    "h2",
                    payload.replace(
                        _COUNT, _COUNT + "{{ article.numero }}.{{ " + COUNTER + " }} ", 1
                    ),
                )
            )
        elif kind == "h2":
            result.append(("h3", payload))
        else:
            result.append((kind, payload))
    return result


_COUNT = "{% set " + COUNTER + " = " + COUNTER + " + 1 %}"


def _with_counter(blocks: list[tuple[str, str | list[str]]]) -> list[tuple[str, str | list[str]]]:
    """Level-1 headings count themselves in ``sous_article`` (set to 0 first)."""
    result: list[tuple[str, str | list[str]]] = [("p-tag", f"set {COUNTER} = 0")]
    for kind, payload in blocks:
        if kind == "h1":
            assert isinstance(payload, str)
            payload = _COUNT + payload
        result.append((kind, payload))
    return result


def build_article(text: str) -> bytes:
    """The ``.docx`` bytes of the article form of a source with ``@article Title``."""
    blocks = list(parse(text))
    meta = {kind[5:]: value for kind, value in blocks if kind.startswith("meta-")}
    title = meta.get("article")
    if not isinstance(title, str) or not title:
        raise ValueError("the source has no @article line")
    return _build(_article_blocks(_with_counter(blocks), title))


def build_document(text: str) -> bytes:
    """The ``.docx`` bytes of one template source."""
    blocks = list(parse(text))
    if any(kind == "meta-article" for kind, _ in blocks):
        blocks = _with_counter(blocks)
    return _build(blocks)


def _build(blocks: list[tuple[str, str | list[str]]]) -> bytes:
    meta = {kind[5:]: value for kind, value in blocks if kind.startswith("meta-")}
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = Cm(2)
    section.bottom_margin = Cm(2)
    _styles(document, str(meta.get("numbering", "article")))
    for where in ("header", "footer"):
        value = meta.get(where)
        if value:
            part = section.header if where == "header" else section.footer
            paragraph = part.paragraphs[0]
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.RIGHT if where == "header" else WD_ALIGN_PARAGRAPH.CENTER
            )
            _running(paragraph, str(value))
            for run in paragraph.runs:
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    table: Table | None = None
    for kind, payload in blocks:
        if kind.startswith("row"):
            if table is None:
                table = Table()
            assert isinstance(payload, list)
            if kind == "row-widths":
                table.widths = [float(w) for w in payload]
                continue
            row_kind = {"row-tag": "tag", "row-header": "header", "row": "row"}[kind]
            table.rows.append((row_kind, payload))
            continue
        if table is not None:
            _table(document, table)
            table = None
        if kind.startswith("meta-"):
            continue
        assert isinstance(payload, str)
        if kind == "page-break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "p-tag":
            document.add_paragraph("{%p " + payload + " %}")
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(level=int(kind[1]))
            _add_runs(document.paragraphs[-1], payload)
        elif kind == "title":
            paragraph = document.add_paragraph(style="Title")
            _add_runs(paragraph, payload)
        elif kind == "subtitle":
            paragraph = document.add_paragraph(style="Subtitle")
            _add_runs(paragraph, payload)
        elif kind == "centre":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_runs(paragraph, payload)
        elif kind == "bullet":
            _add_runs(document.add_paragraph(style="List Bullet"), payload)
        elif kind == "note":
            _add_runs(document.add_paragraph(style="Intense Quote"), payload)
        else:
            _add_runs(document.add_paragraph(), payload)
    if table is not None:
        _table(document, table)

    props = document.core_properties
    props.author = "clauserules"
    props.last_modified_by = "clauserules"
    props.created = BUILD_DATE.replace(tzinfo=None)
    props.modified = BUILD_DATE.replace(tzinfo=None)
    props.revision = 1
    props.title = str(meta.get("title", ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, entries in their original order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return write_zip((info.filename, source.read(info)) for info in source.infolist())


def _built() -> dict[str, bytes]:
    built = {}
    for name in (*NAMES, *ANNEXES):
        text = (SRC / f"{name}.txt").read_text(encoding="utf-8")
        built[name] = build_document(text)
        if name in ARTICLES:
            built[f"{name}-article"] = build_article(text)
    return built


def build_all(target: Path = HERE) -> dict[str, bytes]:
    """Build every template; return ``{name: bytes}`` (written to ``target``)."""
    built = _built()
    for name, data in built.items():
        (target / f"{name}.docx").write_bytes(data)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if a committed template is out of date"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = []
        for name, data in _built().items():
            path = HERE / f"{name}.docx"
            if not path.is_file() or data != path.read_bytes():
                stale.append(name)
        if stale:
            print(
                f"out of date: {', '.join(stale)} (run python -m clauserules.documents.templates.build)"
            )
            return 1
        return 0
    for name in build_all():
        print(HERE / f"{name}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "ARTICLES",
    "NAMES",
    "build_all",
    "build_article",
    "build_document",
    "normalise_zip",
    "parse",
]
