"""DECP fragments out of a plan: the « données essentielles » a lot will publish.

Format 2.0 of the données essentielles de la commande publique (arrêtés du 22 décembre
2022, in force for contracts notified from 1 January 2024), JSON Schema
``schema_decp_v2.0.3.json`` of 139bercy/format-commande-publique. A *fragment* holds only
what a plan knows — ``nature``, ``objet``, ``dureeMois``, ``considerationsSociales``, and
``codeCPV``, ``techniques``, ``modalitesExecution`` when given — under the standard's own
names; the buyer's platform merges it into the record it publishes at notification, with
the amount awarded, the holders and the dates, which no plan knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from clauserules import Consultation, InvalidInputError, Plan
from clauserules.publication._common import (
    DECISION,
    RESERVATIONS,
    cpv_vigilance,
    ess_problem,
    lot_inputs,
)
from clauserules.publication._compat import FieldProblem, TypeInstrument
from clauserules.publication.cpv import cpv_digits

__all__ = [
    "CLAUSE_SOCIALE",
    "CONCESSION_RESERVEE",
    "CRITERE_SOCIAL",
    "DECP_SCHEMA",
    "DECP_VERSION",
    "MARCHE_RESERVE",
    "MODALITES_EXECUTION",
    "PAS_DE_CONSIDERATION",
    "RECORD_FIELDS_NOT_EXPORTED",
    "TECHNIQUES",
    "check_considerations",
    "considerations_sociales",
    "plan_to_decp",
]

DECP_VERSION = "2.0.3"
DECP_SCHEMA = (
    "https://raw.githubusercontent.com/139bercy/format-commande-publique/master/marches.json"
)
CLAUSE_SOCIALE = "Clause sociale"
CRITERE_SOCIAL = "Critère social"
MARCHE_RESERVE = "Marché réservé"
CONCESSION_RESERVEE = "Concession réservée"
PAS_DE_CONSIDERATION = "Pas de considération sociale"

TECHNIQUES = (
    "Accord-cadre",
    "Concours",
    "Système de qualification",
    "Système d'acquisition dynamique",
    "Catalogue électronique",
    "Enchère électronique",
    "Sans objet",
)
"""Values of ``techniques.technique`` (schema 2.0.3)."""
MODALITES_EXECUTION = ("Tranches", "Bons de commande", "Marchés subséquents", "Sans objet")
"""Values of ``modalitesExecution.modaliteExecution`` (schema 2.0.3)."""

RECORD_FIELDS_NOT_EXPORTED: dict[str, tuple[str, ...]] = {
    "marche": (
        "id",
        "acheteur",
        "marcheInnovant",
        "ccag",
        "offresRecues",
        "attributionAvance",
        "typeGroupementOperateurs",
        "procedure",
        "lieuExecution",
        "dateNotification",
        "datePublicationDonnees",
        "montant",
        "typesPrix",
        "formePrix",
        "sousTraitanceDeclaree",
        "titulaires",
        "considerationsEnvironnementales",
    ),
    "concession": (
        "id",
        "autoriteConcedante",
        "procedure",
        "dateSignature",
        "datePublicationDonnees",
        "dateDebutExecution",
        "valeurGlobale",
        "montantSubventionPublique",
        "concessionnaires",
        "considerationsEnvironnementales",
    ),
}
"""Required fields of a DECP record that a plan does not know: the platform fills them at
notification (the amount is the amount awarded, never the plan's estimate)."""

_OBJET_MAX = 1000


def _reserved(contrat: str) -> str:
    return CONCESSION_RESERVEE if contrat == "concession" else MARCHE_RESERVE


def considerations_sociales(kinds: Iterable[str], contrat: str) -> list[str]:
    """The ``considerationSociale`` values of the selected instruments ``kinds``.

    Condition d'exécution (heures d'insertion or another social condition) → « Clause sociale »; critère d'attribution → « Critère social »;
    every reservation → « Marché réservé » (« Concession réservée » for a concession);
    insertion as the object of the contract → « Clause sociale » (decision 0045); nothing →
    « Pas de considération sociale », alone.
    """
    chosen = set(kinds)
    values: list[str] = []
    if chosen & {
        TypeInstrument.CONDITION_EXECUTION.value,
        TypeInstrument.AUTRE_CONDITION_SOCIALE.value,
        TypeInstrument.MARCHE_INSERTION.value,
    }:
        values.append(CLAUSE_SOCIALE)
    if TypeInstrument.CRITERE_ATTRIBUTION.value in chosen:
        values.append(CRITERE_SOCIAL)
    if chosen & RESERVATIONS:
        values.append(_reserved(contrat))
    return values or [PAS_DE_CONSIDERATION]


def check_considerations(values: Sequence[str], contrat: str, where: str) -> list[FieldProblem]:
    """What is wrong in a ``considerationSociale`` list, schema rules *and* the one it misses:
    « Pas de considération sociale » must be alone."""
    allowed = (CLAUSE_SOCIALE, CRITERE_SOCIAL, _reserved(contrat), PAS_DE_CONSIDERATION)
    problems: list[FieldProblem] = []
    if not values:
        problems.append(FieldProblem(where, "at least one value is required"))
    for value in values:
        if value not in allowed:
            problems.append(
                FieldProblem(where, f"expected one of: {', '.join(allowed)}", repr(value))
            )
    if len(set(values)) != len(values):
        problems.append(FieldProblem(where, "a value is repeated", ", ".join(values)))
    if PAS_DE_CONSIDERATION in values and len(values) > 1:
        problems.append(
            FieldProblem(
                where,
                f"'{PAS_DE_CONSIDERATION}' excludes every other value",
                ", ".join(values),
            )
        )
    return problems


def _choice(values: Sequence[str], allowed: Sequence[str], name: str) -> list[str]:
    problems = check_choice(values, allowed, name)
    if problems:
        raise InvalidInputError(problems, subject="DECP export")
    return list(dict.fromkeys(values))


def check_choice(values: Sequence[str], allowed: Sequence[str], name: str) -> list[FieldProblem]:
    """Values of a DECP list (``techniques``…) are known and « Sans objet » is alone."""
    problems = [
        FieldProblem(name, f"expected one of: {', '.join(allowed)}", repr(v))
        for v in values
        if v not in allowed
    ]
    if "Sans objet" in values and len(set(values)) > 1:
        problems.append(FieldProblem(name, "'Sans objet' excludes every other value"))
    return problems


def _nature(plan: Plan) -> tuple[str, list[str]]:
    if plan.contrat == "concession":
        if plan.nature == "travaux":
            return "Concession de travaux", []
        return "Concession de service", [
            "Nature DECP « Concession de service » : s'il s'agit d'une concession de service "
            "public ou d'une délégation de service public, corriger la valeur avant publication."
        ]
    if plan.facts.get("defense_securite") is True:
        return "Marché de défense ou de sécurité", []
    return "Marché", [
        "Nature DECP « Marché » : s'il s'agit d'un marché de partenariat, corriger la valeur "
        "avant publication."
    ]


def _objet(plan: Plan, intitule: str, lot_id: str, single: bool) -> str:
    text = (
        plan.objet
        if single and intitule == plan.objet
        else f"{plan.objet} — lot {lot_id} : {intitule}"
    )
    text = " ".join(text.split())
    if len(text) > _OBJET_MAX:
        text = text[: _OBJET_MAX - 1].rstrip() + "…"
    return text


def _lot_vigilance(plan: Plan, kinds: Sequence[str], exception: bool) -> list[str]:
    points: list[str] = []
    if TypeInstrument.MARCHE_INSERTION.value in kinds:
        points.append(
            "Insertion comme objet du marché : le format DECP n'a pas de valeur propre ; "
            f"« {CLAUSE_SOCIALE} » est déclarée ({DECISION})."
        )
    if TypeInstrument.RESERVE_DETENUS.value in kinds:
        points.append(
            f"Réservation aux opérateurs employant des personnes détenues déclarée « "
            f"{_reserved(plan.contrat)} » : le DECP ne distingue pas les réservations ({DECISION})."
        )
    if exception:
        points.append(
            "Exception motivée à la condition d'exécution sociale obligatoire : le format DECP "
            "n'a pas de champ pour la déclarer ; la garder au dossier de la consultation."
        )
    return points


def plan_to_decp(
    plan: Plan,
    *,
    consultation: Consultation | None = None,
    techniques: Sequence[str] = (),
    modalites_execution: Sequence[str] = (),
) -> dict[str, Any]:
    """The DECP fragments of every lot of ``plan``, keyed by the DECP field names.

    Only the instruments the buyer selected are exported. ``consultation`` (the input of
    the plan) supplies each lot's ``cpv`` (exported as ``codeCPV``); ``techniques`` and
    ``modalites_execution`` (values of the schema) apply to every lot and are omitted when
    not given — the plan does not know them.

    Raises:
        InvalidInputError: the plan is ``a_corriger``; a CPV code is unknown; a lot
            reserved to the ESS has a CPV outside the social services list; a technique or
            modality is not a value of the schema.
    """
    subject = "DECP export"
    inputs = lot_inputs(plan, consultation, subject)
    tech = _choice(techniques, TECHNIQUES, "techniques")
    modes = _choice(modalites_execution, MODALITES_EXECUTION, "modalitesExecution")
    duree = int(plan.facts["duree_mois"])
    nature, nature_points = _nature(plan)
    problems: list[FieldProblem] = []
    lots: list[dict[str, Any]] = []
    for lot, source in zip(plan.lots, inputs, strict=True):
        kinds = [i.kind.value for i in lot.instruments if i.selected]
        if TypeInstrument.RESERVE_ESS.value in kinds:
            problems.extend(ess_problem(source.cpv, duree, source.index))
        values = considerations_sociales(kinds, plan.contrat)
        problems.extend(
            check_considerations(
                values, plan.contrat, f"lots.{source.index}.considerationsSociales"
            )
        )
        donnees: dict[str, Any] = {
            "nature": nature,
            "objet": _objet(plan, lot.intitule, lot.id, len(plan.lots) == 1),
            "dureeMois": duree,
            "considerationsSociales": {"considerationSociale": values},
        }
        if source.cpv is not None and plan.contrat == "marche":
            donnees["codeCPV"] = source.cpv if "-" in source.cpv else cpv_digits(source.cpv)
        if plan.contrat == "marche" and tech:
            donnees["techniques"] = {"technique": tech}
        if plan.contrat == "marche" and modes:
            donnees["modalitesExecution"] = {"modaliteExecution": modes}
        vigilance = [
            *_lot_vigilance(plan, kinds, lot.obligation_sociale.code == "exception"),
            *cpv_vigilance(plan, source.cpv, kinds),
        ]
        lots.append(
            {
                "lot": lot.id,
                "intitule": lot.intitule,
                "instruments": kinds,
                "donnees": donnees,
                "vigilance": vigilance,
            }
        )
    if problems:
        raise InvalidInputError(problems, subject=subject)
    missing = [
        name
        for name, given in (
            ("codeCPV", any("codeCPV" in lot["donnees"] for lot in lots)),
            ("techniques", bool(tech)),
            ("modalitesExecution", bool(modes)),
        )
        if plan.contrat == "marche" and not given
    ]
    vigilance = list(nature_points)
    if plan.date_lancement.year < 2024:
        vigilance.append(
            "Consultation lancée avant 2024 : un contrat notifié avant le 1er janvier 2024 "
            "relève de l'ancien format DECP, qui n'a pas de considérations sociales."
        )
    vigilance.append(
        "Considérations environnementales non exportées : le plan n'en dit rien ; les "
        "renseigner avant publication (ne pas déclarer « Pas de considération "
        "environnementale » par défaut)."
    )
    return {
        "format": "DECP",
        "version": DECP_VERSION,
        "schema": DECP_SCHEMA,
        "liste": "contrat-concession" if plan.contrat == "concession" else "marche",
        "objet": plan.objet,
        "date_lancement": plan.date_lancement.isoformat(),
        "lots": lots,
        "a_completer": [*missing, *RECORD_FIELDS_NOT_EXPORTED[plan.contrat]],
        "vigilance": vigilance,
    }
