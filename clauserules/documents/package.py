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


# --- checking a user's template before reading it (ADR 0070) -----------------------------

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
"""Largest Word template read (20 MiB)."""
MAX_ENTRY_BYTES = 50 * 1024 * 1024
"""Largest entry of a template once inflated (50 MiB)."""
MAX_TOTAL_BYTES = 100 * 1024 * 1024
"""Largest template once every entry is inflated (100 MiB)."""
MAX_RATIO = 100
"""Highest compression ratio of an entry over 1 MiB (a zip bomb inflates 1,000 times)."""
MAX_ENTRIES = 1_000
"""Most entries in a template archive."""


def check_archive(data: bytes, name: str) -> None:
    """Check a template archive before anything inflates it: its size, the size, ratio,
    number and names of its entries (a zip bomb, a duplicate entry, ``../`` names), and no
    DTD in its XML parts (no entity is ever expanded).

    Raises:
        TemplateFormatError: the first problem found (exit 2, ``template-not-docx``).
    """
    from clauserules.errors import TemplateFormatError

    def refuse(problem: str) -> TemplateFormatError:
        return TemplateFormatError(f"not a usable Word template: {problem}", template=name)

    if len(data) > MAX_TEMPLATE_BYTES:
        raise refuse(f"larger than {MAX_TEMPLATE_BYTES // (1024 * 1024)} MiB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise refuse(f"more than {MAX_ENTRIES} entries in the archive")
            seen: set[str] = set()
            total = 0
            for info in infos:
                entry = info.filename
                if entry in seen:
                    raise refuse(f"the entry {entry[:80]!r} appears twice in the archive")
                seen.add(entry)
                if entry.startswith(("/", "\\")) or ".." in entry.replace("\\", "/").split("/"):
                    raise refuse(f"the entry name {entry[:80]!r} points outside the archive")
                total += info.file_size
                if info.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
                    raise refuse(
                        f"{entry[:80]!r} inflates beyond {MAX_ENTRY_BYTES // (1024 * 1024)} MiB "
                        f"(or the archive beyond {MAX_TOTAL_BYTES // (1024 * 1024)} MiB)"
                    )
                if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1
                ):
                    raise refuse(f"{entry[:80]!r} is compressed more than {MAX_RATIO} times")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        head = part.read(4096)
                        while b"<!DOCTYPE" not in head.upper() and (chunk := part.read(65536)):
                            head = head[-16:] + chunk
                    if b"<!DOCTYPE" in head.upper():
                        raise refuse(
                            f"{info.filename[:80]!r} declares a DTD (<!DOCTYPE>), which Word "
                            "never writes; save the template again from Word or LibreOffice"
                        )
                    try:
                        _parse(archive.read(info))
                    except Exception as exc:  # lxml's XMLSyntaxError and its kin
                        raise refuse(
                            f"{info.filename[:80]!r} is not well-formed XML ({str(exc)[:80]})"
                        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise refuse("damaged zip archive") from None
    except (ValueError, RuntimeError) as exc:  # e.g. encrypted entries, bad CRC
        raise refuse(f"damaged zip archive ({str(exc)[:80]})") from None
