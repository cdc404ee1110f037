"""Brå's indicator workbook of one kommun ("Indikatorer för kommuners lägesbild"), built with openpyxl in the
layout Region Uppsala's analysts read it in (RegionUppsala-analys create_save_plots.R: one sheet per indicator,
`skip = 1` over the title row, the region in the first column, year and measure in each header cell; NTU
sheets named "<fråga>-NTU" with two-year periods "2017/2018"). Sheet names as Brå's (SOURCES.md §2); the
numbers are made up for checking by hand.
"""
from __future__ import annotations

from etl import demo

YEARS = (2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023)
REGIONS = ("Värnamo", "Jönköpings län", "Hela riket")


def crime_sheet(title: str, counts: dict[str, list], rates: dict[str, list]) -> list[list]:
    header = ["Region"] + [f"{y} {m}" for y in YEARS for m in ("Antal", "Antal per 100 000 inv.")]
    return [[title], header] + [[r] + [v for pair in zip(counts[r], rates[r]) for v in pair] for r in REGIONS]


# Värnamo's outdoor violence: 60, 62, …; the rate is the count / 34 500 × 100 000 rounded (60 -> 173.9).
VALD_COUNTS = [60, 62, 58, 64, 50, 48, 52, 46]
VALD = crime_sheet(
    "Anmälda våldsbrott utomhus mot vuxna (18 år och äldre), antal och antal per 100 000 invånare",
    {"Värnamo": VALD_COUNTS, "Jönköpings län": [900] * 8, "Hela riket": [40_000] * 8},
    {"Värnamo": [round(c / 34_500 * 100_000, 1) for c in VALD_COUNTS], "Jönköpings län": [243.2] * 8,
     "Hela riket": [380.5] * 8})
SKADE = crime_sheet(
    "Anmälda skadegörelsebrott, antal och antal per 100 000 invånare",
    {"Värnamo": [300] * 7 + [".."], "Jönköpings län": [4000] * 8, "Hela riket": [200_000] * 8},
    {"Värnamo": [869.6] * 7 + [".."], "Jönköpings län": [1081.1] * 8, "Hela riket": [1902.3] * 8})
NTU = [["Otrygghet vid utevistelse sent på kvällen i det egna bostadsområdet, enligt NTU. Andel (%)."],
       ["Region", "2017/2018 Andel", "2017/2018 KI undre", "2017/2018 KI övre",
        "2019/2020 Andel", "2019/2020 KI undre", "2019/2020 KI övre"],
       ["Värnamo", 21.4, 18.2, 24.6, 19.8, 16.9, 22.7],
       ["Jönköpings län", 24.0, 23.1, 24.9, 23.5, 22.6, 24.4],
       ["Hela landet", 27.9, 27.7, 28.1, 26.8, 26.6, 27.0],
       ["Källa: Brå, NTU"]]
SHEETS = [("Innehåll", [["Indikatorer för kommuners lägesbild – Värnamo"]]),
          ("Skadegörelsebrott", SKADE),
          ("Våldsbrott utomhus (vuxna)", VALD),
          ("Våld mot barn, utomhus, flickor", [["Anmält våld mot flickor utomhus"], ["Region", "2023 Antal"],
                                               ["Värnamo", 3]]),
          ("Otrygghet utomhus-NTU", NTU)]


def workbook(sheets: list[tuple[str, list[list]]] = SHEETS) -> bytes:
    return demo.xlsx(sheets)
