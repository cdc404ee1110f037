"""An imported Kolada answer against what the store already holds: the same definition, and newer or older.

Kolada redefines KPIs under the same id (U07452 and U07417 went from three-year means per 1 000 inv. to
single years per 100 000 in 2024), and a saved answer or an analyst's flat table carries no unit. So an
import compares its values with the store's for the same KPI and year: a file whose values are a power of
ten away from them (Värnamo skadegörelse 2019: 7,6 against 763,9) is under another definition and is
refused, naming both and the years. Values that differ otherwise are revisions: the newer is kept (a file's
date is the one given with --retrieved; without one it is unknown, so the store's values stay) unless the
import is asked to replace them (--replace), and the import says what differed.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from etl.sources import kolada_kpi
from lagesbild import fmt
from lagesbild.catalogue import Indicator
from lagesbild.store import Store

KEY = ["geo_code", "period_start", "period_end", "indicator_id", "group"]
OTHER_UNIT = 1.5   # |log10 of the median ratio| from which a file's values are in another unit (~30×)


def _years(rows: pd.DataFrame) -> str:
    years = sorted(set(rows["period_end"].dt.year))
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def check_definition(new: pd.DataFrame, held: pd.DataFrame, catalogue: dict[str, Indicator], name: str,
                     names: dict[str, str]) -> set[str]:
    """Refuse a KPI whose values are a power of ten from the store's for the same places and years (or, where
    the file has places the store lacks, for the same years anywhere: the län and riket of a fetch). Returns
    the KPIs checked so (those the store had values to compare with)."""
    checked = set()
    for ind_id, rows in new.groupby("indicator_id"):
        ours = held[held["indicator_id"] == ind_id]
        if ours.empty or ind_id not in catalogue:
            continue
        both = rows.merge(ours, on=KEY, suffixes=("", "_held"))
        if both.empty:   # no shared places: compare each year's values with the store's of the same year
            by_year = ours.groupby(ours["period_end"].dt.year)["value"].median()
            both = rows.assign(value_held=rows["period_end"].dt.year.map(by_year)).dropna(subset=["value_held"])
        both = both[(both["value"] > 0) & (both["value_held"] > 0)]
        if both.empty:
            continue
        checked.add(ind_id)
        ratio = float(np.median(both["value"] / both["value_held"]))
        if abs(math.log10(ratio)) < OTHER_UNIT:
            continue
        example = both.iloc[len(both) // 2]
        ind = catalogue[ind_id]
        held_text = kolada_kpi.definition_text(ind.unit, ind.pooled_years, ind.population_group)
        held_en = kolada_kpi.definition_text(ind.unit, ind.pooled_years, ind.population_group, "en")
        power = 10 ** abs(round(math.log10(ratio)))
        factor, factor_en = (f"1/{power:.0f} av", f"1/{power:.0f} of") if ratio < 1 else (f"{power:.0f} gånger", f"{power:.0f} times")
        place = names.get(example["geo_code"], example["geo_code"])
        year = int(example["period_end"].year)
        raise kolada_kpi.DefinitionError(
            f"{name}: {ind_id} ({_years(rows)}) har värden omkring {factor} datalagrets för samma år "
            f"({place} {year}: {fmt.number(example['value'], 1, 'sv')} i filen, {fmt.number(example['value_held'], 1, 'sv')} "
            f"i datalagret, som har {ind_id} som {held_text}). Filen har alltså en annan definition, troligen en äldre "
            f"(Kolada har t.ex. räknat om U07452 och U07417 från per 1 000 inv. som treårsmedel). Inget har ändrats. "
            f"Hämta {ind_id} på nytt från Kolada (`python -m etl fetch kolada --kpi {ind_id} …` eller Hämta från Kolada "
            f"på sidan Data).",
            f"{name}: {ind_id} ({_years(rows)}) has values about {factor_en} the store's for the same years "
            f"({place} {year}: {example['value']:.1f} in the file, {example['value_held']:.1f} in the store, which holds "
            f"{ind_id} as {held_en}). The file has another definition, probably an older one (Kolada redefined U07452 "
            f"and U07417 from three-year means per 1,000 inhabitants, for example). Nothing was changed. Fetch {ind_id} "
            f"again from Kolada (`python -m etl fetch kolada --kpi {ind_id} …` or Fetch from Kolada on the Data page).")
    return checked


def check_former(new: pd.DataFrame, catalogue: dict[str, Indicator], name: str, retrieved: str, checked: set[str]) -> None:
    """A KPI Kolada has redefined (the catalogue's former_definition): a file retrieved before the change has the
    old definition and is refused; a file with no date whose values nothing in the store could check is refused
    too, asking for the date, since the two definitions cannot be told apart by the file alone."""
    for ind_id, rows in new.groupby("indicator_id"):
        ind = catalogue.get(ind_id)
        if ind is None or not ind.former_definition:
            continue
        until, unit, window = ind.former_definition
        if retrieved and int(retrieved[:4]) <= until:
            raise kolada_kpi.definition_error(name, ind_id, (unit, window, ""), (ind.unit, ind.pooled_years,
                                                                               ind.population_group), _years(rows))
        if not retrieved and ind_id not in checked:
            raise kolada_kpi.DefinitionError(
                f"{name}: Kolada bytte definition för {ind_id} efter {until} (förut {kolada_kpi.definition_text(unit, window)}, "
                f"nu {kolada_kpi.definition_text(ind.unit, ind.pooled_years)}), och filen säger inte vilken den har. Inget "
                f"har ändrats. Ange när filen hämtades (`--retrieved ÅÅÅÅ-MM-DD`), eller hämta {ind_id} på nytt från Kolada.",
                f"{name}: Kolada redefined {ind_id} after {until} (formerly {kolada_kpi.definition_text(unit, window, lang='en')}, "
                f"now {kolada_kpi.definition_text(ind.unit, ind.pooled_years, lang='en')}), and the file does not say which it "
                f"has. Nothing was changed. Give the date it was retrieved (`--retrieved YYYY-MM-DD`), or fetch {ind_id} "
                f"again from Kolada.")


def revisions(new: pd.DataFrame, held: pd.DataFrame, retrieved: str, replace: bool,
              names: dict[str, str]) -> list[tuple[str, str]]:
    """What the import does to values the store already has that the file gives otherwise, in words:
    kept (the store's are newer, or the file's date is unknown) or replaced (the file is newer, or --replace)."""
    both = new[[*KEY, "value"]].merge(held.rename(columns={"value": "value_held", "retrieved_at": "retrieved_at_held"}), on=KEY)
    differ = both[~np.isclose(both["value"], both["value_held"], rtol=5e-4, atol=0.05)]
    if differ.empty:
        return []
    example = differ.iloc[0]
    place = names.get(example["geo_code"], example["geo_code"])
    what_sv = (f"{len(differ)} {'värde skiljer' if len(differ) == 1 else 'värden skiljer'} sig från datalagrets ({', '.join(sorted(set(differ['indicator_id'])))} "
               f"{_years(differ)}; t.ex. {place} {example['period_end'].year}: {fmt.number(example['value_held'], 1, 'sv')} "
               f"i datalagret, {fmt.number(example['value'], 1, 'sv')} i filen)")
    what_en = (f"{len(differ)} {'value differs' if len(differ) == 1 else 'values differ'} from the store's ({', '.join(sorted(set(differ['indicator_id'])))} "
               f"{_years(differ)}; e.g. {place} {example['period_end'].year}: {example['value_held']:.1f} in the store, "
               f"{example['value']:.1f} in the file)")
    newest = str(differ["retrieved_at_held"].max())[:10]
    if replace:
        return [(f"{what_sv}: filens värden gäller nu, som du bad om.", f"{what_en}: the file's values now apply, as asked.")]
    if retrieved and retrieved[:10] > newest:
        return [(f"{what_sv}: filen är nyare (hämtad {retrieved[:10]} mot {newest}), så dess värden gäller.",
                 f"{what_en}: the file is newer (retrieved {retrieved[:10]} against {newest}), so its values apply.")]
    why_sv = (f"datalagrets är nyare (hämtade {newest}, filen {retrieved[:10]})" if retrieved
              else f"filen saknar hämtdatum (ange det med --retrieved ÅÅÅÅ-MM-DD) och datalagrets är hämtade {newest}")
    why_en = (f"the store's are newer (retrieved {newest}, the file {retrieved[:10]})" if retrieved
              else f"the file has no retrieval date (give it with --retrieved YYYY-MM-DD); the store's were retrieved {newest}")
    return [(f"{what_sv}: datalagrets värden behölls, eftersom {why_sv}. Importera med --replace för att använda filens.",
             f"{what_en}: the store's values were kept, as {why_en}. Import with --replace to use the file's.")]


def compare(new: pd.DataFrame, store: Store | None, catalogue: dict[str, Indicator], name: str, retrieved: str,
            replace: bool) -> list[tuple[str, str]]:
    """Refuse values under another definition than the store's; say what happens to revised values."""
    new = new[new["value"].notna() & new["status"].isin(["ok", "preliminary"])]
    new = new.assign(**{c: pd.to_datetime(new[c]).astype("datetime64[us]") for c in ("period_start", "period_end")})
    if store is None or store.is_demo or new.empty:
        check_former(new, catalogue, name, retrieved, set())
        return []
    held = store.observations
    held = held[held["indicator_id"].isin(set(new["indicator_id"])) & held["value"].notna()][[*KEY, "value", "retrieved_at"]]
    held = held.assign(**{c: held[c].astype("datetime64[us]") for c in ("period_start", "period_end")})
    names = dict(zip(store.geographies["code"], store.geographies["name"]))
    check_former(new, catalogue, name, retrieved, check_definition(new, held, catalogue, name, names))
    return revisions(new, held, retrieved, replace, names) if len(held) else []
