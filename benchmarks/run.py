"""Measure Lägesbild at national scale and print a table. Never fails on a timing.

    python -m benchmarks [--reruns N] [--keep DIR]

1. generate national-scale raw files (benchmarks/generate.py) in a temp data dir
2. full ETL build in a subprocess (`python -m etl build`): wall time, CPU time, peak memory (ru_maxrss)
3. store size on disk
4. app cold start: `streamlit run` until Chromium (Playwright) shows the first `.js-plotly-plot`, three
   times, alternating with benchmarks/one_chart.py (a page with one small chart: what Streamlit and
   Plotly take before the app does anything)
5. server time of a page rerun after a kommun change (AppTest `at.run()`), median and p95 (also split
   into first views of a kommun and returns to one), against an empty Streamlit page measured the
   same way in the same run
6. deck generation (`python -m lagesbild deck`) when it exists
7. the Trygghetsbokslut document (`python -m lagesbild bokslut`, Word and PDF) for Stockholm (bokslut_s) and for
   a förbund of three kommuner
"""
from __future__ import annotations

import argparse
import importlib.util
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

from benchmarks import generate
from tests.e2e.server import CHROMIUM_ARGS, ROOT, VIEWPORT, chromium_path, free_port, start_streamlit, stop, wait_healthy

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
        port = free_port()
        start = time.perf_counter()
        proc = start_streamlit(data_dir, port, log, script)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, proc)
            healthy = time.perf_counter() - start
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot", timeout=120_000)
            return healthy, time.perf_counter() - start
        finally:
            stop(proc)
            browser.close()


FLOOR_PAGE = ROOT / "benchmarks" / "one_chart.py"


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


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20, method="inclusive")[18] if len(xs) > 1 else xs[0]


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


def deck_time(data_dir: Path, kommun: str, out: Path) -> float | None:
    return command_time("deck", data_dir, kommun, out)


def bokslut_time(data_dir: Path, kommun: str, out: Path) -> float | None:
    return command_time("bokslut", data_dir, kommun, out, "--year", str(generate.YEARS[-1]))


def ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:.0f} / {max(xs) * 1000:.0f}" if xs else "–"


def row(name: str, value: str, aim: str, ok: bool | None) -> tuple[str, str, str, str]:
    return name, value, aim, "–" if ok is None else ("yes" if ok else "NO")


def table(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("measure", "result", "aim", "within aim")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    args.add_argument("--reruns", type=int, default=40, help="page reruns to time (default 40)")
    args.add_argument("--keep", type=Path, help="generate into this dir and keep it (default: a temp dir)")
    opts = args.parse_args(argv)
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
                  for _ in range(3)]
        first_chart, floor = (median_start([s[i] for s in starts]) for i in (0, 1))
        kommuner = ["0180", "1480", "1280", "0380", "2480", "0682", "0685", "2584"]  # large and small
        page = rerun_times(ROOT / "dashboard.py", work, "kommun", kommuner, opts.reruns)
        empty_script = work / "empty_page.py"
        empty_script.write_text(EMPTY_PAGE)
        empty = rerun_times(empty_script, work, "kommun", kommuner, opts.reruns)
        deck = deck_time(work, kommuner[0], work / "deck.pptx")
        bokslut = {name: bokslut_time(work, codes, work / f"bokslut.{name}") for name, codes in
                   (("docx", kommuner[0]), ("pdf", kommuner[0]), ("forbund.docx", "0682,0685,0686"))}

    ratio = p95(page) / p95(empty)
    # The first pass over the kommuner computes each one's page; later passes find it remembered.
    first_views, returns = page[:len(kommuner) - 1], page[len(kommuner) - 1:]
    rows = [
        row("full national build, wall", f"{b['wall']:.1f} s (CPU {b['cpu']:.1f} s)", "≤ 10 s", b["wall"] <= 10),
        row("full national build, peak memory", f"{b['peak_mb']:.0f} MB", "≤ 1 GB", b["peak_mb"] <= 1024),
        row("store size on disk", f"{size:.1f} MB", "", None),
        row("cold start to first chart, median of 3", "n/a (no chromium)" if first_chart is None else
            f"{first_chart[1]:.1f} s (server up at {first_chart[0]:.1f} s)",
            "≤ 3 s", None if first_chart is None else first_chart[1] <= 3),
        row("  a page with only one small chart, median of 3", "n/a (no chromium)" if floor is None else
            f"{floor[1]:.1f} s (server up at {floor[0]:.1f} s)", "", None),
        row("page rerun after kommun change, median", f"{statistics.median(page) * 1000:.0f} ms", "", None),
        row("page rerun after kommun change, p95", f"{p95(page) * 1000:.0f} ms", "≤ 200 ms", p95(page) <= 0.2),
        row("  of which first view of a kommun, median / max", f"{ms(first_views)} ms", "", None),
        row("  of which return to a kommun, median / max", f"{ms(returns)} ms", "", None),
        row("empty page rerun, median / p95", f"{statistics.median(empty) * 1000:.0f} / {p95(empty) * 1000:.0f} ms", "", None),
        row("page p95 / empty page p95", f"{ratio:.1f}×", "≤ 2×", ratio <= 2),
        row("deck generation", "n/a (not built yet)" if deck is None else f"{deck:.1f} s", "≤ 10 s",
            None if deck is None else deck <= 10),
        *(row(label, "failed" if bokslut[name] is None else f"{bokslut[name]:.1f} s", "≤ 5 s",
              None if bokslut[name] is None else bokslut[name] <= 5)
          for name, label in (("docx", "bokslut_s: Trygghetsbokslut, Word, Stockholm"),
                              ("pdf", "  the same as PDF"),
                              ("forbund.docx", "  Word, a förbund of three kommuner (0682, 0685, 0686)"))),
    ]
    print(f"\nNational scale: {len(generate.YEARS)} years, {generate.RESPONDENTS:,} survey respondents, "
          f"reruns timed: {opts.reruns}\n")
    print(table(rows))
    return 0
