"""The entry point of hypothesis's ``hypothesis`` group: registers the strategies by type.

hypothesis runs its entry points while it is itself being imported, which may happen in
the middle of ``import clauserules.testing`` (whose modules import hypothesis). This
module therefore imports nothing at load time, and the strategies are registered
*deferred*: their modules are imported on the first draw, once every import is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from clauserules.eligibility.model import Personne
    from clauserules.ledger.model import Parcours
    from clauserules.plan.model import Consultation


def _personnes() -> SearchStrategy[Personne]:
    from clauserules.testing.personnes import personnes

    return personnes()


def _consultations() -> SearchStrategy[Consultation]:
    from clauserules.testing.consultations import consultations

    return consultations()


def _parcours() -> SearchStrategy[Parcours]:
    from clauserules.testing.parcours import parcours

    return parcours()


def _hypothesis_setup_hook() -> None:
    """Register :func:`personnes`, :func:`consultations` and :func:`parcours` for
    ``st.from_type(Personne)``, ``st.from_type(Consultation)`` and ``st.from_type(Parcours)``.

    Safe to call at any time, also while hypothesis or this package is being imported.
    """
    from hypothesis import strategies as st

    from clauserules.eligibility.model import Personne
    from clauserules.ledger.model import Parcours
    from clauserules.plan.model import Consultation

    st.register_type_strategy(Personne, st.deferred(_personnes))
    st.register_type_strategy(Consultation, st.deferred(_consultations))
    st.register_type_strategy(Parcours, st.deferred(_parcours))
