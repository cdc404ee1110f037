"""Documents from the command line, for scheduled use:

    python -m lagesbild deck --data-dir DIR --kommun CODE --out FILE.pptx
    python -m lagesbild bokslut --data-dir DIR --kommun CODE[,CODE…] --year YYYY --out FILE.docx|FILE.pdf
    python -m lagesbild rapport --data-dir DIR --kommun CODE --year YYYY --out FILE.docx|FILE.pdf
    python -m lagesbild underlag --data-dir DIR --kommun CODE --month YYYY-MM --out FILE.docx|FILE.pdf
    python -m lagesbild jamfor --data-dir DIR --kommun CODE --indicator ID --year YYYY [--grupp GROUP_ID] --out FILE.csv|FILE.xlsx|FILE.png

`--lang en` for English. Errors become a message on stderr and exit 1, never a traceback.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import pandas as pd

from lagesbild.errors import LagesbildError
from lagesbild.store import read_store


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lagesbild", description="Lägesbild: presentationer och dokument / presentations and documents.")
    sub = p.add_subparsers(dest="command", required=True)
    commands = {
        "deck": ("skapa en PowerPoint-lägesbild / create a PowerPoint situation overview", "lagesbild.pptx"),
        "bokslut": ("skapa Trygghetsbokslutet (Word eller PDF) / create the annual safety report", "bokslut.docx"),
        "rapport": ("skapa lägesbilden enligt lagen (Word eller PDF) / create the statutory situation report",
                    "lagesbild.docx"),
        "underlag": ("skapa temagruppens månadsunderlag (Word eller PDF) / create the theme group's monthly brief",
                     "underlag.pdf"),
        "jamfor": ("jämför alla kommuner i ett trattdiagram (CSV, Excel eller PNG) / all municipalities in a funnel plot",
                   "tratt.csv"),
    }
    for name, (text, example) in commands.items():
        d = sub.add_parser(name, help=text)
        d.add_argument("--data-dir", type=Path, required=True, help="datakatalogen med det byggda datalagret")
        d.add_argument("--kommun", required=True, help="kommunkod (SCB, fyra siffror)" +
                       (", flera med komma för ett förbund" if name == "bokslut" else ""))
        if name == "bokslut":
            d.add_argument("--year", type=int, required=True, help="bokslutsåret, t.ex. 2025")
        if name == "rapport":
            d.add_argument("--year", type=int, required=True, help="året planen gäller, t.ex. 2026")
        if name == "underlag":
            d.add_argument("--month", required=True, help="månaden, ÅÅÅÅ-MM")
        if name == "jamfor":
            d.add_argument("--indicator", required=True, help="indikatorns id, t.ex. N07540")
            d.add_argument("--year", type=int, required=True, help="året, t.ex. 2024")
            d.add_argument("--grupp", help="bara en jämförelsegrupps kommuner, t.ex. en Kolada-grupp (G…)")
        d.add_argument("--out", type=Path, required=True, help=f"filen som skrivs, t.ex. {example}")
        d.add_argument("--lang", choices=("sv", "en"), default="sv", help="språk / language")
    return p


def _month(text: str) -> pd.Timestamp:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise LagesbildError(f"--month {text}: väntade en månad som ÅÅÅÅ-MM, t.ex. 2025-10.",
                             f"--month {text}: expected a month as YYYY-MM, e.g. 2025-10.")
    return pd.Timestamp(f"{text}-01")


def _make(args) -> tuple[bytes, str]:
    store = read_store(args.data_dir)
    if args.command == "jamfor":
        from lagesbild import comparison_cli

        return comparison_cli.funnel_file(store, args.kommun.strip(), args.indicator.strip(), args.year, args.grupp,
                                          args.out, args.lang)
    if args.command == "deck":
        from lagesbild import deck

        ctx = deck.deck_context(store, args.kommun, lang=args.lang, data_dir=args.data_dir)
        return deck.lagesbild_deck(ctx), ctx.kommun_name  # native charts: no browser
    from lagesbild import document

    document.check_suffix(args.out)
    if args.command == "bokslut":
        doc = document.bokslut_document(store, [k.strip() for k in args.kommun.split(",") if k.strip()], args.year, args.lang)
    elif args.command == "rapport":
        doc = document.rapport_document(store, args.kommun.strip(), args.year, args.lang)
    else:
        doc = document.underlag_document(store, args.kommun.strip(), _month(args.month), args.lang)
    return document.render(doc, args.out), doc.title


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        data, what = _make(args)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
    except LagesbildError as exc:
        print(("Fel: " if args.lang == "sv" else "Error: ") + exc.message(args.lang), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Fel: kunde inte skriva {args.out}: {exc.strerror} / could not write {args.out}", file=sys.stderr)
        return 1
    print(f"{args.out}: {what}, {len(data) // 1024} kB, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
