"""Errors of the library as HTTP answers: ``application/problem+json`` (RFC 9457) for the
API, French messages next to the fields for the pages.

The status follows the kind of error; the body carries the library's stable ``code`` (see
``docs/errors.md``) and, for an invalid input, every offending field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from clauserules import (
    ClauseRulesError,
    InputError,
    InvalidInputError,
    NoRulesInForceError,
    UnknownVariantError,
)
from clauserules.web._compat import PdfConversionError, TemplateError

PROBLEM_JSON = "application/problem+json"
DOCS = "https://clauserules.invalid/docs/errors/"
"""Base of the ``type`` URI of a problem; the code is its fragment (``#invalid-input``)."""


def status_of(exc: ClauseRulesError) -> int:
    """HTTP status of a library error: 4xx for what the caller can fix, 5xx otherwise."""
    if isinstance(exc, InvalidInputError | UnknownVariantError | NoRulesInForceError):
        return 422
    if isinstance(exc, InputError | TemplateError):
        return 400
    if isinstance(exc, PdfConversionError):
        return 503
    return 500


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"{DOCS}#{code}",
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
    }
    if errors:
        body["errors"] = list(errors)
    return body


def problem_of(exc: ClauseRulesError) -> dict[str, Any]:
    status = status_of(exc)
    errors: list[dict[str, Any]] = []
    if isinstance(exc, InvalidInputError):
        errors = [
            {"location": p.location, "message": p.message, "found": p.found} for p in exc.problems
        ]
    doc = type(exc).__doc__
    title = doc.strip().splitlines()[0] if doc else exc.code
    return problem(status, exc.code, title, exc.message, errors)


# --- French messages for the pages ---------------------------------------------------------

_NUMBER = r"(-?[0-9][0-9_.,]*)"
_FRENCH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), french)
    for pattern, french in (
        (r"too large or too precise", "Un nombre est trop grand pour être calculé."),
        (r"^field required|^required", "Ce champ est obligatoire."),
        (
            r"^input should be greater than or equal to " + _NUMBER,
            "La valeur doit être au moins {0}.",
        ),
        (r"^input should be greater than " + _NUMBER, "La valeur doit être supérieure à {0}."),
        (r"^input should be less than or equal to " + _NUMBER, "La valeur doit être au plus {0}."),
        (r"^input should be less than " + _NUMBER, "La valeur doit être inférieure à {0}."),
        (r"^input should be a valid integer", "Un nombre entier est attendu."),
        (
            r"^input should be a valid decimal|^decimal input should",
            "Un nombre est attendu (ex. 1200000 ou 0,4).",
        ),
        (r"^input should be a valid number", "Un nombre est attendu."),
        (r"^input should be a valid boolean", "Choisir oui ou non."),
        (r"^input should be a finite number", "Un nombre fini est attendu."),
        (
            r"date.*before .*(\d{4}-\d{2}-\d{2})|before the coverage",
            "La date est antérieure à la période couverte par la base de règles.",
        ),
        (
            r"after (the evaluation date|at)|after the date",
            "Cette date est postérieure à la date d'évaluation.",
        ),
        (
            r"expected a date|valid date|date in the form|not a valid date",
            "Une date valide est attendue (jour, mois, année).",
        ),
        (r"^string should have at least 1 character", "Ce champ ne peut pas être vide."),
        (
            r"^string should have at most " + _NUMBER,
            "Le texte est trop long (au plus {0} caractères).",
        ),
        (r"^tuple should have at least 1 item", "Au moins un lot est nécessaire."),
        (r"^input should be .*'(.*)'", "Cette valeur n'est pas dans la liste proposée."),
        (r"duplicate lot id", "Deux lots ont le même numéro : chaque lot a son propre numéro."),
        (
            r"control character",
            "Le texte contient un caractère de contrôle qu'un document Word ne peut pas porter.",
        ),
        (
            r"^extra inputs are not permitted|unknown field|unknown option",
            "Ce champ n'est pas attendu.",
        ),
        (r"expected a positive amount", "Un montant positif en euros est attendu."),
        (
            r"only with the referential iae-2021",
            "Une structure d'insertion ne se choisit qu'avec la liste « IAE 2021 ».",
        ),
        (
            r"unknown (referential|priority public|.*)",
            "Cette valeur n'est pas dans la liste proposée.",
        ),
    )
)


def french(message: str) -> str:
    """A French rendering of a library message (the library speaks English)."""
    for pattern, text in _FRENCH:
        match = pattern.search(message)
        if match:
            return text.format(*(g.replace("_", " ") for g in match.groups() if g is not None))
    return "Valeur non valide."


def french_file_error(exc: ClauseRulesError) -> str:
    """A French sentence for a file that cannot be read (:class:`InputFileError`)."""
    message = exc.message
    if "not a ZIP archive" in message:
        return "Le fichier envoyé n'est pas une archive ZIP lisible."
    if "holds no CSV" in message:
        return "L'archive ZIP ne contient aucun fichier CSV."
    if "missing file" in message or "missing sheet" in message:
        found = re.search(r"missing (?:file|sheet)\(s\) (.*)$", message)
        which = found.group(1) if found else ""
        return f"Il manque des tables obligatoires : {which}."
    if "not a readable XLSX" in message:
        return "Le classeur n'est pas un fichier XLSX lisible."
    if "expected a ZIP archive" in message or "expected a directory" in message:
        return "Type de fichier non pris en charge : envoyer une archive ZIP de fichiers CSV, un classeur XLSX, ou un fichier YAML ou JSON."
    if "not UTF-8" in message:
        return "Le fichier n'est pas encodé en UTF-8."
    if "invalid YAML" in message or "invalid JSON" in message:
        where = re.search(r"line (\d+), column (\d+)", message)
        at = f" (ligne {where.group(1)}, colonne {where.group(2)})" if where else ""
        kind = "JSON" if "JSON" in message else "YAML"
        return f"Le fichier n'est pas un document {kind} valide{at}."
    if "exceed" in message:
        return "L'archive est trop volumineuse une fois décompressée."
    if isinstance(exc, PdfConversionError):
        return "La conversion en PDF a échoué ou LibreOffice n'est pas installé."
    return "Le fichier ne peut pas être lu."
