"""`python -m etl kpi search|add`: any Kolada KPI into a data dir's own indicator catalogue.

`search` asks Kolada v3's `/kpi?title=` (every page, through `next_url`); `add` reads `/kpi/ID` and writes the
indicator to `DIR/indicators.toml`, which extends the built-in catalogue (lagesbild.catalogue.catalogue):
title and description as Kolada writes them (Kolada has no English titles), the unit, averaging window
(pooled_years: "år T-2 till T", "Treårsmedelvärde", "3-årsm"), age group and source ("Källa: X" or
"Källa X") read from them by etl/sources/kolada_kpi.py, and a direction the user gives or one inferred from the title's words — always stated. Then the
store is rebuilt (when the data dir has raw files), so `export --table indicators` lists it; `fetch kolada`
fetches it with the other Kolada KPIs, or alone with `--kpi ID`.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from etl import build as builder
from etl import fetch, store
from etl.sources import kolada, kolada_kpi
from lagesbild.access import Writer
from lagesbild.catalogue import Indicator, load_indicators, own_indicators_path
from lagesbild.errors import AccessError, ConfigError, FetchError
from lagesbild.i18n import t

DIRECTIONS = ("higher_is_worse", "higher_is_better", "neutral")
# Title words that tell which way is better; the first group that matches decides (so "låg oro" is
# better before "oro" is worse, and "otrygg" worse before "trygg" better).
DIRECTION_WORDS = (
    ("higher_is_better", ("låg oro", "få problem", "förtroende", "nöjd")),
    ("higher_is_worse", ("otrygg",)),
    ("higher_is_better", ("trygg",)),
    ("higher_is_worse", ("brott", "inbrott", "våld", "oro", "olyck", "brand", "bränder", "skador", "sjukhusvård",
                         "döda", "avstå", "utsatt", "problem", "kostnad", "responstid")),
)
SURVEY_WORDS = ("ntu", "medborgarundersökning", "trygg", "oro", "förtroende", "avstå", "upplev")
HEADER = ("# Kolada KPIs added to this data dir with `python -m etl kpi add ID` (or the Data page); they extend\n"
          "# Lägesbild's built-in indicator catalogue. Edit a direction here and rebuild, or add again with\n"
          "# --direction.\n")


def search(text: str, client: fetch.KoladaClient | None = None) -> list[tuple[str, str]]:
    """(id, title) of every Kolada KPI whose title contains `text`."""
    if not text.strip():
        raise ConfigError("Ange en sökterm.", "Give a search term.")
    client = client or fetch.KoladaClient()
    found = []
    for url, body in client.pages(f"{client.base}/kpi?title={quote(text.strip())}&per_page={fetch.PER_PAGE}"):
        for entry in kolada.load_json(body, url)["values"]:
            if isinstance(entry.get("id"), str) and isinstance(entry.get("title"), str):
                found.append((entry["id"], entry["title"].strip()))
    return found


def metadata(kpi_id: str, client: fetch.KoladaClient) -> dict:
    if not fetch.KOLADA_ID.match(kpi_id):
        raise ConfigError(f"{kpi_id}: ett Kolada-KPI-id är en bokstav N eller U och fem siffror, t.ex. N07546.",
                          f"{kpi_id}: a Kolada KPI id is the letter N or U and five digits, e.g. N07546.")
    url = f"{client.base}/kpi/{kpi_id}"
    entries = [e for e in kolada.load_json(client.get(url), url)["values"] if e.get("id") == kpi_id]
    if not entries or not isinstance(entries[0].get("title"), str):
        raise FetchError(f"Kolada har ingen KPI {kpi_id} ({url}). Inget har ändrats.",
                         f"Kolada has no KPI {kpi_id} ({url}). Nothing was changed.")
    return entries[0]


def infer_direction(title: str) -> tuple[str, str]:
    """(direction, the word it was inferred from); neutral with no word when nothing matches."""
    text = title.casefold()
    for direction, words in DIRECTION_WORDS:
        word = next((w for w in words if w in text), None)
        if word:
            return direction, word
    return "neutral", ""


def indicator_from(entry: dict, direction: str) -> Indicator:
    """The catalogue entry of a `/kpi` entry: its unit ("per 1 000 inv."), averaging window (pooled_years), age
    group and source read from Kolada's title and description (etl/sources/kolada_kpi.py)."""
    meta = kolada_kpi.read(entry)
    text, unit = meta.title.casefold(), meta.unit
    kind = ("perceived" if unit == "%" and any(w in text for w in SURVEY_WORDS)
            else "context" if (text.startswith("invånare") and unit in ("inv.", "")) or unit.startswith("kr") else "recorded")
    return Indicator(id=meta.id, title_sv=meta.title, title_en=meta.title, kind=kind, unit=unit, direction=direction,
                     source=f"{meta.source} via Kolada" if meta.source else "Kolada",
                     definition_sv=meta.description, definition_en=f"Kolada's description (in Swedish): {meta.description}",
                     pooled_years=meta.window or 1, population_group=meta.population_group)


def _toml(ind: Indicator, note: str) -> str:
    """One [[indicator]] entry; JSON strings are valid TOML basic strings."""
    lines = [f"# {note}", "[[indicator]]"]
    defaults = {f.name: f.default for f in fields(ind)}
    for key, value in asdict(ind).items():
        if value in ((), None) or value == defaults[key]:
            continue
        lines.append(f"{key} = {json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Added:
    indicator: Indicator
    inferred_from: str | None   # the title's word the direction was inferred from; None when asked for
    path: Path
    build_id: str | None

    def message(self, lang: str = "sv") -> str:
        ind, sv = self.indicator, lang != "en"
        direction = t(f"direction_{ind.direction}", lang)
        if self.inferred_from is None:
            how = ("som du angav" if sv else "as you asked")
        elif self.inferred_from:
            how = (f"härledd ur titelns ord '{self.inferred_from}'; ändra med --direction" if sv
                   else f"inferred from the title's word '{self.inferred_from}'; change it with --direction")
        else:
            how = ("kunde inte härledas ur titeln; ange den med --direction" if sv
                   else "could not be inferred from the title; give it with --direction")
        built = ((f" Datalagret byggt om ({self.build_id})." if sv else f" Store rebuilt ({self.build_id}).")
                 if self.build_id else "")
        fetch_hint = (f" Hämta värdena med `python -m etl fetch kolada --kpi {ind.id} …` eller Hämta från Kolada."
                      if sv else f" Fetch its values with `python -m etl fetch kolada --kpi {ind.id} …` or Fetch from Kolada.")
        return (f"{'Lade till' if sv else 'Added'} {ind.id} {ind.title_sv} ({'enhet' if sv else 'unit'} "
                f"'{ind.unit or '–'}', {'riktning' if sv else 'direction'}: {direction}, {how}) "
                f"{'i' if sv else 'to'} {self.path}.{built}{fetch_hint}")


def add(data_dir: Path, kpi_id: str, direction: str | None = None, client: fetch.KoladaClient | None = None,
        writer: Writer | None = None, on_wait: Callable[[], None] | None = None) -> Added:
    """Read /kpi/ID and write the indicator to DIR/indicators.toml; rebuild the store if there is one to rebuild.

    The catalogue serves every kommun in the data dir: from the app only an editor of all kommuner
    (`writer.everything`) may extend it, and the line it writes names who added it."""
    if writer is not None and not writer.everything:
        raise AccessError("En ny indikator gäller alla kommuner i datakatalogen: bara en redaktör för alla kommuner kan lägga till den.",
                          "A new indicator applies to every municipality in the data dir: only an editor of all municipalities can add it.")
    if direction is not None and direction not in DIRECTIONS:
        raise ConfigError(f"--direction ska vara en av {', '.join(DIRECTIONS)}.",
                          f"--direction must be one of {', '.join(DIRECTIONS)}.")
    kpi_id = kpi_id.strip().upper()
    if kpi_id in load_indicators():
        raise ConfigError(f"{kpi_id} finns redan i Lägesbilds indikatorkatalog (data/indicators.toml).",
                          f"{kpi_id} is already in Lägesbild's indicator catalogue (data/indicators.toml).")
    client = client or fetch.KoladaClient()
    meta = metadata(kpi_id, client)
    inferred, word = infer_direction(meta["title"])
    ind = indicator_from(meta, direction or inferred)
    path = own_indicators_path(data_dir)
    today = datetime.now(timezone.utc).date().isoformat()
    how = "asked for" if direction else (f"inferred from '{word}'" if word else "not inferred: neutral")
    note = f"{ind.id}: added {today}{f' by {writer.user}' if writer else ''} from {client.base}/kpi/{ind.id}; direction {how}"
    # Under the writer lock from reading the file to the rebuild: five adds at once keep all five KPIs.
    with store.build_lock(Path(data_dir), on_wait=on_wait):
        entries = [e for e in (load_indicators(path).values() if path.exists() else []) if e.id != ind.id]
        text = HEADER + "".join("\n" + _toml(e, f"{e.id}") for e in entries) + "\n" + _toml(ind, note)
        with store.put_back_on_failure(path, text.encode("utf-8")):
            load_indicators(path)  # the file we wrote reads back
            raw = builder.discover(Path(data_dir) / "raw") if (Path(data_dir) / "raw").is_dir() else []
            build_id = builder.build_holding_lock(data_dir)["build_id"] if raw else None
    return Added(ind, None if direction else word, path, build_id)
