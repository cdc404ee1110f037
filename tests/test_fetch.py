"""`python -m etl fetch kolada` against a Kolada v3 stand-in on loopback: batching, paging, retries, offline."""
import json
import re
import socket
import subprocess
import sys
from datetime import datetime

import pytest

from etl import fetch
from lagesbild import store
from lagesbild.errors import FetchError
from lagesbild.scb import geographies
from tests.conftest import ROOT
from tests.kolada_standin import Standin
from tests.test_build import snapshot


def client(standin, sleeps=None, attempts=5):
    return fetch.KoladaClient(standin.url, attempts=attempts, backoff=0.5, sleep=(sleeps if sleeps is not None else []).append)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"


def test_fetch_two_kommuner_with_län_riket_population_and_margins(tmp_path):
    with Standin() as kolada:
        result = fetch.fetch_kolada(tmp_path, ["0683", "0685"], ["N07540", "N07609"], 2022, 2023, client(kolada))
    # One data query: KPIs N07540, N07609 + population N01951 + N07609's osäkerhetstal N07657,
    # for Värnamo, Vetlanda, their län (Kolada 0006) and riket, and the members of their own groups (Vetlanda's
    # Höglandskommunerna, the stand-in's group for Värnamo), 2022–2023.
    (path,) = {re.sub(r"\?.*", "", p) for p in kolada.data_paths()}
    assert path == ("/v3/data/kpi/N07540,N07609,N01951,N07657/municipality/0683,0685,0006,0000,0604,0682,0684,0686,"
                    "0617,0662,0764,1382/year/2022,2023")
    # 4 KPIs × 12 places × 2 years = 96 entries at 10 per page: 10 pages, followed through next_url.
    assert len(kolada.data_paths()) == 10
    assert result.written and result.build_id == store.current_build_id(tmp_path)
    obs = store.read_store(tmp_path).observations.set_index(["indicator_id", "geo_code", "group"])
    crime = obs.loc[("N07540", "0683", "total")].set_index(obs.loc[("N07540", "0683", "total")]["period_end"].dt.year)
    assert crime.loc[2023, "value"] == 1000 + 23 + 8.3  # value_of: 1000 + year - 2000 + id/10
    assert len(crime) == 2  # the isdeleted duplicate is dropped
    lan = obs.loc[("N07540", "06", "total")]
    assert set(lan["value"]) == {1022.6, 1023.6}  # "0006" is SCB's län 06
    assert ("N07540", "0000", "total") in obs.index
    ntu = obs.loc[("N07609", "0685", "total")].sort_values("period_end").iloc[-1]
    assert (ntu["value"], ntu["ci_low"], ntu["ci_high"]) == (1031.5, 1028.5, 1034.5)  # ± osäkerhetstal 3
    assert obs.loc[("N07609", "0685", "kvinnor")]["value"].tolist() == [30.0, 30.0]
    assert set(obs.loc[("N07609", "0685", "män")]["status"]) == {"missing"}
    s = store.read_store(tmp_path)
    assert s.geographies.set_index("code").loc["0683", "population"] == 30_000 + 2023 + 83
    assert s.geographies.set_index("code").loc["0683", "name"] == "Värnamo"
    sources = json.loads((tmp_path / "raw" / "sources.json").read_text())
    page1 = sources["kolada/" + next(p.name for p in (tmp_path / "raw" / "kolada").glob("data_*.json"))]
    assert page1["origin"].startswith(kolada.url + "/data/kpi/")
    assert datetime.fromisoformat(page1["retrieved_at"]).tzinfo is not None


def test_more_than_25_ids_are_batched(tmp_path):
    kommuner = geographies().query("level == 'kommun'")["code"].head(30).tolist()
    ids = fetch.geo_ids(kommuner)
    assert len(ids) > 25
    with Standin() as kolada:
        fetch.fetch_kolada(tmp_path, kommuner, ["N07540"], 2023, 2023, client(kolada))
    segments = {re.sub(r"\?.*", "", p).split("/")[6] for p in kolada.data_paths()}
    assert len(segments) == 2 and all(len(s.split(",")) <= 25 for s in segments)
    assert sorted(i for s in segments for i in s.split(",")) == sorted(ids)
    codes = set(store.read_store(tmp_path).observations["geo_code"])
    assert set(kommuner) <= codes


def test_429_honours_retry_after_and_503_is_retried_with_backoff(tmp_path):
    sleeps = []
    with Standin(trouble=[(429, {"Retry-After": "7"}), (503, {})]) as kolada:
        fetch.fetch_kolada(tmp_path, ["0683"], ["N07540"], 2023, 2023, client(kolada, sleeps))
    assert sleeps == [7.0, 1.0]  # Retry-After as given, then backoff 0.5 × 2 on the second attempt
    assert kolada.requests[0] == kolada.requests[1] == kolada.requests[2]  # the same page, three times
    assert store.current_build_id(tmp_path) is not None


def test_gives_up_after_bounded_attempts_and_changes_nothing(data_dir):
    before = snapshot(data_dir)
    with Standin(trouble=[(503, {})] * 3) as kolada:
        with pytest.raises(FetchError) as err:
            fetch.fetch_kolada(data_dir, ["0683"], ["N07540"], 2023, 2023, client(kolada, attempts=3))
    assert len(kolada.requests) == 3
    assert "HTTP 503" in err.value.message("sv") and "3 försök" in err.value.message("sv")
    assert snapshot(data_dir) == before


def test_offline_gives_a_message_and_nothing_changes(data_dir):
    before = snapshot(data_dir)
    with pytest.raises(FetchError) as err:
        fetch.fetch_kolada(data_dir, ["0683"], None, 2015, 2025, fetch.KoladaClient(closed_port_url()))
    assert "Kunde inte nå Kolada" in err.value.message("sv")
    assert "Could not reach Kolada" in err.value.message("en")
    assert snapshot(data_dir) == before


def test_bad_arguments_are_messages():
    with pytest.raises(Exception, match="fyrsiffriga"):
        fetch.geo_ids(["683"])
    with pytest.raises(Exception, match="bra_vald_utomhus"):
        fetch.kpis_to_fetch(["bra_vald_utomhus"], fetch.load_catalogue())
    defaults = fetch.kpis_to_fetch(None, fetch.load_catalogue())
    assert "N07540" in defaults and "N07657" in defaults and "bra_vald_utomhus" not in defaults


def etl_fetch(data_dir, url, *extra):
    env = {"KOLADA_API_URL": url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "etl", *extra, "fetch", "kolada", "--kommun", "0683,0685",
                           "--kpi", "N07540", "--from", "2022", "--to", "2023", "--data-dir", str(data_dir)],
                          cwd=ROOT, capture_output=True, text=True, env=env)


def test_cli_fetch_contract(tmp_path):
    with Standin(trouble=[(429, {"Retry-After": "1"})]) as kolada:
        done = etl_fetch(tmp_path, kolada.url)
        assert done.returncode == 0, done.stderr
        assert "Ny:" in done.stdout
        build_id = store.current_build_id(tmp_path)
        again = etl_fetch(tmp_path, kolada.url)
    assert "Redan importerad" in again.stdout  # the same answers: nothing to rebuild
    assert store.current_build_id(tmp_path) == build_id


def test_cli_offline_message_in_both_languages(tmp_path):
    sv = etl_fetch(tmp_path, closed_port_url())
    assert sv.returncode == 1 and "Kunde inte nå Kolada" in sv.stderr and "Traceback" not in sv.stderr
    en = etl_fetch(tmp_path, closed_port_url(), "--lang", "en")
    assert en.returncode == 1 and "Could not reach Kolada" in en.stderr
    assert list(tmp_path.iterdir()) == []
