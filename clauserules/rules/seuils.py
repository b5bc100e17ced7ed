"""Seuils européens de procédure, paramètres datés par période, catégorie d'acheteur et nature.

Les seuils changent tous les deux ans au 1er janvier des années paires (règlements délégués
de la Commission, repris dans l'avis annexé au CCP, annexe 2) ; ils s'appliquent aux
consultations lancées pendant la période. Chaque catégorie est un :class:`Parameter` ;
les valeurs rappelées de mémoire sont marquées ``uncertain`` et leur source le dit
(``shared/research/legal_current.md`` §3.1, U10).

Le choix de la catégorie (acheteur central ou non, entité adjudicatrice, défense,
services sociaux et spécifiques, travaux et concessions) est fait par les règles du thème
``seuils`` ci-dessous, évaluées sur les faits ``contrat``, ``nature``, ``type_acheteur``,
``defense_securite`` et ``services_sociaux_specifiques``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clauserules.core.expr import Expr, Fact
from clauserules.core.parameters import Parameter, Period
from clauserules.core.rulebase import Citation, Rule, Source, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    SEUILS_2016_2017,
    SEUILS_2018_2019,
    SEUILS_2020_2021,
    SEUILS_2022_2023,
    SEUILS_2024_2025,
    SEUILS_2026_2027,
)
from clauserules.vocabulaire import CategorieSeuil

TOPIC = "seuils"


# period source, start year, values by category (€ HT), recalled?
_TABLE: tuple[tuple[Source, int, tuple[int, int, int, int], bool], ...] = (
    (SEUILS_2016_2017, 2016, (135_000, 209_000, 418_000, 5_225_000), True),
    (SEUILS_2018_2019, 2018, (144_000, 221_000, 443_000, 5_548_000), True),
    (SEUILS_2020_2021, 2020, (139_000, 214_000, 428_000, 5_350_000), True),
    (SEUILS_2022_2023, 2022, (140_000, 215_000, 431_000, 5_382_000), True),
    (SEUILS_2024_2025, 2024, (143_000, 221_000, 443_000, 5_538_000), False),
    (SEUILS_2026_2027, 2026, (140_000, 216_000, 432_000, 5_404_000), False),
)
_ORDER = (
    CategorieSeuil.FCS_CENTRAL,
    CategorieSeuil.FCS_AUTRES,
    CategorieSeuil.FCS_EA_DEFENSE,
    CategorieSeuil.TRAVAUX_CONCESSIONS,
)
_NOTE_2022 = "140 000 € (central) et 431 000 € (entités adjudicatrices) rappelés de mémoire (U10)."


def _validity(year: int, last: bool) -> Validity:
    return Validity(date(year, 1, 1), None if last else date(year + 2, 1, 1))


def _period(source: Source, year: int, value: int, uncertain: bool, last: bool) -> Period:
    note = _NOTE_2022 if year == 2022 and uncertain else None
    return Period(
        validity=_validity(year, last),
        value=Decimal(value),
        sources=(Citation(source),),
        note=note or (source.note if uncertain else None),
        uncertain=uncertain,
    )


def _category(index: int, categorie: CategorieSeuil) -> Parameter:
    periods = []
    for position, (source, year, values, recalled) in enumerate(_TABLE):
        uncertain = recalled and not (year == 2022 and index in (1, 3))
        last = position == len(_TABLE) - 1
        periods.append(_period(source, year, values[index], uncertain, last))
    return Parameter(
        id=f"seuils.europeens.{categorie.value.replace('_', '-')}",
        title=f"Seuil européen — {categorie.label}",
        unit="EUR HT",
        periods=tuple(periods),
    )


def _constant(categorie: CategorieSeuil, value: int) -> Parameter:
    # Fixed amounts of directives 2014/24 (art. 4 d) and 2014/25 (art. 15 c), never revised.
    periods = tuple(
        Period(
            validity=_validity(year, position == len(_TABLE) - 1),
            value=Decimal(value),
            sources=(Citation(source),),
        )
        for position, (source, year, _values, _recalled) in enumerate(_TABLE)
    )
    return Parameter(
        id=f"seuils.europeens.{categorie.value.replace('_', '-')}",
        title=f"Seuil européen — {categorie.label}",
        unit="EUR HT",
        periods=periods,
    )


SEUILS: dict[CategorieSeuil, Parameter] = {
    **{cat: _category(i, cat) for i, cat in enumerate(_ORDER)},
    CategorieSeuil.SERVICES_SOCIAUX: _constant(CategorieSeuil.SERVICES_SOCIAUX, 750_000),
    CategorieSeuil.SERVICES_SOCIAUX_EA: _constant(CategorieSeuil.SERVICES_SOCIAUX_EA, 1_000_000),
}
"""The threshold parameter of each category."""

PARAMETERS: dict[str, Parameter] = {p.id: p for p in SEUILS.values()}


def seuil(categorie: CategorieSeuil, day: date) -> Period | None:
    """The European threshold of ``categorie`` for a consultation launched on ``day``."""
    return SEUILS[categorie].at(day)


# --- Choice of the category (rules) -----------------------------------------------------

COVERAGE = Validity(date(2016, 1, 1))
_AVIS = cite(CCP_LEGISLATIF, article="L2124-1 et avis annexé (annexe 2) relatif aux seuils")
_FCS = ("fournitures", "services", "prestations_intellectuelles")
_POUVOIRS_NON_CENTRAUX = (
    "collectivite",
    "etablissement_public",
    "etablissement_sante",
    "bailleur_social",
    "autre",
)
_NON_SSS = Fact("services_sociaux_specifiques").eq(False)
_NON_DEFENSE = Fact("defense_securite").eq(False)
_MARCHE = Fact("contrat").eq("marche")


def _rule(
    name: str,
    title: str,
    when: Expr,
    categorie: CategorieSeuil,
    *,
    interpretations: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=f"seuils.categorie.{name}",
        title=title,
        topic=TOPIC,
        sources=(_AVIS,),
        validity=COVERAGE,
        when=when,
        then={"categorie": categorie.value},
        interpretations=interpretations,
    )


RULES: tuple[Rule, ...] = (
    _rule(
        "travaux-concessions",
        "Travaux et contrats de concession : seuil des travaux",
        Fact("contrat").eq("concession") | (_MARCHE & Fact("nature").eq("travaux")),
        CategorieSeuil.TRAVAUX_CONCESSIONS,
    ),
    _rule(
        "services-sociaux",
        "Services sociaux et autres services spécifiques d'un pouvoir adjudicateur",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & Fact("services_sociaux_specifiques").is_true()
        & Fact("type_acheteur").one_of("etat", *_POUVOIRS_NON_CENTRAUX),
        CategorieSeuil.SERVICES_SOCIAUX,
        interpretations=(
            "Pour l'obligation de l'art. L2112-2-1, le seuil des services sociaux et "
            "spécifiques (750 000 €) est retenu pour ces services : point non tranché par "
            "une source (legal_current U13).",
        ),
    ),
    _rule(
        "services-sociaux-ea",
        "Services sociaux et autres services spécifiques d'une entité adjudicatrice",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & Fact("services_sociaux_specifiques").is_true()
        & Fact("type_acheteur").eq("entite_adjudicatrice"),
        CategorieSeuil.SERVICES_SOCIAUX_EA,
    ),
    _rule(
        "fcs-central",
        "Fournitures et services de l'État (autorité publique centrale)",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & _NON_SSS
        & _NON_DEFENSE
        & Fact("type_acheteur").eq("etat"),
        CategorieSeuil.FCS_CENTRAL,
    ),
    _rule(
        "fcs-autres",
        "Fournitures et services des autres pouvoirs adjudicateurs",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & _NON_SSS
        & _NON_DEFENSE
        & Fact("type_acheteur").one_of(*_POUVOIRS_NON_CENTRAUX),
        CategorieSeuil.FCS_AUTRES,
        interpretations=(
            "Les établissements publics, de santé, bailleurs sociaux et autres acheteurs sont "
            "rangés parmi les pouvoirs adjudicateurs non centraux ; un établissement public "
            "de l'État figurant sur la liste des autorités centrales relève du seuil central.",
        ),
    ),
    _rule(
        "fcs-ea-defense",
        "Fournitures et services d'une entité adjudicatrice, ou marché de défense ou de sécurité",
        _MARCHE
        & Fact("nature").one_of(*_FCS)
        & _NON_SSS
        & (Fact("type_acheteur").eq("entite_adjudicatrice") | Fact("defense_securite").is_true()),
        CategorieSeuil.FCS_EA_DEFENSE,
    ),
)
