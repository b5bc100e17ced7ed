"""French wording filters of the templates, built on :mod:`clauserules._fr`.

Templates never write « lot(s) » nor « les lots 1 »: the number and the agreement are
computed here (``docs/decisions/0060-documents-publiables.md``).

* ``lots`` — « le lot 1 », « les lots 1 et 2 » (``article=False``: « lot 1 », « lots 1 et 2 »);
* ``nombre_lots`` — « 1 lot », « 3 lots »;
* ``accord`` — the singular or plural form of a word after a count or a sequence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clauserules._fr import ESPACE_INSECABLE, liste, pluriel

__all__ = ["FRENCH_FILTERS", "accord", "lots_fr", "nombre_lots", "typographie"]


def _ids(lots: Any) -> list[str]:
    return [str(getattr(lot, "id", lot)) for lot in lots]


def lots_fr(lots: Sequence[Any], article: bool = True) -> str:
    """« le lot 1 », « les lots 1 et 2 », « les lots 1, 2 et 3 »; without article on demand."""
    ids = _ids(lots)
    if len(ids) == 1:
        return f"le lot{ESPACE_INSECABLE}{ids[0]}" if article else f"lot{ESPACE_INSECABLE}{ids[0]}"
    body = f"lots {liste(ids)}"
    return f"les {body}" if article else body


def nombre_lots(count: Any) -> str:
    """« 1 lot », « 2 lots » (a number or a sequence of lots)."""
    quantity = count if isinstance(count, int) else len(count)
    return pluriel(quantity, "lot")


def accord(count: Any, singulier: str, plurielle: str) -> str:
    """``singulier`` for one item (or a sequence of one), ``plurielle`` otherwise."""
    quantity = count if isinstance(count, int) else len(count)
    return singulier if quantity <= 1 else plurielle


_BEFORE = ";:!?"


def typographie(text: str) -> str:
    """French typography: a non-breaking space before ``; : ! ?`` and inside « ».

    Spaces already there become non-breaking; a colon inside a number or an address
    (``10:30``, ``https://``) is left alone.
    """
    out: list[str] = []
    for index, char in enumerate(text):
        following = text[index + 1] if index + 1 < len(text) else " "
        if char in _BEFORE and out and (following in " \u00a0\u202f»)" or index + 1 == len(text)):
            if out[-1] == " ":
                out[-1] = ESPACE_INSECABLE
            elif out[-1] not in (ESPACE_INSECABLE, "\u202f"):
                out.append(ESPACE_INSECABLE)
            out.append(char)
        elif char == "«":
            out.append(char)
            if following == " ":
                out.append(ESPACE_INSECABLE)
        elif char == " " and out and out[-1] in ("«", ESPACE_INSECABLE) and out[-2:-1] == ["«"]:
            continue
        elif char == "»" and out:
            if out[-1] == " ":
                out[-1] = ESPACE_INSECABLE
            elif out[-1] != ESPACE_INSECABLE:
                out.append(ESPACE_INSECABLE)
            out.append(char)
        else:
            out.append(char)
    return "".join(out)


FRENCH_FILTERS = {"lots": lots_fr, "nombre_lots": nombre_lots, "accord": accord}
