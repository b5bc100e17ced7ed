"""The plan of a consultation: instruments and insertion hours of every lot, with reasons.

:func:`plan_consultation` evaluates, at the **launch date** of the consultation:

1. the regime (rules ``articles.regime.*``) — a launch date outside the coverage of the rule
   base is an input error on ``date_lancement``;
2. the European threshold: its category (rules of the topic ``seuils``) and its amount
   (dated parameters of :mod:`clauserules.rules.seuils`), compared with the estimated value
   of the **whole contract**: the derived fact ``valeur_estimee_ge_seuil``;
3. for each lot, the ``articles`` rules in force (one flat fact dict per lot): one base
   rule per instrument gives its article and status, modifier rules forbid, oblige or
   record an exception; the combination is *interdit > obligatoire > autorisé*, and a
   recorded legal exception lifts the obligation into a vigilance point
   (:mod:`clauserules.plan.instruments`);
4. the recommendation policy (topic ``recommandations``), apart from the law: it only
   turns ``autorise`` into ``recommande``, and says why;
5. the insertion hours and the ANRU minimums (topic ``heures.anru``), by the one formula
   of :mod:`clauserules.plan.hours`;
6. the SPASER obligation of the buyer (topic ``articles.spaser``, informative).

The plan is deterministic and does not depend on the order of the lots (they are sorted
by id, digits compared as numbers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Any, Literal

from clauserules import _fr
from clauserules.core.decision import sources_of
from clauserules.core.expr import FactValue
from clauserules.core.inputs import parse_model
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.errors import FieldProblem, InvalidInputError
from clauserules.plan.evaluation import Evaluator, in_force
from clauserules.plan.framework import framework_hours, mixed_lots, value_basis
from clauserules.plan.hours import anru_rules, compute_hours, estimate_hours, programme_anru
from clauserules.plan.instruments import combine_instruments
from clauserules.plan.model import Consultation, Lot, parse_consultation
from clauserules.plan.obligation import MOTIF_LIBELLES, assess_obligation
from clauserules.plan.output import (
    Hours,
    Instrument,
    LotPlan,
    Plan,
    Regime,
    Spaser,
    Threshold,
)
from clauserules.plan.tranches import tranche_hours
from clauserules.rules import accords_cadres as AC
from clauserules.rules import articles as A
from clauserules.rules import recommandations as R
from clauserules.rules import rulebase
from clauserules.rules import seuils as S
from clauserules.vocabulaire import CategorieSeuil, TypeInstrument
from clauserules.vocabulaire import Regime as CodeRegime

# The output models and estimate_hours stay importable from here, where they were
# before the split (clauserules/__init__.py and the documents import them from here).
__all__ = ["Hours", "Instrument", "LotPlan", "Plan", "estimate_hours", "plan_consultation"]


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(p)) if p.isascii() and p.isdigit() else (1, p)
        for p in re.split(r"([0-9]+)", text)
        if p
    )


def plan_consultation(
    consultation: Consultation | Mapping[str, Any],
    *,
    politique: R.Politique | Mapping[str, Any] | None = None,
) -> Plan:
    """The plan of ``consultation``: regime, threshold, instruments and hours of every lot.

    Args:
        consultation: a :class:`~clauserules.plan.model.Consultation` or a mapping of its
            fields (YAML/JSON).
        politique: the recommendation policy (:class:`~clauserules.rules.recommandations.Politique`);
            its defaults when omitted. It never changes what the law permits.

    Raises:
        InvalidInputError: a field has the wrong form (negative amount, rate above 1,
            unknown nature, duplicate lot id…) or the launch date is before the coverage.
    """
    c = parse_consultation(consultation)  # checks across lots too, once
    pol = (
        politique
        if isinstance(politique, R.Politique)
        else R.DEFAULT_POLITIQUE
        if politique is None
        else _parse_politique(politique)
    )
    base = rulebase()
    _check_coverage(base, c)
    at = c.date_lancement
    ev = Evaluator()

    seuil_facts: dict[str, FactValue] = {
        "contrat": c.contrat.value,
        "nature": c.nature.value,
        "type_acheteur": c.acheteur.type.value,
        "defense_securite": c.defense_securite,
        "services_sociaux_specifiques": c.services_sociaux_specifiques,
    }
    basis = value_basis(base, c, ev)
    threshold = _threshold(base, c, ev, seuil_facts)
    threshold = threshold.model_copy(
        update={
            "base_valeur": basis.base,
            "base_citation": basis.citation,
            "rules": (*threshold.rules, *(r.id for r in basis.rules)),
        }
    )
    mixed_rules, mixed_vigilance = mixed_lots(base, c, ev)
    base_facts = _consultation_facts(c, threshold)
    articles_rules = base.in_force(A.TOPIC, at)
    reco_rules = tuple(r for r in in_force(base, R.TOPIC, at) if r.id not in set(pol.desactivees))
    programme = c.programme_anru.value if c.programme_anru is not None else None
    anru = anru_rules(base, at, c.financement_anru.value, programme)

    ordered = sorted(enumerate(c.lots), key=lambda item: _natural(item[1].id))
    lots = tuple(
        _plan_lot(lot, c, base_facts, articles_rules, reco_rules, anru, pol, ev, index)
        for index, lot in ordered
    )
    regime_rule = next(
        r
        for r in ev.fired(
            articles_rules,
            {**base_facts, "preferences": [], "exception_obligation_sociale": "aucune"},
        )
        if r.then["effet"] == A.Effet.REGIME
    )
    regime = CodeRegime(str(regime_rule.then["regime"]))
    spaser = _spaser(base, c, ev)

    vigilance: list[str] = [*basis.vigilance, *mixed_vigilance]
    if threshold.incertain:
        vigilance.append(
            f"Seuil européen de {threshold.periode} non vérifié dans une source publiée : le "
            "contrôler dans l'avis annexé au code de la commande publique avant de conclure "
            "sur l'obligation sociale."
        )
    if at >= A.OBLIGATION_SOCIALE:
        vigilance.append(ENVIRONNEMENT)
    if threshold.montant is None and at >= A.OBLIGATION_SOCIALE:
        vigilance.append("Aucun seuil européen tabulé pour cette catégorie et cette date.")
    if c.facilitateur is not None and not c.facilitateur.consentement_publication:
        vigilance.append(
            "Le facilitateur n'a pas consenti à la publication de ses coordonnées : ne pas "
            "les faire figurer dans les documents de la consultation."
        )
    if c.financement_anru.value != "aucun" and c.programme_anru is None:
        vigilance.append(
            "Programme de renouvellement urbain non renseigné : la charte d'insertion de l'ANRU "
            f"est déduite de la date de lancement ({programme_anru(at, None).upper()}). La "
            "charte dépend du programme de la convention de l'opération (PNRU ou NPNRU), non "
            "de la date : renseigner programme_anru."
        )
    if spaser.statut == "a_verifier":
        vigilance.extend(spaser.reasons)

    fired_ids: list[str] = [regime_rule.id, *threshold.rules, *(r.id for r in mixed_rules)]
    for lot in lots:
        fired_ids.extend(lot.rules)
    fired_ids.extend(spaser.rules)
    fired_ids = list(dict.fromkeys(fired_ids))
    by_id = {r.id: r for r in (*articles_rules, *reco_rules, *anru, *basis.rules, *mixed_rules)}
    if c.accord_cadre:
        for topic in (AC.TOPIC_HEURES, AC.TOPIC_SUIVI):
            by_id.update({r.id: r for r in in_force(base, topic, at)})
    evaluated = [r.id for r in articles_rules] + [r.id for r in reco_rules]
    used_rules = [by_id[i] for i in fired_ids if i in by_id]
    obligation = any(lot.obligation_sociale.code != "non_applicable" for lot in lots)
    outcome = "a_corriger" if any(lot.outcome == "a_corriger" for lot in lots) else "conforme"
    total = sum((lot.hours.value for lot in lots), Decimal(0))
    return Plan(
        topic=A.TOPIC,
        outcome=outcome,
        at=at,
        variant=None,
        rules=tuple(fired_ids),
        evaluated=tuple(dict.fromkeys(evaluated)),
        sources=sources_of((regime_rule, *used_rules)),
        facts=dict(base_facts),
        missing=(),
        vigilance=tuple(dict.fromkeys(vigilance)),
        objet=c.objet,
        acheteur=c.acheteur.nom,
        type_acheteur=c.acheteur.type.value,
        contrat=c.contrat.value,
        nature=c.nature.value,
        technique=c.technique.value,
        modalite=c.modalite.value if c.modalite else None,
        reconductions=c.reconductions,
        date_lancement=at,
        regime=Regime(code=regime.value, label=regime.label),
        seuil_europeen=threshold,
        obligation_sociale=obligation,
        spaser=spaser,
        lots=lots,
        total_heures=total,
        referentiel_publics=c.referentiel_publics.value,
        publics_prioritaires=tuple(p.value for p in c.publics_prioritaires),
        facilitateur=c.facilitateur.model_dump(mode="json") if c.facilitateur else None,
    )


ENVIRONNEMENT = (
    "Depuis le 22 août 2026, tout contrat doit aussi comporter une condition d'exécution "
    "prenant en compte des considérations relatives à l'environnement (art. L2112-2 et "
    "L3114-2 du code de la commande publique, dans leur rédaction issue de l'art. 35 de la "
    "loi n° 2021-1104) : la prévoir dans le CCAP ; la bibliothèque ne la rédige pas."
)
"""The environmental execution condition made mandatory by the same law (not modelled)."""


def _parse_politique(data: Mapping[str, Any]) -> R.Politique:
    return parse_model(R.Politique, data, subject="politique")


def _check_coverage(base: RuleBase, c: Consultation) -> None:
    versions = base.versions(f"articles.regime.{c.contrat.value}")
    start = versions[0].validity.start
    if c.date_lancement < start:
        kind = "public contracts" if c.contrat.value == "marche" else "concessions"
        raise InvalidInputError(
            [
                FieldProblem(
                    "date_lancement",
                    f"before the coverage of the rule base for {kind}, which starts on "
                    f"{start.isoformat()}",
                    c.date_lancement.isoformat(),
                )
            ],
            subject="consultation",
        )


def _threshold(
    base: RuleBase, c: Consultation, ev: Evaluator, facts: Mapping[str, FactValue]
) -> Threshold:
    value = c.valeur_estimee()
    rules = in_force(base, S.TOPIC, c.date_lancement)
    fired = ev.fired(rules, facts) if rules else ()
    if len(fired) != 1:
        return Threshold(
            categorie=None,
            label=None,
            montant=None,
            periode=None,
            incertain=False,
            valeur_estimee_ht=value,
            atteint=None,
            citation=None,
            rules=tuple(r.id for r in fired),
        )
    categorie = CategorieSeuil(str(fired[0].then["categorie"]))
    period = S.seuil(categorie, c.date_lancement)
    if period is None:
        montant, periode, atteint, citation, uncertain = None, None, None, None, False
    else:
        montant = period.value
        start = period.validity.start.year
        periode = f"{start}-{start + 1}"
        atteint = value >= period.value
        citation = "; ".join(cit.render() for cit in period.sources)
        uncertain = period.uncertain
    return Threshold(
        categorie=categorie.value,
        label=categorie.label,
        montant=montant,
        periode=periode,
        incertain=uncertain,
        valeur_estimee_ht=value,
        atteint=atteint,
        citation=citation,
        rules=(fired[0].id,),
    )


def _spaser(base: RuleBase, c: Consultation, ev: Evaluator) -> Spaser:
    rules = in_force(base, A.TOPIC_SPASER, c.date_lancement)
    achats = c.acheteur.achats_annuels_ht
    facts: dict[str, FactValue] = {"type_acheteur": c.acheteur.type.value}
    if achats is not None:
        # x > N  <=>  ceil(x) > N for an integer N (thresholds are whole cents)
        facts["achats_annuels_ht_centimes"] = int((achats * 100).to_integral_value(ROUND_CEILING))
    fired = ev.fired(rules, facts) if rules else ()
    seuils = [int(str(r.then["seuil_centimes"])) for r in rules if r.then.get("seuil_centimes")]
    seuil = Decimal(seuils[0]) / 100 if seuils else None
    reasons: list[str] = []
    statut: Literal["obligatoire", "non_obligatoire", "a_verifier", "non_prevu", "indetermine"]
    codes = {str(r.then["spaser"]) for r in fired}
    if "non_prevu" in codes:
        statut = "non_prevu"
        reasons.append("Aucune obligation de SPASER à cette date.")
    elif "obligatoire" in codes:
        statut = "obligatoire"
        shown = _fr.montant(seuil or Decimal(0), zeros=False)
        reasons.append(f"Achats annuels supérieurs à {shown} HT.")
    elif "a_verifier" in codes:
        statut = "a_verifier"
        reasons.extend(v for r in fired for v in r.vigilance)
    elif achats is None:
        statut = "indetermine"
        reasons.append("Montant annuel des achats de l'acheteur non renseigné.")
    else:
        statut = "non_obligatoire"
        shown = _fr.montant(seuil or Decimal(0), zeros=False)
        reasons.append(f"Achats annuels ne dépassant pas {shown} HT.")
    return Spaser(
        statut=statut,
        seuil=seuil,
        achats_annuels_ht=achats,
        reasons=tuple(reasons),
        rules=tuple(r.id for r in fired),
        sources=sources_of(fired or rules),
    )


def _consultation_facts(c: Consultation, threshold: Threshold) -> dict[str, FactValue]:
    facts: dict[str, FactValue] = {
        "contrat": c.contrat.value,
        "nature": c.nature.value,
        "type_acheteur": c.acheteur.type.value,
        "defense_securite": c.defense_securite,
        "services_sociaux_specifiques": c.services_sociaux_specifiques,
        "duree_mois": c.duree_mois,
        "financement_anru": c.financement_anru.value,
    }
    if c.financement_anru.value != "aucun":
        facts["programme_anru"] = programme_anru(
            c.date_lancement, c.programme_anru.value if c.programme_anru else None
        )
    if threshold.atteint is not None:
        facts["valeur_estimee_ge_seuil"] = threshold.atteint
    return facts


def _plan_lot(
    lot: Lot,
    c: Consultation,
    base_facts: Mapping[str, FactValue],
    articles_rules: Sequence[Rule],
    reco_rules: Sequence[Rule],
    anru: Sequence[Rule],
    politique: R.Politique,
    ev: Evaluator,
    index: int,
) -> LotPlan:
    where = f"lots.{index}."
    nature = c.nature_lot(lot).value
    hours = compute_hours(
        c.par_duree_totale(lot.montant_estime_ht),
        at=c.date_lancement,
        nature=nature,
        part_main_oeuvre=lot.part_main_oeuvre,
        cout_horaire=lot.cout_horaire,
        taux_insertion=lot.taux_insertion,
        euros_par_heure=lot.euros_par_heure,
        anru_rules=anru,
        where=where,
    )
    selected = frozenset(p.value for p in lot.preferences)
    exc = lot.exception_obligation_sociale
    facts: dict[str, FactValue] = {
        **base_facts,
        "nature": nature,
        "exception_obligation_sociale": exc.motif.value if exc else "aucune",
        "preferences": sorted(selected),
    }
    fired = ev.fired(articles_rules, facts)
    reco_facts = R.derive_facts(
        politique,
        contrat=c.contrat.value,
        nature=nature,
        part_main_oeuvre=hours.parameters["part_main_oeuvre"].value,
        duree_mois=c.duree_mois,
        intitule=lot.intitule,
    )
    recos = ev.fired(reco_rules, reco_facts)
    combined = combine_instruments(fired, recos, selected)
    instruments = combined.instruments
    vigilance = list(combined.vigilance)
    outcome: Literal["conforme", "a_corriger"] = "conforme"
    for instrument in instruments:
        if instrument.selected and instrument.status == "interdit":
            outcome = "a_corriger"
            vigilance.append(
                f"Préférence interdite — {instrument.label} : {' '.join(instrument.reasons)}"
            )
    if combined.exception_refused:
        outcome = "a_corriger"
    condition = next(i for i in instruments if i.kind == TypeInstrument.CONDITION_EXECUTION)
    assessed = assess_obligation(
        lot,
        contrat=c.contrat.value,
        nature=c.nature.value,
        combined=combined,
        fired=fired,
        selected=selected,
        default_citation=condition.citation,
    )
    vigilance.extend(assessed.vigilance)
    if assessed.a_corriger:
        outcome = "a_corriger"
    if TypeInstrument.CRITERE_ATTRIBUTION.value in selected and lot.poids_critere is None:
        vigilance.append(
            "Critère d'insertion retenu sans pondération : préciser son poids dans le "
            "règlement de la consultation (15 % jugé admissible, CE 25 mars 2013)."
        )
    clause = selected & {"condition_execution", "critere_attribution"}
    if clause and hours.value == 0:
        vigilance.append("Le calcul donne 0 heure d'insertion : vérifier le montant et les taux.")
    labels = {"motif_exception_libelle": MOTIF_LIBELLES[exc.motif.value] if exc else ""}
    framework = framework_hours(rulebase(), c, lot, hours, ev)
    if framework is not None:
        by_rule = {r.id: r for r in in_force(rulebase(), AC.TOPIC_HEURES, c.date_lancement)}
        vigilance.extend(v for i in framework.rules if i in by_rule for v in by_rule[i].vigilance)
    tranches, tranche_rules = tranche_hours(rulebase(), c, lot, hours, ev)
    vigilance.extend(v for r in tranche_rules for v in r.vigilance)
    points = [p.format_map(labels) for p in (*vigilance, *hours.vigilance)]
    rule_ids = [r.id for r in fired] + [r.id for r in recos] + list(hours.rules)
    if framework is not None:
        rule_ids.extend(framework.rules)
    rule_ids.extend(r.id for r in tranche_rules)
    return LotPlan.model_construct(
        id=lot.id,
        intitule=lot.intitule,
        montant_estime_ht=c.par_duree_totale(lot.montant_estime_ht),
        outcome=outcome,
        instruments=instruments,
        obligation_sociale=assessed.obligation,
        hours=hours,
        vigilance=tuple(dict.fromkeys(points)),
        rules=tuple(dict.fromkeys(rule_ids)),
        facts={
            **facts,
            **{f"recommandation.{k}": v for k, v in reco_facts.items() if k not in facts},
        },
        nature=nature,
        accord_cadre=framework,
        tranches=tranches,
    )
