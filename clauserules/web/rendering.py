"""What every page shares: the Jinja2 templates and their French filters, CSRF, form reading,
error pages, errors next to the fields, downloads."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import Scope

from clauserules import (
    ClauseRulesError,
    InputFileError,
    InvalidInputError,
    __version__,
    rulebase,
)
from clauserules.web._compat import date_courte, nombre, pluriel
from clauserules.web.forms import FormErrors, Values, Widget, names
from clauserules.web.problems import french, french_file_error, status_of

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "download",
    "error_page",
    "form_errors",
    "http_error_page",
    "label_path",
    "library_error_page",
    "read_form",
    "render",
    "rule_titles",
    "templates",
]

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.autoescape = True
templates.env.globals["version"] = __version__
CSRF_COOKIE = "clauserules_csrf"
CSRF_FIELD = "csrf"


# The pages group digits with a narrow no-break space (U+202F, as CLDR does for French): a
# figure never breaks across lines in a browser; the forms read it back (forms._number).
_GROUPS = "\u202f"


def _fr_number(value: Any) -> str:
    """``1 200``, ``1 234,50`` (ADR 0040: two decimals, dropped when nil)."""
    return nombre(str(value), 2, zeros=False, espace=_GROUPS)


def _fr_date(value: Any) -> str:
    """An ISO date (``2026-08-01``, or the start of a timestamp) as ``01/08/2026``."""
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date_courte(date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _pluriel(quantite: int, singulier: str) -> str:
    """``1 marché``, ``3 marchés`` (the figure grouped as :func:`_fr_number` does)."""
    return pluriel(quantite, singulier, espace=_GROUPS)


def _pct(value: Any) -> str:
    """A fraction as a percentage, ``0.05`` -> ``5 %``."""
    return _fr_number(Decimal(str(value)) * 100) + " %"


templates.env.filters["nombre"] = _fr_number
templates.env.filters["date_fr"] = _fr_date
templates.env.filters["pct"] = _pct
templates.env.filters["pluriel"] = _pluriel


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
            errors.labels[target] = label_path(target, known)
    return errors


def label_path(name: str, known: dict[str, Widget]) -> str:
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


def download(data: bytes, name: str, media: str) -> Response:
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def rule_titles(ids: Sequence[str]) -> list[tuple[str, str]]:
    titles: dict[str, str] = {}
    for rule in rulebase().rules:
        titles.setdefault(rule.id, rule.title)
    return [(i, titles.get(i, i)) for i in ids]
