"""Reproducible ``.docx`` packages: fixed zip entries, core and custom properties.

Same input, same bytes (``docs/decisions/0030-generation-documents.md``, §10): every zip
entry is dated 1980-01-01 00:00 with the same attributes and deflate level (the helper
:func:`write_zip` is shared with the build of the templates); the core properties are
dated at the launch date, ``lastModifiedBy`` is ``clauserules``, ``revision`` 1; custom
properties trace the library version, the regime and the rule ids.

The parts that do not depend on the context (styles, theme, fonts, the content types and
relationships completed for the custom properties) are zipped once per template
(:class:`Package`); each render appends the core properties, the rendered parts and the
custom properties to a copy of that archive. XML parts are edited with lxml.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

from clauserules.documents.context import DocumentContext

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["ZIP_DATE", "Package", "custom_properties", "write_zip"]

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Date of every zip entry (the earliest a zip can hold)."""
COMPRESS_LEVEL = 6

CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"
CONTENT_TYPES = "[Content_Types].xml"
RELS = "_rels/.rels"

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_DCTERMS_NS = "http://purl.org/dc/terms/"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


@cache
def _parser() -> etree.XMLParser:
    """lxml, imported on first use (the rest of the library does not need it)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True)


def _parse(data: bytes) -> etree._Element:
    from lxml import etree

    return etree.fromstring(data, _parser())


def write_zip(entries: Iterable[tuple[str, bytes]], *, base: bytes = b"") -> bytes:
    """A zip of ``entries`` with fixed dates and attributes, appended to the zip ``base``."""
    buffer = io.BytesIO(base)
    with zipfile.ZipFile(buffer, "a" if base else "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            archive.writestr(entry, data, compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def custom_properties(context: DocumentContext) -> dict[str, str]:
    """Traceability properties written in every generated document."""
    return {
        "clauserules.document": context.document.code,
        "clauserules.version": context.document.version,
        "clauserules.regime": context.regime.code,
        "clauserules.date_lancement": context.consultation.date_lancement.isoformat(),
        "clauserules.regles": " ".join(context.regles),
    }


class Package:
    """The fixed parts of a template, zipped once; :meth:`write` adds what a render made.

    ``rendered`` names the parts a render replaces; with the core properties (dated for
    each consultation) they are appended, in the template's order, after the fixed parts,
    then the custom properties. ``[Content_Types].xml`` stays the first entry.
    """

    def __init__(
        self, order: Sequence[str], parts: Mapping[str, bytes], rendered: Collection[str]
    ) -> None:
        self.parts = parts
        self.variable = tuple(n for n in order if n in rendered or n == CORE)
        self.base = write_zip(
            (name, _fixed(name, parts[name]))
            for name in order
            if name not in self.variable and name != CUSTOM
        )

    def write(self, rendered: Mapping[str, bytes], context: DocumentContext) -> bytes:
        """The ``.docx`` bytes of a render: fixed parts, then ``rendered`` and properties."""
        entries = [
            (name, _core(self.parts[name], context) if name == CORE else rendered[name])
            for name in self.variable
        ]
        entries.append((CUSTOM, _custom(custom_properties(context))))
        return write_zip(entries, base=self.base)


def _fixed(name: str, data: bytes) -> bytes:
    """A part that does not depend on the context, completed for the custom properties."""
    from lxml import etree

    if name == CONTENT_TYPES:
        root = _parse(data)
        if not any(o.get("PartName") == f"/{CUSTOM}" for o in root.iter(f"{{{_CT_NS}}}Override")):
            etree.SubElement(
                root, f"{{{_CT_NS}}}Override", PartName=f"/{CUSTOM}", ContentType=_CUSTOM_CT
            )
        return _serialise(root)
    if name == RELS:
        root = _parse(data)
        if not any(r.get("Type") == _CUSTOM_REL for r in root.iter(f"{{{_REL_NS}}}Relationship")):
            etree.SubElement(
                root,
                f"{{{_REL_NS}}}Relationship",
                Id="rIdClauserulesCustom",
                Type=_CUSTOM_REL,
                Target=CUSTOM,
            )
        return _serialise(root)
    return data


def _core(data: bytes, context: DocumentContext) -> bytes:
    """Core properties: dated at the launch date, titled, last modified by clauserules."""
    root = _parse(data)
    stamp = context.consultation.date_lancement.isoformat() + "T00:00:00Z"
    for tag in ("created", "modified"):
        for element in root.iter(f"{{{_DCTERMS_NS}}}{tag}"):
            element.attrib.clear()
            element.set(f"{{{_XSI_NS}}}type", "dcterms:W3CDTF")
            element.text = stamp
    title = f"{context.document.titre} — {context.consultation.objet}"[:250]
    for tag, value in (
        (f"{{{_DC_NS}}}title", title),
        (f"{{{_CP_NS}}}lastModifiedBy", "clauserules"),
    ):
        for element in root.iter(tag):
            element.text = value
    for element in root.iter(f"{{{_CP_NS}}}revision"):
        element.text = "1"
    return _serialise(root)


def _custom(props: Mapping[str, str]) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(props.items(), start=2):
        item = etree.SubElement(
            root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(pid), name=name
        )
        etree.SubElement(item, f"{{{_VT_NS}}}lpwstr").text = value
    return _serialise(root)


def _serialise(root: etree._Element) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
