"""Server-rendered French pages (Jinja2, autoescaped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.types import Scope

from .. import ClauseRulesError, __version__

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.autoescape = True
templates.env.globals["version"] = __version__


def error_page(scope: Scope, status: int, title: str, message: str) -> Response:
    html = templates.get_template("erreur.html").render(
        title=title, message=message, status=status, request=None
    )
    return HTMLResponse(html, status_code=status)


def http_error_page(request: Request, exc: HTTPException) -> Response:
    titles = {404: "Page introuvable", 405: "Méthode non permise", 403: "Formulaire expiré"}
    title = titles.get(exc.status_code, "Requête refusée")
    message = str(exc.detail) if exc.status_code == 403 else title + "."
    return error_page(request.scope, exc.status_code, title, message)


def library_error_page(request: Request, exc: ClauseRulesError) -> Response:
    from .problems import french_file_error, status_of

    return error_page(request.scope, status_of(exc), "Données refusées", french_file_error(exc))


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Any:
        return templates.TemplateResponse(request, "accueil.html", {})

    return pages
