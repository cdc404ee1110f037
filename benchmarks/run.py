"""Measure Lägesbild at national scale and print a table. Never fails on a timing.

    python -m benchmarks [--json FILE] [--quick] [--sessions N] [--reruns N] [--keep DIR]

1. generate national-scale raw files (benchmarks/generate.py) in a temp data dir
2. full ETL build in a subprocess (`python -m etl build`): wall time, CPU time, peak memory (ru_maxrss)
3. store size on disk
4. app cold start: the start command (`python dashboard.py`, the README's) until Chromium (Playwright) shows the
   first `.js-plotly-plot`, three times, alternating with benchmarks/one_chart.py by `streamlit run` (a page with
   one small chart: what Streamlit and Plotly take before the app does anything)
5. server time of a page rerun after a kommun change (AppTest `at.run()`), median and p95 (also split
   into first views of a kommun and returns to one), against an empty Streamlit page measured the
   same way in the same run
6. in Chromium (benchmarks/browser.py): choosing another kommun until every chart of Lägesbild and of
   Faktisk och upplevd is drawn, 8 kommuner, against benchmarks/floor_switch.py (the same charts pre-built),
   twice each alternately on fresh servers, and where the time goes per page (the server's own run log, the
   figures' arrival, Plotly's drawing); then 25 sessions on one server pinned to core 0 (the browsers on core 1):
   the switch against one session alone, the server's own script-run p95 against one session's, and the server's
   memory from 1 to 25 sessions
7. the deck (`python -m lagesbild deck`) for Stockholm
8. the Trygghetsbokslut document (`python -m lagesbild bokslut`, Word and PDF) for Stockholm (bokslut_s) and for
   a förbund of three kommuner
9. the funnel of all kommuner for Stockholm, on the server, nothing remembered (funnel_s, ≤ 1 s)
10. the lägesbild enligt lagen (`python -m lagesbild rapport`, Word) for Stockholm (rapport_s, ≤ 5 s)
11. a fresh clone's first run: the start command on a data dir without a store, until the first chart (first_run_s)
12. the open-data world (tests/open_world.py) fetched for all 290 kommuner and built (world_build_s, ≤ 10 s)

`--json FILE` also writes the issue's figures (JSON_NAMES; ratios are the app over its floor measured in the
same run). `--quick`: one cold start each, three kommuner, one browser round, 5 sessions, the Word bokslut only.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import browser, generate
from benchmarks.browser import p95
from tests.e2e.server import CHROMIUM_ARGS, ROOT, VIEWPORT, chromium_path, serving

EMPTY_PAGE = 'import streamlit as st\n\nst.write("")\n'


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    ram = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return {"nproc": str(os.cpu_count()), "RAM": f"{ram / 1024**2:.1f} GiB", "CPU": cpu,
            "Python": platform.python_version(), "OS": platform.platform(), "load (1 min)": f"{os.getloadavg()[0]:.1f}"}


def measure_build(data_dir: Path) -> dict[str, float]:
    """Run first, before any other child process, so RUSAGE_CHILDREN's ru_maxrss is the build's."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "etl", "build", "--data-dir", str(data_dir)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024}


def store_size(data_dir: Path) -> float:
    build_id = (data_dir / "processed" / "CURRENT").read_text().strip()
    return sum(p.stat().st_size for p in (data_dir / "processed" / "builds" / build_id).iterdir()) / 1024**2


def cold_start(data_dir: Path, log: Path, script: Path = ROOT / "dashboard.py") -> tuple[float, float] | None:
    """Seconds from `streamlit run` to its health check answering, and to the first chart drawn
    in the browser (the browser itself is already running)."""
    chromium = chromium_path()
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        start = time.perf_counter()
        try:
            with serving(data_dir, log, script) as (_, url):
                healthy = time.perf_counter() - start
                page.goto(url)
                page.wait_for_selector(".js-plotly-plot", timeout=120_000)
                return healthy, time.perf_counter() - start
        finally:
            browser.close()


FLOOR_PAGE = ROOT / "benchmarks" / "one_chart.py"


def first_run(work: Path) -> tuple[float, float] | None:
    """A fresh clone's first run: the start command (`python dashboard.py`) on a data dir without a store and
    without raw files, so the app builds the demo store itself (while Streamlit starts: pages/_serve.py), and
    Chromium, already running, opens the page as soon as the server answers its health check. Seconds from the
    command until the first chart's element is on the page, and from opening the page until then."""
    chromium = chromium_path()
    if chromium is None:
        return None
    fresh = work / "fresh-clone"
    fresh.mkdir()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        start = time.perf_counter()
        try:
            with serving(fresh, work / "first-run.log") as (_, url):
                opened = time.perf_counter()
                page.goto(url)
                page.wait_for_selector(".js-plotly-plot", timeout=120_000)
                return time.perf_counter() - start, time.perf_counter() - opened
        finally:
            browser.close()


def median_start(runs: list[tuple[float, float] | None]) -> tuple[float, float] | None:
    """The run with the median time to the first chart (None without a browser)."""
    done = sorted((r for r in runs if r is not None), key=lambda r: r[1])
    return done[len(done) // 2] if done else None


def _quiet() -> None:
    """Setting session state from this thread warns "missing ScriptRunContext" each time."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


def rerun_times(script: Path, data_dir: Path, key: str, values: list[str], reruns: int) -> list[float]:
    """Server time of `at.run()` after changing a sidebar choice, rerun after rerun."""
    from streamlit.testing.v1 import AppTest
    os.environ["LAGESBILD_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(script), default_timeout=300)
    _quiet()
    at.session_state[key] = values[0]
    at.session_state["lang_choice"] = "sv"
    at.run()  # the first run loads the store into the resource cache
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    _quiet()  # the first run has reconfigured Streamlit's loggers
    times = []
    for i in range(reruns):
        at.session_state[key] = values[(i + 1) % len(values)]
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return times


def command_time(command: str, data_dir: Path, kommun: str, out: Path, *extra: str) -> float | None:
    """Seconds for `python -m lagesbild COMMAND` (a new process: reading the store included)."""
    if importlib.util.find_spec("lagesbild.__main__") is None:
        return None
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "lagesbild", command, "--data-dir", str(data_dir),
                             "--kommun", kommun, *extra, "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        print(f"{command} failed: {result.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    return time.perf_counter() - start


def rapport_time(data_dir: Path, kommun: str, out: Path) -> float | None:
    """rapport_s: the lägesbild enligt lagen (`python -m lagesbild rapport`, Word) for the store's last year, the
    page's default, in its own process."""
    return command_time("rapport", data_dir, kommun, out, "--year", str(generate.YEARS[-1]))

def world_build_time(work: Path) -> tuple[float, float] | None:
    """world_build_s: the open-data world (tests/open_world.py: Kolada's shapes for all 290 kommuner, served on
    loopback) fetched for every kommun by `python -m etl fetch kolada --kommun <all 290> --from 2010 --to 2025`, which validates every
    page, writes the raw files and builds the store (imports.commit): seconds for that command, and for a
    `python -m etl build` of the fetched data dir alone."""
    from tests.open_world import YEARS, WorldStandin, world

    directory = work / "open-world"
    directory.mkdir()
    codes = ",".join(world().kommuner["code"])
    with WorldStandin() as kolada:
        env = {**os.environ, "KOLADA_API_URL": kolada.url}
        start = time.perf_counter()
        fetched = subprocess.run([sys.executable, "-m", "etl", "fetch", "kolada", "--kommun", codes, "--from",
                                  str(YEARS[0]), "--to", str(YEARS[-1]), "--data-dir", str(directory)],
                                 cwd=ROOT, env=env, capture_output=True, text=True)
        fetch_s = time.perf_counter() - start
    if fetched.returncode != 0:
        print(f"fetch kolada failed: {fetched.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "etl", "build", "--data-dir", str(directory)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return fetch_s, time.perf_counter() - start


def deck_time(data_dir: Path, kommun: str, out: Path) -> float | None:
    return command_time("deck", data_dir, kommun, out)


def bokslut_time(data_dir: Path, kommun: str, out: Path) -> float | None:
    return command_time("bokslut", data_dir, kommun, out, "--year", str(generate.YEARS[-1]))


def funnel_time(data_dir: Path, kommun: str) -> float:
    """Seconds for the server to draw the funnel of all kommuner (recorded crime, the kommun's group marked): the
    Faktisk och upplevd page's and the deck's figure, on a freshly read store whose per-build indexes (the
    observations by geography, the population; ~1 s, built once per store by the first page anyone opens) are
    built, and nothing of the funnel remembered: in a process of its own (this one has drawn the pages' charts
    for the browser's floor, the funnel among them, and would find it remembered)."""
    code = f"from pathlib import Path; from benchmarks.run import _funnel_time; print(_funnel_time(Path({str(data_dir)!r}), {kommun!r}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _funnel_time(data_dir: Path, kommun: str) -> float:
    from lagesbild import analysis, figures, views
    from lagesbild.store import read_store

    store = read_store(data_dir)
    analysis.observed(store, views.CRIME, [kommun])
    analysis.store_population(store)
    start = time.perf_counter()
    group = views.default_group(store, kommun)
    members = next((g.members for g in analysis.groups_of(store, kommun) if g.id == group), ())
    figures.funnel(store, kommun, views.CRIME, None, "sv", group=tuple(members))
    return time.perf_counter() - start


def ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:.0f} / {max(xs) * 1000:.0f}" if xs else "–"


def row(name: str, value: str, aim: str, ok: bool | None) -> tuple[str, str, str, str]:
    return name, value, aim, "–" if ok is None else ("yes" if ok else "NO")


def table(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("measure", "result", "aim", "within aim")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


# The figures `--json FILE` writes, in this order (issue 17); ratios are the app over its floor in the same run.
JSON_NAMES = ("build_s", "build_peak_mb", "cold_start_ratio", "kommun_switch_browser_p95_ratio",
              "concurrent_p95_ratio", "session_rss_mb", "deck_s", "bokslut_s", "funnel_s",
              # issue 29
              "first_run_s", "concurrent_server_p95_ratio", "rapport_s", "world_build_s")


def figures_json(b: dict, first_chart, floor, felt, deck: float | None, bokslut: float | None,
                 funnel: float | None = None, fresh: tuple[float, float] | None = None, rapport: float | None = None,
                 world: tuple[float, float] | None = None) -> dict:
    """The JSON figures; None where a figure could not be measured (no Chromium, a failed command)."""
    values = {"build_s": b["wall"], "build_peak_mb": b["peak_mb"],
              "cold_start_ratio": None if first_chart is None or floor is None else first_chart[1] / floor[1],
              "kommun_switch_browser_p95_ratio": felt and felt.switch_ratio(),
              "concurrent_p95_ratio": felt and felt.crowd_ratio(), "session_rss_mb": felt and felt.crowd.rss_per_session(),
              "deck_s": deck, "bokslut_s": bokslut, "funnel_s": funnel,
              "first_run_s": fresh and fresh[0], "concurrent_server_p95_ratio": felt and felt.crowd.server_ratio(),
              "rapport_s": rapport, "world_build_s": world and world[0]}
    return {name: None if values[name] is None else round(float(values[name]), 3) for name in JSON_NAMES}


def felt_rows(felt) -> list[tuple[str, str, str, str]]:
    """The browser's figures: the kommun switch against its floor, and many sessions on one server."""
    def pooled(runs, walk: str, what: str = "kommun", page: str | None = None) -> list[float]:
        return [s.drawn_s for r in runs for s in getattr(r, walk) if s.what == what and page in (None, s.page)]

    def both(walk: str, what: str = "kommun", page: str | None = None, stat=p95) -> str:
        a, f = pooled(felt.app, walk, what, page), pooled(felt.floor, walk, what, page)
        return f"{stat(a):.2f} s / {stat(f):.2f} s = {stat(a) / stat(f):.2f}×" if a and f else "–"

    switch, crowd = felt.switch_ratio(), felt.crowd_ratio()
    c = felt.crowd
    one, many = browser.kommun_switches(c.single), browser.kommun_switches(c.crowd)
    others = [s.started_s for s in c.others if s.what == "kommun"]
    per_session = c.rss_per_session()
    cpu_one, cpu_many = c.cpu_per_action()
    actions = len(c.crowd) + len(c.others)
    return [
        row(f"kommun switch in Chromium, first view, p95 (app / floor, {len(felt.app)}×{len(pooled(felt.app, 'cold'))})",
            both("cold"), "≤ 1.3×", switch <= 1.3),
        row("  Lägesbild, median", both("cold", page="", stat=statistics.median), "", None),
        row("  Faktisk och upplevd, median", both("cold", page="faktisk_upplevd", stat=statistics.median), "", None),
        row("  return to a kommun, p95", both("warm"), "", None),
        row("  page chosen in the navigation, median", both("cold", "page", stat=statistics.median), "", None),
        row("  first page of a fresh server (app / floor), median",
            f"{statistics.median(r.opened.drawn_s for r in felt.app):.1f} s / "
            f"{statistics.median(r.opened.drawn_s for r in felt.floor):.1f} s", "", None),
        *(row(f"  {page}: drawn / server run / figure arrived (transfer) / Plotly, medians", f"{w['drawn']:.2f} / "
              f"{w['server']:.2f} / {w['arrived']:.2f} ({w['transfer']:.2f}) / {w['plotly']:.2f} s", "", None)
          for page, w in felt.where_time_goes().items()),
        row(f"kommun switch, {c.sessions} sessions on one server, p95 (over one session alone)"
            + (", server on core 0, browsers on core 1" if c.pinned else ""),
            f"{p95(many):.2f} s / {p95(one):.2f} s = {crowd:.2f}×", "≤ 2×", crowd <= 2),
        row(f"  the server's own script runs, p95, {c.sessions} sessions / one (its run log)",
            "–" if c.server_ratio() is None else f"{p95(list(c.server_runs[1])):.3f} s / {p95(list(c.server_runs[0])):.3f} s"
            f" = {c.server_ratio():.2f}× ({len(c.server_runs[1])} / {len(c.server_runs[0])} runs)", "≤ 2×",
            None if c.server_ratio() is None else c.server_ratio() <= 2),
        row("  sessions one server process holds at a 1 s p95 on one core (estimate, see docs/performance.md)",
            "–" if c.sessions_at() is None else f"~{c.sessions_at():.0f}", "", None),
        row(f"  the other {c.sessions - 1} sessions (not drawing): run ended, median / p95",
            f"{statistics.median(others):.2f} / {p95(others):.2f} s" if others else "–", "", None),
        row(f"  {c.sessions - 1} sessions opening, {browser.OPENING_AT_ONCE} at a time, median / max",
            f"{statistics.median(s.started_s for s in c.opened):.1f} / {max(s.started_s for s in c.opened):.1f} s"
            if c.opened else "–", "", None),
        row("  server CPU per action, alone / in the crowd",
            f"{cpu_one * 1000:.0f} / {cpu_many * 1000:.0f} ms ({actions} actions in {c.seconds:.0f} s)", "", None),
        row("  CPU of the browser (every session, on this machine) / of the server, in the crowd",
            f"{c.browser_cpu_s:.0f} s / {c.server_cpu_s[1]:.0f} s", "", None),
        row("server memory (RSS): 1 session, " + f"{c.sessions} open, after their walks",
            " → ".join(f"{mb:.0f}" for _, mb in c.rss_mb) + " MB", "", None),
        row("  per extra session", "–" if per_session is None else f"{per_session:.1f} MB", "≤ 30 MB",
            None if per_session is None else per_session <= 30),
    ]


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    args.add_argument("--reruns", type=int, default=None, help="page reruns to time (default 40, --quick 10)")
    args.add_argument("--keep", type=Path, help="generate into this dir and keep it (default: a temp dir)")
    args.add_argument("--json", type=Path, help="also write the issue's figures to this JSON file")
    args.add_argument("--sessions", type=int, default=None, help="browser sessions at once (default 25, --quick 5)")
    args.add_argument("--quick", action="store_true",
                      help="one cold start each, three kommuner, one round in the browser, 5 sessions: a few minutes")
    opts = args.parse_args(argv)
    quick = opts.quick
    reruns = opts.reruns or (10 if quick else 40)
    sessions = opts.sessions or (5 if quick else 25)
    with tempfile.TemporaryDirectory(prefix="lagesbild-bench-") as tmp:
        work = opts.keep or Path(tmp)
        print("Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items()), flush=True)
        start = time.perf_counter()
        sizes = generate.write(work)
        raw_mb = sum(v for k, v in sizes.items() if k.startswith("raw/")) / 1024**2
        print(f"Generated {len(sizes)} files ({raw_mb:.0f} MB raw) in {time.perf_counter() - start:.1f} s", flush=True)

        b = measure_build(work)
        size = store_size(work)
        print("Build done; starting the app", flush=True)
        # Alternately, three times each: the dashboard and the floor, a page with one small chart.
        starts = [(cold_start(work, work / "streamlit.log"), cold_start(work, work / "floor.log", FLOOR_PAGE))
                  for _ in range(1 if quick else 3)]
        first_chart, floor = (median_start([s[i] for s in starts]) for i in (0, 1))
        kommuner = browser.SWITCH_KOMMUNER
        page = rerun_times(ROOT / "dashboard.py", work, "kommun", kommuner, reruns)
        empty_script = work / "empty_page.py"
        empty_script.write_text(EMPTY_PAGE)
        empty = rerun_times(empty_script, work, "kommun", kommuner, reruns)
        print("Server reruns done; the browser", flush=True)
        felt = None
        if chromium_path() is not None:
            felt = browser.measure(work, chromium_path(), rounds=1 if quick else 2,
                                   kommuner=kommuner[::3] if quick else kommuner, sessions=sessions)
        deck = deck_time(work, kommuner[0], work / "deck.pptx")
        rapport = rapport_time(work, kommuner[0], work / "rapport.docx")
        funnel = funnel_time(work, kommuner[0])
        fresh = first_run(work)
        world = world_build_time(work)
        bokslut = {name: bokslut_time(work, codes, work / f"bokslut.{name}") for name, codes in
                   (("docx", kommuner[0]), ("pdf", kommuner[0]), ("forbund.docx", "0682,0685,0686"))[:1 if quick else 3]}

    ratio = p95(page) / p95(empty)
    # The first pass over the kommuner computes each one's page; later passes find it remembered.
    first_views, returns = page[:len(kommuner) - 1], page[len(kommuner) - 1:]
    rows = [
        row("full national build, wall", f"{b['wall']:.1f} s (CPU {b['cpu']:.1f} s)", "≤ 10 s", b["wall"] <= 10),
        row("full national build, peak memory", f"{b['peak_mb']:.0f} MB", "≤ 1 GB", b["peak_mb"] <= 1024),
        row("store size on disk", f"{size:.1f} MB", "", None),
        row(f"cold start to first chart, median of {len(starts)} (app / one-chart page)",
            "n/a (no chromium)" if first_chart is None or floor is None else
            f"{first_chart[1]:.1f} s / {floor[1]:.1f} s = {first_chart[1] / floor[1]:.2f}×",
            "≤ 1.15×", None if first_chart is None or floor is None else first_chart[1] / floor[1] <= 1.15),
        row("  server up at (app / one-chart page)", "–" if first_chart is None or floor is None else
            f"{first_chart[0]:.1f} s / {floor[0]:.1f} s", "", None),
        row("page rerun after kommun change, median (server, AppTest)", f"{statistics.median(page) * 1000:.0f} ms", "", None),
        row("page rerun after kommun change, p95", f"{p95(page) * 1000:.0f} ms", "≤ 200 ms", p95(page) <= 0.2),
        row("  of which first view of a kommun, median / max", f"{ms(first_views)} ms", "", None),
        row("  of which return to a kommun, median / max", f"{ms(returns)} ms", "", None),
        row("empty page rerun, median / p95", f"{statistics.median(empty) * 1000:.0f} / {p95(empty) * 1000:.0f} ms", "", None),
        row("page p95 / empty page p95", f"{ratio:.1f}×", "", None),
        *(felt_rows(felt) if felt is not None else [row("browser figures", "n/a (no chromium)", "", None)]),
        row("deck_s: PowerPoint, Stockholm", "failed" if deck is None else f"{deck:.1f} s", "≤ 3 s",
            None if deck is None else deck <= 3),
        row("funnel_s: all kommuner in one picture, Stockholm (server)", f"{funnel:.2f} s", "≤ 1 s", funnel <= 1),
        row("rapport_s: lägesbild enligt lagen, Word, Stockholm", "failed" if rapport is None else f"{rapport:.1f} s",
            "≤ 5 s", None if rapport is None else rapport <= 5),
        row("first_run_s: a fresh clone, start command → first chart (page opened → first chart)",
            "n/a (no chromium)" if fresh is None else f"{fresh[0]:.1f} s ({fresh[1]:.1f} s)", "page ≤ 5 s",
            None if fresh is None else fresh[1] <= 5),
        row("world_build_s: the open-data world, `etl fetch kolada` of 290 kommuner with its build (build alone)",
            "failed" if world is None else f"{world[0]:.1f} s ({world[1]:.1f} s)", "≤ 10 s",
            None if world is None else world[0] <= 10),
        *(row(label, "failed" if bokslut[name] is None else f"{bokslut[name]:.1f} s", "≤ 5 s",
              None if bokslut[name] is None else bokslut[name] <= 5)
          for name, label in (("docx", "bokslut_s: Trygghetsbokslut, Word, Stockholm"),
                              ("pdf", "  the same as PDF"),
                              ("forbund.docx", "  Word, a förbund of three kommuner (0682, 0685, 0686)"))
          if name in bokslut),
    ]
    print(f"\nNational scale: {len(generate.YEARS)} years, {generate.RESPONDENTS:,} survey respondents, "
          f"reruns timed: {reruns}{', quick' if quick else ''}\n")
    print(table(rows))
    if opts.json is not None:
        figures = figures_json(b, first_chart, floor, felt, deck, bokslut["docx"], funnel, fresh, rapport, world)
        opts.json.write_text(json.dumps(figures, indent=1) + "\n")
        print(f"\n{opts.json}: " + json.dumps(figures))
        missing = [k for k, v in figures.items() if v is None]
        if missing:
            print(f"not measured: {', '.join(missing)}", file=sys.stderr)
            return 1
    return 0
