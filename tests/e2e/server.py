"""Starting the app and finding the browser, for the browser tests and the benchmarks."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 2400}  # tall: Streamlit scrolls inside its own container
TIMEOUT_MS = 60_000  # for every wait in the browser: a busy 2-core CI machine is slow


def chromium_path() -> str | None:
    found = os.environ.get("LAGESBILD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer {url}/_stcore/health within {timeout} s")


APP = ROOT / "dashboard.py"


def start_streamlit(data_dir: Path, port: int, log: Path, script: Path = APP,
                    secrets: Path | None = None, cpus: set[int] | None = None,
                    env: dict[str, str] | None = None) -> subprocess.Popen:
    """The app by the README's start command, `python dashboard.py` (Streamlit run in-process after the store
    is read and the first page prepared: pages/_serve.py), or another `script` by `streamlit run`, headless on
    127.0.0.1:port, reading the store in data_dir; with `secrets`, that secrets.toml instead of
    .streamlit/secrets.toml (Streamlit's secrets.files option); with `cpus`, pinned to those cores (taskset)."""
    env = {**os.environ, **(env or {}), "LAGESBILD_DATA_DIR": str(data_dir)}
    start = [str(script)] if Path(script) == APP else ["-m", "streamlit", "run", str(script)]
    cmd = [sys.executable, *start, "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--server.fileWatcherType", "none"]  # usage statistics are off in .streamlit/config.toml
    if secrets is not None:
        cmd += ["--secrets.files", str(secrets)]
    pin = None if cpus is None else (lambda: os.sched_setaffinity(0, cpus))
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, preexec_fn=pin)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def serving(data_dir: Path, log: Path, script: Path = APP, *, port: int | None = None,
            secrets: Path | None = None, cpus: set[int] | None = None,
            env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """start_streamlit on a loopback port (a free one unless given) until healthy: (process, url); stopped on
    leaving. A server that does not come up raises RuntimeError with the end of its log."""
    port = port or free_port()
    proc = start_streamlit(data_dir, port, log, script, secrets, cpus, env)
    try:
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{log.read_text(errors='replace')[-3000:]}") from None
        yield proc, url
    finally:
        stop(proc)
