"""The indicator catalogue (data/indicators.toml) and the targets (data/targets.toml)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lagesbild.errors import ConfigError
from lagesbild.safe_text import name_problem

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
    break_label_sv: str = ""             # what the break is, as its source names it: "MSB:s nya definition"
    break_label_en: str = ""
    pooled_years: int = 1                # each value averages or pools this many years (published under the last)
    population_group: str = ""           # a rate per inhabitants of an age group ("80+"): no count is derived
    continues: str | None = None         # an earlier Kolada id whose values, up to the break, start this series
    file_only: bool = False              # no Kolada KPI per kommun has it: only the kommun's own file can
    # Kolada's earlier definition of the same id as (until, unit, pooled_years), from the TOML's inline table
    # {until = 2023, unit = "per 1 000 inv.", pooled_years = 3}: a saved answer retrieved up to `until` has it.
    former_definition: tuple | None = None
    bra_names: tuple[str, ...] = ()
    bra_sheets: tuple[str, ...] = ()
    # What Kolada's /kpi says of its own figure, as last fetched (set by the build, not in the TOML).
    kolada_title: str = ""
    publication_date: str = ""
    publ_period: str = ""

    def break_label(self, lang: str) -> str:
        return self.break_label_en if lang == "en" else self.break_label_sv


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


MAX_CONFIG_BYTES = 1024 * 1024   # a configuration file (targets, programme, comparisons …)


def read_toml(path: Path) -> dict:
    """A TOML file as a dict; a missing, too large or broken file (also one nested too deep for the
    parser) is a ConfigError naming it."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path.name}: en inställningsfil är högst {MAX_CONFIG_BYTES // 1024} kB.",
                              f"{path.name}: a configuration file is at most {MAX_CONFIG_BYTES // 1024} kB.")
        return loads_toml(raw, path.name)
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: filen finns inte.", f"{path.name}: the file does not exist.") from None
    except OSError as exc:
        raise ConfigError(f"{path.name}: filen kan inte läsas ({exc.strerror}).",
                          f"{path.name}: the file cannot be read ({exc.strerror}).") from None


def loads_toml(raw: bytes, name: str) -> dict:
    """TOML bytes as a dict, or a ConfigError naming `name` (invalid TOML, not UTF-8, nested too deep)."""
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: ogiltig TOML: {exc}", f"{name}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{name}: ogiltig TOML: listor eller tabeller i för många nivåer.",
                          f"{name}: invalid TOML: lists or tables nested too deep.") from None


def load_indicators(path: Path = PROJECT_DATA / "indicators.toml") -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for i, entry in enumerate(read_toml(path).get("indicator", []), start=1):
        try:
            entry = dict(entry)
            for key in ("series_breaks", "bra_names", "bra_sheets"):
                entry[key] = tuple(entry.get(key, ()))
            if isinstance(entry.get("former_definition"), dict):
                former = entry["former_definition"]
                entry["former_definition"] = (int(former["until"]), str(former["unit"]), int(former.get("pooled_years", 1)))
            ind = Indicator(**entry)
        except (TypeError, KeyError, ValueError) as exc:
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
    entries = read_toml(path).get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _config_error(path, (f"[[{table}]]", f"[[{table}]]"), table, ("tabeller [[…]]", "tables [[…]]"), entries)
    out = []
    for i, entry in enumerate(entries, start=1):
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


# What a configuration may hold: a target or målområde names up to MAX_IDS indicators (or targets); a file
# up to MAX_TARGETS targets, MAX_MALOMRADEN målområden (20 000 made the förbund's bokslut run 10 minutes).
MAX_TARGETS = 100
MAX_MALOMRADEN = 50
MAX_IDS = 50
MAX_ALTERNATIVES = 10
YEARS = (1900, 2100)
_MISSING = object()


class _Entry:
    """One entry of a configuration file, its fields read as what they must be; anything else is a
    ConfigError naming the file, the entry and the field (a string where a list belongs, an unknown id, a
    period that ends before it starts, a kommun that does not exist)."""

    def __init__(self, path: Path, where: tuple[str, str], entry: dict):
        self.path, self.where, self.entry = path, where, entry

    def error(self, field: str, expected: tuple[str, str], found=_MISSING) -> ConfigError:
        return _config_error(self.path, self.where, field, expected, None if found is _MISSING else found)

    def get(self, key: str, default=_MISSING):
        if key not in self.entry:
            if default is _MISSING:
                raise ConfigError(f"{self.path.name}: {self.where[0]}, fältet {key} saknas.",
                                  f"{self.path.name}: {self.where[1]}, the field {key} is missing.")
            return default
        return self.entry[key]

    def text(self, key: str, default=_MISSING) -> str:
        value = self.get(key, default)
        if not isinstance(value, str) or not value.strip() or len(value) > 200 or name_problem(value):
            raise self.error(key, ("en text på en rad med högst 200 tecken (inte < och >, radbrytningar eller "
                                   "riktningstecken)", "one line of text of at most 200 characters (not < and >, line "
                                   "breaks or direction marks)"), value)
        return value.strip()

    def ids(self, key: str, known: set[str] | None, what: tuple[str, str], default=_MISSING,
            empty: bool = False) -> tuple[str, ...]:
        value = self.get(key, default)
        if (not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value)
                or len(value) > MAX_IDS or not (value or empty)):
            raise self.error(key, (f"en lista med högst {MAX_IDS} id:n (text inom [ ])",
                                   f"a list of at most {MAX_IDS} ids (text within [ ])"), value)
        unknown = [v for v in value if known is not None and v not in known]
        if unknown:
            raise self.error(key, (f"id:n som finns i {what[0]}", f"ids in {what[1]}"), unknown[0])
        return tuple(value)

    def years(self, key: str) -> tuple[int, int]:
        value = self.get(key)
        if (not isinstance(value, list) or len(value) != 2 or not all(type(y) is int and YEARS[0] <= y <= YEARS[1]
                                                                      for y in value) or value[0] > value[1]):
            raise self.error(key, (f"[första år, sista år] mellan {YEARS[0]} och {YEARS[1]}, det första inte efter det sista",
                                   f"[first year, last year] between {YEARS[0]} and {YEARS[1]}, the first not after the "
                                   "last"), value)
        return value[0], value[1]

    def kommuner(self, key: str, known: set[str] | None, default=_MISSING, empty: bool = False) -> tuple[str, ...]:
        value = self.get(key, default)
        codes = [v for v in value if isinstance(v, str) and len(v) == 4 and v.isdigit()] if isinstance(value, list) else []
        if not isinstance(value, list) or len(codes) != len(value) or not (value or empty):
            raise self.error(key, ("en lista med kommunkoder (fyra siffror som text, t.ex. [\"0683\"])",
                                   "a list of kommun codes (four digits as text, e.g. [\"0683\"])"), value)
        unknown = [k for k in codes if known is not None and k not in known]
        if unknown:
            raise self.error(key, ("kommunkoder som finns (SCB:s lista eller datalagrets)",
                                   "kommun codes that exist (SCB's list or the store's)"), unknown[0])
        return tuple(codes)


def _entries(path: Path, doc: dict, table: str, limit: int, noun: tuple[str, str]) -> list[tuple[_Entry, str]]:
    """The `[[table]]` entries of a document, at most `limit`, each with an id no other entry has."""
    entries = doc.get(table, [])
    where = (f"[[{table}]]", f"[[{table}]]")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _config_error(path, where, table, ("tabeller [[…]]", "tables [[…]]"), type(entries).__name__)
    if len(entries) > limit:
        raise _config_error(path, where, table, (f"högst {limit} {noun[0]}", f"at most {limit} {noun[1]}"), len(entries))
    out, seen = [], set()
    for i, entry in enumerate(entries, start=1):
        entry_id = entry.get("id")
        named = f" ('{entry_id}')" if isinstance(entry_id, str) and not name_problem(entry_id) else ""
        fields = _Entry(path, (f"{noun[2]} nr {i}{named}", f"{noun[3]} no. {i}{named}"), entry)
        if entry_id in seen:
            raise fields.error("id", ("ett id som ingen annan har", "an id no other has"), entry_id)
        ident = fields.text("id")
        seen.add(ident)
        out.append((fields, ident))
    return out


def load_targets(path: Path, indicators: set[str] | None = None, kommuner: set[str] | None = None) -> list[Target]:
    """`targets.toml`: one `[[target]]` per target with id, titles, indicators (and alternatives: lists of
    ids), baseline and target ([first, last] years, the baseline before the target), direction and optional
    geo (kommun codes). With `indicators` and `kommuner` (what exists), each reference is checked too."""
    out = []
    for fields, ident in _entries(path, read_toml(path), "target", MAX_TARGETS, ("mål", "targets", "mål", "target")):
        known = ("indikatorkatalogen", "the indicator catalogue")
        alternatives = fields.get("alternatives", [])
        if not isinstance(alternatives, list) or len(alternatives) > MAX_ALTERNATIVES:
            raise fields.error("alternatives", (f"en lista med högst {MAX_ALTERNATIVES} listor med id:n",
                                                f"a list of at most {MAX_ALTERNATIVES} lists of ids"), alternatives)
        baseline, target = fields.years("baseline"), fields.years("target")
        if baseline[1] >= target[0]:
            raise fields.error("baseline", ("en period som slutar före målperioden", "a period ending before the target's"),
                               list(baseline))
        direction = fields.get("direction")
        if direction not in ("decrease", "increase"):
            raise fields.error("direction", ("decrease eller increase", "decrease or increase"), direction)
        title_sv = fields.text("title_sv" if "title_sv" in fields.entry else "title")
        out.append(Target(
            id=ident, title_sv=title_sv, title_en=fields.text("title_en", title_sv),
            indicators=fields.ids("indicators", indicators, known),
            alternatives=tuple(_Entry(path, fields.where, {"alternatives": a}).ids("alternatives", indicators, known)
                               for a in alternatives),
            baseline=baseline, target=target, direction=direction,
            geo=fields.kommuner("geo", kommuner, default=[], empty=True)))
    return out


@dataclass(frozen=True)
class ComparisonGroup(Titled):
    id: str
    title_sv: str
    title_en: str
    members: tuple[str, ...]


def in_group(title: str, members, code: str, name: str | None) -> bool:
    """Whether a comparison group is the kommun's: Kolada's "Liknande kommuner socioekonomi, Vetlanda, 2024" is
    Vetlanda's (named after it; it lists the kommuner most like Vetlanda, and Vetlanda is a member of other
    kommuners' such groups, which are not its own); any other group is the kommun's when it lists it."""
    if named_group(title):
        return name is not None and name in [part.strip() for part in title.split(",")]
    return code in members


def named_group(title: str) -> bool:
    """Kolada's kind of group named after one kommun: "Liknande kommuner <what>, <kommun>, <year>"."""
    return title.startswith("Liknande kommuner") and "," in title


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
    """The kommunernas handlingsprogram för skydd och säkerhet, as data: a new period is a new file.
    `configured` is False for Lägesbild's standard grouping, used where a data dir has no programme of its own
    (its name is then empty and its kommuner are whichever kommun the bokslut is for)."""
    name: str
    period: tuple[int, int]
    kommuner: tuple[str, ...]
    malomraden: tuple[Malomrade, ...]
    configured: bool = True

    @property
    def baseline(self) -> tuple[int, int]:
        """The programme's starting point: as many years right before its period as the period has
        (2020–2023 for 2024–2027), the convention of the targets it follows up."""
        first, last = self.period
        return first - (last - first + 1), first - 1


# The demo's fictional förbund: its programme speaks only for the demo's kommuner, never for a real data dir.
DEMO_PROGRAMME = PROJECT_DATA / "handlingsprogram.exempel.toml"
# Without a programme of its own a kommun's bokslut follows this grouping, and says that it does.
STANDARD_PROGRAMME = PROJECT_DATA / "bokslut_standard.toml"


def programme_path(data_dir: Path | None, demo: bool = False) -> Path:
    """The data dir's own handlingsprogram.toml; else the demo's for a demo store, else the standard grouping."""
    own = Path(data_dir) / PROGRAMME_FILE if data_dir is not None else None
    if own is not None and own.exists():
        return own
    return DEMO_PROGRAMME if demo else STANDARD_PROGRAMME


def _config_error(path: Path, where: tuple[str, str], field: str, expected: tuple[str, str], found=None) -> ConfigError:
    got_sv = f" (fick {found!r})" if found is not None else ""
    got_en = f" (got {found!r})" if found is not None else ""
    return ConfigError(f"{path.name}: {where[0]}, fältet {field}: väntade {expected[0]}{got_sv}.",
                       f"{path.name}: {where[1]}, the field {field}: expected {expected[1]}{got_en}.")


def load_programme(path: Path, indicators: set[str] | None = None, targets: set[str] | None = None,
                   kommuner: set[str] | None = None) -> Programme:
    """`handlingsprogram.toml`: `[programme]` name, period [first, last], kommuner (SCB codes), and one
    `[[malomrade]]` per målområde (at most MAX_MALOMRADEN) with id, title, optional title_en, indicators and
    targets. With `indicators`, `targets` and `kommuner` (what exists), each reference is checked too.
    Anything amiss is a ConfigError naming the file, the entry and the field."""
    doc = read_toml(path)
    head = doc.get("programme")
    if not isinstance(head, dict):
        raise _config_error(path, ("[programme]", "[programme]"), "name",
                            ("en tabell [programme] med name, period och kommuner",
                             "a [programme] table with name, period and kommuner"))
    fields = _Entry(path, ("[programme]", "[programme]"), head)
    # Lägesbild's grouping (no name, and the kommun it is made for), known by its name: a store keeps the path it
    # was built with, which is another directory after the installation moved or when another checkout built it.
    standard = Path(path).name == STANDARD_PROGRAMME.name
    name = "" if standard else fields.text("name")
    period = fields.years("period")
    codes = fields.kommuner("kommuner", kommuner, default=[], empty=True) if standard else fields.kommuner("kommuner", kommuner)
    areas = []
    for area, ident in _entries(path, doc, "malomrade", MAX_MALOMRADEN, ("målområden", "målområden", "målområde",
                                                                         "målområde")):
        title = area.text("title")
        areas.append(Malomrade(ident, title, area.text("title_en", title),
                               area.ids("indicators", indicators, ("indikatorkatalogen", "the indicator catalogue")),
                               area.ids("targets", targets, ("målen (targets.toml)", "the targets (targets.toml)"),
                                        default=[], empty=True)))
    if not areas:
        raise _config_error(path, ("[[malomrade]]", "[[malomrade]]"), "id", ("minst ett målområde", "at least one målområde"))
    return Programme(name, period, codes, tuple(areas), configured=not standard)
