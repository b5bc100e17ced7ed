"""The description of a consultation and its lots (pydantic v2, frozen, ``extra="forbid"``).

Amounts, shares and rates are :class:`~decimal.Decimal` (a YAML/JSON number or a string
such as ``"1200000"``); shares and rates are fractions (``0.4`` for 40 %). Checks that
need the whole consultation (unique lot ids, launch date within the coverage of the rule
base) are made by :func:`parse_consultation` and :func:`clauserules.plan.plan_consultation`,
and reported like every other input error with the field's dotted location
(``lots.2.id``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from clauserules.core.inputs import (
    EARLIEST_DATE,
    Fraction,
    InputModel,
    IsoDate,
    Montant,
    Positif,
    Texte,
    parse_model,
)
from clauserules.errors import FieldProblem, InvalidInputError
from clauserules.rules.publics import DEFAULT_REFERENTIEL
from clauserules.vocabulaire import (
    BaseMontants,
    Contrat,
    Critere,
    FinancementAnru,
    ModaliteAccordCadre,
    MotifException,
    NatureAchat,
    NatureConditionSociale,
    ProgrammeAnru,
    Referentiel,
    TechniqueAchat,
    TypeAcheteur,
    TypeInstrument,
)

__all__ = [
    "Acheteur",
    "Consultation",
    "Contrat",
    "ExceptionObligationSociale",
    "Facilitateur",
    "FinancementAnru",
    "Lot",
    "NatureAchat",
    "Tranche",
    "TypeAcheteur",
    "parse_consultation",
]


class Acheteur(InputModel):
    """The buyer."""

    nom: Texte
    type: TypeAcheteur
    achats_annuels_ht: Montant | None = None
    """Total annual purchases (€ HT), for the SPASER obligation."""


class Facilitateur(InputModel):
    """The facilitator of the clause, if any."""

    nom: Texte
    contact: Texte | None = None
    consentement_publication: StrictBool = False
    """The facilitator agreed that its name and contact appear in the documents."""


class ExceptionObligationSociale(InputModel):
    """A recorded legal motive for not including the mandatory social condition."""

    motif: MotifException
    justification: Annotated[str, Field(min_length=1, max_length=4000)]
    """The written reasons, kept in the consultation file."""


class ConditionSociale(InputModel):
    """A social or employment execution condition other than insertion hours (L2112-2 CCP).

    Selected with the instrument ``autre_condition_sociale``; it satisfies the mandatory
    social condition of L2112-2-1 / L3114-2-1 like insertion hours do.
    """

    nature: NatureConditionSociale
    description: Annotated[str, Field(min_length=1, max_length=4000)] | None = None
    """What the holder must do, in the buyer's words; required when ``nature`` is ``autre``."""

    @model_validator(mode="after")
    def _described_when_other(self) -> ConditionSociale:
        if self.nature is NatureConditionSociale.AUTRE and self.description is None:
            raise ValueError("a description is required when nature is 'autre'")
        return self


class Tranche(InputModel):
    """One tranche of an ordinary contract's lot (CCP R2113-4 to R2113-6)."""

    id: Annotated[str, Field(min_length=1, max_length=50)]
    type: Literal["ferme", "optionnelle"]
    """``ferme``: the firm tranche; ``optionnelle``: executed only if the buyer affirms it."""
    montant_estime_ht: Montant


class Lot(InputModel):
    """One lot of the consultation."""

    id: Annotated[str, Field(min_length=1, max_length=50)]
    intitule: Texte
    montant_estime_ht: Montant
    part_main_oeuvre: Fraction | None = None
    """Labour share of the price; default by nature."""
    cout_horaire: Positif | None = None
    """Hourly labour cost (€/h); default 30 €/h."""
    taux_insertion: Fraction | None = None
    """Share of worked hours reserved for insertion; default 5 %."""
    euros_par_heure: Positif | None = None
    """Alternative method: one insertion hour per this many euros invoiced."""
    preferences: tuple[TypeInstrument, ...] = ()
    """Instruments the buyer intends to use on this lot."""
    poids_critere: Annotated[Decimal, Field(gt=0, le=1, allow_inf_nan=False)] | None = None
    """Weight of the insertion award criterion, as a fraction."""
    exception_obligation_sociale: ExceptionObligationSociale | None = None
    condition_sociale: ConditionSociale | None = None
    """The other social or employment condition, when ``autre_condition_sociale`` is selected."""
    cpv: Annotated[str, Field(pattern=r"^[0-9]{8}(-[0-9])?$")] | None = None
    """Main CPV code of the lot (``45000000-7`` or ``45000000``), for the publication data."""
    nature: NatureAchat | None = None
    """Nature of this lot (labour share, wording); default: the consultation's."""
    montant_minimum_ht: Montant | None = None
    """Framework agreement: minimum amount of orders (€ HT), if any."""
    montant_maximum_ht: Montant | None = None
    """Framework agreement: maximum amount of orders (€ HT), if any (CCP R2121-8)."""
    tranches: Annotated[tuple[Tranche, ...], Field(max_length=50)] = ()
    """Ordinary contract: one firm tranche and optional tranches whose amounts add up to
    ``montant_estime_ht`` (options included, CCP R2121-1)."""

    @model_validator(mode="after")
    def _minimum_below_maximum(self) -> Lot:
        low, high = self.montant_minimum_ht, self.montant_maximum_ht
        if low is not None and high is not None and low > high:
            raise ValueError("montant_minimum_ht must not exceed montant_maximum_ht")
        return self

    @field_validator("tranches")
    @classmethod
    def _tranches(cls, value: tuple[Tranche, ...], info: ValidationInfo) -> tuple[Tranche, ...]:
        if not value:
            return value
        if [t.type for t in value].count("ferme") != 1:
            raise ValueError(
                "exactly one tranche of type 'ferme' is expected, "
                "with one or more of type 'optionnelle'"
            )
        if len({t.id for t in value}) != len(value):
            raise ValueError("each tranche needs its own id")
        total = sum((t.montant_estime_ht for t in value), Decimal(0))
        expected = info.data.get("montant_estime_ht")
        if expected is not None and total != expected:
            raise ValueError(
                f"the tranches' montant_estime_ht add up to {total}, expected the lot's "
                f"montant_estime_ht ({expected}), options included"
            )
        return value


class Consultation(InputModel):
    """A consultation (call for competition) and its lots."""

    acheteur: Acheteur
    objet: Texte
    contrat: Contrat = Contrat.MARCHE
    nature: NatureAchat
    date_lancement: IsoDate = Field(ge=EARLIEST_DATE)
    """Date the consultation was launched (or the notice sent for publication)."""
    duree_mois: Annotated[StrictInt, Field(ge=1, le=1200)]
    """Duration of the contract, or of its initial period when it can be renewed."""
    technique: TechniqueAchat = TechniqueAchat.ORDINAIRE
    """``accord_cadre`` for a framework agreement (then ``modalite`` is required)."""
    modalite: ModaliteAccordCadre | None = None
    """How the framework agreement is executed: ``bons_de_commande`` or ``marches_subsequents``."""
    reconductions: Annotated[StrictInt, Field(ge=0, le=20)] = 0
    """Number of renewals, each as long as the initial period."""
    base_montants: BaseMontants = BaseMontants.DUREE_TOTALE
    """Framework agreement: whether the lots' estimate, minimum and maximum cover the whole
    duration (renewals included) or one period (``periode``: multiplied by the periods)."""
    activation_optionnelle: StrictBool = False
    """Framework agreement: each order or subsequent contract says whether it activates the clause."""
    defense_securite: StrictBool = False
    services_sociaux_specifiques: StrictBool = False
    """The contract is for listed social and other specific services."""
    financement_anru: FinancementAnru = FinancementAnru.AUCUN
    programme_anru: ProgrammeAnru | None = None
    """The urban-renewal programme of the ANRU-funded operation (``pnru``/``npnru``), which
    chooses the charter; read from the launch date when not given (ADR 0052)."""
    facilitateur: Facilitateur | None = None
    referentiel_publics: Referentiel = DEFAULT_REFERENTIEL
    publics_prioritaires: tuple[Critere, ...] = ()
    valeur_estimee_ht: Montant | None = None
    """Estimated value of the whole contract (options, renewals); default: sum of the lots."""
    lots: Annotated[tuple[Lot, ...], Field(min_length=1, max_length=500)]
    documents: dict[str, Any] | None = None
    """Drafting choices for the generated documents (penalty rate, globalisation variant,
    CCAG...), validated by :func:`clauserules.documents.service.generate_documents`; ignored by
    the plan."""

    @model_validator(mode="after")
    def _framework_fields(self) -> Consultation:
        framework = self.technique is TechniqueAchat.ACCORD_CADRE
        if framework and self.modalite is None:
            raise ValueError(
                "modalite is required for a framework agreement "
                "(bons_de_commande or marches_subsequents)"
            )
        if not framework and (
            self.modalite is not None
            or self.activation_optionnelle
            or any(
                lot.montant_minimum_ht is not None or lot.montant_maximum_ht is not None
                for lot in self.lots
            )
        ):
            raise ValueError(
                "modalite, activation_optionnelle and the lots' minimum and maximum amounts "
                "are for a framework agreement: set technique to accord_cadre"
            )
        if framework and any(lot.tranches for lot in self.lots):
            raise ValueError(
                "tranches are for an ordinary contract: a framework agreement's hours follow "
                "its orders or subsequent contracts"
            )
        return self

    @property
    def accord_cadre(self) -> bool:
        return self.technique is TechniqueAchat.ACCORD_CADRE

    @property
    def periodes(self) -> int:
        """Number of periods: the initial one and each renewal."""
        return 1 + self.reconductions

    def par_duree_totale(self, montant: Decimal) -> Decimal:
        """``montant`` (as given on a lot) over the whole duration, renewals included."""
        if self.accord_cadre and self.base_montants is BaseMontants.PERIODE:
            return montant * self.periodes
        return montant

    def valeur_lot(self, lot: Lot) -> Decimal:
        """The value of ``lot`` compared with the threshold (CCP R2121-1, R2121-8): for a
        framework agreement its maximum over the whole duration, or its estimate without one."""
        if self.accord_cadre and lot.montant_maximum_ht is not None:
            return self.par_duree_totale(lot.montant_maximum_ht)
        return self.par_duree_totale(lot.montant_estime_ht)

    def nature_lot(self, lot: Lot) -> NatureAchat:
        """The nature of ``lot``, the consultation's when the lot does not give one."""
        return lot.nature if lot.nature is not None else self.nature

    def valeur_estimee(self) -> Decimal:
        """The estimated value of the whole contract, compared with the European threshold."""
        if self.valeur_estimee_ht is not None:
            return self.valeur_estimee_ht
        return sum((self.valeur_lot(lot) for lot in self.lots), Decimal(0))


def check_consultation(consultation: Consultation, *, subject: str = "consultation") -> None:
    """Checks across lots: lot ids are unique."""
    counts = Counter(lot.id for lot in consultation.lots)
    problems = [
        FieldProblem(f"lots.{index}.id", "duplicate lot id; each lot needs its own id", lot.id)
        for index, lot in enumerate(consultation.lots)
        if counts[lot.id] > 1 and any(o.id == lot.id for o in consultation.lots[:index])
    ]
    if problems:
        raise InvalidInputError(problems, subject=subject)


def parse_consultation(data: Consultation | Mapping[str, Any]) -> Consultation:
    """Validate ``data`` into a :class:`Consultation`; raise naming each offending field."""
    consultation = parse_model(Consultation, data, subject="consultation")
    check_consultation(consultation)
    return consultation
