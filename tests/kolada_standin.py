"""A local stand-in for Kolada v3 on loopback: real HTTP, v3-shaped pages, next_url paging, and
scripted trouble (429 with Retry-After, 503 once) so the client's retries can be tested.

KPI metadata (`/kpi?title=`, `/kpi/ID`) comes from tests/fixtures/kolada_kpis.json: ten real KPIs with
their ids, titles and descriptions transcribed from Kolada's catalogue (../shared/reference)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlparse

from lagesbild.scb import geographies
from tests.conftest import FIXTURES

PAGE_SIZE = 10
# Kolada's comparison groups in v3's shape. G168177 is Kolada's "Höglandskommunerna (ovägt medel)" with its
# members (../shared/SOURCES.md §1); the second group's id and members are the stand-in's own.
GROUPS = [{"id": "G168177", "title": "Höglandskommunerna (ovägt medel)",
           "members": [{"member_id": c, "member_title": n} for c, n in (("0604", "Aneby"), ("0682", "Nässjö"),
                       ("0684", "Sävsjö"), ("0685", "Vetlanda"), ("0686", "Eksjö"))]},
          # named after its kommun and listing the kommuner most like it, not the kommun itself (Kolada's "de 7 mest
          # lika", rka.nu: Verktyget liknande kommuner); the test's own id and members
          {"id": "G900683", "title": "Liknande kommuner socioekonomi, Värnamo, 2024 (testgrupp)",
           "members": [{"member_id": c, "member_title": ""} for c in ("0617", "0662", "0764", "1382")]}]
KPIS = json.loads((FIXTURES / "kolada_kpis.json").read_text(encoding="utf-8"))
SURVEY_MARGINS = {"N07657": "N07609", "N07659": "N07611", "U01610": "N00610"}


def value_of(kpi: str, kolada_id: str, year: int) -> float:
    """Hand-checkable values: the rate is 1000 + year for Värnamo, population 30 000 + year, …"""
    if kpi == "N01951":
        return 30_000.0 + year + int(kolada_id[-2:])
    if kpi in SURVEY_MARGINS:
        return 3.0
    return 1000.0 + year - 2000 + int(kolada_id[-2:]) / 10


class Loopback:
    """A Kolada stand-in's plumbing: real HTTP on 127.0.0.1 in a thread; `respond(path)` gives each GET's
    (status, headers, JSON body). Used as a context manager; `requests` lists the paths asked for."""

    def __init__(self):
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v3"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def respond(self, path: str) -> tuple[int, dict, dict | None]:
        raise NotImplementedError

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                standin.requests.append(self.path)
                status, headers, doc = standin.respond(self.path)
                body = json.dumps(doc).encode() if doc is not None else b""
                self.send_response(status)
                for k, v in {**headers, **({"Content-Type": "application/json"} if doc is not None else {})}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


class Standin(Loopback):
    def __init__(self, trouble: list[tuple[int, dict]] | None = None):
        self.trouble = list(trouble or [])   # (status, headers) answered before the real answers
        super().__init__()

    def data_paths(self) -> list[str]:
        return [p for p in self.requests if p.startswith("/v3/data/")]

    def respond(self, path: str) -> tuple[int, dict, dict | None]:
        if self.trouble:
            status, headers = self.trouble.pop(0)
            return status, headers, None
        url = urlparse(path)
        return 200, {}, self._answer(url.path, parse_qs(url.query))

    def _answer(self, path: str, query: dict) -> dict:
        parts = path.strip("/").split("/")
        if parts[1] == "kpi":   # /v3/kpi?title=… (a case-insensitive part of the title) or /v3/kpi/ID,ID
            ids = parts[2].split(",") if len(parts) > 2 else None
            title = query.get("title", [""])[0].casefold()
            entries = [k for k in KPIS if (k["id"] in ids if ids else title in k["title"].casefold())]
        elif parts[1] == "municipality_groups":
            entries = GROUPS
        elif parts[1] == "municipality":
            names = {("00" + c if len(c) == 2 else c): n for c, n in zip(geographies()["code"], geographies()["name"])}
            entries = [{"id": i, "title": n, "type": "K" if len(i) == 4 and not i.startswith("00") else "L"}
                       for i, n in sorted(names.items())]
        else:  # /v3/data/kpi/{kpis}/municipality/{ids}/year/{years}
            kpis, ids, years = parts[3].split(","), parts[5].split(","), [int(y) for y in parts[7].split(",")]
            entries = []
            for kpi in kpis:
                for mid in ids:
                    for year in years:
                        values = [{"gender": "T", "count": 1, "status": "", "value": value_of(kpi, mid, year),
                                   "isdeleted": False},
                                  {"gender": "T", "count": 1, "status": "", "value": 99999.0, "isdeleted": True}]
                        if kpi == "N07609":
                            values += [{"gender": "K", "count": 1, "status": "", "value": 30.0, "isdeleted": False},
                                       {"gender": "M", "count": 1, "status": "Missing", "value": None,
                                        "isdeleted": False}]
                        entries.append({"kpi": kpi, "municipality": mid, "period": year, "values": values})
        size = 200 if parts[1] == "municipality" else 3 if parts[1] == "kpi" else PAGE_SIZE
        page = int(query.get("page", ["1"])[0])
        chunk = entries[(page - 1) * size: page * size]
        more = page * size < len(entries)
        title = f"&title={quote(query['title'][0])}" if "title" in query else ""
        next_url = f"{self.url}{path[3:]}?per_page={size}&page={page + 1}{title}" if more else None
        return {"count": len(chunk), "next_url": next_url, "values": chunk}
