"""Markdown and HTML forms of a rendered Word document (to paste into a DCE editor).

The wording lives in one place, the Word templates (``docs/decisions/0062-formes-des-documents.md``):
the Markdown and the HTML are read back from the rendered ``.docx`` — headings (with the
numbers Word would display), paragraphs with their bold spans, bullet lists, boxed notes and
tables, in document order. Every character of the text is kept: Markdown escapes its
special characters with a backslash, HTML escapes ``& < > " '`` (the page is standalone,
``lang="fr"``, UTF-8). Running headers and footers (page numbers) are left out.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["FORMATS", "Block", "blocks", "to_html", "to_markdown"]

FORMATS = ("docx", "md", "html")
"""Output formats of ``generate``: Word, Markdown, HTML."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Block:
    """One block of a document: ``kind`` is ``title``, ``subtitle``, ``heading``,
    ``paragraph``, ``bullet``, ``note``, ``centre`` or ``table``."""

    kind: str
    spans: tuple[tuple[str, bool], ...] = ()
    """Text spans and whether each is bold."""
    level: int = 0
    """Heading level (1 to 3)."""
    rows: tuple[tuple[str, ...], ...] = ()
    """Table rows (the first is the header row)."""


def _numbering(document: object) -> dict[str, tuple[int, str]]:
    """``{style id: (level, lvlText)}`` of the heading styles numbered by a Word list."""
    part = document.part  # type: ignore[attr-defined]
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract_of = {
        num.get(f"{_W}numId"): num.find(f"{_W}abstractNumId").get(f"{_W}val")
        for num in numbering.iter(f"{_W}num")
        if num.find(f"{_W}abstractNumId") is not None
    }
    texts: dict[tuple[str, str], str] = {}
    for abstract in numbering.iter(f"{_W}abstractNum"):
        for lvl in abstract.iter(f"{_W}lvl"):
            text = lvl.find(f"{_W}lvlText")
            fmt = lvl.find(f"{_W}numFmt")
            if text is not None and fmt is not None and fmt.get(f"{_W}val") == "decimal":
                key = (abstract.get(f"{_W}abstractNumId"), lvl.get(f"{_W}ilvl"))
                texts[key] = text.get(f"{_W}val") or ""
    result: dict[str, tuple[int, str]] = {}
    for style in document.styles.element.iter(f"{_W}style"):  # type: ignore[attr-defined]
        numpr = style.find(f"{_W}pPr/{_W}numPr")
        if numpr is None:
            continue
        ilvl = numpr.find(f"{_W}ilvl")
        num_id = numpr.find(f"{_W}numId")
        if ilvl is None or num_id is None:
            continue
        key = (abstract_of.get(num_id.get(f"{_W}val")), ilvl.get(f"{_W}val"))
        if key in texts:
            result[style.get(f"{_W}styleId")] = (int(ilvl.get(f"{_W}val")), texts[key])
    return result


def _spans(paragraph: object) -> tuple[tuple[str, bool], ...]:
    spans: list[tuple[str, bool]] = []
    for run in paragraph.runs:  # type: ignore[attr-defined]
        text = run.text
        if not text:
            continue
        bold = bool(run.bold)
        if spans and spans[-1][1] == bold:
            spans[-1] = (spans[-1][0] + text, bold)
        else:
            spans.append((text, bold))
    return tuple(spans)


def blocks(data: bytes) -> Iterator[Block]:
    """The blocks of a rendered ``.docx``, in document order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    numbered = _numbering(document)
    counters = [0, 0, 0]
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}tbl":
            table = Table(element, document)
            rows = tuple(tuple(cell.text for cell in row.cells) for row in table.rows)
            if rows:
                yield Block("table", rows=rows)
            continue
        if element.tag != f"{_W}p":
            continue
        paragraph = Paragraph(element, document)
        spans = _spans(paragraph)
        if not "".join(text for text, _ in spans).strip():
            continue
        style = paragraph.style
        name = style.name if style is not None else "Normal"
        if name.startswith("Heading "):
            level = int(name.split(" ")[1]) if name.split(" ")[1].isdigit() else 3
            number = numbered.get(style.style_id) if style is not None else None
            if number is not None:
                ilvl, pattern = number
                counters[ilvl] += 1
                for deeper in range(ilvl + 1, len(counters)):
                    counters[deeper] = 0
                label = re.sub(r"%(\d)", lambda m: str(counters[int(m.group(1)) - 1]), pattern)
                spans = ((label, False), *spans)
            yield Block("heading", spans=spans, level=min(level, 3))
        elif name == "Title":
            yield Block("title", spans=spans)
        elif name == "Subtitle":
            yield Block("subtitle", spans=spans)
        elif name.startswith("List"):
            yield Block("bullet", spans=spans)
        elif name in ("Intense Quote", "Quote"):
            yield Block("note", spans=spans)
        elif paragraph.alignment is not None and int(paragraph.alignment) == 1:
            yield Block("centre", spans=spans)
        else:
            yield Block("paragraph", spans=spans)


# --- Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
"""Characters that Markdown may read as markup anywhere in a line (backslash-escaped)."""
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}
"""Characters written as entities: every Markdown dialect decodes them, not all know the
backslash escape (HTML tags, tables, strike-through)."""
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))", re.MULTILINE)
"""A line that would start a heading, list, rule or quote."""


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = re.sub(r"[&<>|~]", lambda m: _MD_ENTITIES[m.group(0)], escaped)
    return escaped.replace("\n", "  \n")


def _md_line(text: str) -> str:
    """``text`` (already escaped) made safe at the start of a line."""
    return _MD_LINE_START.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2))
        ),
        text,
    )


def _md_spans(spans: tuple[tuple[str, bool], ...]) -> str:
    parts = []
    for text, bold in spans:
        stripped = text.strip()
        if bold and stripped:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            parts.append(f"{lead}**{_md(stripped)}**{trail}")
        else:
            parts.append(_md(text))
    return "".join(parts).strip()


def to_markdown(data: bytes) -> str:
    """The document as Markdown (CommonMark with pipe tables)."""
    lines: list[str] = []
    previous = ""
    for block in blocks(data):
        if block.kind == "bullet":
            if previous != "bullet":
                lines.append("")
            lines.append(f"- {_md_line(_md_spans(block.spans))}")
        elif block.kind == "table":
            lines.append("")
            width = max(len(row) for row in block.rows)
            for index, row in enumerate(block.rows):
                cells = [_md(cell).replace("  \n", "<br>") for cell in row]
                cells += [""] * (width - len(cells))
                lines.append("| " + " | ".join(cells) + " |")
                if index == 0:
                    lines.append("|" + "---|" * width)
        else:
            lines.append("")
            text = _md_spans(block.spans)
            if block.kind == "title":
                lines.append(f"# {text}")
            elif block.kind == "subtitle":
                lines.append(f"**{text}**" if text else "")
            elif block.kind == "heading":
                lines.append(f"{'#' * (block.level + 1)} {text}")
            elif block.kind == "note":
                lines.append(f"> {_md_line(text)}")
            else:
                lines.append(_md_line(text))
        previous = block.kind
    return "\n".join(lines).strip() + "\n"


# --- HTML -------------------------------------------------------------------------------

_STYLE = (
    "body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;max-width:48em;margin:2em auto;"
    "line-height:1.4;color:#111}h1,h2,h3,h4{color:#1f3864}h2{background:#dce6f1;padding:.2em .4em}"
    "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #777;padding:.2em .4em;"
    "vertical-align:top;text-align:left}th{background:#d9d9d9}"
    "blockquote{border:1px solid #7f7f7f;background:#f2f2f2;margin:1em 0;padding:.4em .8em}"
    ".centre{text-align:center}"
)


def _h(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _html_spans(spans: tuple[tuple[str, bool], ...]) -> str:
    return "".join(f"<strong>{_h(text)}</strong>" if bold else _h(text) for text, bold in spans)


def to_html(data: bytes, title: str) -> str:
    """The document as a standalone HTML page in French (every text escaped)."""
    body: list[str] = []
    in_list = False
    for block in blocks(data):
        if block.kind != "bullet" and in_list:
            body.append("</ul>")
            in_list = False
        if block.kind == "bullet":
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_html_spans(block.spans)}</li>")
        elif block.kind == "table":
            rows = []
            for index, row in enumerate(block.rows):
                tag = "th" if index == 0 else "td"
                cells = "".join(f"<{tag}>{_h(cell)}</{tag}>" for cell in row)
                rows.append(f"<tr>{cells}</tr>")
            body.append(
                f"<table><thead>{rows[0]}</thead><tbody>{''.join(rows[1:])}</tbody></table>"
            )
        elif block.kind == "title":
            body.append(f"<h1>{_html_spans(block.spans)}</h1>")
        elif block.kind == "subtitle":
            body.append(f'<p class="centre"><strong>{_html_spans(block.spans)}</strong></p>')
        elif block.kind == "heading":
            level = block.level + 1
            body.append(f"<h{level}>{_html_spans(block.spans)}</h{level}>")
        elif block.kind == "note":
            body.append(f"<blockquote><p>{_html_spans(block.spans)}</p></blockquote>")
        elif block.kind == "centre":
            body.append(f'<p class="centre">{_html_spans(block.spans)}</p>')
        else:
            body.append(f"<p>{_html_spans(block.spans)}</p>")
    if in_list:
        body.append("</ul>")
    content = "\n".join(body)
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_h(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"{content}\n</body>\n</html>\n"
    )
