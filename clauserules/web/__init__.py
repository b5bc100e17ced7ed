"""``clauserules serve``: a local web application and a versioned JSON API.

Installed with the ``web`` extra (``pip install 'clauserules[web]'``). The pages and the
API call the same services as the command line (:mod:`clauserules.web.services`); nothing
is decided in a template or in JavaScript.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def create_app(database: str | Path | None = None, **options: object) -> FastAPI:
    """The ASGI application (see :func:`clauserules.web.app.create_app`)."""
    from clauserules.web.app import create_app as _create

    return _create(database, **options)  # type: ignore[arg-type]


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    database: str | Path | None = None,
    examples: str | Path | None = None,
    max_upload_mib: int = 20,
) -> int:
    """Run the application under uvicorn; a clear message when the extra is missing."""
    try:
        from clauserules.web.app import serve as _serve
    except ImportError as exc:
        import sys

        sys.stderr.write(
            f"clauserules: error [usage]: the web application needs the 'web' extra "
            f"(pip install 'clauserules[web]'): {exc.name or exc} is missing\n"
        )
        return 2
    return _serve(host, port, database, examples, max_upload_mib)
