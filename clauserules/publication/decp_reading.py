"""Reading published DECP files in one pass with bounded memory (for :mod:`check_decp`).

The official JSON (``{"marches": {"marche": [...], "contrat-concession": [...]}}``) is
streamed object by object; JSON Lines and the consolidated flat CSV are read line by line.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from clauserules import InputFileError

__all__ = ["iter_records"]

_MAX_VALUE_CHARS = 64 * 1024 * 1024

# --- reading -----------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_LISTS = {"marche": "marche", "contrat-concession": "concession", "concessions": "concession"}
_CONTAINERS = {"marches", "data", "records", "resultats"}


class _Reader:
    """Bytes in, characters out, with the count of bytes read (for the progress bar)."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        self.handle = handle
        self.name = name
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.bytes_read = 0

    def read(self, size: int) -> str:
        data = self.handle.read(size)
        self.bytes_read += len(data)
        try:
            return self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise InputFileError(
                f"{self.name}: not UTF-8 text (near byte {self.bytes_read})"
            ) from None


class _JsonStream:
    """Values of a JSON document read one at a time from a growing window of text."""

    CHUNK = 1 << 20

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.buf = ""
        self.pos = 0
        self.dropped = 0
        self.eof = False

    def _more(self) -> bool:
        if self.eof:
            return False
        data = self.reader.read(self.CHUNK)
        if not data:
            self.eof = True
            return False
        if self.pos:
            self.dropped += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += data
        return True

    def error(self, message: str) -> InputFileError:
        return InputFileError(
            f"{self.reader.name}: invalid JSON at character {self.dropped + self.pos}: {message}"
        )

    def peek(self) -> str:
        while True:
            match = _WS.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise self.error(f"expected {char!r}, found {found or 'the end of the file'!r}")
        self.pos += 1

    def value(self) -> Any:
        if not self.peek():
            raise self.error("unexpected end of the file")
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos > _MAX_VALUE_CHARS or not self._more():
                    raise self.error(exc.msg) from None
                continue
            if end == len(self.buf) and not isinstance(obj, dict | list | str) and self._more():
                continue
            self.pos = end
            return obj


def _json_records(stream: _JsonStream) -> Iterator[tuple[str, str | None, Any]]:
    first = stream.peek()
    if first == "[":
        yield from _array(stream, "", None)
    elif first == "{":
        yield from _object(stream, "")
    else:
        raise stream.error("expected a JSON object or array of DECP records")
    if stream.peek():
        raise stream.error("unexpected data after the document")


def _object(stream: _JsonStream, path: str) -> Iterator[tuple[str, str | None, Any]]:
    stream.expect("{")
    if stream.peek() == "}":
        stream.pos += 1
        return
    while True:
        key = stream.value()
        if not isinstance(key, str):
            raise stream.error("expected a key")
        stream.expect(":")
        nxt = stream.peek()
        where = f"{path}.{key}" if path else key
        if key in _LISTS and nxt == "[":
            yield from _array(stream, where, _LISTS[key])
        elif key in _CONTAINERS and nxt == "[":
            yield from _array(stream, where, None)
        elif key in _CONTAINERS and nxt == "{":
            yield from _object(stream, where)
        else:
            stream.value()
        sep = stream.peek()
        stream.pos += 1
        if sep == "}":
            return
        if sep != ",":
            stream.pos -= 1
            raise stream.error("expected ',' or '}'")


def _array(
    stream: _JsonStream, path: str, contrat: str | None
) -> Iterator[tuple[str, str | None, Any]]:
    stream.expect("[")
    if stream.peek() == "]":
        stream.pos += 1
        return
    index = 0
    while True:
        yield (f"{path}.{index}" if path else str(index)), contrat, stream.value()
        index += 1
        sep = stream.peek()
        stream.pos += 1
        if sep == "]":
            return
        if sep != ",":
            stream.pos -= 1
            raise stream.error("expected ',' or ']'")


def _csv_records(reader: _Reader) -> Iterator[tuple[str, str | None, Any]]:
    text = io.TextIOWrapper(reader.handle, encoding="utf-8-sig", newline="")
    header = text.readline()
    reader.bytes_read = len(header.encode())
    if not header.strip():
        raise InputFileError(f"{reader.name}: empty CSV file")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    names = next(csv.reader([header], delimiter=delimiter))
    rows = csv.DictReader(text, fieldnames=names, delimiter=delimiter)
    try:
        for number, row in enumerate(rows, start=2):
            reader.bytes_read += sum(len(v or "") + 1 for v in row.values() if isinstance(v, str))
            yield f"ligne {number}", None, row
    except (csv.Error, UnicodeDecodeError) as exc:
        raise InputFileError(f"{reader.name}: unreadable CSV: {exc}") from None


def _jsonl_records(reader: _Reader) -> Iterator[tuple[str, str | None, Any]]:
    pending = ""
    number = 0
    while True:
        chunk = reader.read(1 << 20)
        lines = (pending + chunk).split("\n")
        pending = lines.pop() if chunk else ""
        for line in lines:
            number += 1
            if line.strip():
                try:
                    yield f"ligne {number}", None, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputFileError(
                        f"{reader.name}: invalid JSON at line {number}: {exc.msg}"
                    ) from None
        if not chunk:
            return


def iter_records(
    path: str | Path, *, reader_out: list[_Reader] | None = None
) -> Iterator[tuple[str, str | None, Any]]:
    """``(position, list, record)`` of every record of a DECP file, read in one pass.

    ``list`` is ``marche`` or ``concession`` when the file says it (official JSON), else
    ``None`` (the record's fields tell).

    Raises:
        InputFileError: the file is missing, not UTF-8, or not a DECP document.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a directory, expected a DECP file") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read: {exc.strerror}") from None
    with handle:
        reader = _Reader(handle, str(path))
        if reader_out is not None:
            reader_out.append(reader)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            yield from _csv_records(reader)
        elif suffix in (".jsonl", ".ndjson"):
            yield from _jsonl_records(reader)
        else:
            yield from _json_records(_JsonStream(reader))
