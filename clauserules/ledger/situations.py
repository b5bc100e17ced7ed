"""Situations: the facts the counting rules read, constant over a region of a paire, and
the memoised decision of the rules on them (``docs/decisions/0026-comptage-par-situation.md``).

A :class:`Situation` is a named tuple whose field names *are* the fact names of
:mod:`clauserules.rules.comptage`: ``situation._asdict()`` is what the rules see. The
decision is asked through :func:`clauserules.core.decide.decide` once per distinct
(rules in force, situation), a few dozen times on a national file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from clauserules.core.decide import decide
from clauserules.core.rulebase import Rule
from clauserules.ledger.counting import LCM_DAYS
from clauserules.ledger.window import ContratIndex, Paire
from clauserules.rules.comptage import MOTIF_ORDER, Motif
from clauserules.vocabulaire import TypeContrat

__all__ = [
    "FACT_NAMES",
    "Bucket",
    "BucketKind",
    "Situation",
    "SituationDecision",
    "Situations",
    "situation",
]


class Situation(NamedTuple):
    """The facts of the counting rules in one region of a paire, for one nature of hours."""

    nature_heures: str
    type_contrat: str
    personne_eligible: bool
    dans_execution: bool
    regle_24_mois_adoptee: bool
    dans_fenetre_24_mois: bool
    fin_par_revue_annuelle: bool
    regle_cdi_deuxieme_annee_adoptee: bool
    cdi_signe_deuxieme_annee: bool
    continuite_cdd_ou_mad: bool
    dans_12_mois_signature_cdi: bool
    regle_marche_long_adoptee: bool
    marche_plus_de_deux_ans: bool
    embauche_avant_fin_deux_premieres_annees: bool
    dans_annees_supplementaires_execution: bool
    regle_heures_formation_adoptee: bool


FACT_NAMES: tuple[str, ...] = Situation._fields
"""The facts the counting rules read."""


def situation(paire: Paire, region: int) -> Situation:
    """The situation of the work hours of ``paire`` in ``region`` (facts read on its first
    day; before the first boundary, the day before it)."""
    bps = paire.bornes
    day = bps[region - 1] if region > 0 else bps[0] - 1
    m = paire.marche
    c = paire.contrat
    personne = paire.personne
    regles = m.marche.regles
    return Situation(
        nature_heures="travail",
        type_contrat=c.type,
        personne_eligible=personne.personne.eligibilite.validee,
        dans_execution=m.debut <= day <= m.fin,
        regle_24_mois_adoptee=regles.regle_24_mois,
        dans_fenetre_24_mois=day < personne.fin_fenetre,
        fin_par_revue_annuelle=personne.fin_revue is not None and day >= personne.fin_revue,
        regle_cdi_deuxieme_annee_adoptee=regles.cdi_deuxieme_annee,
        cdi_signe_deuxieme_annee=c.cdi_deuxieme_annee,
        continuite_cdd_ou_mad=c.continuite,
        dans_12_mois_signature_cdi=c.fin_douze_mois is not None and day < c.fin_douze_mois,
        regle_marche_long_adoptee=regles.marche_long,
        marche_plus_de_deux_ans=m.long,
        embauche_avant_fin_deux_premieres_annees=_cdi_before_year_3(c, m.fin_deux_ans),
        dans_annees_supplementaires_execution=m.fin_deux_ans <= day < m.fin_quatre_ans,
        regle_heures_formation_adoptee=regles.heures_formation,
    )


def _cdi_before_year_3(contrat: ContratIndex, fin_deux_ans: int) -> bool:
    return contrat.type == TypeContrat.CDI.value and contrat.debut < fin_deux_ans


@dataclass(frozen=True, slots=True)
class SituationDecision:
    """What the counting rules decided of a situation."""

    counted: bool
    motif: str | None
    """Why the hours do not count (:class:`~clauserules.rules.comptage.Motif`), if they don't."""
    fired: tuple[str, ...]


class BucketKind(Enum):
    COUNTED = "comptees"
    """Hours that count for the marche where they were worked."""
    GLOBALISED = "globalisees"
    """Hours that count, to be allocated among the marches of an admissible request."""
    EXCLUDED = "exclues"
    """Hours that do not count, for a motif."""


class Bucket(NamedTuple):
    """Where the hours of a region go."""

    kind: BucketKind
    personne: str
    marche: str
    groupe: tuple[str, tuple[str, ...]] | None
    """Globalised: the request and the marches in execution that day."""
    motif: str | None
    """Excluded: the motif."""
    decision: int
    """Index of the :class:`SituationDecision`."""


@dataclass(slots=True, eq=False)
class Situations:
    """The memoised decisions of the counting rules, and the buckets of hours they fill."""

    rulesets: Sequence[tuple[Rule, ...]]
    decisions: list[SituationDecision] = field(default_factory=list)
    fired: set[str] = field(default_factory=set)
    memo: dict[tuple[int, Situation], int] = field(default_factory=dict)
    buckets: dict[Bucket, int] = field(default_factory=dict)
    """Exact amount of each bucket, in units of 1 / (100 × LCM_DAYS) hour."""
    par_mois: dict[int, int] = field(default_factory=dict)
    """Exact hours that count (directly or through globalisation) per month (ordinal of its
    first day), in units of 1 / (100 × LCM_DAYS) hour."""

    def decide(self, ruleset: int, facts: Situation) -> int:
        """Index of the decision of the rules of ``ruleset`` on ``facts`` (memoised)."""
        key = (ruleset, facts)
        found = self.memo.get(key)
        if found is not None:
            return found
        fired = decide(self.rulesets[ruleset], facts._asdict()).fired
        motifs = [str(r.then["motif"]) for r in fired if r.then.get("effet") == "exclut"]
        if motifs:
            motif: str | None = min(motifs, key=lambda m: MOTIF_ORDER.index(Motif(m)))
        else:
            motif = None
            effects = {r.then.get("effet") for r in fired}
            if not {"periode", "nature"} <= effects:
                raise AssertionError(f"no counting rule decides the situation {facts._asdict()}")
        decision = SituationDecision(motif is None, motif, tuple(r.id for r in fired))
        self.fired.update(decision.fired)
        index = len(self.decisions)
        self.decisions.append(decision)
        self.memo[key] = index
        return index

    def fill(self, paires: Iterable[Paire], admissible: set[str]) -> None:
        """Decide every region of ``paires`` and add its hours to its buckets
        (``admissible``: ids of the admissible globalisation requests)."""
        buckets = self.buckets
        for paire in paires:
            pid = paire.personne.personne.id
            mid = paire.marche.marche.id
            demande = paire.demande
            if demande is not None and demande.demande.id not in admissible:
                demande = None
            for (ruleset, region), acc in paire.regions.items():
                travail = situation(paire, region)
                formation = travail._replace(nature_heures="formation")
                groupe = None
                if demande is not None:
                    day = paire.bornes[region - 1] if region > 0 else paire.bornes[0] - 1
                    covering = tuple(
                        sorted(t.marche.id for t in demande.cibles if t.debut <= day <= t.fin)
                    )
                    groupe = (demande.demande.id, covering)
                amounts = (acc[0] * LCM_DAYS + acc[2], acc[1] * LCM_DAYS + acc[3])
                months = (acc[4], acc[5])
                for facts, amount, by_month in zip(
                    (travail, formation), amounts, months, strict=True
                ):
                    index = self.decide(ruleset, facts)
                    decision = self.decisions[index]
                    if decision.counted and amount:
                        _add_months(self.par_mois, by_month)
                    if not decision.counted:
                        bucket = Bucket(BucketKind.EXCLUDED, pid, mid, None, decision.motif, index)
                    elif groupe is not None:
                        bucket = Bucket(BucketKind.GLOBALISED, pid, mid, groupe, None, index)
                    else:
                        bucket = Bucket(BucketKind.COUNTED, pid, mid, None, None, index)
                    buckets[bucket] = buckets.get(bucket, 0) + amount


def _add_months(par_mois: dict[int, int], by_month: dict[int, int]) -> None:
    """Add a region's hours per month (hundredths; prorated parts in exact units under the
    negated key) to ``par_mois`` (exact units)."""
    for key, value in by_month.items():
        if key < 0:
            par_mois[-key] = par_mois.get(-key, 0) + value
        else:
            par_mois[key] = par_mois.get(key, 0) + value * LCM_DAYS
