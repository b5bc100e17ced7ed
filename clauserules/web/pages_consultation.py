"""The consultation page: a form built from the consultation model, its plan, saving,
export, import and document generation."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from clauserules import (
    ClauseRulesError,
    Consultation,
)
from clauserules.web import _compat, labels, services
from clauserules.web.examples import example_consultations
from clauserules.web.forms import FormErrors, Values, Widget, collect, describe, flatten
from clauserules.web.problems import french_file_error, status_of
from clauserules.web.rendering import download, form_errors, read_form, render, rule_titles

__all__ = ["add_routes", "consultation_document", "consultation_values", "consultation_widgets"]

# --- consultation -----------------------------------------------------------------------------

LOT_KEY = re.compile(r"lots\.(\d+)\.")


def consultation_widgets(lot_count: int) -> tuple[list[Widget], list[list[Widget]], list[Widget]]:
    from clauserules.web._compat import Lot

    top = describe(Consultation, skip=("lots", "documents"))
    lot_widgets = describe(Lot)
    lots = [[w.at(f"lots.{i}") for w in lot_widgets] for i in range(lot_count)]
    options = [
        Widget(
            name="documents.reference",
            label="Référence de la consultation",
            kind="text",
            field="reference",
        ),
        Widget(
            name="documents.penalite_par_heure",
            label="Pénalité par heure d'insertion manquante (€)",
            kind="decimal",
            field="penalite_par_heure",
        ),
        Widget(
            name="documents.globalisation",
            label="Globalisation des heures entre marchés",
            kind="select",
            choices=tuple(labels.GLOBALISATION.items()),
            field="globalisation",
            default="ave-2014",
        ),
        Widget(
            name="documents.ccag",
            label="CCAG de référence",
            kind="select",
            choices=tuple(_compat.CCAG_LABELS.items()),
            field="ccag",
        ),
    ]
    return top, lots, options


def _lot_count(values: Values) -> int:
    indices = [int(m.group(1)) for key in values if (m := LOT_KEY.match(key))]
    return max(indices) + 1 if indices else 1


def _remove_lot(values: Values, index: int) -> Values:
    result: Values = {}
    for key, value in values.items():
        match = LOT_KEY.match(key)
        if not match:
            result[key] = value
            continue
        number = int(match.group(1))
        if number == index:
            continue
        if number > index:
            key = f"lots.{number - 1}." + key[match.end() :]
        result[key] = value
    return result


def consultation_document(values: Values, lot_count: int) -> dict[str, Any]:
    top, lots, options = consultation_widgets(lot_count)
    document = collect(top, values)
    document["lots"] = [collect(lot, values) for lot in lots]
    drafting = {
        w.field: v for w in options if (v := collect([w], values).get(w.field)) not in (None, "")
    }
    if drafting and drafting != {"globalisation": "ave-2014"}:
        document["documents"] = drafting
    return document


def consultation_values(document: Any) -> Values:
    lots = document.get("lots", []) if isinstance(document, dict) else []
    top, lot_widgets, options = consultation_widgets(max(len(lots), 1))
    values = flatten(top, document)
    for widgets, lot in zip(lot_widgets, lots, strict=False):
        values.update(flatten(widgets, lot))
    drafting = document.get("documents") if isinstance(document, dict) else None
    if isinstance(drafting, dict):
        for w in options:
            if drafting.get(w.field) is not None:
                values[w.name] = str(drafting[w.field])
    return values


@dataclass
class PlanView:
    """What the plan template shows, with the wording of the codes."""

    plan: dict[str, Any]
    rules: list[tuple[str, str]] = field(default_factory=list)


def _consultation_page(
    request: Request,
    values: Values,
    *,
    plan: Any = None,
    errors: FormErrors | None = None,
    message: str = "",
    status: int = 200,
) -> HTMLResponse:
    count = _lot_count(values)
    top, lots, options = consultation_widgets(count)
    context = {
        "title": "Consultation",
        "section": "consultation",
        "top": top,
        "lots": lots,
        "options": options,
        "values": values,
        "errors": errors or FormErrors(),
        "plan": plan,
        "plan_rules": rule_titles(plan["rules"]) if plan else [],
        "message": message,
        "pdf": services.pdf_available(),
        "examples": list(example_consultations(request)),
        "labels": labels,
        "compat": _compat,
        "consultation_id": values.get("consultation_id", ""),
    }
    return render(request, "consultation.html", context, status)


def add_routes(pages: APIRouter) -> None:
    """Add the consultation routes to ``pages``."""

    @pages.get("/consultation", response_class=HTMLResponse)
    async def consultation_form(
        request: Request, exemple: str | None = None, id: int | None = None
    ) -> Response:
        if id is not None:
            found = request.app.state.db.consultation(id)
            if found is None:
                raise HTTPException(404)
            saved, document = found
            values = consultation_values(document)
            values["consultation_id"] = str(saved.id)
            return await _planned(request, values, document)
        path = example_consultations(request).get(exemple or "")
        if path is not None:
            document = services.parse_document(path.read_text(encoding="utf-8"), path.name)
            return await _planned(request, consultation_values(document), document)
        return _consultation_page(request, {})

    async def _planned(
        request: Request, values: Values, document: Any, message: str = ""
    ) -> HTMLResponse:
        try:
            plan = await run_in_threadpool(services.plan, document)
        except ClauseRulesError as exc:
            top, lots, options = consultation_widgets(_lot_count(values))
            errors = form_errors(exc, [*top, *(w for lot in lots for w in lot), *options])
            return _consultation_page(request, values, errors=errors, status=422)
        return _consultation_page(request, values, plan=services.plan_json(plan), message=message)

    @pages.post("/consultation", response_class=HTMLResponse)
    async def consultation_post(request: Request) -> Response:
        values, _ = await read_form(request)
        action = str(values.pop("action", "planifier"))
        if action == "ajouter_lot":
            count = _lot_count(values)
            values[f"lots.{count}.id"] = str(count + 1)
            return _consultation_page(request, values)
        if action.startswith("retirer_lot:"):
            index = action.split(":", 1)[1]
            if index.isdigit() and _lot_count(values) > 1:
                values = _remove_lot(values, int(index))
            return _consultation_page(request, values)
        document = consultation_document(values, _lot_count(values))
        try:
            plan = await run_in_threadpool(services.plan, document)
        except ClauseRulesError as exc:
            top, lots, options = consultation_widgets(_lot_count(values))
            errors = form_errors(exc, [*top, *(w for lot in lots for w in lot), *options])
            return _consultation_page(request, values, errors=errors, status=422)
        plan_data = services.plan_json(plan)
        saved_id = str(values.get("consultation_id", ""))
        if action == "enregistrer":
            number = request.app.state.db.save_consultation(
                plan.objet, document, int(saved_id) if saved_id.isdigit() else None
            )
            values["consultation_id"] = str(number)
            return _consultation_page(
                request, values, plan=plan_data, message="Consultation enregistrée."
            )
        if action in ("exporter:yaml", "exporter:json"):
            if action.endswith("json"):
                text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
                return download(text.encode("utf-8"), "consultation.json", "application/json")
            text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
            return download(text.encode("utf-8"), "consultation.yaml", "application/yaml")
        if action.startswith("generer:"):
            wanted = action.split(":", 1)[1]
            allowed = {f"{d}.docx" for d in _compat.DOCUMENTS} | {"documents.zip"}
            allowed |= {f"{d}.pdf" for d in _compat.DOCUMENTS}
            if wanted not in allowed:
                raise HTTPException(400, "Document inconnu.")
            pdf = wanted.endswith(".pdf")
            try:
                generated = await run_in_threadpool(lambda: services.documents(document, pdf=pdf))
            except ClauseRulesError as exc:
                top, lots, options = consultation_widgets(_lot_count(values))
                errors = form_errors(exc, [*top, *(w for lot in lots for w in lot), *options])
                return _consultation_page(
                    request, values, plan=plan_data, errors=errors, status=status_of(exc)
                )
            request.app.state.db.journal_generation(
                origine="page",
                objet=plan.objet[:500],
                version_regles=generated.rulebase_version,
                version_bibliotheque=generated.version,
                empreinte_entree=generated.input_sha256,
                documents=generated.hashes,
                consultation_id=int(saved_id) if saved_id.isdigit() else None,
            )
            if wanted == "documents.zip":
                return download(generated.zip(), wanted, services.MEDIA_TYPES["zip"])
            return download(
                generated.files[wanted], wanted, services.MEDIA_TYPES[wanted.rsplit(".", 1)[1]]
            )
        return _consultation_page(request, values, plan=plan_data)

    @pages.post("/consultation/import", response_class=HTMLResponse)
    async def consultation_import(request: Request) -> Response:
        _, files = await read_form(request)
        upload = files.get("fichier")
        if upload is None or not upload.filename:
            errors = FormErrors(general=["Choisir un fichier YAML ou JSON à importer."])
            return _consultation_page(request, {}, errors=errors, status=400)
        data = await upload.read()
        try:
            text = data.decode("utf-8")
            document = services.parse_document(text, upload.filename)
        except UnicodeDecodeError:
            errors = FormErrors(general=["Le fichier n'est pas encodé en UTF-8."])
            return _consultation_page(request, {}, errors=errors, status=400)
        except ClauseRulesError as exc:
            errors = FormErrors(general=[french_file_error(exc)])
            return _consultation_page(request, {}, errors=errors, status=400)
        if not isinstance(document, dict):
            errors = FormErrors(general=["Le fichier ne décrit pas une consultation."])
            return _consultation_page(request, {}, errors=errors, status=422)
        return await _planned(request, consultation_values(document), document)
