"""Any Kolada KPI and a verdict from a Kolada fetch alone (issue 13), against the Kolada stand-in on loopback:
`kpi search`, `kpi add`, `fetch kolada --kpi`, `export`, the default target's alternative definition, and a
finished target period without data that never says "pågår"."""
import json
import subprocess
import sys

import pytest

from etl import fetch, kpis
from lagesbild import store
from lagesbild.catalogue import load_indicators
from lagesbild.errors import ConfigError, FetchError
from tests.conftest import ROOT
from tests.kolada_standin import Standin, value_of
from tests.test_app import run_app


def etl(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {"KOLADA_API_URL": url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, env=env)


def client(standin: Standin) -> fetch.KoladaClient:
    return fetch.KoladaClient(standin.url, attempts=2, sleep=lambda s: None)


def test_kpi_search_prints_id_and_title_one_per_line(tmp_path):
    with Standin() as kolada:
        done = etl(kolada.url, "kpi", "search", "anmälda", "--data-dir", str(tmp_path))
        none = etl(kolada.url, "kpi", "search", "bränder", "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "N07403\tAnmälda våldsbrott, antal/100 000 inv", "N07540\tAnmälda brott totalt, antal/100 000 inv",
        "N07546\tAnmälda bostadsinbrott, antal/100 000 inv", "N07547\tAnmälda bilbrott, antal/100 000 inv",
        "N07548\tAnmälda trafikbrott, antal/100 000 inv", "U07452\tAnmälda brott om skadegörelse, antal/100 000 inv"]
    assert "Redan i indikatorkatalogen: N07403, N07540, U07452" in done.stderr
    assert [p for p in kolada.requests if p.startswith("/v3/kpi")][1].startswith("/v3/kpi?per_page=3&page=2")  # next_url
    assert none.returncode == 0 and none.stdout == "" and "Inga KPI:er med 'bränder'" in none.stderr


def test_kpi_add_then_fetch_and_export_it(tmp_path):
    with Standin() as kolada:
        added = etl(kolada.url, "kpi", "add", "N07546", "--data-dir", str(tmp_path))
        fetched = etl(kolada.url, "fetch", "kolada", "--kommun", "0683", "--kpi", "N07546", "--from", "2022", "--to",
                      "2023", "--data-dir", str(tmp_path))
    assert added.returncode == 0, added.stderr
    assert "riktning: högre är sämre, härledd ur titelns ord 'brott'" in added.stdout
    ind = load_indicators(tmp_path / "indicators.toml")["N07546"]
    assert (ind.title_sv, ind.unit, ind.kind, ind.source) == (
        "Anmälda bostadsinbrott, antal/100 000 inv", "per 100 000 inv.", "recorded", "BRÅ och SCB via Kolada")
    assert ind.definition_sv.startswith("Avser antal anmälda brott i bostad")
    assert fetched.returncode == 0, fetched.stderr
    indicators = json.loads(etl("", "export", "--data-dir", str(tmp_path), "--table", "indicators", "--format", "json").stdout)
    assert {"id": "N07546", "title_sv": "Anmälda bostadsinbrott, antal/100 000 inv"}.items() <= \
        next(i for i in indicators if i["id"] == "N07546").items()
    obs = store.read_store(tmp_path).observations.query("indicator_id == 'N07546' and geo_code == '0683'")
    assert obs.sort_values("period_end")["value"].tolist() == [value_of("N07546", "0683", y) for y in (2022, 2023)]


def test_kpi_add_with_a_direction_again_replaces_it(tmp_path):
    with Standin() as kolada:
        first = kpis.add(tmp_path, "N07612", client=client(kolada))
        again = kpis.add(tmp_path, "n07612", "neutral", client(kolada))
    assert first.indicator.direction == "higher_is_worse" and first.indicator.kind == "perceived"
    assert again.message("sv").count("som du angav") == 1 and again.build_id is None   # no raw files: nothing to build
    assert load_indicators(tmp_path / "indicators.toml")["N07612"].direction == "neutral"
    assert (tmp_path / "indicators.toml").read_text(encoding="utf-8").count("[[indicator]]") == 1


@pytest.mark.parametrize("kpi_id, error, text", [
    ("N07540", ConfigError, "finns redan i Lägesbilds indikatorkatalog"),
    ("N99999", FetchError, "Kolada har ingen KPI N99999"),
    ("bostadsinbrott", ConfigError, "en bokstav N eller U och fem siffror"),
])
def test_kpi_add_errors_change_nothing(tmp_path, kpi_id, error, text):
    with Standin() as kolada:
        with pytest.raises(error, match=text):
            kpis.add(tmp_path, kpi_id, client=client(kolada))
    assert not (tmp_path / "indicators.toml").exists()


@pytest.mark.parametrize("title, direction", [
    ("Utvecklade bränder i byggnad, antal/1000 inv (-2023)", "higher_is_worse"),
    ("Medborgarundersökningen - Låg oro för att drabbas av inbrott i hemmet, andel (%)", "higher_is_better"),
    ("NTU - Otrygghet vid utomhusvistelse sen kväll i det egna bostadsområdet, andel (%)", "higher_is_worse"),
    ("Medborgarundersökningen - Trygg utomhus i området där du bor när det är ljust ute, andel (%)", "higher_is_better"),
    ("Invånare totalt, antal", "neutral"),
])
def test_direction_from_the_title(title, direction):
    assert kpis.infer_direction(title)[0] == direction


def test_a_kolada_fetch_alone_gives_the_default_target_a_verdict(tmp_path):
    with Standin() as kolada:
        fetch.fetch_kolada(tmp_path, ["0683", "0685"], None, 2016, 2023, client(kolada))
    targets = store.read_store(tmp_path).targets.set_index(["target_id", "geo_code"])
    for kommun in ("0683", "0685"):
        row = targets.loc[("offentlig_miljo_2020_2023", kommun)]
        assert row["indicator_id"] == "N07543+U07452"      # no violence outdoors in Kolada: the alternative
        assert row["verdict"] in {"met", "not_met", "inconclusive"}
        # By hand: personrån and skadegörelse each at 1000 + year − 2000 + id/10 per 100 000 of 30 000 + year + id.
        by_hand = sum(round(value_of(k, kommun, y) * value_of("N01951", kommun, y) / 100_000)
                      for k in ("N07543", "U07452") for y in range(2016, 2020))
        assert row["baseline_total"] == by_hand


def test_the_page_states_the_definition_used(tmp_path, monkeypatch):
    with Standin() as kolada:
        fetch.fetch_kolada(tmp_path, ["0683"], None, 2016, 2023, client(kolada))
    at = run_app(tmp_path, monkeypatch, "0683", page="pages/malet.py", demo=False)
    text = " ".join(m.value for m in at.markdown)
    assert "Brott i offentlig miljö** = personrån, skadegörelse." in text
    assert "Våldsbrott utomhus mot vuxna ingår inte här: uppgifterna saknas för kommunen." in text
    assert "Brås indikatorfil för kommunen" in text
    # The sentences on Faktisk och upplevd judge the same target: the definition is stated there too.
    at = run_app(tmp_path, monkeypatch, "0683", page="pages/faktisk_upplevd.py", demo=False)
    assert any(c.value.startswith("Brott i offentlig miljö = personrån, skadegörelse.") for c in at.caption)


def test_an_ended_target_without_data_says_what_is_missing_never_pagar(tmp_path, monkeypatch):
    with Standin() as kolada:
        fetch.fetch_kolada(tmp_path, ["0683"], None, 2016, 2021, client(kolada))
    row = store.read_store(tmp_path).targets.set_index(["target_id", "geo_code"]).loc[("offentlig_miljo_2020_2023", "0683")]
    assert row["verdict"] == "insufficient_data" and row["missing"] == "N07543:2022,2023;U07452:2022,2023;N01951:2022,2023"
    sentence = ("Målet kan inte bedömas för Värnamo: det saknas uppgifter om personrån för 2022–2023 och "
                "skadegörelse för 2022–2023 och invånare totalt för 2022–2023. Hämta dem från Kolada på sidan Data.")
    for page in ("pages/malet.py", "pages/lagesbild.py"):
        at = run_app(tmp_path, monkeypatch, "0683", page=page, demo=False)
        shown = " ".join(e.value for e in [*at.markdown, *at.info, *at.caption])
        assert sentence in shown
        assert page == "pages/malet.py" or "Det saknas data för att bedöma målet." in shown   # the first screen
        assert "målperioden pågår" not in shown.lower()
