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
   recorded legal exception lifts the obligation into a vigilance point;
4. the recommendation policy (topic ``recommandations``), apart from the law: it only
   turns ``autorise`` into ``recommande``, and says why;
5. the insertion hours (:func:`estimate_hours`) and the ANRU minimums (topic
   ``heures.anru``);
6. the SPASER obligation of the buyer (topic ``articles.spaser``, informative).

The plan is deterministic and does not depend on the order of the lots (they are sorted
by id, digits compared as numbers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from clauserules.core.decide import decide
from clauserules.core.decision import Decision, SourceRef, source_ref, sources_of
from clauserules.core.expr import FactValue
from clauserules.core.parameters import Parameter, Period
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.eligibility.service import coerce_date
from clauserules.errors import FieldProblem, InvalidInputError, NoRulesInForceError
from clauserules.plan.model import Consultation, Lot, check_consultation, parse_consultation
from clauserules.rules import articles as A
from clauserules.rules import heures as H
from clauserules.rules import recommandations as R
from clauserules.rules import rulebase
from clauserules.rules import seuils as S
from clauserules.vocabulaire import (
    CategorieSeuil,
    FinancementAnru,
    MotifException,
    NatureAchat,
    TypeInstrument,
)
from clauserules.vocabulaire import (
    Regime as CodeRegime,
)

__all__ = [
    "Hours",
    "HoursParameter",
    "Instrument",
    "LotPlan",
    "Plan",
    "estimate_hours",
    "hours_text",
    "plan_consultation",
    "plan_json",
    "plan_text",
]

Status = Literal["obligatoire", "recommande", "autorise", "interdit"]


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class HoursParameter(_Output):
    """One input of the hours computation, with where its value comes from."""

    value: Decimal
    origin: Literal["lot", "defaut"]
    """``lot`` when given for the lot, ``defaut`` when the dated default was used."""
    parameter: str | None = None
    """Id of the dated parameter that gave the default."""
    citation: str | None = None


class Hours(_Output):
    """Insertion hours of a lot and how they were computed."""

    value: Decimal
    """Hours, rounded by the one rounding rule (``rounding``)."""
    method: Literal["main_oeuvre", "ratio_montant"]
    """``main_oeuvre``: amount × labour share ÷ hourly cost × rate; ``ratio_montant``: amount ÷
    euros per hour."""
    parameters: dict[str, HoursParameter]
    exact: Decimal
    """Value before rounding."""
    heures_travaillees: Decimal | None
    """Hours worked on the lot (amount × labour share ÷ hourly cost), rounded."""
    minimum_anru: Decimal | None = None
    """Minimum insertion hours of the ANRU charter, rounded, when the lot is ANRU-funded."""
    rounding: str = H.ROUNDING_RULE
    rules: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    vigilance: tuple[str, ...] = ()


class Instrument(_Output):
    """Status of one insertion instrument on one lot."""

    kind: TypeInstrument
    label: str
    status: Status
    selected: bool
    """The buyer asked for it in the lot's ``preferences``."""
    regime: str
    code: str | None
    """Short name of the text: ``CMP``, ``ord. 2015-899``, ``CCP``…"""
    article: str | None
    """Article of the text, ``None`` when the regime has no such instrument."""
    citation: str | None
    """Rendered citation of the article, from the sources catalogue."""
    reasons: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    rules: tuple[str, ...]


class ObligationSociale(_Output):
    """The mandatory social execution condition, for one lot."""

    code: Literal["obligatoire", "exception", "non_applicable"]
    motif: str | None = None
    justification: str | None = None
    citation: str | None = None


class LotPlan(_Output):
    """The plan of one lot."""

    id: str
    intitule: str
    montant_estime_ht: Decimal
    outcome: Literal["conforme", "a_corriger"]
    """``a_corriger`` when a chosen instrument is forbidden or a mandatory one is missing."""
    instruments: tuple[Instrument, ...]
    obligation_sociale: ObligationSociale
    hours: Hours
    vigilance: tuple[str, ...]
    rules: tuple[str, ...]
    facts: dict[str, bool | int | str | list[str]]


class Regime(_Output):
    code: str
    label: str


class Threshold(_Output):
    """The European threshold compared with the estimated value of the whole contract."""

    categorie: str | None
    label: str | None
    montant: Decimal | None
    periode: str | None
    incertain: bool
    valeur_estimee_ht: Decimal
    atteint: bool | None
    citation: str | None
    rules: tuple[str, ...]


class Spaser(_Output):
    """Whether the buyer must adopt a SPASER (informative)."""

    statut: Literal["obligatoire", "non_obligatoire", "a_verifier", "non_prevu", "indetermine"]
    seuil: Decimal | None
    achats_annuels_ht: Decimal | None
    reasons: tuple[str, ...]
    rules: tuple[str, ...]
    sources: tuple[SourceRef, ...]


class Plan(Decision):
    """The plan of a consultation: regime, threshold, and every lot's instruments and hours."""

    objet: str
    acheteur: str
    type_acheteur: str
    contrat: str
    nature: str
    date_lancement: date
    regime: Regime
    seuil_europeen: Threshold
    obligation_sociale: bool
    """The mandatory social execution condition applies to the contract."""
    spaser: Spaser
    lots: tuple[LotPlan, ...]
    total_heures: Decimal
    referentiel_publics: str
    publics_prioritaires: tuple[str, ...]
    facilitateur: dict[str, Any] | None


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _period_sources(period: Period) -> tuple[SourceRef, ...]:
    return tuple(source_ref(c) for c in period.sources)


def _in_force(base: RuleBase, topic: str, at: date) -> tuple[Rule, ...]:
    try:
        return base.in_force(topic, at)
    except NoRulesInForceError:
        return ()


def _fact_key(facts: Mapping[str, FactValue]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in facts.items()))


class _Evaluator:
    """Engine calls memoised on the facts, for one plan."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], tuple[Rule, ...]] = {}

    def fired(self, rules: Sequence[Rule], facts: Mapping[str, FactValue]) -> tuple[Rule, ...]:
        key = (id(rules), _fact_key(facts))
        hit = self._cache.get(key)
        if hit is None:
            hit = decide(rules, facts).fired
            self._cache[key] = hit
        return hit


def _shown(value: Decimal) -> Decimal:
    """``value`` to 6 decimal places at most, without exponent (for display)."""
    shown = value.quantize(Decimal("0.000001")).normalize()
    return shown.quantize(Decimal(1)) if shown.as_tuple().exponent > 0 else shown  # type: ignore[operator]


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text) if p)


def _pct(value: Decimal) -> str:
    return f"{(value * 100).normalize():f} %".replace(".", ",")


def _num(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


# --------------------------------------------------------------------------------------
# Hours
# --------------------------------------------------------------------------------------


_DEFAULTS: dict[tuple[str, date], HoursParameter] = {}


def _default(parameter: Parameter, at: date, name: str) -> HoursParameter:
    hit = _DEFAULTS.get((parameter.id, at))
    if hit is not None:
        return hit
    period = parameter.at(at)
    if period is None:
        raise InvalidInputError(
            [
                FieldProblem(
                    name, f"no default value of {parameter.id} on {at.isoformat()}; give it"
                )
            ],
            subject="hours",
        )
    citation = "; ".join(c.render() for c in period.sources)
    result = HoursParameter(
        value=period.value, origin="defaut", parameter=parameter.id, citation=citation
    )
    if len(_DEFAULTS) > 4096:
        _DEFAULTS.clear()
    _DEFAULTS[(parameter.id, at)] = result
    return result


def _given(value: Decimal) -> HoursParameter:
    # our own, already validated values: construct without re-validation
    return HoursParameter.model_construct(value=value, origin="lot", parameter=None, citation=None)


def _compute_hours(
    montant: Decimal,
    *,
    at: date,
    nature: str | None,
    part_main_oeuvre: Decimal | None,
    cout_horaire: Decimal | None,
    taux_insertion: Decimal | None,
    euros_par_heure: Decimal | None,
    anru_rules: Sequence[Rule],
    where: str = "",
) -> Hours:
    if part_main_oeuvre is not None:
        part = _given(part_main_oeuvre)
    elif nature is not None:
        part = _default(H.PART_MAIN_OEUVRE[nature], at, f"{where}part_main_oeuvre")
    else:
        raise InvalidInputError(
            [FieldProblem(f"{where}part_main_oeuvre", "give a labour share or a nature")],
            subject="hours",
        )
    cout = (
        _given(cout_horaire)
        if cout_horaire is not None
        else _default(H.COUT_HORAIRE, at, f"{where}cout_horaire")
    )
    params: dict[str, HoursParameter] = {
        "montant_estime_ht": _given(montant),
        "part_main_oeuvre": part,
        "cout_horaire": cout,
    }
    vigilance: list[str] = []
    with localcontext() as ctx:
        ctx.prec = 60
        worked = montant * part.value / cout.value
        if euros_par_heure is not None:
            params["euros_par_heure"] = _given(euros_par_heure)
            method: Literal["main_oeuvre", "ratio_montant"] = "ratio_montant"
            exact = montant / euros_par_heure
        else:
            taux = (
                _given(taux_insertion)
                if taux_insertion is not None
                else _default(H.TAUX_INSERTION, at, f"{where}taux_insertion")
            )
            params["taux_insertion"] = taux
            method = "main_oeuvre"
            exact = worked * taux.value
        minimum: Decimal | None = None
        for rule in anru_rules:
            vigilance.extend(rule.vigilance)
            rate = rule.then.get("taux_minimum")
            if rate is None:
                continue
            minimum_exact = worked * Decimal(str(rate))
            minimum = H.round_hours(minimum_exact)
            if exact < minimum_exact:
                vigilance.append(
                    f"Heures d'insertion calculées ({_num(H.round_hours(exact))} h) inférieures "
                    f"au minimum de l'ANRU : {_pct(Decimal(str(rate)))} des heures travaillées, "
                    f"soit {_num(minimum)} h."
                )
    if part.parameter == H.PART_MAIN_OEUVRE["prestations_intellectuelles"].id:
        vigilance.append(
            "Part de main-d'œuvre par défaut des services appliquée à des prestations "
            "intellectuelles : à ajuster avec le facilitateur."
        )
    return Hours.model_construct(
        value=H.round_hours(exact),
        method=method,
        parameters=params,
        exact=_shown(exact),
        heures_travaillees=H.round_hours(worked),
        minimum_anru=minimum,
        rules=tuple(r.id for r in anru_rules),
        sources=sources_of(anru_rules),
        vigilance=tuple(dict.fromkeys(vigilance)),
        rounding=H.ROUNDING_RULE,
    )


def _decimal_arg(
    value: Any, name: str, *, low: Decimal, high: Decimal | None = None, strict_low: bool = False
) -> Decimal | None:
    if value is None:
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        number = None
    if (
        number is None
        or isinstance(value, bool)
        or not number.is_finite()
        or (number <= low if strict_low else number < low)
        or (high is not None and number > high)
    ):
        bound = f"> {low}" if strict_low else f">= {low}"
        if high is not None:
            bound += f" and <= {high}"
        raise InvalidInputError(
            [FieldProblem(name, f"expected a number {bound}", repr(value))], subject="hours"
        )
    return number


def estimate_hours(
    montant_estime_ht: Decimal | int | str,
    *,
    at: date | str,
    nature: str | NatureAchat | None = None,
    part_main_oeuvre: Decimal | str | None = None,
    cout_horaire: Decimal | str | None = None,
    taux_insertion: Decimal | str | None = None,
    euros_par_heure: Decimal | str | None = None,
    financement_anru: str | FinancementAnru = FinancementAnru.AUCUN,
) -> Hours:
    """Insertion hours of a lot: amount × labour share ÷ hourly cost × insertion rate.

    Defaults (labour share by ``nature``, 5 %, 30 €/h) are the dated parameters of
    :mod:`clauserules.rules.heures` in force at ``at`` (the launch date). With
    ``euros_par_heure``, the hours are one per that many euros instead. The result is
    rounded once, to the whole hour, half up.

    >>> estimate_hours(1_200_000, at="2026-01-05", nature="travaux").value
    Decimal('800')

    Raises:
        InvalidInputError: a negative amount, a share or rate outside [0, 1], a hourly cost
            or ratio not positive, an unknown nature or ANRU funding.
    """
    day = coerce_date(at, "at")
    montant = _decimal_arg(montant_estime_ht, "montant_estime_ht", low=Decimal(0))
    assert montant is not None
    one = Decimal(1)
    part = _decimal_arg(part_main_oeuvre, "part_main_oeuvre", low=Decimal(0), high=one)
    taux = _decimal_arg(taux_insertion, "taux_insertion", low=Decimal(0), high=one)
    cout = _decimal_arg(cout_horaire, "cout_horaire", low=Decimal(0), strict_low=True)
    ratio = _decimal_arg(euros_par_heure, "euros_par_heure", low=Decimal(0), strict_low=True)
    nature_value = _enum(NatureAchat, nature, "nature") if nature is not None else None
    funding = _enum(FinancementAnru, financement_anru, "financement_anru")
    anru = _anru_rules(rulebase(), day, funding, _Evaluator())
    return _compute_hours(
        montant,
        at=day,
        nature=nature_value,
        part_main_oeuvre=part,
        cout_horaire=cout,
        taux_insertion=taux,
        euros_par_heure=ratio,
        anru_rules=anru,
    )


def _enum(kind: Any, value: Any, name: str) -> str:
    try:
        return str(kind(value).value)
    except ValueError:
        known = ", ".join(k.value for k in kind)
        raise InvalidInputError(
            [FieldProblem(name, f"expected one of: {known}", repr(value))], subject="hours"
        ) from None


def _anru_rules(base: RuleBase, at: date, funding: str, ev: _Evaluator) -> tuple[Rule, ...]:
    if funding == FinancementAnru.AUCUN.value:
        return ()
    rules = _in_force(base, H.TOPIC_ANRU, at)
    return ev.fired(rules, {"financement_anru": funding})


# --------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------

_STATUS_FR = {
    "obligatoire": "obligatoire",
    "recommande": "recommandé",
    "autorise": "autorisé",
    "interdit": "interdit",
}


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
    base: RuleBase, c: Consultation, ev: _Evaluator, facts: Mapping[str, FactValue]
) -> Threshold:
    value = c.valeur_estimee()
    rules = _in_force(base, S.TOPIC, c.date_lancement)
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


def _spaser(base: RuleBase, c: Consultation, ev: _Evaluator) -> Spaser:
    rules = _in_force(base, A.TOPIC_SPASER, c.date_lancement)
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
        reasons.append(f"Achats annuels supérieurs à {_num(seuil or Decimal(0))} € HT.")
    elif "a_verifier" in codes:
        statut = "a_verifier"
        reasons.extend(v for r in fired for v in r.vigilance)
    elif achats is None:
        statut = "indetermine"
        reasons.append("Montant annuel des achats de l'acheteur non renseigné.")
    else:
        statut = "non_obligatoire"
        reasons.append(f"Achats annuels ne dépassant pas {_num(seuil or Decimal(0))} € HT.")
    shown = fired or rules
    return Spaser(
        statut=statut,
        seuil=seuil,
        achats_annuels_ht=achats,
        reasons=tuple(reasons),
        rules=tuple(r.id for r in fired),
        sources=sources_of(shown),
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
    if threshold.atteint is not None:
        facts["valeur_estimee_ge_seuil"] = threshold.atteint
    return facts


_MOTIF_FR = {
    MotifException.SOLUTION_IMMEDIATEMENT_DISPONIBLE.value: "solution immédiatement disponible",
    MotifException.LIEN_INSUFFISANT_OBJET.value: "lien insuffisant avec l'objet du contrat",
    MotifException.RESTRICTION_CONCURRENCE_OU_DIFFICULTE_EXECUTION.value: (
        "restriction de la concurrence ou difficulté d'exécution"
    ),
}


_InstrumentsResult = tuple[tuple[Instrument, ...], tuple[str, ...], bool, bool, bool]
_INSTRUMENTS: dict[tuple[Any, ...], _InstrumentsResult] = {}


def _instruments_cached(
    fired: Sequence[Rule], recos: Sequence[Rule], selected: frozenset[str]
) -> _InstrumentsResult:
    """:func:`_instruments`, memoised on the versions of the fired rules (immutable results)."""
    key = (tuple(r.key for r in fired), tuple(r.key for r in recos), selected)
    hit = _INSTRUMENTS.get(key)
    if hit is None:
        if len(_INSTRUMENTS) > 4096:
            _INSTRUMENTS.clear()
        instruments, vigilance, *flags = _instruments(fired, recos, selected)
        hit = (instruments, tuple(vigilance), flags[0], flags[1], flags[2])
        _INSTRUMENTS[key] = hit
    return hit


def _instruments(
    fired: Sequence[Rule],
    recos: Sequence[Rule],
    selected: frozenset[str],
) -> tuple[tuple[Instrument, ...], list[str], bool, bool, bool]:
    """Combine the fired rules into one :class:`Instrument` per kind.

    Returns the instruments, the vigilance points of the fired rules, and whether the
    obligation applies, an exception was accepted, an exception was refused.
    """
    bases = {str(r.then["instrument"]): r for r in fired if r.then["effet"] == A.Effet.BASE}
    modifiers = [r for r in fired if r.then["effet"] not in (A.Effet.BASE, A.Effet.REGIME)]
    obligation_rule = next((r for r in modifiers if r.then["effet"] == A.Effet.OBLIGATOIRE), None)
    obligation = obligation_rule is not None
    exception = any(r.then["effet"] == A.Effet.EXCEPTION for r in modifiers)
    refused = any(r.then["effet"] == A.Effet.EXCEPTION_IRRECEVABLE for r in modifiers)
    vigilance: list[str] = []
    result: list[Instrument] = []
    for kind in TypeInstrument:
        base = bases.get(kind.value)
        if base is None:
            raise NoRulesInForceError(f"no version of the rule of instrument {kind.value} fired")
        status: Status = "interdit" if base.then["statut"] == "interdit" else "autorise"
        reasons: list[str] = [str(base.then["motif"])] if base.then["motif"] else []
        used = [base]
        for rule in modifiers:
            if kind.value not in rule.then["instruments"]:
                continue
            effet = rule.then["effet"]
            if effet == A.Effet.INTERDIT:
                status = "interdit"
                reasons.append(str(rule.then["motif"]))
                used.append(rule)
            elif effet in (A.Effet.OBLIGATOIRE, A.Effet.EXCEPTION, A.Effet.EXCEPTION_IRRECEVABLE):
                used.append(rule)
                vigilance.extend(rule.vigilance)
                if effet == A.Effet.OBLIGATOIRE or effet == A.Effet.EXCEPTION:
                    reasons.append(str(rule.then["motif"]))
            elif effet == A.Effet.VIGILANCE:
                used.append(rule)
                vigilance.extend(rule.vigilance)
        if (
            status != "interdit"
            and kind == TypeInstrument.CONDITION_EXECUTION
            and obligation
            and not exception
        ):
            status = "obligatoire"
        if status == "autorise" or status == "obligatoire":
            for reco in recos:
                if kind.value in reco.then["instruments"]:
                    if status == "autorise":
                        status = "recommande"
                    reasons.append(str(reco.then["motif"]))
                    used.append(reco)
                    if kind.value not in selected:
                        vigilance.extend(reco.vigilance)
        if kind.value in selected or status == "obligatoire":
            vigilance.extend(base.vigilance)
        article = str(base.then["article"]) if base.then["article"] else None
        citation = base.sources[0].render() if article else None
        if status == "obligatoire" and obligation_rule is not None:
            # The obligation has its own basis (L2112-2-1, L3114-2-1): cite it with the
            # article of the instrument, never the instrument's article alone.
            basis = obligation_rule.sources[0]
            article = f"{article} ; {basis.article}" if article else basis.article
            citation = f"{citation} ; {basis.render()}" if citation else basis.render()
        result.append(
            Instrument(
                kind=kind,
                label=kind.label,
                status=status,
                selected=kind.value in selected,
                regime=str(base.then["regime"]),
                code=str(base.then["texte"]),
                article=article,
                citation=citation,
                reasons=tuple(dict.fromkeys(reasons)),
                sources=sources_of(used),
                rules=tuple(dict.fromkeys(r.id for r in used)),
            )
        )
    return tuple(result), vigilance, obligation, exception, refused


def _plan_lot(
    lot: Lot,
    c: Consultation,
    base_facts: Mapping[str, FactValue],
    articles_rules: Sequence[Rule],
    reco_rules: Sequence[Rule],
    anru: Sequence[Rule],
    politique: R.Politique,
    ev: _Evaluator,
    index: int,
) -> LotPlan:
    where = f"lots.{index}."
    hours = _compute_hours(
        lot.montant_estime_ht,
        at=c.date_lancement,
        nature=c.nature.value,
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
        "exception_obligation_sociale": exc.motif.value if exc else "aucune",
        "preferences": sorted(selected),
    }
    fired = ev.fired(articles_rules, facts)
    reco_facts = R.derive_facts(
        politique,
        contrat=c.contrat.value,
        nature=c.nature.value,
        part_main_oeuvre=hours.parameters["part_main_oeuvre"].value,
        duree_mois=c.duree_mois,
        intitule=lot.intitule,
    )
    recos = ev.fired(reco_rules, reco_facts)
    instruments, shared, obligation, exception, refused = _instruments_cached(
        fired, recos, selected
    )
    vigilance = list(shared)
    outcome: Literal["conforme", "a_corriger"] = "conforme"
    for instrument in instruments:
        if instrument.selected and instrument.status == "interdit":
            outcome = "a_corriger"
            vigilance.append(
                f"Préférence interdite — {instrument.label} : {' '.join(instrument.reasons)}"
            )
        if instrument.status == "obligatoire" and not instrument.selected:
            outcome = "a_corriger"
            vigilance.append(
                f"{instrument.label[0].upper()}{instrument.label[1:]} obligatoire pour ce lot "
                f"({instrument.code} art. {instrument.article} et seuil européen atteint) : "
                "l'ajouter aux préférences ou consigner une exception motivée."
            )
    if refused:
        outcome = "a_corriger"
    if exc is not None and not obligation:
        vigilance.append(
            "Exception à l'obligation sociale déclarée sans objet : l'obligation ne s'applique "
            "pas à ce contrat à cette date."
        )
    if TypeInstrument.CRITERE_ATTRIBUTION.value in selected and lot.poids_critere is None:
        vigilance.append(
            "Critère d'insertion retenu sans pondération : préciser son poids dans le "
            "règlement de la consultation (15 % jugé admissible, CE 25 mars 2013)."
        )
    clause = selected & {"condition_execution", "critere_attribution"}
    if clause and hours.value == 0:
        vigilance.append("Le calcul donne 0 heure d'insertion : vérifier le montant et les taux.")
    condition = next(i for i in instruments if i.kind == TypeInstrument.CONDITION_EXECUTION)
    obligation_code: Literal["obligatoire", "exception", "non_applicable"] = (
        "exception"
        if obligation and exception
        else "obligatoire"
        if obligation
        else "non_applicable"
    )
    obligation_rule = next((r for r in fired if r.then["effet"] == A.Effet.OBLIGATOIRE), None)
    labels = {"motif_exception_libelle": _MOTIF_FR[exc.motif.value] if exc else ""}
    points = [p.format_map(labels) for p in (*vigilance, *hours.vigilance)]
    rule_ids = [r.id for r in fired] + [r.id for r in recos] + list(hours.rules)
    return LotPlan.model_construct(
        id=lot.id,
        intitule=lot.intitule,
        montant_estime_ht=lot.montant_estime_ht,
        outcome=outcome,
        instruments=instruments,
        obligation_sociale=ObligationSociale.model_construct(
            code=obligation_code,
            motif=exc.motif.value if exc and obligation else None,
            justification=exc.justification if exc and obligation else None,
            citation=obligation_rule.sources[0].render() if obligation_rule else condition.citation,
        ),
        hours=hours,
        vigilance=tuple(dict.fromkeys(points)),
        rules=tuple(dict.fromkeys(rule_ids)),
        facts={
            **facts,
            **{f"recommandation.{k}": v for k, v in reco_facts.items() if k not in facts},
        },
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
    c = parse_consultation(consultation)
    check_consultation(c)
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
    ev = _Evaluator()

    seuil_facts: dict[str, FactValue] = {
        "contrat": c.contrat.value,
        "nature": c.nature.value,
        "type_acheteur": c.acheteur.type.value,
        "defense_securite": c.defense_securite,
        "services_sociaux_specifiques": c.services_sociaux_specifiques,
    }
    threshold = _threshold(base, c, ev, seuil_facts)
    base_facts = _consultation_facts(c, threshold)
    articles_rules = base.in_force(A.TOPIC, at)
    reco_rules = tuple(r for r in _in_force(base, R.TOPIC, at) if r.id not in set(pol.desactivees))
    anru = _anru_rules(base, at, c.financement_anru.value, ev)

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

    vigilance: list[str] = []
    if threshold.incertain:
        vigilance.append(
            f"Seuil européen de {threshold.periode} rappelé de mémoire et non vérifié dans une "
            "source publiée : le contrôler avant de conclure sur l'obligation sociale."
        )
    if threshold.montant is None and at >= A.OBLIGATION_SOCIALE:
        vigilance.append("Aucun seuil européen tabulé pour cette catégorie et cette date.")
    if c.facilitateur is not None and not c.facilitateur.consentement_publication:
        vigilance.append(
            "Le facilitateur n'a pas consenti à la publication de ses coordonnées : ne pas "
            "les faire figurer dans les documents de la consultation."
        )
    if spaser.statut == "a_verifier":
        vigilance.extend(spaser.reasons)

    fired_ids: list[str] = [regime_rule.id, *threshold.rules]
    for lot in lots:
        fired_ids.extend(lot.rules)
    fired_ids.extend(spaser.rules)
    fired_ids = list(dict.fromkeys(fired_ids))
    by_id = {r.id: r for r in (*articles_rules, *reco_rules, *anru)}
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


def _parse_politique(data: Mapping[str, Any]) -> R.Politique:
    from clauserules.core.inputs import parse_model

    return parse_model(R.Politique, data, subject="politique")


_FIRST_KEYS = (
    "objet",
    "acheteur",
    "contrat",
    "nature",
    "date_lancement",
    "regime",
    "outcome",
    "seuil_europeen",
    "obligation_sociale",
    "spaser",
    "lots",
    "total_heures",
    "rules",
    "vigilance",
)


def plan_json(plan: Plan) -> dict[str, Any]:
    """The JSON object of a plan, documented keys first."""
    data = plan.model_dump(mode="json")
    return {
        **{k: data[k] for k in _FIRST_KEYS},
        **{k: v for k, v in data.items() if k not in _FIRST_KEYS},
    }


# --------------------------------------------------------------------------------------
# Text rendering (French)
# --------------------------------------------------------------------------------------


def hours_text(hours: Hours, *, with_vigilance: bool = True) -> str:
    """A French rendering of an hours estimate."""
    p = hours.parameters
    lines = [f"Heures d'insertion : {_num(hours.value)} h ({hours.rounding})"]
    if hours.method == "ratio_montant":
        lines.append(
            f"  Méthode : une heure par {_num(p['euros_par_heure'].value)} € facturés — "
            f"{_num(p['montant_estime_ht'].value)} € ÷ {_num(p['euros_par_heure'].value)} €"
        )
    else:
        lines.append(
            f"  Méthode : {_num(p['montant_estime_ht'].value)} € × "
            f"{_pct(p['part_main_oeuvre'].value)} ÷ {_num(p['cout_horaire'].value)} €/h × "
            f"{_pct(p['taux_insertion'].value)}"
        )
    if hours.heures_travaillees is not None:
        lines.append(f"  Heures travaillées estimées : {_num(hours.heures_travaillees)} h")
    for name, param in p.items():
        if param.origin == "defaut":
            lines.append(f"  {name} par défaut ({param.parameter}) : {param.citation}")
    if hours.minimum_anru is not None:
        lines.append(
            f"  Part du lot dans l'objectif d'insertion de l'opération ANRU : "
            f"{_num(hours.minimum_anru)} h (objectif fixé pour l'opération, réparti entre ses "
            "marchés et mutualisable, non minimum légal par contrat)"
        )
    if with_vigilance:
        lines.extend(f"  ! {v}" for v in hours.vigilance)
    return "\n".join(lines) + "\n"


def plan_text(plan: Plan) -> str:
    """A French, buyer-readable rendering of a plan."""
    t = plan.seuil_europeen
    lines = [
        f"Consultation : {plan.objet}",
        f"  Acheteur : {plan.acheteur} ({plan.type_acheteur}) — {plan.contrat}, {plan.nature}",
        f"  Lancement : {plan.date_lancement.strftime('%d/%m/%Y')} — régime : {plan.regime.label}",
        f"  Valeur estimée du contrat : {_num(t.valeur_estimee_ht)} € HT",
    ]
    if t.montant is not None:
        lines.append(
            f"  Seuil européen {t.periode} ({t.label}) : {_num(t.montant)} € HT — "
            f"{'atteint' if t.atteint else 'non atteint'}"
            + (" (valeur non vérifiée)" if t.incertain else "")
        )
    lines.append(
        "  Condition d'exécution sociale obligatoire : "
        + ("oui" if plan.obligation_sociale else "non")
    )
    lines.append(f"  SPASER de l'acheteur : {plan.spaser.statut.replace('_', ' ')}")
    lines.append(f"  Résultat : {'conforme' if plan.outcome == 'conforme' else 'à corriger'}")
    for point in plan.vigilance:
        lines.append(f"  ! {point}")
    for lot in plan.lots:
        lines.append("")
        lines.append(
            f"Lot {lot.id} — {lot.intitule} ({_num(lot.montant_estime_ht)} € HT) : "
            f"{'conforme' if lot.outcome == 'conforme' else 'à corriger'}"
        )
        for i in lot.instruments:
            where = f"{i.code} art. {i.article}" if i.article else (i.code or "")
            mark = "*" if i.selected else "-"
            lines.append(f"  {mark} {i.label} : {_STATUS_FR[i.status]} ({where})")
            for reason in i.reasons:
                lines.append(f"      {reason}")
        lines.extend(
            "  " + line
            for line in hours_text(lot.hours, with_vigilance=False).rstrip("\n").split("\n")
        )
        for point in lot.vigilance:
            lines.append(f"  ! {point}")
    lines.append("")
    lines.append(f"Total des heures d'insertion : {_num(plan.total_heures)} h")
    lines.append("(* instrument retenu par l'acheteur ; ! point de vigilance)")
    lines.append(f"Règles appliquées : {', '.join(plan.rules)}")
    return "\n".join(lines) + "\n"
