"""A fuzz of uploads on the Data page, under the import memory cap. Never fails on a timing.

    python -m benchmarks.fuzz_uploads --minutes 5 [--seed N] [--memory-mb 1024]

The Data page runs as Streamlit runs it (AppTest, the local user at the computer) on a copy of the demo's raw
files, built. Each round makes one hostile file from a valid one in the real format — an incident export, an
insatser log, a Brå file, a survey with its mapping, a Kolada answer; CSV or .xlsx — by mutations the attacks
used (far dates, a new area and category per row, a cell far right, a large styles part, deep TOML, bidi
and line separators, emoji, NUL bytes, cut-off files, strings for lists, catalogue ids …), uploads it in its
tab and presses Importera. The import runs as every upload does, in a process of its own under the memory
cap (etl/isolated.py). After each round: the page shows a message and no traceback, the process running the
page is up, and after a refusal the data dir is byte for byte what it was (an accepted file changes it, and
becomes the next round's starting point). Prints what it saw; exits 1 if any of that failed.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import random
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from etl import build, isolated
from lagesbild.demo import DEMO_DIR

ROOT = Path(__file__).resolve().parent.parent
ODD = ["\u202e", "\u2066", "\u2028", "\u2029", "\x00", "\x85", "\u200f", "\U0001F333", "\ud800", "<b>", "=HYPERLINK(\"x\")",
       "'", '"', ";", ",", "\t", "\r", "Ö" * 300, "1e400", "-1", "..", "–", "\ufeff"]


# --- valid files of each kind, to start from -----------------------------------------------------------------

def _incidents(rng: random.Random) -> list[list[str]]:
    header = ["datum", "kategori", "omrade", "kommunkod"] + (["ärendenummer"] if rng.random() < 0.4 else [])
    rows = [header]
    for n in range(rng.randint(1, 40)):
        row = [f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.choice(["stöld", "Stöld", "klotter", "rån"]),
               rng.choice(["Centrum", "Norr", "Hamnen"]), "9901"]
        rows.append(row + ([f"K{n}"] if len(header) == 5 else []))
    return rows


def _insatser(rng: random.Random) -> list[list[str]]:
    rows = [["namn", "omrade", "typ", "start", "slut", "kommunkod", "id"]]
    for n in range(rng.randint(1, 5)):
        rows.append([f"Insats {n}", rng.choice(["Centrum", "Norr"]), "Belysning", f"2024-0{rng.randint(1, 9)}-01", "",
                     "9901", str(n)])
    return rows


def _bra(rng: random.Random) -> list[list[str]]:
    if rng.random() < 0.5:
        return [["Kommun", "Antal", "Per 100 000 inv."]] + [[name, str(rng.randint(0, 9999)), "1 234,5"]
                                                           for name in ("Ekbacka", "Hagaström", "Granvik")]
    return [["Region", "Brottstyp", "År", "Antal", "Per 100 000 inv."]] + [
        ["Ekbacka", "Totalt antal brott", str(rng.randint(2015, 2025)), str(rng.randint(0, 999)), "12,3"] for _ in range(3)]


def _survey(rng: random.Random) -> tuple[list[list[str]], str]:
    rows = [["lopnr", "kommunkod", "omrade", "kon", "vikt", "fraga"]]
    rows += [[str(n), "9901", rng.choice(["Centrum", "Norr"]), rng.choice("KM"), "1", str(rng.randint(1, 4))]
             for n in range(1, rng.randint(2, 80))]
    mapping = ('[survey]\nname = "Fuzzenkät"\nperiod = "2024"\ngeo = "kommunkod"\narea = "omrade"\nweight = "vikt"\n'
               'respondent = "lopnr"\ngroups = ["kon"]\nmin_n = 5\n\n[[indicator]]\nid = "fuzz_otrygg"\n'
               'title = "Otrygga, andel (%)"\ncolumn = "fraga"\ncount = [3, 4]\n')
    return rows, mapping


def _kolada(rng: random.Random) -> bytes:
    values = [{"kpi": "N07540", "municipality": "9901", "period": rng.randint(2015, 2025),
               "values": [{"gender": "T", "count": 1, "status": "", "value": rng.random() * 1e4, "isdeleted": False}]}]
    return repr({"count": 1, "next_url": None, "values": values}).replace("'", '"').replace("None", "null") \
        .replace("False", "false").encode()


# --- mutations ---------------------------------------------------------------------------------------------

def _mutate_rows(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    rows = [list(r) for r in rows]
    for _ in range(rng.randint(1, 3)):
        choice = rng.randrange(10)
        if choice == 0:    # far-apart dates, a new area and category on every row (the 1.4 kB, 4.6 GB file)
            rows[1:] = [[f"{rng.choice([1900, 2100, 1950])}-01-01", f"k{n}", f"o{n}", "9901"][:len(rows[0])]
                        for n in range(rng.randint(10, 400))]
        elif choice == 1 and len(rows) > 1:   # an odd character in a cell
            r = rng.randrange(1, len(rows))
            if rows[r]:
                c = rng.randrange(len(rows[r]))
                rows[r][c] = rows[r][c][:3] + rng.choice(ODD) + rows[r][c][3:]
        elif choice == 2:  # many columns, or a header twice
            rows[0] = rows[0] + (["extra"] * rng.randint(1, 1200) if rng.random() < 0.5 else [rows[0][0]])
        elif choice == 3:  # many rows
            rows += [list(rows[-1]) for _ in range(rng.randint(1000, 60_000))]
        elif choice == 4:  # ragged rows, dropped header
            rows = rows[1:] if rng.random() < 0.5 else [r[:rng.randint(0, len(r))] for r in rows]
        elif choice == 5:  # a category 'Total', a kommun that does not exist, another kommun's rows
            for r in (r for r in rows[1:] if r):
                r[rng.randrange(len(r))] = rng.choice(["Total", "9999", "9904", "0000", "", "2100-13-40"])
        elif choice == 6:  # a long cell
            rows[-1][:1] = ["x" * rng.choice([199, 201, 10_001, 1_000_000])]
        elif choice == 7:  # shuffled
            body = rows[1:]
            rng.shuffle(body)
            rows[1:] = body
        elif choice == 8:  # a new area per row
            for n, r in enumerate(r for r in rows[1:] if r):
                r[min(2, len(r) - 1)] = f"område {n} {rng.random()}"
        else:              # dates far apart only
            for r in (r for r in rows[1:] if r):
                r[0] = rng.choice(["1900-01-01", "2100-12-31", r[0]])
    return rows


MAX_BYTES = 50 * 2**20   # the upload limit: a generated file never grows past it


def _bounded(rows: list[list[str]]) -> list[list[str]]:
    """The first rows whose cells add up to at most MAX_BYTES characters."""
    size = 0
    for n, row in enumerate(rows):
        size += sum(len(c) + 1 for c in row)
        if size > MAX_BYTES:
            return rows[:n]
    return rows


def _csv(rows: list[list[str]], rng: random.Random) -> bytes:
    sep = rng.choice([";", ",", ";", "\t"])
    text = "\n".join(sep.join(r) for r in _bounded(rows)) + "\n"
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252"])
    data = text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:   # bytes flipped or cut off
        data = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data[:rng.randint(1, len(data))])
    return data


def _xlsx(rows: list[list[str]], rng: random.Random) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r in _bounded(rows[:5000]):
        sheet.append([c.encode("utf-8", "replace").decode("utf-8", "replace").replace("\x00", "") for c in r])
    if rng.random() < 0.3:   # one cell far right on each row (the 41 kB, 3.3 GB file)
        for n in range(2, rng.randint(3, 3000)):
            sheet.cell(row=n, column=rng.choice([1001, 16_000]), value="x")
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if rng.random() < 0.3:   # a large styles part, or a damaged zip
        src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                part = src.read(item)
                if item.filename == "xl/styles.xml":
                    part = part.replace(b"</cellXfs>", b'<xf numFmtId="0" fontId="0"/>' * rng.choice([10, 200_000])
                                        + b"</cellXfs>")
                dst.writestr(item, part if rng.random() > 0.1 else part[:len(part) // 2])
        data = buf.getvalue()
    return data


def _mutate_toml(text: str, rng: random.Random) -> str:
    choice = rng.randrange(7)
    if choice == 0:
        return text + "x = " + "[" * 3000 + "]" * 3000 + "\n"
    if choice == 1:
        return text.replace('id = "fuzz_otrygg"', rng.choice(['id = "N07540"', 'id = "enk_otrygg_kvall"', 'id = 5']))
    if choice == 2:
        return text.replace('groups = ["kon"]', rng.choice(['groups = "kon"', "groups = [1]", 'groups = ["saknas"]']))
    if choice == 3:
        return text.replace('title = "Otrygga, andel (%)"', f'title = "{rng.choice(ODD[:8])}x"')
    if choice == 4:
        return text + "".join(f'[[indicator]]\nid = "x{i}"\ntitle = "X"\ncolumn = "fraga"\ncount = [1]\n'
                              for i in range(rng.choice([5, 250])))
    if choice == 5:
        return text.replace("min_n = 5", rng.choice(["min_n = 0", "min_n = -1", 'min_n = "5"', "min_n = 1e9"]))
    return text[:rng.randrange(len(text))]


@dataclass(frozen=True)
class Upload:
    tab: str            # incidents | interventions | bra | survey | kolada
    name: str
    data: bytes
    mapping: bytes = b""


def hostile(rng: random.Random) -> Upload:
    """One hostile upload: a valid file of a random kind, mutated."""
    tab = rng.choice(["incidents", "incidents", "interventions", "bra", "survey", "survey", "kolada"])
    # (a NUL in a name never arrives: browsers cannot send it, and Streamlit refuses it)
    name = rng.choice(["fil", "Anmälda brott kommunerna 2024", "../../etc/x", "a\u202eb", "ö" * 150, "svar"])
    if tab == "kolada":
        data = _kolada(rng)
        if rng.random() < 0.7:
            data = data.replace(b"N07540", rng.choice([b"\\ud800", b"N99999", b"N07540\xff"])) \
                if rng.random() < 0.5 else data[:rng.randrange(len(data))]
        return Upload(tab, name + ".json", data)
    mapping = b""
    if tab == "survey":
        rows, toml = _survey(rng)
        mapping = (_mutate_toml(toml, rng) if rng.random() < 0.5 else toml).encode("utf-8", "surrogatepass")
    else:
        rows = {"incidents": _incidents, "interventions": _insatser, "bra": _bra}[tab](rng)
    if rng.random() < 0.8:
        rows = _mutate_rows(rows, rng)
    excel = rng.random() < 0.25
    data = _xlsx(rows, rng) if excel else _csv(rows, rng)
    return Upload(tab, name + (".xlsx" if excel else ".csv"), data[:MAX_BYTES], mapping)


# --- the rounds ----------------------------------------------------------------------------------------------

def snapshot(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class Summary:
    uploads: int = 0
    accepted: int = 0
    refused: int = 0
    memory_stops: int = 0
    tracebacks: list[str] = field(default_factory=list)        # a page exception: the upload's kind and name
    changed_on_refusal: list[str] = field(default_factory=list)
    no_message: list[str] = field(default_factory=list)
    slowest_s: float = 0.0
    limits: Counter = field(default_factory=Counter)           # the first words of each refusal

    @property
    def ok(self) -> bool:
        return not (self.tracebacks or self.changed_on_refusal or self.no_message)


def _page(data_dir: Path):
    from streamlit.testing.v1 import AppTest

    import os
    os.environ["LAGESBILD_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.session_state["kommun"], at.session_state["lang_choice"] = "9901", "sv"
    at.run()
    at.switch_page("pages/data.py").run()
    return at


def _upload(at, upload: Upload):
    at.file_uploader(key=f"upload_{upload.tab}").set_value((upload.name, upload.data, "application/octet-stream")).run()
    if upload.tab == "survey":
        at.file_uploader(key="upload_mapping").set_value(("mappning.toml", upload.mapping, "application/toml")).run()
    at.button(key=f"import_{upload.tab}").click().run()
    return at


def run(seconds: float, seed: int = 1, memory_mb: int = 1024, say=print) -> Summary:
    """Uploads hostile files for `seconds` on a fresh copy of the demo's data; what happened. The memory cap,
    data dir and loopback connection it sets are put back after (a test suite goes on in this process)."""
    import os

    from lagesbild.access import Connection
    from pages import _shared

    saved = {k: os.environ.get(k) for k in (isolated.MEMORY_ENV, "LAGESBILD_DATA_DIR")}
    connection = _shared.connection
    os.environ[isolated.MEMORY_ENV] = str(memory_mb)
    _shared.connection = lambda: Connection(server_address="127.0.0.1", client_ip=None, server_port=8501,
                                            headers={"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"})
    _shared.PROXY_SEEN.clear()
    try:
        return _run(seconds, seed, say)
    finally:
        _shared.connection = connection
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run(seconds: float, seed: int, say) -> Summary:
    rng, summary = random.Random(seed), Summary()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(DEMO_DIR, data_dir / "raw")
        build.build(data_dir)
        at = _page(data_dir)
        before = snapshot(data_dir)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            upload = hostile(rng)
            label = f"{upload.tab}: {upload.name[:40]!r} ({len(upload.data)} B)"
            started = time.monotonic()
            try:
                _upload(at, upload)
            except Exception as exc:   # AppTest itself failed (a timeout): the page is reopened
                summary.tracebacks.append(f"{label}: {type(exc).__name__}")
                at = _page(data_dir)
                continue
            summary.slowest_s = max(summary.slowest_s, time.monotonic() - started)
            summary.uploads += 1
            if at.exception:
                summary.tracebacks.append(f"{label}: {at.exception[0].value[:200]}")
            errors = [e.value for e in at.error if e.value.startswith("Importen stoppades")]
            if errors:
                summary.refused += 1
                summary.memory_stops += "importen behövde mer minne" in errors[0]
                summary.limits[" ".join(errors[0].split(": ", 1)[-1].split()[:8])] += 1
                if snapshot(data_dir) != before:
                    summary.changed_on_refusal.append(label)
                    before = snapshot(data_dir)
            elif at.success:
                summary.accepted += 1
                before = snapshot(data_dir)
            else:
                summary.no_message.append(label)
            if summary.uploads % 10 == 0:
                say(f"  {summary.uploads} uploads, {summary.refused} refused, {summary.accepted} accepted …")
            at = _page(data_dir) if summary.uploads % 25 == 0 else at   # a fresh session now and then
    return summary


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.fuzz_uploads", description=__doc__.split("\n")[0])
    p.add_argument("--minutes", type=float, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--memory-mb", type=int, default=1024, help="the import memory cap (LAGESBILD_IMPORT_MEMORY_MB)")
    args = p.parse_args(argv)
    started = time.monotonic()
    s = run(args.minutes * 60, args.seed, args.memory_mb)
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\n{s.uploads} uploads in {(time.monotonic() - started) / 60:.1f} min (seed {args.seed}, cap {args.memory_mb} MB): "
          f"{s.refused} refused ({s.memory_stops} by the memory cap), {s.accepted} accepted; slowest {s.slowest_s:.1f} s; "
          f"largest import process {child_mb:.0f} MB")
    print(f"page tracebacks: {len(s.tracebacks)}; data dir changed by a refusal: {len(s.changed_on_refusal)}; "
          f"no message: {len(s.no_message)}; the page's process: up")
    for label in [*s.tracebacks, *s.changed_on_refusal, *s.no_message]:
        print(f"  ! {label}")
    print("most frequent refusals:")
    for text, n in s.limits.most_common(12):
        print(f"  {n:4}  {text}")
    return 0 if s.ok else 1


if __name__ == "__main__":
    sys.exit(main())
