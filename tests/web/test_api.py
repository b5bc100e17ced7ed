"""The JSON API: same answers as the command line, problem+json errors, never a 500."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from clauserules import assess_eligibility, count_hours, plan_consultation
from clauserules._files import load_document
from clauserules.cli import main
from clauserules.web import _compat
from web.conftest import EXAMPLES, parcours_zip

CONSULTATIONS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "personnes.yaml")
AT = "2026-11-22"


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def as_json(document: Any) -> Any:
    """A YAML document as a client would send it in JSON (dates as text)."""
    return json.loads(json.dumps(document, default=str))


@pytest.mark.parametrize("path", CONSULTATIONS, ids=[p.stem for p in CONSULTATIONS])
def test_plan_is_the_cli_and_python_plan(
    path: Path, client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    document = load_document(path)
    response = client.post("/v1/plan", json=as_json(document))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    from_cli = cli_json(capsys, "plan", str(path))
    from_python = _compat.plan_json(plan_consultation(document))
    assert response.json() == from_cli == json.loads(json.dumps(from_python))
    # the API serialises in one pass: the same bytes, keys in the same order, as plan_json
    compact = json.dumps(from_python, ensure_ascii=False, separators=(",", ":"))
    assert response.content == compact.encode("utf-8")


def test_eligibility_is_the_cli_and_python_decision(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    path = EXAMPLES / "personnes.yaml"
    from_cli = cli_json(capsys, "eligibility", str(path), "--at", AT)
    persons = load_document(path)["personnes"]
    assert len(from_cli) == len(persons) > 3
    for person, expected in zip(persons, from_cli, strict=True):
        response = client.post("/v1/eligibility", json={"personne": as_json(person), "at": AT})
        assert response.status_code == 200, response.text
        python = _compat.eligibility_json(assess_eligibility(person, at=AT))
        assert response.json() == expected == json.loads(json.dumps(python))


def test_count_is_the_cli_and_python_ledger(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    from_cli = cli_json(capsys, "count", str(EXAMPLES / "parcours"))
    response = client.post(
        "/v1/count", files={"file": ("parcours.zip", parcours_zip(), "application/zip")}
    )
    assert response.status_code == 200, response.text
    python = _compat.ledger_json(count_hours(_compat.read_parcours(EXAMPLES / "parcours")))
    assert response.json() == from_cli == json.loads(json.dumps(python))


def test_count_at_a_date_with_orders_is_the_cli_ledger(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    """Framework agreement with orders and sub-contracted hours, counted at a date."""
    directory = EXAMPLES / "parcours-accord-cadre"
    from_cli = cli_json(capsys, "count", str(directory), "--at", "2026-09-30")
    response = client.post(
        "/v1/count",
        files={"file": ("parcours.zip", parcours_zip(directory), "application/zip")},
        data={"at": "2026-09-30"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == from_cli
    assert {m["id"]: m["statut"] for m in from_cli["marches"]} == {
        "nettoyage-ac": "provisoire",
        "voirie-2025": "definitif",
    }


def test_hours(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    body = {"montant_estime_ht": 1200000, "at": "2026-01-05", "nature": "travaux"}
    response = client.post("/v1/hours", json=body)
    assert response.status_code == 200, response.text
    from_cli = cli_json(
        capsys, "hours", "--montant", "1200000", "--at", "2026-01-05", "--nature", "travaux"
    )
    assert response.json() == from_cli
    assert response.json()["value"] == "800"


def test_documents_zip_and_one_docx(client: TestClient) -> None:
    body = as_json(load_document(EXAMPLES / "travaux-condition-execution.yaml"))
    response = client.post("/v1/documents", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["ccap.docx", "decision.docx", "rc.docx"]
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    one = client.post("/v1/documents?document=ccap", json=body, headers={"Accept": docx_type})
    assert one.status_code == 200
    assert one.headers["content-type"] == docx_type
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(one.content)).paragraphs)
    assert "insertion" in text
    missing = client.post("/v1/documents", json=body, headers={"Accept": docx_type})
    assert missing.status_code == 422
    assert missing.json()["code"] == "invalid-input"
    journal = client.app.state.db.journal()  # type: ignore[attr-defined]
    assert len(journal) == 2
    assert journal[0].origine == "api"
    assert set(journal[0].documents) == {"rc.docx", "ccap.docx", "decision.docx"}
    assert journal[0].version_regles.startswith("sha256:")
    assert journal[0].empreinte_entree.startswith("sha256:")


def test_schemas_are_those_of_the_cli(client: TestClient) -> None:
    openapi = client.get("/openapi.json").json()
    for name in _compat.SCHEMAS:
        response = client.get(f"/v1/schema/{name}")
        assert response.status_code == 200
        assert response.json() == _compat.json_schema(name)
        component = dict(openapi["components"]["schemas"][name])
        assert component.pop("$id") == f"urn:clauserules:schema:{name}"
        assert component == _compat.json_schema(name)
    assert "/v1/plan" in openapi["paths"]
    assert not any(p.startswith("/v1/export") for p in openapi["paths"])
    assert client.get("/v1/schema/nope").status_code == 404


def test_rules_and_health(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    response = client.get("/v1/rules", params={"at": AT, "topic": "publics"})
    assert response.json() == cli_json(
        capsys, "rules", "--at", AT, "--topic", "publics", "--format", "json"
    )
    health = client.get("/health").json()
    assert health["status"] == "ok"
    bad = client.get("/v1/rules", params={"at": "22/11/2026"})
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid-input"


# --- bad input: 4xx with the library's code, never a 500 ---------------------------------------


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert "Traceback" not in response.text
    return body


def test_invalid_consultation_names_each_field(client: TestClient) -> None:
    body = as_json(load_document(EXAMPLES / "consultation.yaml"))
    body["lots"][1]["montant_estime_ht"] = -5
    body["duree_mois"] = "trente"
    found = problem(client.post("/v1/plan", json=body), 422, "invalid-input")
    assert {e["location"] for e in found["errors"]} == {"lots.1.montant_estime_ht", "duree_mois"}


@pytest.mark.parametrize(
    ("route", "payload", "status", "code"),
    [
        ("/v1/plan", b"{not json", 400, "input-file"),
        ("/v1/plan", b"[1, 2]", 422, "invalid-input"),
        ("/v1/plan", b"\xff\xfe", 400, "input-file"),
        ("/v1/eligibility", b'{"personne": {}}', 422, "invalid-input"),
        ("/v1/eligibility", b'{"at": "2026-11-22", "referential": "ave"}', 422, "unknown-variant"),
        (
            "/v1/eligibility",
            b'{"at": "2026-11-22", "personne": {"date_naissance": 3}}',
            422,
            "invalid-input",
        ),
        ("/v1/eligibility", b'{"at": "2026-11-22", "extra": 1}', 422, "invalid-input"),
        ("/v1/hours", b'{"montant_estime_ht": "-1", "at": "2026-01-05"}', 422, "invalid-input"),
        ("/v1/hours", b'{"at": "2026-01-05"}', 422, "invalid-input"),
        ("/v1/documents", b'{"objet": "x"}', 422, "invalid-input"),
    ],
)
def test_bad_json_bodies(
    client: TestClient, route: str, payload: bytes, status: int, code: str
) -> None:
    response = client.post(route, content=payload, headers={"content-type": "application/json"})
    problem(response, status, code)


def test_wrong_content_type(client: TestClient) -> None:
    response = client.post("/v1/plan", content=b"a=1", headers={"content-type": "text/plain"})
    problem(response, 400, "input-file")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("parcours.zip", b"not a zip", "not a ZIP archive"),
        ("parcours.xlsx", b"PK\x03\x04garbage", "not a readable XLSX"),
        ("parcours.exe", b"MZ", "expected a ZIP archive"),
        ("parcours.json", b"{", "invalid"),
    ],
)
def test_malformed_uploads(client: TestClient, name: str, data: bytes, message: str) -> None:
    body = problem(client.post("/v1/count", files={"file": (name, data)}), 400, "input-file")
    assert message in body["detail"]
    assert "/tmp" not in body["detail"]


def test_upload_without_needed_table(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "marches.csv").write_text("id\n", encoding="utf-8")
    body = problem(
        client.post("/v1/count", files={"file": ("p.zip", parcours_zip(tmp_path, ""))}),
        400,
        "input-file",
    )
    assert "missing" in body["detail"]
    assert "/tmp" not in body["detail"]


def test_invalid_rows_of_an_upload(client: TestClient, tmp_path: Path) -> None:
    for path in (EXAMPLES / "parcours").iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    heures = tmp_path / "heures.csv"
    lines = heures.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("travail")] = "beaucoup"
    heures.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8")
    body = problem(
        client.post("/v1/count", files={"file": ("p.zip", parcours_zip(tmp_path, ""))}),
        422,
        "invalid-input",
    )
    assert any(e["location"].startswith("heures.csv:row 2") for e in body["errors"])


def test_oversized_body_is_413(client: TestClient) -> None:
    big = b"x" * (3 * 2**20)
    response = client.post("/v1/count", files={"file": ("big.zip", big)})
    problem(response, 413, "input-file")
    page = client.post("/heures", files={"fichier": ("big.zip", big)})
    assert page.status_code == 413
    assert "trop volumineux" in page.text


def test_unknown_route_and_method(client: TestClient) -> None:
    problem(client.get("/v1/nowhere"), 404, "not-found")
    problem(client.get("/v1/plan"), 405, "method-not-allowed")


def test_host_header_is_checked(app: Any) -> None:
    with TestClient(app, base_url="http://evil.example") as other:
        assert other.get("/health").status_code == 400
