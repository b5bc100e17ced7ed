"""Reading input documents (YAML, JSON) with errors that name the file and the place, and
writing output files atomically.

YAML dates are kept as text so that an impossible date (``2025-02-30``) is reported by
validation with the name of its field, not by the YAML parser.

Every document is read with limits (ADR 0070, ``docs/errors.md#input-file``): its size, its
nesting depth, its number of values (YAML aliases counted as the values they repeat), the
length of its strings and the digits of its integers are bounded, explicit non-core YAML tags
are refused, and a key given twice in
one mapping is an error naming the key. A breach is an :class:`InputFileError` (exit 2),
checked while parsing, before anything is built or formatted from the value.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from clauserules.errors import InputFileError

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "MAX_STRING_CHARS",
    "atomic_write",
    "load_document",
    "read_bounded",
]

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
"""Largest YAML/JSON document read (32 MiB); a larger ledger goes in CSV or XLSX."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists (the deepest input model needs 6)."""
MAX_NODES = 4_000_000
"""Most values (scalars, mappings, lists) in one document, aliases expanded."""
MAX_STRING_CHARS = 1_000_000
"""Longest string or key (free text fields are capped lower by the models)."""
MAX_INT_DIGITS = 40
"""Most digits of an integer literal (no field needs more than a dozen)."""

_CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


def _cut(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters *before* anything formats it."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Limited(Exception):
    """A limit breached while parsing (turned into an :class:`InputFileError` with the file)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that leaves timestamps as strings and enforces the limits."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._count = 0
        self._sizes: dict[int, int] = {}

    def _counted(self, size: int) -> None:
        self._count += size
        if self._count > MAX_NODES:
            raise _Limited(
                f"more than {MAX_NODES:,} values once aliases are expanded (limit of a document)"
            )

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose with limits: aliases count as the values they repeat (an alias bomb is
        refused after :data:`MAX_NODES` values, not expanded), nesting is bounded."""
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            node = super().compose_node(parent, index)
            self._counted(self._sizes.get(id(node), 1))
            return node
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _CORE_TAGS:
            raise _Limited(f"YAML tag {_cut(str(tag))!r} is not accepted: write plain values")
        if isinstance(event, ScalarEvent) and len(event.value) > MAX_STRING_CHARS:
            raise _Limited(f"a value longer than {MAX_STRING_CHARS:,} characters")
        self._counted(1)
        before = self._count
        nested = isinstance(event, (MappingStartEvent, SequenceStartEvent))
        if nested:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Limited(f"nesting deeper than {MAX_DEPTH} levels")
        try:
            node = super().compose_node(parent, index)
        finally:
            if nested:
                self._depth -= 1
        if getattr(event, "anchor", None) is not None:
            self._sizes[id(node)] = self._count - before + 1
        return node

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # ``<<: *base`` may be overridden
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if duplicate:
                mark = key_node.start_mark
                raise _Limited(
                    f"key {_cut(str(key))!r} given twice in one mapping "
                    f"(line {mark.line + 1}); keep one"
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: Any) -> int:
        digits = sum(ch.isdigit() for ch in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise _Limited(
                f"an integer of {digits:,} digits at line {node.start_mark.line + 1} "
                f"(at most {MAX_INT_DIGITS})"
            )
        value: int = super().construct_yaml_int(node)
        return value


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Limited(f"key {_cut(key)!r} given twice in one object; keep one")
        result[key] = value
    return result


def _json_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS + 1:
        raise _Limited(f"an integer of {len(text):,} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _json_float(text: str) -> float | str:
    if len(text) > 2 * MAX_INT_DIGITS:
        raise _Limited(f"a number of {len(text):,} characters (at most {2 * MAX_INT_DIGITS})")
    return float(text)


def _check_tree(value: Any) -> None:
    """Depth, node count and string lengths of a parsed JSON value, without recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _Limited(f"more than {MAX_NODES:,} values (limit of a document)")
        if isinstance(item, str):
            if len(item) > MAX_STRING_CHARS:
                raise _Limited(f"a value longer than {MAX_STRING_CHARS:,} characters")
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise _Limited(f"nesting deeper than {MAX_DEPTH} levels")
            children = list(item.keys()) + list(item.values()) if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def _json_depth(text: str) -> int:
    """Deepest bracket nesting of ``text`` (outside strings), computed before parsing so
    that the recursive C parser never meets a document it cannot finish."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_text(text: str, *, name: str, fmt: str | None = None) -> Any:
    """Parse YAML (or JSON, a subset of YAML) ``text``; ``name`` is used in errors."""
    try:
        if len(text) > MAX_DOCUMENT_BYTES:
            raise _Limited(f"larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
        if fmt == "json":
            return _parse_json(text, name)
        return _parse_yaml(text, name)
    except _Limited as exc:
        raise InputFileError(f"{_cut(name, 200)}: {exc.message}") from None
    except RecursionError:
        raise InputFileError(f"{_cut(name, 200)}: nesting deeper than {MAX_DEPTH} levels") from None


def _parse_json(text: str, name: str) -> Any:
    if text.count("[") + text.count("{") > MAX_DEPTH and _json_depth(text) > MAX_DEPTH:
        raise _Limited(f"nesting deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(
            text, object_pairs_hook=_json_pairs, parse_int=_json_int, parse_float=_json_float
        )
    except json.JSONDecodeError as exc:
        raise InputFileError(
            f"{_cut(name, 200)}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    _check_tree(value)
    return value


def _parse_yaml(text: str, name: str) -> Any:
    loader = None
    try:
        loader = _Loader(text)
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputFileError(
            f"{_cut(name, 200)}: invalid YAML{where}: {_cut(problem, 200)}"
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def read_bounded(path: str | Path, limit: int, *, what: str = "file") -> bytes:
    """The bytes of ``path``, refusing more than ``limit`` bytes without reading them all
    (``/dev/zero`` is refused after ``limit`` bytes, not read until memory runs out).

    Raises:
        InputFileError: missing, a directory, unreadable, or larger than ``limit``.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a directory, expected a {what}") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read: {exc.strerror}") from None
    if len(data) > limit:
        raise InputFileError(
            f"{path}: larger than {limit // (1024 * 1024)} MiB, the limit of a {what}"
        )
    return data


def load_document(path: str | Path) -> Any:
    """Load a YAML (``.yaml``, ``.yml``) or JSON (``.json``) file.

    Raises:
        InputFileError: the file is missing, unreadable, too large, not UTF-8, not valid
            YAML/JSON, or beyond a limit of :func:`parse_text`.
    """
    path = Path(path)
    data = read_bounded(path, MAX_DOCUMENT_BYTES, what="YAML or JSON file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    fmt = "json" if path.suffix.lower() == ".json" else None
    return parse_text(text, name=str(path), fmt=fmt)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output_path(path: str | Path) -> Path:
    """``path`` as an output file: refused (exit 2, ``output-not-writable``) when empty,
    when its parent is missing or not a directory, or when it exists and is not a regular
    file (a directory, a device, a FIFO, a socket). A symbolic link is replaced, never
    written through."""
    from clauserules.errors import OutputNotWritableError

    if str(path) == "":
        raise OutputNotWritableError("the output path is empty; give a file name")
    path = Path(path)
    parent = path.parent
    if not parent.exists():
        raise OutputNotWritableError(f"{path}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise OutputNotWritableError(f"{path}: {parent} is not a directory")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        if exc.errno is None:  # not an error of the file system: let it through
            raise
        raise OutputNotWritableError(f"{path}: cannot be written: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise OutputNotWritableError(f"{path}: is a directory, expected a file name")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OutputNotWritableError(
            f"{path}: is not a regular file (a device, a FIFO or a socket); "
            "give the name of a regular file"
        )
    return path


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same directory, then rename it over ``path``:
    nothing is left half written, and nothing at all when ``write`` fails. The file gets
    the permissions of a new file under the current umask; ``path`` must be a regular file
    (or absent), see :func:`check_output_path`."""
    atomic_write_set({Path(path): write})


def atomic_write_set(files: dict[Path, Callable[[Path], None]]) -> None:
    """Write several files so that they are all replaced or none is: every file is written
    to a temporary beside its target first; the renames only start when all are written and
    every target has been checked. A failure before the renames leaves every target as it
    was (OS errors become :class:`~clauserules.errors.OutputNotWritableError`)."""
    from clauserules.errors import OutputNotWritableError

    targets = [check_output_path(p) for p in files]
    mode = 0o666 & ~_umask()
    temps: list[Path] = []
    try:
        for target, write in zip(targets, files.values(), strict=True):
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
            os.close(handle)
            staged = Path(name)
            temps.append(staged)
            write(staged)
            staged.chmod(mode)
        for staged, target in zip(temps, targets, strict=True):
            check_output_path(target)
            staged.replace(target)
    except OSError as exc:
        if exc.errno is None:  # not an error of the file system: let it through
            raise
        raise OutputNotWritableError(
            f"cannot write {_cut(str(exc.filename or targets[0]), 200)}: {exc.strerror}"
        ) from None
    finally:
        for staged in temps:
            staged.unlink(missing_ok=True)
