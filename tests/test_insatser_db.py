"""The insatser log in a real database, on SQLite (the default, in the data dir) and on PostgreSQL
(LAGESBILD_DATABASE_URL): imports merge by identity, a stale edit is refused, the audit trail is
written in the same transaction as the change, and export and build read the database.

The PostgreSQL runs need a server: `.ci/postgres start` (run by .ci/run) gives one on loopback and
LAGESBILD_TEST_POSTGRES_URL. Without it they are skipped locally and FAIL in CI (CI=true).
"""
from __future__ import annotations

import io
import shutil
import socket
import threading
import time

import pandas as pd
import pytest

from etl import build, cli, edits, imports
from etl import insatser as insatser_db
from lagesbild.access import Writer
from lagesbild.errors import AccessError, ConflictError, SourceFormatError, StoreError
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
    bad.loc[len(bad)] = ["Ny insats", "Söder", "9901", "Belysning", "2025-01-01", "", "Ingenstans", "", "", None, None]
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


def test_insatser_are_identified_by_their_id_within_their_kommun(built):
    """The finding: matched by the file's id across kommuner, Hagaström's insats 1 overwrote Ekbacka's insats 1."""
    header = "id;namn;omrade;typ;start;slut;kommunkod\n"
    ekbacka = (header + "1;Nattvandring;Centrum;Vuxennärvaro;2024-01-01;;9901\n").encode()
    hagastrom = (header + "1;Kameror vid torget;Centrum;Kamera;2024-02-01;;9904\n").encode()
    imports.import_est(built, ekbacka, "ekbacka.csv", "interventions", writer=ANNA)
    result = imports.import_est(built, hagastrom, "hagastrom.csv", "interventions", writer=Writer("hugo", frozenset({"9904"})))
    assert (result.added, result.changed) == (1, 0)
    assert "1 nya, 0 ändrade, 0 borttagna, 0 oförändrade insatser" in result.message()
    saved = export_csv(built).set_index("name")
    assert saved.loc["Nattvandring", "area"] == "9901-centrum" and saved.loc["Kameror vid torget", "area"] == "9904-centrum"
    # Ekbacka's corrected register changes Ekbacka's insats 1 only
    renamed = ekbacka.decode().replace("Nattvandring", "Nattvandring med föreningar").encode()
    assert imports.import_est(built, renamed, "ekbacka.csv", "interventions", writer=ANNA).changed == 1
    names = set(export_csv(built)["name"])
    assert {"Nattvandring med föreningar", "Kameror vid torget"} <= names and "Nattvandring" not in names


def test_a_log_from_before_gives_its_ids_their_kommun_once(built):
    with insatser_db.engine(built).begin() as conn:   # as a log kept ids before: without their kommun
        conn.execute(insatser_db.insatser.update().where(insatser_db.insatser.c.name == LAMP).values(external_id="INS-1"))
    for _ in range(2):
        insatser_db._engine.cache_clear()
        with insatser_db.engine(built).connect() as conn:
            assert insatser_db.table(conn).set_index("name").loc[LAMP, "external_id"] == "9901:INS-1"


def test_a_change_that_makes_an_insats_anothers_twin_is_a_message(built):
    """The finding: a change giving an insats another's name, area and start raised IntegrityError with its SQL."""
    header = "id;namn;omrade;typ;start;slut;kommunkod\n"
    imports.import_est(built, (header + "INS-7;Nattvandring;Centrum;Vuxennärvaro;2024-01-01;;9901\n").encode(),
                       "register.csv", "interventions", writer=ANNA)
    twin = (header + f"INS-7;{LAMP};Stationsområdet;Belysning;2023-04-01;;9901\n").encode()
    trail, before = insatser_db.history(built), export_csv(built)
    with pytest.raises(ConflictError) as err:
        imports.import_est(built, twin, "register.csv", "interventions", writer=ANNA)
    assert "samma namn, område och start" in err.value.message("sv") and "UPDATE" not in err.value.message("sv")
    assert insatser_db.history(built).equals(trail) and export_csv(built).equals(before)


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


# --- the database as a setting: never a traceback, never a hung page, never a stale store (issue 28) -------

@pytest.mark.parametrize("url, secret", [
    ("inte en adress", None),
    ("postgresql://anna:Qz7k@Wx9v@127.0.0.1:5432/lagesbild", "Wx9v"),   # an unescaped @ in the password
    ("postgresql://anna:Qz7k@Wx9v:1@127.0.0.1:5432/lagesbild", "Wx9v"),
    ("oracle+nope://anna:Qz7kWx9v@127.0.0.1/lagesbild", "Qz7k"),
])
def test_a_malformed_database_url_is_a_message_that_leaks_no_password(data_dir, monkeypatch, capsys, url, secret):
    monkeypatch.setenv(insatser_db.URL_ENV, url)
    insatser_db._engine.cache_clear()
    assert cli.main(["build", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel: LAGESBILD_DATABASE_URL är inte en databasadress som går att använda")
    assert "Traceback" not in err and "Qz7k" not in err and (secret is None or secret not in err)


def test_a_read_only_sqlite_database_is_a_message_and_nothing_changes(built, backend, monkeypatch):
    if backend != "sqlite":
        pytest.skip("SQLite's own read-only mode")
    rows = opened(built)
    before = export_csv(built)
    monkeypatch.setenv(insatser_db.URL_ENV, f"sqlite:///file:{built / insatser_db.DB_FILE}?mode=ro&uri=true")
    insatser_db._engine.cache_clear()
    with pytest.raises(StoreError) as err:
        edits.save_edits(built, rows, ending(rows, LAMP, "2024-12-31"), ANNA)
    message = err.value.message("sv")
    assert "Databasen för insatsloggen" in message and "readonly" in message and "UPDATE" not in message
    monkeypatch.delenv(insatser_db.URL_ENV)
    insatser_db._engine.cache_clear()
    assert export_csv(built).equals(before)


def test_a_postgresql_server_that_never_answers_is_a_message_within_the_connect_timeout(monkeypatch, tmp_path):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()   # accepts the connection (the kernel does), never says a word
    monkeypatch.setattr(insatser_db, "CONNECT_TIMEOUT_S", 2)
    monkeypatch.setenv(insatser_db.URL_ENV, f"postgresql://anna:hemligt@127.0.0.1:{silent.getsockname()[1]}/lagesbild")
    insatser_db._engine.cache_clear()
    started = time.monotonic()
    try:
        with pytest.raises(StoreError) as err:
            insatser_db.history(tmp_path)
    finally:
        silent.close()
        insatser_db._engine.cache_clear()
    assert time.monotonic() - started < 15
    assert "Databasen för insatsloggen (postgresql+psycopg://anna:***@127.0.0.1" in err.value.message("sv")


def test_a_store_left_behind_its_database_by_a_crash_is_rebuilt_on_the_next_start(built, monkeypatch):
    rows = opened(built)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt   # the process dies after the database commit, before the store switch

    with monkeypatch.context() as m:
        m.setattr(edits.store, "write_store", killed)
        with pytest.raises(KeyboardInterrupt):
            edits.save_edits(built, rows, ending(rows, LAMP, "2024-12-31"), ANNA)
    assert export_csv(built).set_index("name").loc[LAMP, "end"] == "2024-12-31"      # in the database
    shown = read_store(built).interventions.set_index("name")
    assert pd.isna(shown.loc[LAMP, "end"])                                             # not in the store
    assert insatser_db.stale(built)
    from pages import _shared
    _shared._started.clear()
    assert _shared._started(str(built)) is True                                        # the app's next start rebuilds
    assert read_store(built).interventions.set_index("name").loc[LAMP, "end"] == pd.Timestamp("2024-12-31")
    assert not insatser_db.stale(built)


def test_an_insats_names_its_problem_and_responsible_party_and_a_file_without_them_keeps_them(built):
    """Issue 25: `ansvarig` and `problem` are imported (the problem in its canonical form), shown in the editor as a
    person writes them, kept by a later file without the columns; an unknown word changes nothing."""
    linked = ("namn;omrade;typ;start;slut;kommunkod;ansvarig;problem\n"
              "Nattvandring;Centrum;Vuxennärvaro;2024-01-01;;9901;Polisen;skadegörelse/Centrum, kvinnor\n").encode()
    imports.import_est(built, linked, "insatser.csv", "interventions", writer=ANNA)
    stored = read_store(built).interventions.set_index("name").loc["Nattvandring"]
    assert (stored["responsible"], stored["problem"]) == ("Polisen", "U07452/9901-centrum, //kvinnor")
    row = opened(built).set_index("namn").loc["Nattvandring"]
    assert (row["ansvarig"], row["problem"]) == ("Polisen", "U07452/Centrum, kvinnor")
    plain = b"namn;omrade;typ;start;slut;kommunkod\nNattvandring;Centrum;Vuxennarvaro;2024-01-01;2025-06-30;9901\n"
    imports.import_est(built, plain, "utan_problem.csv", "interventions", writer=ANNA)
    again = read_store(built).interventions.set_index("name").loc["Nattvandring"]
    assert again["problem"] == "U07452/9901-centrum, //kvinnor" and again["responsible"] == "Polisen"
    before, trail = export_csv(built), insatser_db.history(built)
    with pytest.raises(SourceFormatError) as err:
        imports.import_est(built, linked.replace(b"/Centrum", b"/Atlantis"), "fel.csv", "interventions", writer=ANNA)
    assert (err.value.row, err.value.column) == (2, "problem")
    assert export_csv(built).equals(before) and insatser_db.history(built).equals(trail)


def test_a_database_from_before_problems_gets_the_columns_empty(tmp_path, monkeypatch):
    import sqlalchemy as sa

    monkeypatch.delenv(insatser_db.URL_ENV, raising=False)
    old = sa.create_engine(f"sqlite:///{tmp_path / insatser_db.DB_FILE}")
    with old.begin() as conn:
        conn.execute(sa.text('CREATE TABLE insatser (intervention VARCHAR(400) PRIMARY KEY, external_id VARCHAR(210), '
                             'name VARCHAR(200) NOT NULL, area VARCHAR(400) NOT NULL, type VARCHAR(200) NOT NULL, '
                             'start DATE NOT NULL, "end" DATE, comparison_area VARCHAR(400) NOT NULL, '
                             'source_file VARCHAR(300) NOT NULL, version INTEGER NOT NULL, changed_at VARCHAR(40) NOT NULL, '
                             'changed_by VARCHAR(320) NOT NULL)'))
        conn.execute(sa.text("INSERT INTO insatser VALUES ('9901-centrum-x-20240101', NULL, 'X', '9901-centrum', 'Typ', "
                             "'2024-01-01', NULL, '', 'app', 1, '2024-01-01', 'anna')"))
    old.dispose()
    with insatser_db.connected(tmp_path) as conn:
        log = insatser_db.table(conn)
    assert (log.loc[0, "responsible"], log.loc[0, "problem"]) == ("", "")
