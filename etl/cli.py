"""`python -m etl build|export|demo` — errors become a message and a non-zero exit, never a traceback."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import build as builder
from etl import demo, est, store
from etl.errors import LagesbildError

DEFAULT_DATA_DIR = Path("data")
TABLES = ("observations", "indicators", "geographies", "targets", "interventions", "effects")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="Lägesbild: data in.")
    p.add_argument("--lang", choices=("sv", "en"), default="sv", help="språk för meddelanden / message language")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="bygg datalagret / build the store")
    b.add_argument("--demo", action="store_true", help="använd exempeldata i data/demo/")
    b.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)

    e = sub.add_parser("export", help="skriv en tabell till stdout / print a table")
    e.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    e.add_argument("--table", choices=TABLES, required=True)
    e.add_argument("--format", choices=("csv", "json"), default="csv")

    d = sub.add_parser("demo", help="skriv om exempeldatat / regenerate the demo files")
    d.add_argument("--out", type=Path, default=demo.DEMO_DIR)
    i = sub.add_parser("import", help="importera en fil / import a file")
    i.add_argument("kind", choices=("incidents", "interventions"))
    i.add_argument("file", type=Path)
    i.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    for sp in (b, e, d, i):
        sp.add_argument("--lang", choices=("sv", "en"), default=argparse.SUPPRESS)
    return p


def export_table(data_dir: Path, table: str, fmt: str) -> str:
    df = store.read_store(data_dir).table(table).copy()
    for col in df.columns:
        if str(df[col].dtype).startswith("datetime"):
            df[col] = df[col].dt.strftime("%Y-%m-%d")
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    return df.to_csv(index=False)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            m = builder.build(args.data_dir, demo=args.demo)
            rows = ", ".join(f"{k} {v}" for k, v in m["rows"].items())
            print(("Datalagret byggt" if args.lang == "sv" else "Store built") + f" ({m['build_id']}): {rows}")
        elif args.command == "export":
            sys.stdout.write(export_table(args.data_dir, args.table, args.format))
        elif args.command == "import" and args.kind in ("incidents", "interventions"):
            m = (est.import_incidents if args.kind == "incidents" else est.import_interventions)(args.file, args.data_dir)
            rows = ", ".join(f"{k} {v}" for k, v in m["rows"].items())
            print((f"{args.file.name} importerad, datalagret byggt" if args.lang == "sv"
                   else f"{args.file.name} imported, store built") + f" ({m['build_id']}): {rows}")
        elif args.command == "demo":
            print(f"{len(demo.write(args.out))} filer skrivna till {args.out}")
    except LagesbildError as exc:
        print(("Fel: " if args.lang == "sv" else "Error: ") + exc.message(args.lang), file=sys.stderr)
        return 1
    return 0
