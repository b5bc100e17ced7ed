"""Generate the RC, the CCAP and the decision record of a consultation as Word documents.

The documents are rendered by docxtpl from templates that hold wording only
(``clauserules/templates/*.docx``, built from ``templates/src/*.txt``). The context they
see is :class:`DocumentContext`, a typed model built **only from decisions**: the plan of
the consultation (article choice and hours), the sources catalogue and the rule base
(publics of the chosen referential, drafting rules of the topic ``documents``). Raw input
values reach a template only as display text (names, titles, contacts), never as
something a template branches on: templates test decision codes (``instrument.kind``,
``facilitateur.publication``, ``penalites.code``...).

Safety (see ``docs/decisions/0030-generation-documents.md``):

* every template, ours or a user's, is rendered in a Jinja ``SandboxedEnvironment`` with
  ``autoescape=True`` and ``StrictUndefined``: ``&``, ``<``, ``>``, quotes are escaped, an
  unknown variable is a :class:`~clauserules.errors.TemplateVariableError`, a reach for
  Python internals a :class:`~clauserules.errors.TemplateSecurityError`;
* texts of the input are checked first: tabs and line breaks become spaces, any other
  control character is rejected (:class:`~clauserules.errors.ControlCharacterError`),
  naming the field;
* output is reproducible: fixed zip timestamps, core properties dated at the launch date,
  custom properties with the library version, the regime and the rule ids;
* files are rendered in memory, written to a temporary directory inside the output
  directory and moved into place only when every document is ready.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
import jinja2.meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from clauserules._version import __version__
from clauserules.core import _engine
from clauserules.core.decision import SourceRef
from clauserules.core.rulebase import Citation, Rule, RuleBase
from clauserules.errors import (
    ClauseRulesError,
    ControlCharacterError,
    FieldProblem,
    NoRulesInForceError,
    OutputNotWritableError,
    PdfConversionError,
    TemplateFormatError,
    TemplateNotFoundError,
    TemplateSecurityError,
    TemplateSyntaxError,
    TemplateVariableError,
)
from clauserules.plan.service import Hours as PlanHours
from clauserules.plan.service import Instrument as PlanInstrument
from clauserules.plan.service import Plan
from clauserules.rules import documents as documents_rules
from clauserules.rules.publics import TOPIC as PUBLICS_TOPIC
from clauserules.rules.publics import TOPIC_OVERLAY
from clauserules.rules.sources import CATALOGUE
from clauserules.vocabulaire import Critere as CodeCritere
from clauserules.vocabulaire import Referentiel

__all__ = [
    "DOCUMENTS",
    "DocumentContext",
    "GeneratedDocuments",
    "build_context",
    "check_text",
    "context_variables",
    "environment",
    "generate_documents",
    "render_document",
]

DOCUMENTS = ("rc", "ccap", "decision")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
NBSP = "\u00a0"

# ======================================================================================
# Input texts: control characters
# ======================================================================================

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


# ======================================================================================
# French formatting (Jinja filters)
# ======================================================================================

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise TypeError(f"not a number: {value!r}") from None


def format_nombre(value: Any, decimales: int | None = None) -> str:
    """``1200000`` → ``1 200 000`` ; ``812.5`` → ``812,5`` (non-breaking spaces)."""
    number = _decimal(value)
    if decimales is not None:
        number = number.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_EVEN)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    if decimales is None:
        fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = NBSP.join(groups)
    return sign + body + ("," + fraction if fraction else "")


def format_heures(value: Any) -> str:
    """``800`` → ``800 heures`` ; ``1`` → ``1 heure``."""
    number = _decimal(value)
    unit = "heure" if abs(number) <= 1 else "heures"
    return f"{format_nombre(number)}{NBSP}{unit}"


def format_montant(value: Any) -> str:
    """``1200000`` → ``1 200 000,00 €``."""
    return f"{format_nombre(value, 2)}{NBSP}€"


def format_pourcent(value: Any) -> str:
    """A rate ``0.05`` → ``5 %``."""
    return f"{format_nombre(_decimal(value) * 100)}{NBSP}%"


def format_date(value: Any) -> str:
    """``2026-08-21`` → ``21 août 2026`` ; the first day of a month is ``1er``."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if not isinstance(value, date):
        raise TypeError(f"not a date: {value!r}")
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def format_mois(value: Any) -> str:
    """``24`` → ``24 mois``."""
    return f"{format_nombre(value)}{NBSP}mois"


FILTERS = {
    "nombre": format_nombre,
    "heures": format_heures,
    "montant": format_montant,
    "pourcent": format_pourcent,
    "date_fr": format_date,
    "mois": format_mois,
}


MAX_RESULT_LENGTH = 1_000_000
"""Longest text or list a template may build with ``*`` or ``~`` (guards memory)."""


class _Environment(SandboxedEnvironment):
    """Sandboxed, escaping, strict; caches compiled sources (docxtpl compiles per render).

    ``*`` and ``**`` are intercepted so that a template cannot exhaust memory or time with
    ``'a' * 10**9`` or ``9 ** 9 ** 9``.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.globals.clear()
        self.filters.update(FILTERS)
        self._compiled: dict[str, jinja2.Template] = {}
        self._safe: dict[tuple[type, str], bool] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        key = hashlib.sha256(source.encode("utf-8")).hexdigest()
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) > 64:
                self._compiled.clear()
            compiled = super().from_string(source)
            self._compiled[key] = compiled
        return compiled

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float | Decimal) and abs(Decimal(str(right))) > 64:
                raise SecurityError("exponent too large in a template")
            return left**right
        if isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            count = right if isinstance(left, str | list | tuple) else left
            sequence = left if isinstance(left, str | list | tuple) else right
            if isinstance(count, int) and len(sequence) * count > MAX_RESULT_LENGTH:
                raise SecurityError("repetition too long in a template")
        return left * right

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        kind = type(obj)
        if kind in _CONTEXT_TYPES:
            key = (kind, attr)
            safe = self._safe.get(key)
            if safe is None:
                safe = attr in _CONTEXT_TYPES[kind] and super().is_safe_attribute(obj, attr, value)
                self._safe[key] = safe
            return safe
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind in _CONTEXT_TYPES:
            # our frozen dataclasses: data fields only, no item access to try first
            if attribute in _CONTEXT_TYPES[kind] and self.is_safe_attribute(obj, attribute, None):
                return getattr(obj, attribute)
            if attribute.startswith("_") or hasattr(kind, attribute):
                return self.unsafe_undefined(obj, attribute)
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@cache
def environment() -> SandboxedEnvironment:
    """The one Jinja environment of every template: sandboxed, autoescaped, strict."""
    return _Environment()


# ======================================================================================
# The document context: a typed model built from decisions
# ======================================================================================


@dataclass(frozen=True, slots=True)
class SourceCitee:
    """A source cited in a document, rendered from the catalogue."""

    id: str
    titre: str
    nature: str
    citation: str


@dataclass(frozen=True, slots=True)
class Instrument:
    """An insertion instrument of a lot, as decided by the plan."""

    kind: str
    """``condition_execution``, ``critere_attribution``, ``reserve_siae``..."""
    libelle: str
    statut: str
    """``obligatoire``, ``recommande``, ``autorise`` or ``interdit``."""
    statut_libelle: str
    citation: str
    """The article of the regime in force, rendered from the catalogue."""
    motifs: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Parametre:
    libelle: str
    valeur: str


@dataclass(frozen=True, slots=True)
class Heures:
    """Insertion hours of a lot and how they were computed."""

    valeur: Decimal
    methode: str
    methode_libelle: str
    parametres: tuple[Parametre, ...]


@dataclass(frozen=True, slots=True)
class Critere:
    """The award criterion of a lot."""

    nom: str
    poids: Decimal | None
    citation: str


@dataclass(frozen=True, slots=True)
class Reservation:
    """A reservation of a lot: who may bid and what proof is expected."""

    kind: str
    public: str
    citation: str


@dataclass(frozen=True, slots=True)
class ObligationSociale:
    """The mandatory social execution condition (contracts above the EU thresholds)."""

    code: str
    """``obligatoire``, ``exception`` or ``non_applicable``."""
    motif: str
    motif_libelle: str
    justification: str
    citation: str


@dataclass(frozen=True, slots=True)
class Lot:
    id: str
    intitule: str
    montant: Decimal | None
    instruments: tuple[Instrument, ...]
    """Instruments retained for the lot (mandatory, recommended or asked for)."""
    ecartes: tuple[Instrument, ...]
    """Instruments not retained (forbidden, or allowed but not asked for)."""
    condition: Instrument | None
    critere: Critere | None
    reservation: Reservation | None
    marche_insertion: Instrument | None
    heures: Heures | None
    obligation: ObligationSociale
    vigilance: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Groupes:
    """The lots grouped by decision, for articles that cover several lots at once."""

    condition: tuple[Lot, ...]
    """Lots with an execution condition."""
    critere: tuple[Lot, ...]
    """Lots with an award criterion."""
    execution: tuple[Lot, ...]
    """Lots whose contractor owes insertion hours (execution condition or award criterion)."""
    critere_seul: tuple[Lot, ...]
    """Lots with an award criterion and no execution condition (hours of the offer)."""
    reservation: tuple[Lot, ...]
    marche_insertion: tuple[Lot, ...]
    obligatoire: tuple[Lot, ...]
    """Lots under the mandatory social execution condition."""
    exception: tuple[Lot, ...]
    """Lots where the buyer recorded an exception to the mandatory condition."""
    sans_clause: tuple[Lot, ...]
    condition_citation: str
    """Legal basis of the execution condition in the regime in force."""
    obligation_citation: str
    """Legal basis of the mandatory social condition (empty when it does not apply)."""


@dataclass(frozen=True, slots=True)
class CriterePublic:
    titre: str
    citation: str


@dataclass(frozen=True, slots=True)
class Publics:
    referentiel: str
    referentiel_libelle: str
    criteres: tuple[CriterePublic, ...]
    prioritaires: tuple[str, ...]
    anru: str
    """``qpv`` when the operation is funded by the ANRU, else ``aucun``."""
    anru_citation: str
    vigilance: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Facilitateur:
    publication: str
    """``coordonnees`` (with consent), ``mention_neutre`` (without) or ``aucun``."""
    nom: str
    contact: str
    citation: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """A drafting decision of the rule base (topic ``documents``)."""

    code: str
    titre: str
    citation: str


@dataclass(frozen=True, slots=True)
class Penalites:
    code: str
    """``par_heure`` (amount set by the buyer) or ``sans_montant``."""
    montant: Decimal | None
    citation: str


@dataclass(frozen=True, slots=True)
class Ccag:
    code: str
    """``travaux``, ``fcs``, ``pi``, ``tic``, ``mi``, ``moe``, or ``aucun`` before 2021."""
    libelle: str
    citation: str


@dataclass(frozen=True, slots=True)
class Fait:
    nom: str
    valeur: str


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One decision, as recorded in ``decision.docx``."""

    sujet: str
    resultat: str
    regles: tuple[str, ...]
    """Rule ids, each with its title."""
    motifs: tuple[str, ...]
    sources: tuple[str, ...]
    faits: tuple[Fait, ...]
    vigilance: tuple[str, ...]
    manquants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Document:
    code: str
    titre: str
    version: str


@dataclass(frozen=True, slots=True)
class Acheteur:
    nom: str
    type_libelle: str


@dataclass(frozen=True, slots=True)
class ConsultationInfo:
    objet: str
    contrat: str
    """``marche`` or ``concession``."""
    contrat_libelle: str
    nature: str
    nature_libelle: str
    date_lancement: date
    duree_mois: int | None
    reference: str


@dataclass(frozen=True, slots=True)
class Regime:
    code: str
    libelle: str


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """Everything a template may use. Built by :func:`build_context` from decisions only."""

    document: Document
    acheteur: Acheteur
    consultation: ConsultationInfo
    regime: Regime
    lots: tuple[Lot, ...]
    groupes: Groupes
    base_legale: tuple[Instrument, ...]
    """One instrument of each kind retained in some lot (the legal basis of the clause)."""
    clause: Redaction
    publics: Publics
    facilitateur: Facilitateur
    modalites: Redaction
    decompte: Redaction
    regles_decompte: tuple[str, ...]
    """Codes of the counting rules adopted (``regle_24_mois``...)."""
    globalisation: Redaction
    controle: Redaction
    penalites: Penalites
    difficultes: Redaction
    ccag: Ccag
    decisions: tuple[DecisionRecord, ...]
    vigilance: tuple[str, ...]
    sources: tuple[SourceCitee, ...]
    regles: tuple[str, ...]
    """Every rule id behind the documents, sorted."""

    def for_document(self, code: str) -> DocumentContext:
        return dataclasses.replace(
            self, document=Document(code, _DOCUMENT_TITLES[code], self.document.version)
        )

    def as_mapping(self) -> dict[str, Any]:
        """The top-level names a template sees."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


_CONTEXT_TYPES: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in dataclasses.fields(cls))
    for cls in (
        SourceCitee,
        Instrument,
        Parametre,
        Heures,
        Critere,
        Reservation,
        ObligationSociale,
        Lot,
        Groupes,
        CriterePublic,
        Publics,
        Facilitateur,
        Redaction,
        Penalites,
        Ccag,
        Fait,
        DecisionRecord,
        Document,
        Acheteur,
        ConsultationInfo,
        Regime,
        DocumentContext,
    )
}
"""Types of the document context and their fields: the only attributes templates reach."""

_DOCUMENT_TITLES = {
    "rc": "Règlement de la consultation",
    "ccap": "Cahier des clauses administratives particulières",
    "decision": "Registre des décisions — clause sociale d'insertion",
}


def context_variables() -> dict[str, Any]:
    """The tree of names a template may use: ``{name: subtree or None}`` (for linting)."""

    def tree(cls: Any) -> dict[str, Any] | None:
        if not dataclasses.is_dataclass(cls):
            return None
        hints = _hints(cls)
        result: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            result[f.name] = tree(_inner_type(hints[f.name]))
        return result

    top = tree(DocumentContext)
    assert top is not None
    return top


def _hints(cls: Any) -> dict[str, Any]:
    import typing

    return typing.get_type_hints(cls)


def _inner_type(hint: Any) -> Any:
    import types
    import typing

    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        return _inner_type(typing.get_args(hint)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _inner_type(args[0]) if len(args) == 1 else None
    return hint


# --- labels (wording of codes; never a branch) -------------------------------------------

KIND_LABELS = {
    "condition_execution": "Condition d'exécution à caractère social (clause d'insertion)",
    "critere_attribution": "Critère d'attribution relatif à l'insertion professionnelle",
    "reserve_ea_esat": "Lot réservé aux entreprises adaptées et ESAT",
    "reserve_siae": "Lot réservé aux structures d'insertion par l'activité économique",
    "reserve_ea_esat_siae": "Lot réservé aux EA, ESAT et SIAE",
    "reserve_detenus": "Lot réservé aux opérateurs employant des personnes détenues",
    "reserve_ess": "Lot réservé aux entreprises de l'économie sociale et solidaire",
    "marche_insertion": "Marché d'insertion et de qualification professionnelle",
}
RESERVATION_PUBLICS = {
    "reserve_ea_esat": (
        "les entreprises adaptées, les établissements et services d'aide par le travail "
        "et les structures équivalentes"
    ),
    "reserve_siae": (
        "les structures d'insertion par l'activité économique et les structures équivalentes"
    ),
    "reserve_ea_esat_siae": (
        "les entreprises adaptées, les établissements et services d'aide par le travail, "
        "les structures d'insertion par l'activité économique et les structures équivalentes"
    ),
    "reserve_detenus": (
        "les opérateurs économiques qui exécutent le marché par une activité de production "
        "en établissement pénitentiaire employant des personnes détenues"
    ),
    "reserve_ess": (
        "les entreprises de l'économie sociale et solidaire et les structures équivalentes "
        "ayant pour objectif d'assumer une mission de service public liée aux services du lot"
    ),
}
STATUS_LABELS = {
    "obligatoire": "obligatoire",
    "recommande": "recommandé",
    "autorise": "autorisé",
    "interdit": "interdit",
}
METHOD_LABELS = {
    "main_oeuvre": "montant × part de main-d'œuvre ÷ coût horaire × taux d'insertion",
    "ratio_montant": "une heure par tranche de montant facturé",
}
MOTIF_LABELS = {
    "solution_immediatement_disponible": "le besoin peut être satisfait par une solution immédiatement disponible",
    "lien_insuffisant_objet": "une telle condition ne présenterait pas un lien suffisant avec l'objet du contrat",
    "restriction_concurrence_ou_difficulte_execution": (
        "une telle condition restreindrait la concurrence ou rendrait l'exécution "
        "techniquement ou économiquement difficile"
    ),
}
NATURE_LABELS = {
    "travaux": "travaux",
    "fournitures": "fournitures",
    "services": "services",
    "prestations_intellectuelles": "prestations intellectuelles",
}
CONTRAT_LABELS = {"marche": "marché public", "concession": "contrat de concession"}
ACHETEUR_LABELS = {
    "etat": "État",
    "collectivite": "collectivité territoriale",
    "etablissement_public": "établissement public",
    "etablissement_sante": "établissement de santé",
    "bailleur_social": "bailleur social",
    "entite_adjudicatrice": "entité adjudicatrice",
    "autre": "acheteur public",
}
CCAG_BY_NATURE = {
    "travaux": "travaux",
    "fournitures": "fcs",
    "services": "fcs",
    "prestations_intellectuelles": "pi",
}
COUNTING_RULES = (
    "regle_24_mois",
    "regle_cdi_deuxieme_annee",
    "regle_marche_long",
    "regle_heures_formation",
)
RETAINED = ("obligatoire", "recommande")


# --- options of the documents (buyer's drafting choices) ---------------------------------


@dataclass(frozen=True, slots=True)
class DocumentOptions:
    """Drafting choices of the buyer, read from the ``documents`` key of the consultation.

    ``penalite_par_heure``: amount per missing insertion hour (none: no amount);
    ``globalisation``: ``ave-2014``, ``igas-2016`` or ``aucune``; ``ccag``: the CCAG of
    reference (default from the nature of the contract); ``decompte``: counting rules
    adopted in the CCAP (default: the four rules of the AVE recueil); ``reference``: the
    buyer's reference of the consultation.
    """

    penalite_par_heure: Decimal | None = None
    globalisation: str = "ave-2014"
    ccag: str | None = None
    decompte: tuple[str, ...] = COUNTING_RULES
    reference: str = ""

    @classmethod
    def parse(cls, data: Any) -> DocumentOptions:
        if data is None:
            return cls()
        problems: list[FieldProblem] = []
        if not isinstance(data, Mapping):
            raise _invalid("documents", "expected a mapping of drafting options", data)
        known = {"penalite_par_heure", "globalisation", "ccag", "decompte", "reference"}
        for key in data:
            if key not in known:
                problems.append(
                    FieldProblem(
                        f"documents.{key}", f"unknown option; expected one of {sorted(known)}"
                    )
                )
        penalty = data.get("penalite_par_heure")
        amount: Decimal | None = None
        if penalty is not None:
            try:
                amount = _decimal(penalty)
                if amount <= 0:
                    raise TypeError
            except TypeError:
                problems.append(
                    FieldProblem(
                        "documents.penalite_par_heure",
                        "expected a positive amount in euros",
                        repr(penalty),
                    )
                )
        glob = data.get("globalisation", "ave-2014")
        if glob not in ("ave-2014", "igas-2016", "aucune"):
            problems.append(
                FieldProblem(
                    "documents.globalisation", "expected ave-2014, igas-2016 or aucune", repr(glob)
                )
            )
        ccag = data.get("ccag")
        if ccag is not None and ccag not in documents_rules._CCAG_LABELS:
            problems.append(
                FieldProblem(
                    "documents.ccag",
                    f"expected one of {', '.join(documents_rules._CCAG_LABELS)}",
                    repr(ccag),
                )
            )
        counting = data.get("decompte", list(COUNTING_RULES))
        if not isinstance(counting, list) or any(c not in COUNTING_RULES for c in counting):
            problems.append(
                FieldProblem(
                    "documents.decompte",
                    f"expected a list among {', '.join(COUNTING_RULES)}",
                    repr(counting),
                )
            )
        reference = data.get("reference", "")
        if not isinstance(reference, str):
            problems.append(FieldProblem("documents.reference", "expected a text", repr(reference)))
        if problems:
            from clauserules.errors import InvalidInputError

            raise InvalidInputError(problems, subject="consultation")
        return cls(
            penalite_par_heure=amount,
            globalisation=str(glob),
            ccag=ccag,
            decompte=tuple(c for c in COUNTING_RULES if c in counting),
            reference=reference,
        )


def _invalid(location: str, message: str, found: Any) -> ClauseRulesError:
    from clauserules.errors import InvalidInputError

    return InvalidInputError(
        [FieldProblem(location, message, repr(found)[:60])], subject="consultation"
    )


# --- from the plan ----------------------------------------------------------------------


def _ref_text(ref: SourceRef) -> str:
    """A source reference for the decision record: article, or title and seed lines."""
    if ref.article:
        return ref.citation
    if ref.seed and ref.lines:
        return f"{ref.title} ({ref.seed}:{ref.lines})"
    return ref.title


def _refs(refs: Iterable[SourceRef]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_ref_text(r) for r in refs))


def _citation_text(citation: Citation) -> str:
    if citation.article:
        return citation.render()
    if citation.source.seed and citation.lines:
        return f"{citation.source.title} ({citation.source.seed}:{citation.lines})"
    return citation.source.title


def _in_text(rule: Rule) -> str:
    """How a drafting rule is cited inside the RC or the CCAP: the titles of its sources."""
    return "; ".join(
        dict.fromkeys(c.render() if c.article else c.source.title for c in rule.sources)
    )


def _legal_citation(data: PlanInstrument) -> str:
    """The article of an instrument as a legal document cites it: text and article only.

    The plan's citation may end with the seed lines that quote the text
    (``… art. 14 — 003_….txt:391-399``): they belong to the decision record, not the RC.
    """
    if not data.citation:
        return ""
    for ref in data.sources:
        if ref.citation == data.citation and ref.article:
            return f"{ref.title}, art. {ref.article}"
    return data.citation.split(" — ")[0]


def _instrument(data: PlanInstrument) -> Instrument:
    return Instrument(
        kind=data.kind.value,
        libelle=KIND_LABELS.get(data.kind.value, data.label),
        statut=data.status,
        statut_libelle=STATUS_LABELS[data.status],
        citation=_legal_citation(data),
        motifs=tuple(data.reasons),
        sources=_refs(data.sources),
    )


_PARAMETER_LABELS = {
    "montant_estime_ht": "montant estimé HT",
    "part_main_oeuvre": "part de main-d'œuvre",
    "cout_horaire": "coût horaire",
    "taux_insertion": "taux d'insertion",
    "euros_par_heure": "montant facturé par heure d'insertion",
}
_PARAMETERS_OF_METHOD = {
    "main_oeuvre": ("montant_estime_ht", "part_main_oeuvre", "cout_horaire", "taux_insertion"),
    "ratio_montant": ("montant_estime_ht", "euros_par_heure"),
}


def _hours(hours: PlanHours) -> Heures:
    wanted = _PARAMETERS_OF_METHOD.get(hours.method, tuple(hours.parameters))
    parameters = tuple(
        Parametre(
            _PARAMETER_LABELS.get(key, key.replace("_", " ")),
            _param_text(key, hours.parameters[key].value),
        )
        for key in wanted
        if key in hours.parameters
    )
    return Heures(
        valeur=hours.value,
        methode=hours.method,
        methode_libelle=METHOD_LABELS.get(hours.method, hours.method.replace("_", " ")),
        parametres=parameters,
    )


def _param_text(key: str, raw: Any) -> str:
    number = _decimal(raw)
    if key.startswith(("part", "taux")):
        return format_pourcent(number)
    if key.startswith(("montant", "cout", "euros")):
        return format_montant(number)
    return format_nombre(number)


# ======================================================================================
# build_context
# ======================================================================================


class _Record:
    """Collects the decisions of the record and every rule id used."""

    def __init__(self, rules_in_force: Mapping[str, Rule], missing: Sequence[str]) -> None:
        self.rules_in_force = rules_in_force
        self.missing = tuple(missing)
        self.records: list[DecisionRecord] = []
        self.rule_ids: set[str] = set()
        self.vigilance: list[str] = []

    def add(
        self,
        sujet: str,
        resultat: str,
        rules: Iterable[str],
        *,
        motifs: Iterable[str] = (),
        sources: Iterable[str] = (),
        faits: Mapping[str, Any] | None = None,
        vigilance: Iterable[str] = (),
        manquants: Iterable[str] = (),
    ) -> None:
        ids = tuple(dict.fromkeys(rules))
        self.rule_ids.update(ids)
        titles = tuple(
            f"{rule_id} — {self.rules_in_force[rule_id].title}"
            if rule_id in self.rules_in_force
            else rule_id
            for rule_id in ids
        )
        points = tuple(dict.fromkeys(vigilance))
        self.vigilance.extend(points)
        self.records.append(
            DecisionRecord(
                sujet=sujet,
                resultat=resultat,
                regles=titles,
                motifs=tuple(motifs),
                sources=tuple(dict.fromkeys(sources)),
                faits=_facts(faits or {}),
                vigilance=points,
                manquants=tuple(manquants),
            )
        )


def _rule_sources(rules: Iterable[Rule]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_citation_text(c) for rule in rules for c in rule.sources))


def build_context(
    consultation: Mapping[str, Any],
    plan: Plan,
    options: DocumentOptions | None = None,
) -> DocumentContext:
    """The document context of a consultation, built from decisions only.

    ``plan`` is the result of :func:`clauserules.plan.plan_consultation` (instruments,
    hours, mandatory condition), to which the rule base adds the publics of the chosen
    referential and the drafting decisions of the topic ``documents``. ``consultation``
    (the checked input) is read only for display texts and buyer's choices that the plan
    does not echo: the facilitator's details and consent, the weight of an award criterion.
    """
    from clauserules.rules import rulebase

    options = options or DocumentOptions()
    at = plan.date_lancement
    base = rulebase()
    in_force = {rule.id: rule for rule in base.rules if rule.in_force(at)}
    record = _Record(in_force, plan.missing)
    raw_lots = {
        str(lot.get("id")): lot
        for lot in consultation.get("lots") or ()
        if isinstance(lot, Mapping)
    }

    record.add(
        "Régime juridique applicable",
        f"{plan.regime.label} (consultation lancée le {format_date(at)})",
        (r for r in plan.rules if r.startswith("articles.regime.")),
        sources=_rule_sources(
            in_force[r] for r in plan.rules if r.startswith("articles.regime.") and r in in_force
        ),
        faits={"date_lancement": at.isoformat(), "contrat": plan.contrat},
    )
    seuil = plan.seuil_europeen
    if seuil.montant is not None:
        reached = {True: "atteint", False: "non atteint", None: "indéterminé"}[seuil.atteint]
        record.add(
            "Seuil européen et condition sociale obligatoire",
            f"seuil de {format_montant(seuil.montant)} ({seuil.label}, {seuil.periode}) {reached} "
            f"par la valeur estimée de {format_montant(seuil.valeur_estimee_ht)}",
            seuil.rules,
            sources=(seuil.citation,) if seuil.citation else (),
            faits={
                "valeur_estimee_ht": str(seuil.valeur_estimee_ht),
                "seuil_atteint": seuil.atteint is True,
            },
            vigilance=(
                ("Seuil européen de la période marqué incertain : le vérifier avant publication.",)
                if seuil.incertain
                else ()
            ),
        )
    record.add(
        "Schéma de promotion des achats socialement et écologiquement responsables (SPASER)",
        plan.spaser.statut.replace("_", " "),
        plan.spaser.rules,
        motifs=plan.spaser.reasons,
        sources=_refs(plan.spaser.sources),
    )

    lots: list[Lot] = []
    for lot_plan in plan.lots:
        raw = raw_lots.get(lot_plan.id, {})
        instruments = [(_instrument(i), i) for i in lot_plan.instruments]
        retained = tuple(
            inst
            for inst, data in instruments
            if data.status == "obligatoire" or (data.selected and data.status != "interdit")
        )
        ecartes = tuple(inst for inst, _ in instruments if inst not in retained)
        by_kind = {i.kind: i for i in retained}
        criterion = by_kind.get("critere_attribution")
        reservation = next((i for i in retained if i.kind.startswith("reserve_")), None)
        weight = raw.get("poids_critere")
        obligation = lot_plan.obligation_sociale
        motif = obligation.motif or ""
        heures = _hours(lot_plan.hours)
        lot = Lot(
            id=lot_plan.id,
            intitule=lot_plan.intitule,
            montant=lot_plan.montant_estime_ht,
            instruments=retained,
            ecartes=ecartes,
            condition=by_kind.get("condition_execution"),
            critere=Critere(
                nom="Performances en matière d'insertion professionnelle des publics en difficulté",
                poids=_decimal(weight) if weight is not None else None,
                citation=criterion.citation,
            )
            if criterion
            else None,
            reservation=Reservation(
                reservation.kind, RESERVATION_PUBLICS[reservation.kind], reservation.citation
            )
            if reservation
            else None,
            marche_insertion=by_kind.get("marche_insertion"),
            heures=heures if retained else None,
            obligation=ObligationSociale(
                code=obligation.code,
                motif=motif,
                motif_libelle=MOTIF_LABELS.get(motif, motif.replace("_", " ")),
                justification=obligation.justification or "",
                citation=obligation.citation or "",
            ),
            vigilance=tuple(lot_plan.vigilance),
        )
        lots.append(lot)
        others: list[PlanInstrument] = []
        for inst, data in instruments:
            if inst not in retained and not (data.selected or data.status == "recommande"):
                others.append(data)
                continue
            kept = "retenu" if inst in retained else "non retenu"
            record.add(
                f"Lot {lot.id} — {inst.libelle}",
                f"{inst.statut_libelle}, {kept}" + (f" — {inst.citation}" if inst.citation else ""),
                data.rules,
                motifs=data.reasons,
                sources=inst.sources,
                manquants=record.missing,
            )
        if others:
            record.add(
                f"Lot {lot.id} — autres dispositifs examinés, non demandés",
                " ; ".join(
                    f"{KIND_LABELS.get(d.kind.value, d.label)} : {STATUS_LABELS[d.status]}"
                    + (f" ({d.citation})" if d.citation else "")
                    for d in others
                ),
                (rule for d in others for rule in d.rules),
                motifs=tuple(dict.fromkeys(reason for d in others for reason in d.reasons)),
                sources=tuple(dict.fromkeys(src for d in others for src in _refs(d.sources))),
                faits=lot_plan.facts,
                manquants=record.missing,
            )
        else:
            record.add(
                f"Lot {lot.id} — faits du lot",
                "faits sur lesquels les dispositifs du lot ont été évalués",
                (),
                faits=lot_plan.facts,
            )
        record.add(
            f"Lot {lot.id} — condition sociale obligatoire",
            {
                "obligatoire": "obligatoire",
                "exception": f"exception : {lot.obligation.motif_libelle}",
                "non_applicable": "non applicable",
            }[obligation.code]
            + (f" — {obligation.citation}" if obligation.citation else ""),
            (r for r in lot_plan.rules if "obligation-sociale" in r),
            motifs=(obligation.justification,) if obligation.justification else (),
            faits={
                k: v
                for k, v in lot_plan.facts.items()
                if k in ("valeur_estimee_ge_seuil", "exception_obligation_sociale")
            },
            vigilance=lot_plan.vigilance,
        )
        hours = lot_plan.hours
        record.add(
            f"Lot {lot.id} — heures d'insertion",
            f"{format_heures(hours.value)} ({heures.methode_libelle} ; {hours.rounding})",
            hours.rules,
            sources=(
                *(
                    f"{_PARAMETER_LABELS.get(k, k)} : {p.citation}"
                    for k, p in hours.parameters.items()
                    if p.citation
                ),
                *_refs(hours.sources),
            ),
            faits={
                **{
                    k: f"{p.value} ({'lot' if p.origin == 'lot' else 'défaut'})"
                    for k, p in hours.parameters.items()
                },
                **(
                    {"minimum_anru": str(hours.minimum_anru)}
                    if hours.minimum_anru is not None
                    else {}
                ),
            },
            vigilance=hours.vigilance,
        )
        record.rule_ids.update(lot_plan.rules)

    has_clause = any(lot.instruments for lot in lots)
    has_condition = any(lot.condition for lot in lots)
    ccag_code = options.ccag or CCAG_BY_NATURE.get(plan.nature, "fcs")
    facilitator = consultation.get("facilitateur") or {}
    consent = (
        facilitator.get("consentement_publication") if isinstance(facilitator, Mapping) else None
    )
    facts: dict[str, Any] = {
        "clause": has_clause,
        "condition_execution": has_condition,
        "penalite_definie": options.penalite_par_heure is not None,
        "ccag": ccag_code,
        "globalisation": options.globalisation,
    }
    if isinstance(consent, bool):
        facts["consentement_publication"] = consent
    drafting_rules = base.in_force(documents_rules.TOPIC, at)
    fired_ids = _engine.evaluate(drafting_rules, facts)
    fired = {r.id: r for r in drafting_rules if r.id in fired_ids}

    def drafting(prefix: str, default: str = "aucun") -> tuple[Redaction, Rule | None]:
        for rule_id, rule in fired.items():
            if rule_id.startswith(prefix):
                code = str(next(iter(rule.then.values()), default))
                return Redaction(code, rule.title, _in_text(rule)), rule
        return Redaction(default, "", ""), None

    # rules of other topics that apply what the CCAP adopts (issue 4: comptage, globalisation)
    applied: dict[str, tuple[str, ...]] = {}
    if options.globalisation != "aucune":
        try:
            applied["documents.globalisation."] = tuple(
                r.id for r in base.in_force("globalisation", at, options.globalisation)
            )
        except NoRulesInForceError:
            applied["documents.globalisation."] = ()
    try:
        counting = base.in_force("comptage", at)
        applied["documents.decompte."] = tuple(r.id for r in counting)
        marche = base.in_force("comptage.marche", at)
        applied["documents.penalites."] = tuple(r.id for r in marche if ".penalite" in r.id)
        applied["documents.difficultes."] = tuple(
            r.id for r in marche if r.id.endswith("proratisation")
        )
    except NoRulesInForceError:
        pass
    for rule in fired.values():
        prefix = rule.id.rsplit(".", 1)[0] + "."
        also = applied.get(prefix, ()) if not rule.id.startswith("documents.ccag") else ()
        record.add(
            f"Rédaction — {rule.title}",
            str(next(iter(rule.then.values()), "")).replace("_", " "),
            (rule.id, *also),
            sources=_rule_sources((rule,)),
            faits={k: facts[k] for k in sorted(rule.when.fields()) if k in facts},
            vigilance=rule.vigilance,
            motifs=rule.interpretations,
        )
    if facilitator and "consentement_publication" not in facts:
        record.add(
            "Rédaction — coordonnées du facilitateur",
            "mention neutre, faute de réponse sur l'accord du facilitateur",
            (),
            manquants=("facilitateur.consentement_publication",),
        )

    fac_rule, _ = drafting("documents.facilitateur.")
    publication = (
        fac_rule.code
        if fac_rule.code != "aucun"
        else ("mention_neutre" if facilitator else "aucun")
    )
    facilitateur = Facilitateur(
        publication=publication,
        nom=str(facilitator.get("nom") or "") if publication == "coordonnees" else "",
        contact=str(facilitator.get("contact") or "") if publication == "coordonnees" else "",
        citation=fac_rule.citation,
    )
    penalty, _ = drafting("documents.penalites.", "sans_montant")
    ccag_rule, ccag_source = drafting("documents.ccag-2021.")

    publics, public_rules = _publics(plan, at)
    record.add(
        f"Publics éligibles — référentiel {publics.referentiel}",
        f"{len(publics.criteres)} catégories ({publics.referentiel_libelle})"
        + (
            f" ; publics prioritaires : {', '.join(publics.prioritaires)}"
            if publics.prioritaires
            else ""
        )
        + (" ; résidence en QPV (ANRU)" if publics.anru == "qpv" else ""),
        sorted(public_rules),
        sources=_rule_sources(in_force[r] for r in sorted(public_rules) if r in in_force),
        faits={
            "referentiel_publics": plan.referentiel_publics,
            "publics_prioritaires": list(plan.publics_prioritaires),
        },
        vigilance=publics.vigilance,
    )
    kinds: dict[str, Instrument] = {}
    for lot in lots:
        for instrument in lot.instruments:
            kinds.setdefault(instrument.kind, instrument)
    record.rule_ids.update(plan.rules)
    return DocumentContext(
        document=Document("rc", _DOCUMENT_TITLES["rc"], __version__),
        acheteur=Acheteur(
            nom=plan.acheteur,
            type_libelle=ACHETEUR_LABELS.get(plan.type_acheteur, "acheteur public"),
        ),
        consultation=ConsultationInfo(
            objet=plan.objet,
            contrat=plan.contrat,
            contrat_libelle=CONTRAT_LABELS.get(plan.contrat, plan.contrat),
            nature=plan.nature,
            nature_libelle=NATURE_LABELS.get(plan.nature, plan.nature),
            date_lancement=at,
            duree_mois=_int_or_none(plan.facts.get("duree_mois")),
            reference=options.reference,
        ),
        regime=Regime(plan.regime.code, plan.regime.label),
        lots=tuple(lots),
        groupes=_groupes(lots),
        base_legale=tuple(kinds.values()),
        clause=Redaction("clause" if has_clause else "aucune", "", ""),
        publics=publics,
        facilitateur=facilitateur,
        modalites=drafting("documents.modalites.")[0],
        decompte=drafting("documents.decompte.")[0],
        regles_decompte=options.decompte,
        globalisation=drafting("documents.globalisation.", "aucune")[0],
        controle=drafting("documents.controle.")[0],
        penalites=Penalites(
            code=penalty.code,
            montant=options.penalite_par_heure if penalty.code == "par_heure" else None,
            citation=penalty.citation,
        ),
        difficultes=drafting("documents.difficultes.")[0],
        ccag=Ccag(
            code=ccag_rule.code,
            libelle=documents_rules.ccag_label(ccag_rule.code) if ccag_rule.code != "aucun" else "",
            citation=_ccag_article(ccag_source),
        ),
        decisions=tuple(record.records),
        vigilance=tuple(dict.fromkeys((*plan.vigilance, *record.vigilance))),
        sources=_all_sources(plan, record.rule_ids, base),
        regles=tuple(sorted(record.rule_ids)),
    )


def _groupes(lots: Sequence[Lot]) -> Groupes:
    condition = tuple(lot for lot in lots if lot.condition)
    obligatoire = tuple(lot for lot in lots if lot.obligation.code == "obligatoire")
    return Groupes(
        condition=condition,
        critere=tuple(lot for lot in lots if lot.critere),
        execution=tuple(lot for lot in lots if lot.condition or lot.critere),
        critere_seul=tuple(lot for lot in lots if lot.critere and not lot.condition),
        reservation=tuple(lot for lot in lots if lot.reservation),
        marche_insertion=tuple(lot for lot in lots if lot.marche_insertion),
        obligatoire=obligatoire,
        exception=tuple(lot for lot in lots if lot.obligation.code == "exception"),
        sans_clause=tuple(lot for lot in lots if not lot.instruments),
        condition_citation=next((lot.condition.citation for lot in condition if lot.condition), ""),
        obligation_citation=next((lot.obligation.citation for lot in obligatoire), ""),
    )


def _ccag_article(rule: Rule | None) -> str:
    """``article 16.1`` or the named sub-article, from the drafting rule's conclusion."""
    if rule is None:
        return ""
    article = str(rule.then.get("article", ""))
    return f"article {article}" if article[:1].isdigit() else f"article {article}".strip()


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _facts(data: Mapping[str, Any]) -> tuple[Fait, ...]:
    return tuple(Fait(str(k), _fact_text(v)) for k, v in sorted(data.items()))


def _fact_text(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None:
        return "inconnu"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(aucun)"
    return str(value)


def _publics(plan: Plan, at: date) -> tuple[Publics, set[str]]:
    from clauserules.rules import rulebase

    ref = Referentiel(plan.referentiel_publics)
    base = rulebase()
    warnings: list[str] = []
    seen: dict[str, CriterePublic] = {}
    ids: set[str] = set()
    try:
        rules = base.in_force(PUBLICS_TOPIC, at, ref.value)
    except NoRulesInForceError:
        # The lists of publics are soft law published from December 2014: for an older
        # consultation the earliest version of the chosen list is given, with a warning.
        start, _ = base.coverage(PUBLICS_TOPIC, ref.value)
        rules = base.in_force(PUBLICS_TOPIC, start, ref.value)
        warnings.append(
            f"Le référentiel de publics « {ref.label} » n'était pas publié à la date de "
            f"lancement ({format_date(at)}) ; sa première version ({format_date(start)}) est "
            "reprise au CCAP : vérifier la liste des publics retenue à l'époque."
        )
    for rule in rules:
        ids.add(rule.id)
        seen.setdefault(rule.title, CriterePublic(rule.title, _in_text(rule)))
    known = {c.value for c in CodeCritere}
    priorities = tuple(CodeCritere(p).label for p in plan.publics_prioritaires if p in known)
    anru, anru_citation = "aucun", ""
    if str(plan.facts.get("financement_anru", "aucun")) != "aucun":
        try:
            overlays = base.in_force(TOPIC_OVERLAY, at)
        except NoRulesInForceError:
            overlays = ()
        for rule in overlays:
            if rule.id == "publics.overlay.anru-qpv":
                anru, anru_citation = "qpv", _in_text(rule)
                ids.add(rule.id)
    if priorities:
        ids.add("publics.overlay.prioritaire")
    publics = Publics(
        referentiel=ref.value,
        referentiel_libelle=ref.label,
        criteres=tuple(seen.values()),
        prioritaires=priorities,
        anru=anru,
        anru_citation=anru_citation,
        vigilance=tuple(warnings),
    )
    return publics, ids


def _all_sources(plan: Plan, rule_ids: Iterable[str], base: RuleBase) -> tuple[SourceCitee, ...]:
    found: dict[str, SourceCitee] = {}

    def add(source_id: str) -> None:
        source = CATALOGUE.get(source_id)
        if source is not None and source_id not in found:
            found[source_id] = SourceCitee(
                source_id, source.title, source.nature.label, source.title
            )

    for ref in plan.sources:
        add(ref.source)
    for lot in plan.lots:
        for instrument in lot.instruments:
            for ref in instrument.sources:
                add(ref.source)
        for ref in lot.hours.sources:
            add(ref.source)
    wanted = set(rule_ids)
    for rule in base.rules:
        if rule.id in wanted and rule.in_force(plan.date_lancement):
            for citation in rule.sources:
                add(citation.source.id)
    return tuple(sorted(found.values(), key=lambda s: s.titre))


# ======================================================================================
# Rendering
# ======================================================================================


def _load_template(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TemplateNotFoundError("template file not found", template=str(path)) from None
    except OSError as exc:
        raise TemplateNotFoundError(
            f"template cannot be read: {exc.strerror}", template=str(path)
        ) from None
    check_docx(data, str(path))
    return data


def check_docx(data: bytes, name: str) -> None:
    """Raise :class:`TemplateFormatError` unless ``data`` is a Word document."""
    if not data.startswith(b"PK"):
        raise TemplateFormatError("not a Word .docx document (not a zip archive)", template=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise TemplateFormatError(
            "not a Word .docx document (damaged zip archive)", template=name
        ) from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise TemplateFormatError(
            "not a Word .docx document (no word/document.xml in the archive)", template=name
        )


_RENDERED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


class CompiledTemplate:
    """A Word template read, patched by docxtpl and compiled once.

    docxtpl's own pipeline re-reads the package with python-docx, re-patches and
    re-compiles the XML on every render; we do it once per template and render the XML
    parts (body, headers, footers, notes) directly, with docxtpl's patching and listing
    rules. Every rendered part must be well-formed XML, or the render fails.
    """

    def __init__(self, data: bytes, name: str) -> None:
        from docxtpl import DocxTemplate

        check_docx(data, name)
        self.name = name
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.order = [info.filename for info in archive.infolist()]
            self.parts = {n: archive.read(n) for n in self.order}
        self.deflated = {
            part: _deflate(self.parts[part])
            for part in self.order
            if part not in _SPECIAL_PARTS and not _RENDERED_PART.fullmatch(part)
        }
        helper = DocxTemplate.__new__(DocxTemplate)
        env = environment()
        self.compiled: dict[str, jinja2.Template] = {}
        self.sources: dict[str, str] = {}
        self.tables: set[str] = set()
        self.variables: set[str] = set()
        for part in self.order:
            if not _RENDERED_PART.fullmatch(part):
                continue
            try:
                text = self.parts[part].decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateFormatError(f"{part} is not UTF-8 XML", template=name) from None
            if "{" not in text:
                continue
            patched = helper.patch_xml(text)
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
            try:
                ast = env.parse(source)
                self.compiled[part] = env.from_string(source)
                self.sources[part] = source
            except jinja2.TemplateSyntaxError as exc:
                lines = source.splitlines()[max((exc.lineno or 1) - 2, 0) : (exc.lineno or 1) + 1]
                near = " ".join(re.sub(r"<[^>]+>", "", line) for line in lines)
                raise TemplateSyntaxError(
                    f"template syntax error: {exc.message} (check for « », curly quotes or "
                    "non-breaking spaces inside {{ }} or {% %} tags; run clauserules "
                    "check-template)",
                    template=name,
                    context=" ".join(near.split())[:160],
                ) from None
            self.variables |= jinja2.meta.find_undeclared_variables(ast)
            if "{%tc" in text or "{% tc" in text:
                self.tables.add(part)

    def render(self, context: DocumentContext) -> bytes:
        from docxtpl import DocxTemplate
        from lxml import etree

        known = {f.name for f in dataclasses.fields(DocumentContext)}
        unknown = sorted(self.variables - known)
        if unknown:
            raise TemplateVariableError(
                f"unknown variable(s) {', '.join(unknown)}; the document context has "
                f"{', '.join(sorted(known))}",
                template=self.name,
            )
        helper = DocxTemplate.__new__(DocxTemplate)
        mapping = context.as_mapping()
        rendered: dict[str, bytes] = {}
        for part, template in self.compiled.items():
            try:
                xml = template.render(mapping)
            except SecurityError as exc:
                raise TemplateSecurityError(
                    f"the template tried to reach Python internals ({exc})", template=self.name
                ) from None
            except jinja2.UndefinedError as exc:
                if "unsafe" in str(exc):
                    raise TemplateSecurityError(
                        f"the template tried to reach Python internals ({exc})",
                        template=self.name,
                    ) from None
                raise TemplateVariableError(
                    f"unknown variable or attribute: {exc.message}", template=self.name
                ) from None
            except jinja2.TemplateError as exc:
                raise TemplateSyntaxError(f"template error: {exc}", template=self.name) from None
            except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
                raise TemplateVariableError(
                    f"the template applies an operation to a value of the wrong kind: {exc}",
                    template=self.name,
                ) from None
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
            xml = xml.replace("%_}", "%}")
            if _LISTING.search(xml):
                xml = helper.resolve_listing(xml)
            if part in self.tables:
                xml = helper.fix_tables(xml)
                xml = etree.tostring(xml, encoding="unicode")
            data = xml.encode("utf-8")
            try:
                etree.fromstring(data, _STRICT)
            except etree.XMLSyntaxError as exc:
                raise TemplateSyntaxError(
                    f"the rendered {part} is not well-formed XML ({exc}); a tag of the "
                    "template probably breaks the structure of the document",
                    template=self.name,
                ) from None
            rendered[part] = data
        return finalise_parts(self.order, {**self.parts, **rendered}, context, self.deflated)


_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
"""Text runs holding a tab, line break, paragraph or page break mark for docxtpl's listing."""

_STRICT = None  # set lazily: lxml parser without recovery, no network, no entities


@lru_cache(maxsize=32)
def _compiled_template(digest: str, data: bytes, name: str) -> CompiledTemplate:
    return CompiledTemplate(data, name)


def compile_template(data: bytes, name: str = "template") -> CompiledTemplate:
    """The compiled form of a template (cached by content)."""
    global _STRICT
    if _STRICT is None:
        from lxml import etree

        _STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return _compiled_template(hashlib.sha256(data).hexdigest(), data, name)


def render_document(template: bytes, context: DocumentContext, *, name: str = "template") -> bytes:
    """Render one template with ``context``; return the reproducible ``.docx`` bytes."""
    return compile_template(template, name).render(context)


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def custom_properties(context: DocumentContext) -> dict[str, str]:
    """Traceability properties written in every generated document."""
    return {
        "clauserules.document": context.document.code,
        "clauserules.version": context.document.version,
        "clauserules.regime": context.regime.code,
        "clauserules.date_lancement": context.consultation.date_lancement.isoformat(),
        "clauserules.regles": " ".join(context.regles),
    }


_SPECIAL_PARTS = ("docProps/core.xml", "[Content_Types].xml", "_rels/.rels", "docProps/custom.xml")


def _deflate(data: bytes) -> tuple[int, int, bytes]:
    """``(size, crc32, raw deflate stream)`` of a part, as stored in a zip entry."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return len(data), zlib.crc32(data), compressor.compress(data) + compressor.flush()


def _zip(entries: Sequence[tuple[str, tuple[int, int, bytes]]]) -> bytes:
    """A zip archive of deflated entries, every timestamp 1980-01-01 00:00 (reproducible)."""
    out = bytearray()
    central = bytearray()
    dos_time, dos_date = 0, (1 << 5) | 1
    for name, (size, crc, data) in entries:
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800
        offset = len(out)
        out += struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            flags,
            8,
            dos_time,
            dos_date,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
        out += encoded
        out += data
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            (3 << 8) | 20,
            20,
            flags,
            8,
            dos_time,
            dos_date,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0o644 << 16,
            offset,
        )
        central += encoded
    count = len(entries)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def finalise_parts(
    order: Sequence[str],
    parts: Mapping[str, bytes],
    context: DocumentContext,
    deflated: Mapping[str, tuple[int, int, bytes]] | None = None,
) -> bytes:
    """Zip the parts with fixed timestamps and core properties, plus custom properties.

    ``deflated`` holds parts already compressed (the unchanged parts of a template).
    """
    stamp = context.consultation.date_lancement.isoformat() + "T00:00:00Z"
    deflated = deflated or {}
    entries: list[tuple[str, tuple[int, int, bytes]]] = []
    for name in order:
        if name == "docProps/custom.xml":
            continue
        if name in deflated:
            entries.append((name, deflated[name]))
            continue
        content = parts[name]
        if name == "docProps/core.xml":
            content = _core_xml(content.decode("utf-8"), stamp, context).encode("utf-8")
        elif name == "[Content_Types].xml":
            text = content.decode("utf-8")
            if "/docProps/custom.xml" not in text:
                text = text.replace(
                    "</Types>",
                    f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_CT}"/></Types>',
                )
            content = text.encode("utf-8")
        elif name == "_rels/.rels":
            text = content.decode("utf-8")
            if _CUSTOM_REL not in text:
                text = text.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdClauserulesCustom" Type="{_CUSTOM_REL}" '
                    'Target="docProps/custom.xml"/></Relationships>',
                )
            content = text.encode("utf-8")
        entries.append((name, _deflate(content)))
    custom = _custom_xml(custom_properties(context)).encode("utf-8")
    entries.append(("docProps/custom.xml", _deflate(custom)))
    return _zip(entries)


def _core_xml(text: str, stamp: str, context: DocumentContext) -> str:
    for tag in ("dcterms:created", "dcterms:modified"):
        text = re.sub(
            rf"<{tag}[^>]*>[^<]*</{tag}>",
            f'<{tag} xsi:type="dcterms:W3CDTF">{stamp}</{tag}>',
            text,
        )
    title = xml_escape(f"{context.document.titre} — {context.consultation.objet}"[:250])
    text = re.sub(r"<dc:title>[^<]*</dc:title>|<dc:title/>", f"<dc:title>{title}</dc:title>", text)
    text = re.sub(
        r"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>|<cp:lastModifiedBy/>",
        "<cp:lastModifiedBy>clauserules</cp:lastModifiedBy>",
        text,
    )
    text = re.sub(r"<cp:revision>[^<]*</cp:revision>", "<cp:revision>1</cp:revision>", text)
    return text


def _custom_xml(props: Mapping[str, str]) -> str:
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f'name="{xml_escape(name)}"><vt:lpwstr>{xml_escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(props.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    )


# ======================================================================================
# generate_documents
# ======================================================================================


@dataclass(frozen=True)
class GeneratedDocuments:
    """Paths of the documents written, by code (``rc``, ``ccap``, ``decision``)."""

    docx: dict[str, Path]
    pdf: dict[str, Path] = field(default_factory=dict)
    context: DocumentContext | None = None

    def paths(self) -> tuple[Path, ...]:
        return tuple(self.docx.values()) + tuple(self.pdf.values())


def template_set(templates: str | Path | Mapping[str, bytes] | None) -> dict[str, bytes]:
    """The three templates: ours, those of a directory, or given as bytes."""
    if isinstance(templates, Mapping):
        missing = [name for name in DOCUMENTS if name not in templates]
        if missing:
            raise TemplateNotFoundError(f"no template given for {', '.join(missing)}")
        for name in DOCUMENTS:
            check_docx(templates[name], name)
        return {name: bytes(templates[name]) for name in DOCUMENTS}
    directory = TEMPLATES_DIR if templates is None else Path(templates)
    if not directory.is_dir():
        raise TemplateNotFoundError("template directory not found", template=str(directory))
    found = {}
    for name in DOCUMENTS:
        path = directory / f"{name}.docx"
        if not path.is_file():
            raise TemplateNotFoundError(
                f"the template directory has no {name}.docx (expected rc.docx, ccap.docx, decision.docx)",
                template=str(directory),
            )
        found[name] = _cached_template(path)
    return found


def _cached_template(path: Path) -> bytes:
    stat = path.stat()
    return _read_template(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _read_template(path: str, _mtime: int, _size: int) -> bytes:
    return _load_template(Path(path))


def prepare(consultation: Any) -> tuple[dict[str, Any], DocumentOptions]:
    """Split a consultation document into the plan input and the drafting options."""
    if hasattr(consultation, "model_dump"):
        data = consultation.model_dump(mode="json")
    elif isinstance(consultation, Mapping):
        data = dict(consultation)
    else:
        raise _invalid(
            "(root)", "expected a mapping of consultation fields", type(consultation).__name__
        )
    data = check_text(data)
    options = DocumentOptions.parse(data.pop("documents", None))
    return data, options


def render_all(
    consultation: Any,
    *,
    templates: str | Path | Mapping[str, bytes] | None = None,
    options: DocumentOptions | Mapping[str, Any] | None = None,
) -> tuple[dict[str, bytes], DocumentContext]:
    """Plan the consultation and render the three documents in memory.

    ``options`` (drafting choices) replaces the ``documents`` key of the consultation.
    """
    from clauserules.plan.service import plan_consultation

    data, options_found = prepare(consultation)
    if isinstance(options, DocumentOptions):
        options_found = options
    elif options is not None:
        options_found = DocumentOptions.parse(check_text(dict(options), "documents"))
    options = options_found
    chosen = template_set(templates)
    plan = plan_consultation(data)
    context = build_context(data, plan, options)
    rendered = {
        name: render_document(chosen[name], context.for_document(name), name=f"{name}.docx")
        for name in DOCUMENTS
    }
    return rendered, context


def generate_documents(
    consultation: Any,
    out: str | Path,
    *,
    templates: str | Path | Mapping[str, bytes] | None = None,
    pdf: bool = False,
    options: DocumentOptions | Mapping[str, Any] | None = None,
) -> GeneratedDocuments:
    """Write ``rc.docx``, ``ccap.docx`` and ``decision.docx`` for ``consultation`` into ``out``.

    ``consultation`` is a mapping (as read from YAML/JSON) or a ``Consultation``; its
    optional ``documents`` key holds drafting options (:class:`DocumentOptions`).
    ``templates`` is a directory holding the three templates, or a mapping of their bytes
    (default: the library's); ``options`` replaces the ``documents`` key. With ``pdf=True`` PDFs are also written through LibreOffice.

    Nothing is written until every document is rendered; files are moved into ``out`` from
    a temporary directory in ``out``, so an error never leaves a half-written file.

    Raises:
        InvalidInputError, ControlCharacterError: bad consultation.
        TemplateError (and subclasses): a template cannot be used.
        OutputNotWritableError: ``out`` cannot be created or written.
        PdfConversionError: PDFs asked for and LibreOffice is absent or failed.
    """
    rendered, context = render_all(consultation, templates=templates, options=options)
    soffice = _soffice() if pdf else None
    if pdf and soffice is None:
        raise PdfConversionError(
            "PDF output needs LibreOffice (soffice) on the PATH; install libreoffice-writer-nogui"
        )
    target = _output_dir(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".clauserules-", dir=target))
    except OSError as exc:
        raise OutputNotWritableError(
            f"{target}: cannot write to the output directory: {exc.strerror}"
        ) from None
    try:
        for name, data in rendered.items():
            (staging / f"{name}.docx").write_bytes(data)
        pdfs: dict[str, Path] = {}
        if soffice is not None:
            _convert(soffice, [staging / f"{name}.docx" for name in DOCUMENTS], staging)
            pdfs = {name: target / f"{name}.pdf" for name in DOCUMENTS}
        docx = {name: target / f"{name}.docx" for name in DOCUMENTS}
        for name in DOCUMENTS:
            os.replace(staging / f"{name}.docx", docx[name])
            if soffice is not None:
                os.replace(staging / f"{name}.pdf", pdfs[name])
    except OSError as exc:
        raise OutputNotWritableError(
            f"{target}: cannot write the documents: {exc.strerror}"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return GeneratedDocuments(docx=docx, pdf=pdfs, context=context)


def _output_dir(out: str | Path) -> Path:
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise OutputNotWritableError(f"{target}: exists and is not a directory")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritableError(
            f"{target}: cannot create the output directory: {exc.strerror}"
        ) from None
    if not os.access(target, os.W_OK | os.X_OK):
        raise OutputNotWritableError(f"{target}: the output directory is not writable")
    return target


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(soffice: str, files: Sequence[Path], outdir: Path) -> None:
    profile = outdir / "lo-profile"
    command = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *(str(f) for f in files),
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=180, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfConversionError(f"LibreOffice failed to convert to PDF: {exc}") from None
    missing = [f.stem for f in files if not (outdir / f"{f.stem}.pdf").is_file()]
    if result.returncode != 0 or missing:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PdfConversionError(
            f"LibreOffice did not produce {', '.join(missing) or 'the PDFs'} (exit {result.returncode}) {detail[0]}"
        )
