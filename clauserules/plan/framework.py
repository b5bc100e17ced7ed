"""Framework agreements and lots of different natures, in the plan.

* :func:`value_basis`: which value is compared with the European threshold (rules
  ``accords_cadres.valeur.*``: CCP R2121-1, R2121-8);
* :func:`framework_hours`: how a framework agreement's lot owes its hours (rules
  ``accords_cadres.heures.*`` and ``accords_cadres.suivi.*``): « une heure pour N € HT
  commandés » on the orders actually issued, or hours fixed by each subsequent contract,
  with the hours on the maximum as an indication;
* :func:`mixed_lots`: the threshold category follows the main object when the lots are of
  different natures (rules ``contrats_mixtes.*``: CCP L1111-6).

See ``docs/decisions/0065-accords-cadres.md`` and ``0066-nature-par-lot.md``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, NamedTuple

from clauserules.core.decision import sources_of
from clauserules.core.expr import FactValue
from clauserules.core.rulebase import Rule, RuleBase
from clauserules.plan.evaluation import Evaluator, in_force
from clauserules.plan.model import Consultation, Lot
from clauserules.plan.output import HeuresAccordCadre, Hours
from clauserules.rules import accords_cadres as AC
from clauserules.rules import heures as H
from clauserules.vocabulaire import NatureAchat

__all__ = ["ValueBasis", "framework_hours", "mixed_lots", "value_basis"]


class ValueBasis(NamedTuple):
    base: Literal["estimation", "maximum"] | None
    citation: str | None
    rules: tuple[Rule, ...]
    vigilance: tuple[str, ...]


def value_basis(base: RuleBase, c: Consultation, ev: Evaluator) -> ValueBasis:
    """Which value of ``c`` is compared with the threshold, and why."""
    rules = in_force(base, AC.TOPIC_VALEUR, c.date_lancement)
    if not rules:
        before = (
            (
                "Accord-cadre lancé avant le 1er avril 2019 : la valeur comparée au seuil et la "
                "méthode des heures suivent ici les règles du code de la commande publique ; "
                "vérifier les articles applicables à la date de lancement (décret "
                "n° 2016-360 du 25 mars 2016, pour la valeur estimée et les accords-cadres).",
            )
            if c.accord_cadre
            else ()
        )
        return ValueBasis(None, None, (), before)
    facts: dict[str, FactValue] = {
        "technique": c.technique.value,
        "maximum_fixe": all(lot.montant_maximum_ht is not None for lot in c.lots),
    }
    fired = ev.fired(rules, facts)
    if not fired:
        return ValueBasis(None, None, (), ())
    bases = {str(r.then["base"]) for r in fired}
    chosen: Literal["estimation", "maximum"] = "maximum" if bases == {"maximum"} else "estimation"
    citation = " ; ".join(dict.fromkeys(s.render() for r in fired for s in r.sources))
    vigilance = tuple(v for r in fired for v in r.vigilance)
    return ValueBasis(chosen, citation, fired, vigilance)


def mixed_lots(
    base: RuleBase, c: Consultation, ev: Evaluator
) -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    """The ``contrats_mixtes`` rules that fire for ``c``, and their vigilance points."""
    rules = in_force(base, AC.TOPIC_MIXTES, c.date_lancement)
    natures = {c.nature_lot(lot) for lot in c.lots}
    if not rules or len(natures | {c.nature}) < 2:
        return (), ()
    works = sum(
        (c.valeur_lot(lot) for lot in c.lots if c.nature_lot(lot) is NatureAchat.TRAVAUX),
        Decimal(0),
    )
    total = sum((c.valeur_lot(lot) for lot in c.lots), Decimal(0))
    facts: dict[str, FactValue] = {
        "natures_lots_differentes": True,
        "nature": c.nature.value,
        "travaux_majoritaires": works * 2 > total,
    }
    fired = ev.fired(rules, facts)
    labels = {"nature": c.nature.label}
    return fired, tuple(v.format_map(labels) for r in fired for v in r.vigilance)


def _ratio(lot: Lot, hours: Hours) -> tuple[Decimal, Literal["lot", "calcul"]]:
    """One hour per N € HT: the lot's own ratio, or the one its formula implies."""
    if lot.euros_par_heure is not None:
        return lot.euros_par_heure, "lot"
    p = hours.parameters
    with localcontext() as ctx:
        ctx.prec = 60
        per_hour = p["cout_horaire"].value / (
            p["part_main_oeuvre"].value * p["taux_insertion"].value
        )
    rounded = per_hour.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (rounded if rounded > 0 else per_hour), "calcul"


def framework_hours(
    base: RuleBase, c: Consultation, lot: Lot, hours: Hours, ev: Evaluator
) -> HeuresAccordCadre | None:
    """How the hours of ``lot`` follow the orders, for a framework agreement; else ``None``."""
    if not c.accord_cadre or c.modalite is None:
        return None
    rules = (
        *in_force(base, AC.TOPIC_HEURES, c.date_lancement),
        *in_force(base, AC.TOPIC_SUIVI, c.date_lancement),
    )
    facts: dict[str, FactValue] = {
        "technique": c.technique.value,
        "modalite": c.modalite.value,
        "activation_optionnelle": c.activation_optionnelle,
    }
    fired = ev.fired(rules, facts) if rules else ()
    p = hours.parameters
    if lot.euros_par_heure is None and (
        p["part_main_oeuvre"].value == 0 or p["taux_insertion"].value == 0
    ):
        return None  # no insertion hours on this lot: nothing follows the orders
    per_hour, origin = _ratio(lot, hours)

    def on(amount: Decimal | None) -> Decimal | None:
        if amount is None:
            return None
        with localcontext() as ctx:
            ctx.prec = 60
            return H.round_hours(c.par_duree_totale(amount) / per_hour)

    bdc = c.modalite.value == "bons_de_commande"
    return HeuresAccordCadre(
        modalite=c.modalite.value,
        methode="heure_par_montant_commande" if bdc else "fixees_par_marche_subsequent",
        euros_par_heure=per_hour,
        origine_ratio=origin,
        heures_indicatives_maximum=on(lot.montant_maximum_ht),
        heures_minimum=on(lot.montant_minimum_ht),
        activation_optionnelle=c.activation_optionnelle,
        suivi="par_commande_et_trimestre" if bdc else "par_marche_subsequent",
        rules=tuple(r.id for r in fired),
        sources=sources_of(fired),
        interpretations=tuple(dict.fromkeys(i for r in fired for i in r.interpretations)),
    )
