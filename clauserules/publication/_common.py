"""What the DECP and eForms exporters share: refusing a plan to correct, reading the CPV
of each lot, and the cross-checks of the CPV with the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clauserules import Consultation, InvalidInputError, Plan
from clauserules.publication._compat import FieldProblem, TypeInstrument
from clauserules.publication.cpv import cpv_problem, is_social_service, nature_of_cpv

RESERVATIONS = frozenset(
    {
        TypeInstrument.RESERVE_EA_ESAT.value,
        TypeInstrument.RESERVE_SIAE.value,
        TypeInstrument.RESERVE_EA_ESAT_SIAE.value,
        TypeInstrument.RESERVE_DETENUS.value,
        TypeInstrument.RESERVE_ESS.value,
    }
)
ESS_MAX_MONTHS = 36
"""BR-BT-00036-0150 (eForms: ``res-pub-ser`` lasts at most ``P3Y``) and clauserules' own
ESS rule (36 months); compared in the tests."""

DECISION = "décision 0045"


@dataclass(frozen=True, slots=True)
class LotInput:
    """What the exporters read for one lot: its plan, its place in the input, its CPV."""

    index: int
    cpv: str | None
    poids_critere: str | None


def lot_inputs(plan: Plan, consultation: Consultation | None, subject: str) -> list[LotInput]:
    """One :class:`LotInput` per lot of ``plan`` (plan order); checks the plan is exportable.

    Raises:
        InvalidInputError: the plan is ``a_corriger`` (each lot to correct is named), the
            consultation does not match the plan, or a lot's CPV code is unknown.
    """
    by_id = {lot.id: (i, lot) for i, lot in enumerate(consultation.lots)} if consultation else {}
    if consultation is not None and set(by_id) != {lot.id for lot in plan.lots}:
        raise InvalidInputError(
            [FieldProblem("lots", "the consultation's lots are not the plan's lots")],
            subject=subject,
        )
    problems: list[FieldProblem] = []
    result: list[LotInput] = []
    for position, lot in enumerate(plan.lots):
        index, source = by_id.get(lot.id, (position, None))
        if lot.outcome == "a_corriger":
            reasons = [v for v in lot.vigilance if "interdit" in v or "obligatoire" in v]
            problems.append(
                FieldProblem(
                    f"lots.{index}.preferences",
                    f"lot {lot.id} is to be corrected (outcome a_corriger) and cannot be "
                    "published; correct the consultation first",
                    "; ".join(reasons[:2]) or None,
                )
            )
        cpv = source.cpv if source is not None else None
        if cpv is not None:
            problem = cpv_problem(cpv)
            if problem is not None:
                problems.append(FieldProblem(f"lots.{index}.cpv", problem, cpv))
        poids = (
            str(source.poids_critere)
            if source is not None and source.poids_critere is not None
            else None
        )
        result.append(LotInput(index=index, cpv=cpv, poids_critere=poids))
    if problems:
        raise InvalidInputError(problems, subject=subject)
    return result


def cpv_vigilance(plan: Plan, cpv: str | None, kinds: Sequence[str]) -> list[str]:
    """Cross-checks of a lot's CPV with the plan (French vigilance points)."""
    points: list[str] = []
    if cpv is None:
        if TypeInstrument.RESERVE_ESS.value in kinds:
            points.append(
                "Code CPV du lot non renseigné : la règle eForms BR-BT-00262-0200 (réservation "
                "« res-pub-ser » limitée aux services sociaux listés) n'a pas pu être vérifiée."
            )
        return points
    nature = nature_of_cpv(cpv)
    if plan.contrat == "marche" and nature is not None:
        declared = "services" if plan.nature == "prestations_intellectuelles" else plan.nature
        if (nature == "travaux") != (declared == "travaux"):
            points.append(
                f"Code CPV {cpv} ({nature}) et nature de la consultation ({plan.nature}) "
                "discordants : le seuil européen et les règles appliquées dépendent de la "
                "nature ; la vérifier."
            )
    sss = bool(plan.facts.get("services_sociaux_specifiques", False))
    listed = is_social_service(cpv)
    if sss and not listed:
        points.append(
            f"Consultation déclarée de services sociaux et spécifiques, mais le code CPV {cpv} "
            "n'est pas dans la liste eForms de ces services : vérifier la déclaration."
        )
    if listed and not sss and plan.contrat == "marche":
        points.append(
            f"Le code CPV {cpv} figure dans la liste eForms des services sociaux et "
            "spécifiques, mais la consultation ne les déclare pas : vérifier le seuil et la "
            "possibilité d'une réservation ESS."
        )
    return points


def ess_problem(cpv: str | None, duree_mois: int, index: int) -> list[FieldProblem]:
    """The eForms business rules of ``res-pub-ser`` that a lot reserved to the ESS breaks."""
    problems: list[FieldProblem] = []
    if cpv is not None and not is_social_service(cpv):
        problems.append(
            FieldProblem(
                f"lots.{index}.cpv",
                "a lot reserved to ESS enterprises (L2113-15, eForms res-pub-ser) needs a main "
                "CPV code of the list of social and other specific services "
                "(eForms rule BR-BT-00262-0200)",
                cpv,
            )
        )
    if duree_mois > ESS_MAX_MONTHS:
        problems.append(
            FieldProblem(
                "duree_mois",
                "a lot reserved to ESS enterprises lasts at most 3 years "
                "(L2113-15; eForms rule BR-BT-00036-0150)",
                str(duree_mois),
            )
        )
    return problems
