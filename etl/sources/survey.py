"""Respondent-level safety surveys (CSV or Excel) with a TOML mapping -> weighted shares.

Only aggregates leave this module: per kommun, per area and per group, the weighted share with a
95 % Wilson interval on the Kish effective sample size; groups under `min_n` are suppressed, and the cells
that would give them away with them (lagesbild.disclosure: no sum with exactly one unknown).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from etl.sources.common import GEOGRAPHY_COLUMNS, Parsed, observations_frame, parse_number, slug
from etl.sources.table import MAX_NAME_CHARS, NAME_EXPECTED, check_names, read_table

MAX_MAPPING_BYTES = 1024 * 1024
MAX_INDICATORS = 200   # a questionnaire's measures; each is computed per kommun, area and group
MAX_GROUPS = 20
# What a survey turns into: each indicator's share per kommun and area, in total and per group label. A
# 129 kB file with one area per respondent was accepted at 2 GB; these bound it by what it becomes.
MAX_AREAS = 5_000          # distinct areas (a national survey: 290 kommuner × a handful)
MAX_GROUP_LABELS = 100     # distinct labels in one group column (kön, åldersgrupp …)
MAX_SHARES = 300_000       # indicators × (kommuner + areas) × (1 + every group's labels)
from lagesbild.access import OWN_INDICATOR, own_indicator
from lagesbild.catalogue import Indicator, loads_toml
from lagesbild.disclosure import additive_relations, complementary_suppression
from lagesbild.errors import ConfigError, SourceFormatError
from lagesbild.safe_text import name_problem
from lagesbild.stats import weighted_shares


@dataclass(frozen=True)
class SurveyIndicator:
    id: str
    title_sv: str
    title_en: str
    column: str
    count: frozenset[str]
    exclude: frozenset[str]
    direction: str


@dataclass(frozen=True)
class Mapping:
    name: str
    period: tuple[date, date]
    geo: str
    area: str | None
    weight: str | None
    groups: tuple[str, ...]
    labels: dict
    min_n: int
    indicators: tuple[SurveyIndicator, ...]
    respondent: str | None = None  # a column with each respondent's id: a row twice is an error


def _answer(value) -> str:
    """Answers compare as text: 3, '3', '3.0' and ' 3 ' are the same answer."""
    s = str(value).strip()
    return re.sub(r"^(-?\d+)[.,]0+$", r"\1", s)


def _period(text: str, name: str) -> tuple[date, date]:
    text = str(text).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1), date(int(text), 12, 31)
        first, last = text.split("/")
        return date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        raise ConfigError(f"{name}: [survey] period ska vara ett år (2023) eller ett intervall (2023-09-01/2023-10-31), inte {text!r}.",
                          f"{name}: [survey] period must be a year (2023) or a range (2023-09-01/2023-10-31), not {text!r}.") from None


_REQUIRED = object()
_KINDS = {str: ("text", "text"), list: ("en lista", "a list"), dict: ("en tabell", "a table"), int: ("ett heltal", "an integer"),
          (str, int): ("ett år eller ett intervall", "a year or a range")}


def _field(table: dict, key: str, kind: type, name: str, section: str, default=_REQUIRED):
    """A mapping field of the expected TOML type, or a ConfigError naming it."""
    if key not in table:
        if default is _REQUIRED:
            raise KeyError(key)
        return default
    value = table[key]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        sv, en = _KINDS[kind]
        raise ConfigError(f"{name}: [{section}] {key} ska vara {sv}, inte {value!r}.",
                          f"{name}: [{section}] {key} must be {en}, not {value!r}.")
    return value


def _answers(values: list, name: str, key: str) -> frozenset[str]:
    if not all(isinstance(a, (str, int, float)) and not isinstance(a, bool) for a in values):
        raise ConfigError(f"{name}: [[indicator]] {key} ska vara en lista med svarskoder, inte {values!r}.",
                          f"{name}: [[indicator]] {key} must be a list of answer codes, not {values!r}.")
    return frozenset(_answer(a) for a in values)


def load_mapping(raw: bytes, name: str) -> Mapping:
    if len(raw) > MAX_MAPPING_BYTES:
        raise ConfigError(f"{name}: en mappning är högst {MAX_MAPPING_BYTES // 1024} kB, den här är {len(raw) // 1024} kB.",
                          f"{name}: a mapping is at most {MAX_MAPPING_BYTES // 1024} kB, this one is {len(raw) // 1024} kB.")
    doc = loads_toml(raw, name)
    try:
        s = _field(doc, "survey", dict, name, "survey")
        indicators = tuple(
            SurveyIndicator(
                id=_field(i, "id", str, name, "indicator"), title_sv=_field(i, "title", str, name, "indicator"),
                title_en=_field(i, "title_en", str, name, "indicator", i["title"]),
                column=_field(i, "column", str, name, "indicator"),
                count=_answers(_field(i, "count", list, name, "indicator"), name, "count"),
                exclude=_answers(_field(i, "exclude", list, name, "indicator", []), name, "exclude"),
                direction=_field(i, "direction", str, name, "indicator", "higher_is_worse"),
            ) for i in _indicator_tables(doc, name)
        )
        groups = _field(s, "groups", list, name, "survey", [])
        labels = _field(s, "labels", dict, name, "survey", {})
        if not all(isinstance(g, str) for g in groups) or not all(isinstance(v, dict) for v in labels.values()):
            raise ConfigError(f"{name}: [survey] groups ska vara kolumnnamn och labels tabeller per kolumn.",
                              f"{name}: [survey] groups must be column names and labels tables per column.")
        period = _field(s, "period", (str, int), name, "survey")
        min_n = _field(s, "min_n", int, name, "survey", 30)
        if min_n < 1:
            raise ConfigError(f"{name}: [survey] min_n ska vara minst 1, inte {min_n}.",
                              f"{name}: [survey] min_n must be at least 1, not {min_n}.")
        mapping = Mapping(
            name=_field(s, "name", str, name, "survey"), period=_period(period, name),
            geo=_field(s, "geo", str, name, "survey"), area=_field(s, "area", str, name, "survey", None),
            weight=_field(s, "weight", str, name, "survey", None), groups=tuple(groups), labels=labels,
            min_n=min_n, indicators=indicators, respondent=_field(s, "respondent", str, name, "survey", None),
        )
    except KeyError as exc:
        raise ConfigError(f"{name}: fältet {exc} saknas (se README, enkätmappning).",
                          f"{name}: the field {exc} is missing (see README, survey mapping).") from None
    if not indicators:
        raise ConfigError(f"{name}: minst en [[indicator]] behövs.", f"{name}: at least one [[indicator]] is needed.")
    _check_mapping_size(mapping, name)
    return mapping


def _check_mapping_size(mapping: Mapping, name: str) -> None:
    for what, count, limit in (("[[indicator]]", len(mapping.indicators), MAX_INDICATORS),
                               ("groups", len(mapping.groups), MAX_GROUPS)):
        if count > limit:
            raise ConfigError(f"{name}: högst {limit} {what}, mappningen har {count}.",
                              f"{name}: at most {limit} {what}, the mapping has {count}.")
    texts = [("name", mapping.name), *((f"title ({i.id})", i.title_sv) for i in mapping.indicators),
             *((f"title_en ({i.id})", i.title_en) for i in mapping.indicators), *(("id", i.id) for i in mapping.indicators)]
    for field, text in texts:
        if len(text) > MAX_NAME_CHARS or name_problem(text):
            raise ConfigError(f"{name}: {field} ska vara {NAME_EXPECTED[0]}; fick {name_problem(text) or 'för lång'}.",
                              f"{name}: {field} must be {NAME_EXPECTED[1]}; got {name_problem(text) or 'too long'}.")


def _indicator_tables(doc: dict, name: str) -> list[dict]:
    tables = _field(doc, "indicator", list, name, "indicator", [])
    if not all(isinstance(i, dict) for i in tables):
        raise ConfigError(f"{name}: [[indicator]] ska vara tabeller.", f"{name}: [[indicator]] must be tables.")
    return tables


def _require_columns(df: pd.DataFrame, mapping: Mapping, name: str) -> None:
    needed = [mapping.geo, mapping.area, mapping.weight, mapping.respondent, *mapping.groups,
              *(i.column for i in mapping.indicators)]
    for col in needed:
        if col and col not in df.columns:
            raise SourceFormatError(name, f"en kolumn '{col}' (enligt mappningen)", f"a column '{col}' (per the mapping)",
                                    row=1, column=col, found=", ".join(df.columns[:8]))


def _by_unique(values: pd.Series, fn) -> pd.Series:
    """fn applied once per distinct value: a survey has 300 000 rows but a handful of answers."""
    distinct = values.unique()
    return values.map(dict(zip(distinct, map(fn, distinct))))


def _check_respondents(df: pd.DataFrame, mapping: Mapping, name: str) -> None:
    """Each respondent id once and never blank: a row exported twice would count its answers twice."""
    if not mapping.respondent:
        return
    ids = df[mapping.respondent].str.strip()
    blank = (ids == "").to_numpy()
    if blank.any():
        raise SourceFormatError(name, "ett id för den svarande (inte tomt)", "a respondent id (not empty)",
                                row=int(np.argmax(blank)) + 2, column=mapping.respondent)
    again = ids.duplicated().to_numpy()
    if again.any():
        i = int(np.argmax(again))
        first = int(np.argmax((ids == ids.iloc[i]).to_numpy()))
        raise SourceFormatError(name, "varje svarande en gång", "each respondent once", row=i + 2,
                                column=mapping.respondent, found=f"{ids.iloc[i]} (även rad {first + 2})")


def _weight(cell: str) -> float:
    try:
        w = parse_number(cell)
    except ValueError:
        return -1.0
    return -1.0 if w is None or w <= 0 or not np.isfinite(w) else w


def _weights(df: pd.DataFrame, mapping: Mapping, name: str) -> np.ndarray:
    if not mapping.weight:
        return np.ones(len(df))
    out = _by_unique(df[mapping.weight], _weight).to_numpy(dtype=float)
    if (out <= 0).any():
        i = int(np.argmax(out <= 0))
        raise SourceFormatError(name, "en positiv vikt", "a positive weight", row=i + 2,
                                column=mapping.weight, found=df[mapping.weight].iloc[i])
    return out


def parse(raw: bytes, name: str, mapping: Mapping, known: set[str] | None = None) -> Parsed:
    """Aggregates of a respondent table; `known`: the kommun codes the data dir knows (SCB's and Kolada's)."""
    df = read_table(raw, name)
    _require_columns(df, mapping, name)
    if df.empty:
        raise SourceFormatError(name, "minst en svarande", "at least one respondent", row=2)
    _check_respondents(df, mapping, name)
    weights = _weights(df, mapping, name)
    blank = (df[mapping.geo].str.strip() == "").to_numpy()
    if blank.any():  # "" would pad to 0000, riket
        raise SourceFormatError(name, "en kommunkod (inte tom)", "a municipality code (not empty)",
                                row=int(blank.argmax()) + 2, column=mapping.geo)
    kommun = df[mapping.geo].str.strip().str.zfill(4)
    bad = ~kommun.str.fullmatch(r"\d{4}")
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise SourceFormatError(name, "en fyrsiffrig kommunkod", "a four-digit municipality code",
                                row=i + 2, column=mapping.geo, found=df[mapping.geo].iloc[i])
    unknown = ~kommun.isin(known) if known is not None else pd.Series(False, index=df.index)
    if unknown.any():
        i = int(np.argmax(unknown.to_numpy()))
        raise SourceFormatError(name, "en kommunkod i SCB:s kommunlista", "a municipality code in SCB's list",
                                row=i + 2, column=mapping.geo, found=df[mapping.geo].iloc[i])
    _check_shares(df, mapping, kommun, name)
    units = [kommun]
    areas = pd.DataFrame(columns=GEOGRAPHY_COLUMNS)
    if mapping.area:
        names = df[mapping.area].str.strip()
        check_names(names, name, mapping.area)
        area_code = kommun + "-" + _by_unique(names, slug)
        has_area = names != ""
        units.append(area_code.where(has_area))
        areas = (pd.DataFrame({"code": area_code[has_area], "name": names[has_area], "parent": kommun[has_area]})
                 .drop_duplicates("code").assign(level="område")[GEOGRAPHY_COLUMNS])

    start, end = mapping.period
    # Units and group labels as integer codes once, so each (unit, group) breakdown below is one
    # bincount per sum instead of a groupby on 300 000 strings.
    unit_keys = [pd.factorize(unit) for unit in units]  # code -1: no unit (respondent without area)
    group_keys = [pd.factorize(_group_labels(df, mapping, col, name)) for col in (None, *mapping.groups)]  # -1: blank
    breakdowns = [list(label_names) for _, label_names in group_keys[1:]]
    parent_of = dict(zip(areas["code"], areas["parent"]))
    frames = []
    for ind in mapping.indicators:
        answers = _by_unique(df[ind.column], _answer)
        valid = ((answers != "") & ~answers.isin(ind.exclude)).to_numpy()
        yes = answers.isin(ind.count).to_numpy()
        sums = []
        for unit_codes, unit_names in unit_keys:
            for label_codes, label_names in group_keys:
                keep = valid & (unit_codes >= 0) & (label_codes >= 0)
                sums.append(_group_sums(unit_codes[keep], unit_names, label_codes[keep], label_names, yes[keep],
                                        weights[keep]))
        frames.append(_shares(pd.concat(sums), ind.id, mapping.min_n, parent_of, breakdowns))
    obs = pd.concat(frames).reset_index()
    obs = obs.assign(period_start=start, period_end=end, unit="%", source=mapping.name)
    indicators = [
        Indicator(id=i.id, title_sv=i.title_sv, title_en=i.title_en, kind="perceived", unit="%",
                  direction=i.direction, source=mapping.name,
                  # Said to everyone: what is measured, and where. The question's column and answer codes are the
                  # Data page's (what to check against the survey), never on a slide or in a document.
                  definition_sv=f"{i.title_sv.split(',')[0]}: andelen av dem som svarade på frågan i {mapping.name}, viktad.",
                  definition_en=f"{i.title_en.split(',')[0]}: the share of those who answered the question in {mapping.name}, weighted.",
                  data_note_sv=f"Fråga '{i.column}'; svaren {', '.join(map(str, sorted(i.count)))} räknas, "
                               f"{', '.join(map(str, sorted(i.exclude))) or 'inga'} och tomma ingår inte i basen. "
                               "95 % KI (Wilson, Kish-korrigerat).",
                  data_note_en=f"Question '{i.column}'; answers {', '.join(map(str, sorted(i.count)))} count, "
                               f"{', '.join(map(str, sorted(i.exclude))) or 'none'} and blanks are left out of the base. "
                               "95 % CI (Wilson, Kish-corrected).")
        for i in mapping.indicators
    ]
    return Parsed(observations_frame(obs), geographies=areas, indicators=indicators)


def _check_shares(df: pd.DataFrame, mapping: Mapping, kommun: pd.Series, name: str) -> None:
    """Refuse, naming the limit and the column, a survey past MAX_AREAS, MAX_GROUP_LABELS or MAX_SHARES."""
    def too_many(what_sv: str, what_en: str, limit: int, found: int, column: str | None = None) -> SourceFormatError:
        return SourceFormatError(name, f"högst {limit:,} {what_sv}".replace(",", " "), f"at most {limit:,} {what_en}",
                                 found=found, column=column)

    units = kommun.nunique()
    if mapping.area:
        areas = (kommun + "-" + df[mapping.area].str.strip().str.casefold()).nunique()
        if areas > MAX_AREAS:
            raise too_many("områden", "areas", MAX_AREAS, areas, mapping.area)
        units += areas
    labels = 1
    for column in mapping.groups:
        found = df[column].str.strip().nunique()
        if found > MAX_GROUP_LABELS:
            raise too_many("olika värden i en gruppkolumn", "distinct values in a group column", MAX_GROUP_LABELS, found,
                           column)
        labels += found
    shares = len(mapping.indicators) * units * labels
    if shares > MAX_SHARES:
        raise too_many("andelar att räkna (indikatorer × kommuner och områden × grupper)",
                       "shares to compute (indicators × municipalities and areas × groups)", MAX_SHARES, shares)


def _group_labels(df: pd.DataFrame, mapping: Mapping, column: str | None, name: str) -> pd.Series:
    """Each respondent's group in one breakdown: 'total', or the mapped label of the group column
    (missing where blank)."""
    if column is None:
        return pd.Series("total", index=df.index)
    labels = mapping.labels.get(column, {})
    mapped = _by_unique(df[column].str.strip(), lambda v: str(labels.get(v, v)))
    check_names(mapped, name, column)  # a group is a name in the store, shown in charts
    return mapped.where(mapped != "")


def _group_sums(unit: np.ndarray, unit_names: pd.Index, label: np.ndarray, label_names: pd.Index,
                yes: np.ndarray, w: np.ndarray) -> pd.DataFrame:
    """Per (geo_code, group) present, sorted: respondents n, yes answers count, and the sums of the
    weights, their squares and the yes answers' weights (what `stats.weighted_shares` needs)."""
    group, pairs = pd.factorize(unit * len(label_names) + label)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(group, values, minlength=len(pairs))

    index = pd.MultiIndex.from_arrays([unit_names.take(pairs // len(label_names)),
                                       label_names.take(pairs % len(label_names))], names=["geo_code", "group"])
    sums = pd.DataFrame({"n": np.bincount(group, minlength=len(pairs)), "count": total(yes.astype(float)),
                         "sum_w": total(w), "sum_w2": total(w**2), "sum_w_yes": total(w * yes)}, index=index)
    return sums.sort_index()


def _shares(sums: pd.DataFrame, indicator_id: str, min_n: int, parent_of: dict[str, str],
            breakdowns: list[list[str]]) -> pd.DataFrame:
    """Weighted share and 95 % CI per unit and group; groups under min_n keep only their base (status
    'suppressed'), and so do the cells suppressed with them so that none can be derived from the sums
    they are part of (status 'protected', lagesbild.disclosure)."""
    est = weighted_shares(sums)
    n = dict(zip(sums.index, sums["n"]))
    primary = {cell for cell, count in n.items() if count < min_n}
    secondary = complementary_suppression(n, primary, additive_relations(n, parent_of, breakdowns),
                                          dict(zip(sums.index, sums["count"])))
    status = np.array(["suppressed" if c in primary else "protected" if c in secondary else "ok" for c in sums.index])
    shown = status == "ok"
    return pd.DataFrame({
        "indicator_id": indicator_id, "value": est["share"].where(shown), "count": sums["count"].where(shown),
        "base": sums["n"].astype(float), "ci_low": est["ci_low"].where(shown), "ci_high": est["ci_high"].where(shown),
        "status": status,
    }, index=sums.index)


SURVEY_PREFIX = "enk_"   # the catalogue's indicators that a kommun's own survey measures (enk_otrygg_kvall)


def scope(parsed: Parsed, catalogue: dict[str, Indicator], mapping_name: str) -> Parsed:
    """A survey's measures as the store keeps them. A catalogue indicator of the kommun's survey (its id
    begins `enk_`) gets the survey's values under the catalogue's definition; any other catalogue id is
    refused (a survey is not recorded crime or NTU); every other id is the kommun's own, `<id>@<kommun>`
    for each kommun in the file (lagesbild.access.own_indicator), so no kommun's survey can add to or
    redefine what another kommun's pages show."""
    foreign = [i for i in parsed.indicators if i.id in catalogue and not i.id.startswith(SURVEY_PREFIX)]
    if foreign:
        ind = catalogue[foreign[0].id]
        raise ConfigError(
            f"{mapping_name}: [[indicator]] id {ind.id!r} är katalogens '{ind.title_sv}', som inte kommer från en enkät. "
            f"En enkät ger värden till katalogens enkätindikatorer (id som börjar med {SURVEY_PREFIX}) eller till egna "
            "id:n, som blir kommunens egna.",
            f"{mapping_name}: [[indicator]] id {ind.id!r} is the catalogue's '{ind.title_en}', which does not come from a "
            f"survey. A survey gives values to the catalogue's survey indicators (ids beginning {SURVEY_PREFIX}) or to ids "
            "of its own, which become the municipality's own.")
    own = {i.id: i for i in parsed.indicators if i.id not in catalogue}
    obs = parsed.observations
    kommun = obs["geo_code"].str[:4]
    mine = obs["indicator_id"].isin(own)
    scoped = obs["indicator_id"].where(~mine, obs["indicator_id"] + OWN_INDICATOR + kommun)
    pairs = sorted(set(zip(obs.loc[mine, "indicator_id"], kommun[mine])))
    return Parsed(obs.assign(indicator_id=scoped), geographies=parsed.geographies, notes=parsed.notes,
                  # a catalogue indicator keeps its definition; the build takes only the survey's note (its question)
                  indicators=[replace(own[i], id=own_indicator(i, k)) for i, k in pairs]
                  + [i for i in parsed.indicators if i.id in catalogue])
