"""A real nginx in front (Debian's), configured as nginx's own WebSocket example: `proxy_pass` to the app
on 127.0.0.1, the default Host, no forwarding header at all. The finding: every visitor through it was
"lokal användare" with uploads and the editor. Now the browser's Origin (nginx's address) gives the proxy
away: the visitor reads only, and so, from then on, does the person at the computer (the server can be
reached through a proxy). Without nginx the test is skipped locally and FAILS in CI (`CI=true`), where
`.ci/run` installs it.
"""
from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from etl import build
from tests.conftest import needed
from tests.e2e.server import free_port, serving
from tests.e2e.test_browser import open_app

# nginx's "WebSocket proxying" example (nginx.org/en/docs/http/websocket.html), nothing added.
NGINX_CONF = """
daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }}
    }}
}}
"""


def nginx_path() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        needed("nginx not found (Debian: apt-get install nginx); the proxy test needs it")
    return found


@pytest.fixture
def served(chromium, tmp_path) -> Iterator[str]:
    """A server of its own (a proxied visit makes a server read-only for good), with the demo store."""
    data = tmp_path / "data"
    build.build(data, demo=True)
    try:
        with serving(data, tmp_path / "streamlit.log") as (_, url):
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def nginx(served, tmp_path) -> Iterator[str]:
    binary = nginx_path()
    conf_dir = tmp_path / "nginx"
    conf_dir.mkdir()
    port = free_port()
    conf = conf_dir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=conf_dir, port=port, app_port=served.rsplit(":", 1)[1]))
    proc = subprocess.Popen([binary, "-p", str(conf_dir), "-c", str(conf)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                assert r.read().decode().strip() == "ok"
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode(errors='replace')}", pytrace=False)
            time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def data_page(page: Page, url: str) -> Page:
    open_app(page, url, "data")
    expect(page.get_by_text("Importera filer")).to_be_visible()
    return page


def test_through_a_default_nginx_nobody_writes_not_even_at_the_computer(page, served, nginx):
    direct = data_page(page, served)   # straight to the app on loopback: the person at the computer
    expect(direct.get_by_text("Du ändrar som lokal användare")).to_be_visible()
    expect(direct.get_by_test_id("stFileUploader").first).to_be_visible()

    proxied = data_page(page, nginx)   # the same browser through nginx: read-only, and told why
    expect(proxied.get_by_text("genom en annan server")).to_be_visible()
    expect(proxied.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(proxied.get_by_text("Du ändrar som")).to_have_count(0)

    again = data_page(page, served)    # the server can be reached through a proxy: read-only for everyone
    expect(again.get_by_text("genom en annan server")).to_be_visible()
    expect(again.get_by_test_id("stFileUploader")).to_have_count(0)
