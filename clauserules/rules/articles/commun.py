"""Ce que partagent les règles ``articles`` : thèmes, effets, dates de bascule, fabriques.

Les fabriques prennent des arguments nommés, pour qu'une règle se lise comme un formulaire :

* :func:`regles_instrument` donne les versions d'un instrument (un id par type de contrat,
  une :class:`Version` par état du droit) ;
* :func:`modificateur` donne une règle qui rend un instrument ``interdit`` ou ``obligatoire``
  dans un cas, enregistre une exception ou ajoute un point de vigilance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from clauserules.core.expr import Expr, Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.vocabulaire import Regime, Statut, TypeInstrument

TOPIC = "articles"
TOPIC_SPASER = "articles.spaser"


class Effet(StrEnum):
    """What an ``articles`` rule does (``then["effet"]``)."""

    REGIME = "regime"
    BASE = "base"
    INTERDIT = "interdit"
    OBLIGATOIRE = "obligatoire"
    EXCEPTION = "exception"
    EXCEPTION_IRRECEVABLE = "exception_irrecevable"
    VIGILANCE = "vigilance"
    LIVRE_III = "livre_iii"
    """Defence or security contract: the article is that of Book III, or not modelled."""


# --- Dates ------------------------------------------------------------------------------

COUVERTURE_MARCHES = date(2006, 9, 1)
ENTREE_ORDONNANCES = date(2016, 4, 1)
ENTREE_CCP = date(2019, 4, 1)
LOI_ASAP_EFFET = date(2020, 12, 9)
RESERVATION_DETENUS = date(2022, 10, 21)
"""L2113-13-1 and L3113-2-1 exist: the ordonnance 2022-1336 was published on 20 October 2022
(JORF n° 0244), in force the next day (art. 1er du code civil); ADR 0051."""
PROPORTION_DETENUS = date(2023, 1, 1)
"""The minimum proportion of L2113-13-1 is set (décret 2022-1683, R2113-7); ADR 0051."""
OBLIGATION_SOCIALE_DECRET = date(2026, 8, 21)
"""The décret 2022-767 dates its own articles (R2152-7, R3131-3…) to 21 August 2026."""
OBLIGATION_SOCIALE = date(2026, 8, 22)
"""Start of L2112-2-1 / L3114-2-1: « au plus tard » five years after the promulgation of the
loi 2021-1104 of 22 August 2021 (art. 35), read by the DAJ as 22 August 2026; ADR 0050."""

CMP = Validity(COUVERTURE_MARCHES, ENTREE_ORDONNANCES)
ORD = Validity(ENTREE_ORDONNANCES, ENTREE_CCP)
CCP = Validity(ENTREE_CCP)
ORD_CONCESSIONS = Validity(ENTREE_ORDONNANCES, ENTREE_CCP)

# --- Faits ------------------------------------------------------------------------------

MARCHE = Fact("contrat").eq("marche")
CONCESSION = Fact("contrat").eq("concession")
PREFS = Fact("preferences")
"""Les instruments retenus par l'acheteur pour le lot."""


# --- Fabriques --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """One version of an instrument rule (one state of the law).

    ``article`` is the article that provides the instrument (``then["article"]``), ``None``
    when the regime does not know it. The first of ``sources`` is the text that holds it:
    written without ``article=``, that citation cites ``article``.
    """

    validity: Validity
    regime: Regime
    texte: str
    article: str | None
    sources: tuple[Citation, ...]
    statut: Statut = Statut.AUTORISE
    motif: str = ""
    vigilance: tuple[str, ...] = ()
    interpretations: tuple[str, ...] = ()
    unmodelled: tuple[str, ...] = ()

    def citations(self) -> tuple[Citation, ...]:
        """The sources, the first citing ``article`` when it names none."""
        first, *others = self.sources
        if self.article is not None and first.article is None:
            first = Citation(source=first.source, lines=first.lines, article=self.article)
        return (first, *others)


def regles_instrument(
    *, contrat: str, instrument: TypeInstrument, title: str, versions: tuple[Version, ...]
) -> tuple[Rule, ...]:
    """The versions of the rule ``articles.<contrat>.<instrument>``, one per state of the law."""
    return tuple(
        Rule(
            id=f"articles.{contrat}.{instrument.value.replace('_', '-')}",
            title=title,
            topic=TOPIC,
            sources=v.citations(),
            validity=v.validity,
            when=Fact("contrat").eq(contrat),
            then={
                "effet": Effet.BASE.value,
                "instrument": instrument.value,
                "statut": v.statut.value,
                "regime": v.regime.value,
                "texte": v.texte,
                "article": v.article,
                "motif": v.motif,
            },
            vigilance=v.vigilance,
            interpretations=v.interpretations,
            unmodelled=v.unmodelled,
        )
        for v in versions
    )


def modificateur(
    *,
    id: str,
    title: str,
    validity: Validity,
    when: Expr,
    effet: Effet,
    instruments: tuple[TypeInstrument, ...],
    motif: str,
    sources: tuple[Citation, ...],
    vigilance: tuple[str, ...] = (),
    interpretations: tuple[str, ...] = (),
) -> Rule:
    """A rule that changes the status of ``instruments`` for a lot (``effet``)."""
    return Rule(
        id=id,
        title=title,
        topic=TOPIC,
        sources=sources,
        validity=validity,
        when=when,
        then={
            "effet": effet.value,
            "instruments": tuple(i.value for i in instruments),
            "motif": motif,
        },
        vigilance=vigilance,
        interpretations=interpretations,
    )
