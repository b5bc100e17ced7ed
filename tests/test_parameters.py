"""Dated parameters read from YAML (``clauserules/rules/parametres``) and their checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from clauserules.core.parameters import (
    Parameter,
    Period,
    check_parameters,
    load_parameter,
    load_parameters,
)
from clauserules.core.rulebase import Citation, Nature, Source, Validity
from clauserules.errors import (
    InvalidValidityError,
    OverlappingValidityError,
    RuleBaseError,
    RuleWithoutSourceError,
    UnknownSourceError,
)
from clauserules.rules import heures, seuils
from clauserules.rules.sources import CATALOGUE
from clauserules.vocabulaire import CategorieSeuil

SOURCE = Source(id="texte", title="Un texte", nature=Nature.DECRET)
CATALOG = {SOURCE.id: SOURCE}

GOOD = """\
description: Un montant
unit: EUR
values:
  2020-01-01:
    value: 0.40
    reference:
      source: texte
      lines: "10-12"
  2022-01-01:
    value: 100_000
    reference:
      - source: texte
        article: L1
      - source: texte
    incertain: true
    note: Rappelé de mémoire.
  2024-01-01:
    value: null
"""


def _write(tmp_path: Path, text: str, name: str = "montant.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_parameter_file_gives_dated_periods(tmp_path: Path) -> None:
    parameter = load_parameter(_write(tmp_path, GOOD), "x.montant", CATALOG)
    assert parameter.id == "x.montant"
    assert (parameter.title, parameter.unit) == ("Un montant", "EUR")
    first, second = parameter.periods
    assert first.validity == Validity(date(2020, 1, 1), date(2022, 1, 1))
    assert str(first.value) == "0.40", "numbers are read exactly, as written"
    assert first.sources == (Citation(SOURCE, lines="10-12"),)
    assert not first.uncertain
    assert first.note is None
    assert second.validity == Validity(date(2022, 1, 1), date(2024, 1, 1)), "null ends it"
    assert second.value == Decimal(100_000)
    assert second.sources == (Citation(SOURCE, article="L1"), Citation(SOURCE))
    assert second.uncertain
    assert second.note == "Rappelé de mémoire."
    assert parameter.at(date(2024, 1, 1)) is None


def test_ids_follow_the_folders(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    _write(tmp_path / "a" / "b", GOOD, "c.yaml")
    _write(tmp_path, GOOD, "d.yaml")
    assert list(load_parameters(tmp_path, CATALOG, namespace="n")) == ["n.a.b.c", "n.d"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param(
            GOOD.replace("    value: 0.40", "    valeur: 0.40"),
            "values.2020-01-01",
            id="unknown key",
        ),
        pytest.param(
            GOOD.replace("value: 0.40", "value: oui"), "values.2020-01-01.value", id="not a number"
        ),
        pytest.param(
            GOOD.replace("value: 0.40", "value: true"), "values.2020-01-01.value", id="boolean"
        ),
        pytest.param(GOOD.replace("unit: EUR\n", ""), "unit", id="missing unit"),
        pytest.param(
            GOOD.replace("  2020-01-01:", "  2020-1-1:"), "values.2020-1-1", id="not a date"
        ),
        pytest.param(
            GOOD.replace("    incertain: true", "    incertain: oui"), "incertain", id="incertain"
        ),
        pytest.param("values: [\n", "not valid YAML", id="syntax"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, text: str, where: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(RuleBaseError) as raised:
        load_parameter(path, "x.montant", CATALOG)
    assert str(path) in str(raised.value)
    assert where in str(raised.value)


def test_a_date_given_twice_is_an_overlap(tmp_path: Path) -> None:
    text = GOOD + "  2020-01-01:\n    value: 1\n    reference:\n      source: texte\n"
    path = _write(tmp_path, text)
    with pytest.raises(OverlappingValidityError, match="2020-01-01") as raised:
        load_parameter(path, "x.montant", CATALOG)
    assert str(path) in str(raised.value)


def test_a_value_without_reference_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace('    reference:\n      source: texte\n      lines: "10-12"\n', "")
    path = _write(tmp_path, text)
    with pytest.raises(RuleWithoutSourceError, match=r"values\.2020-01-01") as raised:
        load_parameter(path, "x.montant", CATALOG)
    assert str(path) in str(raised.value)


def test_a_reference_outside_the_catalogue_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path, GOOD.replace("source: texte\n      lines", "source: autre\n      lines")
    )
    with pytest.raises(UnknownSourceError, match="'autre'") as raised:
        load_parameter(path, "x.montant", CATALOG)
    assert str(path) in str(raised.value)


def _period(
    start: date, end: date | None, *, sources: tuple[Citation, ...] = (Citation(SOURCE),)
) -> Period:
    return Period(validity=Validity(start, end), value=Decimal(1), sources=sources)


def test_parameters_reuse_the_checks_of_the_rule_base() -> None:
    with pytest.raises(OverlappingValidityError, match="versions of parameter 'p' overlap"):
        Parameter("p", "P", "u", (_period(date(2020, 1, 1), None), _period(date(2021, 1, 1), None)))
    with pytest.raises(InvalidValidityError, match="parameter 'p': validity"):
        Parameter("p", "P", "u", (_period(date(2020, 1, 1), date(2019, 1, 1)),))
    with pytest.raises(RuleWithoutSourceError, match="parameter 'p' has no source"):
        Parameter("p", "P", "u", (_period(date(2020, 1, 1), None, sources=()),))
    parameter = Parameter("p", "P", "u", (_period(date(2020, 1, 1), None),))
    with pytest.raises(UnknownSourceError, match="parameter 'p' cites 'texte'"):
        check_parameters({"p": parameter}, CATALOGUE)


def test_the_packaged_parameters_load_and_cite_the_catalogue() -> None:
    check_parameters(seuils.PARAMETERS, CATALOGUE)
    check_parameters(heures.PARAMETERS, CATALOGUE)
    assert set(seuils.SEUILS) == set(CategorieSeuil)
    assert str(heures.PART_MAIN_OEUVRE["travaux"].require(date(2026, 1, 1)).value) == "0.40"


def test_verified_thresholds_are_not_flagged_uncertain() -> None:
    """Every value 2016-2027 was verified by the legal audit of November 2026 (ADR 0053)."""
    uncertain = {
        (categorie, period.validity.start.year)
        for categorie, parameter in seuils.SEUILS.items()
        for period in parameter.periods
        if period.uncertain
    }
    assert uncertain == set()


def test_anru_rates_change_only_where_a_rule_version_starts() -> None:
    """Each version of an ANRU rule reads one rate: a new value needs a new rule version."""
    from clauserules.rules import rulebase

    bounds = set()
    for rule in rulebase().of_topic(heures.TOPIC_ANRU):
        bounds |= {rule.validity.start, rule.validity.end}
    for parameter in heures.ANRU.values():
        for period in parameter.periods:
            assert {period.validity.start, period.validity.end} <= bounds, parameter.id
