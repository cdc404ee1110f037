"""The canonical tables, declared once (pandera) and enforced when the store is written.

Imported only to write a store (etl.store.write_store, etl.imports): reading one (lagesbild.store) needs no pandera.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from lagesbild.errors import StoreError

# suppressed: too few answers (fewer than the survey's min_n); protected: suppressed with them, so that no
# suppressed cell can be derived from the sums it is part of (lagesbild.disclosure)
STATUSES = ["ok", "preliminary", "suppressed", "protected", "missing"]
LEVELS = ["område", "kommun", "län", "riket"]
KINDS = ["recorded", "perceived", "context"]
DIRECTIONS = ["higher_is_worse", "higher_is_better", "neutral"]
VERDICTS = ["met", "not_met", "inconclusive", "pending", "insufficient_data"]

# SCB codes: two digits for län, four for kommun (0000 riket); areas are "<kommun>-<slug>".
GEO_CODE = r"^(\d{2}|\d{4}|\d{4}-[a-z0-9-]+)$"
OBSERVATION_KEY = ["geo_code", "period_start", "period_end", "indicator_id", "group"]


def _value_matches_status(df: pd.DataFrame) -> pd.Series:
    has_value = df["value"].notna()
    shown = df["status"].isin(["ok", "preliminary"])
    return has_value == shown


observations = pa.DataFrameSchema(
    {
        "geo_code": pa.Column(str, pa.Check.str_matches(GEO_CODE)),
        "geo_name": pa.Column(str),
        "period_start": pa.Column("datetime64[us]", coerce=True),
        "period_end": pa.Column("datetime64[us]", coerce=True),
        "indicator_id": pa.Column(str, pa.Check.str_length(min_value=1)),
        "group": pa.Column(str, pa.Check.str_length(min_value=1)),
        "value": pa.Column(float, nullable=True, coerce=True),
        "unit": pa.Column(str),
        "count": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True),
        "base": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True),
        "ci_low": pa.Column(float, nullable=True, coerce=True),
        "ci_high": pa.Column(float, nullable=True, coerce=True),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "source": pa.Column(str),
        "retrieved_at": pa.Column(str),
    },
    checks=[
        pa.Check(lambda df: df["period_end"] >= df["period_start"], error="period_end before period_start"),
        pa.Check(_value_matches_status, error="value must be present exactly when status is ok or preliminary"),
        pa.Check(lambda df: ~(df["ci_low"] > df["ci_high"]), error="ci_low above ci_high"),
    ],
    unique=OBSERVATION_KEY,
    strict="filter",
    ordered=False,
)

indicators = pa.DataFrameSchema(
    {
        "id": pa.Column(str, unique=True),
        "title_sv": pa.Column(str),
        "title_en": pa.Column(str),
        "kind": pa.Column(str, pa.Check.isin(KINDS)),
        "unit": pa.Column(str),
        "direction": pa.Column(str, pa.Check.isin(DIRECTIONS)),
        "source": pa.Column(str),
        "definition_sv": pa.Column(str),
        "definition_en": pa.Column(str),
        "data_note_sv": pa.Column(str, required=False),   # the Data page's note (a store built before it has none)
        "data_note_en": pa.Column(str, required=False),
        "ci_indicator": pa.Column(str, nullable=True),
        "series_breaks": pa.Column(str),  # comma-separated first years of new series
        "break_label_sv": pa.Column(str),
        "break_label_en": pa.Column(str),
        "pooled_years": pa.Column(int, pa.Check.ge(1), coerce=True),
        "population_group": pa.Column(str),
        "continues": pa.Column(str, nullable=True),
        "file_only": pa.Column(bool, coerce=True),
        # What Kolada's /kpi says of its own figure (fetched beside the values; "" when not fetched).
        "kolada_title": pa.Column(str),
        "publication_date": pa.Column(str),
        "publ_period": pa.Column(str),
    },
    strict="filter",
)

geographies = pa.DataFrameSchema(
    {
        "code": pa.Column(str, pa.Check.str_matches(GEO_CODE), unique=True),
        "name": pa.Column(str),
        "level": pa.Column(str, pa.Check.isin(LEVELS)),
        "parent": pa.Column(str, nullable=True),
        "population": pa.Column(float, nullable=True, coerce=True),
    },
    strict="filter",
)

targets = pa.DataFrameSchema(
    {
        "target_id": pa.Column(str),
        "geo_code": pa.Column(str, pa.Check.str_matches(GEO_CODE)),
        "indicator_id": pa.Column(str),
        "baseline_period": pa.Column(str),
        "target_period": pa.Column(str),
        "baseline_total": pa.Column(float, nullable=True, coerce=True),
        "target_total": pa.Column(float, nullable=True, coerce=True),
        "rate_ratio": pa.Column(float, nullable=True, coerce=True),
        "ci_low": pa.Column(float, nullable=True, coerce=True),
        "ci_high": pa.Column(float, nullable=True, coerce=True),
        "method": pa.Column(str),
        "verdict": pa.Column(str, pa.Check.isin(VERDICTS)),
        # insufficient_data: the parts and years missing, "N07543:2022,2023;U07452:2023" (else "")
        "missing": pa.Column(str),
        # the series' usual variation from year to year beyond chance (coefficient of variation, √α)
        "year_variation": pa.Column(float, nullable=True, coerce=True, required=False),
    },
    unique=["target_id", "geo_code"],
    strict="filter",
)

# --- issue 6: EST insatser and their measured effect ---
EFFECT_VERDICTS = ["reduced", "increased", "no_detectable_change", "too_early"]
EFFECT_METHODS = ["its_segmented_poisson", "did_poisson"]

interventions = pa.DataFrameSchema(
    {
        "intervention": pa.Column(str, unique=True, coerce=True),
        "name": pa.Column(str, pa.Check.str_length(min_value=1), coerce=True),
        "area": pa.Column(str, pa.Check.str_matches(GEO_CODE), coerce=True),
        "type": pa.Column(str, coerce=True),
        "start": pa.Column("datetime64[us]", coerce=True),
        "end": pa.Column("datetime64[us]", nullable=True, coerce=True),
        "comparison_area": pa.Column(str, coerce=True),          # "" when none
        "source_file": pa.Column(str, coerce=True),
        "responsible": pa.Column(str, coerce=True, required=False),   # "" when not named (issue 25)
        "problem": pa.Column(str, coerce=True, required=False),       # lagesbild/problems.py's canonical form
    },
    strict="filter",
)

effects = pa.DataFrameSchema(
    {
        "intervention": pa.Column(str, coerce=True),
        "area": pa.Column(str, pa.Check.str_matches(GEO_CODE), coerce=True),
        "category": pa.Column(str, coerce=True),
        "method": pa.Column(str, pa.Check.isin(EFFECT_METHODS), coerce=True),
        "effect": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
        "ci_low": pa.Column(float, nullable=True, coerce=True),
        "ci_high": pa.Column(float, nullable=True, coerce=True),
        "verdict": pa.Column(str, pa.Check.isin(EFFECT_VERDICTS), coerce=True),
        "months_before": pa.Column(int, pa.Check.ge(0), coerce=True),
        "months_after": pa.Column(int, pa.Check.ge(0), coerce=True),
        "mean_before": pa.Column(float, nullable=True, coerce=True),
        "mean_after": pa.Column(float, nullable=True, coerce=True),
        "dispersion": pa.Column(float, nullable=True, coerce=True),
        "peak_before_start": pa.Column(str, pa.Check.isin(["yes", "no", "unknown"]), coerce=True),
        "displacement_effect": pa.Column(float, nullable=True, coerce=True),
        "displacement_ci_low": pa.Column(float, nullable=True, coerce=True),
        "displacement_ci_high": pa.Column(float, nullable=True, coerce=True),
        "neighbour_areas": pa.Column(str, coerce=True),
    },
    unique=["intervention", "category"],
    strict="filter",
)

# Kolada's municipality groups (`/municipality_groups`): one row per member of each group with a kommun in the
# store, e.g. "Liknande kommuner socioekonomi, Vetlanda, 2024"; compared with as the members' unweighted mean.
groups = pa.DataFrameSchema(
    {
        "group_id": pa.Column(str, pa.Check.str_length(min_value=1)),
        "title": pa.Column(str),
        "member_code": pa.Column(str, pa.Check.str_matches(r"^\d{4}$")),
    },
    unique=["group_id", "member_code"],
    strict="filter",
)

TABLES = {
    "observations": observations,
    "indicators": indicators,
    "geographies": geographies,
    "targets": targets,
    "interventions": interventions,
    "effects": effects,
    "groups": groups,
}  # the same tables, in the same order, as lagesbild.store.TABLES


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate one table; raise StoreError naming the first offending rows."""
    schema = TABLES[name]
    try:
        out = schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases.head(5)
        detail = "; ".join(
            f"{c.get('column') or ''} {c.get('check')} (index {c.get('index')}, value {c.get('failure_case')!r})"
            for c in cases.to_dict("records")
        )
        raise StoreError(
            f"Tabellen '{name}' följer inte datamodellen: {detail}",
            f"Table '{name}' does not match the data model: {detail}",
        ) from None
    return out[[c for c in schema.columns if c in out.columns]].reset_index(drop=True)   # optional ones may be absent
