"""The instruments of one lot: *interdit > obligatoire > autorisé*, then recommendations.

One base rule per instrument gives its article and status under the regime; modifier
rules forbid, oblige, record an exception or add a vigilance point. The combination is
the strictest status; a recorded legal exception lifts the obligation into a vigilance
point. The recommendation policy (apart from the law) then only turns ``autorise`` into
``recommande`` and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from clauserules.core.decision import sources_of
from clauserules.core.rulebase import Rule
from clauserules.errors import NoRulesInForceError
from clauserules.plan.output import Instrument, Status
from clauserules.rules import articles as A
from clauserules.vocabulaire import TypeInstrument

__all__ = ["EXECUTION_CONDITIONS", "SATISFYING", "LotInstruments", "combine_instruments"]

EXECUTION_CONDITIONS = (TypeInstrument.CONDITION_EXECUTION, TypeInstrument.AUTRE_CONDITION_SOCIALE)
"""Social or employment execution conditions: each satisfies L2112-2-1 / L3114-2-1 (ADR 0050)."""
SATISFYING = (*EXECUTION_CONDITIONS, TypeInstrument.MARCHE_INSERTION)
"""What satisfies the obligation: an execution condition, or insertion as the object (ADR 0050)."""


class LotInstruments(NamedTuple):
    """The instruments of a lot and what the combination found."""

    instruments: tuple[Instrument, ...]
    """One per :class:`~clauserules.vocabulaire.TypeInstrument`, in its order."""
    vigilance: tuple[str, ...]
    """The vigilance points of the fired rules that concern the lot."""
    obligation: bool
    """The mandatory social execution condition applies."""
    exception: bool
    """A legal exception to that obligation was accepted."""
    exception_refused: bool
    """An exception was declared with a motive the regime does not admit."""
    satisfied_by: tuple[TypeInstrument, ...] = ()
    """The selected, permitted instruments that satisfy the mandatory social condition."""


class _Rules:
    """Fired rules as a cache key: equal when they are the same rule versions."""

    __slots__ = ("_key", "rules")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = rules
        self._key = tuple(r.key for r in rules)

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Rules) and self._key == other._key


def combine_instruments(
    fired: Sequence[Rule], recos: Sequence[Rule], selected: frozenset[str]
) -> LotInstruments:
    """Combine the fired ``articles`` rules and recommendations into one instrument per kind.

    ``selected`` holds the instrument codes the buyer chose for the lot. The result only
    depends on the versions of the fired rules: it is memoised on them (it is immutable).
    """
    return _combine(_Rules(fired), _Rules(recos), selected)


@lru_cache(maxsize=4096)
def _combine(fired_rules: _Rules, reco_rules: _Rules, selected: frozenset[str]) -> LotInstruments:
    fired, recos = fired_rules.rules, reco_rules.rules
    bases = {str(r.then["instrument"]): r for r in fired if r.then["effet"] == A.Effet.BASE}
    modifiers = [r for r in fired if r.then["effet"] not in (A.Effet.BASE, A.Effet.REGIME)]
    obligation_rule = next((r for r in modifiers if r.then["effet"] == A.Effet.OBLIGATOIRE), None)
    obligation = obligation_rule is not None
    exception = any(r.then["effet"] == A.Effet.EXCEPTION for r in modifiers)
    refused = any(r.then["effet"] == A.Effet.EXCEPTION_IRRECEVABLE for r in modifiers)
    vigilance: list[str] = []
    result: list[Instrument] = []
    satisfied_by = tuple(
        kind
        for kind in SATISFYING
        if kind.value in selected
        and kind.value in bases
        and bases[kind.value].then["statut"] != "interdit"
        and not any(
            r.then["effet"] == A.Effet.INTERDIT and kind.value in r.then["instruments"]
            for r in modifiers
        )
    )
    for kind in TypeInstrument:
        base = bases.get(kind.value)
        if base is None:
            raise NoRulesInForceError(f"no version of the rule of instrument {kind.value} fired")
        status: Status = "interdit" if base.then["statut"] == "interdit" else "autorise"
        reasons: list[str] = [str(base.then["motif"])] if base.then["motif"] else []
        used = [base]
        livre_iii: Rule | None = None
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
            elif effet == A.Effet.LIVRE_III:
                livre_iii = rule
                used.append(rule)
                reasons.append(str(rule.then["motif"]))
        if (
            status != "interdit"
            and kind in EXECUTION_CONDITIONS
            and obligation
            and not exception
            and (kind in satisfied_by or not satisfied_by)
        ):
            # The selected condition carries the obligation; with none selected, each
            # execution condition is shown mandatory, one of them being enough.
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
        if livre_iii is not None and status != "interdit":
            # Defence or security contract: never the Book I article (ADR 0051).
            article = str(livre_iii.then["article"]) if livre_iii.then["article"] else None
            citation = livre_iii.sources[0].render() if article else None
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
    return LotInstruments(
        tuple(result), tuple(vigilance), obligation, exception, refused, satisfied_by
    )
