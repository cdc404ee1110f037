"""Build the processed store from the raw files of a data dir (or the embedded demo files).

Raw layout (`<data-dir>/raw/` or `data/demo/`):
  kolada/*.json           Kolada v3 responses (KPI values; `municipality.json`: names)
  bra/*.csv               Brå "Anmälda brott kommunerna YYYY.csv"
  bra_kategorier/*.csv|.xlsx  Brå statistics-database exports by crime category (years or months)
  bra_indikatorer/*.xlsx  Brå's indicator workbooks, one per kommun
  survey/NAME.csv|.xlsx   respondent-level survey, with its mapping NAME.toml beside it
  incidents/*.csv|.xlsx   incident exports, one row per incident (monthly counts per area reach the store)
  interventions/*.csv|.xlsx  the demo's insatser log (a data dir's is in its database: etl/insatser.py)
  sources.json            retrieval time and origin of each file
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from etl import est, store
from etl import insatser as insatser_db
from etl.sources import bra, bra_workbook, interventions, kolada, kolada_kpi, own_series, survey
from etl.sources.common import GEOGRAPHY_COLUMNS, Parsed, normalise_name, observations_frame
from lagesbild import scb
from lagesbild import targets as target_eval
from lagesbild.catalogue import (Indicator, catalogue as load_catalogue, comparisons_path, load_comparison_groups,
                                 load_programme, load_targets, named_group, programme_path, targets_path)
from lagesbild.demo import DEMO_DIR
from lagesbild.errors import SourceFormatError

# When two sources give the same (geo, period, indicator, group), the more direct one wins.
PRIORITY = {"incidents": 5, "survey": 4, "bra": 3, "egna_serier": 3, "bra_kategorier": 2, "bra_indikatorer": 2, "kolada": 1}
SURVEY_SUFFIXES = (".csv", ".xlsx")
TABLE_SUFFIXES = SURVEY_SUFFIXES
# Kolada v3 answers (JSON: values, /municipality, /kpi) and flat tables as rKolada and koladapy keep them.
KOLADA_SUFFIXES = (".json", ".csv", ".parquet")


def raw_dir(data_dir: Path, demo: bool) -> Path:
    return DEMO_DIR if demo else Path(data_dir) / "raw"


def source_index(root: Path) -> dict:
    try:
        return json.loads((root / "sources.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as exc:
        raise SourceFormatError("sources.json", "giltig JSON", "valid JSON", row=exc.lineno) from None


def discover(root: Path) -> list[tuple[str, Path]]:
    found = []
    for kind, suffixes in (("kolada", KOLADA_SUFFIXES), ("bra", TABLE_SUFFIXES), ("bra_kategorier", TABLE_SUFFIXES),
                           ("bra_indikatorer", TABLE_SUFFIXES), ("survey", TABLE_SUFFIXES),
                           ("egna_serier", TABLE_SUFFIXES)):
        folder = root / kind
        found += [(kind, p) for p in sorted(folder.iterdir()) if p.suffix.lower() in suffixes] \
            if folder.is_dir() else []
    return found


# Other names sources use for a place in SCB's list: the official forms that are not "<name>(s) kommun"
# and Brå's and NTU's name for the whole country.
ALIASES = {"falu": "falun", "region gotland": "gotland", "hela landet": "riket", "hela riket": "riket"}


class GeoNames:
    """Kommun name -> SCB code, from Kolada metadata in the raw dir and SCB's list.

    Besides SCB's and Kolada's names it knows the forms Brå and the kommuner write: '<namn> kommun'
    ('Gotland kommun'), the official genitive ('Arjeplogs kommun', 'Borås stad', 'Falu kommun',
    'Region Gotland'), en dashes and spaced hyphens ('Malung–Sälen'). A genitive 's' is dropped only
    when the name is not itself a place ('Borås' stays Borås)."""

    def __init__(self, extra: pd.DataFrame):
        self.table = pd.concat([extra, scb.geographies()]).drop_duplicates("code", keep="first")
        names: dict[str, set[str]] = {}
        for code, name in zip(self.table["code"], self.table["name"]):
            names.setdefault(normalise_name(name), set()).add(code)
        self._codes = names

    def __call__(self, name: str) -> str | None:
        key = normalise_name(name)
        key = ALIASES.get(key, key)
        codes = self._codes.get(key) or (self._codes.get(key[:-1], set()) if key.endswith("s") else set())
        return next(iter(codes)) if len(codes) == 1 else None


def read_kolada(raw: bytes, name: str) -> tuple[str, dict, int]:
    """A Kolada file as (what it is: "municipalities", "kpi" or "data"; the v3 answer; the file row of its
    first entry). A flat table is read into the answer's shape, its rows numbered as the file's."""
    if kolada.is_flat_table(raw):
        return "data", kolada.flat_doc(raw, name), 2
    doc = kolada.load_json(raw, name)
    if kolada_kpi.is_kpi_list(doc):
        return "kpi", doc, 1
    if kolada.is_group_list(doc):
        return "groups", doc, 1
    return ("municipalities" if kolada.is_municipality_list(doc) else "data"), doc, 1


def kolada_metadata(doc: dict, name: str, catalogue: dict[str, Indicator]) -> Parsed:
    """A `/kpi` answer as what it tells about the catalogue's indicators: Kolada's title and publication."""
    meta = kolada_kpi.parse(doc, name)
    return Parsed(observations_frame([]), kolada={
        k: {"kolada_title": m.title, "publication_date": m.publication_date, "publ_period": m.publ_period}
        for k, m in meta.items() if k in catalogue})


def _kolada_files(root: Path, files: list[tuple[str, Path]], catalogue: dict[str, Indicator] | None,
                  index: dict | None = None) -> tuple[GeoNames, dict[Path, Parsed], dict[Path, Parsed]]:
    """The Kolada files among the raw files, each read once: the name lookup they give, the
    `/municipality` answers and (with a catalogue) KPI data and `/kpi` metadata, by path. A file's
    `scale` in sources.json converts its values to the catalogue's unit (set when it was imported)."""
    lists, data = {}, {}
    for kind, path in files:
        if kind != "kolada":
            continue
        rel = _rel(root, path)
        what, doc, first_row = read_kolada(path.read_bytes(), rel)
        if what == "municipalities":
            lists[path] = kolada.municipalities(doc, rel)
        elif catalogue is not None and what == "groups":
            data[path] = Parsed(observations_frame([]), groups=kolada.groups(doc, rel))
        elif catalogue is not None and what == "kpi":
            data[path] = kolada_metadata(doc, rel, catalogue)
        elif catalogue is not None:
            scale = (index or {}).get(rel, {}).get("scale")
            data[path] = kolada.data_observations(doc, rel, catalogue, scale=scale, first_row=first_row)
    names = _names(list(lists.values()))
    known = set(names.table["code"])
    for path, parsed in data.items():
        if not parsed.observations["geo_code"].isin(known).all():  # read again to name the row
            rel = _rel(root, path)
            _, doc, first_row = read_kolada(path.read_bytes(), rel)
            kolada.data_observations(doc, rel, catalogue, known, first_row=first_row)
    return names, lists, data


def geo_names(root: Path) -> GeoNames:
    """The name lookup a build of `root` uses: Kolada's names there first, then SCB's list."""
    return _kolada_files(root, discover(root), catalogue=None)[0] if root.is_dir() else _names([])


def _names(munis: list[Parsed]) -> GeoNames:
    return GeoNames(pd.concat([m.geographies for m in munis], ignore_index=True) if munis
                    else pd.DataFrame(columns=GEOGRAPHY_COLUMNS))


@dataclass
class Trial:
    """What an import learns from its trial build besides the tables: each raw file's own rows before the
    sources are merged (an incident export's: the geo codes of its incidents), for the check of what its
    writer may change; and the incident exports in the order they add up, for its count of what changed."""
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    exports: list[est.Export] = field(default_factory=list)


def parse_all(root: Path, catalogue: dict[str, Indicator],
              trial: Trial | None = None) -> tuple[list[Parsed], list[dict], est.AreaNames]:
    index = source_index(root)
    files = discover(root)
    names, lists, kolada_data = _kolada_files(root, files, catalogue, index)
    munis = list(lists.values())
    parsed, sources, metadata = [(None, m) for m in munis], [], []
    for kind, path in files:
        rel, raw = _rel(root, path), path.read_bytes()
        if kind == "kolada":
            result = kolada_data.get(path)  # None for a municipality list (parsed above)
        elif kind == "bra":
            result = bra.parse_yearly(raw, rel, names)
        elif kind == "bra_kategorier":
            result = bra.parse_categories(raw, rel, names, catalogue)
        elif kind == "bra_indikatorer":
            result = bra_workbook.parse(raw, rel, names, catalogue)
        elif kind == "egna_serier":
            result = own_series.parse(raw, rel, names, catalogue)
        else:
            mapping_path = path.with_suffix(".toml")
            if not mapping_path.exists():
                raise SourceFormatError(rel, f"en mappning {mapping_path.name} bredvid enkätfilen",
                                        f"a mapping {mapping_path.name} next to the survey file")
            mapping_rel = _rel(root, mapping_path)
            result = survey.scope(survey.parse(raw, rel, survey.load_mapping(mapping_path.read_bytes(), mapping_rel),
                                               known=set(names.table["code"])), catalogue, mapping_rel)
        retrieved = est.retrieved_at(index, rel, path)
        if result is not None:
            if trial is not None:
                trial.rows[rel] = result.observations.copy()
            result.observations["retrieved_at"] = retrieved
            result.observations["priority"] = PRIORITY[kind]
            # A file imported to replace what the store holds wins over every other of its kind ("--replace").
            result.observations["precedence"] = 1 if index.get(rel, {}).get("replace") else 0
            (metadata if result.kolada is not None else parsed).append((retrieved, result))
        sources.append(est.source_entry(root, path, raw, 0 if result is None else len(result.observations), kind,
                                        index))
    # Kolada's descriptions of its KPIs after everything else, the latest last: the store keeps the newest.
    parsed = [p for _, p in parsed] + [p for _, p in sorted(metadata, key=lambda m: m[0])]
    parsed.append(Parsed(observations_frame([]), geographies=names.table))
    incident_results, incident_sources, areas, exports = est.parse_incidents(root, parsed, index, PRIORITY["incidents"])
    if trial is not None:
        trial.exports = exports
        trial.rows.update({rel: export.incidents[["geo_code"]].drop_duplicates() for rel, export, _ in exports})
    return parsed + incident_results, sources + incident_sources, areas



def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _with_parents(codes: set[str], parent: dict) -> set[str]:
    """Area -> kommun -> län -> riket: a comparison needs every level above what was observed."""
    out, frontier = set(codes), set(codes)
    while frontier:
        frontier = {parent.get(c) for c in frontier if isinstance(parent.get(c), str)} - out
        out |= frontier
    return out


def merge(parsed: list[Parsed], catalogue: dict[str, Indicator]) -> dict[str, pd.DataFrame]:
    frames = [p.observations for p in parsed if len(p.observations)]
    obs = kolada.apply_margins(pd.concat(frames, ignore_index=True), catalogue)
    if "precedence" not in obs.columns:
        obs["precedence"] = 0
    obs = (obs.assign(precedence=obs["precedence"].fillna(0))
              .sort_values(["priority", "precedence", "retrieved_at"], ascending=False, kind="stable")
              .drop_duplicates(["geo_code", "period_start", "period_end", "indicator_id", "group"])
              .drop(columns=["priority", "precedence"]))
    for col in ("period_start", "period_end"):
        obs[col] = pd.to_datetime(obs[col])

    known = pd.concat([p.geographies for p in parsed if p.geographies is not None and len(p.geographies)])
    known = known.drop_duplicates("code", keep="first").set_index("code")
    codes = _with_parents(set(obs["geo_code"].unique()), known["parent"].to_dict())
    unknown = sorted(c for c in codes if c not in known.index)
    if unknown:
        raise SourceFormatError(", ".join(unknown), "en känd geografisk kod (SCB)", "a known geographic code (SCB)")
    geos = known.loc[sorted(codes)].reset_index()
    obs["geo_name"] = obs["geo_code"].map(known["name"])

    pop = target_eval.population(obs)
    latest = pop.sort_values("year").drop_duplicates("geo_code", keep="last").set_index("geo_code")["population"]
    geos["population"] = geos["code"].map(latest)

    inds = dict(catalogue)   # a source adds indicators of its own; the catalogue's are never redefined by a file
    for p in parsed:
        inds.update({i.id: i for i in p.indicators or [] if i.id not in catalogue})
        # What a file says of its own data (the survey's question and answers counted) is the Data page's note
        # where the catalogue has none; the catalogue's title and definition stay.
        inds.update({i.id: replace(inds[i.id], data_note_sv=i.data_note_sv, data_note_en=i.data_note_en)
                     for i in p.indicators or [] if i.id in catalogue and not catalogue[i.id].data_note_sv})
    for p in parsed:   # only what Kolada says of its own KPIs: its title and publication (the latest answer last)
        inds.update({k: replace(inds[k], **facts) for k, facts in (p.kolada or {}).items() if k in inds})
    ind_rows = [{**asdict(i), "series_breaks": ",".join(map(str, i.series_breaks))} for i in inds.values()]
    return {"observations": obs.sort_values(["indicator_id", "geo_code", "period_start", "group"]).reset_index(drop=True),
            "geographies": geos, "indicators": pd.DataFrame(ind_rows)}


# The insatser log of a build: (raw dir, the area names it knows) -> (the log, its manifest sources).
LogSource = Callable[[Path, est.AreaNames], tuple[pd.DataFrame, list[dict]]]


def demo_log(root: Path, areas: est.AreaNames) -> tuple[pd.DataFrame, list[dict]]:
    """The demo's insatser, straight from its files: the demo store is read-only and has no database."""
    frames, sources, index = [], [], source_index(root)
    for path in insatser_db.legacy_files(root):
        rel, raw = _rel(root, path), path.read_bytes()
        frames.append(interventions.parse(raw, rel, areas))
        sources.append(est.source_entry(root, path, raw, len(frames[-1]), "interventions", index))
    log = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=interventions.TABLE_COLUMNS)
    return log.sort_values(["start", "intervention"]), sources


def database_log(data_dir: Path, root: Path, areas: est.AreaNames) -> tuple[pd.DataFrame, list[dict]]:
    """A data dir's insatser, from its database (read in one short transaction)."""
    with insatser_db.connected(data_dir, begin=True) as conn:
        log = insatser_db.read_for_build(conn, root, areas)
    return log, [insatser_db.source_entry(data_dir, log)]


def prepare(root: Path, data_dir: Path, demo: bool = False, raw_label: Path | None = None,
            log_source: LogSource | None = None, trial: Trial | None = None) -> tuple[dict, dict]:
    """Parse every raw file under `root`, merge, evaluate targets: the tables and manifest of a build.

    Writes no file, so an import can try a build on a staged copy of the raw files first; an edit
    of the insatser log passes `log_source` to build with the log of its open transaction; an import
    passes a `Trial` to learn what each file brings.
    """
    catalogue = load_catalogue(data_dir)
    parsed, sources, areas = parse_all(root, catalogue, trial)
    if not sources:
        raise SourceFormatError(str(root), "minst en källfil (kolada/, bra/, bra_kategorier/, bra_indikatorer/ eller survey/)",
                                "at least one source file (kolada/, bra/, bra_kategorier/, bra_indikatorer/ or survey/)")
    tables = merge(parsed, catalogue)
    kommuner = tables["geographies"].query("level == 'kommun'")["code"].tolist()
    # What the configuration may name: the build's indicators, and kommuner in SCB's list or the store (a
    # data dir's own files; the project's examples in data/ speak for the demo's made-up kommuner).
    indicator_ids = set(tables["indicators"]["id"])
    scb_kommuner = set(kommuner) | set(scb.geographies().query("level == 'kommun'")["code"])

    def known_kommuner(path: Path) -> set[str] | None:
        return scb_kommuner if path.parent.resolve() == Path(data_dir).resolve() else None

    tpath = targets_path(data_dir)
    targets = load_targets(tpath, indicator_ids, known_kommuner(tpath))
    tables["targets"] = target_eval.evaluate(tables["observations"], targets, kommuner)
    ppath = programme_path(data_dir, demo)  # a broken handlingsprogram stops the build, not the Trygghetsbokslut
    sibling = ppath.parent / "targets.toml"  # its targets are those of the targets.toml beside it (data/'s for data/'s)
    known = (targets if sibling == tpath or not sibling.exists()
             else load_targets(sibling, indicator_ids, known_kommuner(sibling)))
    load_programme(ppath, indicator_ids, {t.id for t in known}, known_kommuner(ppath))
    if log_source is None:
        log_source = demo_log if demo else functools.partial(database_log, data_dir)
    groups = tables["observations"]["group"].unique()
    areas.problems = interventions.ProblemWords(tables["indicators"], groups)   # what an insats's `problem` may name
    log, intervention_sources = log_source(root, areas)
    tables["interventions"] = log[interventions.TABLE_COLUMNS].reset_index(drop=True)
    tables["effects"] = est.evaluate(tables, tables["interventions"])
    tables["groups"] = comparison_groups(parsed, tables["geographies"])
    cpath = comparisons_path(data_dir)
    load_comparison_groups(cpath)  # a broken file stops the build, not the page
    manifest = {"demo": demo, "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "raw_dir": str(raw_label or root), "targets_file": str(tpath), "comparisons_file": str(cpath),
                "programme_file": str(ppath),
                "sources": sources + intervention_sources}
    return tables, manifest


def comparison_groups(parsed: list[Parsed], geographies: pd.DataFrame) -> pd.DataFrame:
    """Kolada's municipality groups that are one of the store's kommuners' own (catalogue.in_group; Kolada has
    3 630 groups)."""
    frames = [p.groups for p in parsed if p.groups is not None]
    if not frames:   # a data dir of Brå files or surveys alone: no groups (typed, as a table of groups would be)
        return pd.DataFrame({c: pd.Series(dtype=str) for c in kolada.GROUP_COLUMNS})
    all_groups = pd.concat(frames, ignore_index=True).drop_duplicates(["group_id", "member_code"], keep="last")
    kommuner = geographies[geographies["level"] == "kommun"]
    names, codes = set(kommuner["name"]), set(kommuner["code"])
    titles = all_groups.drop_duplicates("group_id").set_index("group_id")["title"]
    listing = set(all_groups.loc[all_groups["member_code"].isin(codes), "group_id"])
    # catalogue.in_group for every kommun at once: a "Liknande kommuner …, <kommun>, …" group by its title,
    # any other group by its members
    wanted = {gid for gid, title in titles.items()
              if (names & {part.strip() for part in title.split(",")} if named_group(title) else gid in listing)}
    return all_groups[all_groups["group_id"].isin(wanted)].sort_values(["group_id", "member_code"]).reset_index(drop=True)


def build(data_dir: Path, demo: bool = False) -> dict:
    """Parse every raw file, validate, evaluate targets and swap in the new store atomically."""
    with store.build_lock(Path(data_dir)):
        return build_holding_lock(data_dir, demo)


def build_holding_lock(data_dir: Path, demo: bool = False) -> dict:
    """`build` for a caller that already holds the data dir's writer lock (e.g. `kpi add`, which changes the
    catalogue and rebuilds as one step, so that two at once cannot lose each other's KPI)."""
    data_dir = Path(data_dir)
    tables, manifest = prepare(raw_dir(data_dir, demo), data_dir, demo)
    build_id = store.write_store(data_dir, tables, manifest)
    return {**manifest, "build_id": build_id, "rows": {k: len(v) for k, v in tables.items()}}
