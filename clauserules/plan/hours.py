"""Insertion hours of a lot: the one formula, its dated defaults and the ANRU minimums.

``heures = montant × part de main-d'œuvre ÷ coût horaire × taux d'insertion``, or
``montant ÷ euros par heure``; computed exactly, rounded once (ADR 0011). The plan calls
:func:`compute_hours` on validated lots; :func:`estimate_hours` is the public entry for
one lot, its arguments validated by pydantic with the types of
:class:`~clauserules.plan.model.Lot`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError, validate_call

from clauserules import _fr
from clauserules.core.decide import decide
from clauserules.core.decision import sources_of
from clauserules.core.inputs import Fraction, Montant, Positif, coerce_date, problems_from
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.errors import FieldProblem, InvalidInputError
from clauserules.plan.evaluation import in_force
from clauserules.plan.output import Hours, HoursParameter
from clauserules.rules import heures as H
from clauserules.rules import rulebase
from clauserules.vocabulaire import FinancementAnru, NatureAchat, ProgrammeAnru

__all__ = ["anru_rules", "compute_hours", "estimate_hours", "programme_anru"]


@lru_cache(maxsize=4096)
def _default_value(parameter_id: str, at: date) -> HoursParameter | None:
    period = H.PARAMETERS[parameter_id].at(at)
    if period is None:
        return None
    citation = "; ".join(c.render() for c in period.sources)
    return HoursParameter(
        value=period.value, origin="defaut", parameter=parameter_id, citation=citation
    )


def _default(parameter_id: str, at: date, name: str) -> HoursParameter:
    """The dated default in force at ``at``; an input error on ``name`` when there is none."""
    result = _default_value(parameter_id, at)
    if result is None:
        raise InvalidInputError(
            [
                FieldProblem(
                    name, f"no default value of {parameter_id} on {at.isoformat()}; give it"
                )
            ],
            subject="hours",
        )
    return result


def _given(value: Decimal) -> HoursParameter:
    # our own, already validated values: construct without re-validation
    return HoursParameter.model_construct(value=value, origin="lot", parameter=None, citation=None)


def programme_anru(at: date, programme: str | None) -> str:
    """The ANRU programme: ``programme`` when given, else read from the launch date."""
    if programme is not None:
        return programme
    return ProgrammeAnru.PNRU.value if H.PNRU.contains(at) else ProgrammeAnru.NPNRU.value


def anru_rules(
    base: RuleBase, at: date, funding: str, programme: str | None = None
) -> tuple[Rule, ...]:
    """The ANRU minimum rules that apply to a lot funded by ``funding`` at ``at``, under the
    charter of ``programme`` (``pnru``/``npnru``; read from ``at`` when not given)."""
    if funding == FinancementAnru.AUCUN.value:
        return ()
    facts = {"financement_anru": funding, "programme_anru": programme_anru(at, programme)}
    return decide(in_force(base, H.TOPIC_ANRU, at), facts).fired


def compute_hours(
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
    """The hours of one lot from validated values (``None``: the dated default).

    ``where`` prefixes the field names of an error (``lots.2.``).
    """
    if part_main_oeuvre is not None:
        part = _given(part_main_oeuvre)
    elif nature is not None:
        part = _default(H.PART_MAIN_OEUVRE[nature].id, at, f"{where}part_main_oeuvre")
    else:
        raise InvalidInputError(
            [FieldProblem(f"{where}part_main_oeuvre", "give a labour share or a nature")],
            subject="hours",
        )
    cout = (
        _given(cout_horaire)
        if cout_horaire is not None
        else _default(H.COUT_HORAIRE.id, at, f"{where}cout_horaire")
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
                else _default(H.TAUX_INSERTION.id, at, f"{where}taux_insertion")
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
                    f"Heures d'insertion calculées ({_fr.heures(H.round_hours(exact), abrege=True)}) "
                    f"inférieures au minimum de l'ANRU : {_fr.pourcent(Decimal(str(rate)))} des "
                    f"heures travaillées, soit {_fr.heures(minimum, abrege=True)}."
                )
    if part.parameter == H.PART_MAIN_OEUVRE["prestations_intellectuelles"].id:
        vigilance.append(
            "Part de main-d'œuvre par défaut des services appliquée à des prestations "
            "intellectuelles : des heures d'insertion s'y prêtent souvent mal ; ajuster la part "
            "avec le facilitateur ou retenir une autre condition sociale ou relative à l'emploi."
        )
    defaults = [name for name, param in params.items() if param.origin == "defaut"]
    if defaults:
        vigilance.append(_defaults_point(defaults, at))
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


_DEFAULT_ORIGINS = {
    "part_main_oeuvre": (
        "la part de main-d'œuvre est un taux moyen retenu par l'IGAS (2016) pour estimer le "
        "potentiel d'emplois de l'ensemble des marchés de 2013"
    ),
    "cout_horaire": (
        "le coût horaire de 30 €/h est celui d'un exemple chiffré de 2014-2015 rapporté par "
        "l'IGAS (2016)"
    ),
    "taux_insertion": (
        "le taux de 5 % des heures travaillées est celui du même exemple et des "
        "recommandations de la profession rapportées par l'IGAS (2016)"
    ),
}


def _defaults_point(names: Sequence[str], at: date) -> str:
    """The vigilance point that says what the defaults used are, and are not."""
    origins = " ; ".join(_DEFAULT_ORIGINS[name] for name in names if name in _DEFAULT_ORIGINS)
    return (
        f"Heures calculées avec des valeurs par défaut : {origins}. Ce ne sont pas des "
        f"références nationales pour {at.year} : les remplacer par les valeurs du lot "
        "(part_main_oeuvre, cout_horaire, taux_insertion), avec le facilitateur."
    )


def _shown(value: Decimal) -> Decimal:
    """``value`` to 6 decimal places at most, without exponent (for display)."""
    shown = value.quantize(Decimal("0.000001")).normalize()
    return shown.quantize(Decimal(1)) if shown.as_tuple().exponent > 0 else shown  # type: ignore[operator]


class _Arguments(NamedTuple):
    montant_estime_ht: Decimal
    nature: NatureAchat | None
    part_main_oeuvre: Decimal | None
    cout_horaire: Decimal | None
    taux_insertion: Decimal | None
    euros_par_heure: Decimal | None
    financement_anru: FinancementAnru


@validate_call
def _arguments(
    *,
    montant_estime_ht: Montant,
    nature: NatureAchat | None,
    part_main_oeuvre: Fraction | None,
    cout_horaire: Positif | None,
    taux_insertion: Fraction | None,
    euros_par_heure: Positif | None,
    financement_anru: FinancementAnru,
) -> _Arguments:
    """The arguments of :func:`estimate_hours`, validated with the types of ``Lot``."""
    return _Arguments(
        montant_estime_ht,
        nature,
        part_main_oeuvre,
        cout_horaire,
        taux_insertion,
        euros_par_heure,
        financement_anru,
    )


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
    arguments: dict[str, Any] = {
        "montant_estime_ht": montant_estime_ht,
        "nature": nature,
        "part_main_oeuvre": part_main_oeuvre,
        "cout_horaire": cout_horaire,
        "taux_insertion": taux_insertion,
        "euros_par_heure": euros_par_heure,
        "financement_anru": financement_anru,
    }
    try:
        valid = _arguments(**arguments)
    except ValidationError as exc:
        raise InvalidInputError(problems_from(exc), subject="hours") from None
    return compute_hours(
        valid.montant_estime_ht,
        at=day,
        nature=valid.nature.value if valid.nature is not None else None,
        part_main_oeuvre=valid.part_main_oeuvre,
        cout_horaire=valid.cout_horaire,
        taux_insertion=valid.taux_insertion,
        euros_par_heure=valid.euros_par_heure,
        anru_rules=anru_rules(rulebase(), day, valid.financement_anru.value),
    )
