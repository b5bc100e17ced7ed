"""Check a Word template before using it: variables, unknown names, lint errors.

``clauserules check-template FILE`` reports:

* the variables the template uses, as dotted paths resolved through its loops
  (``lots[].heures.valeur``);
* the unknown ones: paths that the document context (:class:`~clauserules.documents.context.
  DocumentContext`) does not define;
* lint errors that make a template fail or misbehave in docxtpl: « » guillemets or
  non-breaking spaces inside a ``{{ }}`` / ``{% %}`` tag (French autocorrect), a tag left
  open in its paragraph, a ``{%p %}`` tag sharing its paragraph with other text or another
  ``{%p``, a ``{%tr %}`` tag outside a table, and Jinja syntax errors.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes

from clauserules.documents.context import context_variables
from clauserules.documents.environment import environment
from clauserules.documents.package import MAX_TEMPLATE_BYTES
from clauserules.documents.render import RENDERED_PART, check_docx, compile_template
from clauserules.errors import TemplateSyntaxError

__all__ = ["MAX_TEMPLATE_BYTES", "TemplateReport", "check_template", "report_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_BAD_IN_TAG = {
    "«": "guillemet « (use straight quotes \" or ')",
    "»": "guillemet » (use straight quotes \" or ')",
    "\u00a0": "non-breaking space (U+00A0)",
    "\u202f": "narrow non-breaking space (U+202F)",
}


@dataclass
class TemplateReport:
    """What :func:`check_template` found in one template."""

    name: str
    variables: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.errors


def _paragraphs(xml: bytes) -> Iterator[tuple[str, bool]]:
    """Text of each paragraph of a part and whether it sits in a table."""
    from lxml import etree

    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise TemplateSyntaxError(f"a part is not well-formed XML: {str(exc)[:120]}") from None
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
        in_table = any(a.tag == f"{_W}tc" for a in paragraph.iterancestors())
        yield text, in_table


def _lint(data: bytes, report: TemplateReport) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if RENDERED_PART.fullmatch(n)]
        for part in parts:
            for number, (text, in_table) in enumerate(_paragraphs(archive.read(part)), start=1):
                where = f"{part}, paragraph {number}"
                for tag in _TAG.findall(text):
                    for char, label in _BAD_IN_TAG.items():
                        if char in tag:
                            report.errors.append(f"{where}: {label} inside the tag {tag[:60]!r}")
                stripped = _TAG.sub("", text)
                for opener in ("{{", "{%", "{#"):
                    if opener in stripped:
                        report.errors.append(
                            f"{where}: tag opened with {opener!r} but not closed in the same "
                            f"paragraph: {text[:60]!r}"
                        )
                p_tags = re.findall(r"\{%-?p\s", text)
                if p_tags:
                    if len(p_tags) > 1:
                        report.errors.append(
                            f"{where}: several {{%p %}} tags in one paragraph (docxtpl allows one)"
                        )
                    if stripped.strip():
                        report.errors.append(
                            f"{where}: a {{%p %}} tag must be alone in its paragraph; found "
                            f"other text {stripped.strip()[:40]!r}"
                        )
                if re.search(r"\{%-?\s*tr\s", text) and not in_table:
                    report.errors.append(f"{where}: a {{%tr %}} tag outside a table")


def _walk_paths(template_ast: nodes.Template) -> set[str]:
    """Dotted paths used by a template, with loop variables resolved (``lots[].id``)."""
    found: set[str] = set()

    def path_of(node: nodes.Node, scope: dict[str, str]) -> str | None:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return node.name
        if isinstance(node, nodes.Getattr):
            base = path_of(node.node, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            base = path_of(node.node, scope)
            if base is None:
                return None
            if isinstance(node.arg.value, str):
                return f"{base}.{node.arg.value}"
            return f"{base}[]"
        if isinstance(node, nodes.Filter) and node.node is not None:
            return path_of(node.node, scope) if node.name in ("list", "sort", "reverse") else None
        return None

    def visit(node: nodes.Node, scope: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            inner = dict(scope)
            iterable = path_of(node.iter, scope)
            if isinstance(node.target, nodes.Name) and iterable:
                inner[node.target.name] = f"{iterable}[]"
            inner["loop"] = ""
            for child in (*node.body, *node.else_):
                visit(child, inner)
            if node.test is not None:
                visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            visit(node.node, scope)
            scope[node.target.name] = ""
            return
        if isinstance(node, nodes.Getattr | nodes.Name):
            path = path_of(node, scope)
            if path:
                found.add(path)
            if isinstance(node, nodes.Getattr) and path is None:
                visit(node.node, scope)
            return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(template_ast, {})
    # keep the longest paths only: ``lots[].heures`` is implied by ``lots[].heures.valeur``
    return {p for p in found if not any(o != p and o.startswith(p + ".") for o in found)}


def _known(path: str, tree: dict[str, Any]) -> bool:
    node: Any = tree
    for part in path.replace("[]", "").split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def check_template(data: bytes, name: str = "template") -> TemplateReport:
    """Check the template ``data``; raise :class:`TemplateFormatError` if not a docx."""
    check_docx(data, name)
    report = TemplateReport(name=name)
    try:
        _lint(data, report)
    except TemplateSyntaxError as exc:
        report.errors.append(exc.message)
        return report
    try:
        compiled = compile_template(data, name)
    except TemplateSyntaxError as exc:
        report.errors.append(exc.message)
        return report
    env = environment()
    paths: set[str] = set()
    for source in compiled.sources.values():
        paths |= _walk_paths(env.parse(source))
    tree = context_variables()
    report.variables = sorted(paths)
    report.unknown = sorted(p for p in paths if not _known(p, tree))
    return report


def report_text(report: TemplateReport) -> str:
    """The French text of a report (``clauserules check-template``)."""
    lines = [f"Modèle : {report.name}"]
    lines.append(f"Variables utilisées ({len(report.variables)}) :")
    lines.extend(f"  {v}" for v in report.variables)
    if report.unknown:
        lines.append(f"Variables inconnues du contexte ({len(report.unknown)}) :")
        lines.extend(f"  {v}" for v in report.unknown)
    else:
        lines.append("Variables inconnues du contexte : aucune")
    if report.errors:
        lines.append(f"Erreurs ({len(report.errors)}) :")
        lines.extend(f"  {e}" for e in report.errors)
    else:
        lines.append("Erreurs : aucune")
    lines.append("Résultat : " + ("conforme" if report.ok else "à corriger"))
    return "\n".join(lines) + "\n"
