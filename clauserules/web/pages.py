"""Server-rendered French pages (Jinja2, autoescaped).

The pages read a form, call a function of :mod:`clauserules.web.services` in the
threadpool and show what the library decided; templates only lay out. Every form carries a
CSRF token (double submit: a cookie and a hidden field that must match). A request that
fails saves nothing.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import Scope

from clauserules import (
    ClauseRulesError,
    Consultation,
    Critere,
    InputFileError,
    InvalidInputError,
    Ledger,
    Personne,
    Referentiel,
    __version__,
    rulebase,
)
from clauserules.web import _compat, charts, labels, services
from clauserules.web.forms import FormErrors, Values, Widget, collect, describe, flatten, names
from clauserules.web.problems import french, french_file_error, status_of

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.autoescape = True
templates.env.globals["version"] = __version__
CSRF_COOKIE = "clauserules_csrf"
CSRF_FIELD = "csrf"


def _fr_number(value: Any) -> str:
    number = Decimal(str(value))
    text = f"{number:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def _fr_date(value: Any) -> str:
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _pct(value: Any) -> str:
    return _fr_number(Decimal(str(value)) * 100) + " %"


templates.env.filters["nombre"] = _fr_number
templates.env.filters["date_fr"] = _fr_date
templates.env.filters["pct"] = _pct


# --- rendering, CSRF, errors ----------------------------------------------------------------


def _token(request: Request) -> str:
    token = request.cookies.get(CSRF_COOKIE)
    if not token or not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", token):
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    token = _token(request)
    context.setdefault("errors", FormErrors())
    context.setdefault("section", "")
    response = templates.TemplateResponse(
        request, name, {"csrf": token, **context}, status_code=status
    )
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def error_page(scope: Scope, status: int, title: str, message: str) -> Response:
    html = templates.get_template("erreur.html").render(
        title=title, message=message, status=status, section="", back=None
    )
    return HTMLResponse(html, status_code=status)


def http_error_page(request: Request, exc: HTTPException) -> Response:
    titles = {404: "Page introuvable", 405: "Méthode non permise", 403: "Formulaire expiré"}
    title = titles.get(exc.status_code, "Requête refusée")
    message = str(exc.detail) if exc.status_code == 403 else title + "."
    return error_page(request.scope, exc.status_code, title, message)


def library_error_page(request: Request, exc: ClauseRulesError) -> Response:
    return error_page(request.scope, status_of(exc), "Données refusées", french_file_error(exc))


async def read_form(request: Request) -> tuple[Values, dict[str, UploadFile]]:
    """The posted values (lists for repeated names) and files; the CSRF token checked."""
    try:
        form = await request.form(max_files=4, max_fields=5000)
    except Exception as exc:  # a malformed multipart body
        raise HTTPException(400, "Le formulaire envoyé est illisible.") from exc
    cookie = request.cookies.get(CSRF_COOKIE, "")
    posted = form.get(CSRF_FIELD)
    if not cookie or not isinstance(posted, str) or not secrets.compare_digest(cookie, posted):
        raise HTTPException(
            403,
            "Le formulaire a expiré ou ne vient pas de cette application : recharger la page "
            "et recommencer.",
        )
    values: Values = {}
    files: dict[str, UploadFile] = {}
    for key in form:
        items = form.getlist(key)
        texts = [i for i in items if isinstance(i, str)]
        for item in items:
            if isinstance(item, UploadFile):
                files[key] = item
        if texts:
            values[key] = texts if len(texts) > 1 else texts[0]
    return values, files


def form_errors(
    exc: ClauseRulesError, widgets: Sequence[Widget], prefixes: Sequence[str] = ("",)
) -> FormErrors:
    """French messages next to the fields an error concerns."""
    known = names(widgets)
    errors = FormErrors()
    if not isinstance(exc, InvalidInputError):
        if isinstance(exc, InputFileError):
            errors.general.append(french_file_error(exc))
        else:
            errors.general.append(_general_message(exc))
        return errors
    for problem in exc.problems:
        message = french(problem.message)
        target = None
        for prefix in prefixes:
            parts = f"{prefix}{problem.location}".split(".")
            while parts:
                candidate = ".".join(parts)
                if candidate in known:
                    target = candidate
                    break
                parts.pop()
            if target:
                break
        if target is None:
            errors.general.append(message)
        elif target not in errors.fields:
            errors.fields[target] = message
            errors.labels[target] = _label_path(target, known)
    return errors


def _label_path(name: str, known: dict[str, Widget]) -> str:
    parts = name.split(".")
    shown = []
    for end in range(1, len(parts) + 1):
        key = ".".join(parts[:end])
        if key in known:
            shown.append(known[key].label)
        elif parts[end - 1].isdigit() and end >= 2 and parts[end - 2] == "lots":
            shown.append(f"Lot n° {int(parts[end - 1]) + 1}")
    return " › ".join(shown)


def _general_message(exc: ClauseRulesError) -> str:
    code = exc.code
    if code == "unknown-variant":
        return "Une valeur choisie n'est pas connue de la base de règles."
    if code == "no-rules-in-force":
        return "Aucune règle n'est en vigueur à cette date pour ce choix : changer la date ou la liste."
    if code.startswith("template"):
        return "Le modèle de document ne peut pas être utilisé."
    if code == "pdf-conversion":
        return "La conversion en PDF a échoué ou LibreOffice n'est pas installé."
    return "La demande ne peut pas être traitée avec ces données."


# --- eligibility ------------------------------------------------------------------------------


def eligibility_widgets() -> list[Widget]:
    person = Widget(
        name="personne",
        label="Personne",
        kind="group",
        children=tuple(describe(Personne, "personne")),
        field="personne",
    )
    return [
        person,
        Widget(
            name="at",
            label="Date d'évaluation (embauche ou proposition)",
            kind="date",
            required=True,
            field="at",
        ),
        Widget(
            name="referential",
            label="Liste des publics éligibles",
            kind="select",
            choices=tuple((r.value, labels.choice(Referentiel, r)) for r in Referentiel),
            field="referential",
            default=Referentiel("ave-2014").value,
        ),
        Widget(
            name="publics_prioritaires",
            label="Publics prioritaires de l'acheteur",
            kind="multi",
            choices=tuple((c.value, labels.choice(Critere, c)) for c in Critere),
            field="publics_prioritaires",
        ),
        Widget(name="anru", label="Opération financée par l'ANRU", kind="checkbox", field="anru"),
    ]


def _person_groups(widgets: list[Widget]) -> list[tuple[str, list[Widget]]]:
    children = {w.field: w for w in widgets[0].children}
    groups: list[tuple[str, list[Widget]]] = []
    placed: set[str] = set()
    for title, fields in labels.GROUPS_PERSONNE:
        found = [children[f] for f in fields if f in children]
        placed.update(fields)
        if found:
            groups.append((title, found))
    rest = [w for f, w in children.items() if f not in placed]
    if rest:
        groups.append(("Autres informations", rest))
    return groups


def _rule_titles(ids: Sequence[str]) -> list[tuple[str, str]]:
    titles: dict[str, str] = {}
    for rule in rulebase().rules:
        titles.setdefault(rule.id, rule.title)
    return [(i, titles.get(i, i)) for i in ids]


def _examples_dir(request: Request) -> Path | None:
    examples: Path | None = request.app.state.examples
    return examples if examples and examples.is_dir() else None


def _has_parcours(request: Request) -> bool:
    directory = _examples_dir(request)
    return directory is not None and (directory / "parcours").is_dir()


def _example_persons(request: Request) -> dict[str, Any]:
    directory = _examples_dir(request)
    path = directory / "personnes.yaml" if directory else None
    if path is None or not path.is_file():
        return {}
    document = services.parse_document(path.read_text(encoding="utf-8"), path.name)
    persons = document.get("personnes", []) if isinstance(document, dict) else []
    return {str(p.get("id")): p for p in persons if isinstance(p, dict) and p.get("id")}


def _example_consultations(request: Request) -> dict[str, Path]:
    directory = _examples_dir(request)
    if directory is None:
        return {}
    return {
        p.name: p
        for p in sorted(directory.glob("*.yaml"))
        if p.name not in ("personnes.yaml", "politique.yaml")
    }


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
        "plan_rules": _rule_titles(plan["rules"]) if plan else [],
        "message": message,
        "pdf": services.pdf_available(),
        "examples": list(_example_consultations(request)),
        "labels": labels,
        "compat": _compat,
        "consultation_id": values.get("consultation_id", ""),
    }
    return render(request, "consultation.html", context, status)


def _download(data: bytes, name: str, media: str) -> Response:
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


# --- hours ledger jobs ------------------------------------------------------------------------


@dataclass
class Job:
    """A count running in a thread, for the progress page."""

    filename: str
    done: int = 0
    total: int = 0
    ledger_id: int | None = None
    error: str | None = None
    status: int = 200
    finished: threading.Event = field(default_factory=threading.Event)


JOBS: dict[str, Job] = {}
JOBS_LOCK = threading.Lock()
MAX_JOBS = 50


def _start_job(
    request: Request, filename: str, work: Callable[[Callable[[int, int], None]], Any]
) -> str:
    job_id = uuid.uuid4().hex
    job = Job(filename=filename)
    db = request.app.state.db

    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    def run() -> None:
        try:
            ledger, months = work(progress)
            payload = {
                "ledger": services.ledger_json(ledger),
                "mois": {k: str(v) for k, v in months.items()},
            }
            job.ledger_id = db.save_ledger(filename, filename, payload)
        except ClauseRulesError as exc:
            job.status = status_of(exc)
            errors = form_errors(exc, [])
            job.error = (
                " ".join(errors.general)
                if not isinstance(exc, InvalidInputError)
                else (_rows_message(exc))
            )
        except Exception:  # never a traceback on a page
            job.status = 500
            job.error = "Une erreur inattendue s'est produite ; rien n'a été enregistré."
        finally:
            job.finished.set()

    with JOBS_LOCK:
        if len(JOBS) >= MAX_JOBS:
            for key in [k for k, j in JOBS.items() if j.finished.is_set()][: MAX_JOBS // 2]:
                del JOBS[key]
        JOBS[job_id] = job
    threading.Thread(target=run, name=f"count-{job_id[:8]}", daemon=True).start()
    return job_id


def _rows_message(exc: InvalidInputError) -> str:
    shown = exc.problems[:20]
    lines = [f"{p.location} : {french(p.message)}" for p in shown]
    more = len(exc.problems) - len(shown)
    if more > 0:
        lines.append(f"… et {more} autre(s) erreur(s)")
    return "Le fichier contient des lignes invalides. " + " ; ".join(lines)


def _ledger_context(saved: Any, fichier: str, payload: dict[str, Any]) -> dict[str, Any]:
    ledger = Ledger.model_validate(payload["ledger"])
    months = {k: Decimal(v) for k, v in payload.get("mois", {}).items()}
    markets = list(ledger.marches)
    chart_markets = charts.bars(
        "Heures dues et heures comptées par marché",
        [m.id for m in markets],
        [
            ("Heures dues (après proratisation)", [m.heures_dues_retenues for m in markets]),
            ("Heures comptées", [m.heures_comptees for m in markets]),
        ],
    )
    chart_months = charts.bars(
        "Heures déclarées par mois (travail et formation)",
        list(months),
        [("Heures déclarées", list(months.values()))],
    )
    totals = {
        "dues": sum((m.heures_dues_retenues for m in markets), Decimal(0)),
        "comptees": sum((m.heures_comptees for m in markets), Decimal(0)),
        "ecart": sum((m.ecart for m in markets), Decimal(0)),
        "penalites": sum((m.penalite for m in markets if m.penalite is not None), Decimal(0)),
    }
    motifs = {m.value: m.label for m in _compat.MotifExclusion}
    return {
        "saved": saved,
        "fichier": fichier,
        "ledger": ledger,
        "months": months,
        "chart_markets": chart_markets,
        "chart_months": chart_months,
        "totals": totals,
        "motifs": motifs,
        "cles": labels.CLES,
        "globalisation": labels.GLOBALISATION,
    }


# --- routes -----------------------------------------------------------------------------------


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        return render(
            request,
            "accueil.html",
            {
                "title": "Accueil",
                "examples": list(_example_consultations(request)),
                "persons": list(_example_persons(request)),
                "parcours": _has_parcours(request),
            },
        )

    # --- eligibility ---

    def eligibility_page(
        request: Request, values: Values, status: int = 200, **context: Any
    ) -> HTMLResponse:
        widgets = eligibility_widgets()
        return render(
            request,
            "eligibilite.html",
            {
                "title": "Éligibilité d'une personne",
                "section": "eligibilite",
                "widgets": widgets,
                "groups": _person_groups(widgets),
                "values": values,
                "persons": list(_example_persons(request)),
                "labels": labels,
                **context,
            },
            status,
        )

    @pages.get("/eligibilite", response_class=HTMLResponse)
    async def eligibility_form(request: Request, exemple: str | None = None) -> Response:
        values: Values = {}
        person = _example_persons(request).get(exemple or "")
        if person is not None:
            values = flatten(eligibility_widgets(), {"personne": person})
            values["at"] = "2026-11-22"
        return eligibility_page(request, values)

    @pages.post("/eligibilite", response_class=HTMLResponse)
    async def eligibility_post(request: Request) -> Response:
        values, _ = await read_form(request)
        widgets = eligibility_widgets()
        body = collect(widgets, values)
        body.setdefault("personne", {})
        try:
            decision = await run_in_threadpool(services.eligibility, body)
        except ClauseRulesError as exc:
            errors = form_errors(exc, widgets, ("", "personne."))
            return eligibility_page(request, values, errors=errors, status=422)
        result = services.eligibility_json(decision)
        return eligibility_page(
            request,
            values,
            decision=result,
            criteria=[(c, labels.choice(Critere, Critere(c))) for c in result["criteria"]],
            referential=labels.choice(Referentiel, Referentiel(result["referential"])),
            missing=[
                _label_path(f"personne.{m}", names(widgets)) or labels.humanise(m)
                for m in result["missing"]
            ],
            rules=_rule_titles(result["rules"]),
            outcome=labels.OUTCOMES.get(result["outcome"], result["outcome"]),
        )

    # --- consultation ---

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
        path = _example_consultations(request).get(exemple or "")
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
                return _download(text.encode("utf-8"), "consultation.json", "application/json")
            text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
            return _download(text.encode("utf-8"), "consultation.yaml", "application/yaml")
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
                return _download(generated.zip(), wanted, services.MEDIA_TYPES["zip"])
            return _download(
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

    # --- hours ledger ---

    def hours_page(request: Request, **context: Any) -> HTMLResponse:
        status = context.pop("status", 200)
        return render(
            request,
            "heures.html",
            {
                "title": "Décompte des heures",
                "section": "heures",
                "cles": labels.CLES,
                "max_mib": request.app.state.max_upload // 2**20,
                "parcours": _has_parcours(request),
                **context,
            },
            status,
        )

    @pages.get("/heures", response_class=HTMLResponse)
    async def hours_form(request: Request) -> Response:
        return hours_page(request)

    async def _wait(job_id: str) -> Response:
        job = JOBS[job_id]
        await asyncio.get_running_loop().run_in_executor(None, job.finished.wait, 2.0)
        return RedirectResponse(f"/heures/travail/{job_id}", status_code=303)

    @pages.post("/heures", response_class=HTMLResponse)
    async def hours_post(request: Request) -> Response:
        values, files = await read_form(request)
        upload = files.get("fichier")
        cle = str(values.get("cle", "heures_dues"))
        if upload is None or not upload.filename:
            errors = FormErrors(
                fields={"fichier": "Choisir un fichier à envoyer."}, labels={"fichier": "Fichier"}
            )
            return hours_page(request, errors=errors, status=400)
        data = await upload.read()
        filename = upload.filename
        job_id = _start_job(
            request,
            filename,
            lambda progress: services.count_upload(filename, data, cle=cle, progress=progress),
        )
        return await _wait(job_id)

    @pages.post("/heures/exemple", response_class=HTMLResponse)
    async def hours_example(request: Request) -> Response:
        await read_form(request)
        directory = _examples_dir(request)
        if directory is None or not (directory / "parcours").is_dir():
            raise HTTPException(404)
        job_id = _start_job(
            request,
            "parcours (exemple)",
            lambda progress: services.count_path(directory / "parcours", progress=progress),
        )
        return await _wait(job_id)

    @pages.get("/heures/travail/{job_id}", response_class=HTMLResponse)
    async def hours_job(request: Request, job_id: str) -> Response:
        job = JOBS.get(job_id)
        if job is None:
            raise HTTPException(404)
        if job.finished.is_set():
            if job.ledger_id is not None:
                return RedirectResponse(f"/heures/{job.ledger_id}", status_code=303)
            errors = FormErrors(general=[job.error or "Le fichier ne peut pas être lu."])
            return hours_page(request, errors=errors, status=job.status)
        percent = 100 * job.done // job.total if job.total else None
        return render(
            request,
            "progression.html",
            {
                "title": "Comptage en cours",
                "section": "heures",
                "job": job,
                "percent": percent,
                "job_id": job_id,
            },
        )

    @pages.get("/heures/{ledger_id}", response_class=HTMLResponse)
    async def hours_saved(request: Request, ledger_id: int) -> Response:
        found = request.app.state.db.ledger(ledger_id)
        if found is None:
            raise HTTPException(404)
        saved, fichier, payload = found
        context = await run_in_threadpool(_ledger_context, saved, fichier, payload)
        return render(
            request,
            "decompte.html",
            {"title": "Décompte des heures", "section": "heures", **context},
        )

    @pages.get("/heures/{ledger_id}/decompte.xlsx")
    async def hours_xlsx(request: Request, ledger_id: int) -> Response:
        found = request.app.state.db.ledger(ledger_id)
        if found is None:
            raise HTTPException(404)
        ledger = Ledger.model_validate(found[2]["ledger"])
        data = await run_in_threadpool(services.ledger_xlsx, ledger)
        return _download(data, f"decompte-{ledger_id}.xlsx", services.MEDIA_TYPES["xlsx"])

    # --- saved work ---

    @pages.get("/travaux", response_class=HTMLResponse)
    async def saved_work(request: Request) -> Response:
        db = request.app.state.db
        return render(
            request,
            "travaux.html",
            {
                "title": "Travaux enregistrés",
                "section": "travaux",
                "consultations": db.consultations(),
                "ledgers": db.ledgers(),
                "journal": db.journal(),
                "schema_version": db.version,
            },
        )

    return pages
