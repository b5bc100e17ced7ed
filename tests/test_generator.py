"""Generation of the RC, the CCAP and the decision record (clauserules.documents).

A matrix of consultations (each instrument in each regime, reserved lots, award criterion,
concession, ANRU, intellectual services, the mandatory social condition and its exception)
is rendered in memory; every document opens with python-docx and holds the articles, hours
and publics decided by the plan. Normalised texts are compared with ``tests/snapshots``
(``CLAUSERULES_UPDATE_SNAPSHOTS=1`` rewrites them).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import pytest

from clauserules import generate_documents, plan_consultation
from clauserules._files import load_document
from clauserules.documents.environment import (
    format_date,
    format_heures,
    format_montant,
    format_nombre,
    format_pourcent,
)
from clauserules.documents.package import custom_properties
from clauserules.documents.service import DOCUMENTS, render_all
from clauserules.errors import ControlCharacterError, InvalidInputError, OutputNotWritableError
from clauserules.rules import rulebase

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
EXAMPLE = ROOT / "examples" / "consultation.yaml"
NBSP = "\u00a0"


def consultation(date: str, *lots: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A works consultation launched on ``date`` (one labour-intensive lot by default)."""
    data: dict[str, Any] = {
        "acheteur": {"nom": "Commune de Valmont", "type": "collectivite"},
        "objet": "Rénovation de la salle des fêtes",
        "nature": "travaux",
        "date_lancement": date,
        "duree_mois": 24,
        "facilitateur": {
            "nom": "PLIE du Valmontois",
            "contact": "clauses@plie.example",
            "consentement_publication": True,
        },
        "lots": list(lots)
        or [
            {
                "id": "1",
                "intitule": "Gros œuvre",
                "montant_estime_ht": 1200000,
                "preferences": ["condition_execution"],
            }
        ],
    }
    data.update(fields)
    return data


def lot(lot_id: str, *preferences: str, montant: int = 400000, **fields: Any) -> dict[str, Any]:
    return {
        "id": lot_id,
        "intitule": f"Lot {lot_id}",
        "montant_estime_ht": montant,
        "preferences": list(preferences),
        **fields,
    }


def texts(data: bytes) -> str:
    """All the text of a .docx (paragraphs, then table cells), opened with python-docx."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def normalise(text: str) -> str:
    """Snapshot form: NFC, non-breaking spaces as spaces, blank lines dropped."""
    text = unicodedata.normalize("NFC", text).replace(NBSP, " ")
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"


# --- the matrix --------------------------------------------------------------------------

MATRIX: dict[str, tuple[dict[str, Any], dict[str, tuple[str, ...]]]] = {
    "cmp-condition-execution": (
        consultation("2010-05-03"),
        {
            "rc": ("Code des marchés publics", "art. 14", f"800{NBSP}heures"),
            "ccap": (f"800{NBSP}heures", "Demandeur d'emploi de longue durée"),
        },
    ),
    "cmp-critere-reserve-ea": (
        consultation(
            "2012-03-01",
            lot("1", "condition_execution", "critere_attribution", poids_critere=0.1),
            lot("2", "reserve_ea_esat"),
        ),
        {"rc": ("art. 53", "art. 15", f"10{NBSP}% de la note globale", "entreprise adaptée")},
    ),
    "ordonnance-condition-reserve-siae": (
        consultation(
            "2017-06-01",
            lot("1", "condition_execution"),
            lot("2", "reserve_siae"),
        ),
        {
            "rc": ("Ordonnance n° 2015-899", "art. 38", "art. 36", "insertion par l'activité"),
        },
    ),
    "ordonnance-critere": (
        consultation("2018-09-01", lot("1", "critere_attribution", poids_critere=0.2)),
        {"rc": ("art. 52", f"20{NBSP}% de la note globale", "note présentant la méthode")},
    ),
    "ccp-reservations-et-marche-insertion": (
        consultation(
            "2021-06-01",
            lot("1", "reserve_ea_esat"),
            lot("2", "reserve_siae"),
            lot("3", "reserve_ea_esat_siae"),
            lot("4", "marche_insertion"),
            nature="services",
        ),
        {
            "rc": (
                "L. 2113-12",
                "L. 2113-13",
                "L. 2113-14",
                "R. 2123-1",
                "convention conclue avec l'État",
            ),
        },
    ),
    "ccp-reserve-detenus-avant-2022-interdite": (
        consultation("2021-06-01", lot("1", "reserve_detenus"), nature="services"),
        {"decision": ("interdit", "Lot réservé aux opérateurs employant des personnes détenues")},
    ),
    "ccp-reserve-detenus-apres-2022": (
        consultation("2023-02-01", lot("1", "reserve_detenus"), nature="fournitures"),
        {"rc": ("L. 2113-13-1", "établissement pénitentiaire")},
    ),
    "ccp-ess": (
        consultation(
            "2021-06-01",
            lot("1", "reserve_ess"),
            nature="services",
            services_sociaux_specifiques=True,
            duree_mois=36,
        ),
        {"rc": ("L. 2113-15", "économie sociale et solidaire", "trois années")},
    ),
    "concession": (
        consultation("2020-05-01", contrat="concession"),
        {"rc": ("L. 3114-2", "contrat de concession"), "ccap": ("contrat de concession",)},
    ),
    "prestations-intellectuelles-obligation": (
        consultation(
            "2026-09-01",
            lot(
                "A",
                "condition_execution",
                "critere_attribution",
                montant=300000,
                poids_critere=0.15,
            ),
            nature="prestations_intellectuelles",
            acheteur={"nom": "Ministère des essais", "type": "etat"},
        ),
        {
            "rc": ("L. 2112-2-1", f"15{NBSP}% de la note globale", "seuil européen"),
            "ccap": ("CCAG-PI", "prestations intellectuelles"),
        },
    ),
    "obligation-et-exception-anru": (
        consultation(
            "2026-09-15",
            lot("1", "condition_execution", montant=6000000),
            lot(
                "2",
                "reserve_siae",
                montant=45000,
                exception_obligation_sociale={
                    "motif": "lien_insuffisant_objet",
                    "justification": "Fourniture livrée sans main-d'œuvre sur le site.",
                },
            ),
            financement_anru="investissement",
            publics_prioritaires=["jeune"],
        ),
        {
            "rc": (
                "L. 2112-2-1",
                "lien suffisant avec l'objet",
                "Fourniture livrée sans main-d'œuvre sur le site.",
            ),
            "ccap": ("quartier prioritaire", "jeune", "Globalisation"),
            "decision": ("exception", "publics.overlay.anru-qpv"),
        },
    ),
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, bytes]]:
    return {name: render_all(case)[0] for name, (case, _) in MATRIX.items()}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_documents_hold_the_decided_articles_hours_and_publics(
    name: str, rendered: dict[str, dict[str, bytes]]
) -> None:
    case, expected = MATRIX[name]
    documents = {code: texts(data) for code, data in rendered[name].items()}
    plan = plan_consultation(case)
    for lot_plan in plan.lots:
        # issue 13: exactly the plan's selection (a mandatory instrument left out makes the
        # plan a_corriger, and the documents a draft: it is never added silently)
        retained = [i for i in lot_plan.instruments if i.selected and i.status != "interdit"]
        for instrument in retained:
            article = (instrument.article or "").split(" ")[0].rstrip(";,")
            # articles of codes are written as a contract writes them: « L. 2113-15 »
            article = re.sub(r"\b([LRD])(\d)", r"\1. \2", article)
            assert article in documents["rc"], (name, instrument.kind, article)
        if any(i.kind.value == "condition_execution" for i in retained):
            hours = format_heures(lot_plan.hours.value)
            assert hours in documents["rc"]
            assert hours in documents["ccap"]
        for instrument in lot_plan.instruments:  # every decision is in the record
            assert f"Lot {lot_plan.id}" in documents["decision"]
            for rule_id in instrument.rules:
                assert rule_id in documents["decision"], (name, rule_id)
    for code, needles in expected.items():
        for needle in needles:
            assert needle in documents[code], (name, code, needle)


def test_publics_of_the_chosen_referential_come_from_the_rule_base() -> None:
    case = consultation("2026-09-15", referentiel_publics="igas-2016")
    ccap = texts(render_all(case)[0]["ccap"])
    titles = {
        r.title
        for r in rulebase().in_force("publics", plan_consultation(case).date_lancement, "igas-2016")
    }
    assert titles
    for title in titles:
        assert title in ccap
    assert "IGAS, recommandation n° 1" in ccap


def test_facilitator_contact_only_with_consent() -> None:
    with_consent = texts(render_all(consultation("2026-09-15"))[0]["rc"])
    assert "clauses@plie.example" in with_consent
    refused = consultation("2026-09-15")
    refused["facilitateur"]["consentement_publication"] = False
    for code, data in render_all(refused)[0].items():
        text = texts(data)
        assert "clauses@plie.example" not in text, code
        assert "PLIE du Valmontois" not in text or code == "decision", code
    assert "dispositif d'accompagnement de la clause sociale, gratuit et neutre" in texts(
        render_all(refused)[0]["rc"]
    )


def test_execution_condition_offers_every_way_without_imposing_one() -> None:
    ccap = texts(render_all(consultation("2020-05-01"))[0]["ccap"])
    assert "Aucune n'est imposée" in ccap
    for way in (
        "l'embauche directe",
        "la mise à disposition",
        "la sous-traitance ou la cotraitance",
    ):
        assert way in ccap
    for structure in ("association intermédiaire", "GEIQ", "entreprise adaptée"):
        assert structure in ccap


def test_penalty_article_follows_the_buyer_rate_and_globalisation_variant() -> None:
    case = consultation("2026-09-15")
    case["documents"] = {"penalite_par_heure": 45, "globalisation": "igas-2016", "ccag": "travaux"}
    ccap = texts(render_all(case)[0]["ccap"])
    assert f"pénalité de 45,00{NBSP}€ par heure" in ccap
    assert "même bassin d'emploi" in ccap
    assert "CCAG-Travaux" in ccap
    case["documents"] = {"globalisation": "aucune"}
    ccap = texts(render_all(case)[0]["ccap"])
    assert "Globalisation des heures" not in ccap
    # issue 13: never « no penalty is fixed » in a contract; a placeholder the buyer fills
    assert "pénalité de [montant] € par heure non réalisée" in ccap
    assert "n'est fixé" not in ccap
    assert "par jour de retard" in ccap


def test_before_the_ccag_2021_no_ccag_article_is_completed() -> None:
    ccap = texts(render_all(consultation("2017-06-01"))[0]["ccap"])
    assert "CCAG" not in ccap


def test_counting_rules_written_are_those_adopted() -> None:
    case = consultation("2026-09-15")
    case["documents"] = {"decompte": ["regle_24_mois", "regle_heures_formation"]}
    ccap = texts(render_all(case)[0]["ccap"])
    assert "vingt-quatre mois" in ccap
    assert "Heures de formation" in ccap
    assert "Embauche en CDI la deuxième année" not in ccap
    assert "Contrats de plus de deux ans" not in ccap


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"penalite_par_heure": -3}, "documents.penalite_par_heure"),
        ({"globalisation": "libre"}, "documents.globalisation"),
        ({"ccag": "btp"}, "documents.ccag"),
        ({"decompte": ["toujours"]}, "documents.decompte"),
        ({"couleur": "bleu"}, "documents.couleur"),
    ],
)
def test_bad_drafting_options_name_the_field(options: dict[str, Any], field: str) -> None:
    case = consultation("2026-09-15")
    case["documents"] = options
    with pytest.raises(InvalidInputError) as caught:
        render_all(case)
    assert field in caught.value.fields


# --- snapshots ---------------------------------------------------------------------------

SNAPSHOT_CASES = {
    "exemple": load_document(EXAMPLE),
    "cmp-2010": MATRIX["cmp-condition-execution"][0],
    "reservations-2021": MATRIX["ccp-reservations-et-marche-insertion"][0],
}


@pytest.mark.parametrize("case", sorted(SNAPSHOT_CASES))
def test_normalised_text_snapshots(case: str) -> None:
    documents, _ = render_all(SNAPSHOT_CASES[case])
    update = os.environ.get("CLAUSERULES_UPDATE_SNAPSHOTS") == "1"
    for code in DOCUMENTS:
        path = SNAPSHOTS / f"{case}.{code}.txt"
        text = normalise(texts(documents[code]))
        if update or not path.exists():
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), (
            f"{path.name} differs; review and rerun with CLAUSERULES_UPDATE_SNAPSHOTS=1"
        )


# --- reproducibility and traceability ----------------------------------------------------


def test_same_input_gives_byte_identical_files(tmp_path: Path) -> None:
    document = load_document(EXAMPLE)
    first = generate_documents(document, tmp_path / "a")
    second = generate_documents(deepcopy(document), tmp_path / "b")
    for code in DOCUMENTS:
        assert first.docx[code].read_bytes() == second.docx[code].read_bytes()
    with zipfile.ZipFile(first.docx["rc"]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None


def test_core_and_custom_properties_trace_the_decision() -> None:
    documents, context = render_all(load_document(EXAMPLE))
    props = docx.Document(io.BytesIO(documents["ccap"])).core_properties
    assert props.created is not None
    assert props.created.date().isoformat() == "2026-09-15"
    assert props.modified == props.created
    with zipfile.ZipFile(io.BytesIO(documents["ccap"])) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
        content_types = archive.read("[Content_Types].xml").decode("utf-8")
    expected = custom_properties(context.for_document("ccap"))
    assert expected["clauserules.regime"] == "ccp"
    assert "articles.marche.condition-execution" in expected["clauserules.regles"]
    assert "documents.facilitateur.coordonnees" in expected["clauserules.regles"]
    for name, value in expected.items():
        assert f'name="{name}"><vt:lpwstr>{value}</vt:lpwstr>' in custom
    assert "/docProps/custom.xml" in content_types


# --- adversarial inputs -----------------------------------------------------------------

HOSTILE = "Régie « L'Atelier » & Fils <SARL> \"quotes\" 'apostrophes' 🏗️👷🏽‍♀️ شركة البناء עברית"


def test_hostile_texts_are_kept_intact() -> None:
    case = consultation("2026-09-15")
    case["acheteur"]["nom"] = HOSTILE
    case["objet"] = "Objet & <travaux> « spéciaux » 🚧"
    case["lots"][0]["intitule"] = "Lot {{ 7*7 }} {% if %} </w:t>"
    case["documents"] = {"reference": "R" + "é" * 9_999}
    documents, _ = render_all(case)
    for code, data in documents.items():
        text = texts(data)
        assert HOSTILE in text, code
        assert "Objet & <travaux> « spéciaux » 🚧" in text, code
    assert "Lot {{ 7*7 }} {% if %} </w:t>" in texts(documents["rc"])
    assert "R" + "é" * 9_999 in texts(documents["rc"])


def test_line_breaks_and_tabs_become_spaces() -> None:
    case = consultation("2026-09-15")
    case["objet"] = "Rénovation\tde la\r\nsalle\n\ndes fêtes"
    rc = texts(render_all(case)[0]["rc"])
    assert "Rénovation de la salle des fêtes" in rc


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\ufffe"])
def test_control_characters_are_rejected_naming_the_field(char: str, tmp_path: Path) -> None:
    case = consultation("2026-09-15")
    case["lots"][0]["intitule"] = f"Gros{char}œuvre"
    with pytest.raises(ControlCharacterError) as caught:
        generate_documents(case, tmp_path / "out")
    assert caught.value.code == "control-character"
    assert caught.value.fields == ("lots.0.intitule",)
    assert f"U+{ord(char):04X}" in str(caught.value)
    assert not (tmp_path / "out").exists()


# --- output directory --------------------------------------------------------------------


def test_output_directory_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("not a directory")
    with pytest.raises(OutputNotWritableError) as caught:
        generate_documents(consultation("2026-09-15"), target)
    assert caught.value.code == "output-not-writable"


def test_output_directory_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputNotWritableError):
        generate_documents(consultation("2026-09-15"), tmp_path / "file" / "out")


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = Path.write_bytes
    calls = {"n": 0}

    def flaky(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    with pytest.raises(OutputNotWritableError, match="No space left"):
        generate_documents(consultation("2026-09-15"), out)
    assert list(out.iterdir()) == []


def test_generate_writes_the_three_documents(tmp_path: Path) -> None:
    result = generate_documents(load_document(EXAMPLE), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ccap.docx", "decision.docx", "rc.docx"]
    assert result.pdf == {}
    for path in result.docx.values():
        docx.Document(str(path))


# --- French formatting -------------------------------------------------------------------


def test_french_formatting_filters() -> None:
    assert format_nombre("1200000") == f"1{NBSP}200{NBSP}000"
    assert format_nombre("812.50") == "812,5"
    assert format_heures(1) == f"1{NBSP}heure"
    assert format_heures("1600") == f"1{NBSP}600{NBSP}heures"
    assert format_montant("1200000") == f"1{NBSP}200{NBSP}000,00{NBSP}€"
    assert format_pourcent("0.05") == f"5{NBSP}%"
    assert format_pourcent("0.125") == f"12,5{NBSP}%"
    assert format_date("2026-08-01") == "1er août 2026"
    assert format_date("2026-08-21") == "21 août 2026"
    assert re.fullmatch(r"-1\xa0000", format_nombre(-1000))


def test_reserved_lots_owe_no_hours_and_criterion_hours_come_from_the_offer() -> None:
    reserved = texts(render_all(MATRIX["ccp-reservations-et-marche-insertion"][0])[0]["ccap"])
    assert "Volume d'heures" not in reserved
    assert (
        "Sont réservés, dans les conditions du règlement de la consultation, les lots 1, 2 et 3."
        in reserved
    )
    criterion = texts(render_all(MATRIX["ordonnance-critere"][0])[0]["ccap"])
    assert "auquel il s'est engagé dans la note méthodologique de son offre" in criterion
    assert "Mode de calcul" not in criterion


def test_consultation_object_and_options_argument(tmp_path: Path) -> None:
    from clauserules.plan.model import parse_consultation

    parsed = parse_consultation(load_document(EXAMPLE))
    result = generate_documents(parsed, tmp_path, options={"penalite_par_heure": 30})
    assert f"pénalité de 30,00{NBSP}€ par heure" in texts(result.docx["ccap"].read_bytes())
    with pytest.raises(InvalidInputError) as caught:
        generate_documents(parsed, tmp_path, options={"ccag": "btp"})
    assert caught.value.fields == ("documents.ccag",)


# --- layering of the documents package --------------------------------------------------


def test_building_the_context_never_calls_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    from clauserules.core import _engine
    from clauserules.documents.build import build_context
    from clauserules.documents.inputs import prepare
    from clauserules.documents.redaction import decide_drafting
    from clauserules.plan.model import parse_consultation

    data, options = prepare(load_document(EXAMPLE))
    checked = parse_consultation(data)
    plan = plan_consultation(checked)
    drafting = decide_drafting(plan, checked, options)

    def refuse(*_: Any) -> Any:
        raise AssertionError("the context builder called the engine")

    monkeypatch.setattr(_engine, "evaluate", refuse)
    context = build_context(plan, drafting, options)
    assert "documents.facilitateur.coordonnees" in context.regles
    assert context.facilitateur.publication == "coordonnees"


def test_only_the_drafting_decision_asks_the_engine() -> None:
    """In documents/, the engine is reached from redaction.py only, and no module finds a
    decision by matching rule-id strings."""
    package = ROOT / "clauserules" / "documents"
    for path in sorted(package.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if path.name != "redaction.py":
            assert "core.decide" not in source, path.name
            assert "_engine" not in source, path.name
        for pattern in ('startswith("articles.', '"obligation-sociale" in', '".penalite" in'):
            assert pattern not in source, (path.name, pattern)


def test_content_types_stay_first_and_custom_properties_are_declared_once() -> None:
    documents, _ = render_all(load_document(EXAMPLE))
    for code, data in documents.items():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            content_types = archive.read("[Content_Types].xml").decode("utf-8")
            rels = archive.read("_rels/.rels").decode("utf-8")
        assert names[0] == "[Content_Types].xml", code
        assert names[-1] == "docProps/custom.xml", code
        assert len(names) == len(set(names)), code
        assert content_types.count("/docProps/custom.xml") == 1, code
        assert rels.count("custom-properties") == 1, code


@pytest.mark.parametrize("amount", ["NaN", "Infinity", True])
def test_penalty_rate_must_be_a_finite_amount(amount: Any) -> None:
    case = consultation("2026-09-15")
    case["documents"] = {"penalite_par_heure": amount}
    with pytest.raises(InvalidInputError) as caught:
        render_all(case)
    assert caught.value.fields == ("documents.penalite_par_heure",)
