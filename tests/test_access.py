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


NGINX_DEFAULT = {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8080", "Upgrade": "websocket",
                 "Connection": "upgrade"}   # nginx's WebSocket example on port 8080: proxy_pass, no other header


@pytest.mark.parametrize("change, local", [
    ({}, True),
    ({"server_address": "localhost", "headers": {"host": "localhost:8501", "origin": "http://localhost:8501"}}, True),
    ({"server_address": "::1", "headers": {"Host": "[::1]:8501", "Origin": "http://[::1]:8501"}}, True),
    ({"server_address": None}, False),                  # Streamlit's default: every interface
    ({"server_address": "0.0.0.0"}, False),
    ({"client_ip": "10.0.0.7"}, False),
    ({"headers": {**LOOPBACK["headers"], "X-Forwarded-For": "203.0.113.9"}}, False),  # a local proxy
    ({"headers": {**LOOPBACK["headers"], "Via": "1.1 proxy"}}, False),
    ({"headers": {**LOOPBACK["headers"], "CF-Connecting-IP": "203.0.113.9"}}, False),
    ({"headers": {**LOOPBACK["headers"], "True-Client-IP": "203.0.113.9"}}, False),
    ({"headers": {**LOOPBACK["headers"], "X-Client-IP": "203.0.113.9"}}, False),
    ({"headers": {**LOOPBACK["headers"], "X-Forwarded-Proto": "https"}}, False),
    ({"headers": NGINX_DEFAULT}, False),                # the proxy's own address: the page came from port 8080
    ({"headers": {**NGINX_DEFAULT, "Origin": "https://lagesbild.kommun.se"}}, False),
    ({"headers": {"Host": "127.0.0.1:8501"}}, False),   # no Origin: not a browser that came straight here
    ({"headers": {"Host": "127.0.0.1:8501", "Origin": "null"}}, False),
    ({"headers": {"Host": "attacker.example:8501", "Origin": "http://attacker.example:8501"}}, False),  # DNS rebinding
    ({"server_port": 8502}, False),
    ({"headers": {}}, False),
])
def test_only_a_direct_loopback_connection_is_the_local_user(change, local):
    conn = Connection(**{**LOOPBACK, **change})
    assert access.local_only(conn) is local
    decision = access.decide(False, False, None, {}, conn)
    assert (decision.writer is not None) is local
    assert local or decision.reason == ("write_behind_proxy" if conn.proxied else "write_not_local")


def test_once_reached_through_a_proxy_the_server_is_read_only_for_the_person_at_the_computer_too():
    direct = Connection(**LOOPBACK)
    assert access.decide(False, False, None, {}, direct).writer is not None
    assert access.decide(False, False, None, {}, direct, proxy_seen=True).reason == "write_behind_proxy"


def test_with_sign_in_only_listed_editors_write_and_only_their_kommuner():
    editors = access.editors({"Anna@Exempel.se": ["0683"], "chef@exempel.se": "*"})
    conn = Connection(**LOOPBACK)  # even on loopback: with sign-in configured, sign-in decides

    def who(email, **claims):
        return access.decide(True, True, {"email": email, "email_verified": True, **claims}, editors, conn)

    assert access.decide(True, False, None, editors, conn).reason == "write_sign_in"
    assert who("okand@exempel.se").reason == "write_not_editor"
    anna = who("anna@exempel.se").writer
    assert anna == Writer("anna@exempel.se", frozenset({"0683"})) and anna.may_edit("0683") and not anna.may_edit("0684")
    assert who("chef@exempel.se").writer.everything
    anna.check(["0683", "0683-centrum"])
    anna.check(["06", "0000"], official=True)   # län and riket from the official source
    for touched in (["0684"], ["0684-centrum"], ["06"]):
        with pytest.raises(AccessError):
            anna.check(touched)
    with pytest.raises(ConfigError) as err:
        access.editors({"anna@exempel.se": ["683x"]})
    assert "anna@exempel.se" in err.value.message("sv")


def test_sign_in_needs_a_verified_e_mail_matched_exactly_after_nfkc_and_lower_case():
    editors = access.editors({"anna@exempel.se": ["0683"], "strasse@exempel.se": ["0684"]})
    conn = Connection(**LOOPBACK)

    def decide(**claims):
        return access.decide(True, True, claims, editors, conn)

    # the finding: email_verified false got an editor's rights
    assert decide(email="anna@exempel.se", email_verified=False).reason == "write_not_verified"
    assert decide(email="anna@exempel.se").reason == "write_not_verified"              # no claim at all
    assert decide(email="anna@exempel.se", email_verified=True).writer.user == "anna@exempel.se"
    assert decide(email="anna@exempel.se", email_verified="true").writer is not None   # as some providers send it
    assert decide(email="anna@exempel.se", xms_edov=True).writer is not None           # Entra ID's claim
    # casefold() made STRAßE@ match strasse@: lower() keeps ß
    assert decide(email="STRAßE@exempel.se", email_verified=True).reason == "write_not_editor"
    assert decide(email="STRASSE@exempel.se", email_verified=True).writer.kommuner == frozenset({"0684"})
    assert decide(email="\uff41nna@exempel.se", email_verified=True).writer is not None  # fullwidth a: NFKC


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
    assert len(uploads(at)) == 7 and any("Du ändrar som lokal användare, för alla kommuner" in c.value for c in at.caption)


def test_a_visit_through_a_default_nginx_makes_the_data_page_read_only_for_everyone(demo_dir, monkeypatch, local_user):
    from pages import _shared
    monkeypatch.setattr(_shared, "connection", lambda: Connection(**{**LOOPBACK, "headers": NGINX_DEFAULT}))
    at = run_app(demo_dir, monkeypatch, "9901", page=PAGE)
    assert not uploads(at) and any("genom en annan server" in i.value for i in at.info)
    monkeypatch.setattr(_shared, "connection", lambda: Connection(**LOOPBACK))   # then the person at the computer
    at = run_app(demo_dir, monkeypatch, "9901", page=PAGE)
    assert not uploads(at) and any("genom en annan server" in i.value for i in at.info)


def test_an_editor_of_one_kommun_cannot_import_a_file_for_all_kommuner(data_dir):
    imports.import_bra(data_dir, YEARLY_2023.read_bytes(), YEARLY_2023.name)   # from the command line: everything
    def imported_by(origin: str) -> set[str]:
        sources = json.loads((data_dir / "raw" / "sources.json").read_text())
        return {s["imported_by"] for s in sources.values() if s.get("origin") == origin}

    (by,) = imported_by(YEARLY_2023.name)
    assert by.endswith("(kommandoraden)")
    before = snapshot(data_dir)
    changed = YEARLY_2023.read_bytes().replace(b"Gotland;6 110", b"Gotland;6 111")
    anna = Writer("anna@exempel.se", frozenset({"0683"}))
    with pytest.raises(AccessError) as err:
        imports.import_bra(data_dir, changed, "Anmälda brott kommunerna 2023.csv", writer=anna)
    assert "0980" in err.value.message("sv") and "Inget ändrades" in err.value.message("sv")
    assert snapshot(data_dir) == before
    gotland = Writer("gotland@exempel.se", frozenset({"0980"}))
    imports.import_bra(data_dir, changed, "rättad 2023.csv", writer=gotland)  # only Gotland's row changed
    assert imported_by("rättad 2023.csv") == {"gotland@exempel.se"}


def test_only_whoever_may_add_data_is_sent_to_the_data_page(demo_dir, monkeypatch, local_user):
    """Tallmo has no incident export: its Områden page links the local user to Data, where the upload is."""
    at = run_app(demo_dir, monkeypatch, "9905", page="pages/omraden.py")
    assert [link.proto.label for link in at.get("page_link")] == ["Lägg in data på sidan Data"]


def test_a_reader_is_told_who_adds_data_instead_of_a_link_to_a_page_they_cannot_use(demo_dir, monkeypatch):
    monkeypatch.setattr(streamlit, "user", SignedIn(is_logged_in=False))
    at = run_app(demo_dir, monkeypatch, "9905", page="pages/omraden.py")   # AppTest's connection is not loopback
    assert not at.get("page_link")
    assert any(c.value == "Uppgifterna läggs in av den som sköter Lägesbild i kommunen." for c in at.caption)
