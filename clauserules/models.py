"""Typed inputs and outputs (pydantic v2, frozen, ``extra="forbid"``).

Field names are French ASCII (the law's words for the law's things); every input field
is optional, and an absent fact is *unknown*: a rule that needs it reports it in
``missing`` instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    WithJsonSchema,
)

from ._version import __version__
from .errors import FieldProblem, InvalidInputError

__all__ = [
    "Allocation",
    "AvisMotive",
    "Decision",
    "EligibilityDecision",
    "InscriptionFranceTravail",
    "OrganismeAvis",
    "Personne",
    "PriseEnCharge",
    "SourceRef",
]

EARLIEST_DATE = date(1900, 1, 1)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """Accept a :class:`date` or a ``YYYY-MM-DD`` string, nothing else.

    Pydantic's lax mode would also take ``0`` (a Unix time: 1970-01-01), bytes and
    ``"2000-01-01T00:00"``; a date of the law is a calendar day written in full.
    """
    if isinstance(value, datetime):
        raise ValueError("expected a date YYYY-MM-DD, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a valid date YYYY-MM-DD: {exc}") from None
    raise ValueError("expected a date in the form YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar day given as a :class:`date` or an ISO ``YYYY-MM-DD`` string."""


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Allocation(StrEnum):
    """Allocations and minima sociaux a person receives."""

    RSA = "rsa"
    """Revenu de solidarité active."""
    ASS = "ass"
    """Allocation de solidarité spécifique."""
    AAH = "aah"
    """Allocation aux adultes handicapés."""
    ATA = "ata"
    """Allocation temporaire d'attente (supprimée depuis ; citée par la liste Pôle emploi)."""
    AI = "ai"
    """Allocation d'insertion (citée par la liste AVE)."""
    INVALIDITE = "invalidite"
    """Allocation ou pension d'invalidité."""
    ARE = "are"
    """Allocation d'aide au retour à l'emploi (demandeur d'emploi « indemnisé »)."""


class PriseEnCharge(StrEnum):
    """Structures or programmes that take charge of the person."""

    SIAE = "siae"
    """Structure d'insertion par l'activité économique, sans précision."""
    AI = "ai"
    """Association intermédiaire."""
    ETTI = "etti"
    """Entreprise de travail temporaire d'insertion."""
    EI = "ei"
    """Entreprise d'insertion."""
    ACI = "aci"
    """Atelier et chantier d'insertion."""
    REGIE_QUARTIER = "regie_quartier"
    """Régie de quartier agréée."""
    EPIDE = "epide"
    """Établissement pour l'insertion dans l'emploi (ex-défense deuxième chance)."""
    E2C = "e2c"
    """École de la deuxième chance."""
    GEIQ = "geiq"
    """Groupement d'employeurs pour l'insertion et la qualification."""


class OrganismeAvis(StrEnum):
    """Who gave the « avis motivé » (or relais clause, or agrément) for a derogation."""

    FRANCE_TRAVAIL = "france_travail"
    MAISON_EMPLOI = "maison_emploi"
    PLIE = "plie"
    MISSION_LOCALE = "mission_locale"
    MDPH = "mdph"
    FACILITATEUR = "facilitateur"

    @property
    def label(self) -> str:
        """French complement naming the body: « du PLIE », « de la MDPH »."""
        return _ORGANISME_LABELS[self]


_ORGANISME_LABELS = {
    OrganismeAvis.FRANCE_TRAVAIL: "de France Travail (ex-Pôle emploi)",
    OrganismeAvis.MAISON_EMPLOI: "de la maison de l'emploi",
    OrganismeAvis.PLIE: "du PLIE",
    OrganismeAvis.MISSION_LOCALE: "de la mission locale",
    OrganismeAvis.MDPH: "de la MDPH",
    OrganismeAvis.FACILITATEUR: "du facilitateur de la clause",
}


class InscriptionFranceTravail(_Input):
    """Registration as a jobseeker with France Travail (ex-Pôle emploi)."""

    depuis: IsoDate = Field(ge=EARLIEST_DATE)
    """Start of the current, continuous registration."""
    categorie: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    """Registration category, 1 to 5."""


class AvisMotive(_Input):
    """A reasoned opinion that makes a person eligible by derogation."""

    organisme: OrganismeAvis
    """Who gave it."""
    date: IsoDate
    """When it was given."""


class Personne(_Input):
    """A person whose eligibility to an insertion clause is assessed. All fields optional."""

    id: str | None = Field(default=None, max_length=200)
    """Caller's identifier, echoed in the decision."""
    date_naissance: IsoDate | None = Field(default=None, ge=EARLIEST_DATE)
    """Date of birth."""
    inscription_france_travail: InscriptionFranceTravail | Literal[False] | None = None
    """Registration as a jobseeker; ``false`` when known not to be registered."""
    allocations: tuple[Allocation, ...] | None = None
    """Allocations received; ``[]`` when known to receive none."""
    ayant_droit_rsa: StrictBool | None = None
    """Member of the household of an RSA beneficiary (ayant droit)."""
    obligation_emploi: StrictBool | None = None
    """Beneficiary of the employment obligation (art. L5212-13 C. trav., e.g. RQTH)."""
    orientation_milieu_ordinaire: StrictBool | None = None
    """Oriented towards ordinary (non-sheltered) employment."""
    niveau_qualification: Annotated[StrictInt, Field(ge=1, le=8)] | None = None
    """Qualification level, nomenclature of 2019 (3 = CAP/BEP)."""
    sortie_formation_initiale: IsoDate | None = Field(default=None, ge=EARLIEST_DATE)
    """Date of leaving initial education."""
    prise_en_charge: tuple[PriseEnCharge, ...] | None = None
    """Structures taking charge of the person; ``[]`` when none."""
    residence_qpv: StrictBool | None = None
    """Resides in a quartier prioritaire de la politique de la ville."""
    avis_motive: AvisMotive | None = None
    """Reasoned opinion for a derogation; absent when there is none."""


M = TypeVar("M", bound=BaseModel)


def parse_model(model: type[M], data: Any, *, subject: str) -> M:
    """Validate ``data`` into ``model``; raise :class:`InvalidInputError` naming each field."""
    if isinstance(data, model):
        return data
    if not isinstance(data, Mapping):
        raise InvalidInputError(
            [
                FieldProblem(
                    "(root)", f"expected a mapping of {subject} fields", type(data).__name__
                )
            ],
            subject=subject,
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError(problems_from(exc), subject=subject) from None


def problems_from(exc: ValidationError, prefix: str = "") -> list[FieldProblem]:
    """Turn a pydantic error into field problems (dotted location, message, found value).

    Locations name fields only: the steps pydantic adds for the members of a union
    (``InscriptionFranceTravail``, ``literal[False]``) are dropped; a member that failed
    at a field another member went deeper into is not reported (the input was meant for
    the other); members failing at the same field are reported as one problem.
    """
    models = _model_names()
    entries: list[tuple[tuple[str, ...], bool, str, str | None]] = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        parts = tuple(str(p) for p in loc if not _union_step(p, models))
        found = error.get("input")
        shown = None if error["type"] == "missing" else _show(found)
        entries.append((parts, len(parts) < len(loc), error["msg"], shown))
    deeper = [parts for parts, *_ in entries]
    problems: list[FieldProblem] = []
    union_problem: dict[str, int] = {}  # location -> index in problems
    for parts, in_union, message, shown in entries:
        if in_union and any(len(d) > len(parts) and d[: len(parts)] == parts for d in deeper):
            continue
        location = ".".join(parts) or "(root)"
        if prefix:
            location = f"{prefix}.{location}"
        if in_union and location in union_problem:
            index = union_problem[location]
            before = problems[index]
            if message not in before.message:
                alternative = f"{before.message}, or {message[0].lower()}{message[1:]}"
                problems[index] = FieldProblem(location, alternative, before.found)
            continue
        if in_union:
            union_problem[location] = len(problems)
        problems.append(FieldProblem(location, message, shown))
    return problems


def _union_step(part: str | int, models: frozenset[str]) -> bool:
    return isinstance(part, str) and ("[" in part or part in models)


def _model_names() -> frozenset[str]:
    names: set[str] = set()
    stack: list[type[BaseModel]] = [BaseModel]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            names.add(sub.__name__)
            stack.append(sub)
    return frozenset(names)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------------------


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class SourceRef(_Output):
    """A source cited by a decision (rendered from the catalogue)."""

    source: str
    """Id of the source in the catalogue."""
    title: str
    nature: str
    """Normative force: loi, ordonnance, decret, arrete, circulaire, guide, doctrine, pratique."""
    seed: str | None = None
    lines: str | None = None
    article: str | None = None
    url: str | None = None
    citation: str
    """Readable citation, e.g. ``003_7f42dc19c6252b60.txt:8189``."""


FactJSON = bool | int | str | list[str]
# Facts are produced by clauserules itself (never parsed from input): they are not
# re-validated on the hot path, but their JSON Schema still says what they are.
_FACTS_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            {"type": "boolean"},
            {"type": "integer"},
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
        ]
    },
}
Facts = Annotated[dict[str, Any], WithJsonSchema(_FACTS_SCHEMA)]


class Decision(_Output):
    """What every decision carries: outcome, trace, sources, facts, gaps, warnings."""

    topic: str
    """Family of rules that decided (``publics``, ``articles``...)."""
    outcome: str
    """Stable code of the outcome."""
    at: date
    """Evaluation date (legal meaning depends on the topic)."""
    variant: str | None
    """Named variant of the rules (referential, globalisation text...)."""
    rules: tuple[str, ...]
    """Ids of the rules that fired, in rule-base order."""
    evaluated: tuple[str, ...]
    """Ids of the rules in force that were evaluated."""
    sources: tuple[SourceRef, ...]
    """Sources of the fired rules (of the evaluated rules when none fired)."""
    facts: Facts
    """Facts the rules were evaluated on, derived from the input at ``at``."""
    missing: tuple[str, ...]
    """Input fields whose absence leaves the outcome undetermined."""
    vigilance: tuple[str, ...]
    """Points the buyer or facilitator must still check (French)."""
    version: str = __version__
    """Version of clauserules that decided."""


class EligibilityDecision(Decision):
    """Eligibility of one person under one referential of publics, at one date."""

    personne: str | None
    """The person's ``id``, if given."""
    eligible: bool | None
    """``True``, ``False``, or ``None`` when missing inputs leave it undetermined."""
    referential: str
    """The list of publics applied."""
    criteria: tuple[str, ...]
    """Codes of the criteria met (:class:`clauserules.rules.publics.Critere`)."""
    prioritaire: bool | None = None
    """Meets a priority public of the buyer (``None`` when none was asked or undetermined)."""
    anru_qpv: bool | None = None
    """Resides in a QPV, for ANRU-funded operations (``None`` when not asked or unknown)."""
