"""Insertion hours: the IGAS example, defaults, rounding, monotonicity, bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clauserules import estimate_hours
from clauserules.errors import InvalidInputError
from clauserules.rules import heures

AT = date(2026, 11, 22)

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
fractions = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)
costs = st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2, allow_nan=False)


def test_igas_worked_example_gives_800_hours() -> None:
    hours = estimate_hours(
        Decimal(1_200_000),
        at=AT,
        part_main_oeuvre=Decimal("0.40"),
        cout_horaire=Decimal(30),
        taux_insertion=Decimal("0.05"),
    )
    assert hours.value == Decimal(800)
    assert hours.heures_travaillees == Decimal(16_000)
    assert hours.method == "main_oeuvre"
    assert all(p.origin == "lot" for p in hours.parameters.values())


@pytest.mark.parametrize(
    ("nature", "share"),
    [
        ("travaux", "0.40"),
        ("services", "0.60"),
        ("fournitures", "0.10"),
        ("prestations_intellectuelles", "0.60"),
    ],
)
def test_defaults_by_nature_are_dated_parameters(nature: str, share: str) -> None:
    hours = estimate_hours(1_000_000, at=AT, nature=nature)
    parameter = hours.parameters["part_main_oeuvre"]
    assert parameter.origin == "defaut"
    assert parameter.value == Decimal(share)
    assert parameter.parameter == heures.PART_MAIN_OEUVRE[nature].id
    assert parameter.citation
    assert "003_7f42dc19c6252b60.txt:3386-3387" in parameter.citation
    assert hours.parameters["cout_horaire"].value == Decimal(30)
    assert hours.parameters["taux_insertion"].value == Decimal("0.05")
    assert hours.value == (Decimal(1_000_000) * Decimal(share) / 30 * Decimal("0.05")).quantize(1)


def test_defaults_are_not_in_force_before_the_coverage() -> None:
    with pytest.raises(InvalidInputError) as info:
        estimate_hours(1000, at=date(2005, 1, 1), nature="travaux")
    assert "part_main_oeuvre" in info.value.fields


def test_ratio_method() -> None:
    hours = estimate_hours(220_000, at=AT, nature="services", euros_par_heure=Decimal(571))
    assert hours.method == "ratio_montant"
    assert hours.value == Decimal(385)  # 220 000 / 571 = 385.29 (Gironde lot 1 order of size)
    assert "taux_insertion" not in hours.parameters


def test_rounding_half_up_to_the_whole_hour() -> None:
    def h(amount: str) -> Decimal:
        return estimate_hours(
            amount, at=AT, part_main_oeuvre="1", cout_horaire="1", taux_insertion="1"
        ).value

    assert h("2.5") == 3
    assert h("2.49") == 2
    assert h("0.5") == 1
    assert h("0.49") == 0


def test_anru_minimum_is_reported_when_hours_fall_below() -> None:
    low = estimate_hours(
        1_200_000, at=AT, nature="travaux", taux_insertion="0.04", financement_anru="investissement"
    )
    assert low.minimum_anru == 800
    assert any("inférieures au minimum de l'ANRU" in v for v in low.vigilance)
    assert low.rules == ("heures.anru.investissement",)
    ok = estimate_hours(1_200_000, at=AT, nature="travaux", financement_anru="investissement")
    assert not any("inférieures" in v for v in ok.vigilance)
    gup = estimate_hours(
        1_200_000, at=AT, nature="travaux", financement_anru="gestion_urbaine_proximite"
    )
    assert gup.minimum_anru == 1600
    assert any("inférieures" in v for v in gup.vigilance)


def test_no_anru_rule_without_anru_funding() -> None:
    hours = estimate_hours(1_200_000, at=AT, nature="travaux")
    assert hours.minimum_anru is None
    assert hours.rules == ()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"montant_estime_ht": -1, "nature": "travaux"}, "montant_estime_ht"),
        (
            {"montant_estime_ht": 10, "nature": "travaux", "taux_insertion": "1.01"},
            "taux_insertion",
        ),
        (
            {"montant_estime_ht": 10, "nature": "travaux", "part_main_oeuvre": "-0.1"},
            "part_main_oeuvre",
        ),
        ({"montant_estime_ht": 10, "nature": "travaux", "cout_horaire": "0"}, "cout_horaire"),
        (
            {"montant_estime_ht": 10, "nature": "travaux", "euros_par_heure": "-3"},
            "euros_par_heure",
        ),
        ({"montant_estime_ht": "NaN", "nature": "travaux"}, "montant_estime_ht"),
        ({"montant_estime_ht": 10, "nature": "bois"}, "nature"),
        (
            {"montant_estime_ht": 10, "nature": "travaux", "financement_anru": "oui"},
            "financement_anru",
        ),
        ({"montant_estime_ht": 10}, "part_main_oeuvre"),
    ],
)
def test_bad_input(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        estimate_hours(at=AT, **kwargs)  # type: ignore[arg-type]
    assert info.value.fields == (field,)


@settings(max_examples=200, deadline=None)
@given(amounts, amounts, fractions, costs, fractions)
def test_hours_never_decrease_when_the_amount_grows(
    a: Decimal, b: Decimal, share: Decimal, cost: Decimal, rate: Decimal
) -> None:
    low, high = sorted((a, b))
    kw = {"at": AT, "part_main_oeuvre": share, "cout_horaire": cost, "taux_insertion": rate}
    assert estimate_hours(low, **kw).value <= estimate_hours(high, **kw).value  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(amounts, fractions, fractions, costs, fractions)
def test_hours_never_decrease_when_the_labour_share_grows(
    amount: Decimal, s1: Decimal, s2: Decimal, cost: Decimal, rate: Decimal
) -> None:
    low, high = sorted((s1, s2))
    kw = {"at": AT, "cout_horaire": cost, "taux_insertion": rate}
    assert (
        estimate_hours(amount, part_main_oeuvre=low, **kw).value  # type: ignore[arg-type]
        <= estimate_hours(amount, part_main_oeuvre=high, **kw).value  # type: ignore[arg-type]
    )


@settings(max_examples=200, deadline=None)
@given(amounts, fractions, costs, fractions, fractions)
def test_hours_never_decrease_when_the_rate_grows(
    amount: Decimal, share: Decimal, cost: Decimal, r1: Decimal, r2: Decimal
) -> None:
    low, high = sorted((r1, r2))
    kw = {"at": AT, "part_main_oeuvre": share, "cout_horaire": cost}
    assert (
        estimate_hours(amount, taux_insertion=low, **kw).value  # type: ignore[arg-type]
        <= estimate_hours(amount, taux_insertion=high, **kw).value  # type: ignore[arg-type]
    )


@settings(max_examples=100, deadline=None)
@given(fractions, costs, fractions, st.sampled_from(["travaux", "services", "fournitures"]))
def test_zero_amount_gives_zero_hours(
    share: Decimal, cost: Decimal, rate: Decimal, nature: str
) -> None:
    assert (
        estimate_hours(
            0, at=AT, part_main_oeuvre=share, cout_horaire=cost, taux_insertion=rate
        ).value
        == 0
    )
    assert estimate_hours(0, at=AT, nature=nature).value == 0
    assert estimate_hours(0, at=AT, nature=nature, euros_par_heure=cost).value == 0


@settings(max_examples=100, deadline=None)
@given(amounts, fractions, costs, fractions)
def test_hours_are_whole_and_within_half_an_hour_of_the_exact_value(
    amount: Decimal, share: Decimal, cost: Decimal, rate: Decimal
) -> None:
    hours = estimate_hours(
        amount, at=AT, part_main_oeuvre=share, cout_horaire=cost, taux_insertion=rate
    )
    assert hours.value == hours.value.to_integral_value()
    assert abs(hours.value - amount * share / cost * rate) <= Decimal("0.5")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"montant_estime_ht": True, "nature": "travaux"}, "montant_estime_ht"),
        ({"montant_estime_ht": "1,5", "nature": "travaux"}, "montant_estime_ht"),
        ({"montant_estime_ht": 10, "nature": "travaux", "cout_horaire": "inf"}, "cout_horaire"),
        (
            {"montant_estime_ht": 10, "nature": "travaux", "part_main_oeuvre": []},
            "part_main_oeuvre",
        ),
    ],
)
def test_arguments_are_validated_with_the_types_of_a_lot(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        estimate_hours(at=AT, **kwargs)  # type: ignore[arg-type]
    assert info.value.fields == (field,)
    assert info.value.subject == "hours"


def test_every_bad_argument_is_reported_at_once() -> None:
    with pytest.raises(InvalidInputError) as info:
        estimate_hours(-1, at=AT, nature="bois", taux_insertion="2")  # type: ignore[arg-type]
    assert info.value.fields == ("montant_estime_ht", "nature", "taux_insertion")


@pytest.mark.parametrize("at", ["2026-02-30", "20260316", "16/03/2026", None])
def test_a_bad_date_names_at(at: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        estimate_hours(1000, at=at, nature="travaux")  # type: ignore[arg-type]
    assert info.value.fields == ("at",)


def test_lots_and_estimate_hours_share_their_bounds() -> None:
    """A value the Lot model refuses, estimate_hours refuses too, and vice versa."""
    from pydantic import ValidationError

    from clauserules.plan import Lot

    for field, value in [
        ("part_main_oeuvre", "1.5"),
        ("taux_insertion", "-0.01"),
        ("cout_horaire", "0"),
        ("euros_par_heure", "-1"),
    ]:
        with pytest.raises(ValidationError):
            Lot.model_validate({"id": "1", "intitule": "x", "montant_estime_ht": 10, field: value})
        with pytest.raises(InvalidInputError):
            estimate_hours(10, at=AT, nature="travaux", **{field: value})  # type: ignore[arg-type]
