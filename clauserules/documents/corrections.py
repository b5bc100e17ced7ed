"""What a plan ``a_corriger`` asks the buyer to correct, before documents can be published.

``generate`` refuses such a plan with :class:`~clauserules.errors.PlanToCorrectError`
(exit 2) listing these points, unless a draft is asked for (``brouillon``): then every page
says « PROJET — à corriger » and the first page lists them
(``docs/decisions/0060-documents-publiables.md``).
"""

from __future__ import annotations

from clauserules.errors import FieldProblem, PlanToCorrectError
from clauserules.plan.output import LotPlan, Plan

__all__ = ["check_publishable", "open_points", "problems"]


def _lot_points(lot: LotPlan) -> list[str]:
    points: list[str] = []
    for instrument in lot.instruments:
        label = instrument.label[:1].upper() + instrument.label[1:]
        if instrument.selected and instrument.status == "interdit":
            reasons = " ".join(instrument.reasons)
            points.append(f"{label} : interdit pour ce lot ; le retirer. {reasons}".strip())
        if instrument.status == "obligatoire" and not instrument.selected:
            points.append(
                f"{label} : obligatoire pour ce lot et non retenu ; l'ajouter aux préférences "
                "du lot ou consigner une exception motivée."
            )
    if not points:
        points.extend(lot.vigilance)
    return points


def problems(plan: Plan) -> list[FieldProblem]:
    """One problem per point to correct, at the lot's preferences (``lots.0.preferences``)."""
    found: list[FieldProblem] = []
    for index, lot in enumerate(plan.lots):
        if lot.outcome == "a_corriger":
            found.extend(
                FieldProblem(f"lots.{index}.preferences", f"lot {lot.id} : {point}", "a_corriger")
                for point in _lot_points(lot)
            )
    return found


def open_points(plan: Plan) -> tuple[str, ...]:
    """The points to correct, as the first page of a draft lists them."""
    return tuple(
        f"Lot {lot.id} — {point}"
        for lot in plan.lots
        if lot.outcome == "a_corriger"
        for point in _lot_points(lot)
    )


def check_publishable(plan: Plan) -> None:
    """Raise :class:`PlanToCorrectError` when the plan is ``a_corriger``."""
    if plan.outcome == "a_corriger":
        found = problems(plan) or [FieldProblem("lots", "le plan est à corriger")]
        raise PlanToCorrectError(found)
