"""Swedish number formats, exactly as shown on screen, in images and on slides."""
import pytest

from lagesbild import fmt
from lagesbild.fmt import NBSP


# --- numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12345.678, 1, f"12{NBSP}345,7"),
        (1234567, 0, f"1{NBSP}234{NBSP}567"),
        (-1234.5, 1, f"\u22121{NBSP}234,5"),
        (-3.25, 2, "\u22123,25"),
        (0.5, 2, "0,50"),
        (-0.04, 0, "0"),
        (999, 0, "999"),
        (float("nan"), 0, "–"),
        (None, 1, "–"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (23, 0, f"23{NBSP}%"),
        (23.44, 1, f"23,4{NBSP}%"),
        (-5, 0, f"\u22125{NBSP}%"),
        (float("nan"), 0, "–"),
    ],
)
def test_percent(value, decimals, expected):
    assert fmt.percent(value, decimals) == expected


def test_english_formats():
    assert fmt.number(12345.678, 1, "en") == "12,345.7"
    assert fmt.number(-3.25, 2, "en") == "\u22123.25"


def test_swedish_alphabetical_order():
    names = ["Östermark", "Ängsby", "Åsbacka", "Zeta", "Ekbacka"]
    assert sorted(names, key=fmt.sv_sort_key) == ["Ekbacka", "Zeta", "Åsbacka", "Ängsby", "Östermark"]


def test_a_wrapping_page_never_breaks_a_number_a_date_or_a_unit():
    """Issue 27: '100 000' and dates broke across lines in PDFs."""
    nb = fmt.NBSP
    assert fmt.keep_together("per 100 000 inv.") == f"per 100{nb}000{nb}inv."
    assert fmt.keep_together("startade 1 april 2024") == f"startade 1{nb}april{nb}2024"
    assert fmt.keep_together("95 % KI 21–25 % (n = 18), 7 144 kr") == f"95{nb}%{nb}KI 21–25{nb}% (n{nb}={nb}18), 7{nb}144{nb}kr"
    assert fmt.keep_together("2016 och 2017, 12 år") == "2016 och 2017, 12 år"
