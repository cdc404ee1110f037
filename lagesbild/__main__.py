"""`python -m lagesbild deck --data-dir DIR --kommun CODE --out FILE.pptx` — the lägesbild as PowerPoint.

For scheduled use: errors become a message on stderr and exit 1, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lagesbild import deck
from lagesbild.errors import LagesbildError
from lagesbild.store import read_store


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lagesbild", description="Lägesbild: presentationer / presentations.")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("deck", help="skapa en PowerPoint-lägesbild / create a PowerPoint situation overview")
    d.add_argument("--data-dir", type=Path, required=True, help="datakatalogen med det byggda datalagret")
    d.add_argument("--kommun", required=True, help="kommunkod (SCB, fyra siffror)")
    d.add_argument("--out", type=Path, required=True, help="filen som skrivs, t.ex. lagesbild.pptx")
    d.add_argument("--lang", choices=("sv", "en"), default="sv", help="språk / language")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        store = read_store(args.data_dir)
        ctx = deck.deck_context(store, args.kommun, lang=args.lang, data_dir=args.data_dir)
        data = deck.lagesbild_deck(ctx)  # native charts: no browser
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
    except LagesbildError as exc:
        print(("Fel: " if args.lang == "sv" else "Error: ") + exc.message(args.lang), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Fel: kunde inte skriva {args.out}: {exc.strerror} / could not write {args.out}", file=sys.stderr)
        return 1
    print(f"{args.out}: {ctx.kommun_name}, {len(data) // 1024} kB, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
