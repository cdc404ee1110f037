"""Kolada's comparison groups (issue 24): fetched with the values, kept in the store, exported one row per member,
and compared with as Kolada does (the members' unweighted mean) and as the kommun's place among them."""
import subprocess
import sys

import pytest

from etl import fetch
from lagesbild import analysis
from lagesbild.store import read_store
from tests.conftest import ROOT
from tests.kolada_standin import Standin


def test_a_fetch_keeps_the_groups_of_the_kommuner_fetched(tmp_path):
    with Standin() as kolada:
        fetch.fetch_kolada(tmp_path, ["0685"], ["N07540"], 2022, 2023,
                           fetch.KoladaClient(kolada.url, attempts=2, backoff=0.1))
    assert any(p.startswith("/v3/municipality_groups") for p in kolada.requests)
    # the members of Vetlanda's groups are fetched with it, for the group's level and Vetlanda's place in it
    data = [p for p in kolada.requests if p.startswith("/v3/data/")]
    assert all("/municipality/0685,0006,0000,0604,0682,0684,0686/" in p for p in data), data
    store = read_store(tmp_path)
    groups = store.groups
    # Höglandskommunerna has Vetlanda; the stand-in's Värnamo group is no kommun of this store's own and is left out.
    assert set(groups["group_id"]) == {"G168177"}
    assert groups["member_code"].tolist() == ["0604", "0682", "0684", "0685", "0686"]
    out = subprocess.run([sys.executable, "-m", "etl", "export", "--data-dir", str(tmp_path), "--table", "groups"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "group_id,title,member_code" and out[1] == "G168177,Höglandskommunerna (ovägt medel),0604"


def test_the_demos_groups_and_the_kommuns_place_among_them(demo_dir):
    store = read_store(demo_dir)
    first = analysis.groups_of(store, "9901")[0]
    assert first.id == "G990001" and first.title("sv").startswith("Liknande kommuner socioekonomi, Ekbacka")
    assert "9901" not in first.members   # named after Ekbacka, listing the kommuner like it
    # Ekbacka is in Hagaström's group too, but that is Hagaström's; the förbund's lists it
    assert [g.id for g in analysis.groups_of(store, "9901")] == ["G990001", "exempel_stad", "G990099"]
    place = analysis.group_place(store, "9901", "N07540", first)
    rows = analysis.observed(store, "N07540", ["9901", *first.members])
    values = rows[rows["year"] == place["year"]].set_index("geo_code")["value"]
    assert place["of"] == 6 and place["rank"] == int((values < values["9901"]).sum()) + 1
    assert place["mean"] == pytest.approx(values.drop("9901").mean())   # the others' unweighted mean, as Kolada


# --- how a kommun stands, in the one wording, on the pages (both worlds) ---------------------------------------

def test_ekbackas_standing_is_the_funnel_test_against_its_groups_mean_and_riket(demo_dir):
    """By hand: Ekbacka's recorded crime in its latest year as events among inhabitants, against the other members'
    unweighted mean and Riket's rate (exact Poisson limits, lagesbild.funnel.assess)."""
    from lagesbild import funnel, views

    store = read_store(demo_dir)
    s = views.standing(store, "9901", "N07540", "G990001", "sv")
    rows = analysis.observed(store, "N07540", ["9902", "9904", "9909", "9912", "9914", "0000", "9901"])
    latest = rows[rows["year"] == s.year].set_index("geo_code")["value"]
    group_mean = latest[["9902", "9904", "9909", "9912", "9914"]].mean()
    group, riket = s.versus
    assert group.other_value == pytest.approx(group_mean) and riket.other_value == pytest.approx(latest["0000"])
    assert group.value == pytest.approx(latest["9901"], rel=1e-3)   # events recovered from the rate and population
    assert group.word == {"higher": "higher", "lower": "lower"}.get(
        funnel.assess(group.count, group.base, group_mean / 1e5, "rate", 0.95), "same")
    assert s.lines("sv")[0].startswith(("Högre än liknande kommuner (Kolada: socioekonomi)",
                                        "Tydligt högre än liknande kommuner (Kolada: socioekonomi)",
                                        "Lägre än liknande", "Tydligt lägre än liknande", "Som liknande"))
    assert f"plats {s.place['rank']} av 6" in s.lines("sv")[0]
    assert s.lines("sv")[2].startswith(("Ökar 20", "Minskar 20", "Oförändrad 20"))   # five years of counts
    assert "händelser bland" in s.basis("sv")


def test_no_group_chosen_compares_with_riket_alone(demo_dir):
    from lagesbild import views

    s = views.standing(read_store(demo_dir), "9901", "N07540", None, "sv")
    assert [v.other for v in s.versus] == ["Riket (exempel)"] and s.place is None


@pytest.mark.parametrize("world, kommun", [("demo", "9901"), ("open", "0685")])
def test_the_first_page_says_how_the_kommun_stands_against_kommuner_like_it(world, kommun, demo_dir, open_world_dir,
                                                                           monkeypatch):
    from tests.test_open_world import run_page, shown_text

    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(demo_dir if world == "demo" else open_world_dir))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["kommun"] = kommun
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    group = at.sidebar.selectbox(key=f"group_{kommun}")
    assert group.value.startswith("G9")   # Kolada's "Liknande kommuner socioekonomi, <kommun>, 2024" first
    text = shown_text(at)
    assert "Jämfört med andra" in text and "liknande kommuner (Kolada: socioekonomi)" in text
    assert "Riket" in text and "plats " in text
    group.set_value("").run()   # no group: Riket alone
    assert "liknande kommuner (Kolada: socioekonomi)" not in shown_text(at)


def test_the_funnel_is_on_the_page_with_the_kommun_and_its_group_marked(demo_dir, monkeypatch):
    from tests.test_open_world import run_page

    at = run_page(demo_dir, monkeypatch, "9901", "pages/faktisk_upplevd.py")
    assert any(s.value == "Alla kommuner i en bild" for s in at.subheader)
    import json

    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    funnel = next(s for s in specs if any("Kontrollgräns 95" in str(tr.get("name", "")) for tr in s["data"]))
    names = {str(tr.get("name")) for tr in funnel["data"]}
    assert "Ekbacka" in names and "Liknande kommuner" in names


def test_a_handful_of_kommuner_gets_no_funnel_and_says_why(tmp_path, monkeypatch):
    from tests import open_world
    from tests.test_open_world import run_page, shown_text

    directory = open_world.fetched_data_dir(tmp_path, [open_world.SHAPES["crime_only"]])
    text = shown_text(run_page(directory, monkeypatch, open_world.SHAPES["crime_only"], "pages/faktisk_upplevd.py"))
    assert "bara 8 kommuner har värden i datalagret; bilden av alla kommuner behöver minst 10" in text
