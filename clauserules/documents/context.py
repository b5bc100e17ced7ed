"""The document context: everything a template may read, as frozen dataclasses.

A template sees the fields of :class:`DocumentContext` as its top-level names, and can
reach only the data fields of these classes (the sandbox of :mod:`.environment` refuses
the rest). The names are the template variables: renaming one breaks users' templates.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = [
    "CONTEXT_TYPES",
    "DOCUMENT_TITLES",
    "DocumentContext",
    "context_variables",
]


@dataclass(frozen=True, slots=True)
class SourceCitee:
    """A source cited in a document, rendered from the catalogue."""

    id: str
    titre: str
    nature: str
    citation: str


@dataclass(frozen=True, slots=True)
class Instrument:
    """An insertion instrument of a lot, as decided by the plan."""

    kind: str
    """``condition_execution``, ``critere_attribution``, ``reserve_siae``..."""
    libelle: str
    statut: str
    """``obligatoire``, ``recommande``, ``autorise`` or ``interdit``."""
    statut_libelle: str
    citation: str
    """The article of the regime in force, rendered from the catalogue."""
    motifs: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Parametre:
    libelle: str
    valeur: str


@dataclass(frozen=True, slots=True)
class Heures:
    """Insertion hours of a lot and how they were computed."""

    valeur: Decimal
    methode: str
    methode_libelle: str
    parametres: tuple[Parametre, ...]


@dataclass(frozen=True, slots=True)
class Critere:
    """The award criterion of a lot."""

    nom: str
    poids: Decimal | None
    citation: str


@dataclass(frozen=True, slots=True)
class Reservation:
    """A reservation of a lot: who may bid and what proof is expected."""

    kind: str
    public: str
    citation: str


@dataclass(frozen=True, slots=True)
class ObligationSociale:
    """The mandatory social execution condition (contracts above the EU thresholds)."""

    code: str
    """``obligatoire``, ``exception`` or ``non_applicable``."""
    motif: str
    motif_libelle: str
    justification: str
    citation: str


@dataclass(frozen=True, slots=True)
class ConditionSociale:
    """A social or employment execution condition other than insertion hours."""

    nature: str
    """Code of :class:`~clauserules.vocabulaire.NatureConditionSociale`."""
    libelle: str
    description: str
    """What the holder must do, in the buyer's words (may be empty)."""
    citation: str


@dataclass(frozen=True, slots=True)
class Lot:
    id: str
    intitule: str
    montant: Decimal | None
    instruments: tuple[Instrument, ...]
    """Instruments retained for the lot (mandatory, recommended or asked for)."""
    ecartes: tuple[Instrument, ...]
    """Instruments not retained (forbidden, or allowed but not asked for)."""
    condition: Instrument | None
    critere: Critere | None
    reservation: Reservation | None
    marche_insertion: Instrument | None
    heures: Heures | None
    obligation: ObligationSociale
    vigilance: tuple[str, ...]
    condition_sociale: ConditionSociale | None = None
    """The other social or employment condition imposed on the lot (``autre_condition_sociale``)."""


@dataclass(frozen=True, slots=True)
class Groupes:
    """The lots grouped by decision, for articles that cover several lots at once."""

    condition: tuple[Lot, ...]
    """Lots with an execution condition."""
    critere: tuple[Lot, ...]
    """Lots with an award criterion."""
    execution: tuple[Lot, ...]
    """Lots whose contractor owes insertion hours (execution condition or award criterion)."""
    critere_seul: tuple[Lot, ...]
    """Lots with an award criterion and no execution condition (hours of the offer)."""
    reservation: tuple[Lot, ...]
    marche_insertion: tuple[Lot, ...]
    obligatoire: tuple[Lot, ...]
    """Lots under the mandatory social execution condition."""
    exception: tuple[Lot, ...]
    """Lots where the buyer recorded an exception to the mandatory condition."""
    sans_clause: tuple[Lot, ...]
    condition_citation: str
    """Legal basis of the execution condition in the regime in force."""
    obligation_citation: str
    """Legal basis of the mandatory social condition (empty when it does not apply)."""
    condition_sociale: tuple[Lot, ...] = ()
    """Lots with another social or employment execution condition."""
    heures_total: Decimal = Decimal(0)
    """Insertion hours of the lots that carry an insertion clause, and of those only."""


@dataclass(frozen=True, slots=True)
class CriterePublic:
    titre: str
    citation: str


@dataclass(frozen=True, slots=True)
class Publics:
    referentiel: str
    referentiel_libelle: str
    criteres: tuple[CriterePublic, ...]
    prioritaires: tuple[str, ...]
    anru: str
    """``qpv`` when the operation is funded by the ANRU, else ``aucun``."""
    anru_citation: str
    anru_part: Decimal | None = None
    """Share of the insertion hours worked by residents of a priority district (none: placeholder)."""
    vigilance: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Facilitateur:
    publication: str
    """``coordonnees`` (with consent), ``mention_neutre`` (without) or ``aucun``."""
    nom: str
    contact: str
    citation: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """A drafting decision of the rule base (topic ``documents``)."""

    code: str
    titre: str
    citation: str


@dataclass(frozen=True, slots=True)
class Penalites:
    code: str
    """``par_heure`` (amount set by the buyer) or ``sans_montant``."""
    montant: Decimal | None
    citation: str
    suivi_montant: Decimal | None = None
    """Penalty per day of delay in the monthly reporting (none: a placeholder)."""
    derogation_ccag: bool = False
    """The penalties derogate from the CCAG's exoneration and ceiling rules."""


@dataclass(frozen=True, slots=True)
class Ccag:
    code: str
    """``travaux``, ``fcs``, ``pi``, ``tic``, ``mi``, ``moe``, or ``aucun`` before 2021."""
    libelle: str
    citation: str


@dataclass(frozen=True, slots=True)
class Fait:
    nom: str
    valeur: str


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One decision, as recorded in ``decision.docx``."""

    sujet: str
    resultat: str
    regles: tuple[str, ...]
    """Rule ids, each with its title."""
    motifs: tuple[str, ...]
    sources: tuple[str, ...]
    faits: tuple[Fait, ...]
    vigilance: tuple[str, ...]
    manquants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Document:
    code: str
    titre: str
    version: str
    brouillon: bool = False
    """A draft of a plan to correct: every page says « PROJET — à corriger »."""
    points_ouverts: tuple[str, ...] = ()
    """What the buyer must correct before the documents can be published."""


@dataclass(frozen=True, slots=True)
class NoteLot:
    """One lot in the note de choix: what was chosen, under which texts, how many hours."""

    id: str
    intitule: str
    retenus: str
    """The instruments retained, with their status (« aucun dispositif retenu » otherwise)."""
    textes: str
    """The binding texts of the instruments retained."""
    heures: Decimal | None
    """The insertion hours, for a lot that carries an hours clause only."""


@dataclass(frozen=True, slots=True)
class NotePoint:
    """A reason, a point to check or a reason to record, once, with the lots it concerns."""

    lots: str
    """« Lot 1 », « Lots 1, 2 et 5 », « Tous les lots » or « Consultation »."""
    texte: str


@dataclass(frozen=True, slots=True)
class Note:
    """The note de choix: the first pages of the decision record (ADR 0063)."""

    lots: tuple[NoteLot, ...] = ()
    motifs: tuple[NotePoint, ...] = ()
    a_verifier: tuple[NotePoint, ...] = ()
    a_consigner: tuple[NotePoint, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """The article form of the CCAP clause: the number of the article in the buyer's CCAP."""

    numero: int


@dataclass(frozen=True, slots=True)
class Acheteur:
    nom: str
    type_libelle: str


@dataclass(frozen=True, slots=True)
class ConsultationInfo:
    objet: str
    contrat: str
    """``marche`` or ``concession``."""
    contrat_libelle: str
    nature: str
    nature_libelle: str
    date_lancement: date
    duree_mois: int | None
    reference: str
    allotie: bool = True
    """Divided into lots (more than one lot)."""
    justification_non_allotissement: str = ""


@dataclass(frozen=True, slots=True)
class Textes:
    """Binding texts cited by the wording, as a contract cites them
    (« article L. 2113-11 du code de la commande publique »), built from the catalogue."""

    allotissement: str = ""
    apprentissage: str = ""
    handicap: str = ""
    egalite: str = ""


@dataclass(frozen=True, slots=True)
class Regime:
    code: str
    libelle: str


@dataclass(frozen=True, slots=True)
class AccordCadreLot:
    """How the hours of one lot of a framework agreement follow the orders."""

    id: str
    euros_par_heure: Decimal
    """One insertion hour per this many euros HT ordered."""
    heures_minimum: Decimal | None
    heures_maximum: Decimal | None
    """Hours if the maximum were ordered (an indication)."""


@dataclass(frozen=True, slots=True)
class AccordCadre:
    """The framework agreement's hours method (rules ``accords_cadres.heures.*``)."""

    methode: str
    """``heure_par_montant_commande`` or ``fixees_par_marche_subsequent``."""
    activation_optionnelle: bool
    lots: tuple[AccordCadreLot, ...]
    citation: str
    """The binding articles (CCP) behind the method."""


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """Everything a template may use. Built by :func:`~clauserules.documents.build.build_context` from decisions only."""

    document: Document
    acheteur: Acheteur
    consultation: ConsultationInfo
    regime: Regime
    lots: tuple[Lot, ...]
    groupes: Groupes
    base_legale: tuple[Instrument, ...]
    """One instrument of each kind retained in some lot (the legal basis of the clause)."""
    clause: Redaction
    publics: Publics
    facilitateur: Facilitateur
    modalites: Redaction
    decompte: Redaction
    regles_decompte: tuple[str, ...]
    """Codes of the counting rules adopted (``regle_24_mois``...)."""
    globalisation: Redaction
    controle: Redaction
    penalites: Penalites
    difficultes: Redaction
    ccag: Ccag
    decisions: tuple[DecisionRecord, ...]
    vigilance: tuple[str, ...]
    sources: tuple[SourceCitee, ...]
    regles: tuple[str, ...]
    """Every rule id behind the documents, sorted."""
    textes: Textes = Textes()
    accord_cadre: AccordCadre | None = None
    """For a framework agreement: how the hours follow the orders (``None`` otherwise)."""
    note: Note = Note()
    """The note de choix (decision record)."""
    article: Article | None = None
    """The article form (``ccap-article``): its number in the buyer's CCAP; ``None`` otherwise."""

    def for_document(self, code: str) -> DocumentContext:
        return dataclasses.replace(
            self,
            document=dataclasses.replace(self.document, code=code, titre=DOCUMENT_TITLES[code]),
        )

    def as_mapping(self) -> dict[str, Any]:
        """The top-level names a template sees."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


CONTEXT_TYPES: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in dataclasses.fields(cls))
    for cls in (
        SourceCitee,
        Instrument,
        Parametre,
        Heures,
        Critere,
        Reservation,
        ObligationSociale,
        ConditionSociale,
        Textes,
        Lot,
        Groupes,
        CriterePublic,
        Publics,
        Facilitateur,
        Redaction,
        Penalites,
        Ccag,
        Fait,
        DecisionRecord,
        Document,
        Article,
        Note,
        NoteLot,
        NotePoint,
        Acheteur,
        ConsultationInfo,
        Regime,
        AccordCadreLot,
        AccordCadre,
        DocumentContext,
    )
}
"""Types of the document context and their fields: the only attributes templates reach."""

DOCUMENT_TITLES = {
    "rc": "Règlement de la consultation",
    "ccap": "Cahier des clauses administratives particulières",
    "decision": "Note de choix — clause sociale d'insertion",
    "ccap-article": "CCAP — article à insérer : clause sociale d'insertion",
    "annexe-engagement": "Engagement d'insertion du titulaire",
    "annexe-bilan": "Bilan de l'action d'insertion",
}


def context_variables() -> dict[str, Any]:
    """The tree of names a template may use: ``{name: subtree or None}`` (for linting)."""

    def tree(cls: Any) -> dict[str, Any] | None:
        if not dataclasses.is_dataclass(cls):
            return None
        hints = _hints(cls)
        result: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            result[f.name] = tree(_inner_type(hints[f.name]))
        return result

    top = tree(DocumentContext)
    assert top is not None
    return top


def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _inner_type(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        return _inner_type(typing.get_args(hint)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _inner_type(args[0]) if len(args) == 1 else None
    return hint
