"""Globalisation: admissibility of each request (``docs/decisions/0024-recevabilite-de-la-globalisation.md``)
and the allocation of its counted hours among its marches « à due proportion ».

Admissibility is the conjunction of the condition rules of the text the CCAP adopted,
read through :attr:`clauserules.core.decide.Evaluation.outcome`: every rule fired →
admissible; one failed for good → not; otherwise undetermined, with the missing facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from math import floor

from clauserules.core.decide import decide
from clauserules.core.decision import sources_of
from clauserules.core.expr import FactValue
from clauserules.core.rulebase import RuleBase
from clauserules.ledger.checks import DemandeValide, Prepared, Problems
from clauserules.ledger.output import CENT, ZERO, GlobalisationDecision
from clauserules.ledger.window import MarcheIndex
from clauserules.rules.globalisation import TOPIC as TOPIC_GLOBALISATION
from clauserules.rules.globalisation import TOPIC_REPARTITION
from clauserules.vocabulaire import CleRepartition, GlobalisationCCAP

__all__ = ["allocate", "decide_demandes", "weight"]


def allocate(total: Decimal, weights: Sequence[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Split ``total`` (a multiple of 0.01) in proportion to ``weights``, by largest remainder.

    The parts are multiples of 0.01 and add up exactly to ``total``. Zero weights everywhere
    mean equal shares; ties of remainders go to the first id in alphabetical order.

    >>> allocate(Decimal("10.00"), [("a", Decimal(1)), ("b", Decimal(1)), ("c", Decimal(1))])
    {'a': Decimal('3.34'), 'b': Decimal('3.33'), 'c': Decimal('3.33')}
    """
    if not weights:
        return {}
    cents = int((total / CENT).to_integral_value())
    ws = [Fraction(w) for _, w in weights]
    whole = sum(ws)
    if whole == 0:
        ws = [Fraction(1)] * len(ws)
        whole = Fraction(len(ws))
    raw = [cents * w / whole for w in ws]
    parts = [floor(r) for r in raw]
    rest = cents - sum(parts)
    order = sorted(range(len(ws)), key=lambda i: (-(raw[i] - parts[i]), weights[i][0]))
    for i in order[:rest]:
        parts[i] += 1
    return {weights[i][0]: Decimal(parts[i]).scaleb(-2).quantize(CENT) for i in range(len(ws))}


def weight(marche: MarcheIndex, cle: CleRepartition) -> Decimal:
    """The weight of ``marche`` under the allocation key ``cle``."""
    if cle is CleRepartition.HEURES_DUES:
        return marche.marche.heures_dues
    if cle is CleRepartition.MONTANT:
        return marche.marche.montant or ZERO
    return Decimal(1)


def _facts(valide: DemandeValide, prepared: Prepared) -> dict[str, FactValue]:
    """The facts the admissibility rules read."""
    d = valide.demande.demande
    marches = valide.demande.cibles
    variants = [m.marche.globalisation for m in marches]
    chosen = [v for v in variants if v is not GlobalisationCCAP.AUCUNE]
    personne = prepared.personnes[d.personne]
    facts: dict[str, FactValue] = {
        "globalisation_prevue_ccap": bool(chosen)
        and len(chosen) == len(variants)
        and len(set(chosen)) == 1,
        "nb_marches": len(marches),
        "nb_marches_autre_titulaire": sum(
            1
            for m in marches
            if m.marche.titulaire is not None and d.entreprise not in m.marche.entreprises()
        ),
        "demandeur": d.demandeur.value,
        "demande_pendant_execution": all(d.date_demande <= m.marche.fin_execution for m in marches),
        "nb_maitres_ouvrage_sans_accord": len(
            {m.marche.maitre_ouvrage for m in marches} - set(d.accords_maitres_ouvrage)
        ),
    }
    if d.destinataire is not None:
        facts["destinataire"] = d.destinataire.value
    for name in ("engagement_execution", "favorable_parcours"):
        value = getattr(d, name)
        if value is not None:
            facts[name] = value
    territories = [m.marche.territoire for m in marches]
    if all(t is not None for t in territories):
        facts["territoire_commun"] = len(set(territories)) == 1
    elif d.meme_territoire is not None:
        facts["territoire_commun"] = d.meme_territoire
    verified = d.eligibilite_verifiee
    facts["eligibilite_verifiee"] = (
        verified if verified is not None else personne.personne.eligibilite.validee
    )
    prise = d.date_prise_poste or personne.premiere_embauche
    if prise is not None:
        facts["demande_avant_prise_poste"] = d.date_demande <= prise
    return facts


def decide_demandes(
    prepared: Prepared, base: RuleBase, cle: CleRepartition, problems: Problems
) -> tuple[list[GlobalisationDecision], set[str]]:
    """The admissibility decision of every request (hours not yet allocated), and the rules
    that decided. The key ``montant`` needs the amount of every marche of an admissible
    request: a missing one is added to ``problems``."""
    out: list[GlobalisationDecision] = []
    fired: set[str] = set()
    for valide in prepared.demandes:
        d = valide.demande.demande
        marches = valide.demande.cibles
        facts = _facts(valide, prepared)
        rules = valide.regles
        evaluation = decide(rules, facts)
        recevable = evaluation.outcome
        decisive = list(evaluation.fired)
        key: str | None = None
        if recevable:
            repartition = base.in_force(TOPIC_REPARTITION, d.date_demande)
            decisive += decide(repartition, {"demande_recevable": True}).fired
            key = cle.value
            if cle is CleRepartition.MONTANT:
                for m in marches:
                    if m.marche.montant is None:
                        problems.add(
                            "marches",
                            problems.parcours.marches.index(m.marche),
                            "montant",
                            f"required by the allocation key 'montant' (request {d.id})",
                        )
        fired.update(r.id for r in decisive)
        out.append(
            GlobalisationDecision(
                topic=TOPIC_GLOBALISATION,
                outcome="recevable"
                if recevable
                else "indetermine"
                if recevable is None
                else "non_recevable",
                at=d.date_demande,
                variant=valide.variant,
                rules=tuple(r.id for r in decisive),
                evaluated=tuple(r.id for r in rules),
                sources=sources_of(decisive or rules),
                facts=facts,
                missing=evaluation.missing,
                vigilance=tuple(v for r in decisive for v in r.vigilance),
                demande=d.id,
                personne=d.personne,
                marches=tuple(m.marche.id for m in marches),
                recevable=recevable,
                conditions_non_remplies=tuple(r.id for r in evaluation.failed),
                cle=key,
                heures_reparties=ZERO,
                repartition={},
            )
        )
    return out, fired
