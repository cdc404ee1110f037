"""The store: built from raw files, atomic, and exported exactly as the CLI contract says."""
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from etl import build
from lagesbild import store
from lagesbild.errors import SourceFormatError
from tests.conftest import ROOT

OBSERVATION_COLUMNS = ["geo_code", "geo_name", "period_start", "period_end", "indicator_id", "group", "value",
                       "unit", "count", "base", "ci_low", "ci_high", "status", "source"]
TARGET_COLUMNS = ["target_id", "geo_code", "indicator_id", "baseline_period", "target_period", "baseline_total",
                  "target_total", "rate_ratio", "ci_low", "ci_high", "method", "verdict", "missing", "year_variation"]


def etl(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=cwd, capture_output=True, text=True)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_manifest_lists_sources_with_checksums_and_row_counts(demo_dir):
    s = store.read_store(demo_dir)
    assert s.is_demo
    paths = {src["path"]: src for src in s.manifest["sources"]}
    assert "bra/Anmälda brott kommunerna 2025.csv" in paths
    assert len(paths["kolada/N07540.json"]["sha256"]) == 64
    assert s.manifest["rows"]["observations"] == len(s.observations)
    assert paths["survey/trygghetsmatning_2023.csv"]["rows"] > 0


def test_target_totals_match_the_raw_files_by_hand(demo_dir):
    """Ekbacka's 2016–2019 total of public-place crime, summed straight from the raw files: violence outdoors
    from Brå's indicator workbook, damage from the database export, personrån from Kolada's rate × population."""
    demo = ROOT / "data" / "demo"
    book = openpyxl.load_workbook(demo / "bra_indikatorer" / "Indikatorer Ekbacka.xlsx", read_only=True)
    header, *rows = list(book["Våldsbrott utomhus (vuxna)"].iter_rows(values_only=True))[1:]
    ekbacka = dict(zip(header, next(r for r in rows if r[0] == "Ekbacka")))
    violence = sum(ekbacka[f"{y} Antal"] for y in range(2016, 2020))
    table = pd.read_csv(demo / "bra_kategorier" / "Anmälda brott per brottstyp 2012-2025.csv", sep=";", skiprows=2,
                        encoding="utf-8-sig", dtype=str)
    damage = table[(table["Region"] == "Ekbacka") & table["Brottstyp"].str.endswith("12 kap. Skadegörelsebrott")
                   & table["År"].isin(["2016", "2017", "2018", "2019"])]["Antal"].str.replace(" ", "").astype(int).sum()

    def kolada(kpi: str) -> dict[int, float]:
        doc = json.loads((demo / "kolada" / f"{kpi}.json").read_text(encoding="utf-8"))
        return {e["period"]: e["values"][0]["value"] for e in doc["values"] if e["municipality"] == "9901"}
    rate, population = kolada("N07543"), kolada("N01951")
    robbery = sum(round(rate[y] * population[y] / 100_000) for y in range(2016, 2020))
    row = store.read_store(demo_dir).targets.query("geo_code == '9901' and target_id == 'offentlig_miljo_2020_2023'").iloc[0]
    assert row["indicator_id"] == "bra_vald_utomhus+N07543+U07452"
    assert row["baseline_total"] == violence + damage + robbery
    assert row["verdict"] in {"met", "not_met", "inconclusive"}
    targets = store.read_store(demo_dir).targets
    assert set(targets.query("geo_code == '9910'")["indicator_id"]) == {"N07543+U07452"}   # no workbook: Kolada's parts
    pending = targets.query("target_id == 'offentlig_miljo_2024_2027'")
    assert set(pending["verdict"]) == {"pending"}  # 2026 and 2027 are not in yet


def test_failed_build_leaves_the_store_byte_identical(data_dir):
    build.build(data_dir)
    before = snapshot(data_dir / "processed")
    bad = data_dir / "raw" / "bra" / "Anmälda brott kommunerna 2019.csv"
    lines = bad.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[2].startswith("Ekbacka;")
    lines[2] = "Ekbacka;tolv;1,0"
    bad.write_bytes(("\ufeff" + "\r\n".join(lines)).encode())
    with pytest.raises(SourceFormatError) as err:
        build.build(data_dir)
    assert (err.value.row, err.value.column, err.value.found) == (3, "Antal", "tolv")
    assert snapshot(data_dir / "processed") == before


def test_rebuild_swaps_the_current_pointer_and_keeps_the_previous_build(data_dir):
    first = build.build(data_dir)["build_id"]
    second = build.build(data_dir)["build_id"]
    assert second != first and store.current_build_id(data_dir) == second
    assert (data_dir / "processed" / "builds" / first).is_dir()  # a reader holding it can finish
    third = build.build(data_dir)["build_id"]
    assert not (data_dir / "processed" / "builds" / first).exists()
    assert store.current_build_id(data_dir) == third


def test_cli_build_and_export_contract(tmp_path):
    done = etl("build", "--demo", "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    out = etl("export", "--data-dir", str(tmp_path), "--table", "observations", "--format", "csv")
    assert out.returncode == 0, out.stderr
    obs = pd.read_csv(io.StringIO(out.stdout), dtype={"geo_code": str})
    assert set(OBSERVATION_COLUMNS) <= set(obs.columns)
    assert set(obs["status"]) == {"ok", "preliminary", "suppressed", "protected", "missing"}
    assert "total" in set(obs["group"]) and "0000" in set(obs["geo_code"])
    assert obs["period_start"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    targets = etl("export", "--data-dir", str(tmp_path), "--table", "targets", "--format", "csv")
    assert targets.stdout.splitlines()[0] == ",".join(TARGET_COLUMNS)
    for table in ("indicators", "geographies"):
        as_json = json.loads(etl("export", "--data-dir", str(tmp_path), "--table", table, "--format", "json").stdout)
        assert len(as_json) > 0


def test_cli_errors_are_messages_not_tracebacks(data_dir):
    (data_dir / "raw" / "kolada" / "N07540.json").write_text("{trasig", encoding="utf-8")
    done = etl("build", "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "kolada/N07540.json" in done.stderr and "Traceback" not in done.stderr
    english = etl("--lang", "en", "build", "--data-dir", str(data_dir))
    assert "expected" in english.stderr
    missing = etl("export", "--data-dir", str(data_dir / "nowhere"), "--table", "observations")
    assert missing.returncode == 1 and "python -m etl build" in missing.stderr


def test_a_raw_dir_without_source_files_is_a_message(tmp_path):
    (tmp_path / "raw" / "nothing-here").mkdir(parents=True)
    done = etl("build", "--data-dir", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "minst en källfil" in done.stderr


def test_the_reader_knows_the_schema_tables_and_reads_missing_optional_ones_as_empty(data_dir):
    from lagesbild import schema

    assert store.TABLES == tuple(schema.TABLES)  # the reader names them without importing pandera
    build.build(data_dir)
    built = store.processed_dir(data_dir) / "builds" / store.current_build_id(data_dir)
    for name in store.OPTIONAL_TABLES:  # a store built before these tables existed
        (built / f"{name}.parquet").unlink(missing_ok=True)
    read = store.read_store(data_dir)
    for name in store.OPTIONAL_TABLES:
        assert read.table(name).empty
        assert list(read.table(name).columns) == list(schema.TABLES[name].columns)
    assert len(read.observations) == json.loads((built / "manifest.json").read_text())["rows"]["observations"]
