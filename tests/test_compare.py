"""One wording for every comparison and trend (issue 24): the words follow the tests, checkable by hand."""
import pytest

from lagesbild import compare
from lagesbild.evidence import Change, PeriodChange


def test_versus_a_level_by_the_funnels_own_limits():
    # 100 expected among 10 000 at 1 %: 150 is far above (even 99,8 %), 110 is chance, 70 below.
    assert compare.versus(150, 10_000, 0.01, "rate", 100_000, "Riket").text().replace("\xa0", " ") == \
        "tydligt högre än Riket (150 händelser bland 10 000 invånare)"
    assert compare.versus(110, 10_000, 0.01, "rate", 100_000, "Riket").word == "same"
    low = compare.versus(78, 10_000, 0.01, "rate", 100_000, "länet")
    assert (low.word, low.strong) == ("lower", False)   # outside 95 %, inside 99,8 %
    assert compare.versus(300, 1000, 0.25, "share", 100, "gruppen").text("en").replace("\xa0", " ") == \
        "clearly higher than gruppen (300 of 1,000 respondents)"


def test_a_five_year_trend_by_hand():
    years = [2020, 2021, 2022, 2023, 2024]
    flat = compare.trend(years, [100, 100, 100, 100, 100], [1e4] * 5)
    assert flat.word == "unchanged" and flat.change == pytest.approx(0.0)
    rising = compare.trend(years, [100, 121, 146, 177, 214], [1e4] * 5)   # +21 % a year
    assert rising.word == "increase" and rising.change == pytest.approx(21.0, abs=0.5)
    few = compare.trend(years, [12, 15, 9, 14, 11], [1e4] * 5)
    assert few.text() == "för få händelser för att bedöma 2020–2024 (12 första året, 11 sista)"


def test_periods_in_one_line():
    up = PeriodChange("2024", "2019", Change(12.0, 4.0, 20.0, "%"), (100, 112))
    same = PeriodChange("2024", "2022", Change(3.0, -5.0, 11.0, "%"), (109, 112))
    assert compare.periods_text("2024", [up, same]) == "2024: större än 2019, men skiljer sig inte från 2022"
