"""How recent each source is, and which are late for their rhythm (issue 26): on the demo store, whose data
were retrieved on 20 November 2026 — Brå's months to September 2026, incident exports to December 2025,
personrån and violence outdoors to 2024, NTU's pooled periods to 2023–2024."""
from datetime import date

import pandas as pd
import pytest

from lagesbild import est, freshness
from lagesbild.errors import LagesbildError
from lagesbild.store import read_store

DEC = date(2026, 12, 6)


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


def by_what(items):
    return {item.what: item for item in items}


def test_a_yearly_figure_is_late_once_the_next_years_was_due(store):
    items = by_what(freshness.indicators(store, "9901", ["N07540", "N07543", "N07609"], DEC))
    crime, robbery, ntu = items["brott totalt"], items["personrån"], items["NTU – otrygga ute sen kväll i sitt bostadsområde"]
    assert (crime.latest, crime.preliminary, crime.late) == ("2025", True, False)   # 2026 is due by 1 July 2027
    assert (robbery.latest, robbery.late) == ("2024", True)                           # 2025 was due by 1 July 2026
    assert robbery.text() == "personrån: 2024 – uppgifter för 2025 borde ha publicerats senast 1 juli 2026"
    # NTU pools two years every other year: after 2023–2024 comes 2025–2026, due by 1 July 2027.
    assert (ntu.latest, ntu.late) == ("2023–2024", False)
    assert not by_what(freshness.indicators(store, "9901", ["N07543"], date(2026, 6, 30)))["personrån"].late


def test_a_monthly_source_is_late_when_more_than_two_months_old(store):
    months, areas = freshness.crime_months(store, "9901", DEC), freshness.incidents(store, "9901", DEC)
    assert (months.latest, months.months_old, months.late) == ("september 2026", 3, True)
    assert (areas.latest, areas.months_old, areas.late) == ("december 2025", 12, True)
    assert areas.text() == ("händelser per område: till och med december 2025 – senaste månaden var för 12 månader "
                            "sedan, nya brukar komma inom två månader")
    assert not freshness.crime_months(store, "9901", date(2026, 11, 30)).late          # September in November: on time
    assert freshness.incidents(store, "9905", DEC) is None                              # Tallmo has no incident export


def test_summary_groups_sources_of_the_same_age_and_the_warning_names_only_the_late(store):
    items = freshness.of(store, "9901", DEC, "en", ["N07543", "bra_vald_utomhus", "N00610"], months=True)
    assert freshness.on_time(items, "en") == "How recent the figures are: feel safe outdoors where they live after dark: 2025."
    assert freshness.late(items, "en") == (
        "Older than usual – robbery of persons and violent crime outdoors against adults: 2024 – figures for 2025 were due "
        "by 1 July 2026; reported crime month by month: up to September 2026 – the latest month was 3 months ago, new ones "
        "usually come within two months.")


def test_the_monthly_brief_can_be_made_for_any_month_with_data_and_says_what_it_lacks(store):
    """May 2026: Brå's months have it, the incident export (to December 2025) does not."""
    brief = est.monthly_brief(store, "9901", pd.Timestamp("2026-05-01"))
    months = est.crime_months(store, "9901")
    row = brief.crime.iloc[0]
    assert row["maj 2026"] == f"{months[pd.Timestamp('2026-05-01')]:,.0f}".replace(",", "\u00a0")
    assert row["maj 2025"] == f"{months[pd.Timestamp('2025-05-01')]:,.0f}".replace(",", "\u00a0")
    assert brief.areas.empty
    assert brief.missing == ("Händelser per område saknas för maj 2026: den senaste händelseexporten slutar i dec 2025.",)
    assert est.brief_months(store, "9901")[0] == pd.Timestamp("2026-09-01")
    with pytest.raises(LagesbildError) as info:
        est.monthly_brief(store, "9901", pd.Timestamp("2026-11-01"))
    assert info.value.message("sv") == ("Det finns inga uppgifter för Ekbacka nov 2026: händelser per område finns för "
                                        "jan 2021–dec 2025, anmälda brott per månad för jan 2025–sep 2026.")
