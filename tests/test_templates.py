"""Templates: reproducible build, lint (check-template), users' templates, sandbox, PDF.

Users' templates are built in the test with python-docx; the LibreOffice conversion is the
only slow test (a few seconds) and is skipped, with its reason, where soffice is absent.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from clauserules import cli, generate_documents
from clauserules._files import load_document
from clauserules.documents.check import check_template, report_text
from clauserules.documents.service import DOCUMENTS, TEMPLATES_DIR, render_all
from clauserules.documents.templates.build import SRC, build_document, parse
from clauserules.errors import (
    PdfConversionError,
    TemplateError,
    TemplateFormatError,
    TemplateNotFoundError,
    TemplateSecurityError,
    TemplateSyntaxError,
    TemplateVariableError,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "consultation.yaml"


def make_docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    """A small Word document with the given paragraphs (and an optional table)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = grid.add_row().cells
            for index, text in enumerate(row):
                cells[index].text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def user_templates(rc: bytes) -> dict[str, bytes]:
    ours = {name: (TEMPLATES_DIR / f"{name}.docx").read_bytes() for name in DOCUMENTS}
    return {**ours, "rc": rc}


# --- build -------------------------------------------------------------------------------


def test_committed_templates_are_built_from_their_sources() -> None:
    for name in DOCUMENTS:
        source = (SRC / f"{name}.txt").read_text(encoding="utf-8")
        built = build_document(source)
        assert built == build_document(source), "the build is not deterministic"
        assert built == (TEMPLATES_DIR / f"{name}.docx").read_bytes(), (
            f"{name}.docx is out of date: run python -m clauserules.documents.templates.build"
        )


def test_sources_type_no_article_number() -> None:
    """Articles of law come from the catalogue: no « L2112-2 », « art. 14 » in wording."""
    import re

    pattern = re.compile(r"\b[LRD]\.? ?\d{4}-\d+|\bart(?:icle)?\.? \d+\b")
    for name in DOCUMENTS:
        for kind, payload in parse((SRC / f"{name}.txt").read_text(encoding="utf-8")):
            text = " ".join(payload) if isinstance(payload, list) else payload
            assert not pattern.search(text), (name, kind, text[:80])


def test_markup_parses_headings_tables_and_tags() -> None:
    blocks = list(
        parse(
            "# Titre\n## Sous-titre\n% if x\n- item\n|= 2 3\n|! a | b\n|% for l in ls\n| {{ l|heures }} | c\n"
        )
    )
    assert [kind for kind, _ in blocks] == [
        "h1",
        "h2",
        "p-tag",
        "bullet",
        "row-widths",
        "row-header",
        "row-tag",
        "row",
    ]
    assert blocks[-1][1] == ["{{ l|heures }}", "c"]


# --- check-template ------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTS)
def test_our_templates_pass_the_check(name: str) -> None:
    report = check_template((TEMPLATES_DIR / f"{name}.docx").read_bytes(), name)
    assert report.ok, report_text(report)
    assert any(v.endswith("[].id") for v in report.variables)
    assert report.unknown == []


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (("{{ «acheteur.nom» }}",), "guillemet «"),
        (("{{ acheteur.nom\u00a0}}",), "non-breaking space"),
        (("{%p if clause.code %} texte", "{%p endif %}"), "must be alone"),
        (("{%p if clause.code %}{%p endif %}",), "several {%p %}"),
        (("{{ acheteur.nom",), "not closed"),
        (("{%tr for lot in lots %}", "{%tr endfor %}"), "outside a table"),
    ],
)
def test_lint_errors(paragraphs: tuple[str, ...], expected: str) -> None:
    report = check_template(make_docx(*paragraphs), "user.docx")
    assert not report.ok
    assert any(expected in error for error in report.errors), report.errors


def test_unknown_variables_are_listed() -> None:
    report = check_template(
        make_docx(
            "{{ acheteur.nom }} {{ acheteur_nom }}",
            "{% for lot in lots %}{{ lot.heures.valeur }}{{ lot.heurs }}{% endfor %}",
        ),
        "user.docx",
    )
    assert report.unknown == ["acheteur_nom", "lots[].heurs"]
    assert "lots[].heures.valeur" in report.variables
    assert not report.ok


def test_cli_check_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(make_docx("{{ «nom» }}"))
    assert cli.main(["check-template", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "à corriger" in out
    assert "guillemet" in out
    assert cli.main(["check-template", str(TEMPLATES_DIR / "ccap.docx")]) == 0
    assert "conforme" in capsys.readouterr().out
    text = tmp_path / "notes.docx"
    text.write_text("not a docx")
    assert cli.main(["check-template", str(text)]) == 2
    assert "[template-not-docx]" in capsys.readouterr().err


# --- users' templates and the sandbox ------------------------------------------------------


def test_user_template_renders_with_escaping(tmp_path: Path) -> None:
    for name in DOCUMENTS:
        shutil.copy(TEMPLATES_DIR / f"{name}.docx", tmp_path / f"{name}.docx")
    (tmp_path / "rc.docx").write_bytes(
        make_docx(
            "Acheteur : {{ acheteur.nom }}",
            "{%p for lot in lots %}",
            "Lot {{ lot.id }} : {{ lot.heures.valeur|heures }}",
            "{%p endfor %}",
            table=[
                ["Lot", "Heures"],
                ["{%tr for lot in lots %}", ""],
                ["{{ lot.id }}", "{{ lot.heures.valeur|nombre }}"],
                ["{%tr endfor %}", ""],
            ],
        )
    )
    case = load_document(EXAMPLE)
    case["acheteur"]["nom"] = "A & B <C> « D »"
    documents, _ = render_all(case, templates=tmp_path)
    rc = docx.Document(io.BytesIO(documents["rc"]))
    texts = [p.text for p in rc.paragraphs]
    assert "Acheteur : A & B <C> « D »" in texts
    assert "Lot 1 : 1\u00a0600\u00a0heures" in texts
    assert [c.text for c in rc.tables[0].rows[1].cells] == ["1", "1\u00a0600"]


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ acheteur.nom.__class__.__mro__[1].__subclasses__() }}",
        "{{ lots.__class__ }}",
        "{{ acheteur.__class__.__dict__ }}",
        "{{ consultation.objet.format.__globals__ }}",
        "{{ consultation.date_lancement.__class__.__init__.__globals__ }}",
        "{{ acheteur.__init__.__globals__ }}",
    ],
)
def test_sandbox_refuses_python_internals(expression: str, tmp_path: Path) -> None:
    with pytest.raises(TemplateSecurityError) as caught:
        generate_documents(
            load_document(EXAMPLE),
            tmp_path / "out",
            templates=user_templates(make_docx(expression)),
        )
    assert caught.value.code == "template-unsafe"
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    "expression", ["{{ 'a' * 10**9 }}", "{{ 2 ** 100000000 }}", "{{ lots * 10**7 }}"]
)
def test_sandbox_refuses_runaway_expressions(expression: str) -> None:
    with pytest.raises(TemplateSecurityError):
        render_all(load_document(EXAMPLE), templates=user_templates(make_docx(expression)))


@pytest.mark.parametrize(
    "expression",
    ["{{ cycler.__init__.__globals__ }}", "{{ lipsum.__globals__ }}", "{{ range(10) }}"],
)
def test_jinja_globals_are_removed(expression: str) -> None:
    with pytest.raises(TemplateVariableError, match="unknown variable"):
        render_all(load_document(EXAMPLE), templates=user_templates(make_docx(expression)))


def test_unknown_attribute_is_a_variable_error() -> None:
    with pytest.raises(TemplateVariableError) as caught:
        render_all(
            load_document(EXAMPLE),
            templates=user_templates(make_docx("{% for lot in lots %}{{ lot.heurs }}{% endfor %}")),
        )
    assert caught.value.code == "template-variable"
    assert "heurs" in str(caught.value)


def test_syntax_error_names_the_guillemets() -> None:
    with pytest.raises(TemplateSyntaxError) as caught:
        render_all(load_document(EXAMPLE), templates=user_templates(make_docx("{{ «nom» }}")))
    assert "check-template" in str(caught.value)


def test_tag_breaking_the_xml_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError, match="not well-formed"):
        render_all(
            load_document(EXAMPLE),
            templates=user_templates(make_docx("{% if false %}début", table=[["fin{% endif %}"]])),
        )


def test_template_that_is_not_a_docx(tmp_path: Path) -> None:
    for name in DOCUMENTS:
        shutil.copy(TEMPLATES_DIR / f"{name}.docx", tmp_path / f"{name}.docx")
    (tmp_path / "ccap.docx").write_text("{{ pas un document Word }}")
    with pytest.raises(TemplateFormatError) as caught:
        generate_documents(load_document(EXAMPLE), tmp_path / "out", templates=tmp_path)
    assert caught.value.code == "template-not-docx"
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TemplateFormatError, match=r"no word/document\.xml"):
        render_all(load_document(EXAMPLE), templates=user_templates(zipped.getvalue()))


def test_template_directory_errors(tmp_path: Path) -> None:
    with pytest.raises(TemplateNotFoundError, match="directory not found"):
        render_all(load_document(EXAMPLE), templates=tmp_path / "absent")
    shutil.copy(TEMPLATES_DIR / "rc.docx", tmp_path / "rc.docx")
    with pytest.raises(TemplateNotFoundError, match=r"no ccap\.docx"):
        render_all(load_document(EXAMPLE), templates=tmp_path)
    assert issubclass(TemplateNotFoundError, TemplateError)


# --- command line --------------------------------------------------------------------------


def test_cli_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert cli.main(["generate", str(EXAMPLE), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(out / f"{name}.docx") for name in DOCUMENTS]
    bad = tmp_path / "bad"
    bad.mkdir()
    assert (
        cli.main(["generate", str(EXAMPLE), "--out", str(tmp_path / "o2"), "--templates", str(bad)])
        == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("clauserules: error [template-not-found]")
    assert err.count("\n") == 1


# --- PDF through LibreOffice ---------------------------------------------------------------


def test_pdf_through_libreoffice(tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui"
        )
    result = generate_documents(load_document(EXAMPLE), tmp_path, pdf=True)
    assert sorted(result.pdf) == sorted(DOCUMENTS)
    for path in result.pdf.values():
        data = path.read_bytes()
        assert data.startswith(b"%PDF-")
        assert len(data) > 5_000
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{n}.docx" for n in DOCUMENTS] + [f"{n}.pdf" for n in DOCUMENTS]
    )


def test_pdf_without_libreoffice_is_a_coded_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(PdfConversionError) as caught:
        generate_documents(load_document(EXAMPLE), tmp_path / "out", pdf=True)
    assert caught.value.code == "pdf-conversion"
    assert not (tmp_path / "out").exists()
