"""Politique de recommandation : ce que l'on conseille, à part de ce que la loi permet.

Ces règles ne disent jamais ce qui est permis : elles ne font passer un instrument que de
``autorise`` à ``recommande`` (un instrument interdit le reste, un instrument obligatoire
le reste). Elles s'appuient sur la pratique et la doctrine des sources (IGAS, Avise) et
sont **configurables** par :class:`Politique` : seuils qui rendent un lot « à forte
main-d'œuvre » ou un contrat « long », segments propices aux réservations, règles
désactivées. Chaque recommandation dit pourquoi (``then["motif"]``) et cite ses sources.

Faits lus (calculés par :func:`derive_facts` à partir de la politique) : ``contrat``,
``nature``, ``main_oeuvre_intensive``, ``duree_longue``, ``segment_reservable``.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from clauserules.core.expr import Expr, Fact, FactValue
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.doctrine import AVISE_PI_2013, DREETS_HDF_2025, IGAS_2016

TOPIC = "recommandations"

DEFAULT_SEGMENTS: tuple[str, ...] = (
    "nettoyage",
    "proprete",
    "espaces verts",
    "dechets",
    "collecte",
    "blanchisserie",
    "petite maintenance",
    "reprographie",
    "impression",
    "routage",
    "mise sous pli",
    "restauration",
    "traiteur",
    "numerisation",
    "archivage",
    "demenagement",
    "accueil",
)
"""Segments that IGAS lists as suited to social clauses and to structures (003:1032-1034, 3569-3625)."""


class Politique(BaseModel):
    """The configurable recommendation policy (defaults documented in docs/decisions/0014)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    seuil_main_oeuvre: Annotated[Decimal, Field(ge=0, le=1)] = Decimal("0.40")
    """Labour share from which a lot is labour-intensive (default 40 %, the works average)."""
    seuil_duree_longue_mois: Annotated[StrictInt, Field(ge=1)] = 24
    """Duration (months) from which a contract is long enough to combine condition and criterion."""
    segments_reservables: tuple[str, ...] = DEFAULT_SEGMENTS
    """Words of a lot title that make it suited to a reservation (accents and case ignored)."""
    desactivees: tuple[str, ...] = ()
    """Ids of recommendation rules switched off."""


DEFAULT_POLITIQUE = Politique()


@lru_cache(maxsize=64)
def _plain_segments(segments: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_plain(s) for s in segments)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def derive_facts(
    politique: Politique,
    *,
    contrat: str,
    nature: str,
    part_main_oeuvre: Decimal,
    duree_mois: int,
    intitule: str,
) -> dict[str, FactValue]:
    """The facts the recommendation rules read, for one lot under ``politique``."""
    title = _plain(intitule)
    return {
        "contrat": contrat,
        "nature": nature,
        "main_oeuvre_intensive": part_main_oeuvre >= politique.seuil_main_oeuvre,
        "duree_longue": duree_mois >= politique.seuil_duree_longue_mois,
        "segment_reservable": any(
            s in title for s in _plain_segments(politique.segments_reservables)
        ),
    }


VALIDITY = Validity(date(2006, 9, 1))


def _reco(
    name: str,
    title: str,
    when: Expr,
    instruments: tuple[str, ...],
    motif: str,
    sources: tuple[Citation, ...],
    *,
    validity: Validity = VALIDITY,
    vigilance: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=f"recommandations.{name}",
        title=title,
        topic=TOPIC,
        sources=sources,
        validity=validity,
        when=when,
        then={"instruments": instruments, "motif": motif},
        vigilance=vigilance,
    )


RULES: tuple[Rule, ...] = (
    _reco(
        "main-oeuvre",
        "Lot à forte main-d'œuvre : clause d'insertion en condition d'exécution",
        Fact("main_oeuvre_intensive").is_true(),
        ("condition_execution",),
        "Lot à forte part de main-d'œuvre : les prestations qui mobilisent de la main-d'œuvre "
        "sont les plus à même de porter des heures d'insertion.",
        (cite(IGAS_2016, "1401-1408"), cite(IGAS_2016, "468-473")),
    ),
    _reco(
        "duree-longue-critere",
        "Contrat long : combiner condition d'exécution et critère d'attribution",
        Fact("contrat").eq("marche") & Fact("duree_longue").is_true(),
        ("condition_execution", "critere_attribution"),
        "Contrat d'exécution longue, propice à l'insertion durable : combiner la condition "
        "d'exécution avec un critère d'attribution qui fait expliciter la stratégie "
        "d'insertion du candidat.",
        (cite(IGAS_2016, "3507-3514"),),
    ),
    _reco(
        "concession-combinaison",
        "Concession : combiner condition d'exécution et critère d'attribution",
        Fact("contrat").eq("concession"),
        ("condition_execution", "critere_attribution"),
        "Contrat de concession, de longue durée : la voie privilégiée est la combinaison de "
        "la condition d'exécution et du critère d'attribution.",
        (cite(IGAS_2016, "3515-3520"), cite(IGAS_2016, "627-629")),
        validity=Validity(date(2016, 4, 1)),
    ),
    _reco(
        "segment-reservable",
        "Lot propice aux structures : envisager une réservation",
        Fact("segment_reservable").is_true(),
        ("reserve_siae", "reserve_ea_esat", "reserve_ea_esat_siae"),
        "Lot d'un segment où interviennent couramment les structures d'insertion et du "
        "travail protégé (nettoyage, espaces verts, déchets, restauration…) : une "
        "réservation de lot est envisageable après sourçage des structures.",
        (cite(IGAS_2016, "1028-1034"), cite(DREETS_HDF_2025, "455-465")),
        vigilance=(
            "Avant de réserver un lot, recenser les structures capables d'y répondre pour "
            "éviter une consultation infructueuse.",
        ),
    ),
    _reco(
        "prestations-intellectuelles",
        "Prestations intellectuelles : clause d'insertion avec des publics adaptés",
        Fact("nature").eq("prestations_intellectuelles"),
        ("condition_execution",),
        "Prestations intellectuelles : la clause est possible si elle vise des publics "
        "adaptés (jeunes diplômés sans réseau, seniors ou personnes en rupture de parcours, "
        "personnes handicapées) ; insertion ne rime pas forcément avec bas niveau de "
        "qualification.",
        (cite(AVISE_PI_2013, "136"), cite(AVISE_PI_2013, "185"), cite(AVISE_PI_2013, "237")),
        vigilance=(
            "Prestations intellectuelles : calibrer un objectif d'heures raisonnable et "
            "préparer les fiches de poste avec le titulaire et le facilitateur.",
        ),
    ),
)
