"""The services behind the web pages and the JSON API.

Each function takes what a request carries (a mapping read from JSON or from a form, the
bytes of an upload) and calls the same library functions as the command line; the JSON of
a result is made by the command line's renderers (:mod:`clauserules.web._compat`). Nothing
is decided here: these functions only adapt the shape of the input and the output.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import shutil
import tempfile
import typing
import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from clauserules import (
    ClauseRulesError,
    EligibilityDecision,
    InputFileError,
    InvalidInputError,
    Ledger,
    Parcours,
    Plan,
    __version__,
    assess_eligibility,
    count_hours,
    estimate_hours,
    generate_documents,
    plan_consultation,
    rulebase,
)
from clauserules.web import _compat

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ELIGIBILITY_KEYS = (
    "personne",
    "at",
    "referential",
    "publics_prioritaires",
    "anru",
    "structure_iae",
    "complet",
)
HOURS_KEYS = (
    "montant_estime_ht",
    "at",
    "nature",
    "part_main_oeuvre",
    "cout_horaire",
    "taux_insertion",
    "euros_par_heure",
    "financement_anru",
)
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
"""Uncompressed size accepted from one ZIP archive of CSV files (a guard against bombs)."""


def _problem(location: str, message: str, found: Any = None, subject: str = "request") -> None:
    shown = None if found is None else repr(found)[:60]
    raise InvalidInputError([_compat.FieldProblem(location, message, shown)], subject=subject)


def _mapping(body: Any, subject: str, keys: tuple[str, ...] | None = None) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        _problem("(root)", f"expected a JSON object of {subject} fields", type(body).__name__)
    assert isinstance(body, Mapping)
    if keys is not None:
        unknown = [k for k in body if k not in keys]
        if unknown:
            raise InvalidInputError(
                [
                    _compat.FieldProblem(str(k), f"unknown field; expected one of {list(keys)}")
                    for k in unknown
                ],
                subject=subject,
            )
    return body


F = TypeVar("F", bound=Callable[..., Any])


def _arithmetic_is_input(function: F) -> F:
    """A number too large for the computations (``1e999`` € HT) makes the library's decimal
    arithmetic raise :class:`ArithmeticError`, not one of its errors: report it as the
    caller's input error rather than an internal failure."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ArithmeticError:
            raise InvalidInputError(
                [
                    _compat.FieldProblem(
                        "(root)", "a number is too large or too precise to be computed"
                    )
                ],
                subject="input",
            ) from None

    return typing.cast(F, wrapper)


# --- eligibility, plan, hours -------------------------------------------------------------


@_arithmetic_is_input
def eligibility(body: Any) -> EligibilityDecision:
    """``{"personne": {...}, "at", "referential", "publics_prioritaires", "anru", "structure_iae", "complet"}``."""
    data = _mapping(body, "eligibility request", ELIGIBILITY_KEYS)
    if "at" not in data:
        _problem("at", "required: the evaluation date YYYY-MM-DD", subject="eligibility request")
    priorities = data.get("publics_prioritaires", [])
    if not isinstance(priorities, list) or not all(isinstance(p, str) for p in priorities):
        _problem("publics_prioritaires", "expected a list of criterion codes", priorities)
    anru = data.get("anru", False)
    if not isinstance(anru, bool):
        _problem("anru", "expected true or false", anru)
    referential = data.get("referential")
    if referential is not None and not isinstance(referential, str):
        _problem("referential", "expected a referential code", referential)
    complet = data.get("complet", False)
    if not isinstance(complet, bool):
        _problem("complet", "expected true or false", complet)
    structure = data.get("structure_iae")
    if structure is not None and not isinstance(structure, str):
        _problem("structure_iae", "expected ai, etti, ei, aci or eiti", structure)
    kwargs: dict[str, Any] = {
        "at": data["at"],
        "publics_prioritaires": priorities,
        "anru": anru,
        "structure_iae": structure,
        "complet": complet,
    }
    if referential is not None:
        kwargs["referential"] = referential
    return assess_eligibility(data.get("personne", {}), **kwargs)


def eligibility_json(decision: EligibilityDecision) -> dict[str, Any]:
    return _compat.eligibility_json(decision)


@_arithmetic_is_input
def plan(body: Any) -> Plan:
    """The plan of a consultation (the body is the consultation, as in YAML/JSON files)."""
    return plan_consultation(_mapping(body, "consultation"))


def plan_json(result: Plan) -> dict[str, Any]:
    return _compat.plan_json(result)


def plan_json_bytes(result: Plan) -> bytes:
    """The API's response body: :func:`plan_json`, compact UTF-8, serialised in one pass."""
    return _compat.plan_json_bytes(result)


@_arithmetic_is_input
def hours(body: Any) -> dict[str, Any]:
    """The hours of one lot: the arguments of :func:`clauserules.estimate_hours`."""
    data = dict(_mapping(body, "hours request", HOURS_KEYS))
    for key in ("montant_estime_ht", "at"):
        if key not in data:
            _problem(key, "required", subject="hours request")
    montant = data.pop("montant_estime_ht")
    if isinstance(montant, float):  # a JSON number: keep its decimal writing
        montant = repr(montant)
    for key, value in list(data.items()):
        if isinstance(value, float):
            data[key] = repr(value)
    result = estimate_hours(montant, **data)
    dumped: dict[str, Any] = result.model_dump(mode="json")
    return dumped


def rules(at: str | None = None, topic: str | None = None) -> list[dict[str, Any]]:
    """The rules of the base, as ``clauserules rules --format json`` lists them."""
    from clauserules.web._compat import coerce_date

    day: date | None = coerce_date(at, "at") if at else None
    return [
        rule.as_dict()
        for rule in rulebase().rules
        if (topic is None or rule.topic == topic or rule.topic.startswith(topic + "."))
        and (day is None or rule.in_force(day))
    ]


@lru_cache(maxsize=1)
def rulebase_version() -> str:
    """A fingerprint of the rule base: the SHA-256 of every rule version, as listed."""
    text = json.dumps([r.as_dict() for r in rulebase().rules], sort_keys=True, default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def schema(name: str) -> dict[str, Any]:
    return _compat.json_schema(name)


def schema_names() -> tuple[str, ...]:
    return tuple(_compat.SCHEMAS)


# --- documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """Generated documents in memory, by file name (``rc.docx``, ``rc.pdf``...)."""

    files: dict[str, bytes]
    input_sha256: str
    rulebase_version: str
    version: str = __version__
    hashes: dict[str, str] = field(default_factory=dict)

    def zip(self) -> bytes:
        """The documents as one ZIP archive (stable dates, so stable bytes)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, self.files[name])
        return buffer.getvalue()


def input_hash(body: Any) -> str:
    """SHA-256 of the canonical JSON of a request body."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def pdf_available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


@_arithmetic_is_input
def documents(body: Any, *, pdf: bool = False) -> Generated:
    """RC, CCAP and decision record of a consultation, generated in a per-request directory."""
    data = _mapping(body, "consultation")
    with tempfile.TemporaryDirectory(prefix="clauserules-web-") as tmp:
        result = generate_documents(dict(data), tmp, pdf=pdf)
        files = {path.name: path.read_bytes() for path in result.paths()}
    return Generated(
        files=files,
        input_sha256=input_hash(data),
        rulebase_version=rulebase_version(),
        hashes={name: "sha256:" + hashlib.sha256(blob).hexdigest() for name, blob in files.items()},
    )


# --- hours ledger (count) -----------------------------------------------------------------

UPLOAD_KINDS = (".zip", ".xlsx", ".yaml", ".yml", ".json")


def _scrub(exc: ClauseRulesError, tmp: str, shown: str) -> ClauseRulesError:
    """Replace the temporary path in an error's message by the uploaded file's name."""
    message = exc.message.replace(tmp + "/upload", shown).replace(tmp, shown)
    exc.message = message
    exc.args = (message,)
    if isinstance(exc, InvalidInputError):
        exc.subject = exc.subject.replace(tmp + "/upload", shown).replace(tmp, shown)
    return exc


def _extract_csv(data: bytes, target: Path, shown: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputFileError(f"{shown}: not a ZIP archive") from None
    with archive:
        total = 0
        names: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            path = PurePosixPath(info.filename)
            if path.is_absolute() or ".." in path.parts or path.suffix.lower() != ".csv":
                continue
            if path.name.startswith(("._", ".")):  # macOS resource forks, hidden files
                continue
            if path.name in names:
                raise InputFileError(f"{shown}: the archive holds two files named {path.name}")
            names[path.name] = info
            total += info.file_size
        if not names:
            raise InputFileError(f"{shown}: the archive holds no CSV file")
        if total > MAX_ARCHIVE_BYTES:
            raise InputFileError(
                f"{shown}: the CSV files of the archive exceed {MAX_ARCHIVE_BYTES // 2**20} MiB"
            )
        for name, info in names.items():
            try:
                (target / name).write_bytes(archive.read(info))
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                raise InputFileError(f"{shown}: {name} cannot be extracted ({exc})") from None


def count(
    filename: str,
    data: bytes,
    *,
    cle: str = "heures_dues",
    progress: Callable[[int, int], None] | None = None,
    at: str | None = None,
) -> Ledger:
    """The hours ledger of an upload: a ZIP of CSV files, an XLSX workbook or YAML/JSON."""
    return count_upload(filename, data, cle=cle, progress=progress, at=at)[0]


def declared_by_month(parcours: Parcours) -> dict[str, Decimal]:
    """Hours declared (work and training) per month ``AAAA-MM``, as read: an input, shown
    beside the ledger, not a count."""
    months: dict[str, Decimal] = defaultdict(Decimal)
    for line in parcours.heures:
        months[line.mois] += line.travail + line.formation
    return dict(sorted(months.items()))


@_arithmetic_is_input
def count_path(
    path: Path, *, cle: str = "heures_dues", progress: Callable[[int, int], None] | None = None
) -> tuple[Ledger, dict[str, Decimal]]:
    """The ledger of a file or directory chosen by the server (the examples)."""
    parcours = _compat.read_parcours(path)
    return count_hours(parcours, cle=cle, progress=progress), declared_by_month(parcours)


@_arithmetic_is_input
def count_upload(
    filename: str,
    data: bytes,
    *,
    cle: str = "heures_dues",
    progress: Callable[[int, int], None] | None = None,
    at: str | None = None,
) -> tuple[Ledger, dict[str, Decimal]]:
    """The ledger of an upload and the hours declared per month (to ``at``, if given)."""
    shown = PurePosixPath(filename.replace("\\", "/")).name or "upload"
    suffix = PurePosixPath(shown).suffix.lower()
    if suffix not in UPLOAD_KINDS:
        raise InputFileError(
            f"{shown}: expected a ZIP archive of CSV files, an .xlsx workbook or a .yaml/.json file"
        )
    with tempfile.TemporaryDirectory(prefix="clauserules-web-") as tmp:
        try:
            if suffix == ".zip":
                directory = Path(tmp) / "upload"
                directory.mkdir()
                _extract_csv(data, directory, shown)
                parcours = _compat.read_parcours(directory)
            else:
                path = Path(tmp) / f"upload{suffix}"
                path.write_bytes(data)
                parcours = _compat.read_parcours(path)
            ledger = count_hours(parcours, cle=cle, progress=progress, at=at)
            return ledger, declared_by_month(parcours)
        except ClauseRulesError as exc:
            raise _scrub(exc, tmp, shown) from None


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    return _compat.ledger_json(ledger)


def ledger_xlsx(ledger: Ledger) -> bytes:
    """The ledger as an XLSX workbook, written in a per-request directory."""
    with tempfile.TemporaryDirectory(prefix="clauserules-web-") as tmp:
        path = Path(tmp) / "decompte.xlsx"
        _compat.write_xlsx(ledger, path)
        return path.read_bytes()


def parse_document(text: str, name: str) -> Any:
    """A YAML or JSON document (an uploaded consultation)."""
    fmt = "json" if name.lower().endswith(".json") else None
    return _compat.parse_text(text, name=name, fmt=fmt)
