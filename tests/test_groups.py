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
    groups = read_store(tmp_path).groups
    # Höglandskommunerna has Vetlanda; the stand-in's Värnamo group has no kommun of this store and is left out.
    assert set(groups["group_id"]) == {"G168177"}
    assert groups["member_code"].tolist() == ["0604", "0682", "0684", "0685", "0686"]
    out = subprocess.run([sys.executable, "-m", "etl", "export", "--data-dir", str(tmp_path), "--table", "groups"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "group_id,title,member_code" and out[1] == "G168177,Höglandskommunerna (ovägt medel),0604"


def test_the_demos_groups_and_the_kommuns_place_among_them(demo_dir):
    store = read_store(demo_dir)
    first = analysis.groups_of(store, "9901")[0]
    assert first.id == "G990001" and first.title("sv").startswith("Liknande kommuner socioekonomi, Ekbacka")
    place = analysis.group_place(store, "9901", "N07540", first)
    rows = analysis.observed(store, "N07540", list(first.members))
    values = rows[rows["year"] == place["year"]].set_index("geo_code")["value"]
    assert place["of"] == 6 and place["rank"] == int((values < values["9901"]).sum()) + 1
    assert place["mean"] == pytest.approx(values.drop("9901").mean())   # the others' unweighted mean, as Kolada
