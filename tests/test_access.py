"""Writes need a user: the rule (lagesbild/access.py), the Data page's uploads and fetch behind it,
and the ETL's check of what a write touches. Reproduces the finding: with [auth] configured an
anonymous visitor could upload on the Data page and replace the store."""
from __future__ import annotations

import json
import shutil

import pytest
import streamlit

from etl import imports
from lagesbild import access
from lagesbild.access import Connection, Writer
from lagesbild.errors import AccessError, ConfigError
from tests.conftest import FIXTURES, LOOPBACK
from tests.test_app import run_app
from tests.test_build import snapshot
from tests.test_est import AUTH, SignedIn

YEARLY_2023 = FIXTURES / "imports" / "Anmälda brott kommunerna 2023.csv"
PAGE = "pages/data.py"


@pytest.mark.parametrize("change, local", [
    ({}, True),
    ({"server_address": "localhost", "headers": {"host": "localhost:8501"}}, True),
    ({"server_address": "::1", "headers": {"Host": "[::1]:8501"}}, True),
    ({"server_address": None}, False),                  # Streamlit's default: every interface
    ({"server_address": "0.0.0.0"}, False),
    ({"client_ip": "10.0.0.7"}, False),
    ({"headers": {"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.9"}}, False),  # a local proxy
    ({"headers": {"Host": "attacker.example:8501"}}, False),                         # DNS rebinding
    ({"headers": {}}, False),
])
def test_only_a_direct_loopback_connection_is_the_local_user(change, local):
    conn = Connection(**{**LOOPBACK, **change})
    assert access.local_only(conn) is local
    decision = access.decide(False, False, None, {}, conn)
    assert (decision.writer is not None) is local and (decision.reason == "write_not_local") is not local


def test_with_sign_in_only_listed_editors_write_and_only_their_kommuner():
    editors = access.editors({"Anna@Exempel.se": ["0683"], "chef@exempel.se": "*"})
    conn = Connection(**LOOPBACK)  # even on loopback: with sign-in configured, sign-in decides
    assert access.decide(True, False, None, editors, conn).reason == "write_sign_in"
    assert access.decide(True, True, "okand@exempel.se", editors, conn).reason == "write_not_editor"
    anna = access.decide(True, True, "anna@exempel.se", editors, conn).writer
    assert anna == Writer("anna@exempel.se", frozenset({"0683"})) and anna.may_edit("0683") and not anna.may_edit("0684")
    assert access.decide(True, True, "chef@exempel.se", editors, conn).writer.everything
    anna.check(["0683", "0683-centrum"])
    anna.check(["06", "0000"], official=True)   # län and riket from the official source
    for touched in (["0684"], ["0684-centrum"], ["06"]):
        with pytest.raises(AccessError):
            anna.check(touched)
    with pytest.raises(ConfigError) as err:
        access.editors({"anna@exempel.se": ["683x"]})
    assert "anna@exempel.se" in err.value.message("sv")


def uploads(at) -> list[str]:
    return [u.proto.label for u in at.get("file_uploader")]


def test_an_anonymous_visitor_of_a_deployed_app_sees_no_upload_and_no_fetch(demo_dir, tmp_path, monkeypatch):
    data = tmp_path / "d"
    shutil.copytree(demo_dir, data)
    monkeypatch.setattr(streamlit, "user", SignedIn(is_logged_in=False))
    at = run_app(data, monkeypatch, "9901", page=PAGE)  # AppTest's connection is not loopback
    assert not uploads(at) and not [b for b in at.button if b.label == "Hämta från Kolada"]
    assert any("Skrivskyddat" in i.value for i in at.info)


def test_with_sign_in_configured_a_visitor_is_asked_to_sign_in_and_cannot_upload(demo_dir, tmp_path, monkeypatch,
                                                                                  local_user):
    data = tmp_path / "d"
    shutil.copytree(demo_dir, data)

    class SignedOut(dict):
        is_logged_in = False

    monkeypatch.setattr(streamlit, "user", SignedOut())
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(data))
    from streamlit.testing.v1 import AppTest
    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["kommun"], at.session_state["lang_choice"] = "9901", "sv"
    for key, value in AUTH.items():
        at.secrets[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert not uploads(at) and [b.label for b in at.button] == ["Logga in"]


def test_the_local_user_sees_the_uploads_and_who_they_write_as(demo_dir, tmp_path, monkeypatch, local_user):
    data = tmp_path / "d"
    shutil.copytree(demo_dir, data)
    at = run_app(data, monkeypatch, "9901", page=PAGE)
    assert len(uploads(at)) == 6 and any("Du ändrar som lokal användare, för alla kommuner" in c.value for c in at.caption)


def test_an_editor_of_one_kommun_cannot_import_a_file_for_all_kommuner(data_dir):
    imports.import_bra(data_dir, YEARLY_2023.read_bytes(), YEARLY_2023.name)   # from the command line: everything
    sources = json.loads((data_dir / "raw" / "sources.json").read_text())
    assert sources["bra/Anmälda brott kommunerna 2023.csv"]["imported_by"].endswith("(kommandoraden)")
    before = snapshot(data_dir)
    changed = YEARLY_2023.read_bytes().replace(b"Gotland;6 110", b"Gotland;6 111")
    anna = Writer("anna@exempel.se", frozenset({"0683"}))
    with pytest.raises(AccessError) as err:
        imports.import_bra(data_dir, changed, "Anmälda brott kommunerna 2023.csv", writer=anna)
    assert "0980" in err.value.message("sv") and "Inget ändrades" in err.value.message("sv")
    assert snapshot(data_dir) == before
    gotland = Writer("gotland@exempel.se", frozenset({"0980"}))
    imports.import_bra(data_dir, changed, "Anmälda brott kommunerna 2023.csv", writer=gotland)  # only Gotland's row changed
    assert json.loads((data_dir / "raw" / "sources.json").read_text())[
        "bra/Anmälda brott kommunerna 2023.csv"]["imported_by"] == "gotland@exempel.se"


def test_only_whoever_may_add_data_is_sent_to_the_data_page(demo_dir, monkeypatch, local_user):
    """Tallmo has no incident export: its Områden page links the local user to Data, where the upload is."""
    at = run_app(demo_dir, monkeypatch, "9905", page="pages/omraden.py")
    assert [link.proto.label for link in at.get("page_link")] == ["Lägg in data på sidan Data"]


def test_a_reader_is_told_who_adds_data_instead_of_a_link_to_a_page_they_cannot_use(demo_dir, monkeypatch):
    monkeypatch.setattr(streamlit, "user", SignedIn(is_logged_in=False))
    at = run_app(demo_dir, monkeypatch, "9905", page="pages/omraden.py")   # AppTest's connection is not loopback
    assert not at.get("page_link")
    assert any(c.value == "Uppgifterna läggs in av den som sköter Lägesbild i kommunen." for c in at.caption)
