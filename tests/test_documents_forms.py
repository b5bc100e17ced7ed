"""Issue 13, item 3: the forms that fit real consultation files (article to insert)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from clauserules._files import load_document
from clauserules.cli import main
from clauserules.documents.service import ARTICLE, TEMPLATES_DIR, generate_documents
from clauserules.errors import InvalidInputError, TemplateNotFoundError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "consultation.yaml"


def headings(data: bytes) -> list[tuple[str, str]]:
    document = Document(io.BytesIO(data))
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def example(**documents: Any) -> dict[str, Any]:
    consultation = load_document(EXAMPLE)
    consultation.setdefault("documents", {}).update(documents)
    return dict(consultation)


def test_article_form_is_numbered_from_n() -> None:
    result = generate_documents(example(), None, article=9)
    assert set(result.data) == {"rc", "ccap", "decision", ARTICLE}
    found = headings(result.data[ARTICLE])
    assert found[0] == ("Heading 1", "Article 9 — Clause sociale d'insertion")
    subs = [text for style, text in found if style == "Heading 2"]
    assert subs, found
    for index, text in enumerate(subs, start=1):
        assert text.startswith(f"9.{index} "), text
    titles = [text.split(" ", 1)[1] for text in subs]
    for expected in (
        "Publics éligibles",
        "Volume d'heures d'insertion",
        "Modalités de mise en œuvre",
        "Accompagnement du titulaire",
        "Suivi et justification",
        "Contrôle de l'exécution",
        "Pénalités",
        "Globalisation des heures d'insertion",
        "Difficultés économiques du titulaire",
    ):
        assert expected in titles
    body = "\n".join(p.text for p in Document(io.BytesIO(result.data[ARTICLE])).paragraphs)
    assert "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES" not in body
    assert "Dérogations au CCAG" in body
    assert "ne déroge à aucune stipulation" in body
    # the stand-alone CCAP is unchanged: no article form inside it
    ccap = "\n".join(p.text for p in Document(io.BytesIO(result.data["ccap"])).paragraphs)
    assert "Dérogations au CCAG à reporter" not in ccap
    assert "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES" in ccap


def test_article_form_lists_the_penalty_derogation_by_its_number() -> None:
    result = generate_documents(
        example(derogation_ccag_penalites=True, penalite_par_heure=45), None, article="12"
    )
    found = [t for s, t in headings(result.data[ARTICLE]) if s == "Heading 2"]
    penalites = next(t for t in found if t.endswith(" Pénalités"))
    number = penalites.split(" ")[0]
    assert re.fullmatch(r"12\.\d+", number)
    body = "\n".join(p.text for p in Document(io.BytesIO(result.data[ARTICLE])).paragraphs)
    assert f"L'article {number} (« Pénalités ») déroge" in body.replace("\u00a0", " ")
    assert "plafonnement des pénalités" in body


def test_article_form_of_another_example() -> None:
    consultation = load_document(ROOT / "examples" / "lot-reserve-siae.yaml")
    result = generate_documents(consultation, None, article=3, brouillon=True)
    found = headings(result.data[ARTICLE])
    assert found[0] == ("Heading 1", "Article 3 — Clause sociale d'insertion")
    assert all(t.startswith("3.") for s, t in found if s == "Heading 2")


@pytest.mark.parametrize("bad", [0, -1, 1000, "9a", "", "IX", 2.5, True, "٣"])
def test_article_number_is_validated(bad: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        generate_documents(example(), None, article=bad)  # type: ignore[arg-type]
    assert info.value.fields == ("article",)
    assert "whole number from 1 to 999" in str(info.value)


def test_cli_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(EXAMPLE), "--out", str(tmp_path), "--article", "7"]) == 0
    assert (tmp_path / "ccap-article.docx").is_file()
    assert (tmp_path / "ccap.docx").is_file()
    capsys.readouterr()
    assert main(["generate", str(EXAMPLE), "--out", str(tmp_path / "x"), "--article", "sept"]) == 2
    err = capsys.readouterr().err
    assert "article" in err
    assert "whole number" in err
    assert not (tmp_path / "x").exists()


def test_article_template_is_required_only_when_asked(tmp_path: Path) -> None:
    for name in ("rc", "ccap", "decision"):
        (tmp_path / f"{name}.docx").write_bytes((TEMPLATES_DIR / f"{name}.docx").read_bytes())
    generate_documents(example(), None, templates=tmp_path)
    with pytest.raises(TemplateNotFoundError):
        generate_documents(example(), None, templates=tmp_path, article=4)


# --- Markdown and HTML ------------------------------------------------------------------


def _visible_html(page: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = False

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.skip = tag in ("style", "title")

        def handle_endtag(self, tag: str) -> None:
            self.skip = False

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return "".join(parser.parts)


def test_markdown_and_html_follow_the_word_documents(tmp_path: Path) -> None:
    result = generate_documents(example(), tmp_path, formats="docx,md,html", article=9)
    assert {"rc.md", "ccap.md", "ccap.html", "ccap-article.md", "ccap-article.html"} <= set(
        result.files
    )
    assert (tmp_path / "ccap.html").is_file()
    ccap_md = result.files["ccap.md"].decode("utf-8")
    assert "## Article 1 – Objet de la clause et textes applicables" in ccap_md
    assert "## Article 3 – Publics éligibles" in ccap_md
    assert "| Lot | Intitulé | Montant estimé HT | Heures d'insertion | Mode de calcul |" in ccap_md
    article_md = result.files["ccap-article.md"].decode("utf-8")
    assert "## Article 9 — Clause sociale d'insertion" in article_md
    assert "### 9.1 Objet de la clause et textes applicables" in article_md
    page = result.files["ccap.html"].decode("utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert '<meta charset="utf-8">' in page
    assert "<table><thead><tr><th>Lot</th>" in page
    # every paragraph of the Word CCAP is in the HTML page, in the same words
    word = Document(io.BytesIO(result.data["ccap"]))
    visible = _visible_html(page)
    for paragraph in word.paragraphs:
        if paragraph.text.strip():
            assert paragraph.text in visible


def test_text_forms_escape_and_keep_every_character() -> None:
    import markdown

    objet = "Lot <b>A</b> & B\\1 *gras* _x_ [lien](http://x) {{ a }} {% b %} # 1. | ‏مرحبا 🚧"
    consultation = example()
    consultation["objet"] = objet
    result = generate_documents(consultation, None, formats=("md", "html"))
    page = result.files["ccap.html"].decode("utf-8")
    assert "<b>A</b>" not in page
    assert "Lot &lt;b&gt;A&lt;/b&gt; &amp; B\\1" in page
    assert objet in _visible_html(page)
    rendered = markdown.markdown(result.files["ccap.md"].decode("utf-8"), extensions=["tables"])
    assert objet in _visible_html(rendered)
    assert not result.written


@pytest.mark.parametrize("bad", ["pdf", "", "docx,odt", ["md", 3]])
def test_formats_are_validated(bad: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        generate_documents(example(), None, formats=bad)  # type: ignore[arg-type]
    assert info.value.fields == ("formats",)


def test_cli_formats_without_word(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(EXAMPLE), "--out", str(tmp_path), "--format", "md"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ccap.md", "decision.md", "rc.md"]
    assert "rc.md" in capsys.readouterr().out


# --- note de choix ----------------------------------------------------------------------


def test_note_de_choix_of_the_seven_lots() -> None:
    from clauserules.documents.service import render_all

    rendered, context = render_all(example())
    note = context.note
    assert [lot.id for lot in note.lots] == [lot.id for lot in context.lots]
    lot1 = note.lots[0]
    assert "Condition d'exécution" in lot1.retenus
    assert lot1.textes.startswith("art. L. 2112-2 à L. 2112-4, L. 2112-2-1 et L. 2152-7 du code")
    assert note.lots[-1].heures is None  # lot 7 carries no hours clause
    # each point to check is written once, with the lots it concerns
    texts = [point.texte for point in note.a_verifier]
    assert len(texts) == len(set(texts))
    every_lot_point = {point for lot in context.lots for point in lot.vigilance}
    assert every_lot_point <= set(texts)
    assert any(point.lots == "Tous les lots" for point in note.a_verifier)
    body = "\n".join(p.text for p in Document(io.BytesIO(rendered["decision"])).paragraphs)
    assert body.index("Choix par lot") < body.index("ANNEXE — TRACE COMPLÈTE")
    assert "Aucune exception à la condition sociale obligatoire" in body
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", body)
    assert "indetermine" not in body


def test_note_de_choix_consigns_the_reasons_of_an_exception() -> None:
    from clauserules.documents.service import render_all
    from clauserules.plan import motifs_a_consigner, plan_consultation

    consultation = example()
    consultation["lots"][1]["exception_obligation_sociale"] = {
        "motif": "lien_insuffisant_objet",
        "justification": "Charpente préfabriquée en atelier, posée en deux jours.",
    }
    consultation["lots"][1]["preferences"] = []
    rendered, context = render_all(consultation)
    plan_input = {k: v for k, v in consultation.items() if k != "documents"}
    expected = motifs_a_consigner(plan_consultation(plan_input))
    assert expected
    consign = context.note.a_consigner
    assert [point.lots for point in consign] == ["Lot\u00a02"]
    assert consign[0].texte == expected.strip()
    body = "\n".join(p.text for p in Document(io.BytesIO(rendered["decision"])).paragraphs)
    assert "Charpente préfabriquée en atelier" in body


# --- annexes handed to the holder -------------------------------------------------------


def test_annexes_are_generated_when_asked(tmp_path: Path) -> None:
    plain = generate_documents(example(), None)
    assert not any(name.startswith("annexe") for name in (*plain.data, *plain.files))
    result = generate_documents(example(), tmp_path, annexes=True)
    for name in ("annexe-engagement.docx", "annexe-bilan.docx", "annexe-suivi-mensuel.xlsx"):
        assert (tmp_path / name).is_file(), name
    assert result.written["annexe-suivi-mensuel.xlsx"] == tmp_path / "annexe-suivi-mensuel.xlsx"


def test_engagement_has_its_headings_and_the_hours_of_each_lot() -> None:
    result = generate_documents(example(), None, annexes=True)
    document = Document(io.BytesIO(result.data["annexe-engagement"]))
    titles = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert titles == [
        "Identification du titulaire",
        "Heures d'insertion à réaliser",
        "Modalités envisagées",
        "Calendrier prévisionnel des recrutements",
        "Engagements de suivi",
        "Signature",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ENGAGEMENT D'INSERTION DU TITULAIRE" in text
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rows[0] == ["Lot", "Intitulé", "Heures d'insertion"]
    assert rows[1][0] == "1"
    assert rows[1][2] == "1\u00a0600\u00a0heures"
    assert len(rows) == 7  # lots 1 to 6 carry hours; lot 7 does not


def test_bilan_has_its_headings_and_columns() -> None:
    result = generate_documents(example(), None, annexes=True)
    document = Document(io.BytesIO(result.data["annexe-bilan"]))
    titles = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert titles[:3] == [
        "Identification",
        "Heures réalisées",
        "Personnes ayant bénéficié de l'action",
    ]
    assert "Signatures" in titles
    header = [c.text for c in document.tables[1].rows[0].cells]
    assert header == [
        "Lot",
        "Intitulé",
        "Heures dues",
        "Heures proratisées",
        "Heures réalisées",
        "Écart",
    ]
    people = [c.text for c in document.tables[2].rows[0].cells]
    assert "Situation à l'issue du contrat" in people


def test_monthly_tracking_sheet_opens_with_its_columns() -> None:
    import openpyxl

    from clauserules.documents.annexes import COLONNES, SUIVI

    result = generate_documents(example(), None, annexes=True)
    workbook = openpyxl.load_workbook(io.BytesIO(result.files[SUIVI]))
    assert workbook.sheetnames == ["Lot 1", "Lot 2", "Lot 3", "Lot 4", "Lot 5", "Lot 6", "Listes"]
    assert workbook["Listes"].sheet_state == "hidden"
    sheet = workbook["Lot 1"]
    header = [cell.value for cell in sheet[7]]
    assert tuple(header[: len(COLONNES)]) == COLONNES
    assert header[len(COLONNES)] == "sept. 2026"  # launched on 15 September 2026
    assert header[-1] == "Total des heures"
    assert len(header) == len(COLONNES) + 30 + 1  # a 30-month contract
    assert sheet.cell(row=8, column=len(header)).value == "=SUM(J8:AM8)"
    assert sheet["C5"].value == "1\u00a0600\u00a0heures"
    lists = [v.sqref for v in sheet.data_validations.dataValidation]
    assert any(str(ref).startswith("C8") for ref in lists)


def test_monthly_tracking_sheet_is_formula_safe() -> None:
    import openpyxl

    from clauserules.documents.annexes import SUIVI

    consultation = example()
    consultation["objet"] = '=HYPERLINK("http://x.example","clic")'
    consultation["lots"][0]["intitule"] = "+1-2@x"
    result = generate_documents(consultation, None, annexes=True)
    sheet = openpyxl.load_workbook(io.BytesIO(result.files[SUIVI]))["Lot 1"]
    assert sheet["C3"].value == '=HYPERLINK("http://x.example","clic")'
    assert sheet["C3"].data_type == "s"
    assert sheet["C3"].quotePrefix
    assert sheet["C4"].value == "1 — +1-2@x"
    formulas = [
        cell.coordinate
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" and not str(cell.value).startswith("=SUM(")
    ]
    assert formulas == []


def test_cli_annexes(tmp_path: Path) -> None:
    assert main(["generate", str(EXAMPLE), "--out", str(tmp_path), "--annexes"]) == 0
    assert (tmp_path / "annexe-suivi-mensuel.xlsx").is_file()
    assert (tmp_path / "annexe-bilan.docx").is_file()
