"""CPV codes: form, division, nature of the purchase, and the eForms list of social services.

The list of social and other specific services is the eForms SDK codelist
``cpv_social-service-cpv`` (vendored unmodified in ``data/``, CC BY 4.0, Publications Office
of the European Union); eForms rule BR-BT-00262-0200 requires the main CPV of a lot reserved
``res-pub-ser`` to be in it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from importlib import resources
from typing import Literal

__all__ = [
    "CPV_DIVISIONS",
    "cpv_digits",
    "cpv_problem",
    "is_social_service",
    "nature_of_cpv",
    "social_service_cpvs",
]

_GC_NS = "{http://docs.oasis-open.org/codelist/ns/genericode/1.0/}"
_FORM = re.compile(r"^[0-9]{8}(-[0-9])?$")

CPV_DIVISIONS = frozenset(
    [
        "03",
        "09",
        "14",
        "15",
        "16",
        "18",
        "19",
        "22",
        "24",
        "30",
        "31",
        "32",
        "33",
        "34",
        "35",
        "37",
        "38",
        "39",
        "41",
        "42",
        "43",
        "44",
        "45",
        "48",
        "50",
        "51",
        "55",
        "60",
        "63",
        "64",
        "65",
        "66",
        "70",
        "71",
        "72",
        "73",
        "75",
        "76",
        "77",
        "79",
        "80",
        "85",
        "90",
        "92",
        "98",
    ]
)
"""The 45 divisions (two first digits) of the CPV 2008 (règlement (CE) n° 213/2008)."""

Nature = Literal["travaux", "fournitures", "services"]


def codelist_codes(text: bytes) -> tuple[str, ...]:
    """The ``code`` column of a genericode code list, in file order."""
    root = ET.fromstring(text)
    codes: list[str] = []
    for row in root.iter("Row"):
        for value in row.iter("Value"):
            if value.get("ColumnRef") == "code":
                simple = value.find("SimpleValue")
                if simple is not None and simple.text:
                    codes.append(simple.text.strip())
    if not codes:  # namespaced variant of genericode
        for value in root.iter(f"{_GC_NS}Value"):
            if value.get("ColumnRef") == "code":
                simple = value.find(f"{_GC_NS}SimpleValue")
                if simple is not None and simple.text:
                    codes.append(simple.text.strip())
    return tuple(codes)


@cache
def social_service_cpvs() -> frozenset[str]:
    """The 8-digit CPV codes of the eForms list of social and other specific services."""
    data = resources.files(__package__).joinpath("data/cpv_social-service-cpv.gc").read_bytes()
    return frozenset(codelist_codes(data))


def cpv_digits(code: str) -> str:
    """The 8 digits of a CPV code (without its check digit)."""
    return code.strip()[:8]


def cpv_problem(code: str) -> str | None:
    """Why ``code`` is not a CPV code clauserules knows, or ``None``."""
    text = code.strip()
    if not _FORM.match(text):
        return "expected a CPV code of 8 digits, optionally followed by -check digit (45000000-7)"
    if text[:2] not in CPV_DIVISIONS:
        return f"unknown CPV division {text[:2]!r}: not one of the 45 divisions of the CPV 2008"
    return None


def is_social_service(code: str) -> bool:
    """``code`` is in the eForms list of social and other specific services."""
    return cpv_digits(code) in social_service_cpvs()


def nature_of_cpv(code: str) -> Nature | None:
    """Nature of the purchase from the CPV division: 45 works, 03-44 and 48 supplies, others
    services; ``None`` for a code that is not a CPV code."""
    if cpv_problem(code) is not None:
        return None
    division = int(code.strip()[:2])
    if division == 45:
        return "travaux"
    if division < 45 or division == 48:
        return "fournitures"
    return "services"
