"""What people feel in the browser: a kommun switch until every chart is drawn, over its floor, and many
sessions on one server. Playwright's async API drives Debian's Chromium on loopback; every wait is bounded.

How "drawn" is seen: Plotly.js gives each chart's element an `emit` method and emits `plotly_afterplot`
when its drawing is done. An init script catches that assignment and stamps the element with the time of
its first afterplot (`__drawnAt`) and of the moment Plotly started on it (`__startedAt`: the server's
answer has arrived and been rendered). A switch starts when Enter is pressed in the kommun box (or a
navigation link is clicked) and ends when the last chart of the page for the new kommun has been drawn.
Which charts those are comes from the floor's figures (`Plan.charts`); once the script run has ended, the
keys the app showed are read back and must be the same, so app and floor are compared on the same charts.
Times are taken in the page (performance.now), so the driver's own latency is not in them.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.server import CHROMIUM_ARGS, ROOT, VIEWPORT, serving

FLOOR_SWITCH = ROOT / "benchmarks" / "floor_switch.py"
# The two pages of the issue: Lägesbild (the default page) and Faktisk och upplevd, with their navigation titles.
PAGES = (("", "Lägesbild"), ("faktisk_upplevd", "Faktisk och upplevd"))
SWITCH_KOMMUNER = ["0180", "1480", "1280", "0380", "2480", "0682", "0685", "2584"]  # large and small
# Many pages in one browser: none of them may be throttled as a background page.
ARGS = [*CHROMIUM_ARGS, "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows"]
ALONE = (0.3, 0.6)      # one person alone: a short pause between actions
THINK = (4.0, 12.0)     # a person in a room of users: reads a few seconds before the next choice
OPENING_AT_ONCE = 4     # sessions opening their first page at the same time
WAIT_MS = 120_000       # one switch, one page load: a loaded 2-core machine with 25 sessions is slow
POLL_MS = 100           # how often a wait looks (the times themselves are stamped by the page)

INIT_SCRIPT = """
Object.defineProperty(HTMLElement.prototype, 'emit', {configurable: true, get() { return undefined; }, set(fn) {
  const gd = this;
  gd.__startedAt = performance.now();
  Object.defineProperty(gd, 'emit', {configurable: true, writable: true, value(event, data) {
    if (event === 'plotly_afterplot' && gd.__drawnAt === undefined) gd.__drawnAt = performance.now();
    return fn.call(this, event, data);
  }});
}});
window.__switchAt = 0;  // a page load counts from the navigation's start
document.addEventListener('keydown', e => { if (e.key === 'Enter') window.__switchAt = performance.now(); }, true);
document.addEventListener('click', e => { if (e.target.closest('a')) window.__switchAt = performance.now(); }, true);

// Once the script run has ended with the page's heading: the keys of the charts shown for the kommun (the
// elements whose key ends in `_<kommun>_chart`, as pages/_shared.show_chart names them), and the time the
// end was seen (what a session that does not draw measures).
window.__finished = (code, heading) => {
  const app = document.querySelector('.stApp');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return null;
  const h1 = document.querySelector('h1');
  if (!h1 || h1.textContent.trim() !== heading) return null;
  const suffix = `_${code}_chart`;
  const keys = [...document.querySelectorAll('[class*="st-key-"]')].map(
      box => [...box.classList].find(c => c.startsWith('st-key-') && c.endsWith(suffix))).filter(k => k);
  if (!keys.length) return null;
  return {keys: keys.map(k => k.slice(7, -6)).sort(), drawn: null, started: performance.now() - window.__switchAt};
};

// Once every chart of the page for the kommun is drawn: window.__charts (page -> kommun -> keys) names
// them, so the time is that of the last one drawn, whatever the script does after it.
window.__drawn = (code, heading, path) => {
  const expected = ((window.__charts || {})[path] || {})[code];
  if (window.__draws === false || !expected) return window.__finished(code, heading);
  const h1 = document.querySelector('h1');
  if (!h1 || h1.textContent.trim() !== heading) return null;
  const charts = expected.map(key => document.querySelector(`.st-key-${CSS.escape(key)}_chart .js-plotly-plot`));
  if (charts.some(gd => !gd || gd.__drawnAt === undefined)) return null;
  const since = t => t - window.__switchAt;
  return {keys: expected, drawn: since(Math.max(...charts.map(gd => gd.__drawnAt))),
          started: since(Math.max(...charts.map(gd => gd.__startedAt)))};
};
"""


@dataclass(frozen=True)
class Switch:
    """One action until every chart was drawn: a page opened, a page chosen in the navigation, a kommun chosen."""
    what: str   # "open", "page" or "kommun"
    page: str
    kommun: str
    drawn_s: float | None  # until the last chart was drawn (None in a session that does not draw)
    started_s: float   # until the last chart's figure had arrived and Plotly started on it (or the run ended)
    keys: tuple[str, ...]


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20, method="inclusive")[18] if len(xs) > 1 else xs[0]


def kommun_switches(switches: list[Switch]) -> list[float]:
    return [s.drawn_s for s in switches if s.what == "kommun"]


# --- the plan, and the floor: the same charts, pre-built -----------------------------------------------

@dataclass(frozen=True)
class Plan:
    """What every session does and waits for."""
    start: str                 # the kommun the app opens on
    kommuner: list[str]        # the kommuner chosen in turn
    names: dict[str, str]      # every kommun's name, as the sidebar shows it
    charts: dict[str, dict[str, list[str]]]  # page path -> kommun -> the keys of its charts
    figures: Path              # the floor's pre-built figures (benchmarks/floor_switch.py)


def page_charts(store, kommun: str, lang: str = "sv") -> dict[str, list[list[tuple[str, object]]]]:
    """Every chart of Lägesbild and of Faktisk och upplevd for a kommun with its key, in rows as the pages lay
    them out (pages/lagesbild.py, pages/faktisk_upplevd.py, with the sidebar's and the selectboxes' defaults).
    The benchmark checks that the app drew the same keys, so a page that changes its charts is noticed."""
    from lagesbild import analysis, figures, narrative, views

    comparisons, group = views.default_comparisons(store, kommun), views.default_group(store, kommun)
    lines = [(f"{i}_{kommun}", c) for i in (views.CRIME, views.INSECURITY)
             if (c := figures.indicator_lines(store, kommun, comparisons, i, lang, group)) is not None]
    targets = [[(f"{s.target.id}_{kommun}", figures.target(store, s.target, kommun, lang))]
               for s in views.target_status(store, kommun, lang) if views.target_change(s.row) is not None]
    choices = analysis.map_indicators(store)
    chosen = narrative.PERCEIVED if narrative.PERCEIVED in choices else choices[0]
    optional = [(f"indexed_{kommun}", figures.indexed(store, kommun, lang)),
                (f"quadrant_{kommun}", figures.quadrant(store, kommun, lang))]
    areas = figures.survey_areas(store, kommun, lang)
    funnel_choices = views.funnel_indicators(store) or choices
    members = next((g.members for g in analysis.groups_of(store, kommun) if g.id == group), ())
    funnel = figures.funnel(store, kommun, funnel_choices[0], None, lang, group=tuple(members))
    return {
        "": [lines, *targets] if lines else targets,
        "faktisk_upplevd": [
            *([o] for o in optional if o[1] is not None),
            [(f"trend_{i}_{kommun}", figures.trend(store, kommun, i, lang)) for i in (views.CRIME, narrative.PERCEIVED)],
            *([[(f"areas_{kommun}", areas)]] if areas is not None else []),
            [(f"comparison_{kommun}", figures.comparison(store, kommun, chosen, lang, group))],
            *([[(f"funnel_{kommun}", funnel)]] if funnel is not None else []),
            [(f"map_{kommun}", figures.choropleth(store, kommun, choices[0], "kommun", lang))],
        ],
    }


def plan(data_dir: Path, kommuner: list[str]) -> Plan:
    """Write the floor's figures for the kommun the app opens on and for `kommuner` next to the store."""
    from lagesbild import views
    from lagesbild.store import read_store

    store = read_store(data_dir)
    names = dict(zip(*(views.kommuner(store)[c] for c in ("code", "name"))))
    start = views.richest_kommun(store)
    pages = {path: {"title": title, "charts": {}} for path, title in PAGES}
    for code in dict.fromkeys([start, *kommuner]):
        for path, rows in page_charts(store, code).items():
            pages[path]["charts"][code] = [[(key, json.loads(chart.figure.to_json())) for key, chart in row] for row in rows]
    figures = data_dir / "floor_figures.json"
    figures.write_text(json.dumps({"names": names, "start": start, "pages": pages}))
    charts = {path: {code: sorted(key for row in rows for key, _ in row) for code, rows in page["charts"].items()}
              for path, page in pages.items()}
    return Plan(start, kommuner, names, charts, figures)


# --- driving sessions ---------------------------------------------------------------------------

async def drawn(page, code: str, name: str, path: str = "") -> dict:
    """Until every chart of the page at `path` for kommun `code` (named `name`) is drawn, then until its
    script run has ended, for the keys of the charts it showed. The page's heading "<page> – <kommun>"
    (as both the pages and the floor write it) tells a page from the one before."""
    heading = f"{dict(PAGES)[path]} – {name}"
    handle = await page.wait_for_function("([c, h, p]) => window.__drawn(c, h, p)", arg=[code, heading, path],
                                          polling=POLL_MS, timeout=WAIT_MS)
    result = await handle.json_value()
    if result["drawn"] is not None:  # the keys shown, once the run has ended
        handle = await page.wait_for_function("([c, h]) => window.__finished(c, h)", arg=[code, heading],
                                              polling=POLL_MS, timeout=WAIT_MS)
        result["keys"] = (await handle.json_value())["keys"]
    return result


def switch(result: dict, what: str, page: str, kommun: str) -> Switch:
    drawn_s = None if result["drawn"] is None else result["drawn"] / 1000
    return Switch(what, page, kommun, drawn_s, result["started"] / 1000, tuple(result["keys"]))


async def open_session(browser, url: str, p: Plan, draws: bool = True) -> tuple[object, Switch]:
    """A new browser context (its own Streamlit session) on the first page, until its charts are drawn.

    A session that does not draw never loads Streamlit's Plotly chunk (its charts show a loading error): the
    server does the same work for it — runs its pages, sends every figure — but this machine's cores are not
    spent drawing charts that in a real room each person's own computer draws."""
    context = await browser.new_context(viewport=VIEWPORT, locale="sv-SE")
    context.set_default_timeout(WAIT_MS)
    await context.add_init_script(INIT_SCRIPT + f"window.__draws = {json.dumps(draws)};"
                                  f"window.__charts = {json.dumps(p.charts)};")
    if not draws:
        await context.route(re.compile(r"/static/js/PlotlyChart\.[^/]*\.js$"), lambda route: route.abort())
    page = await context.new_page()
    await page.goto(url, timeout=WAIT_MS)
    return page, switch(await drawn(page, p.start, p.names[p.start]), "open", "", p.start)


async def choose_kommun(page, name: str) -> None:
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=re.compile("Kommun"))
    await box.click()
    await box.fill(name)
    await page.keyboard.press("Enter")


async def choose_page(page, title: str) -> None:
    await page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()


async def walk(page, current: str, order: list[str], p: Plan, think: tuple[float, float],
               rng: random.Random) -> list[Switch]:
    """Every kommun of `order` chosen in the sidebar on Lägesbild (where the session is), then Faktisk och
    upplevd chosen in the navigation and every kommun again, then back to Lägesbild; a think time before each."""
    switches = []
    for i, (path, title) in enumerate(PAGES):
        if i:
            await asyncio.sleep(rng.uniform(*think))
            await choose_page(page, title)
            switches.append(switch(await drawn(page, current, p.names[current], path), "page", path, current))
        for code in order:
            if code == current:
                continue
            await asyncio.sleep(rng.uniform(*think))
            await choose_kommun(page, p.names[code])
            switches.append(switch(await drawn(page, code, p.names[code], path), "kommun", path, code))
            current = code
    await asyncio.sleep(rng.uniform(*think))
    await choose_page(page, PAGES[0][1])
    switches.append(switch(await drawn(page, current, p.names[current], PAGES[0][0]), "page", PAGES[0][0], current))
    return switches


def rotate(xs: list[str], i: int) -> list[str]:
    """Each session walks the kommuner from its own starting point, so they are not in step."""
    i %= len(xs)
    return xs[i:] + xs[:i]


def rss_mb(pid: int) -> float:
    """The server's resident memory now (VmRSS)."""
    line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def cpu_s(pid: int) -> float:
    """A process's CPU time so far (user + system), from /proc/PID/stat; 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_cpu_s(server: int) -> float:
    """The CPU time so far of this process and its descendants but the server: the driver, Playwright and
    Chromium, which on this one machine are every session's browser."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue

    def below(pid: int, root: int) -> bool:
        for _ in range(64):  # a process tree is not deeper
            if pid == root:
                return True
            if pid <= 1:
                return False
            pid = parents.get(pid, 0)
        return False
    return sum(cpu_s(pid) for pid in parents if below(pid, os.getpid()) and not below(pid, server))


# --- one person switching kommun -----------------------------------------------------------------

@dataclass
class SwitchRun:
    opened: Switch
    cold: list[Switch]    # the first walk on a fresh server: every kommun's first view
    warm: list[Switch]    # the same walk again: every view remembered
    server: list[tuple[str, float]] = ()  # the app's script runs during the cold walk: (page, seconds), from its run log


# --- the server's own time per script run (LAGESBILD_RUN_LOG, pages/_shared.log_run) ----------------------

def run_log(path: Path) -> list[tuple[float, float, str]]:
    """(ended at, Unix time; seconds; page) of every script run the app logged; none for the floor's pages."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [(float(e), float(d), page) for e, d, page in (line.split() for line in lines if line.strip())]


def runs_between(path: Path, start: float, end: float) -> list[tuple[str, float]]:
    return [(page, d) for e, d, page in run_log(path) if start <= e <= end]


async def _switch_run(chromium: str, url: str, p: Plan, log: Path) -> SwitchRun:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            page, opened = await open_session(browser, url, p)
            rng = random.Random(17)
            began = time.time()
            cold = await walk(page, p.start, p.kommuner, p, ALONE, rng)
            server = runs_between(log, began, time.time())
            warm = await walk(page, cold[-1].kommun, p.kommuner, p, ALONE, rng)
            return SwitchRun(opened, cold, warm, server)
        finally:
            await browser.close()


def switch_run(chromium: str, script: Path, data_dir: Path, p: Plan) -> SwitchRun:
    """One session on a fresh server of SCRIPT: open, walk the kommuner on both pages twice."""
    log = data_dir / f"runs-switch-{script.stem}-{time.time_ns()}.log"
    with serving(data_dir, data_dir / f"switch-{script.stem}.log", script, env={"LAGESBILD_RUN_LOG": str(log)}) as (_, url):
        return asyncio.run(_switch_run(chromium, url, p, log))


# --- many sessions on one server --------------------------------------------------------------------

@dataclass
class Crowd:
    sessions: int
    single: list[Switch]          # the measured session's walk, alone on the server
    opened: list[Switch]          # the other sessions opening, a few at a time
    crowd: list[Switch]           # the measured session's walk while every other session walks too
    others: list[Switch]          # the other sessions' actions (they do not draw: until the run has ended)
    rss_mb: list[tuple[int, float]]    # (sessions open, server RSS) with one, with all, after everyone's walks
    server_cpu_s: tuple[float, float]  # the server's CPU time for the single walk and for everyone's walks
    browser_cpu_s: float               # the driver, Playwright and Chromium: CPU time for everyone's walks
    seconds: float
    # The server's own time per script run (its run log), during the single walk and during everyone's walks.
    server_runs: tuple[list[float], list[float]] = ((), ())
    pinned: bool = False               # the server on core 0, the driver, Playwright and Chromium on core 1

    def server_ratio(self) -> float | None:
        """concurrent_server_p95_ratio: the server's script-run p95 with every session over with one."""
        one, many = self.server_runs
        return p95(list(many)) / p95(list(one)) if one and many else None

    def sessions_at(self, limit_s: float = 1.0, think_s: float = sum(THINK) / 2) -> float | None:
        """How many sessions one server process holds with its script runs' p95 at `limit_s`, from what was measured:
        one session's p95 (S) and the server's CPU per action (c) in the crowd; with each person acting every
        `think_s` and the runs sharing one core, the p95 grows about as S / (1 − u), u = N·c / think_s the core's
        busy share (processor sharing), so N = (1 − S / limit_s) · think_s / c."""
        one = self.server_runs[0]
        c = self.cpu_per_action()[1]
        if not one or c <= 0 or p95(list(one)) >= limit_s:
            return None
        return (1 - p95(list(one)) / limit_s) * think_s / c

    def cpu_per_action(self) -> tuple[float, float]:
        """The server's CPU seconds per action (a kommun or a page chosen), alone and in the crowd."""
        return self.server_cpu_s[0] / len(self.single), self.server_cpu_s[1] / (len(self.crowd) + len(self.others))

    def rss_per_session(self) -> float | None:
        """The server's memory per extra session: from one session to all of them, after everyone's walks."""
        return (self.rss_mb[-1][1] - self.rss_mb[0][1]) / (self.sessions - 1) if self.sessions > 1 else None


async def _crowd(chromium: str, url: str, pid: int, sessions: int, p: Plan, think: tuple[float, float],
                 budget_s: float, log: Path, pinned: bool) -> Crowd:
    from playwright.async_api import async_playwright

    began = time.perf_counter()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            rng = random.Random(25)
            first, _ = await open_session(browser, url, p)
            # The first walk fills the server's per-kommun memory (analysis.remembered); the second,
            # with the think time of the crowd, is the one session the crowd is compared with.
            cold = await walk(first, p.start, p.kommuner, p, ALONE, rng)
            cpu, alone = cpu_s(pid), time.time()
            single = await walk(first, cold[-1].kommun, p.kommuner, p, think, rng)
            cpu_single, runs_single = cpu_s(pid) - cpu, [d for _, d in runs_between(log, alone, time.time())]
            rss = [(1, rss_mb(pid))]
            # The others open a few at a time, and do not draw: this one machine is every user's browser too.
            at_once = asyncio.Semaphore(OPENING_AT_ONCE)

            async def opened():
                async with at_once:
                    return await open_session(browser, url, p, draws=False)
            others = await asyncio.wait_for(asyncio.gather(*(opened() for _ in range(sessions - 1))), budget_s)
            rss.append((sessions, rss_mb(pid)))
            cpu, client, together = cpu_s(pid), browser_cpu_s(pid), time.time()
            walks = await asyncio.wait_for(asyncio.gather(
                walk(first, single[-1].kommun, p.kommuner, p, think, rng),
                *(walk(page, p.start, rotate(p.kommuner, i), p, think, random.Random(i))
                  for i, (page, _) in enumerate(others, start=1))), budget_s)
            cpu_crowd, client_crowd = cpu_s(pid) - cpu, browser_cpu_s(pid) - client
            runs_crowd = [d for _, d in runs_between(log, together, time.time())]
            rss.append((sessions, rss_mb(pid)))
            return Crowd(sessions, single, [o[1] for o in others], walks[0], [s for w in walks[1:] for s in w], rss,
                         (cpu_single, cpu_crowd), client_crowd, time.perf_counter() - began, (runs_single, runs_crowd),
                         pinned)
        finally:
            await browser.close()


SERVER_CORES, BROWSER_CORES = {0}, {1}   # the crowd's server, and every session's browser, on cores of their own


def crowd(chromium: str, data_dir: Path, sessions: int, p: Plan, think: tuple[float, float] = THINK,
          budget_s: float = 1200, script: Path = ROOT / "dashboard.py") -> Crowd:
    """`sessions` browser contexts (one Streamlit session each) in one Chromium on one fresh server of SCRIPT:
    one draws and is measured, alone and then while the others walk too; the others do the same walks without
    drawing. With FLOOR_SWITCH (and LAGESBILD_FLOOR_FIGURES set), what this machine does without the app.

    On a machine with two cores or more the server is pinned to core 0 and this process — the driver, and the
    Playwright and Chromium it starts — to core 1 (as `taskset` would), so that the browsers' work does not take
    the server's core: what the server's own run log then shows is the server with its sessions."""
    log = data_dir / f"runs-crowd-{script.stem}-{time.time_ns()}.log"
    pinned = len(os.sched_getaffinity(0)) >= 2 and SERVER_CORES | BROWSER_CORES <= os.sched_getaffinity(0)
    mine = os.sched_getaffinity(0)
    with serving(data_dir, data_dir / f"crowd-{script.stem}.log", script, cpus=SERVER_CORES if pinned else None,
                 env={"LAGESBILD_RUN_LOG": str(log)}) as (proc, url):
        try:
            if pinned:
                os.sched_setaffinity(0, BROWSER_CORES)
            return asyncio.run(_crowd(chromium, url, proc.pid, sessions, p, think, budget_s, log, pinned))
        finally:
            os.sched_setaffinity(0, mine)


# --- everything the browser measures, for benchmarks/run.py ------------------------------------------

@dataclass
class Felt:
    app: list[SwitchRun]
    floor: list[SwitchRun]
    crowd: Crowd

    def switch_ratio(self) -> float:
        """kommun_switch_browser_p95_ratio: the first view of each kommun, the app's p95 over its floor's."""
        return (p95(kommun_switches([s for r in self.app for s in r.cold]))
                / p95(kommun_switches([s for r in self.floor for s in r.cold])))

    def crowd_ratio(self) -> float:
        """concurrent_p95_ratio: the measured session's switch p95 among all the sessions over alone."""
        return p95(kommun_switches(self.crowd.crowd)) / p95(kommun_switches(self.crowd.single))

    def where_time_goes(self) -> dict[str, dict[str, float]]:
        """Per page, the first views of a kommun (medians, seconds): `drawn`, the whole switch; `server`, the app's
        script run (its run log); `arrived`, until the last chart's figure had reached the page and Plotly started
        on it (the server's run, sending and Streamlit's rendering); `transfer`, arrived less server; `plotly`,
        drawn less arrived (Plotly.js drawing)."""
        out = {}
        for path, _ in PAGES:
            switches = [s for r in self.app for s in r.cold if s.what == "kommun" and s.page == path]
            server = [d for r in self.app for page, d in r.server if page == (path or "lagesbild")]
            if not switches or not server:
                continue
            drawn, arrived = (statistics.median(getattr(s, f) for s in switches) for f in ("drawn_s", "started_s"))
            run = statistics.median(server)
            out[path or "lagesbild"] = {"drawn": drawn, "server": run, "arrived": arrived,
                                        "transfer": arrived - run, "plotly": drawn - arrived}
        return out


def measure(data_dir: Path, chromium: str, *, rounds: int = 2, kommuner: list[str] = SWITCH_KOMMUNER,
            sessions: int = 25, think: tuple[float, float] = THINK) -> Felt:
    """The kommun switch of the app and of its floor (alternately, `rounds` times each, a fresh server each
    time), then `sessions` sessions on one server."""
    p = plan(data_dir, kommuner)
    os.environ["LAGESBILD_FLOOR_FIGURES"] = str(p.figures)  # for the floor's server; the app ignores it
    app, floor = [], []
    for _ in range(rounds):
        app.append(switch_run(chromium, ROOT / "dashboard.py", data_dir, p))
        floor.append(switch_run(chromium, FLOOR_SWITCH, data_dir, p))
    shown = {(s.page, s.kommun): list(s.keys) for run in app for s in run.cold + run.warm}
    differ = sorted(k for k, keys in shown.items() if p.charts[k[0]].get(k[1]) != keys)
    if differ:  # the floor must show what the app shows, or the ratio compares different pages
        raise RuntimeError(f"the app showed other charts than its floor for {differ[:3]}: "
                           f"{shown[differ[0]]} against {p.charts[differ[0][0]].get(differ[0][1])}")
    return Felt(app, floor, crowd(chromium, data_dir, sessions, p, think))
