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
