"""The insatser log in a real database, on SQLite (the default, in the data dir) and on PostgreSQL
(LAGESBILD_DATABASE_URL): imports merge by identity, a stale edit is refused, the audit trail is
written in the same transaction as the change, and export and build read the database.

The PostgreSQL runs need a server: `.ci/postgres start` (run by .ci/run) gives one on loopback and
LAGESBILD_TEST_POSTGRES_URL. Without it they are skipped locally and FAIL in CI (CI=true).
"""
from __future__ import annotations

import io
import shutil
import threading

import pandas as pd
import pytest

from etl import build, cli, edits, imports
from etl import insatser as insatser_db
from lagesbild.access import Writer
from lagesbild.errors import AccessError, ConflictError, SourceFormatError
from lagesbild.store import read_store

ANNA = Writer("anna@exempel.se", frozenset({"9901"}))
BERIT = Writer("berit@exempel.se", frozenset({"9901", "9904"}))
LAMP = "Trygghetsvandringar och ny belysning"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, monkeypatch) -> str:
    """The database the test runs on; PostgreSQL's tables are emptied first (tests/conftest.py)."""
    if request.param == "postgresql":
        request.getfixturevalue("postgres")
    else:
        monkeypatch.delenv(insatser_db.URL_ENV, raising=False)
    return request.param


@pytest.fixture
def built(data_dir, backend):
    build.build(data_dir)
    return data_dir


def opened(data_dir, kommun="9901"):
    return edits.editor_rows(data_dir, kommun, read_store(data_dir).geographies)


def ending(rows: pd.DataFrame, name: str, day: str) -> pd.DataFrame:
    out = rows.copy()
    out.loc[out["namn"] == name, "slut"] = day
    return out


def export_csv(data_dir) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(cli.export_table(data_dir, "interventions", "csv")), keep_default_na=False)


def test_the_demo_log_moves_into_the_database_once_and_the_build_reads_it(built, backend):
    url = insatser_db.database_url(built)
    assert url.startswith("sqlite:///") if backend == "sqlite" else url.startswith("postgresql+psycopg://")
    trail = insatser_db.history(built)
    assert (trail["action"] == "migrated").sum() == 4 and set(trail["user"]) == {"migrering från raw/interventions"}
    build.build(built)  # a second build reads the database; it does not import the files again
    assert len(insatser_db.history(built)) == 4
    assert sorted(read_store(built).interventions["name"]) == sorted(export_csv(built)["name"])
    assert read_store(built).manifest["sources"][-1]["path"] == "databas: insatser"


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(built):
    anna, berit = opened(built), opened(built)  # both opened the page before either saved
    edits.save_edits(built, anna, ending(anna, LAMP, "2024-12-31"), ANNA)
    with pytest.raises(ConflictError) as err:
        edits.save_edits(built, berit, ending(berit, LAMP, "2025-06-30"), BERIT)
    assert "ändrad av någon annan sedan du öppnade den" in err.value.message("sv")
    assert "changed by someone else since you opened it" in err.value.message("en")
    saved = export_csv(built).set_index("name")
    assert saved.loc[LAMP, "end"] == "2024-12-31"
    trail = insatser_db.history(built)
    assert trail["user"].tolist()[0] == "anna@exempel.se" and "berit@exempel.se" not in set(trail["user"])
    row = trail.iloc[0]  # the audit: who, when, before and after
    assert row["action"] == "ended" and '"end": null' in row["before"] and '"end": "2024-12-31"' in row["after"]
    # Berit reopens the page and saves on the current version.
    again = opened(built)
    assert edits.save_edits(built, again, ending(again, LAMP, "2025-06-30"), BERIT)[0]["action"] == "corrected"


def test_a_change_the_build_refuses_leaves_no_row_and_no_audit(built):
    rows = opened(built)
    trail, before = insatser_db.history(built), export_csv(built)
    bad = rows.copy()
    bad.loc[len(bad)] = ["Ny insats", "Söder", "9901", "Belysning", "2025-01-01", "", "Ingenstans", None, None]
    with pytest.raises(SourceFormatError):
        edits.save_edits(built, rows, bad, ANNA)
    assert insatser_db.history(built).equals(trail) and export_csv(built).equals(before)


def test_an_editor_of_another_kommun_changes_nothing(built):
    rows = opened(built, "9904")
    with pytest.raises(AccessError) as err:
        edits.save_edits(built, rows, ending(rows, "Vuxennärvaro helgkvällar", "2025-12-31"), ANNA)
    assert "9904" in err.value.message("sv")
    assert export_csv(built).set_index("name").loc["Vuxennärvaro helgkvällar", "end"] == ""


def test_imports_merge_by_identity_and_are_audited(built, tmp_path):
    anna = opened(built)
    edits.save_edits(built, anna, ending(anna, LAMP, "2024-12-31"), ANNA)  # an edit in the app first
    corrected = ("namn;omrade;typ;start;slut;kommunkod\r\n"
                 f"{LAMP};Stationsområdet;Belysning och trygghetsvandringar;2023-04-01;2025-03-31;9901\r\n"
                 "Fältvärdar helger;Centrum;Vuxennärvaro;2024-05-01;;9901\r\n").encode()
    # A file named like the old app log is just another import now: merged, not a replacement.
    result = imports.import_est(built, corrected, "log.csv", "interventions", writer=ANNA)
    assert (result.added, result.changed) == (1, 1)  # the corrected insats changes, a new one is added
    saved = export_csv(built).set_index("name")
    assert saved.loc[LAMP, "end"] == "2025-03-31" and "Fältvärdar helger" in saved.index
    assert len(saved) == 5  # nothing the file does not name is touched
    trail = insatser_db.history(built)
    assert (trail.head(2)["action"] == "imported").all() and set(trail.head(2)["source"]) == {"log.csv"}
    again = imports.import_est(built, corrected, "insatser_igen.csv", "interventions", writer=ANNA)
    assert again.message().startswith("Redan importerad")
    # With an id column the id is the identity: a renamed insats is the same insats.
    with_id = b"id;namn;omrade;typ;start;slut;kommunkod\nINS-7;Nattvandring;Centrum;Vuxennarvaro;2024-01-01;;9901\n"
    imports.import_est(built, with_id, "register.csv", "interventions", writer=ANNA)
    renamed = with_id.replace(b";Nattvandring;", b";Nattvandring med f\xc3\xb6reningar;")
    assert imports.import_est(built, renamed, "register.csv", "interventions", writer=ANNA).changed == 1
    names = set(export_csv(built)["name"])
    assert "Nattvandring med föreningar" in names and "Nattvandring" not in names


def test_two_concurrent_edits_of_one_insats_end_with_one_saved_and_one_refused(built, backend, tmp_path):
    # On PostgreSQL: two replicas, each with its own data dir (and lock), sharing the database.
    other = built if backend == "sqlite" else tmp_path / "replica"
    if other != built:
        shutil.copytree(built, other)
    first, second = opened(built), opened(other)
    outcome: dict[str, object] = {}
    start = threading.Barrier(2)

    def save(name, data_dir, rows, day, who):
        start.wait()
        try:
            outcome[name] = edits.save_edits(data_dir, rows, ending(rows, LAMP, day), who)
        except ConflictError as exc:
            outcome[name] = exc

    threads = [threading.Thread(target=save, args=("a", built, first, "2024-12-31", ANNA)),
               threading.Thread(target=save, args=("b", other, second, "2025-06-30", BERIT))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    refused = [k for k, v in outcome.items() if isinstance(v, ConflictError)]
    assert len(outcome) == 2 and len(refused) == 1, outcome
    winner = {"a": "2024-12-31", "b": "2025-06-30"}[({"a", "b"} - set(refused)).pop()]
    assert export_csv(built).set_index("name").loc[LAMP, "end"] == winner
    assert (insatser_db.history(built)["action"] == "ended").sum() == 1
