"""The drafting decision: what the RC and the CCAP write, beyond the plan.

The plan says which instruments each lot may or must carry; the drafting decision says
what the documents write about them (``docs/decisions/0030-generation-documents.md``,
§2-§6):

* which instruments are *retained* in the RC and the CCAP: a mandatory one, or one the
  buyer asked for that is not forbidden (the others go to the record only);
* the drafting rules of the topic ``documents`` (:mod:`clauserules.rules.redaction`),
  evaluated on facts derived from the plan and the buyer's options — **the only engine
  call of the documents package** — each fired rule deciding one section of the
  documents, named by the key of its conclusion (``facilitateur``, ``penalites``,
  ``globalisation``, ``ccag``...);
* the rules of other topics that apply what the CCAP adopts (counting rules, the
  globalisation variant, penalties and proration of the market's dues), cited next to
  the drafting rule in the record;
* which decisions of the plan the record cites for the regime and for each lot's mandatory
  social condition, read from the conclusions of the plan's rules (``effet``);
* the buyer's choices that the plan does not echo: the weight of an award criterion, and
  whether the facilitator agreed to the publication of its details;
* the publics written in the CCAP: the criteria of the chosen referential in force at the
  launch date (its first version for a consultation older than the lists) and the buyer
  overlays (ANRU residence in a priority district, priority publics).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clauserules.core.decide import decide
from clauserules.core.expr import FactValue
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.documents.options import DocumentOptions
from clauserules.errors import NoRulesInForceError
from clauserules.plan.model import Consultation
from clauserules.plan.service import Instrument as PlanInstrument
from clauserules.plan.service import LotPlan, Plan
from clauserules.rules import articles, comptage, rulebase
from clauserules.rules import globalisation as globalisation_rules
from clauserules.rules import redaction as drafting_rules
from clauserules.rules.publics import TOPIC as PUBLICS_TOPIC
from clauserules.rules.publics import TOPIC_OVERLAY
from clauserules.vocabulaire import GlobalisationCCAP, Referentiel, TypeInstrument

__all__ = [
    "Drafting",
    "DraftingDecision",
    "LotDrafting",
    "PublicsDrafting",
    "decide_drafting",
    "is_retained",
    "retained_instruments",
]

_PENALTY_FACT = "penalite_fixee"
"""The fact of the market's dues read by the counting rules that apply a CCAP penalty."""
_DIFFICULTY_FACT = "periodes_difficulte"
"""The fact of the market's dues read by the counting rules that prorate the hours due."""
_OBLIGATION_EFFECTS = frozenset(
    {articles.Effet.OBLIGATOIRE, articles.Effet.EXCEPTION, articles.Effet.EXCEPTION_IRRECEVABLE}
)
"""Effects of the rules of the mandatory social condition: oblige, accept or refuse an
exception."""


def is_retained(instrument: PlanInstrument) -> bool:
    """An instrument is written in the RC and the CCAP: selected by the plan and allowed.

    Exactly the plan's selection: a mandatory instrument the buyer did not select makes the
    plan ``a_corriger`` (refused, or a draft), it is never added silently (ADR 0060)."""
    return instrument.selected and instrument.status != "interdit"


def retained_instruments(lot: LotPlan) -> tuple[PlanInstrument, ...]:
    """The instruments of a lot written in the RC and the CCAP, in the plan's order."""
    return tuple(i for i in lot.instruments if is_retained(i))


@dataclass(frozen=True, slots=True)
class Drafting:
    """One fired drafting rule: the section of the documents it decides, and how."""

    section: str
    """The key of the rule's conclusion: ``facilitateur``, ``modalites``, ``ccap``,
    ``controle``, ``penalites``, ``difficultes``, ``decompte``, ``globalisation``, ``ccag``."""
    code: str
    """The decision code of the section (``coordonnees``, ``par_heure``, ``ave-2014``...)."""
    rule: Rule
    applied: tuple[str, ...]
    """Ids of the rules of other topics that apply what the CCAP adopts for this section."""


@dataclass(frozen=True, slots=True)
class LotDrafting:
    """What the documents write of one lot beyond its plan."""

    poids_critere: Decimal | None
    """Weight of the insertion award criterion given by the buyer."""
    obligation_rules: tuple[str, ...]
    """Ids of the plan's rules that oblige, or accept or refuse an exception to, the
    mandatory social condition."""
    condition_sociale: tuple[str, str] | None = None
    """Nature code and description (the buyer's words) of the other social condition."""


@dataclass(frozen=True, slots=True)
class PublicsDrafting:
    """The publics written in the CCAP."""

    referentiel: Referentiel
    rules: tuple[Rule, ...]
    """The rules of the referential's criteria, in the rule base's order."""
    earliest: date | None
    """Start of the first version of the list, used when it was not yet published at the
    launch date (``None`` when the list was in force)."""
    anru: Rule | None
    """The overlay rule of residence in a priority district, for an ANRU operation."""
    prioritaire: Rule | None
    """The overlay rule of priority publics, when the buyer gave some."""

    @property
    def rule_ids(self) -> set[str]:
        ids = {rule.id for rule in self.rules}
        ids.update(rule.id for rule in (self.anru, self.prioritaire) if rule is not None)
        return ids


@dataclass(frozen=True, slots=True)
class DraftingDecision:
    """What the documents write, as decided by the drafting rules at the launch date."""

    at: date
    facts: Mapping[str, FactValue]
    """The facts the drafting rules were evaluated on."""
    fired: tuple[Drafting, ...]
    """The fired drafting rules, in the rule base's order."""
    consent_missing: bool
    """A facilitator is named but the consultation does not say whether it agreed to the
    publication of its details: the documents use the neutral mention."""
    publics: PublicsDrafting
    regime_rules: tuple[str, ...]
    """Ids of the plan's rules that chose the regime."""
    lots: Mapping[str, LotDrafting]
    """By lot id."""

    def section(self, name: str) -> Drafting | None:
        """The drafting decision of a section, if a rule decided it."""
        return next((d for d in self.fired if d.section == name), None)


def decide_drafting(
    plan: Plan, consultation: Consultation, options: DocumentOptions | None = None
) -> DraftingDecision:
    """Evaluate the drafting rules in force at the launch date on the plan and the options.

    ``consultation`` is the checked consultation of the plan, read for the buyer's choices
    that the plan does not echo (criterion weights, facilitator's consent).
    """
    options = options or DocumentOptions()
    at = plan.date_lancement
    base = rulebase()
    facilitator = consultation.facilitateur
    consent = (
        facilitator.consentement_publication
        if facilitator is not None and "consentement_publication" in facilitator.model_fields_set
        else None
    )
    retained = [retained_instruments(lot) for lot in plan.lots]
    facts: dict[str, FactValue] = {
        "clause": any(retained),
        "condition_execution": any(
            i.kind == TypeInstrument.CONDITION_EXECUTION for lot in retained for i in lot
        ),
        "penalite_definie": options.penalite_par_heure is not None,
        "ccag": options.ccag_for(plan.nature),
        "globalisation": options.globalisation.value,
    }
    if consent is not None:
        facts["consentement_publication"] = consent
    applied = _applied(base, at, options)
    fired = tuple(
        Drafting(section=section, code=str(code), rule=rule, applied=applied.get(section, ()))
        for rule in decide(base.in_force(drafting_rules.TOPIC, at), facts).fired
        for section, code in (next(iter(rule.then.items())),)
    )
    effects = {r.id: r.then.get("effet") for r in base.in_force(articles.TOPIC, at)}
    weights = {lot.id: lot.poids_critere for lot in consultation.lots}
    social = {
        lot.id: (lot.condition_sociale.nature.value, lot.condition_sociale.description or "")
        for lot in consultation.lots
        if lot.condition_sociale is not None
    }
    return DraftingDecision(
        at=at,
        facts=facts,
        fired=fired,
        consent_missing=facilitator is not None and consent is None,
        publics=_publics(base, plan),
        regime_rules=tuple(i for i in plan.rules if effects.get(i) == articles.Effet.REGIME),
        lots={
            lot.id: LotDrafting(
                poids_critere=weights.get(lot.id),
                condition_sociale=social.get(lot.id),
                obligation_rules=tuple(
                    i for i in lot.rules if effects.get(i) in _OBLIGATION_EFFECTS
                ),
            )
            for lot in plan.lots
        },
    )


def _applied(base: RuleBase, at: date, options: DocumentOptions) -> dict[str, tuple[str, ...]]:
    """Rules of the topics ``comptage`` and ``globalisation`` that apply what the CCAP adopts."""
    applied: dict[str, tuple[str, ...]] = {}
    if options.globalisation != GlobalisationCCAP.AUCUNE:
        try:
            variant = base.in_force(globalisation_rules.TOPIC, at, options.globalisation.value)
            applied["globalisation"] = tuple(r.id for r in variant)
        except NoRulesInForceError:
            applied["globalisation"] = ()
    try:
        applied["decompte"] = tuple(r.id for r in base.in_force(comptage.TOPIC, at))
        dues = base.in_force(comptage.TOPIC_MARCHE, at)
    except NoRulesInForceError:
        return applied
    applied["penalites"] = tuple(r.id for r in dues if _PENALTY_FACT in r.when.fields())
    applied["difficultes"] = tuple(r.id for r in dues if _DIFFICULTY_FACT in r.when.fields())
    return applied


def _publics(base: RuleBase, plan: Plan) -> PublicsDrafting:
    at = plan.date_lancement
    ref = Referentiel(plan.referentiel_publics)
    earliest: date | None = None
    try:
        rules = base.in_force(PUBLICS_TOPIC, at, ref.value)
    except NoRulesInForceError:
        # The lists of publics are soft law published from December 2014: for an older
        # consultation the earliest version of the chosen list is written.
        earliest, _ = base.coverage(PUBLICS_TOPIC, ref.value)
        rules = base.in_force(PUBLICS_TOPIC, earliest, ref.value)
    anru: Rule | None = None
    if str(plan.facts.get("financement_anru", "aucun")) != "aucun":
        try:
            overlays = base.in_force(TOPIC_OVERLAY, at)
        except NoRulesInForceError:
            overlays = ()
        anru = next((r for r in overlays if r.then.get("anru_qpv")), None)
    prioritaire = (
        next((r for r in base.of_topic(TOPIC_OVERLAY) if r.then.get("prioritaire")), None)
        if plan.publics_prioritaires
        else None
    )
    return PublicsDrafting(
        referentiel=ref, rules=rules, earliest=earliest, anru=anru, prioritaire=prioritaire
    )
