"""The hours ledger page: an uploaded ledger counted in a background job with its progress,
the saved result and its XLSX export."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from clauserules import (
    ClauseRulesError,
    InvalidInputError,
    Ledger,
)
from clauserules.web import _compat, charts, labels, services
from clauserules.web.examples import examples_dir, has_parcours
from clauserules.web.forms import FormErrors
from clauserules.web.problems import french, status_of
from clauserules.web.rendering import download, form_errors, read_form, render

__all__ = ["add_routes"]

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


def add_routes(pages: APIRouter) -> None:
    """Add the hours ledger routes to ``pages``."""

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
                "parcours": has_parcours(request),
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
        directory = examples_dir(request)
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
        return download(data, f"decompte-{ledger_id}.xlsx", services.MEDIA_TYPES["xlsx"])
