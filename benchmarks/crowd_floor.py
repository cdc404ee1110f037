"""25 sessions on the app and then on its floor (benchmarks/floor_switch.py, the same charts pre-built), on
one machine: how much of the crowd's wait is the app, and how much is this machine being every user's browser.

    python -m benchmarks --quick --keep DIR     # a national store in DIR
    python -m benchmarks.crowd_floor DIR        # ~10 minutes on 2 cores
"""
import os
import statistics
import sys
from pathlib import Path

from benchmarks import browser
from benchmarks.browser import kommun_switches, p95
from tests.e2e.server import ROOT, chromium_path


def main(data_dir: Path, sessions: int = 25) -> None:
    plan = browser.plan(data_dir, browser.SWITCH_KOMMUNER[::2])
    os.environ["LAGESBILD_FLOOR_FIGURES"] = str(plan.figures)
    for name, script in (("app", ROOT / "dashboard.py"), ("floor", browser.FLOOR_SWITCH)):
        c = browser.crowd(chromium_path(), data_dir, sessions, plan, script=script)
        one, many = kommun_switches(c.single), kommun_switches(c.crowd)
        others = [s.started_s for s in c.others if s.what == "kommun"]
        alone, among = c.cpu_per_action()
        print(f"{name}: switch p95 alone {p95(one):.2f} s, among {sessions} {p95(many):.2f} s = {p95(many) / p95(one):.2f}×; "
              f"the others' runs ended after {statistics.median(others):.2f} s median, {p95(others):.2f} s p95; "
              f"server CPU per action {alone * 1000:.0f} ms alone, {among * 1000:.0f} ms among them; "
              f"CPU in the crowd: server {c.server_cpu_s[1]:.0f} s, browser {c.browser_cpu_s:.0f} s, in {c.seconds:.0f} s; "
              f"server RSS {' → '.join(f'{mb:.0f}' for _, mb in c.rss_mb)} MB", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
