"""Insertion paths: the input of the hours ledger.

A :class:`Parcours` gathers five tables — ``marches``, ``personnes``, ``contrats``,
``heures`` (monthly hours lines) and ``demandes_globalisation``. :mod:`.readers` builds one
from a YAML/JSON document, a directory of CSV files or an XLSX workbook.

The four small tables are pydantic models (frozen, ``extra="forbid"``). Hours lines are a
:class:`LigneHeures` named tuple: a national file has a million of them, and a pydantic
object per line would cost more than the whole count. The readers store them as columns
(:class:`HeuresTable`). Their *values* (ids, month, bounds of hours) are checked by one
function, :func:`clauserules.ledger.checks.check`, whatever the reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from pydantic import Field, PrivateAttr, StrictBool, field_serializer

from clauserules.core.inputs import EARLIEST_DATE, Heures, InputModel, IsoDate, Montant
from clauserules.vocabulaire import (
    Demandeur,
    Destinataire,
    GlobalisationCCAP,
    LienEmployeur,
    MotifDifficulte,
    TypeContrat,
)

__all__ = [
    "COLUMNS",
    "TABLES",
    "Commande",
    "Contrat",
    "DemandeGlobalisation",
    "Eligibilite",
    "HeuresTable",
    "LigneHeures",
    "Marche",
    "Parcours",
    "PeriodeDifficulte",
    "PersonneParcours",
    "Regles",
    "RevueAnnuelle",
]

TABLES = ("marches", "personnes", "contrats", "heures", "demandes_globalisation", "commandes")
"""The tables of a :class:`Parcours`, in order."""
REQUIRED_TABLES = ("marches", "personnes", "contrats", "heures")
"""Every table but ``demandes_globalisation`` and ``commandes`` is required."""
COLUMNS: dict[str, tuple[str, ...]] = {
    "marches": (
        "id",
        "maitre_ouvrage",
        "debut_execution",
        "fin_execution",
        "heures_dues",
        "territoire",
        "titulaire",
        "montant",
        "globalisation",
        "penalite_par_heure",
        "regle_24_mois",
        "cdi_deuxieme_annee",
        "marche_long",
        "heures_formation",
        "proratisation",
        "euros_par_heure",
        "membres_groupement",
    ),
    "personnes": ("id", "eligibilite_validee", "eligibilite_date", "referentiel", "revue_annuelle"),
    "contrats": ("id", "personne", "employeur", "type", "debut", "fin", "lien"),
    "heures": ("personne", "contrat", "marche", "mois", "travail", "formation"),
    "demandes_globalisation": (
        "id",
        "entreprise",
        "marches",
        "personne",
        "date_demande",
        "date_prise_poste",
        "accords_maitres_ouvrage",
        "meme_territoire",
        "favorable_parcours",
        "eligibilite_verifiee",
        "engagement_execution",
        "demandeur",
        "destinataire",
    ),
    "commandes": ("id", "marche", "date", "montant_ht"),
}
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "marches": ("id", "maitre_ouvrage", "debut_execution", "fin_execution", "heures_dues"),
    "personnes": ("id", "eligibilite_validee"),
    "contrats": ("id", "personne", "employeur", "type", "debut"),
    "heures": ("personne", "contrat", "marche", "mois", "travail"),
    "demandes_globalisation": ("id", "entreprise", "marches", "personne", "date_demande"),
    "commandes": ("marche", "date", "montant_ht"),
}
"""Columns of each table in a CSV file or an XLSX sheet (nested fields flattened)."""

Id = Annotated[str, Field(min_length=1, max_length=200)]
LATEST_DATE = date(2199, 12, 31)
"""The latest ledger date accepted (counting adds up to 24 months and more to dates)."""
Day = Annotated[IsoDate, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
"""A ledger day: ``YYYY-MM-DD`` only (no ``0`` read as 1970, no Unix time), 1900–2199."""
Amount = Montant
"""Euros, 0 ≤ x < 10^12 (see :data:`~clauserules.core.inputs.Montant`)."""


class Regles(InputModel):
    """Counting rules of the AVE recueil that the market's CCAP adopted."""

    regle_24_mois: StrictBool = False
    """Eligibility lasts 24 months from the first hiring (subject to the annual review)."""
    cdi_deuxieme_annee: StrictBool = False
    """A CDI signed in year 2 after a CDD or mise à disposition counts 12 months."""
    marche_long: StrictBool = False
    """Execution over two years: CDI hires count up to two more years of execution."""
    heures_formation: StrictBool = False
    """Training hours count for contrat de professionnalisation, apprentissage, CIPI, CDPI, CDDI."""


class PeriodeDifficulte(InputModel):
    """A period of partial unemployment or economic redundancy (priority re-hiring included)."""

    debut: Day
    fin: Day
    """Last day, included."""
    motif: MotifDifficulte


class Marche(InputModel):
    """A public contract with an insertion clause."""

    id: Id
    maitre_ouvrage: Id
    debut_execution: Day
    fin_execution: Day
    """Last day of execution, included."""
    heures_dues: Heures
    """Insertion hours the contractor owes (CCAP)."""
    territoire: str | None = None
    """Bassin d'emploi, or territory of the facilitator."""
    titulaire: str | None = None
    """The contractor, when known (checked against globalisation requests)."""
    montant: Amount | None = None
    """Amount of the contract (allocation key ``montant``)."""
    regles: Regles = Regles()
    globalisation: GlobalisationCCAP = GlobalisationCCAP.AUCUNE
    penalite_par_heure: Amount | None = None
    """Penalty per missing hour set by the CCAP (the seeds give no default)."""
    proratisation: tuple[PeriodeDifficulte, ...] = ()
    euros_par_heure: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)] | None = None
    """Framework agreement à bons de commande: one insertion hour per this many euros HT
    ordered; the hours due then follow the ``commandes`` (``heures_dues`` is the indication
    on the maximum)."""
    membres_groupement: tuple[Id, ...] = ()
    """When the holder is a groupement: its members (each is « l'entreprise » of the holder)."""

    def entreprises(self) -> frozenset[str]:
        """The holder and the members of its groupement."""
        named = {self.titulaire} if self.titulaire is not None else set()
        return frozenset(named | set(self.membres_groupement))


class Eligibilite(InputModel):
    """Eligibility of the person, as validated by the facilitator."""

    validee: StrictBool
    date: Day | None = None
    referentiel: str | None = None


class RevueAnnuelle(InputModel):
    """Outcome of an annual review of the path."""

    date: Day
    maintien: StrictBool
    """``False``: the review ends eligibility from this date."""


class PersonneParcours(InputModel):
    """A person hired under insertion clauses."""

    id: Id
    eligibilite: Eligibilite
    revue_annuelle: tuple[RevueAnnuelle, ...] = ()


class Contrat(InputModel):
    """An employment contract of a person."""

    id: Id
    personne: Id
    employeur: Id
    """Titulaire, SIAE, ETTI, AI, GEIQ, EA… (an id or a name)."""
    type: TypeContrat
    debut: Day
    fin: Day | None = None
    """Last day, included; empty for an open-ended CDI."""
    lien: LienEmployeur = LienEmployeur.TITULAIRE
    """Link of the employer to the holder: its own staff, a sub-contractor or co-contractor
    (SIAE, EA, ESAT…) or a placement (ETTI, AI, GEIQ). The hours count for the market of the
    line whatever the link, when the person is eligible."""


class LigneHeures(NamedTuple):
    """Hours a person worked in one month, under one contract, on one market."""

    personne: str
    contrat: str
    marche: str
    mois: str
    """``AAAA-MM``."""
    travail: Decimal
    formation: Decimal = Decimal(0)


class DemandeGlobalisation(InputModel):
    """A request to globalise the insertion hours of one person across markets."""

    id: Id
    entreprise: Id
    marches: tuple[Id, ...]
    personne: Id
    date_demande: Day
    date_prise_poste: Day | None = None
    accords_maitres_ouvrage: tuple[str, ...] = ()
    """The maîtres d'ouvrage who agreed."""
    meme_territoire: StrictBool | None = None
    favorable_parcours: StrictBool | None = None
    eligibilite_verifiee: StrictBool | None = None
    engagement_execution: StrictBool | None = None
    demandeur: Demandeur = Demandeur.ENTREPRISE
    destinataire: Destinataire | None = None


class Commande(InputModel):
    """An order (bon de commande) issued under a framework agreement."""

    id: Id | None = None
    marche: Id
    date: Day
    montant_ht: Amount


Locator = Callable[[str, int, str], str]
"""``(table, index, field) -> location`` of a field of a row (index 0-based)."""


def document_locator(table: str, index: int, field: str) -> str:
    return f"{table}.{index}.{field}"


class Parcours(InputModel):
    """The five tables of insertion paths. Build it with :func:`~clauserules.ledger.readers.read_parcours`
    or directly."""

    marches: tuple[Marche, ...]
    personnes: tuple[PersonneParcours, ...]
    contrats: tuple[Contrat, ...]
    heures: tuple[LigneHeures, ...]
    demandes_globalisation: tuple[DemandeGlobalisation, ...] = ()
    commandes: tuple[Commande, ...] = ()
    """Orders of the framework agreements à bons de commande (optional)."""
    _locator: Locator = PrivateAttr(default_factory=lambda: document_locator)
    _rejected: dict[str, set[str]] = PrivateAttr(default_factory=dict)
    """Ids of rows a reader rejected (already reported): not reported again as unknown."""
    _prepared: Any = PrivateAttr(default=None)
    """The :class:`~clauserules.ledger.checks.Prepared` index of a checked input, kept so
    that :func:`~clauserules.ledger.service.count_hours` does not check it again."""

    @field_serializer("heures")
    def _dump_heures(self, heures: Sequence[LigneHeures]) -> tuple[LigneHeures, ...]:
        # readers store a column-wise HeuresTable: dump it as the tuple it stands for
        return tuple(heures)

    def locate(self, table: str, index: int, field: str) -> str:
        """Where a field of a row came from (file or sheet, row, column)."""
        return self._locator(table, index, field)


class HeuresTable(Sequence[LigneHeures]):
    """Hours lines stored as columns (hours in integer hundredths): what the CSV and XLSX
    readers build, a sequence of :class:`LigneHeures` for everyone else."""

    __slots__ = ("_columns",)

    def __init__(
        self,
        personne: list[str],
        contrat: list[str],
        marche: list[str],
        mois: list[str],
        travail: list[int],
        formation: list[int],
    ) -> None:
        self._columns = (personne, contrat, marche, mois, travail, formation)

    def columns(self) -> tuple[list[str], list[str], list[str], list[str], list[int], list[int]]:
        return self._columns

    def __len__(self) -> int:
        return len(self._columns[0])

    def _line(self, index: int) -> LigneHeures:
        p, c, m, mois, t, f = (column[index] for column in self._columns)
        return LigneHeures(
            p,  # type: ignore[arg-type]
            c,  # type: ignore[arg-type]
            m,  # type: ignore[arg-type]
            mois,  # type: ignore[arg-type]
            Decimal(t).scaleb(-2),
            Decimal(f).scaleb(-2),
        )

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return tuple(self._line(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._line(index)

    def __iter__(self) -> Iterator[LigneHeures]:
        for index in range(len(self)):
            yield self._line(index)
