"""Fixtures of the web tests: an application on a temporary database, an in-process client."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clauserules.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(
        tmp_path / "web.sqlite3",
        examples=EXAMPLES,
        max_upload=2 * 2**20,
        allowed_hosts=["testserver", "127.0.0.1", "localhost"],
    )


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def parcours_zip(directory: Path = EXAMPLES / "parcours", folder: str = "parcours/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(directory.iterdir()):
            archive.write(path, folder + path.name)
    return buffer.getvalue()
