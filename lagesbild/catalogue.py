"""The indicator catalogue (data/indicators.toml) and the targets (data/targets.toml)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import ConfigError

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Indicator:
    id: str
    title_sv: str
    title_en: str
    kind: str
    unit: str
    direction: str
    source: str
    definition_sv: str = ""
    definition_en: str = ""
    ci_indicator: str | None = None
    series_breaks: tuple[int, ...] = ()
    pooled_years: int = 1
    bra_names: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_sv


@dataclass(frozen=True)
class Target:
    id: str
    title_sv: str
    title_en: str
    indicators: tuple[str, ...]
    baseline: tuple[int, int]
    target: tuple[int, int]
    direction: str
    geo: tuple[str, ...] = field(default=())

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_sv


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: filen finns inte.", f"{path.name}: the file does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: ogiltig TOML: {exc}", f"{path.name}: invalid TOML: {exc}") from None


def load_indicators(path: Path = PROJECT_DATA / "indicators.toml") -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for i, entry in enumerate(_read_toml(path).get("indicator", []), start=1):
        try:
            entry = dict(entry)
            entry["series_breaks"] = tuple(entry.get("series_breaks", ()))
            entry["bra_names"] = tuple(entry.get("bra_names", ()))
            ind = Indicator(**entry)
        except TypeError as exc:
            raise ConfigError(f"{path.name}: indikator nr {i} är ofullständig ({exc}).",
                              f"{path.name}: indicator no. {i} is incomplete ({exc}).") from None
        out[ind.id] = ind
    return out


def targets_path(data_dir: Path | None) -> Path:
    """`<data-dir>/targets.toml` if present, else the project's default."""
    if data_dir is not None and (Path(data_dir) / "targets.toml").exists():
        return Path(data_dir) / "targets.toml"
    return PROJECT_DATA / "targets.toml"


def load_targets(path: Path) -> list[Target]:
    out = []
    for i, entry in enumerate(_read_toml(path).get("target", []), start=1):
        try:
            t = Target(
                id=entry["id"], title_sv=entry["title_sv"], title_en=entry.get("title_en", entry["title_sv"]),
                indicators=tuple(entry["indicators"]), baseline=tuple(entry["baseline"]),
                target=tuple(entry["target"]), direction=entry["direction"], geo=tuple(entry.get("geo", ())),
            )
        except KeyError as exc:
            raise ConfigError(f"{path.name}: mål nr {i} saknar fältet {exc}.",
                              f"{path.name}: target no. {i} lacks the field {exc}.") from None
        if t.direction not in ("decrease", "increase") or len(t.baseline) != 2 or len(t.target) != 2:
            raise ConfigError(
                f"{path.name}: mål '{t.id}': direction ska vara decrease eller increase och baseline/target [första, sista år].",
                f"{path.name}: target '{t.id}': direction must be decrease or increase and baseline/target [first, last year].")
        out.append(t)
    return out


@dataclass(frozen=True)
class ComparisonGroup:
    id: str
    title_sv: str
    title_en: str
    members: tuple[str, ...]

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_sv


def comparisons_path(data_dir: Path | None) -> Path:
    """`<data-dir>/comparisons.toml` if present, else the project's default."""
    if data_dir is not None and (Path(data_dir) / "comparisons.toml").exists():
        return Path(data_dir) / "comparisons.toml"
    return PROJECT_DATA / "comparisons.toml"


def load_comparison_groups(path: Path) -> list[ComparisonGroup]:
    out = []
    for i, entry in enumerate(_read_toml(path).get("group", []), start=1):
        try:
            out.append(ComparisonGroup(id=entry["id"], title_sv=entry["title_sv"],
                                       title_en=entry.get("title_en", entry["title_sv"]),
                                       members=tuple(str(m) for m in entry["members"])))
        except KeyError as exc:
            raise ConfigError(f"{path.name}: grupp nr {i} saknar fältet {exc}.",
                              f"{path.name}: group no. {i} lacks the field {exc}.") from None
    return out
