"""The ASGI application: pages, JSON API, static files, limits and error handling."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clauserules import ClauseRulesError, __version__
from clauserules.web import api, pages, rendering
from clauserules.web.db import Database, default_path
from clauserules.web.problems import PROBLEM_JSON, problem, problem_of, status_of

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
log = logging.getLogger("clauserules.web")


class BodyTooLarge(Exception):
    """The request body is over the limit."""


class LimitBody:
    """Refuse a request whose body is over ``limit`` bytes with 413, before reading it
    whole when ``Content-Length`` tells, and while reading it otherwise."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        mib = self.limit / 2**20
        if scope["path"].startswith("/v1/"):
            response: Response = JSONResponse(
                problem(
                    413,
                    "input-file",
                    "Request body too large",
                    f"the request body exceeds the limit of {mib:g} MiB",
                ),
                status_code=413,
                media_type=PROBLEM_JSON,
            )
        else:
            response = rendering.error_page(
                scope,
                413,
                "Fichier trop volumineux",
                f"Le fichier envoyé dépasse la taille maximale acceptée ({mib:g} Mio). "
                "Découper le fichier ou augmenter la limite au lancement du serveur.",
            )
        await response(scope, receive, send)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/v1/") or request.url.path in ("/health",)


def create_app(
    database: str | Path | None = None,
    *,
    examples: str | Path | None = None,
    max_upload: int = MAX_UPLOAD_BYTES,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The web application, saving its work in ``database`` (default: the user's data
    directory); ``examples`` is a directory of examples offered on the pages."""
    app = FastAPI(
        title="clauserules",
        version=__version__,
        description=(
            "Clauses sociales d'insertion de la commande publique : éligibilité des "
            "personnes, plan d'une consultation, documents, décompte des heures. Les "
            "réponses sont celles de la ligne de commande `clauserules`."
        ),
        docs_url=None,  # no CDN: Swagger UI would load scripts from the network
        redoc_url=None,
    )
    app.state.db = Database(database or default_path())
    app.state.examples = Path(examples) if examples else None
    app.state.max_upload = max_upload
    app.state.secret = secrets.token_urlsafe(32)
    app.include_router(api.router())
    app.include_router(pages.router())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_api_route("/health", api.health, methods=["GET"], summary="État du service")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(api.components())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(ClauseRulesError)
    async def library_error(request: Request, exc: ClauseRulesError) -> Response:
        if _is_api(request):
            return JSONResponse(
                problem_of(exc), status_code=status_of(exc), media_type=PROBLEM_JSON
            )
        return rendering.library_error_page(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
            return JSONResponse(
                problem(exc.status_code, code, str(exc.detail), str(exc.detail)),
                status_code=exc.status_code,
                media_type=PROBLEM_JSON,
            )
        return rendering.http_error_page(request, exc)

    @app.exception_handler(RequestValidationError)
    async def request_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"location": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "found": None}
            for e in exc.errors()
        ]
        body = problem(422, "invalid-input", "Invalid request", "invalid request", errors)
        return JSONResponse(body, status_code=422, media_type=PROBLEM_JSON)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        if _is_api(request):
            body = problem(
                500,
                "internal-error",
                "Internal error",
                f"{type(exc).__name__}: an unexpected failure; please report it",
            )
            return JSONResponse(body, status_code=500, media_type=PROBLEM_JSON)
        return rendering.error_page(
            request.scope,
            500,
            "Erreur interne",
            "Une erreur inattendue s'est produite ; rien n'a été enregistré. Merci de la signaler.",
        )

    hosts = list(allowed_hosts) if allowed_hosts is not None else list(LOCAL_HOSTS)
    if "*" not in hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(LimitBody, limit=max_upload)
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    database: str | Path | None = None,
    examples: str | Path | None = None,
    max_upload_mib: int = 20,
) -> int:
    """Run the application under uvicorn (``clauserules serve``)."""
    import uvicorn

    hosts = [*LOCAL_HOSTS, host] if host not in ("0.0.0.0", "::") else ["*"]
    app = create_app(
        database, examples=examples, max_upload=max_upload_mib * 2**20, allowed_hosts=hosts
    )
    print(f"clauserules {__version__} : http://{host}:{port}/ (Ctrl+C pour arrêter)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
