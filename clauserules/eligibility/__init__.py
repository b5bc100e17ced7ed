"""« Is this person eligible, under which list of publics, on which date? »

:mod:`.model` holds the input (:class:`Personne`), :mod:`.service` decides,
:mod:`.output` holds the decision and :mod:`.text` renders it in French or JSON.
"""

from clauserules.eligibility.model import AvisMotive, InscriptionFranceTravail, Personne
from clauserules.eligibility.output import EligibilityDecision
from clauserules.eligibility.service import assess_eligibility

__all__ = [
    "AvisMotive",
    "EligibilityDecision",
    "InscriptionFranceTravail",
    "Personne",
    "assess_eligibility",
]
