"""« Which instruments, and how many insertion hours, for each lot of a consultation? »

:mod:`.model` holds the input (:class:`Consultation`), :mod:`.service` decides (with
:mod:`.instruments` for the combination of instruments, :mod:`.obligation` for the
mandatory social condition, :mod:`.hours` for the hours formula and :mod:`.evaluation` for the engine calls), :mod:`.output` holds the plan and
:mod:`.text` renders it in French or JSON.
"""

from clauserules.plan.hours import estimate_hours
from clauserules.plan.model import Consultation, Lot, parse_consultation
from clauserules.plan.obligation import motifs_a_consigner
from clauserules.plan.output import (
    Hours,
    HoursParameter,
    Instrument,
    LotPlan,
    ObligationSociale,
    Plan,
    Regime,
    Spaser,
    Threshold,
)
from clauserules.plan.service import plan_consultation
from clauserules.plan.text import hours_text, obligation_text, plan_json, plan_text

__all__ = [
    "Consultation",
    "Hours",
    "HoursParameter",
    "Instrument",
    "Lot",
    "LotPlan",
    "ObligationSociale",
    "Plan",
    "Regime",
    "Spaser",
    "Threshold",
    "estimate_hours",
    "hours_text",
    "motifs_a_consigner",
    "obligation_text",
    "parse_consultation",
    "plan_consultation",
    "plan_json",
    "plan_text",
]
