"""Generate the RC, the CCAP and the decision record of a consultation as Word documents.

The pipeline, one module per step:

1. :mod:`.inputs` — texts cleaned for Word, drafting options (:mod:`.options`) split off;
2. :func:`clauserules.plan.plan_consultation` — the plan (instruments, hours, threshold);
3. :mod:`.redaction` — the drafting decision (the rules of the topic ``documents``);
4. :mod:`.build` — decisions → :class:`~.context.DocumentContext` (with :mod:`.record`);
5. :mod:`.render` — each template compiled once and rendered in the sandbox
   (:mod:`.environment`), packaged reproducibly (:mod:`.package`);
6. :mod:`.write` — all files moved into place at once, PDF through LibreOffice.

See ``docs/decisions/0030-generation-documents.md``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from clauserules.documents.annexes import ANNEXES, SUIVI, suivi_mensuel
from clauserules.documents.build import build_context
from clauserules.documents.context import DOCUMENT_TITLES, Article, DocumentContext
from clauserules.documents.convert import FORMATS, to_html, to_markdown
from clauserules.documents.corrections import check_publishable, open_points
from clauserules.documents.inputs import check_text, prepare
from clauserules.documents.options import DocumentOptions, parse_options
from clauserules.documents.redaction import decide_drafting
from clauserules.documents.render import check_docx, load_template, render_document
from clauserules.documents.write import write_documents
from clauserules.errors import (
    FieldProblem,
    InvalidInputError,
    OutputNotWritableError,
    TemplateNotFoundError,
)
from clauserules.plan.model import Consultation, parse_consultation
from clauserules.plan.service import plan_consultation

__all__ = [
    "ARTICLE",
    "DOCUMENTS",
    "TEMPLATES_DIR",
    "GeneratedDocuments",
    "document_context",
    "generate_documents",
    "render_all",
    "template_set",
]

DOCUMENTS = ("rc", "ccap", "decision")
ARTICLE = "ccap-article"
"""The CCAP clause as a numbered article to insert in the buyer's CCAP (``article=N``)."""
MAX_ARTICLE = 999
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class GeneratedDocuments:
    """Paths of the documents written, by code (``rc``, ``ccap``, ``decision``)."""

    docx: dict[str, Path]
    pdf: dict[str, Path] = field(default_factory=dict)
    context: DocumentContext | None = None
    data: dict[str, bytes] = field(default_factory=dict)
    """The bytes of each ``.docx`` by code (also when nothing is written, ``out=None``)."""
    files: dict[str, bytes] = field(default_factory=dict)
    """The other files by file name: ``ccap.md``, ``ccap.html``… (``formats``)."""
    written: dict[str, Path] = field(default_factory=dict)
    """The paths of the other files written, by file name."""

    def paths(self) -> tuple[Path, ...]:
        return tuple(self.docx.values()) + tuple(self.pdf.values()) + tuple(self.written.values())


def template_set(templates: str | Path | Mapping[str, bytes] | None) -> dict[str, bytes]:
    """The three templates: ours, those of a directory, or given as bytes."""
    if isinstance(templates, Mapping):
        missing = [name for name in DOCUMENTS if name not in templates]
        if missing:
            raise TemplateNotFoundError(f"no template given for {', '.join(missing)}")
        for name in DOCUMENTS:
            check_docx(templates[name], name)
        return {name: bytes(templates[name]) for name in DOCUMENTS}
    directory = TEMPLATES_DIR if templates is None else Path(templates)
    if not directory.is_dir():
        raise TemplateNotFoundError("template directory not found", template=str(directory))
    found = {}
    for name in DOCUMENTS:
        path = directory / f"{name}.docx"
        if not path.is_file():
            raise TemplateNotFoundError(
                f"the template directory has no {name}.docx (expected rc.docx, ccap.docx, decision.docx)",
                template=str(directory),
            )
        found[name] = _cached_template(path)
    return found


def article_template(templates: str | Path | Mapping[str, bytes] | None) -> bytes:
    """The template of the article form (``ccap-article.docx``): ours, or the caller's."""
    if isinstance(templates, Mapping):
        if ARTICLE not in templates:
            raise TemplateNotFoundError(f"no template given for {ARTICLE} (asked for by article=)")
        check_docx(templates[ARTICLE], ARTICLE)
        return bytes(templates[ARTICLE])
    directory = TEMPLATES_DIR if templates is None else Path(templates)
    path = directory / f"{ARTICLE}.docx"
    if not path.is_file():
        raise TemplateNotFoundError(
            f"the template directory has no {ARTICLE}.docx (needed for the article form)",
            template=str(directory),
        )
    return _cached_template(path)


def annex_templates(templates: str | Path | Mapping[str, bytes] | None) -> dict[str, bytes]:
    """The Word annexes' templates (``engagement.docx``, ``bilan.docx``): the caller's when
    given (a mapping key or a file of the directory), ours otherwise."""
    found = {}
    for code in ANNEXES:
        name = code.removeprefix("annexe-")
        if isinstance(templates, Mapping) and code in templates:
            check_docx(templates[code], code)
            found[code] = bytes(templates[code])
            continue
        directory = Path(templates) if isinstance(templates, str | Path) else TEMPLATES_DIR
        path = directory / f"{name}.docx"
        found[code] = _cached_template(path if path.is_file() else TEMPLATES_DIR / f"{name}.docx")
    return found


def check_article(value: object) -> int | None:
    """The article number asked for: ``None``, or a whole number from 1 to 999.

    Raises :class:`InvalidInputError` (field ``article``) otherwise.
    """
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= MAX_ARTICLE:
        raise InvalidInputError(
            [
                FieldProblem(
                    "article",
                    f"expected the number of the article in your CCAP, a whole number from 1 "
                    f"to {MAX_ARTICLE} (for example 9)",
                    found=repr(value),
                )
            ],
            subject="option",
        )
    return number


def check_formats(value: object) -> tuple[str, ...]:
    """The output formats asked for (``docx``, ``md``, ``html``), in that order, without
    repetition; a string may list them separated by commas. Raises :class:`InvalidInputError`
    (field ``formats``) for an unknown or empty list."""
    items: list[str] = []
    values = [value] if isinstance(value, str) else value
    if isinstance(values, list | tuple):
        for item in values:
            if not isinstance(item, str):
                items = []
                break
            items.extend(part.strip().lower() for part in item.split(",") if part.strip())
    unknown = [item for item in items if item not in FORMATS]
    if not items or unknown:
        raise InvalidInputError(
            [
                FieldProblem(
                    "formats",
                    f"expected one or more of {', '.join(FORMATS)} (for example docx,md,html)",
                    found=repr(value),
                )
            ],
            subject="option",
        )
    return tuple(f for f in FORMATS if f in items)


def text_forms(
    rendered: Mapping[str, bytes], context: DocumentContext, formats: tuple[str, ...]
) -> dict[str, bytes]:
    """The Markdown and HTML forms of the rendered documents, by file name."""
    files: dict[str, bytes] = {}
    for code, data in rendered.items():
        if "md" in formats:
            files[f"{code}.md"] = to_markdown(data).encode("utf-8")
        if "html" in formats:
            title = f"{DOCUMENT_TITLES.get(code, code)} — {context.consultation.objet}"
            files[f"{code}.html"] = to_html(data, title).encode("utf-8")
    return files


def _cached_template(path: Path) -> bytes:
    stat = path.stat()
    return _read_template(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _read_template(path: str, _mtime: int, _size: int) -> bytes:
    return load_template(Path(path))


def document_context(
    consultation: Mapping[str, Any] | Consultation,
    options: DocumentOptions | None = None,
    *,
    brouillon: bool = True,
) -> DocumentContext:
    """Plan the consultation, decide the drafting, and build the document context.

    ``consultation`` is the plan input (without its ``documents`` key, see
    :func:`~clauserules.documents.inputs.prepare`). A plan ``a_corriger`` raises
    :class:`~clauserules.errors.PlanToCorrectError` unless ``brouillon`` is true: then the
    documents are a draft marked « PROJET — à corriger » listing the points to correct.
    """
    checked = parse_consultation(consultation)
    plan = plan_consultation(checked)
    if not brouillon:
        check_publishable(plan)
    drafting = decide_drafting(plan, checked, options)
    context = build_context(plan, drafting, options)
    if plan.outcome == "a_corriger":
        context = dataclasses.replace(
            context,
            document=dataclasses.replace(
                context.document, brouillon=True, points_ouverts=open_points(plan)
            ),
        )
    return context


def render_all(
    consultation: Any,
    *,
    templates: str | Path | Mapping[str, bytes] | None = None,
    options: DocumentOptions | Mapping[str, Any] | None = None,
    brouillon: bool = True,
    article: int | None = None,
    annexes: bool = False,
) -> tuple[dict[str, bytes], DocumentContext]:
    """Plan the consultation and render the three documents in memory.

    A plan ``a_corriger`` gives drafts marked « PROJET — à corriger » (``brouillon=True``,
    the default here) or raises :class:`~clauserules.errors.PlanToCorrectError`
    (``brouillon=False``, what :func:`generate_documents` does by default).

    ``options`` (drafting choices) replaces the ``documents`` key of the consultation.
    With ``article=N``, a fourth document ``ccap-article`` holds the CCAP clause as
    « Article N — Clause sociale d'insertion » to insert in the buyer's CCAP.
    """
    number = check_article(article)
    data, options_found = prepare(consultation)
    if isinstance(options, DocumentOptions):
        options_found = options
    elif options is not None:
        options_found = parse_options(check_text(dict(options), "documents"))
    chosen = template_set(templates)
    context = document_context(data, options_found, brouillon=brouillon)
    rendered = {
        name: render_document(chosen[name], context.for_document(name), name=f"{name}.docx")
        for name in DOCUMENTS
    }
    if number is not None:
        article_context = dataclasses.replace(
            context.for_document(ARTICLE), article=Article(numero=number)
        )
        rendered[ARTICLE] = render_document(
            article_template(templates), article_context, name=f"{ARTICLE}.docx"
        )
    if annexes:
        for code, template in annex_templates(templates).items():
            rendered[code] = render_document(
                template, context.for_document(code), name=f"{code}.docx"
            )
    return rendered, context


def generate_documents(
    consultation: Any,
    out: str | Path | None,
    *,
    templates: str | Path | Mapping[str, bytes] | None = None,
    pdf: bool = False,
    options: DocumentOptions | Mapping[str, Any] | None = None,
    brouillon: bool = False,
    article: int | None = None,
    formats: str | tuple[str, ...] | list[str] = ("docx",),
    annexes: bool = False,
) -> GeneratedDocuments:
    """Write ``rc.docx``, ``ccap.docx`` and ``decision.docx`` for ``consultation`` into ``out``.

    ``consultation`` is a mapping (as read from YAML/JSON) or a ``Consultation``; its
    optional ``documents`` key holds drafting options (:class:`DocumentOptions`).
    ``templates`` is a directory holding the three templates, or a mapping of their bytes
    (default: the library's); ``options`` replaces the ``documents`` key. With ``pdf=True`` PDFs are also written through LibreOffice.

    Nothing is written until every document is rendered; files are moved into ``out`` from
    a temporary directory in ``out``, so an error never leaves a half-written file. With
    ``out=None`` nothing is written: the documents are returned in memory
    (:attr:`GeneratedDocuments.data`, bytes by code).

    A plan ``a_corriger`` is refused (:class:`PlanToCorrectError`, listing what to correct)
    unless ``brouillon=True``, which marks every page « PROJET — à corriger ».

    ``article=N`` (a whole number from 1 to 999) adds ``ccap-article.docx``: the CCAP
    clause as « Article N — Clause sociale d'insertion », sub-articles N.1… and the list of
    the derogations to the CCAG for the last article of the buyer's CCAP; the stand-alone
    ``ccap.docx`` is still written.

    ``annexes=True`` adds the annexes the buyer hands to the holder: the commitment
    (``annexe-engagement.docx``), the end-of-contract report template
    (``annexe-bilan.docx``) and the monthly tracking sheet (``annexe-suivi-mensuel.xlsx``,
    in :attr:`GeneratedDocuments.files`).

    ``formats`` lists the forms written: ``docx`` (Word, the default), ``md`` (Markdown)
    and ``html`` (a standalone page), e.g. ``("docx", "html")`` or ``"md,html"``. Markdown
    and HTML are read back from the rendered Word documents, so the wording is the
    templates' (:mod:`.convert`); they are in :attr:`GeneratedDocuments.files`. PDFs need
    ``docx``.

    Raises:
        InvalidInputError, ControlCharacterError: bad consultation, or bad ``article``.
        PlanToCorrectError: the plan is ``a_corriger`` and no draft was asked for.
        TemplateError (and subclasses): a template cannot be used.
        OutputNotWritableError: ``out`` cannot be created or written.
        PdfConversionError: PDFs asked for and LibreOffice is absent or failed.
    """
    chosen_formats = check_formats(formats)
    if pdf and "docx" not in chosen_formats:
        raise InvalidInputError(
            [FieldProblem("formats", "PDF output needs the docx format too", found=repr(formats))],
            subject="option",
        )
    rendered, context = render_all(
        consultation,
        templates=templates,
        options=options,
        brouillon=brouillon,
        article=article,
        annexes=annexes,
    )
    files = text_forms(rendered, context, chosen_formats)
    if annexes:
        files[SUIVI] = suivi_mensuel(context)
    if out is None:
        if pdf:
            raise OutputNotWritableError("PDFs need an output directory (out=None given)")
        return GeneratedDocuments(docx={}, context=context, data=rendered, files=files)
    to_write = rendered if "docx" in chosen_formats else {}
    docx, pdfs = write_documents(to_write, out, pdf=pdf, others=files)
    written = {name: docx.pop(name) for name in files}
    return GeneratedDocuments(
        docx=docx, pdf=pdfs, context=context, data=rendered, files=files, written=written
    )
