"""Source parsers on small fixtures in the real formats; values checkable by hand."""
import math

import numpy as np
import pytest

from etl.build import GeoNames
from etl.sources import bra, kolada, survey
from etl.sources.common import GEOGRAPHY_COLUMNS, parse_number
from lagesbild.catalogue import load_indicators
from lagesbild.errors import SourceFormatError
from tests.conftest import FIXTURES

import pandas as pd

CATALOGUE = load_indicators()
SCB_NAMES = GeoNames(pd.DataFrame(columns=GEOGRAPHY_COLUMNS))


def test_swedish_numbers():
    assert parse_number("12 345,6") == 12345.6
    assert parse_number("1\u00a0234") == 1234
    assert parse_number("-") == 0
    assert parse_number("..") is None
    with pytest.raises(ValueError):
        parse_number("12x")


def test_kolada_values_margins_pooling_and_deleted_rows():
    parsed = kolada.parse_data((FIXTURES / "kolada_small.json").read_bytes(), "kolada_small.json", CATALOGUE)
    obs = kolada.apply_margins(parsed.observations, CATALOGUE)
    assert len(obs) == 3  # the osäkerhetstal row becomes a CI; the isdeleted row is dropped
    ntu = obs[obs["indicator_id"] == "N07609"].iloc[0]
    assert (ntu["geo_code"], ntu["value"]) == ("0683", 24.5)
    assert (ntu["ci_low"], ntu["ci_high"]) == pytest.approx((21.4, 27.6))
    assert (str(ntu["period_start"]), str(ntu["period_end"])) == ("2019-01-01", "2020-12-31")  # pooled 2019–2020
    lan = obs[obs["indicator_id"] == "N07540"].iloc[0]
    assert (lan["geo_code"], lan["value"], lan["status"]) == ("06", 11234.5, "ok")  # Kolada "0006" is län 06
    missing = obs[obs["indicator_id"] == "N00610"].iloc[0]
    assert (missing["group"], missing["status"]) == ("kvinnor", "missing") and math.isnan(missing["value"])


def test_kolada_errors_name_the_entry_and_field():
    bad = b'{"values": [{"kpi": "N07540", "municipality": "683", "period": 2023, "values": []}]}'
    with pytest.raises(SourceFormatError) as err:
        kolada.parse_data(bad, "svar.json", CATALOGUE)
    assert err.value.message("sv") == "svar.json, rad 1, kolumn 'municipality': väntade ett fyrsiffrigt kommun-id (fick '683')."
    with pytest.raises(SourceFormatError, match="svar.json"):
        kolada.parse_data(b"{not json", "svar.json", CATALOGUE)


def test_bra_yearly_windows_1252_preliminary_suppressed_and_zero():
    path = FIXTURES / "Anmälda brott kommunerna 2024.csv"
    obs = bra.parse_yearly(path.read_bytes(), path.name, SCB_NAMES).observations.set_index("geo_code")
    assert obs.loc["2023", "count"] == 1234 and obs.loc["2023", "value"] == 12003.4   # Malung-Sälen
    assert obs.loc["2023", "status"] == "preliminary"
    assert obs.loc["0114", "status"] == "suppressed" and math.isnan(obs.loc["0114", "value"])  # Upplands Väsby
    assert obs.loc["1407", "count"] == 0 and obs.loc["1407", "value"] == 0  # Öckerö: '-' is zero
    assert obs.loc["0980", "value"] == 11987.0  # Gotland
    assert set(obs["period_start"].astype(str)) == {"2024-01-01"}


@pytest.mark.parametrize("line, column, found", [
    ("Malung-Sälen;12x;1,0", "Antal", "12x"),
    ("Ingenstans;1;1,0", "Kommun", "Ingenstans"),
    ("Malung-Sälen;-5;1,0", "Antal", "-5"),
])
def test_bra_yearly_errors_name_file_row_and_column(line, column, found):
    raw = f"\ufeffKommun;Antal;Per 100 000 inv.\r\nÖckerö;1;2\r\n{line}\r\n".encode()
    with pytest.raises(SourceFormatError) as err:
        bra.parse_yearly(raw, "Anmälda brott kommunerna 2023.csv", SCB_NAMES)
    e = err.value
    assert (e.file, e.row, e.column, e.found) == ("Anmälda brott kommunerna 2023.csv", 3, column, found)
    assert "rad 3" in e.message("sv") and "row 3" in e.message("en")


def test_bra_yearly_needs_the_header():
    with pytest.raises(SourceFormatError, match="Kommun;Antal;Per 100 000 inv."):
        bra.parse_yearly(b"Region;Count\nA;1\n", "x 2023.csv", SCB_NAMES)


def test_survey_weighted_share_suppression_and_exclusions():
    mapping = survey.load_mapping((FIXTURES / "enkat_small.toml").read_bytes(), "enkat_small.toml")
    parsed = survey.parse((FIXTURES / "enkat_small.csv").read_bytes(), "enkat_small.csv", mapping)
    obs = parsed.observations.set_index(["geo_code", "group"])
    total = obs.loc[("9901", "total")]
    # Four valid answers (9 = vet ej and blank are left out); yes = rows 1 and 3 with weights 1 and 2 of 8.
    assert total["base"] == 4 and total["value"] == pytest.approx(37.5)
    # Wilson on Kish's effective n = 8² / (1 + 1 + 4 + 16) = 2.909…
    p, n, z = 0.375, 64 / 22, 1.959964
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert total["ci_low"] == pytest.approx(100 * (centre - half), abs=1e-6)
    assert total["ci_high"] == pytest.approx(100 * (centre + half), abs=1e-6)
    centrum = obs.loc[("9901-centrum", "total")]
    assert centrum["status"] == "suppressed" and centrum["base"] == 2 and math.isnan(centrum["value"])
    assert set(parsed.geographies["code"]) == {"9901-centrum", "9901-norr"}
    assert "lopnr" not in parsed.observations.columns  # respondent rows never leave the parser


def test_survey_bad_weight_names_row_and_column():
    mapping = survey.load_mapping((FIXTURES / "enkat_small.toml").read_bytes(), "enkat_small.toml")
    raw = "lopnr;kommunkod;omrade;kon;vikt;fraga\n1;9901;A;K;1,0;3\n2;9901;A;K;abc;3\n".encode()
    with pytest.raises(SourceFormatError) as err:
        survey.parse(raw, "enkat.csv", mapping)
    assert (err.value.row, err.value.column, err.value.found) == (3, "vikt", "abc")


def test_kommun_and_lan_with_the_same_name_are_told_apart():
    from etl.build import GeoNames
    from lagesbild import scb
    names = GeoNames(scb.geographies().iloc[0:0])
    assert [names(n) for n in ("Uppsala", "Uppsala län", "Kalmar kommun", "Kalmar län", "Örebro", "Örebro län")] == \
        ["0380", "03", "0880", "08", "1880", "18"]
