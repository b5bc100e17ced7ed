"""Decisions → document context: one builder per section of the documents.

:func:`build_context` reads the plan of the consultation (instruments, hours, mandatory
condition, threshold, facilitator) and the drafting decision
(:mod:`clauserules.documents.redaction`), and nothing else: it never calls the engine and
never reads the consultation itself. The rule base is read only for the titles and
citations of the rules that these decisions name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from clauserules._fr import liste
from clauserules._version import __version__
from clauserules.core.rulebase import Nature, Rule, RuleBase, Source
from clauserules.documents.context import (
    DOCUMENT_TITLES,
    AccordCadre,
    AccordCadreLot,
    Acheteur,
    Ccag,
    ConditionSociale,
    ConsultationInfo,
    Critere,
    CriterePublic,
    Document,
    DocumentContext,
    Facilitateur,
    Groupes,
    Heures,
    Instrument,
    Lot,
    ObligationSociale,
    Parametre,
    Penalites,
    Publics,
    Redaction,
    Regime,
    Reservation,
    SourceCitee,
    Textes,
)
from clauserules.documents.environment import (
    format_date,
    format_montant,
    format_nombre,
    format_pourcent,
    to_decimal,
)
from clauserules.documents.filters import typographie
from clauserules.documents.labels import (
    ACHETEUR_LABELS,
    CONTRAT_LABELS,
    KIND_LABELS,
    METHOD_LABELS,
    MOTIF_LABELS,
    PARAMETER_LABELS,
    PARAMETERS_OF_METHOD,
    RESERVATION_PUBLICS,
    STATUS_LABELS,
)
from clauserules.documents.note import build_note
from clauserules.documents.options import DocumentOptions
from clauserules.documents.record import Record, ref_texts
from clauserules.documents.redaction import (
    DraftingDecision,
    LotDrafting,
    PublicsDrafting,
    is_retained,
)
from clauserules.plan.service import Hours as PlanHours
from clauserules.plan.service import Instrument as PlanInstrument
from clauserules.plan.service import LotPlan, Plan
from clauserules.rules import rulebase
from clauserules.rules.redaction import ccag_label
from clauserules.rules.sources import CATALOGUE, cite
from clauserules.rules.sources.codes import CCP_LEGISLATIF, CODE_TRAVAIL
from clauserules.vocabulaire import Critere as CodeCritere
from clauserules.vocabulaire import NatureAchat, NatureConditionSociale

__all__ = ["build_context"]

CRITERION_NAME = "Performances en matière d'insertion professionnelle des publics en difficulté"


def build_context(
    plan: Plan, drafting: DraftingDecision, options: DocumentOptions | None = None
) -> DocumentContext:
    """The document context of a consultation, built from its decisions only.

    ``plan`` is the result of :func:`clauserules.plan.plan_consultation`; ``drafting``, the
    drafting decision on that plan and the buyer's ``options``
    (:func:`~clauserules.documents.redaction.decide_drafting`).
    """
    options = options or DocumentOptions()
    at = plan.date_lancement
    base = rulebase()
    record = Record({r.id: r for r in base.rules if r.in_force(at)}, plan.missing)
    record.plan(plan, drafting)
    lots = tuple(_lot(lot_plan, drafting.lots[lot_plan.id], record) for lot_plan in plan.lots)
    record.drafting(drafting)
    publics = _publics(plan, drafting.publics)
    record.publics(plan, publics, drafting.publics.rule_ids)
    record.rule_ids.update(plan.rules)
    groupes = _groupes(lots)
    vigilance = tuple(dict.fromkeys((*plan.vigilance, *record.vigilance)))
    return DocumentContext(
        document=Document("rc", DOCUMENT_TITLES["rc"], __version__),
        acheteur=Acheteur(
            nom=plan.acheteur,
            type_libelle=ACHETEUR_LABELS.get(plan.type_acheteur, "acheteur public"),
        ),
        consultation=_consultation(plan, options),
        regime=Regime(plan.regime.code, plan.regime.label),
        lots=lots,
        groupes=groupes,
        base_legale=_base_legale(lots),
        clause=Redaction("clause" if any(lot.instruments for lot in lots) else "aucune", "", ""),
        publics=publics,
        facilitateur=_facilitateur(plan, drafting),
        modalites=_redaction(drafting, "modalites"),
        decompte=_redaction(drafting, "decompte"),
        regles_decompte=options.decompte,
        globalisation=_redaction(drafting, "globalisation", "aucune"),
        controle=_redaction(drafting, "controle"),
        penalites=_penalites(drafting, options),
        difficultes=_redaction(drafting, "difficultes"),
        ccag=_ccag(drafting),
        decisions=tuple(record.records),
        vigilance=vigilance,
        sources=_sources(plan, record.rule_ids, base),
        regles=tuple(sorted(record.rule_ids)),
        textes=_textes(),
        accord_cadre=_accord_cadre(plan),
        note=build_note(plan, lots, groupes, vigilance),
    )


def _accord_cadre(plan: Plan) -> AccordCadre | None:
    """The hours method of a framework agreement, for its one CCAP block (issue 14)."""
    methods = [(lot, lot.accord_cadre) for lot in plan.lots if lot.accord_cadre is not None]
    if not methods:
        return None
    first = methods[0][1]
    citation = " ; ".join(
        dict.fromkeys(
            s.citation
            for _, m in methods
            for s in m.sources
            if s.article is not None and s.source.startswith("ccp")
        )
    )
    return AccordCadre(
        methode=first.methode,
        activation_optionnelle=first.activation_optionnelle,
        lots=tuple(
            AccordCadreLot(
                id=lot.id,
                euros_par_heure=m.euros_par_heure,
                heures_minimum=m.heures_minimum,
                heures_maximum=m.heures_indicatives_maximum,
            )
            for lot, m in methods
        ),
        citation=citation or "code de la commande publique",
    )


def _article(number: str) -> str:
    """``L2113-11`` → ``L. 2113-11`` (the way a contract writes an article of a code)."""
    return f"{number[0]}. {number[1:]}" if number[:1] in "LRD" and number[1:2].isdigit() else number


def _code(source: Source, *numbers: str) -> str:
    """« article L. 2113-11 du code de la commande publique », « articles … et … du code du travail »."""
    citations = [cite(source, article=n) for n in numbers]
    code = "code de la commande publique" if source.id.startswith("ccp") else source.title.lower()
    written = [_article(c.article or "") for c in citations]
    head = "article" if len(written) == 1 else "articles"
    return f"{head} {liste(written)} du {code}"


def _textes() -> Textes:
    return Textes(
        allotissement=_code(CCP_LEGISLATIF, "L2113-11"),
        apprentissage=_code(CODE_TRAVAIL, "L6221-1", "L6325-1"),
        handicap=_code(CODE_TRAVAIL, "L5212-13"),
        egalite=_code(CODE_TRAVAIL, "L1132-1", "L1142-1"),
    )


# --- consultation and regime -------------------------------------------------------------


def _consultation(plan: Plan, options: DocumentOptions) -> ConsultationInfo:
    duree = plan.facts.get("duree_mois")
    return ConsultationInfo(
        objet=plan.objet,
        contrat=plan.contrat,
        contrat_libelle=CONTRAT_LABELS.get(plan.contrat, plan.contrat),
        nature=plan.nature,
        nature_libelle=NatureAchat(plan.nature).label,
        date_lancement=plan.date_lancement,
        duree_mois=duree if isinstance(duree, int) and not isinstance(duree, bool) else None,
        reference=options.reference,
        allotie=len(plan.lots) > 1,
        justification_non_allotissement=options.justification_non_allotissement,
    )


# --- lots --------------------------------------------------------------------------------


def _legal_citation(data: PlanInstrument) -> str:
    """The article of an instrument as a legal document cites it: text and article only.

    The plan's citation may end with the seed lines that quote the text
    (``… art. 14 — 003_….txt:391-399``): they belong to the decision record, not the RC.
    """
    if not data.citation:
        return ""
    for ref in data.sources:
        if ref.citation == data.citation and ref.article:
            return _cite(ref.source, ref.title, ref.article)
    return _contract_form(data.citation.split(" — ")[0])


_CODE_CITED = re.compile(
    r"Code de la commande publique, partie (?:législative|réglementaire), art\. ([^;—()]+?)(?=\s*(?:;|—|\)|$))"
)


def _contract_form(citation: str) -> str:
    """A plan citation rewritten as a contract cites it (« art. L. 2112-2 du code de la
    commande publique »), one text after the other."""
    rewritten = _CODE_CITED.sub(lambda m: _cite("ccp", "", m.group(1).strip()), citation)
    return typographie(rewritten)


_BINDING = frozenset({Nature.LOI, Nature.ORDONNANCE, Nature.DECRET, Nature.ARRETE})
"""Sources a contract document may cite: texts that bind (ADR 0061)."""


def _cite(source_id: str, title: str, article: str) -> str:
    """« art. L. 2112-2 du code de la commande publique »; other texts: « titre, art. 14 »."""
    written = re.sub(r"\b([LRD])(\d)", r"\1. \2", article)
    prefix = "art. " if written[:1].isdigit() or written[:2] in ("L.", "R.", "D.") else ""
    if source_id.startswith("ccp"):
        return f"{prefix}{written} du code de la commande publique"
    if source_id == "code-travail":
        return f"{prefix}{written} du code du travail"
    return typographie(f"{title}, {prefix}{written}")


def _instrument(data: PlanInstrument) -> Instrument:
    return Instrument(
        kind=data.kind.value,
        libelle=KIND_LABELS.get(data.kind.value, data.label),
        statut=data.status,
        statut_libelle=STATUS_LABELS[data.status],
        citation=_legal_citation(data),
        motifs=tuple(data.reasons),
        sources=ref_texts(data.sources),
    )


def _lot(lot_plan: LotPlan, drafting: LotDrafting, record: Record) -> Lot:
    """The lot as the documents write it; its decisions go to the record."""
    instruments = [(_instrument(i), i) for i in lot_plan.instruments]
    retained = tuple(inst for inst, data in instruments if is_retained(data))
    by_kind = {i.kind: i for i in retained}
    criterion = by_kind.get("critere_attribution")
    reservation = next((i for i in retained if i.kind.startswith("reserve_")), None)
    obligation = lot_plan.obligation_sociale
    motif = obligation.motif or ""
    lot = Lot(
        id=lot_plan.id,
        intitule=lot_plan.intitule,
        montant=lot_plan.montant_estime_ht,
        instruments=retained,
        ecartes=tuple(inst for inst, _ in instruments if inst not in retained),
        condition=by_kind.get("condition_execution"),
        critere=Critere(CRITERION_NAME, drafting.poids_critere, criterion.citation)
        if criterion
        else None,
        reservation=Reservation(
            reservation.kind, RESERVATION_PUBLICS[reservation.kind], reservation.citation
        )
        if reservation
        else None,
        marche_insertion=by_kind.get("marche_insertion"),
        condition_sociale=_condition_sociale(by_kind.get("autre_condition_sociale"), drafting),
        heures=_hours(lot_plan.hours) if retained else None,
        obligation=ObligationSociale(
            code=obligation.code,
            motif=motif,
            motif_libelle=MOTIF_LABELS.get(motif, motif.replace("_", " ")),
            justification=obligation.justification or "",
            citation=_contract_form(obligation.citation or ""),
        ),
        vigilance=tuple(lot_plan.vigilance),
    )
    record.lot(lot, lot_plan, instruments, drafting)
    return lot


def _condition_sociale(
    instrument: Instrument | None, drafting: LotDrafting
) -> ConditionSociale | None:
    """The other social condition of a lot, when the plan retained it."""
    if instrument is None:
        return None
    nature, description = drafting.condition_sociale or ("autre", "")
    return ConditionSociale(
        nature=nature,
        libelle=NatureConditionSociale(nature).label,
        description=description,
        citation=instrument.citation,
    )


def _hours(hours: PlanHours) -> Heures:
    wanted = PARAMETERS_OF_METHOD.get(hours.method, tuple(hours.parameters))
    parameters = tuple(
        Parametre(
            PARAMETER_LABELS.get(key, key.replace("_", " ")),
            _param_text(key, hours.parameters[key].value),
        )
        for key in wanted
        if key in hours.parameters
    )
    return Heures(
        valeur=hours.value,
        methode=hours.method,
        methode_libelle=METHOD_LABELS.get(hours.method, hours.method.replace("_", " ")),
        parametres=parameters,
    )


def _param_text(key: str, raw: Any) -> str:
    number = to_decimal(raw)
    if key.startswith(("part", "taux")):
        return format_pourcent(number)
    if key.startswith(("montant", "cout", "euros")):
        return format_montant(number)
    return format_nombre(number)


def _groupes(lots: Sequence[Lot]) -> Groupes:
    condition = tuple(lot for lot in lots if lot.condition)
    obligatoire = tuple(lot for lot in lots if lot.obligation.code == "obligatoire")
    return Groupes(
        condition=condition,
        critere=tuple(lot for lot in lots if lot.critere),
        execution=tuple(lot for lot in lots if lot.condition or lot.critere),
        critere_seul=tuple(lot for lot in lots if lot.critere and not lot.condition),
        reservation=tuple(lot for lot in lots if lot.reservation),
        marche_insertion=tuple(lot for lot in lots if lot.marche_insertion),
        obligatoire=obligatoire,
        exception=tuple(lot for lot in lots if lot.obligation.code == "exception"),
        sans_clause=tuple(lot for lot in lots if not lot.instruments),
        condition_citation=next((lot.condition.citation for lot in condition if lot.condition), ""),
        obligation_citation=next((lot.obligation.citation for lot in obligatoire), ""),
        condition_sociale=tuple(lot for lot in lots if lot.condition_sociale),
        heures_total=sum(
            (lot.heures.valeur for lot in lots if lot.heures and (lot.condition or lot.critere)),
            Decimal(0),
        ),
    )


def _base_legale(lots: Iterable[Lot]) -> tuple[Instrument, ...]:
    """One instrument of each kind retained in some lot: the legal basis of the clause."""
    kinds: dict[str, Instrument] = {}
    for lot in lots:
        for instrument in lot.instruments:
            kinds.setdefault(instrument.kind, instrument)
    return tuple(kinds.values())


# --- publics -----------------------------------------------------------------------------


def _in_text(rule: Rule, *, only: str = "") -> str:
    """How a rule is cited inside the RC or the CCAP: its binding sources only (ADR 0061).

    Doctrine, reports and other buyers' practice are cited in the decision record; a rule
    resting on them alone has no citation in a contract document (empty text).
    """
    cited = (
        _cite(c.source.id, c.source.title, c.article) if c.article else typographie(c.source.title)
        for c in rule.sources
        if ((only in c.source.id) if only else c.source.nature in _BINDING)
    )
    return typographie(" ; ".join(dict.fromkeys(cited)))


def _publics(plan: Plan, publics: PublicsDrafting) -> Publics:
    ref = publics.referentiel
    warnings: list[str] = []
    if publics.earliest is not None:
        warnings.append(
            f"Le référentiel de publics « {ref.label} » n'était pas publié à la date de "
            f"lancement ({format_date(plan.date_lancement)}) ; sa première version "
            f"({format_date(publics.earliest)}) est reprise au CCAP : vérifier la liste des "
            "publics retenue à l'époque."
        )
    seen: dict[str, CriterePublic] = {}
    for rule in publics.rules:
        seen.setdefault(rule.title, CriterePublic(rule.title, _in_text(rule)))
    known = {c.value for c in CodeCritere}
    return Publics(
        referentiel=ref.value,
        referentiel_libelle=ref.label,
        criteres=tuple(seen.values()),
        prioritaires=tuple(CodeCritere(p).label for p in plan.publics_prioritaires if p in known),
        anru="qpv" if publics.anru else "aucun",
        anru_citation=_in_text(publics.anru, only="anru") if publics.anru else "",
        vigilance=tuple(warnings),
    )


# --- drafting sections -------------------------------------------------------------------


def _redaction(drafting: DraftingDecision, section: str, default: str = "aucun") -> Redaction:
    decided = drafting.section(section)
    if decided is None:
        return Redaction(default, "", "")
    return Redaction(decided.code, decided.rule.title, _in_text(decided.rule))


def _facilitateur(plan: Plan, drafting: DraftingDecision) -> Facilitateur:
    decided = _redaction(drafting, "facilitateur")
    details: Mapping[str, Any] = plan.facilitateur or {}
    publication = (
        decided.code
        if decided.code != "aucun"
        else ("mention_neutre" if plan.facilitateur else "aucun")
    )
    shown = publication == "coordonnees"
    return Facilitateur(
        publication=publication,
        nom=str(details.get("nom") or "") if shown else "",
        contact=str(details.get("contact") or "") if shown else "",
        citation=decided.citation,
    )


def _penalites(drafting: DraftingDecision, options: DocumentOptions) -> Penalites:
    decided = _redaction(drafting, "penalites", "sans_montant")
    return Penalites(
        code=decided.code,
        montant=options.penalite_par_heure if decided.code == "par_heure" else None,
        citation=decided.citation,
        suivi_montant=options.penalite_suivi_par_jour,
        derogation_ccag=options.derogation_ccag_penalites,
    )


def _ccag(drafting: DraftingDecision) -> Ccag:
    """The CCAG whose insertion clause the CCAP completes, and its article."""
    decided = drafting.section("ccag")
    if decided is None:
        return Ccag(code="aucun", libelle="", citation="")
    article = str(decided.rule.then.get("article", ""))
    return Ccag(
        code=decided.code,
        libelle=ccag_label(decided.code),
        citation=typographie(f"article {article}".strip()),
    )


# --- sources -----------------------------------------------------------------------------


def _sources(plan: Plan, rule_ids: Iterable[str], base: RuleBase) -> tuple[SourceCitee, ...]:
    """Every source behind the documents, from the catalogue, sorted by title."""
    found: dict[str, SourceCitee] = {}

    def add(source_id: str) -> None:
        source = CATALOGUE.get(source_id)
        if source is not None and source_id not in found:
            found[source_id] = SourceCitee(
                source_id, source.title, source.nature.label, source.title
            )

    for ref in plan.sources:
        add(ref.source)
    for lot in plan.lots:
        for instrument in lot.instruments:
            for ref in instrument.sources:
                add(ref.source)
        for ref in lot.hours.sources:
            add(ref.source)
    wanted = set(rule_ids)
    for rule in base.rules:
        if rule.id in wanted and rule.in_force(plan.date_lancement):
            for citation in rule.sources:
                add(citation.source.id)
    return tuple(sorted(found.values(), key=lambda s: s.titre))
