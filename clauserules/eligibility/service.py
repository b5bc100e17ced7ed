"""Eligibility of a person to an insertion clause: facts, evaluation, decision.

The person's facts at ``at`` (:mod:`.facts`) are evaluated against the referential in
force, then against the buyer's overlay (priority publics, ANRU residence) when asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from clauserules import _fr
from clauserules.core.decide import decide
from clauserules.core.decision import sources_of
from clauserules.core.expr import FactValue, unknown_fields
from clauserules.core.inputs import coerce_date, parse_model
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.eligibility import iae
from clauserules.eligibility.facts import INPUT_OF_FACT, check_dates, derive_facts
from clauserules.eligibility.model import Personne
from clauserules.eligibility.output import EligibilityDecision
from clauserules.errors import FieldProblem, InvalidInputError, NoRulesInForceError, coerce_variant
from clauserules.rules import publics_iae, rulebase
from clauserules.rules.publics import (
    DEFAULT_REFERENTIEL,
    TOPIC,
    TOPIC_OVERLAY,
    VIGILANCE_INSCRIPTION_AUTOMATIQUE,
)
from clauserules.vocabulaire import Critere, Referentiel, StructureIae

_AUTOMATIQUE = {
    **VIGILANCE_INSCRIPTION_AUTOMATIQUE,
    Referentiel.IAE_2021: publics_iae.VIGILANCE_INSCRIPTION_AUTOMATIQUE,
}
_REGISTRATION_FACTS = frozenset(
    {"inscrit_ft", "mois_inscription_ft", "mois_inscription_18", "mois_inscription_36"}
)

# derive_facts stays importable from here, where it was before the split.
__all__ = ["assess_eligibility", "assess_persons", "coerce_referential", "derive_facts"]


def coerce_referential(value: str | Referentiel) -> Referentiel:
    return coerce_variant(Referentiel, value, "referential")


def coerce_structure(value: str | StructureIae | None, ref: Referentiel) -> StructureIae | None:
    """The kind of IAE structure asked for; only meaningful with ``iae-2021``."""
    if value is None:
        return None
    structure = coerce_variant(StructureIae, value, "structure_iae")
    if ref is not Referentiel.IAE_2021:
        raise InvalidInputError(
            [FieldProblem("structure_iae", "only with the referential iae-2021", str(value))],
            subject="options",
        )
    return structure


def assess_eligibility(
    personne: Personne | Mapping[str, Any],
    *,
    at: date | str,
    referential: str | Referentiel = DEFAULT_REFERENTIEL,
    publics_prioritaires: Iterable[str] = (),
    anru: bool = False,
    structure_iae: str | StructureIae | None = None,
    complet: bool = False,
) -> EligibilityDecision:
    """Is ``personne`` eligible to an insertion clause under ``referential`` at ``at``?

    Args:
        personne: a :class:`~clauserules.eligibility.model.Personne` or a mapping of its fields.
        at: evaluation date: the date the person is hired or proposed under the clause.
        referential: the list of publics (``ave-2014`` by default, see
            ``docs/decisions/0003-referentiel-par-defaut.md``).
        publics_prioritaires: criterion codes the buyer targets in priority, without
            excluding other eligible publics (sets ``prioritaire``).
        anru: the contract is funded by the ANRU (sets ``anru_qpv`` from ``residence_qpv``).
        structure_iae: with ``iae-2021``, the kind of structure that hires (``ai``, ``etti``,
            ``ei``, ``aci``, ``eiti``); without it the decision lists the kinds for which the
            person is eligible (``structures_iae``).
        complet: the caller declares the record complete: absent facts are read as « non »
            and ``eligible`` is ``True`` or ``False``, never ``None``.

    Returns:
        A frozen :class:`~clauserules.eligibility.output.EligibilityDecision`; ``eligible`` is ``None``
        when missing inputs leave it undetermined (they are listed in ``missing``).

    Raises:
        InvalidInputError: a field has the wrong form, or a date is after ``at``.
        UnknownVariantError: unknown referential or criterion code.
        NoRulesInForceError: the referential is not in force at ``at``.
    """
    at = coerce_date(at, "at")
    ref = coerce_referential(referential)
    structure = coerce_structure(structure_iae, ref)
    priorities = _coerce_priorities(publics_prioritaires)
    person = parse_model(Personne, personne, subject="personne")
    check_dates(person, at)
    facts = derive_facts(person, at)

    base = rulebase()
    rules = base.in_force(TOPIC, at, ref.value)
    evaluation = decide(rules, facts)
    fired = evaluation.fired
    criteria = tuple(dict.fromkeys(str(r.then["critere"]) for r in fired))
    extra: list[str] = []
    structures: tuple[str, ...] | None = None
    if ref is Referentiel.IAE_2021:
        counted = iae.count(evaluation, structure, complet=complet)
        eligible = counted.eligible
        structures = counted.structures
        missing = _missing(counted.undetermined, facts)
        extra = iae.vigilance(counted, structure, person, at)
    else:
        missing = (
            [] if fired or complet else sorted(INPUT_OF_FACT.get(n, n) for n in evaluation.missing)
        )
        eligible = True if fired else None if missing else False

    overlay = _NO_OVERLAY
    if priorities or anru:
        overlay = _overlay(base, rules, facts, criteria, priorities, anru, at, complet)
        missing.extend(overlay.missing)
        facts = {**facts, **overlay.facts}
        rules = (*rules, *overlay.rules)

    decisive = (*fired, *overlay.fired)
    inscription = person.inscription_france_travail
    if (
        inscription
        and inscription.automatique
        and eligible
        and any(r.when.fields() & _REGISTRATION_FACTS for r in fired)
    ):
        extra.append(_AUTOMATIQUE[ref])
    shown = decisive if eligible else overlay.fired
    return EligibilityDecision(
        topic=TOPIC,
        outcome="eligible" if eligible else "indetermine" if eligible is None else "non_eligible",
        at=at,
        variant=ref.value,
        rules=tuple(r.id for r in decisive),
        evaluated=tuple(dict.fromkeys(r.id for r in rules)),
        sources=sources_of(decisive or rules),
        facts=facts,
        missing=tuple(dict.fromkeys(missing)),
        vigilance=_ordered((*_vigilance(shown, person), *extra)),
        personne=person.id,
        eligible=eligible,
        referential=ref.value,
        criteria=criteria,
        prioritaire=overlay.prioritaire,
        anru_qpv=overlay.anru_qpv,
        structure_iae=structure.value if structure else None,
        structures_iae=structures,
        complet=complet,
    )


class _Overlay(NamedTuple):
    """What the buyer's overlay adds to the decision."""

    prioritaire: bool | None
    anru_qpv: bool | None
    rules: tuple[Rule, ...]
    fired: tuple[Rule, ...]
    facts: dict[str, FactValue]
    missing: list[str]


_NO_OVERLAY = _Overlay(None, None, (), (), {}, [])


def _overlay(
    base: RuleBase,
    rules: Sequence[Rule],
    facts: Mapping[str, FactValue],
    criteria: Sequence[str],
    priorities: frozenset[str],
    anru: bool,
    at: date,
    complet: bool = False,
) -> _Overlay:
    """Evaluate the overlay rules asked for: priority publics met, ANRU residence in QPV."""
    overlay_facts: dict[str, FactValue] = {}
    missing: list[str] = []
    wanted: list[str] = []
    if priorities:
        wanted.append("publics.overlay.prioritaire")
        met = len(priorities.intersection(criteria))
        # None met yet: a targeted criterion that is still unknown leaves it open.
        targeted = [r for r in rules if r.then["critere"] in priorities]
        still_open = [] if met or complet else _missing(targeted, facts)
        if still_open:
            missing.extend(still_open)
        else:
            overlay_facts["nb_criteres_prioritaires"] = met
    if anru:
        wanted.append("publics.overlay.anru-qpv")
        if "residence_qpv" in facts:
            overlay_facts["residence_qpv"] = facts["residence_qpv"]
        elif complet:
            overlay_facts["residence_qpv"] = False
    overlay = [r for r in base.of_topic(TOPIC_OVERLAY) if r.id in wanted and r.in_force(at)]
    _require_overlays(wanted, overlay, at)
    evaluation = decide(overlay, overlay_facts)
    prioritaire: bool | None = None
    anru_qpv: bool | None = None
    for rule in overlay:
        value = rule in evaluation.fired or (None if rule in evaluation.undetermined else False)
        if rule.id == "publics.overlay.prioritaire":
            prioritaire = value
        else:
            anru_qpv = value
            if value is None:
                missing.append("residence_qpv")
    return _Overlay(
        prioritaire, anru_qpv, tuple(overlay), tuple(evaluation.fired), overlay_facts, missing
    )


def _ordered(points: Iterable[str]) -> tuple[str, ...]:
    """Each point once; the point on the unverified 2025 text of the IAE comes last."""
    unique = list(dict.fromkeys(points))
    return tuple(sorted(unique, key=lambda p: p == publics_iae.VIGILANCE_2025))


def _vigilance(rules: Iterable[Rule], personne: Personne) -> list[str]:
    avis = personne.avis_motive
    labels = {
        "avis_organisme_libelle": avis.organisme.label if avis else "",
        "avis_date": _fr.date_courte(avis.date) if avis else "",
    }
    points: dict[str, None] = {}
    for rule in rules:
        for text in rule.vigilance:
            points.setdefault(text.format_map(labels), None)
    return list(points)


def _missing(rules: Iterable[Rule], facts: Mapping[str, FactValue]) -> list[str]:
    names: set[str] = set()
    for rule in rules:
        names |= unknown_fields(rule.when, facts)
    return sorted(INPUT_OF_FACT.get(n, n) for n in names)


def _coerce_priorities(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        values = [values]
    return frozenset(coerce_variant(Critere, v, "priority public").value for v in values)


def _require_overlays(wanted: list[str], found: list[Rule], at: date) -> None:
    missing = sorted(set(wanted) - {r.id for r in found})
    if missing:
        spans = []
        for rule_id in missing:
            versions = rulebase().versions(rule_id)
            end = versions[-1].validity.end
            spans.append(
                f"{rule_id} from {versions[0].validity.start.isoformat()}"
                + (f" to {end.isoformat()}" if end else "")
            )
        raise NoRulesInForceError(
            f"no version of {', '.join(missing)} is in force on {at.isoformat()}; "
            f"the rule base has {'; '.join(spans)}"
        )


def assess_persons(
    document: Any,
    *,
    subject: str,
    at: date | str,
    referential: str | Referentiel = DEFAULT_REFERENTIEL,
    publics_prioritaires: Iterable[str] = (),
    anru: bool = False,
    structure_iae: str | None = None,
    complet: bool = False,
) -> tuple[list[EligibilityDecision], bool]:
    """The decisions on the persons of a document, and whether it holds a single person.

    A document is one person, a list of persons, or a mapping whose key ``personnes``
    holds the list. An error on a person of a list names it (``personnes.2.date_naissance``).
    """
    persons, single = _persons(document, subject)
    priorities = list(publics_prioritaires)
    decisions: list[EligibilityDecision] = []
    for index, person in enumerate(persons):
        try:
            decisions.append(
                assess_eligibility(
                    person,
                    at=at,
                    referential=referential,
                    publics_prioritaires=priorities,
                    anru=anru,
                    structure_iae=structure_iae,
                    complet=complet,
                )
            )
        except InvalidInputError as exc:
            if single:
                raise
            prefix = f"personnes.{index}"
            raise InvalidInputError(
                [FieldProblem(f"{prefix}.{p.location}", p.message, p.found) for p in exc.problems],
                subject=subject,
            ) from None
    return decisions, single


def _persons(document: Any, name: str) -> tuple[list[Any], bool]:
    """The persons of a document and whether it holds a single one."""
    if isinstance(document, dict) and "personnes" in document:
        document = document["personnes"]
        if not isinstance(document, list):
            raise InvalidInputError(
                [FieldProblem("personnes", "expected a list of persons", type(document).__name__)],
                subject=name,
            )
        return document, False
    if isinstance(document, list):
        return document, False
    return [document], True
