"""The indicator catalogue (data/indicators.toml) and the targets (data/targets.toml)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lagesbild.errors import ConfigError

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"


class Titled:
    """Swedish and English titles; the UI asks for one language."""
    title_sv: str
    title_en: str

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_sv


@dataclass(frozen=True)
class Indicator(Titled):
    id: str
    title_sv: str
    title_en: str
    kind: str
    unit: str
    direction: str
    source: str
    definition_sv: str = ""      # for everyone: pages, slides, documents
    definition_en: str = ""
    data_note_sv: str = ""       # for the Data page only: how the values were made, what to check before trusting them
    data_note_en: str = ""
    ci_indicator: str | None = None
    series_breaks: tuple[int, ...] = ()
    pooled_years: int = 1
    bra_names: tuple[str, ...] = ()
    bra_sheets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target(Titled):
    id: str
    title_sv: str
    title_en: str
    indicators: tuple[str, ...]          # the definition to use where a kommun has all of it
    baseline: tuple[int, int]
    target: tuple[int, int]
    direction: str
    geo: tuple[str, ...] = field(default=())
    alternatives: tuple[tuple[str, ...], ...] = ()   # used in order where a kommun lacks a part of `indicators`

    @property
    def definitions(self) -> tuple[tuple[str, ...], ...]:
        return (self.indicators, *self.alternatives)


def read_toml(path: Path) -> dict:
    """A TOML file as a dict; a missing or broken file is a ConfigError naming it."""
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: filen finns inte.", f"{path.name}: the file does not exist.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name}: ogiltig TOML: {exc}", f"{path.name}: invalid TOML: {exc}") from None


def load_indicators(path: Path = PROJECT_DATA / "indicators.toml") -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for i, entry in enumerate(read_toml(path).get("indicator", []), start=1):
        try:
            entry = dict(entry)
            for key in ("series_breaks", "bra_names", "bra_sheets"):
                entry[key] = tuple(entry.get(key, ()))
            ind = Indicator(**entry)
        except TypeError as exc:
            raise ConfigError(f"{path.name}: indikator nr {i} är ofullständig ({exc}).",
                              f"{path.name}: indicator no. {i} is incomplete ({exc}).") from None
        out[ind.id] = ind
    return out


def own_indicators_path(data_dir: Path) -> Path:
    """A data dir's own indicators (e.g. Kolada KPIs added with `python -m etl kpi add`)."""
    return Path(data_dir) / "indicators.toml"


def catalogue(data_dir: Path | None = None) -> dict[str, Indicator]:
    """The built-in indicators, extended by the data dir's own indicators.toml (its entries win)."""
    out = load_indicators()
    if data_dir is not None and own_indicators_path(data_dir).exists():
        out.update(load_indicators(own_indicators_path(data_dir)))
    return out


def config_path(data_dir: Path | None, name: str) -> Path:
    """`<data-dir>/<name>` if present, else the project's default `data/<name>`."""
    if data_dir is not None and (Path(data_dir) / name).exists():
        return Path(data_dir) / name
    return PROJECT_DATA / name


def targets_path(data_dir: Path | None) -> Path:
    return config_path(data_dir, "targets.toml")


def _records(path: Path, table: str, noun: tuple[str, str], make) -> list:
    """Each `[[table]]` entry through `make`; a missing field names the file, entry and field."""
    out = []
    for i, entry in enumerate(read_toml(path).get(table, []), start=1):
        try:
            out.append(make(entry))
        except KeyError as exc:
            raise ConfigError(f"{path.name}: {noun[0]} nr {i} saknar fältet {exc}.",
                              f"{path.name}: {noun[1]} no. {i} lacks the field {exc}.") from None
    return out


def _titles(entry: dict) -> dict[str, str]:
    """The `title_sv` and `title_en` fields of a Titled record: as given, or one `title` for both languages."""
    title_sv = entry.get("title_sv", entry.get("title"))
    if title_sv is None:
        raise KeyError("title")
    return {"title_sv": title_sv, "title_en": entry.get("title_en", entry.get("title", title_sv))}


def load_targets(path: Path) -> list[Target]:
    targets = _records(path, "target", ("mål", "target"), lambda entry: Target(
        id=entry["id"], **_titles(entry),
        indicators=tuple(entry["indicators"]), baseline=tuple(entry["baseline"]),
        target=tuple(entry["target"]), direction=entry["direction"], geo=tuple(str(g) for g in entry.get("geo", ())),
        alternatives=tuple(tuple(a) for a in entry.get("alternatives", ())),
    ))
    for t in targets:
        if t.direction not in ("decrease", "increase") or len(t.baseline) != 2 or len(t.target) != 2:
            raise ConfigError(
                f"{path.name}: mål '{t.id}': direction ska vara decrease eller increase och baseline/target [första, sista år].",
                f"{path.name}: target '{t.id}': direction must be decrease or increase and baseline/target [first, last year].")
    return targets


@dataclass(frozen=True)
class ComparisonGroup(Titled):
    id: str
    title_sv: str
    title_en: str
    members: tuple[str, ...]


def comparisons_path(data_dir: Path | None) -> Path:
    return config_path(data_dir, "comparisons.toml")


def load_comparison_groups(path: Path) -> list[ComparisonGroup]:
    return _records(path, "group", ("grupp", "group"), lambda entry: ComparisonGroup(
        id=entry["id"], **_titles(entry),
        members=tuple(str(m) for m in entry["members"])))


# --- the handlingsprogram: its målområden, their indicators and targets ---------------------------

PROGRAMME_FILE = "handlingsprogram.toml"


@dataclass(frozen=True)
class Malomrade(Titled):
    """One målområde of the programme: the indicators (crime or accident) and targets it is followed up by."""
    id: str
    title_sv: str
    title_en: str
    indicators: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    """The kommunernas handlingsprogram för skydd och säkerhet, as data: a new period is a new file."""
    name: str
    period: tuple[int, int]
    kommuner: tuple[str, ...]
    malomraden: tuple[Malomrade, ...]

    @property
    def baseline(self) -> tuple[int, int]:
        """The programme's starting point: as many years right before its period as the period has
        (2020–2023 for 2024–2027), the convention of the targets it follows up."""
        first, last = self.period
        return first - (last - first + 1), first - 1


def programme_path(data_dir: Path | None) -> Path:
    return config_path(data_dir, PROGRAMME_FILE)


def _programme_error(path: Path, where: tuple[str, str], field: str, expected: tuple[str, str], found=None) -> ConfigError:
    got_sv = f" (fick {found!r})" if found is not None else ""
    got_en = f" (got {found!r})" if found is not None else ""
    return ConfigError(f"{path.name}: {where[0]}, fältet {field}: väntade {expected[0]}{got_sv}.",
                       f"{path.name}: {where[1]}, the field {field}: expected {expected[1]}{got_en}.")


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def load_programme(path: Path, indicators: set[str] | None = None, targets: set[str] | None = None) -> Programme:
    """`handlingsprogram.toml`: `[programme]` name, period [first, last], kommuner (SCB codes), and one
    `[[malomrade]]` per målområde with id, title, optional title_en, indicators and targets. With
    `indicators` and `targets` (the known ids), each reference is checked too. Anything amiss is a
    ConfigError naming the file, the entry and the field."""
    doc = read_toml(path)
    head, where = doc.get("programme"), ("[programme]", "[programme]")
    if not isinstance(head, dict):
        raise _programme_error(path, where, "name", ("en tabell [programme] med name, period och kommuner",
                                                     "a [programme] table with name, period and kommuner"))
    name, period, kommuner = head.get("name"), head.get("period"), head.get("kommuner")
    if not isinstance(name, str) or not name.strip():
        raise _programme_error(path, where, "name", ("programmets namn", "the programme's name"), name)
    if (not isinstance(period, list) or len(period) != 2 or not all(isinstance(y, int) and 1900 <= y <= 2100 for y in period)
            or period[0] > period[1]):
        raise _programme_error(path, where, "period", ("[första år, sista år]", "[first year, last year]"), period)
    if not isinstance(kommuner, list) or not kommuner or not all(isinstance(k, str) and len(k) == 4 and k.isdigit()
                                                                 for k in kommuner):
        raise _programme_error(path, where, "kommuner", ("en lista med kommunkoder (fyra siffror som text)",
                                                         "a list of kommun codes (four digits as text)"), kommuner)
    areas, seen = [], set()
    for i, entry in enumerate(doc.get("malomrade", []), start=1):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        where = (f"målområde nr {i}" + (f" ('{entry_id}')" if isinstance(entry_id, str) else ""),
                 f"målområde no. {i}" + (f" ('{entry_id}')" if isinstance(entry_id, str) else ""))
        if not isinstance(entry_id, str) or not entry_id.strip() or entry_id in seen:
            raise _programme_error(path, where, "id", ("ett id som inga andra målområden har", "an id no other målområde has"),
                                   entry_id)
        seen.add(entry_id)
        title, title_en = entry.get("title"), entry.get("title_en", entry.get("title"))
        for name_key, value in (("title", title), ("title_en", title_en)):
            if not isinstance(value, str) or not value.strip():
                raise _programme_error(path, where, name_key, ("en rubrik", "a title"), value)
        chosen = {}
        for key in ("indicators", "targets"):
            value = entry.get(key, [] if key == "targets" else None)
            if not _strings(value) or (key == "indicators" and not value):
                raise _programme_error(path, where, key, ("en lista med id:n", "a list of ids"), value)
            known = indicators if key == "indicators" else targets
            unknown = [v for v in value if known is not None and v not in known]
            if unknown:
                raise _programme_error(
                    path, where, key,
                    (f"id:n som finns i {'indikatorkatalogen' if key == 'indicators' else 'målen (targets.toml)'}",
                     f"ids in {'the indicator catalogue' if key == 'indicators' else 'the targets (targets.toml)'}"),
                    unknown[0])
            chosen[key] = tuple(value)
        areas.append(Malomrade(entry_id, title.strip(), title_en.strip(), chosen["indicators"], chosen["targets"]))
    if not areas:
        raise _programme_error(path, ("[[malomrade]]", "[[malomrade]]"), "id",
                               ("minst ett målområde", "at least one målområde"))
    return Programme(name.strip(), (period[0], period[1]), tuple(kommuner), tuple(areas))
