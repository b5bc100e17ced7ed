"""Audit of published DECP: did the mandatory social condition apply, is it declared?

:func:`check_decp` reads published records — the official JSON (``{"marches": {"marche":
[...], "contrat-concession": [...]}}``), JSON Lines, or the consolidated flat form (CSV or
JSON, string values, « Sans objet » for « Pas de considération sociale ») — one record at a
time, in one pass with bounded memory, and judges each one:

- **obligation**: the mandatory social execution condition (rules
  ``articles.{marche,concession}.obligation-sociale`` of the rule base) applies to
  consultations launched from the start of those rules, when the contract's value reaches
  the European threshold of the launch period (category chosen by the ``seuils`` rules,
  amount by the dated threshold parameters). DECP carries the notification date, not the
  launch date: the answer is ``indetermine`` where the launch date decides, unless the
  caller bounds the time between launch and notification. Nature comes from the CPV
  division (45 = works), social services from the eForms list of their CPV codes; the buyer's
  category is unknown unless given, and every possible one is tried;
- **declaration**: which social considerations the record declares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal

from clauserules import InvalidInputError, NoRulesInForceError, Rule, rulebase
from clauserules.publication._compat import (
    SEUILS,
    TOPIC_SEUILS,
    CategorieSeuil,
    FieldProblem,
    add_months,
    evaluate,
)
from clauserules.publication.cpv import cpv_problem, is_social_service, nature_of_cpv
from clauserules.publication.decp import (
    CLAUSE_SOCIALE,
    CONCESSION_RESERVEE,
    CRITERE_SOCIAL,
    MARCHE_RESERVE,
    PAS_DE_CONSIDERATION,
    check_considerations,
)
from clauserules.publication.decp_reading import iter_records
from clauserules.vocabulaire import TypeAcheteur

__all__ = [
    "PROGRESS_MIN_RECORDS",
    "RecordCheck",
    "check_decp",
    "check_records",
    "iter_records",
]

Obligation = Literal["applicable", "non_applicable", "indetermine"]
Constat = Literal["clause_absente", "a_verifier", "incoherent", "non_declare", "ok"]
PROGRESS_MIN_RECORDS = 10_000
_TYPES_ACHETEUR = tuple(t.value for t in TypeAcheteur)
_SOCIAL = frozenset({CLAUSE_SOCIALE, CRITERE_SOCIAL, MARCHE_RESERVE, CONCESSION_RESERVEE})
_FR_OBLIGATION = {
    "applicable": "applicable",
    "non_applicable": "non applicable",
    "indetermine": "indéterminé",
}
_FR_DECLARATION = {
    "declaree": "déclarée",
    "pas_de_consideration": "« Pas de considération sociale »",
    "absente": "champ absent",
}
_FR_CONSTAT = {
    "clause_absente": "clause sociale absente alors que l'obligation s'applique",
    "a_verifier": "à vérifier (obligation indéterminée, pas de clause sociale)",
    "incoherent": "déclaration incohérente",
    "non_declare": "considérations sociales non déclarées",
    "ok": "rien à signaler",
}


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """The audit of one published record."""

    position: str
    """Where the record is in the file (``marches.marche.12``, ``ligne 13``)."""
    id: str | None
    contrat: Literal["marche", "concession"]
    acheteur: str | None
    date: date | None
    """Notification date (marché) or signature date (concession)."""
    montant: Decimal | None
    """Amount (marché) or global value (concession) published."""
    cpv: str | None
    obligation: Obligation
    motifs: tuple[str, ...]
    """Why (French)."""
    considerations: tuple[str, ...] | None
    """Declared values (official wording; « Sans objet » read as « Pas de considération
    sociale »), ``None`` when the record has no such field."""
    declare_consideration: bool | None
    clause_sociale: bool
    constat: Constat
    problemes: tuple[str, ...] = ()
    """Fields that could not be read (``montant: not a number``)."""

    @property
    def annee(self) -> int | None:
        return self.date.year if self.date else None

    def row(self) -> dict[str, str]:
        """The record as a row of the CSV / XLSX export (French headers)."""
        return {
            "position": self.position,
            "id": self.id or "",
            "contrat": self.contrat,
            "acheteur": self.acheteur or "",
            "date": self.date.isoformat() if self.date else "",
            "montant": f"{self.montant:f}" if self.montant is not None else "",
            "codeCPV": self.cpv or "",
            "obligation": _FR_OBLIGATION[self.obligation],
            "motifs": " ; ".join(self.motifs),
            "considerationsSociales": ", ".join(self.considerations or ()),
            "consideration_sociale_declaree": _yes_no(self.declare_consideration),
            "clause_sociale": "oui" if self.clause_sociale else "non",
            "constat": _FR_CONSTAT[self.constat],
            "problemes": " ; ".join(self.problemes),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "id": self.id,
            "contrat": self.contrat,
            "acheteur": self.acheteur,
            "date": self.date.isoformat() if self.date else None,
            "montant": f"{self.montant:f}" if self.montant is not None else None,
            "codeCPV": self.cpv,
            "obligation": self.obligation,
            "motifs": list(self.motifs),
            "considerations": list(self.considerations)
            if self.considerations is not None
            else None,
            "declare_consideration": self.declare_consideration,
            "clause_sociale": self.clause_sociale,
            "constat": self.constat,
            "problemes": list(self.problemes),
        }


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "oui" if value else "non"


ROW_HEADERS = tuple(
    RecordCheck(
        "", None, "marche", None, None, None, None, "indetermine", (), None, None, False, "ok"
    ).row()
)


# --- normalising a record -----------------------------------------------------------------


def _get(record: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def _identifier(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    if value in (None, ""):
        return None
    return str(value).strip()


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | Decimal):
        return Decimal(value)
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if isinstance(value, str) and "," in text and "." not in text:
        text = text.replace(",", ".")
    number = Decimal(text) if not isinstance(value, float) else Decimal(repr(value))
    if not number.is_finite() or number < 0:
        raise ValueError
    return number


def _day(value: Any) -> date:
    return date.fromisoformat(str(value).strip()[:10])


def _considerations(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = value.get("considerationSociale")
        if value is None:
            return None
    items: list[str]
    if isinstance(value, str):
        items = [v.strip() for v in re.split(r"[,;|]", value)]
    elif isinstance(value, list):
        items = [str(v).strip() for v in value]
    else:
        items = [str(value).strip()]
    return tuple(PAS_DE_CONSIDERATION if v == "Sans objet" else v for v in items if v)


def _contrat(record: Mapping[str, Any], listed: str | None) -> Literal["marche", "concession"]:
    if listed in ("marche", "concession"):
        return "concession" if listed == "concession" else "marche"
    kind = str(_get(record, "_type", "type", "typeContrat") or "")
    nature = str(record.get("nature") or "")
    if (
        "oncession" in kind
        or nature.startswith(("Concession", "Délégation"))
        or "valeurGlobale" in record
        or "autoriteConcedante" in record
    ):
        return "concession"
    return "marche"


# --- judging ------------------------------------------------------------------------------


@cache
def _obligation_rules(contrat: str) -> tuple[Rule, ...]:
    return rulebase().versions(f"articles.{contrat}.obligation-sociale")


def obligation_start(contrat: str) -> date:
    """First launch date of the mandatory social condition, from the rule base."""
    return min(rule.validity.start for rule in _obligation_rules(contrat))


def _obligation_possible(contrat: str, defense: bool, day: date) -> bool | None:
    facts: dict[str, bool | str] = {
        "contrat": contrat,
        "valeur_estimee_ge_seuil": True,
        "defense_securite": defense,
    }
    results = {evaluate(r.when, facts) for r in _obligation_rules(contrat) if r.in_force(day)}
    return True if True in results else None if None in results else False


@cache
def _category(day: date, facts: tuple[tuple[str, Any], ...]) -> tuple[str, ...]:
    try:
        rules = rulebase().in_force(TOPIC_SEUILS, day)
    except NoRulesInForceError:
        return ()
    values = dict(facts)
    return tuple(str(r.then["categorie"]) for r in rules if evaluate(r.when, values) is True)


def _boundaries() -> tuple[date, ...]:
    days = {p.validity.start for param in SEUILS.values() for p in param.periods}
    return tuple(sorted(days))


_BOUNDARIES = _boundaries()


@cache
def _thresholds(
    contrat: str,
    natures: tuple[str, ...],
    sss: tuple[bool, ...],
    defense: bool,
    types: tuple[str, ...],
    start: date,
    end: date,
) -> tuple[Decimal | None, ...]:
    """Every threshold a record could be compared with (``None``: no tabulated amount)."""
    days = [start, *(d for d in _BOUNDARIES if start < d <= end)]
    found: set[Decimal | None] = set()
    for day in days:
        for nature in natures:
            for social in sss:
                for kind in types:
                    facts = (
                        ("contrat", contrat),
                        ("defense_securite", defense),
                        ("nature", nature),
                        ("services_sociaux_specifiques", social),
                        ("type_acheteur", kind),
                    )
                    categories = _category(day, facts)
                    if len(categories) != 1:
                        found.add(None)
                        continue
                    period = SEUILS[CategorieSeuil(categories[0])].at(day)
                    found.add(period.value if period else None)
    return tuple(sorted(found, key=lambda v: (v is None, v or 0)))


def _fmt(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", " ") + " €"


@dataclass(frozen=True, slots=True)
class _Options:
    type_acheteur: str | None
    delai_max_mois: int | None


def _judge(
    contrat: str,
    day: date | None,
    montant: Decimal | None,
    cpv: str | None,
    defense: bool,
    options: _Options,
) -> tuple[Obligation, tuple[str, ...]]:
    start = obligation_start(contrat)
    if day is None:
        return "indetermine", ("date de notification absente ou illisible",)
    if day < start:
        return "non_applicable", (
            f"notifié le {day:%d/%m/%Y}, avant le {start:%d/%m/%Y} : consultation lancée "
            "avant l'entrée en vigueur de l'obligation",
        )
    if _obligation_possible(contrat, defense, day) is False:
        return "non_applicable", ("marché de défense ou de sécurité : obligation non prévue",)
    if montant is None:
        return "indetermine", ("montant absent ou illisible",)
    low_launch = start
    certain_launch = False
    if options.delai_max_mois is not None:
        earliest = add_months(day, -options.delai_max_mois)
        if earliest >= start:
            low_launch, certain_launch = earliest, True
    nature = nature_of_cpv(cpv) if cpv else None
    if contrat == "concession":
        natures: tuple[str, ...] = ("services",)
        sss: tuple[bool, ...] = (False,)
    else:
        natures = (nature,) if nature else ("travaux", "fournitures", "services")
        sss = (nature != "travaux" and is_social_service(cpv),) if cpv and nature else (False, True)
    types = (options.type_acheteur,) if options.type_acheteur else _TYPES_ACHETEUR
    candidates = _thresholds(contrat, natures, sss, defense, types, low_launch, day)
    known = [c for c in candidates if c is not None]
    motifs: list[str] = []
    if known and montant < min(known):
        return "non_applicable", (
            f"montant {_fmt(montant)} inférieur au seuil européen ({_fmt(min(known))}) ; "
            "pour un lot, la valeur du marché entier compte",
        )
    if None in candidates:
        motifs.append("seuil européen non tabulé pour une période ou catégorie possible")
    elif montant < max(known):
        motifs.append(
            f"seuil européen entre {_fmt(min(known))} et {_fmt(max(known))} selon la catégorie "
            "d'acheteur, la nature ou la période de lancement"
        )
    if not certain_launch:
        motifs.append(
            f"date de lancement, absente des DECP, décisive : notifié le {day:%d/%m/%Y}, "
            f"lancé avant ou après le {start:%d/%m/%Y}"
        )
    if motifs:
        return "indetermine", tuple(motifs)
    return "applicable", (
        f"montant {_fmt(montant)} au moins égal au seuil européen ({_fmt(max(known))}) et "
        "consultation lancée après l'entrée en vigueur de l'obligation",
    )


def _check(position: str, listed: str | None, record: Any, options: _Options) -> RecordCheck:
    if not isinstance(record, Mapping):
        return RecordCheck(
            position, None, "marche", None, None, None, None, "indetermine",
            ("enregistrement illisible",), None, None, False, "non_declare",
            (f"{position}: expected an object, found {type(record).__name__}",),
        )  # fmt: skip
    contrat = _contrat(record, listed)
    problems: list[str] = []
    acheteur = _identifier(
        _get(record, "acheteur", "acheteur.id", "acheteur_id")
        if contrat == "marche"
        else _get(record, "autoriteConcedante", "autoriteConcedante.id", "autoriteConcedante_id")
    )
    date_names = ("dateNotification",) if contrat == "marche" else ("dateSignature",)
    raw_date = _get(record, *date_names)
    day: date | None = None
    if raw_date is not None:
        try:
            day = _day(raw_date)
        except ValueError:
            problems.append(f"{date_names[0]}: expected a date YYYY-MM-DD ({raw_date!r})")
    amount_name = "montant" if contrat == "marche" else "valeurGlobale"
    raw_amount = _get(record, amount_name)
    montant: Decimal | None = None
    if raw_amount is not None:
        try:
            montant = _decimal(raw_amount)
        except (ValueError, InvalidOperation):
            problems.append(f"{amount_name}: expected a non-negative number ({raw_amount!r})")
    cpv_raw = _get(record, "codeCPV")
    cpv = str(cpv_raw).strip() if cpv_raw is not None else None
    if cpv is not None and cpv_problem(cpv) is not None:
        problems.append(f"codeCPV: {cpv_problem(cpv)} ({cpv!r})")
        cpv = None
    defense = str(record.get("nature") or "") == "Marché de défense ou de sécurité"
    obligation, motifs = _judge(contrat, day, montant, cpv, defense, options)
    values = _considerations(_get(record, "considerationsSociales"))
    coherent = True
    if values is not None:
        coherent = not check_considerations(values, contrat, "considerationsSociales")
    declares = None if values is None else bool(_SOCIAL & set(values))
    clause = values is not None and CLAUSE_SOCIALE in values
    constat: Constat
    if obligation == "applicable" and not clause:
        constat = "clause_absente"
    elif obligation == "indetermine" and not clause:
        constat = "a_verifier"
    elif not coherent:
        constat = "incoherent"
    elif values is None:
        constat = "non_declare"
    else:
        constat = "ok"
    if not coherent and constat != "incoherent":
        problems.append("considerationsSociales: « Pas de considération sociale » non seule")
    return RecordCheck(
        position=position,
        id=_identifier(_get(record, "id", "uid")),
        contrat=contrat,
        acheteur=acheteur,
        date=day,
        montant=montant,
        cpv=cpv if cpv is not None else (str(cpv_raw) if cpv_raw is not None else None),
        obligation=obligation,
        motifs=motifs,
        considerations=values,
        declare_consideration=declares,
        clause_sociale=clause,
        constat=constat,
        problemes=tuple(problems),
    )


def _options(type_acheteur: str | None, delai_lancement_max_mois: int | None) -> _Options:
    problems: list[FieldProblem] = []
    if type_acheteur is not None and type_acheteur not in _TYPES_ACHETEUR:
        problems.append(
            FieldProblem(
                "type_acheteur", f"expected one of: {', '.join(_TYPES_ACHETEUR)}", type_acheteur
            )
        )
    if delai_lancement_max_mois is not None and not 0 <= delai_lancement_max_mois <= 120:
        problems.append(
            FieldProblem(
                "delai_lancement_max_mois",
                "expected a number of months from 0 to 120",
                str(delai_lancement_max_mois),
            )
        )
    if problems:
        raise InvalidInputError(problems, subject="check-decp")
    return _Options(type_acheteur, delai_lancement_max_mois)


def check_records(
    records: Iterable[Mapping[str, Any]],
    *,
    contrat: str | None = None,
    type_acheteur: str | None = None,
    delai_lancement_max_mois: int | None = None,
) -> Iterator[RecordCheck]:
    """Audit records already in memory (dicts of the official or the flat form)."""
    options = _options(type_acheteur, delai_lancement_max_mois)
    for index, record in enumerate(records):
        yield _check(str(index), contrat, record, options)


def check_decp(
    path: str | Path,
    *,
    type_acheteur: str | None = None,
    delai_lancement_max_mois: int | None = None,
    strict: bool = False,
) -> Iterator[RecordCheck]:
    """Audit every record of a DECP file, one at a time (see the module's docstring).

    Args:
        path: official JSON, JSON Lines (``.jsonl``) or consolidated CSV (``.csv``).
        type_acheteur: the buyers' category when known (``collectivite``…); every category
            is tried otherwise.
        delai_lancement_max_mois: an assumed maximum time between launch and notification;
            without it the launch date is unknown and the obligation can only be
            ``non_applicable`` or ``indetermine``.
        strict: raise on the first record with an unreadable field instead of reporting it.

    Raises:
        InputFileError: the file cannot be read or is not a DECP document.
        InvalidInputError: a wrong option; with ``strict``, an unreadable field.
    """
    options = _options(type_acheteur, delai_lancement_max_mois)
    return _iterate(iter_records(path), options, strict, str(path))


def _iterate(
    source: Iterator[tuple[str, str | None, Any]], options: _Options, strict: bool, name: str
) -> Iterator[RecordCheck]:
    for position, listed, record in source:
        result = _check(position, listed, record, options)
        if strict and result.problemes:
            raise InvalidInputError(
                [
                    FieldProblem(f"{position}.{p.split(':', 1)[0]}", p.split(":", 1)[-1].strip())
                    for p in result.problemes
                ],
                subject=name,
            )
        yield result
