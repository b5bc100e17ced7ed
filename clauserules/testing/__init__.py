"""Hypothesis strategies for people who test their use of clauserules.

Installed with the ``test`` extra (``pip install clauserules[test]``). The strategies are
built **constructively** from the rule base, never by filtering:

* :func:`personnes` draws persons; ``eligibles_selon=`` draws persons that meet one
  criterion of a referential at a date (a witness of one rule's condition);
  ``ineligibles_selon=`` draws persons that meet none, with every fact the rules read
  known, so the decision is ``eligible is False`` (no rule has a negation, so making every
  elementary condition false makes every rule false);
* :func:`dates_charnieres` draws the dates where things change: regime changes of the
  rule base, month ends, 29 February, and the day before each;
* :func:`montants` draws amounts as :class:`~decimal.Decimal` with cents;
* :func:`consultations` draws consultations whose estimated value sits on a European
  threshold (exactly reached, or one euro below) and whose launch date is often a regime
  boundary (or the day before): every one plans without error;
* :func:`parcours` draws insertion paths (markets, persons, contracts, monthly hours,
  globalisation requests) that pass validation: every one counts without error.

``st.from_type(Personne)``, ``st.from_type(Consultation)`` and ``st.from_type(Parcours)``
work once this package is imported (or automatically through hypothesis's entry point when
the package is installed). One module per family: :mod:`~clauserules.testing.personnes`,
:mod:`~clauserules.testing.consultations` (and amounts), :mod:`~clauserules.testing.parcours`,
:mod:`~clauserules.testing.dates`; the entry point lives in ``_hook.py``, which imports
nothing when loaded, so ``import clauserules.testing`` works whatever was imported before.

Example::

    from datetime import date
    from hypothesis import given
    from clauserules import assess_eligibility
    from clauserules.testing import personnes

    AT = date(2026, 11, 22)

    @given(personnes(eligibles_selon="ave-2014", at=AT))
    def test_my_import_keeps_eligible_people(p):
        assert assess_eligibility(p, at=AT, referential="ave-2014").eligible is True
"""

from __future__ import annotations

# First: hypothesis runs its entry point (``_hypothesis_setup_hook``) when the modules below
# import it, while this package is half imported; the hook must already be here.
from clauserules.testing._hook import _hypothesis_setup_hook
from clauserules.testing.consultations import consultations, montants
from clauserules.testing.dates import DATES_REGIMES, dates_charnieres
from clauserules.testing.parcours import parcours
from clauserules.testing.personnes import personnes

__all__ = [
    "DATES_REGIMES",
    "consultations",
    "dates_charnieres",
    "montants",
    "parcours",
    "personnes",
]

# Also without the entry point (a source checkout, or HYPOTHESIS_NO_PLUGINS set).
_hypothesis_setup_hook()
