"""« Is this person eligible, under which list of publics, on which date? »

:mod:`.model` holds the input (:class:`Personne`), :mod:`.facts` derives the facts the
rules read, :mod:`.service` decides, :mod:`.output` holds the decision and :mod:`.text`
renders it in French or JSON.
"""

from clauserules.eligibility.facts import derive_facts
from clauserules.eligibility.model import AvisMotive, InscriptionFranceTravail, Personne
from clauserules.eligibility.output import EligibilityDecision
from clauserules.eligibility.service import assess_eligibility, assess_persons
from clauserules.eligibility.text import eligibility_json, eligibility_text

__all__ = [
    "AvisMotive",
    "EligibilityDecision",
    "InscriptionFranceTravail",
    "Personne",
    "assess_eligibility",
    "assess_persons",
    "derive_facts",
    "eligibility_json",
    "eligibility_text",
]
