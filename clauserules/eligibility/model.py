"""The person whose eligibility is assessed (all fields optional: absent means unknown)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt

from clauserules.core.inputs import EARLIEST_DATE, InputModel, IsoDate
from clauserules.vocabulaire import Allocation, OrganismeAvis, PriseEnCharge

__all__ = ["AvisMotive", "InscriptionFranceTravail", "Personne"]


class InscriptionFranceTravail(InputModel):
    """Registration as a jobseeker with France Travail (ex-Pôle emploi)."""

    depuis: IsoDate = Field(ge=EARLIEST_DATE)
    """Start of the current, continuous registration."""
    categorie: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    """Registration category, 1 to 5."""


class AvisMotive(InputModel):
    """A reasoned opinion that makes a person eligible by derogation."""

    organisme: OrganismeAvis
    """Who gave it."""
    date: IsoDate
    """When it was given."""


class Personne(InputModel):
    """A person whose eligibility to an insertion clause is assessed. All fields optional."""

    id: str | None = Field(default=None, max_length=200)
    """Caller's identifier, echoed in the decision."""
    date_naissance: IsoDate | None = Field(default=None, ge=EARLIEST_DATE)
    """Date of birth."""
    inscription_france_travail: InscriptionFranceTravail | Literal[False] | None = None
    """Registration as a jobseeker; ``false`` when known not to be registered."""
    allocations: tuple[Allocation, ...] | None = None
    """Allocations received; ``[]`` when known to receive none."""
    ayant_droit_rsa: StrictBool | None = None
    """Member of the household of an RSA beneficiary (ayant droit)."""
    obligation_emploi: StrictBool | None = None
    """Beneficiary of the employment obligation (art. L5212-13 C. trav., e.g. RQTH)."""
    orientation_milieu_ordinaire: StrictBool | None = None
    """Oriented towards ordinary (non-sheltered) employment."""
    niveau_qualification: Annotated[StrictInt, Field(ge=1, le=8)] | None = None
    """Qualification level, nomenclature of 2019 (3 = CAP/BEP)."""
    sortie_formation_initiale: IsoDate | None = Field(default=None, ge=EARLIEST_DATE)
    """Date of leaving initial education."""
    prise_en_charge: tuple[PriseEnCharge, ...] | None = None
    """Structures taking charge of the person; ``[]`` when none."""
    residence_qpv: StrictBool | None = None
    """Resides in a quartier prioritaire de la politique de la ville."""
    avis_motive: AvisMotive | None = None
    """Reasoned opinion for a derogation; absent when there is none."""
