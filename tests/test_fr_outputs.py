"""The French texts of the ledger, the web pages and the eForms export format their figures
with ``clauserules._fr`` (ADR 0040): same figures as before, computed plurals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from clauserules import count_hours
from clauserules.ledger.readers import read_parcours
from clauserules.ledger.text import ledger_text
from clauserules.publication.eforms import _num
from clauserules.web.rendering import _fr_date, _fr_number, _pct, _pluriel

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "parcours"


def test_ledger_text_agrees_its_plurals_and_keeps_its_figures() -> None:
    text = ledger_text(count_hours(read_parcours(EXAMPLE)))
    first, *rest = text.splitlines()
    assert first == "Décompte des heures d'insertion — 3 marchés, 4 personnes, 12 lignes d'heures"
    assert "  Heures dues (après proratisation) : 3 500,00 h" in rest
    assert "  Pénalités : 47 099,40 €" in rest
    assert "(s)" not in text


def test_ledger_text_lists_at_most_limit_markets_and_says_how_many_more() -> None:
    ledger = count_hours(read_parcours(EXAMPLE))
    assert "  … et 2 autres marchés" in ledger_text(ledger, limit=1).splitlines()
    assert "  … et 1 autre marché" in ledger_text(ledger, limit=2).splitlines()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1200"), "1\u202f200"),
        (Decimal("1234.5"), "1\u202f234,50"),
        (3, "3"),
        ("-0.001", "0"),  # never « -0 » (ADR 0040)
    ],
)
def test_web_numbers(value: object, expected: str) -> None:
    assert _fr_number(value) == expected


def test_web_percentages_dates_and_plurals() -> None:
    assert _pct(Decimal("0.045")) == "4,50 %"
    assert _pct("0.05") == "5 %"
    assert _fr_date(date(2026, 8, 1).isoformat()) == "01/08/2026"
    assert _fr_date("bientôt") == "bientôt"
    # the figure is held to its noun (no line break), as its digits are held together
    assert _pluriel(1, "marché") == "1\u202fmarché"
    assert _pluriel(1500, "ligne") == "1\u202f500\u202flignes"


def test_eforms_hours() -> None:
    assert (_num(Decimal("1200.00")), _num(Decimal("1234.5"))) == ("1 200", "1 234,50")
