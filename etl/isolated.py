"""Imports in a process of their own, under a memory cap.

The Data page's uploads run here: a file that turns into more than every limit foresaw ends its own
process, with a message naming the limit, never the app server and everyone's sessions. The child is
`python -m etl.isolated`: it caps its own data segment (RLIMIT_DATA: the heap and anonymous memory a
runaway parse grows; code and shared libraries are not counted), reads (function, data dir, arguments)
pickled on stdin and answers on stdout: a line `W` each time it waits for another import, then `R`
followed by the pickled result or error. `python -m etl import …` caps itself the same way.

A child that ends without an answer (out of memory, killed) leaves what a killed import leaves: the
next writer's recovery (etl/store.py) is run at once, so the data dir is as it was.
"""
from __future__ import annotations

import faulthandler
import importlib
import os
import pickle
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from lagesbild.errors import LagesbildError, StoreError

MEMORY_ENV = "LAGESBILD_IMPORT_MEMORY_MB"
SECONDS_ENV, SECONDS = "LAGESBILD_IMPORT_SECONDS", 900
MEMORY_MB = 1024   # growth past the libraries: a national build's trial takes ~0.5 GB; the attack's files took 2–5 GB
FUNCTIONS = ("import_bra", "import_survey", "import_kolada", "import_own_series", "import_est")
ROOT = Path(__file__).resolve().parent.parent


def memory_mb() -> int:
    try:
        return max(16, int(os.environ.get(MEMORY_ENV, MEMORY_MB)))
    except ValueError:
        return MEMORY_MB


def data_segment() -> int:
    """This process's data segment now (VmData, bytes): what the libraries reserved before any file is read."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmData:"))


def cap_memory() -> None:
    """Let this process's data segment grow by at most memory_mb() from what the loaded libraries already
    take (VmData: numpy's and Arrow's thread pools reserve over a gigabyte before any file is read; a cap
    below that stopped Arrow's worker threads from starting): past it, an allocation raises MemoryError."""
    from etl import imports  # noqa: F401  (everything an import loads, loaded before the cap is measured)
    from lagesbild import scb

    scb.geographies()   # SCB's list read once now: Arrow waits forever on a worker thread the cap kept from starting
    cap = data_segment() + memory_mb() * 2**20
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


def seconds() -> int:
    """How long an import may run once it holds the data dir (LAGESBILD_IMPORT_SECONDS, default 15 minutes):
    past it the child ends itself, so a read that never returns cannot hold the writer's lock for good."""
    try:
        return max(5, int(os.environ.get(SECONDS_ENV, SECONDS)))
    except ValueError:
        return SECONDS


def too_much_memory(name: str, clock: bool = True) -> StoreError:
    """An import stopped by the cap, or by the clock of an import in a child (`clock`)."""
    mb, minutes = memory_mb(), seconds() / 60
    sv = f"mer minne ({mb} MB, {MEMORY_ENV})" + (f" eller tid ({minutes:g} min, {SECONDS_ENV})" if clock else "")
    en = f"more memory ({mb} MB, {MEMORY_ENV})" + (f" or time ({minutes:g} min, {SECONDS_ENV})" if clock else "")
    return StoreError(f"{name}: importen behövde {sv} än en import får ta och stoppades. Inget ändrades. Dela upp "
                      "filen eller spara den som CSV.",
                      f"{name}: the import needed {en} than an import may take and was stopped. Nothing was changed. "
                      "Split the file or save it as CSV.")


def call(function: str, data_dir: Path, *args, on_wait: Callable[[], None] | None = None, **kwargs):
    """etl.imports.<function>(data_dir, *args, **kwargs) in a child process under the memory cap: its result,
    or its error raised here (a LagesbildError, never a traceback)."""
    if function not in FUNCTIONS:
        raise ValueError(function)
    name = str(args[1]) if len(args) > 1 else function   # (data, name, …): the file as the user gave it
    request = pickle.dumps((function, str(Path(data_dir).resolve()), args, kwargs))
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-m", "etl.isolated"], cwd=ROOT, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=log)
        try:
            proc.stdin.write(request)
            proc.stdin.close()
        except BrokenPipeError:   # the child ended before reading all of it
            pass
        answer = None
        for line in iter(proc.stdout.readline, b""):
            if line == b"W\n":
                if on_wait is not None:
                    on_wait()
            elif line.startswith(b"R"):
                answer = line[1:] + proc.stdout.read()
                break
        proc.stdout.close()
        proc.wait()
        if answer is None:
            log.seek(0)
            print(log.read().decode(errors="replace")[-4000:], file=sys.stderr)   # for whoever runs the server
    if answer is None:
        _recover(data_dir)
        raise too_much_memory(name)
    outcome = pickle.loads(answer)
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "memory":
        _recover(data_dir)
        raise too_much_memory(name)
    raise _error(*outcome[1:])


def _error(module: str, qualname: str, state: dict) -> LagesbildError:
    """The child's LagesbildError, rebuilt here (its own __init__ takes other arguments than pickle gives)."""
    cls = getattr(importlib.import_module(module), qualname, None)
    if not (isinstance(cls, type) and issubclass(cls, LagesbildError)):
        return StoreError(state.get("sv", ""), state.get("en"))
    exc = cls.__new__(cls)
    Exception.__init__(exc, state.get("sv", ""))
    exc.__dict__.update(state)
    return exc


def _recover(data_dir: Path) -> None:
    """What a child that ended without an answer left (a staging copy, a half-done replacement) is undone
    now, unless another writer holds the data dir (its own recovery then does it)."""
    from etl import store

    try:
        with store.build_lock(Path(data_dir), wait=False):
            pass
    except StoreError:
        pass


def main() -> None:
    cap_memory()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr   # nothing but the answer on stdout
    function, data_dir, args, kwargs = pickle.load(sys.stdin.buffer)

    def waiting() -> None:   # the clock starts again while another import holds the data dir
        faulthandler.dump_traceback_later(seconds(), exit=True)
        out.write(b"W\n")
        out.flush()

    faulthandler.dump_traceback_later(seconds(), exit=True)

    try:
        from etl import imports

        answer = ("ok", getattr(imports, function)(Path(data_dir), *args, on_wait=waiting, **kwargs))
    except LagesbildError as exc:
        answer = ("error", type(exc).__module__, type(exc).__qualname__, dict(exc.__dict__))
    except MemoryError:
        answer = ("memory",)
    out.write(b"R" + pickle.dumps(answer))
    out.flush()


if __name__ == "__main__":
    main()
