"""« Which instruments, and how many insertion hours, for each lot of a consultation? »

:mod:`.model` holds the input (:class:`Consultation`), :mod:`.service` decides and renders.
"""

from clauserules.plan.model import Consultation
from clauserules.plan.service import Plan, estimate_hours, plan_consultation

__all__ = ["Consultation", "Plan", "estimate_hours", "plan_consultation"]
