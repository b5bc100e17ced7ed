"""The decision record (``decision.docx``): every decision behind the documents, and why.

:class:`Record` collects one :class:`~clauserules.documents.context.DecisionRecord` per
decision — regime, European threshold, SPASER, each instrument of each lot, the mandatory
social condition, the hours, each drafting rule, the publics — with the rules applied
(id and title), the reasons, the sources, the facts, the vigilance points and the missing
facts; and every rule id used, for the custom properties of the documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from clauserules.core.decision import SourceRef
from clauserules.core.rulebase import Citation, Rule
from clauserules.documents.context import DecisionRecord, Fait, Instrument, Lot, Publics
from clauserules.documents.environment import format_date, format_heures, format_montant
from clauserules.documents.labels import (
    KIND_LABELS,
    METHOD_LABELS,
    PARAMETER_LABELS,
    STATUS_LABELS,
)
from clauserules.documents.redaction import DraftingDecision, LotDrafting
from clauserules.plan.service import Instrument as PlanInstrument
from clauserules.plan.service import LotPlan, Plan
from clauserules.plan.text import SPASER_LIBELLES

__all__ = ["Record", "ref_texts", "rule_sources"]


_SEED = re.compile(r"\s*(?:—\s*)?\(?\b\d{3}_[0-9a-f]{16}\.txt(?::[\d\-, ]+)?\)?")


def no_seed(text: str) -> str:
    """A citation read as a document: the seed file and its lines (our working material,
    not a document a reader can open) are removed (ADR 0061)."""
    return _SEED.sub("", text).strip()


def _ref_text(ref: SourceRef) -> str:
    """A source reference for the decision record: the text and its article or locator."""
    if ref.article:
        return no_seed(ref.citation)
    return ref.title


def ref_texts(refs: Iterable[SourceRef]) -> tuple[str, ...]:
    """The source references of a decision, each once, for the record."""
    return tuple(dict.fromkeys(_ref_text(r) for r in refs))


def _citation_text(citation: Citation) -> str:
    if citation.article:
        return no_seed(citation.render())
    return citation.source.title


def rule_sources(rules: Iterable[Rule]) -> tuple[str, ...]:
    """The citations of rules, each once, for the record."""
    return tuple(dict.fromkeys(_citation_text(c) for rule in rules for c in rule.sources))


def _fact_text(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None:
        return "inconnu"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(aucun)"
    return str(value)


def _facts(data: Mapping[str, Any]) -> tuple[Fait, ...]:
    return tuple(Fait(str(k), _fact_text(v)) for k, v in sorted(data.items()))


class Record:
    """Collects the decisions of the record and every rule id used."""

    def __init__(self, rules_in_force: Mapping[str, Rule], missing: Sequence[str]) -> None:
        self.rules_in_force = rules_in_force
        self.missing = tuple(missing)
        self.records: list[DecisionRecord] = []
        self.rule_ids: set[str] = set()
        self.vigilance: list[str] = []

    def add(
        self,
        sujet: str,
        resultat: str,
        rules: Iterable[str],
        *,
        motifs: Iterable[str] = (),
        sources: Iterable[str] = (),
        faits: Mapping[str, Any] | None = None,
        vigilance: Iterable[str] = (),
        manquants: Iterable[str] = (),
    ) -> None:
        ids = tuple(dict.fromkeys(rules))
        self.rule_ids.update(ids)
        titles = tuple(
            f"{rule_id} — {self.rules_in_force[rule_id].title}"
            if rule_id in self.rules_in_force
            else rule_id
            for rule_id in ids
        )
        points = tuple(dict.fromkeys(vigilance))
        self.vigilance.extend(points)
        self.records.append(
            DecisionRecord(
                sujet=sujet,
                resultat=resultat,
                regles=titles,
                motifs=tuple(motifs),
                sources=tuple(dict.fromkeys(sources)),
                faits=_facts(faits or {}),
                vigilance=points,
                manquants=tuple(manquants),
            )
        )

    def sources_of(self, rule_ids: Iterable[str]) -> tuple[str, ...]:
        """The citations of the rules in force among ``rule_ids``."""
        return rule_sources(self.rules_in_force[r] for r in rule_ids if r in self.rules_in_force)

    # --- the plan ------------------------------------------------------------------------

    def plan(self, plan: Plan, drafting: DraftingDecision) -> None:
        """Regime, European threshold and SPASER."""
        at = plan.date_lancement
        regime = drafting.regime_rules
        self.add(
            "Régime juridique applicable",
            f"{plan.regime.label} (consultation lancée le {format_date(at)})",
            regime,
            sources=self.sources_of(regime),
            faits={"date_lancement": at.isoformat(), "contrat": plan.contrat},
        )
        seuil = plan.seuil_europeen
        if seuil.montant is not None:
            reached = {True: "atteint", False: "non atteint", None: "indéterminé"}[seuil.atteint]
            self.add(
                "Seuil européen et condition sociale obligatoire",
                f"seuil de {format_montant(seuil.montant)} ({seuil.label}, {seuil.periode}) "
                f"{reached} par la valeur estimée de {format_montant(seuil.valeur_estimee_ht)}",
                seuil.rules,
                sources=(seuil.citation,) if seuil.citation else (),
                faits={
                    "valeur_estimee_ht": str(seuil.valeur_estimee_ht),
                    "seuil_atteint": seuil.atteint is True,
                },
                vigilance=(
                    (
                        "Seuil européen de la période marqué incertain : le vérifier avant "
                        "publication.",
                    )
                    if seuil.incertain
                    else ()
                ),
            )
        self.add(
            "Schéma de promotion des achats socialement et écologiquement responsables (SPASER)",
            SPASER_LIBELLES.get(plan.spaser.statut, plan.spaser.statut.replace("_", " ")),
            plan.spaser.rules,
            motifs=plan.spaser.reasons,
            sources=ref_texts(plan.spaser.sources),
        )

    def lot(
        self,
        lot: Lot,
        lot_plan: LotPlan,
        instruments: Sequence[tuple[Instrument, PlanInstrument]],
        drafting: LotDrafting,
    ) -> None:
        """The instruments of a lot (retained or not), its facts, obligation and hours."""
        others: list[PlanInstrument] = []
        for inst, data in instruments:
            kept = inst in lot.instruments
            if not kept and not (data.selected or data.status == "recommande"):
                others.append(data)
                continue
            self.add(
                f"Lot {lot.id} — {inst.libelle}",
                f"{inst.statut_libelle}, {'retenu' if kept else 'non retenu'}"
                + (f" — {no_seed(inst.citation)}" if inst.citation else ""),
                data.rules,
                motifs=data.reasons,
                sources=inst.sources,
                manquants=self.missing,
            )
        self._others(lot, lot_plan, others)
        self._obligation(lot, lot_plan, drafting.obligation_rules)
        self._hours(lot, lot_plan)
        self.rule_ids.update(lot_plan.rules)

    def _others(self, lot: Lot, lot_plan: LotPlan, others: Sequence[PlanInstrument]) -> None:
        if not others:
            self.add(
                f"Lot {lot.id} — faits du lot",
                "faits sur lesquels les dispositifs du lot ont été évalués",
                (),
                faits=lot_plan.facts,
            )
            return
        self.add(
            f"Lot {lot.id} — autres dispositifs examinés, non demandés",
            " ; ".join(
                f"{KIND_LABELS.get(d.kind.value, d.label)} : {STATUS_LABELS[d.status]}"
                + (f" ({no_seed(d.citation)})" if d.citation else "")
                for d in others
            ),
            (rule for d in others for rule in d.rules),
            motifs=tuple(dict.fromkeys(reason for d in others for reason in d.reasons)),
            sources=tuple(dict.fromkeys(src for d in others for src in ref_texts(d.sources))),
            faits=lot_plan.facts,
            manquants=self.missing,
        )

    def _obligation(self, lot: Lot, lot_plan: LotPlan, rules: Sequence[str]) -> None:
        obligation = lot_plan.obligation_sociale
        self.add(
            f"Lot {lot.id} — condition sociale obligatoire",
            {
                "obligatoire": "obligatoire",
                "exception": f"exception : {lot.obligation.motif_libelle}",
                "non_applicable": "non applicable",
            }[obligation.code]
            + (f" — {no_seed(obligation.citation)}" if obligation.citation else ""),
            rules,
            motifs=(obligation.justification,) if obligation.justification else (),
            faits={
                k: v
                for k, v in lot_plan.facts.items()
                if k in ("valeur_estimee_ge_seuil", "exception_obligation_sociale")
            },
            vigilance=lot_plan.vigilance,
        )

    def _hours(self, lot: Lot, lot_plan: LotPlan) -> None:
        hours = lot_plan.hours
        method = METHOD_LABELS.get(hours.method, hours.method.replace("_", " "))
        self.add(
            f"Lot {lot.id} — heures d'insertion",
            f"{format_heures(hours.value)} ({method} ; {hours.rounding})",
            hours.rules,
            sources=(
                *(
                    f"{PARAMETER_LABELS.get(k, k)} : {no_seed(p.citation)}"
                    for k, p in hours.parameters.items()
                    if p.citation
                ),
                *ref_texts(hours.sources),
            ),
            faits={
                **{
                    k: f"{p.value} ({'lot' if p.origin == 'lot' else 'défaut'})"
                    for k, p in hours.parameters.items()
                },
                **(
                    {"minimum_anru": str(hours.minimum_anru)}
                    if hours.minimum_anru is not None
                    else {}
                ),
            },
            vigilance=hours.vigilance,
        )

    # --- the drafting decision -----------------------------------------------------------

    def drafting(self, drafting: DraftingDecision) -> None:
        """Each drafting rule applied, with the rules of other topics it puts in force."""
        for decided in drafting.fired:
            rule = decided.rule
            self.add(
                f"Rédaction — {rule.title}",
                decided.code.replace("_", " "),
                (rule.id, *decided.applied),
                sources=rule_sources((rule,)),
                faits={
                    k: drafting.facts[k] for k in sorted(rule.when.fields()) if k in drafting.facts
                },
                vigilance=rule.vigilance,
                motifs=rule.interpretations,
            )
        if drafting.consent_missing:
            self.add(
                "Rédaction — coordonnées du facilitateur",
                "mention neutre, faute de réponse sur l'accord du facilitateur",
                (),
                manquants=("facilitateur.consentement_publication",),
            )

    def publics(self, plan: Plan, publics: Publics, rule_ids: Iterable[str]) -> None:
        """The publics written in the CCAP."""
        ids = sorted(rule_ids)
        self.add(
            f"Publics éligibles — référentiel {publics.referentiel}",
            f"{len(publics.criteres)} catégories ({publics.referentiel_libelle})"
            + (
                f" ; publics prioritaires : {', '.join(publics.prioritaires)}"
                if publics.prioritaires
                else ""
            )
            + (" ; résidence en QPV (ANRU)" if publics.anru == "qpv" else ""),
            ids,
            sources=self.sources_of(ids),
            faits={
                "referentiel_publics": plan.referentiel_publics,
                "publics_prioritaires": list(plan.publics_prioritaires),
            },
            vigilance=publics.vigilance,
        )
