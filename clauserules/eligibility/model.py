"""The person whose eligibility is assessed (all fields optional: absent means unknown)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt

from clauserules.core.inputs import EARLIEST_DATE, InputModel, IsoDate
from clauserules.vocabulaire import (
    Allocation,
    OrganismeAvis,
    PriseEnCharge,
    ProtectionInternationale,
)

__all__ = ["AvisMotive", "InscriptionFranceTravail", "PeriodeInscription", "Personne"]

Categorie = Annotated[StrictInt, Field(ge=1, le=8)]
"""Administrative category of a registration with France Travail, 1 to 8."""


class InscriptionFranceTravail(InputModel):
    """Registration as a jobseeker with France Travail (ex-Pôle emploi)."""

    depuis: IsoDate = Field(ge=EARLIEST_DATE)
    """Start of the current, continuous registration."""
    categorie: Categorie | None = None
    """Administrative category, 1 to 8 (6 to 8: more than 78 hours of activity in the month)."""
    automatique: StrictBool | None = None
    """Registered automatically (loi n° 2023-1196, since 1 January 2025: RSA, CEJ, Cap emploi)."""


class PeriodeInscription(InputModel):
    """A past period of registration with France Travail, both days included."""

    depuis: IsoDate = Field(ge=EARLIEST_DATE)
    """First day of the period."""
    jusqu_au: IsoDate = Field(ge=EARLIEST_DATE)
    """Last day of the period."""
    categorie: Categorie | None = None
    """Administrative category, 1 to 8."""


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
    """Reasoned opinion for a derogation, or IAE diagnosis; absent when there is none."""
    inscriptions: tuple[PeriodeInscription, ...] | None = Field(default=None, max_length=200)
    """Past registrations with France Travail (history); ``[]`` when known to have none."""
    sortie_ase: IsoDate | Literal[False] | None = Field(default=None)
    """Date of leaving the aide sociale à l'enfance; ``false`` when never in its care."""
    parent_isole: StrictBool | None = None
    """Lone parent."""
    sans_hebergement: StrictBool | None = None
    """Without accommodation, accommodated (hébergé) or with a street life path."""
    protection_internationale: ProtectionInternationale | Literal[False] | None = None
    """Refugee, subsidiary or temporary protection, asylum seeker; ``false`` when none."""
    residence_zrr: StrictBool | None = None
    """Resides in a zone de revitalisation rurale / zone France ruralités revitalisation."""
    sous_main_de_justice: StrictBool | None = None
    """Placed under the supervision of the courts (placé sous main de justice)."""
    sortie_detention: IsoDate | Literal[False] | None = Field(default=None)
    """Date of release from detention; ``false`` when never detained."""
    francais_inferieur_a1: StrictBool | None = None
    """Command of French below level A1."""
    probleme_mobilite: StrictBool | None = None
    """Mobility problem (diagnosed)."""
