"""How fast hostile files are refused, and at what peak memory. Never fails on a timing.

    python -m benchmarks.hostile

Each case of the attack that found the limits (issue 15) is written to a temp dir and imported by
`python -m etl import …` in its own process: the wall time to the refusal, the peak memory of that
process (VmHWM, including Python and pandas: `python -m etl --help` is the floor),
the file size, and the first line of the message. Linux only (/proc/self/status).
"""
from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from etl.sources.table import MAX_UNPACKED_BYTES

ROOT = Path(__file__).resolve().parent.parent
INCIDENT_HEADER = b"datum;kategori;omrade;kommunkod\n"


def _zip_bomb() -> bytes:
    """A 'workbook' whose sheet unpacks to past the limit (the attack's 3.6 MB file unpacked to 925 MB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<row>" * ((MAX_UNPACKED_BYTES * 9) // 5))
    return out.getvalue()


def _mapping(indicators: int) -> bytes:
    head = '[survey]\nname = "Enkät"\nperiod = "2024"\ngeo = "kommunkod"\n'
    body = "".join(f'[[indicator]]\nid = "x{i}"\ntitle = "X{i}"\ncolumn = "fraga"\ncount = [1]\n' for i in range(indicators))
    return (head + body).encode()


CASES = {
    "40 MB cell": ("incidents", "handelser.csv",
                   lambda: INCIDENT_HEADER + b"2024-01-03;Stold;" + b"A" * 40_000_000 + b";0683\n"),
    "xlsx unpacking past 100 MB": ("incidents", "handelser.xlsx", _zip_bomb),
    "1.2 million rows": ("incidents", "handelser.csv", lambda: INCIDENT_HEADER + b"2024-01-03;S;C;0683\n" * 1_200_000),
    "2 000 columns": ("incidents", "handelser.csv",
                      lambda: b";".join(b"k%d" % i for i in range(2000)) + b"\n" + b"1;" * 1999 + b"1\n"),
    "mapping with 10 000 indicators": ("survey", "enkat.csv", None),
}


# `python -m etl ARGS` that prints its own peak memory (VmHWM, in kB) last on stderr. Not ru_maxrss:
# Linux carries it over from the parent through fork and exec, and the parent made the files.
MEASURED = ("import runpy, sys\nsys.argv = ['etl', *sys.argv[1:]]\ntry:\n"
            "    runpy.run_module('etl', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
            "print(hwm.split()[1], file=sys.stderr)\n")


def _run(args: list[str]) -> tuple[float, float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", MEASURED, *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = proc.stderr.strip().splitlines()
    return seconds, int(lines[-1]) / 1024, (lines[:-1] or ["(no message)"])[0]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _, floor, _ = _run(["--help"])
        print(f"floor: `python -m etl --help` peaks at {floor:.0f} MB\n")
        print(f"{'case':34} {'file MB':>8} {'seconds':>8} {'peak MB':>8}  message")
        for label, (kind, name, make) in CASES.items():
            path = tmp / name
            if make is None:  # the survey itself is fine; its mapping is not
                path.write_bytes(b"kommunkod;fraga\n0683;1\n")
                mapping = tmp / "enkat.toml"
                mapping.write_bytes(_mapping(10_000))
                args = ["import", "survey", str(path), "--mapping", str(mapping)]
                size = mapping.stat().st_size
            else:
                path.write_bytes(make())
                args = ["import", kind, str(path)]
                size = path.stat().st_size
            seconds, peak, message = _run([*args, "--data-dir", str(tmp / "data")])
            print(f"{label:34} {size / 2**20:8.1f} {seconds:8.1f} {peak:8.0f}  {message[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
