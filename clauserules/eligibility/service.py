"""Eligibility of a person to an insertion clause: facts, evaluation, decision.

The evaluation date ``at`` has a legal meaning: the date at which the person is hired (or
proposed) under the clause. Ages and durations are computed at that date with the
month convention of :mod:`clauserules.core.dates`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from clauserules.core.dates import whole_months, whole_years
from clauserules.core.decide import decide
from clauserules.core.decision import sources_of
from clauserules.core.expr import FactValue, unknown_fields
from clauserules.core.inputs import parse_model
from clauserules.core.rulebase import Rule
from clauserules.eligibility.model import Personne
from clauserules.eligibility.output import EligibilityDecision
from clauserules.errors import FieldProblem, InvalidInputError, NoRulesInForceError, coerce_variant
from clauserules.rules import rulebase
from clauserules.rules.publics import DEFAULT_REFERENTIEL, TOPIC, TOPIC_OVERLAY
from clauserules.vocabulaire import Critere, Referentiel

__all__ = ["assess_eligibility", "coerce_date", "derive_facts"]

# Derived fact -> input field that supplies it (reported in ``missing``).
INPUT_OF_FACT: dict[str, str] = {
    "age": "date_naissance",
    "inscrit_ft": "inscription_france_travail",
    "mois_inscription_ft": "inscription_france_travail",
    "categorie_ft": "inscription_france_travail.categorie",
    "allocations": "allocations",
    "ayant_droit_rsa": "ayant_droit_rsa",
    "obligation_emploi": "obligation_emploi",
    "orientation_milieu_ordinaire": "orientation_milieu_ordinaire",
    "niveau_qualification": "niveau_qualification",
    "mois_depuis_sortie_formation": "sortie_formation_initiale",
    "prise_en_charge": "prise_en_charge",
    "residence_qpv": "residence_qpv",
}


def coerce_date(value: Any, field: str) -> date:
    """Accept a :class:`date` or an ISO ``YYYY-MM-DD`` string; raise naming ``field``."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:  # not the basic form 20261122 that date.fromisoformat also takes
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInputError(
        [FieldProblem(field, "expected a date in the form YYYY-MM-DD", repr(value))],
        subject="argument",
    )


def coerce_referential(value: str | Referentiel) -> Referentiel:
    return coerce_variant(Referentiel, value, "referential")


def _check_dates(personne: Personne, at: date) -> None:
    problems: list[FieldProblem] = []
    birth = personne.date_naissance

    def not_after_at(location: str, day: date) -> None:
        if day > at:
            problems.append(
                FieldProblem(location, f"must not be after the evaluation date {at}", str(day))
            )

    def not_before_birth(location: str, day: date) -> None:
        if birth is not None and day < birth:
            problems.append(
                FieldProblem(location, f"must not be before date_naissance {birth}", str(day))
            )

    if birth is not None:
        not_after_at("date_naissance", birth)
    inscription = personne.inscription_france_travail
    if inscription:
        not_after_at("inscription_france_travail.depuis", inscription.depuis)
        not_before_birth("inscription_france_travail.depuis", inscription.depuis)
    if personne.sortie_formation_initiale is not None:
        not_after_at("sortie_formation_initiale", personne.sortie_formation_initiale)
        not_before_birth("sortie_formation_initiale", personne.sortie_formation_initiale)
    if personne.avis_motive is not None:
        not_after_at("avis_motive.date", personne.avis_motive.date)
        not_before_birth("avis_motive.date", personne.avis_motive.date)
    if problems:
        raise InvalidInputError(problems, subject="personne")


def derive_facts(personne: Personne, at: date) -> dict[str, FactValue]:
    """The flat facts the ``publics`` rules read, computed at ``at``.

    Absent inputs give absent facts (unknown); ``avis_organisme`` is ``"aucun"`` when no
    derogation was given (closed world: a derogation is an act, its absence is known).
    """
    facts: dict[str, FactValue] = {}
    if personne.date_naissance is not None:
        facts["age"] = whole_years(personne.date_naissance, at)
    inscription = personne.inscription_france_travail
    if inscription is False:
        facts["inscrit_ft"] = False
    elif inscription is not None:
        facts["inscrit_ft"] = True
        facts["mois_inscription_ft"] = whole_months(inscription.depuis, at)
        if inscription.categorie is not None:
            facts["categorie_ft"] = inscription.categorie
    if personne.allocations is not None:
        facts["allocations"] = sorted({a.value for a in personne.allocations})
    for name in (
        "ayant_droit_rsa",
        "obligation_emploi",
        "orientation_milieu_ordinaire",
        "niveau_qualification",
        "residence_qpv",
    ):
        value = getattr(personne, name)
        if value is not None:
            facts[name] = value
    if personne.sortie_formation_initiale is not None:
        facts["mois_depuis_sortie_formation"] = whole_months(personne.sortie_formation_initiale, at)
    if personne.prise_en_charge is not None:
        facts["prise_en_charge"] = sorted({p.value for p in personne.prise_en_charge})
    avis = personne.avis_motive
    facts["avis_organisme"] = avis.organisme.value if avis else "aucun"
    return facts


def _vigilance(rules: Iterable[Rule], personne: Personne) -> list[str]:
    avis = personne.avis_motive
    labels = {
        "avis_organisme_libelle": avis.organisme.label if avis else "",
        "avis_date": avis.date.strftime("%d/%m/%Y") if avis else "",
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


def assess_eligibility(
    personne: Personne | Mapping[str, Any],
    *,
    at: date | str,
    referential: str | Referentiel = DEFAULT_REFERENTIEL,
    publics_prioritaires: Iterable[str] = (),
    anru: bool = False,
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
    priorities = _coerce_priorities(publics_prioritaires)
    person = parse_model(Personne, personne, subject="personne")
    _check_dates(person, at)
    facts = derive_facts(person, at)

    base = rulebase()
    rules = base.in_force(TOPIC, at, ref.value)
    evaluation = decide(rules, facts)
    fired = list(evaluation.fired)
    criteria = tuple(dict.fromkeys(str(r.then["critere"]) for r in fired))

    missing: list[str] = []
    eligible: bool | None
    if fired:
        eligible = True
    else:
        missing = sorted(INPUT_OF_FACT.get(n, n) for n in evaluation.missing)
        eligible = None if missing else False

    prioritaire: bool | None = None
    anru_qpv: bool | None = None
    overlay_fired: list[Rule] = []
    if priorities or anru:
        overlay_facts: dict[str, FactValue] = {}
        wanted: list[str] = []
        if priorities:
            wanted.append("publics.overlay.prioritaire")
            met = len(priorities.intersection(criteria))
            # None met yet: a targeted criterion that is still unknown leaves it open.
            targeted = [r for r in rules if r.then["critere"] in priorities]
            still_open = [] if met else _missing(targeted, facts)
            if still_open:
                missing.extend(still_open)
            else:
                overlay_facts["nb_criteres_prioritaires"] = met
        if anru:
            wanted.append("publics.overlay.anru-qpv")
            if "residence_qpv" in facts:
                overlay_facts["residence_qpv"] = facts["residence_qpv"]
        overlay = [r for r in base.of_topic(TOPIC_OVERLAY) if r.id in wanted and r.in_force(at)]
        _require_overlays(wanted, overlay, at)
        overlay_eval = decide(overlay, overlay_facts)
        overlay_fired = list(overlay_eval.fired)
        for rule in overlay:
            value = rule in overlay_fired or (None if rule in overlay_eval.undetermined else False)
            if rule.id == "publics.overlay.prioritaire":
                prioritaire = value
            else:
                anru_qpv = value
                if value is None:
                    missing.append("residence_qpv")
        facts = {**facts, **overlay_facts}
        rules = (*rules, *overlay)

    decisive = fired + overlay_fired
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
        vigilance=tuple(_vigilance(decisive, person)),
        personne=person.id,
        eligible=eligible,
        referential=ref.value,
        criteria=criteria,
        prioritaire=prioritaire,
        anru_qpv=anru_qpv,
    )


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
