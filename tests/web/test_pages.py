"""The French pages: forms built from the models, errors next to the fields, CSRF, no 500."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from clauserules.web.forms import collect, describe, flatten
from clauserules.web.pages import consultation_document, consultation_values
from web.conftest import parcours_zip


def token(client: TestClient) -> str:
    client.get("/")
    value = client.cookies.get("clauserules_csrf")
    assert value
    return value


def field_errors(html: str) -> list[str]:
    return re.findall(r'class="erreur-champ" id="([^"]+)-err"', html)


def no_trace(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    assert "Traceback" not in response.text
    assert "invalid-input" not in response.text  # no internal code shown raw


LOTS = {
    "acheteur.nom": "Ville de Test",
    "acheteur.type": "collectivite",
    "objet": "Travaux de voirie",
    "contrat": "marche",
    "nature": "travaux",
    "date_lancement": "2026-09-15",
    "duree_mois": "24",
    "financement_anru": "aucun",
    "referentiel_publics": "ave-2014",
    "lots.0.id": "1",
    "lots.0.intitule": "Terrassement",
    "lots.0.montant_estime_ht": "1 200 000",
    "lots.0.preferences": "condition_execution",
    "lots.1.id": "2",
    "lots.1.intitule": "Signalisation",
    "lots.1.montant_estime_ht": "300000",
    "lots.1.part_main_oeuvre": "0,35",
    "lots.1.preferences": "condition_execution",
}


def test_every_page_renders(client: TestClient) -> None:
    for url in ("/", "/eligibilite", "/consultation", "/heures", "/travaux"):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="fr">' in response.text
        assert "https://" not in re.sub(r'href="https?://[^"]+"', "", response.text)  # no CDN


def test_form_round_trip_follows_the_model() -> None:
    from clauserules import Personne

    widgets = describe(Personne)
    person = {
        "date_naissance": "2002-05-14",
        "inscription_france_travail": {"depuis": "2025-02-03", "categorie": 1},
        "allocations": [],
        "residence_qpv": True,
        "avis_motive": {"organisme": "plie", "date": "2026-10-15"},
    }
    assert collect(widgets, flatten(widgets, person)) == person
    assert {w.field for w in widgets} == set(Personne.model_fields)


def test_consultation_round_trip(client: TestClient) -> None:
    document = consultation_document(dict(LOTS), 2)
    assert document["lots"][0]["montant_estime_ht"] == "1200000"
    assert document["lots"][1]["part_main_oeuvre"] == "0.35"
    assert consultation_document(consultation_values(document), 2) == document


def test_plan_with_two_lots_and_documents(client: TestClient) -> None:
    csrf = token(client)
    response = client.post("/consultation", data={"csrf": csrf, **LOTS, "action": "planifier"})
    assert response.status_code == 200, field_errors(response.text)
    assert "Lot 1 — Terrassement" in response.text
    assert "Lot 2 — Signalisation" in response.text
    one = client.post("/consultation", data={"csrf": csrf, **LOTS, "action": "generer:ccap.docx"})
    assert one.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(one.content)).paragraphs)
    assert "Travaux de voirie" in text
    archive = client.post(
        "/consultation", data={"csrf": csrf, **LOTS, "action": "generer:documents.zip"}
    )
    assert zipfile.ZipFile(io.BytesIO(archive.content)).namelist() == [
        "ccap.docx",
        "decision.docx",
        "rc.docx",
    ]
    journal = client.app.state.db.journal()  # type: ignore[attr-defined]
    assert [e.origine for e in journal] == ["page", "page"]


def test_add_and_remove_lots_without_javascript(client: TestClient) -> None:
    csrf = token(client)
    added = client.post("/consultation", data={"csrf": csrf, **LOTS, "action": "ajouter_lot"})
    assert 'id="lot-2"' in added.text
    removed = client.post("/consultation", data={"csrf": csrf, **LOTS, "action": "retirer_lot:0"})
    assert 'id="lot-1"' not in removed.text
    assert 'value="Signalisation"' in removed.text


def test_save_reopen_and_export(client: TestClient) -> None:
    csrf = token(client)
    saved = client.post("/consultation", data={"csrf": csrf, **LOTS, "action": "enregistrer"})
    assert "Consultation enregistrée" in saved.text
    listing = client.get("/travaux")
    assert "Travaux de voirie" in listing.text
    reopened = client.get("/consultation?id=1")
    assert 'value="Terrassement"' in reopened.text
    exported = client.post("/consultation", data={"csrf": csrf, **LOTS, "action": "exporter:yaml"})
    assert exported.headers["content-type"].startswith("application/yaml")
    imported = client.post(
        "/consultation/import",
        data={"csrf": csrf},
        files={"fichier": ("c.yaml", exported.content, "application/yaml")},
    )
    assert 'value="Signalisation"' in imported.text
    assert "Lot 2 — Signalisation" in imported.text


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("duree_mois", "trente", "f-duree_mois"),
        ("duree_mois", "0", "f-duree_mois"),
        ("date_lancement", "31/02/2026", "f-date_lancement"),
        ("date_lancement", "hier", "f-date_lancement"),
        ("nature", "beton", "f-nature"),
        ("contrat", "", None),
        ("acheteur.type", "roi", "f-acheteur-type"),
        ("acheteur.achats_annuels_ht", "beaucoup", "f-acheteur-achats_annuels_ht"),
        ("lots.1.montant_estime_ht", "-3", "f-lots-1-montant_estime_ht"),
        ("lots.1.montant_estime_ht", "1e999", None),
        ("lots.0.part_main_oeuvre", "2", "f-lots-0-part_main_oeuvre"),
        ("lots.0.cout_horaire", "0", "f-lots-0-cout_horaire"),
        ("lots.0.taux_insertion", "cinq", "f-lots-0-taux_insertion"),
        ("lots.0.poids_critere", "1,5", "f-lots-0-poids_critere"),
        ("lots.0.preferences", "baguette", "f-lots-0-preferences"),
        ("lots.1.id", "1", "f-lots-1-id"),
        ("lots.0.intitule", "", "f-lots-0-intitule"),
        ("referentiel_publics", "xyz", "f-referentiel_publics"),
        ("publics_prioritaires", "vieux", "f-publics_prioritaires"),
        ("defense_securite", "peut-être", None),
        ("valeur_estimee_ht", "NaN", "f-valeur_estimee_ht"),
    ],
)
def test_wrong_values_in_consultation_fields(
    client: TestClient, name: str, value: str, field: str | None
) -> None:
    csrf = token(client)
    data = {"csrf": csrf, **LOTS, name: value, "action": "enregistrer"}
    response = client.post("/consultation", data=data)
    no_trace(response)
    if field is not None:
        assert response.status_code == 422
        assert field in field_errors(response.text), (field, field_errors(response.text))
        assert "erreur" in response.text
    assert client.app.state.db.consultations() == [] or field is None  # type: ignore[attr-defined]


def test_control_character_is_refused_at_generation(client: TestClient) -> None:
    csrf = token(client)
    data = {"csrf": csrf, **LOTS, "objet": "a\x01b", "action": "generer:rc.docx"}
    response = client.post("/consultation", data=data)
    no_trace(response)
    assert response.status_code == 422
    assert "f-objet" in field_errors(response.text)
    assert client.app.state.db.journal() == []  # type: ignore[attr-defined]


def test_a_corriger_is_said_in_french(client: TestClient) -> None:
    csrf = token(client)
    data = {**LOTS, "lots.0.preferences": "reserve_detenus", "date_lancement": "2015-01-10"}
    response = client.post("/consultation", data={"csrf": csrf, **data})
    no_trace(response)
    assert "À corriger" in response.text
    assert "La consultation est à corriger" in response.text


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("personne.date_naissance", "14/05/20022", "f-personne-date_naissance"),
        ("personne.date_naissance", "2030-01-01", "f-personne-date_naissance"),
        ("personne.niveau_qualification", "9", "f-personne-niveau_qualification"),
        ("personne.niveau_qualification", "deux", "f-personne-niveau_qualification"),
        ("personne.ayant_droit_rsa", "peut-être", "f-personne-ayant_droit_rsa"),
        ("personne.allocations", "loto", "f-personne-allocations"),
        (
            "personne.inscription_france_travail.categorie",
            "9",
            "f-personne-inscription_france_travail-categorie",
        ),
        ("personne.avis_motive.organisme", "voisin", "f-personne-avis_motive-organisme"),
        ("at", "", "f-at"),
        ("at", "demain", "f-at"),
    ],
)
def test_wrong_values_in_eligibility_fields(
    client: TestClient, name: str, value: str, field: str
) -> None:
    csrf = token(client)
    data = {
        "csrf": csrf,
        "at": "2026-11-22",
        "personne.inscription_france_travail.__etat": "oui",
        "personne.inscription_france_travail.depuis": "2025-01-01",
        name: value,
    }
    response = client.post("/eligibilite", data=data)
    no_trace(response)
    assert response.status_code == 422
    assert field in field_errors(response.text), field_errors(response.text)


def test_eligibility_decision_page(client: TestClient) -> None:
    csrf = token(client)
    data = {
        "csrf": csrf,
        "at": "2026-11-22",
        "personne.date_naissance": "1990-01-20",
        "personne.allocations": "rsa",
        "personne.allocations.__connu": "oui",
    }
    response = client.post("/eligibilite", data=data)
    assert response.status_code == 200
    assert "Éligible" in response.text
    assert "Sources" in response.text
    unknown = client.post("/eligibilite", data={"csrf": csrf, "at": "2026-11-22"})
    assert "Indéterminé" in unknown.text
    assert "Informations à demander" in unknown.text


def test_eligibility_page_has_structure_and_complete_record(client: TestClient) -> None:
    """``structure_iae`` (« toutes » or a kind of structure) and ``complet`` reach the same
    service as the API; a structure without the IAE list is an error next to its field."""
    page = client.get("/eligibilite").text
    assert 'name="structure_iae"' in page
    assert re.search(r'<option value=""( selected)?>toutes</option>', page)
    assert "Association intermédiaire (AI)" in page
    assert 'name="complet"' in page
    assert "— choisir —" not in page.split('name="structure_iae"')[1].split("</select>")[0]
    csrf = token(client)
    base = {"csrf": csrf, "at": "2026-11-22", "referential": "iae-2021"}
    every = client.post(
        "/eligibilite",
        data={**base, "personne.allocations": "rsa", "personne.allocations.__connu": "oui"},
    )
    no_trace(every)
    assert every.status_code == 200
    assert "Structures d'insertion pour lesquelles" in every.text
    assert "atelier et chantier d&#39;insertion" in every.text
    assert "Dossier déclaré complet" not in every.text
    complete = client.post("/eligibilite", data={**base, "structure_iae": "ai", "complet": "oui"})
    no_trace(complete)
    assert complete.status_code == 200
    assert "Dossier déclaré complet" in complete.text
    assert "Informations à demander" not in complete.text
    wrong = client.post(
        "/eligibilite", data={**base, "referential": "ave-2014", "structure_iae": "ai"}
    )
    no_trace(wrong)
    assert wrong.status_code == 422
    assert field_errors(wrong.text) == ["f-structure_iae"]
    assert "ne se choisit qu&#39;avec la liste « IAE 2021 »" in wrong.text


def test_csrf_is_required(client: TestClient) -> None:
    token(client)
    response = client.post("/consultation", data={**LOTS})
    assert response.status_code == 403
    assert "expiré" in response.text
    forged = client.post("/eligibilite", data={"csrf": "x" * 40, "at": "2026-11-22"})
    assert forged.status_code == 403


def test_ledger_upload_and_export(client: TestClient) -> None:
    csrf = token(client)
    response = client.post(
        "/heures", data={"csrf": csrf}, files={"fichier": ("parcours.zip", parcours_zip())}
    )
    assert response.status_code == 200
    assert str(response.url).endswith("/heures/1")
    assert "<svg" in response.text
    assert "voirie-2024" in response.text
    xlsx = client.get("/heures/1/decompte.xlsx")
    assert xlsx.content[:2] == b"PK"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("parcours.zip", b"not a zip", "archive ZIP lisible"),
        ("parcours.xlsx", b"garbage", "XLSX lisible"),
        ("parcours.pdf", b"%PDF", "Type de fichier non pris en charge"),
        ("parcours.yaml", b"a: [", "YAML valide"),
    ],
)
def test_malformed_ledger_uploads(client: TestClient, name: str, data: bytes, message: str) -> None:
    csrf = token(client)
    response = client.post("/heures", data={"csrf": csrf}, files={"fichier": (name, data)})
    no_trace(response)
    assert response.status_code == 400
    assert message in response.text
    assert client.app.state.db.ledgers() == []  # type: ignore[attr-defined]


def test_missing_file_and_unknown_pages(client: TestClient) -> None:
    csrf = token(client)
    response = client.post("/heures", data={"csrf": csrf})
    assert response.status_code == 400
    assert "Choisir un fichier" in response.text
    assert client.get("/heures/99").status_code == 404
    assert client.get("/consultation?id=99").status_code == 404
    assert "Page introuvable" in client.get("/nulle-part").text
