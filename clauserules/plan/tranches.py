"""Lots in firm and optional tranches, in the plan (rules ``tranches.*``, CCP R2113-4 to
R2113-6, R2121-1; ``docs/decisions/0069-tranches.md``).

The lot's estimated amount is the sum of its tranches, options included (checked by
:class:`clauserules.plan.model.Lot`), so the threshold already counts every tranche. The
hours formula is proportional to the amount: each tranche's hours are the lot's exact hours
in proportion to its amount, rounded by the one rounding rule; an optional tranche's hours
are due only if the buyer affirms it.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from clauserules.core.expr import FactValue
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.plan.evaluation import Evaluator, in_force
from clauserules.plan.model import Consultation, Lot
from clauserules.plan.output import HeuresTranche, Hours
from clauserules.rules import heures as H
from clauserules.rules import tranches as T

__all__ = ["tranche_hours"]


def tranche_hours(
    base: RuleBase, c: Consultation, lot: Lot, hours: Hours, ev: Evaluator
) -> tuple[tuple[HeuresTranche, ...], tuple[Rule, ...]]:
    """The hours of each tranche of ``lot`` and the rules that fired (empty without tranches)."""
    if not lot.tranches:
        return (), ()
    facts: dict[str, FactValue] = {
        "technique": c.technique.value,
        "a_tranches": True,
        "tranches_optionnelles": any(t.type == "optionnelle" for t in lot.tranches),
    }
    rules = in_force(base, T.TOPIC, c.date_lancement)
    fired = ev.fired(rules, facts) if rules else ()
    total = lot.montant_estime_ht
    result = []
    for t in lot.tranches:
        with localcontext() as ctx:
            ctx.prec = 60
            exact = hours.exact * t.montant_estime_ht / total if total else Decimal(0)
        result.append(
            HeuresTranche(
                id=t.id,
                type=t.type,
                montant_estime_ht=t.montant_estime_ht,
                heures=H.round_hours(exact),
                exigibilite="ferme" if t.type == "ferme" else "si_affermie",
            )
        )
    return tuple(result), fired
