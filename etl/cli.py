"""`python -m etl build|export|demo|import|fetch|kpi` — errors become a message and a non-zero exit, never a traceback."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from etl import build as builder
from etl import demo, imports, isolated
from lagesbild import safe_text
from lagesbild.catalogue import catalogue
from lagesbild.errors import LagesbildError
from lagesbild.store import read_store

DEFAULT_DATA_DIR = Path("data")
TABLES = ("observations", "indicators", "geographies", "targets", "interventions", "effects", "groups")


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
    i = sub.add_parser("import", help="importera en fil / import a file").add_subparsers(dest="source", required=True)
    ib = i.add_parser("bra", help="Brås årsfil eller kategoriexport (CSV/Excel)")
    ib.add_argument("file", type=Path)
    ib.add_argument("--year", type=int, help="årtal, om det inte står i filnamnet")
    isv = i.add_parser("survey", help="enkät på svarsnivå (CSV/Excel) med mappning")
    isv.add_argument("file", type=Path)
    isv.add_argument("--mapping", type=Path, required=True)
    ik = i.add_parser("kolada", help="ett sparat Kolada v3-svar (JSON) eller en platt tabell (CSV/Parquet, rKolada)")
    ik.add_argument("file", type=Path)
    ik.add_argument("--replace", action="store_true",
                    help="filens värden ersätter datalagrets där de skiljer sig / the file's values replace the store's")
    ise = i.add_parser("serie", help="kommunens egna serier: indikator;kommun;år;värde[;antal] (CSV/Excel)")
    ise.add_argument("file", type=Path)
    iinc = i.add_parser("incidents", help="händelser, en rad per händelse (CSV/Excel)")
    iinc.add_argument("file", type=Path)
    iinc.add_argument("--replace-period", nargs=2, metavar=("FRÅN", "TILL"), type=_day,
                      help="ersätt tidigare händelser för filens kommuner mellan datumen (ÅÅÅÅ-MM-DD)")
    for sp in (ib, ik, ise, iinc):
        sp.add_argument("--retrieved", metavar="ÅÅÅÅ-MM-DD",
                        help="när värdena hämtades från källan / when the figures were retrieved from their source")
    iint = i.add_parser("interventions", help="insatser: namn, omrade, typ, start, slut (CSV/Excel)")
    iint.add_argument("file", type=Path)

    f = sub.add_parser("fetch", help="hämta från Kolada / fetch from Kolada").add_subparsers(dest="source", required=True)
    fk = f.add_parser("kolada", help="hämta KPI:er från Kolada v3 (KOLADA_API_URL)")
    fk.add_argument("--kommun", required=True, help="kommunkoder, t.ex. 0683,0685")
    fk.add_argument("--kpi", help="KPI-id, t.ex. N07540,N07609 (standard: alla Kolada-KPI:er i data/indicators.toml)")
    fk.add_argument("--from", dest="first", type=int, required=True)
    fk.add_argument("--to", dest="last", type=int, required=True)

    kp = sub.add_parser("kpi", help="sök och lägg till Kolada-KPI:er / find and add Kolada KPIs").add_subparsers(
        dest="action", required=True)
    ks = kp.add_parser("search", help="sök KPI:er på titel i Kolada v3 (/kpi?title=)")
    ks.add_argument("text")
    ka = kp.add_parser("add", help="lägg till en Kolada-KPI i DIR/indicators.toml (/kpi/ID)")
    ka.add_argument("id")
    ka.add_argument("--direction", choices=("higher_is_worse", "higher_is_better", "neutral"),
                    help="vilket håll som är bättre (standard: härleds ur titeln och anges)")

    for sp in (ib, isv, ik, ise, iinc, iint, fk, ks, ka):
        sp.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    for sp in (b, e, d, ib, isv, ik, ise, iinc, iint, fk, ks, ka):
        sp.add_argument("--lang", choices=("sv", "en"), default=argparse.SUPPRESS)
    return p


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"väntade ett datum ÅÅÅÅ-MM-DD, fick {text!r}") from None


def _ids(text: str | None) -> list[str] | None:
    return [x.strip() for x in text.split(",") if x.strip()] if text else None


def _waiting(lang: str):
    def say() -> None:
        print("Väntar på en annan import eller uppbyggnad av datalagret …" if lang == "sv"
              else "Waiting for another import or build of the store …", file=sys.stderr, flush=True)
    return say


def run_import(args):
    how = {"on_wait": _waiting(args.lang)}
    if args.command == "fetch":
        from etl import fetch as kolada_fetch  # here: it imports requests, which `build` never needs

        return kolada_fetch.fetch_kolada(args.data_dir, _ids(args.kommun) or [], _ids(args.kpi), args.first, args.last,
                                         **how)
    data = imports.read_file(args.file)
    name = str(args.file)
    if args.source == "bra":
        return imports.import_bra(args.data_dir, data, name, year=args.year, retrieved=args.retrieved, **how)
    if args.source == "survey":
        return imports.import_survey(args.data_dir, data, name, imports.read_file(args.mapping), str(args.mapping),
                                     **how)
    if args.source == "incidents":
        return imports.import_est(args.data_dir, data, name, args.source, retrieved=args.retrieved,
                                  replace_period=tuple(args.replace_period) if args.replace_period else None, **how)
    if args.source == "interventions":
        return imports.import_est(args.data_dir, data, name, args.source, **how)
    if args.source == "serie":
        return imports.import_own_series(args.data_dir, data, name, retrieved=args.retrieved, **how)
    return imports.import_kolada(args.data_dir, data, name, retrieved=args.retrieved, replace=args.replace, **how)


def export_table(data_dir: Path, table: str, fmt: str) -> str:
    """A table of the store; `interventions` of a data dir from its database, the log's own home.
    CSV cells that a spreadsheet would run as a formula are neutralised (numbers stay numbers)."""
    store = read_store(data_dir)
    if table == "interventions" and not store.is_demo:
        from etl import insatser

        with insatser.connected(data_dir) as conn:
            df = insatser.table(conn)[list(store.interventions.columns)]
    else:
        df = store.table(table).copy()
    for col in df.columns:
        if str(df[col].dtype).startswith("datetime"):
            df[col] = df[col].dt.strftime("%Y-%m-%d")
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    return safe_text.formula_safe_frame(df).to_csv(index=False)


def kpi_command(args) -> None:
    from etl import kpis  # here: it imports requests, which `build` never needs

    if args.action == "add":
        print(kpis.add(args.data_dir, args.id, args.direction).message(args.lang))
        return
    matches = kpis.search(args.text)
    for kpi_id, title in matches:
        print(f"{kpi_id}\t{title}")
    known = [k for k, _ in matches if k in catalogue(args.data_dir)]
    sv = args.lang == "sv"
    if not matches:
        print(f"Inga KPI:er med '{args.text}' i titeln." if sv else f"No KPI with '{args.text}' in its title.", file=sys.stderr)
    elif known:
        print(("Redan i indikatorkatalogen: " if sv else "Already in the indicator catalogue: ") + ", ".join(known),
              file=sys.stderr)


def main(argv: list[str] | None = None, cap_imports: bool = False) -> int:
    """`cap_imports` (python -m etl): an import caps this process's memory (etl/isolated.py), so a file that
    turns into more than every limit foresaw is stopped with a message."""
    args = _parser().parse_args(argv)
    if cap_imports and args.command == "import":
        isolated.cap_memory()
    try:
        if args.command == "kpi":
            kpi_command(args)
        elif args.command == "build":
            m = builder.build(args.data_dir, demo=args.demo)
            rows = ", ".join(f"{k} {v}" for k, v in m["rows"].items())
            print(("Datalagret byggt" if args.lang == "sv" else "Store built") + f" ({m['build_id']}): {rows}")
        elif args.command == "export":
            sys.stdout.write(export_table(args.data_dir, args.table, args.format))
        elif args.command == "demo":
            print(f"{len(demo.write(args.out))} filer skrivna till {args.out}")
        else:
            print(run_import(args).message(args.lang))
    except MemoryError:
        exc = isolated.too_much_memory(str(getattr(args, "file", args.command)), clock=False)
        print(("Fel: " if args.lang == "sv" else "Error: ") + exc.message(args.lang), file=sys.stderr)
        return 1
    except LagesbildError as exc:
        print(("Fel: " if args.lang == "sv" else "Error: ") + exc.message(args.lang), file=sys.stderr)
        return 1
    return 0
