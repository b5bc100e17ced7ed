"""Reading input documents (YAML, JSON) with errors that name the file and the place, and
writing output files atomically.

YAML dates are kept as text so that an impossible date (``2025-02-30``) is reported by
validation with the name of its field, not by the YAML parser.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from clauserules.errors import InputFileError

__all__ = ["atomic_write", "load_document"]


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that leaves timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_text(text: str, *, name: str, fmt: str | None = None) -> Any:
    """Parse YAML (or JSON, a subset of YAML) ``text``; ``name`` is used in errors."""
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputFileError(
                f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputFileError(f"{name}: invalid YAML{where}: {problem}") from None


def load_document(path: str | Path) -> Any:
    """Load a YAML (``.yaml``, ``.yml``) or JSON (``.json``) file.

    Raises:
        InputFileError: the file is missing, unreadable, not UTF-8, or not valid YAML/JSON.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a directory, expected a YAML or JSON file") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read: {exc.strerror}") from None
    fmt = "json" if path.suffix.lower() == ".json" else None
    return parse_text(text, name=str(path), fmt=fmt)


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same directory, then rename it over ``path``:
    nothing is left half written, and nothing at all when ``write`` fails."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
