"""The versioned JSON API: ``/v1/...``.

Every route calls a function of :mod:`clauserules.web.services` in the threadpool (the rule
engine is serialised by the library's lock) and answers with the same JSON as the command
line. Errors are ``application/problem+json`` bodies carrying the library's error code.

Exports (``/v1/export/{format}``, DECP and eForms) will come with another issue. The hook is
:data:`EXPORTERS`: a mapping from a format name to a function taking the plan of a
consultation and returning ``(bytes, media type)``. :func:`router` adds the route
``POST /v1/export/{format}`` only when that mapping is not empty, so no route answers
before an exporter exists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from clauserules import InputFileError, InvalidInputError, Plan, __version__
from clauserules.web import _compat, services
from clauserules.web.problems import PROBLEM_JSON

EXPORTERS: dict[str, Callable[[Plan], tuple[bytes, str]]] = {}
"""Export formats of a plan (``decp``, ``eforms``...): the hook for a later issue."""

SCHEMA_REF = "#/components/schemas/{}"


def _body_schema(name: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": SCHEMA_REF.format(name)}}},
        }
    }


def _json_response(name: str | None, description: str) -> dict[int | str, dict[str, Any]]:
    schema: dict[str, Any] = {"$ref": SCHEMA_REF.format(name)} if name else {"type": "object"}
    return {
        200: {"description": description, "content": {"application/json": {"schema": schema}}},
        "4XX": {
            "description": "Erreur de l'appelant (code d'erreur stable de clauserules)",
            "content": {PROBLEM_JSON: {"schema": {"$ref": SCHEMA_REF.format("problem")}}},
        },
    }


ELIGIBILITY_REQUEST: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["at"],
    "properties": {
        "personne": {"$ref": SCHEMA_REF.format("personne")},
        "at": {"type": "string", "format": "date", "description": "date d'évaluation"},
        "referential": {"type": "string", "description": "liste de publics (défaut ave-2014)"},
        "publics_prioritaires": {"type": "array", "items": {"type": "string"}},
        "anru": {"type": "boolean"},
        "structure_iae": {
            "type": "string",
            "enum": ["ai", "etti", "ei", "aci", "eiti"],
            "description": "avec iae-2021 : type de structure qui recrute",
        },
        "complet": {"type": "boolean", "description": "dossier complet : absent vaut non"},
    },
}
HOURS_REQUEST: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["montant_estime_ht", "at"],
    "properties": {
        key: {"type": ["string", "number"]}
        for key in ("montant_estime_ht", "part_main_oeuvre", "cout_horaire")
    }
    | {
        "taux_insertion": {"type": ["string", "number"]},
        "euros_par_heure": {"type": ["string", "number"]},
        "at": {"type": "string", "format": "date"},
        "nature": {"type": "string"},
        "financement_anru": {"type": "string"},
    },
}
PROBLEM: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "code", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string", "description": "code stable (docs/errors.md)"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "location": {"type": "string"},
                    "message": {"type": "string"},
                    "found": {"type": ["string", "null"]},
                },
            },
        },
    },
}


def components() -> dict[str, Any]:
    """The schemas of the OpenAPI document: those of ``clauserules schema``, unchanged but
    for an ``$id`` that keeps their ``#/$defs/...`` references inside each schema."""
    schemas: dict[str, Any] = {}
    for name in services.schema_names():
        schemas[name] = {"$id": f"urn:clauserules:schema:{name}", **services.schema(name)}
    schemas["eligibility_request"] = ELIGIBILITY_REQUEST
    schemas["hours_request"] = HOURS_REQUEST
    schemas["problem"] = PROBLEM
    return schemas


async def json_body(request: Request) -> Any:
    """The JSON body of a request; a body that is not JSON is an ``input-file`` error."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/json", "") and not content_type.endswith("+json"):
        raise InputFileError(f"request body: expected application/json, got {content_type}")
    raw = await request.body()
    try:
        return json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise InputFileError("request body: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(
            f"request body: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None


def _json(payload: Any) -> Response:
    """Compact JSON (the command line indents it; the values are the same)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(text.encode("utf-8"), media_type="application/json")


def _plan_bytes(body: Any) -> bytes:
    """Plan and serialise in the same worker thread (the event loop only sends bytes)."""
    return services.plan_json_bytes(services.plan(body))


def router() -> APIRouter:
    api = APIRouter(prefix="/v1", tags=["API v1"])

    @api.post(
        "/eligibility",
        summary="Éligibilité d'une personne à une clause d'insertion",
        openapi_extra=_body_schema("eligibility_request"),
        responses=_json_response("decision", "La décision d'éligibilité"),
    )
    async def eligibility(request: Request) -> Response:
        body = await json_body(request)
        decision = await run_in_threadpool(services.eligibility, body)
        return _json(services.eligibility_json(decision))

    @api.post(
        "/plan",
        summary="Plan d'une consultation : instruments et heures de chaque lot",
        openapi_extra=_body_schema("consultation"),
        responses=_json_response("plan", "Le plan de la consultation"),
    )
    async def plan(request: Request) -> Response:
        body = await json_body(request)
        content = await run_in_threadpool(_plan_bytes, body)
        return Response(content, media_type="application/json")

    @api.post(
        "/hours",
        summary="Heures d'insertion d'un lot",
        openapi_extra=_body_schema("hours_request"),
        responses=_json_response(None, "Les heures et leur calcul"),
    )
    async def hours(request: Request) -> Response:
        body = await json_body(request)
        return _json(await run_in_threadpool(services.hours, body))

    @api.post(
        "/documents",
        summary="RC, CCAP et registre des décisions (ZIP, ou un document selon Accept)",
        description=(
            "Sans en-tête Accept particulier : une archive ZIP des trois documents Word. "
            "Avec `Accept: application/vnd.openxmlformats-officedocument.wordprocessingml."
            "document` ou `application/pdf` (LibreOffice requis) : le document `document` "
            "(rc, ccap ou decision)."
        ),
        openapi_extra=_body_schema("consultation"),
        responses={
            200: {
                "description": "Les documents",
                "content": {media: {} for media in services.MEDIA_TYPES.values()},
            }
        },
    )
    async def documents(request: Request, document: str | None = None) -> Response:
        accept = request.headers.get("accept", "*/*")
        fmt = next((f for f in ("docx", "pdf", "zip") if services.MEDIA_TYPES[f] in accept), "zip")
        if fmt != "zip" and document not in _compat.DOCUMENTS:
            raise InvalidInputError(
                [
                    _compat.FieldProblem(
                        "document",
                        f"expected one of {', '.join(_compat.DOCUMENTS)} to get one document",
                        repr(document),
                    )
                ],
                subject="query",
            )
        body = await json_body(request)
        generated = await run_in_threadpool(services.documents, body, pdf=fmt == "pdf")
        request.app.state.db.journal_generation(
            origine="api",
            objet=str(body.get("objet", ""))[:500],
            version_regles=generated.rulebase_version,
            version_bibliotheque=generated.version,
            empreinte_entree=generated.input_sha256,
            documents=generated.hashes,
        )
        if fmt == "zip":
            data, name = generated.zip(), "documents.zip"
        else:
            name = f"{document}.{fmt}"
            data = generated.files[name]
        return Response(
            data,
            media_type=services.MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @api.post(
        "/count",
        summary="Décompte des heures d'insertion (fichier joint, multipart)",
        description=(
            "Champ `file` : une archive ZIP des fichiers CSV, un classeur XLSX ou un fichier "
            "YAML/JSON ; champ facultatif `cle` : heures_dues, montant ou parts_egales ; champ "
            "facultatif `at` (AAAA-MM-JJ) : date du décompte, heures dues à cette date."
        ),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "cle": {"type": "string"},
                                "at": {"type": "string", "format": "date"},
                            },
                        }
                    }
                },
            }
        },
        responses=_json_response("ledger", "Le décompte"),
    )
    async def count(request: Request) -> Response:
        from clauserules.web.uploads import read_upload

        filename, data, fields = await read_upload(request, "file")
        cle = fields.get("cle") or "heures_dues"
        at = fields.get("at") or None
        ledger = await run_in_threadpool(lambda: services.count(filename, data, cle=cle, at=at))
        return _json(services.ledger_json(ledger))

    @api.get(
        "/schema/{name}",
        summary="Schéma JSON d'une entrée ou d'une sortie (comme `clauserules schema`)",
    )
    async def schema(name: str) -> Response:
        if name not in services.schema_names():
            from fastapi import HTTPException

            raise HTTPException(404, f"unknown schema {name!r}")
        return _json(services.schema(name))

    @api.get("/rules", summary="Les règles de la base (comme `clauserules rules --format json`)")
    async def rules(at: str | None = None, topic: str | None = None) -> Response:
        return _json(await run_in_threadpool(services.rules, at, topic))

    if EXPORTERS:

        @api.post("/export/{fmt}", summary="Export du plan d'une consultation")
        async def export(fmt: str, request: Request) -> Response:
            from fastapi import HTTPException

            if fmt not in EXPORTERS:
                raise HTTPException(404, f"unknown export format {fmt!r}")
            body = await json_body(request)
            result = await run_in_threadpool(services.plan, body)
            data, media = EXPORTERS[fmt](result)
            return Response(data, media_type=media)

    return api


def health() -> JSONResponse:
    return JSONResponse(
        {"status": "ok", "version": __version__, "rules": services.rulebase_version()}
    )
