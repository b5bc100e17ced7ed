"""Word templates compiled once and rendered: the docxtpl internals live here only.

docxtpl's own pipeline re-reads the package with python-docx, re-patches and re-compiles
the XML on every render (``docs/decisions/0030-generation-documents.md``, §9). A
:class:`CompiledTemplate` reads a template once, patches its XML parts with docxtpl
(``patch_xml``) and compiles them in the sandbox (:mod:`.environment`); a render applies
docxtpl's listing and table rules only where needed, checks that every rendered part is
well-formed XML, and hands the parts to the template's :class:`~.package.Package`.
docxtpl is pinned (``<0.21``): these internals are checked by the tests at each upgrade.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2.exceptions import SecurityError

from clauserules.documents.context import DocumentContext
from clauserules.documents.environment import environment
from clauserules.documents.package import Package, check_archive
from clauserules.errors import (
    TemplateFormatError,
    TemplateNotFoundError,
    TemplateSecurityError,
    TemplateSyntaxError,
    TemplateVariableError,
)

__all__ = [
    "RENDERED_PART",
    "CompiledTemplate",
    "check_docx",
    "compile_template",
    "load_template",
    "render_document",
]


def load_template(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TemplateNotFoundError("template file not found", template=str(path)) from None
    except OSError as exc:
        raise TemplateNotFoundError(
            f"template cannot be read: {exc.strerror}", template=str(path)
        ) from None
    check_docx(data, str(path))
    return data


def check_docx(data: bytes, name: str) -> None:
    """Raise :class:`TemplateFormatError` unless ``data`` is a Word document."""
    if not data.startswith(b"PK"):
        raise TemplateFormatError("not a Word .docx document (not a zip archive)", template=name)
    check_archive(data, name)  # sizes, ratio, duplicate entries, DTDs (ADR 0070)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise TemplateFormatError(
            "not a Word .docx document (damaged zip archive)", template=name
        ) from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise TemplateFormatError(
            "not a Word .docx document (no word/document.xml in the archive)", template=name
        )


RENDERED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


class CompiledTemplate:
    """A Word template read, patched by docxtpl and compiled once.

    docxtpl's own pipeline re-reads the package with python-docx, re-patches and
    re-compiles the XML on every render; we do it once per template and render the XML
    parts (body, headers, footers, notes) directly, with docxtpl's patching and listing
    rules. Every rendered part must be well-formed XML, or the render fails.
    """

    def __init__(self, data: bytes, name: str) -> None:
        from docxtpl import DocxTemplate

        check_docx(data, name)
        self.name = name
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.order = [info.filename for info in archive.infolist()]
            self.parts = {n: archive.read(n) for n in self.order}
        helper = DocxTemplate.__new__(DocxTemplate)
        env = environment()
        self.compiled: dict[str, jinja2.Template] = {}
        self.sources: dict[str, str] = {}
        self.tables: set[str] = set()
        self.variables: set[str] = set()
        for part in self.order:
            if not RENDERED_PART.fullmatch(part):
                continue
            try:
                text = self.parts[part].decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateFormatError(f"{part} is not UTF-8 XML", template=name) from None
            if "{" not in text:
                continue
            patched = helper.patch_xml(text)
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
            try:
                ast = env.parse(source)
                self.compiled[part] = env.from_string(source)
                self.sources[part] = source
            except jinja2.TemplateSyntaxError as exc:
                lines = source.splitlines()[max((exc.lineno or 1) - 2, 0) : (exc.lineno or 1) + 1]
                near = " ".join(re.sub(r"<[^>]+>", "", line) for line in lines)
                raise TemplateSyntaxError(
                    f"template syntax error: {exc.message} (check for « », curly quotes or "
                    "non-breaking spaces inside {{ }} or {% %} tags; run clauserules "
                    "check-template)",
                    template=name,
                    context=" ".join(near.split())[:160],
                ) from None
            self.variables |= jinja2.meta.find_undeclared_variables(ast)
            if "{%tc" in text or "{% tc" in text:
                self.tables.add(part)
        self.package = Package(self.order, self.parts, self.compiled)

    def render(self, context: DocumentContext) -> bytes:
        from docxtpl import DocxTemplate
        from lxml import etree

        known = {f.name for f in dataclasses.fields(DocumentContext)}
        unknown = sorted(self.variables - known)
        if unknown:
            raise TemplateVariableError(
                f"unknown variable(s) {', '.join(unknown)}; the document context has "
                f"{', '.join(sorted(known))}",
                template=self.name,
            )
        helper = DocxTemplate.__new__(DocxTemplate)
        mapping = context.as_mapping()
        rendered: dict[str, bytes] = {}
        for part, template in self.compiled.items():
            try:
                xml = template.render(mapping)
            except SecurityError as exc:
                raise TemplateSecurityError(
                    f"the template tried to reach Python internals ({exc})", template=self.name
                ) from None
            except jinja2.UndefinedError as exc:
                if "unsafe" in str(exc):
                    raise TemplateSecurityError(
                        f"the template tried to reach Python internals ({exc})",
                        template=self.name,
                    ) from None
                raise TemplateVariableError(
                    f"unknown variable or attribute: {exc.message}", template=self.name
                ) from None
            except jinja2.TemplateError as exc:
                raise TemplateSyntaxError(f"template error: {exc}", template=self.name) from None
            except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
                raise TemplateVariableError(
                    f"the template applies an operation to a value of the wrong kind: {exc}",
                    template=self.name,
                ) from None
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
            xml = xml.replace("%_}", "%}")
            if _LISTING.search(xml):
                xml = helper.resolve_listing(xml)
            if part in self.tables:
                xml = helper.fix_tables(xml)
                xml = etree.tostring(xml, encoding="unicode")
            data = xml.encode("utf-8")
            try:
                etree.fromstring(data, _strict_parser())
            except etree.XMLSyntaxError as exc:
                raise TemplateSyntaxError(
                    f"the rendered {part} is not well-formed XML ({exc}); a tag of the "
                    "template probably breaks the structure of the document",
                    template=self.name,
                ) from None
            rendered[part] = data
        return self.package.write(rendered, context)


_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
"""Text runs holding a tab, line break, paragraph or page break mark for docxtpl's listing."""


@cache
def _strict_parser() -> Any:
    """lxml parser without recovery, network or entities: a rendered part must be well-formed."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@lru_cache(maxsize=32)
def _compiled_template(digest: str, data: bytes, name: str) -> CompiledTemplate:
    return CompiledTemplate(data, name)


def compile_template(data: bytes, name: str = "template") -> CompiledTemplate:
    """The compiled form of a template (cached by content)."""
    return _compiled_template(hashlib.sha256(data).hexdigest(), data, name)


def render_document(template: bytes, context: DocumentContext, *, name: str = "template") -> bytes:
    """Render one template with ``context``; return the reproducible ``.docx`` bytes."""
    return compile_template(template, name).render(context)
