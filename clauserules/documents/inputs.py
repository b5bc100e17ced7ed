"""The consultation as the documents read it: texts cleaned, drafting options split off.

Texts go into Word documents: tabs and line breaks become spaces, and any other control
character is refused with :class:`~clauserules.errors.ControlCharacterError`, naming each
field (``docs/decisions/0030-generation-documents.md``, §8). Everything else (``& < > " '``,
« », emoji, right-to-left text, long texts) is kept as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from clauserules.documents.options import DocumentOptions, parse_options
from clauserules.errors import ControlCharacterError, FieldProblem, InvalidInputError

__all__ = ["check_text", "prepare"]

_WHITESPACE_CONTROLS = {"\t", "\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"}
_WS_RUN = re.compile(r"[\t\n\r\u2028\u2029\x0b\x0c\x85]+")


def _forbidden(char: str) -> bool:
    if char in _WHITESPACE_CONTROLS:
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in ("\ufffe", "\uffff")


def check_text(data: Any, location: str = "") -> Any:
    """Return ``data`` with every text cleaned for a Word document, or raise.

    Line breaks, tabs and the other whitespace controls become one space; any other
    control character (C0, C1, lone surrogates, U+FFFE, U+FFFF) makes the input invalid:
    :class:`ControlCharacterError` lists every offending field with the code point found.
    Everything else (``& < > " '``, « », emoji, right-to-left text, very long texts) is
    kept as it is.
    """
    problems: list[FieldProblem] = []
    cleaned = _clean(data, location, problems)
    if problems:
        raise ControlCharacterError(problems, subject="consultation")
    return cleaned


def _clean(data: Any, location: str, problems: list[FieldProblem]) -> Any:
    if isinstance(data, str):
        bad = sorted({c for c in data if _forbidden(c)})
        if bad:
            found = ", ".join(f"U+{ord(c):04X}" for c in bad)
            problems.append(
                FieldProblem(
                    location or "(root)",
                    "contains a control character that a Word document cannot carry; remove it",
                    found,
                )
            )
            return data
        return _WS_RUN.sub(" ", data) if any(c in _WHITESPACE_CONTROLS for c in data) else data
    if isinstance(data, Mapping):
        return {
            key: _clean(value, f"{location}.{key}" if location else str(key), problems)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [
            _clean(item, f"{location}.{index}" if location else str(index), problems)
            for index, item in enumerate(data)
        ]
    return data


def prepare(consultation: Any) -> tuple[dict[str, Any], DocumentOptions]:
    """Split a consultation document into the plan input and the drafting options."""
    if hasattr(consultation, "model_dump"):
        data = consultation.model_dump(mode="json")
    elif isinstance(consultation, Mapping):
        data = dict(consultation)
    else:
        raise InvalidInputError(
            [
                FieldProblem(
                    "(root)",
                    "expected a mapping of consultation fields",
                    repr(type(consultation).__name__)[:60],
                )
            ],
            subject="consultation",
        )
    data = check_text(data)
    options = parse_options(data.pop("documents", None))
    return data, options
