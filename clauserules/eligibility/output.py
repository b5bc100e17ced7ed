"""The decision on one person's eligibility."""

from __future__ import annotations

from clauserules.core.decision import Decision

__all__ = ["EligibilityDecision"]


class EligibilityDecision(Decision):
    """Eligibility of one person under one referential of publics, at one date."""

    personne: str | None
    """The person's ``id``, if given."""
    eligible: bool | None
    """``True``, ``False``, or ``None`` when missing inputs leave it undetermined."""
    referential: str
    """The list of publics applied."""
    criteria: tuple[str, ...]
    """Codes of the criteria met (:class:`clauserules.vocabulaire.Critere`)."""
    prioritaire: bool | None = None
    """Meets a priority public of the buyer (``None`` when none was asked or undetermined)."""
    anru_qpv: bool | None = None
    """Resides in a QPV, for ANRU-funded operations (``None`` when not asked or unknown)."""
    structure_iae: str | None = None
    """``iae-2021``: the kind of structure asked for (``ai``, ``etti``, ``ei``, ``aci``, ``eiti``)."""
    structures_iae: tuple[str, ...] | None = None
    """``iae-2021``: the kinds of structure for which the person is eligible (``None`` otherwise)."""
    complet: bool = False
    """The caller declared the record complete: absent facts were read as « non »."""
