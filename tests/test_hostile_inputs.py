"""Hostile inputs: whatever bytes a user drops into raw/, a parser answers with a LagesbildError
(a message naming file, row and column) or with valid rows — never another exception, which the
app would show as a traceback. And a build that fails leaves the store byte for byte as it was."""
from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import build, demo
from etl.sources import bra, bra_workbook, common, incidents, interventions, kolada, survey
from lagesbild import scb
from lagesbild.catalogue import load_indicators
from lagesbild.errors import LagesbildError
from lagesbild.store import current_build_id, read_store
from tests.conftest import FIXTURES, ROOT

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CATALOGUE = load_indicators()
LOOKUP = build.GeoNames(scb.geographies().iloc[0:0])
KOMMUN_NAMES = sorted(scb.geographies().query("level == 'kommun'")["name"])
MAPPING = survey.load_mapping((FIXTURES / "enkat_small.toml").read_bytes(), "enkat_small.toml")
SURVEY_COLUMNS = (FIXTURES / "enkat_small.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(";")

# Text a person (or a broken export) could put in a cell.
odd_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
numbers = st.one_of(
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: str(f).replace(".", ",")),
    st.sampled_from(["..", "-", "–", "", " ", "1 234", "12 345,6", "1e400", "9" * 400, "−5", "1,2,3", "NaN", "inf"]),
)
names = st.one_of(st.sampled_from(KOMMUN_NAMES), odd_text,
                  st.sampled_from(["Malmö stad", "MALMÖ", "Upplands Väsby", "Ale\u0301", "Ö\u200bstersund", "Riket"]))
cell = st.one_of(names, numbers, odd_text, st.sampled_from([*CATALOGUE["N07540"].bra_names, "Personrån", "2024",
                                                                                              "2024 (prel.)", "1899"]))
rows = st.lists(st.lists(cell, min_size=0, max_size=7), max_size=12)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])


@st.composite
def csv_files(draw, header: list[str]) -> bytes:
    """A `;` CSV, sometimes with the expected header, in one of the encodings seen in the wild."""
    body = draw(rows)
    lines = ([header] if draw(st.booleans()) else []) + body
    if draw(st.booleans()):
        lines = [[draw(odd_text)]] + lines  # a title line, as Brå's statistics database writes
    text = draw(st.sampled_from(["\r\n", "\n", "\r"])).join(";".join(r) for r in lines)
    return text.encode(draw(encodings), errors="replace")


def json_values():
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(), odd_text)
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
                        max_leaves=12)


@st.composite
def kolada_docs(draw) -> bytes:
    """Near-valid Kolada v3 responses with any field able to go wrong."""
    value = st.one_of(st.none(), st.floats(), st.integers(-10**400, 10**400), odd_text, st.booleans())
    entry = st.fixed_dictionaries({
        "kpi": st.one_of(st.sampled_from(sorted(CATALOGUE) + ["N07657", "X"]), json_values()),
        "municipality": st.one_of(st.sampled_from(["0683", "0000", "0006", "12345", "06"]), json_values()),
        "period": st.one_of(st.integers(1800, 2200), json_values()),
        "values": st.one_of(st.lists(st.fixed_dictionaries({
            "gender": st.one_of(st.sampled_from(["T", "K", "M"]), json_values()), "value": value,
            "status": st.sampled_from(["", "Missing", "X"]), "isdeleted": st.booleans()}), max_size=3), json_values()),
    })
    muni = st.fixed_dictionaries({"id": st.one_of(st.sampled_from(["0683", "0006", "0000"]), json_values()),
                                  "title": st.one_of(names, json_values()), "type": st.just("K")})
    doc = draw(st.one_of(
        st.fixed_dictionaries({"count": st.integers(), "next_url": st.none(), "values": st.lists(entry, max_size=4)}),
        st.fixed_dictionaries({"values": st.lists(muni, max_size=4)}),
        st.fixed_dictionaries({"values": st.lists(json_values(), max_size=3)}),
        json_values(),
    ))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text.encode("utf-8")


def only_lagesbild_errors(parse, *args):
    """The parse either succeeds or raises a LagesbildError with a message in both languages."""
    try:
        return parse(*args)
    except LagesbildError as exc:
        assert exc.message("sv") and exc.message("en")
        return None


def check_observations(parsed) -> None:
    """What a parser lets through is a finite number or nothing."""
    if parsed is None:
        return
    for col in ("value", "count", "base", "ci_low", "ci_high"):
        values = parsed.observations[col].dropna()
        assert all(math.isfinite(v) for v in values), col



# --- EST: incident exports and intervention lists ---------------------------------------------

def one_area(name: str) -> list[str]:
    return ["9901-centrum"] if name.strip() else []


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), csv_files(["datum", "kategori", "omrade", "kommunkod"]),
                 csv_files(["date", "category", "area"])))
def test_incidents_never_a_traceback(raw):
    check_observations(only_lagesbild_errors(incidents.parse, raw, "handelser.csv", one_area))


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), csv_files(["namn", "omrade", "typ", "start", "slut", "jamforelseomrade"])))
def test_interventions_never_a_traceback(raw):
    only_lagesbild_errors(interventions.parse, raw, "insatser.csv", one_area)

# --- the shared helpers -----------------------------------------------------------------------

@SETTINGS
@given(st.binary(max_size=3000))
def test_decode_text_accepts_or_names_the_file(raw):
    text = only_lagesbild_errors(common.decode_text, raw, "x.csv")
    assert text is None or ("\r" not in text and "\x00" not in text)


@SETTINGS
@given(st.one_of(numbers, odd_text))
def test_parse_number_is_finite_or_refused(text):
    try:
        value = common.parse_number(text)
    except ValueError:
        return  # the caller turns it into a SourceFormatError naming row and column
    assert value is None or math.isfinite(value)


@pytest.mark.parametrize(("text", "expected"), [("12 345,6", 12345.6), ("−5", -5.0), ("-", 0.0), ("..", None)])
def test_parse_number_by_hand(text, expected):
    assert common.parse_number(text) == expected


@pytest.mark.parametrize("text", ["9" * 400, "1e400", "inf", "NaN", "1,2,3"])
def test_parse_number_refuses_what_is_not_a_finite_number(text):
    with pytest.raises(ValueError):
        common.parse_number(text)


# --- Brå ------------------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.binary(max_size=2000), csv_files(["Kommun", "Antal", "Per 100 000 inv."])))
def test_bra_yearly_never_a_traceback(raw):
    check_observations(only_lagesbild_errors(bra.parse_yearly, raw, "Anmälda brott kommunerna 2024.csv", LOOKUP))


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), csv_files(["Region", "Brottstyp", "År", "Antal", "Per 100 000 inv."])))
def test_bra_categories_never_a_traceback(raw):
    check_observations(only_lagesbild_errors(bra.parse_categories, raw, "kategorier.csv", LOOKUP, CATALOGUE))


@SETTINGS
@given(st.one_of(csv_files(["", "Antal", "/100&nbsp;000&nbsp;inv", "Antal", "/100 000 inv"]),
                 csv_files(["Region", "", "Antal", "/100 000 inv"])))
def test_bra_database_crosstab_never_a_traceback(raw):
    """SOL's own export: header rows, a measure row, regions and their categories."""
    check_observations(only_lagesbild_errors(bra.parse_categories, raw, "sol.csv", LOOKUP, CATALOGUE))


# Cells openpyxl can write (it refuses control characters), among them the workbook's own headers.
workbook_cell = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                          st.text(alphabet=st.characters(codec="utf-8", min_codepoint=32), max_size=20),
                          st.sampled_from(KOMMUN_NAMES),
                          st.sampled_from(["2023 Antal", "2023 Antal per 100 000", "2017/2018 Andel", "2017/2018 KI undre",
                                           "..", "Hela riket", "Region"]))
workbook_sheets = st.lists(st.tuples(st.sampled_from(["Våldsbrott utomhus (vuxna)", "Otrygghet utomhus-NTU",
                                                      "Skadegörelsebrott", "Innehåll"]),
                                     st.lists(st.lists(workbook_cell, max_size=6), max_size=6)),
                           min_size=1, max_size=3, unique_by=lambda s: s[0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbook_sheets)
def test_bra_workbook_never_a_traceback(sheets):
    check_observations(only_lagesbild_errors(bra_workbook.parse, demo.xlsx(sheets), "indikatorer.xlsx", LOOKUP, CATALOGUE))


def test_bra_huge_count_is_named_not_stored():
    raw = ("Kommun;Antal;Per 100 000 inv.\r\nVärnamo;" + "9" * 400 + ";12,5\r\n").encode("utf-8-sig")
    with pytest.raises(LagesbildError) as exc:
        bra.parse_yearly(raw, "Anmälda brott kommunerna 2024.csv", LOOKUP)
    assert "rad 2" in exc.value.sv and "Antal" in exc.value.sv


def test_bra_giant_cell_is_a_message():
    raw = ("Kommun;Antal;Per 100 000 inv.\nVärnamo;" + "1" * 200_000 + ";1\n").encode()
    with pytest.raises(LagesbildError):
        bra.parse_yearly(raw, "Anmälda brott kommunerna 2024.csv", LOOKUP)


# --- Kolada ---------------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.binary(max_size=2000), kolada_docs()))
def test_kolada_data_never_a_traceback(raw):
    check_observations(only_lagesbild_errors(kolada.parse_data, raw, "kolada/x.json", CATALOGUE))


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), kolada_docs()))
def test_kolada_municipalities_never_a_traceback(raw):
    only_lagesbild_errors(kolada.parse_municipalities, raw, "kolada/municipality.json")


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"values": [' * 50_000, b'{"values": [1, "a", null]}'])
def test_kolada_deep_or_odd_json_is_a_message(raw):
    with pytest.raises(LagesbildError):
        kolada.parse_data(raw, "kolada/x.json", CATALOGUE)


@pytest.mark.parametrize("value", ["1e400", "NaN", "-Infinity"])
def test_kolada_non_finite_value_is_refused(value):
    raw = ('{"values": [{"kpi": "N07540", "municipality": "0683", "period": 2023, "values": '
           '[{"gender": "T", "value": %s, "status": ""}]}]}' % value).encode()
    with pytest.raises(LagesbildError) as exc:
        kolada.parse_data(raw, "kolada/x.json", CATALOGUE)
    assert "value" in exc.value.en


# --- surveys --------------------------------------------------------------------------------

toml_values = st.recursive(
    st.one_of(st.integers(-10**6, 10**6), odd_text, st.booleans(), st.lists(st.integers(0, 9), max_size=3)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
    max_leaves=6)


@st.composite
def mappings(draw) -> bytes:
    """The fixture's mapping with fields dropped or replaced by anything TOML can hold."""
    base = (FIXTURES / "enkat_small.toml").read_text(encoding="utf-8")
    lines = base.splitlines()
    out = []
    for line in lines:
        if "=" in line and not line.lstrip().startswith("#") and draw(st.integers(0, 5)) == 0:
            key = line.split("=", 1)[0].strip()
            choice = draw(st.sampled_from(["drop", "replace"]))
            if choice == "replace":
                out.append(f"{key} = {_toml(draw(toml_values))}")
        else:
            out.append(line)
    return "\n".join(out).encode()


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


@SETTINGS
@given(st.one_of(st.binary(max_size=1000), mappings()))
def test_survey_mapping_never_a_traceback(raw):
    only_lagesbild_errors(survey.load_mapping, raw, "enkat.toml")


survey_cell = st.one_of(st.sampled_from(["0683", "683", "06830", "x", "", "1", "2", "3", "4", "9", "K", "M",
                                         "0,5", "-1", "0", "1e400", "Centrum", "Öster\u0301"]), odd_text)


@st.composite
def survey_files(draw) -> bytes:
    extra = st.lists(st.sampled_from(SURVEY_COLUMNS + ["", " kon ", "Unnamed: 1"]), max_size=3)
    header = draw(st.one_of(st.just(SURVEY_COLUMNS), extra.map(lambda e: SURVEY_COLUMNS + e),
                            st.lists(st.sampled_from(SURVEY_COLUMNS), max_size=8)))
    body = draw(st.lists(st.lists(survey_cell, min_size=len(header), max_size=len(header)), max_size=40))
    sep = draw(st.sampled_from([";", ","]))
    text = "\n".join(sep.join(r) for r in [header, *body])
    return text.encode(draw(encodings), errors="replace")


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), survey_files(), st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b)))
def test_survey_never_a_traceback(raw):
    check_observations(only_lagesbild_errors(survey.parse, raw, "enkat.csv", MAPPING))


def test_survey_column_named_twice_is_a_message():
    lines = (FIXTURES / "enkat_small.csv").read_text(encoding="utf-8-sig").splitlines()
    raw = "\n".join([lines[0] + "; kon "] + [line + ";K" for line in lines[1:]]).encode()
    with pytest.raises(LagesbildError) as exc:
        survey.parse(raw, "enkat.csv", MAPPING)
    assert "kolumn 'kon'" in exc.value.sv and "rad 1" in exc.value.sv


# --- a build over a hostile file leaves the store as it was ---------------------------------

def _tree_digest(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "data" / "demo", directory / "raw")
    build.build(directory)
    return directory


HOSTILE_FILES = st.one_of(
    st.tuples(st.just("bra/Anmälda brott kommunerna 2026.csv"),
              st.one_of(st.binary(max_size=500), csv_files(["Kommun", "Antal", "Per 100 000 inv."]))),
    st.tuples(st.just("kolada/X.json"), st.one_of(st.binary(max_size=500), kolada_docs())),
    st.tuples(st.just("survey/trygghetsmatning_2021.csv"), survey_files()),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(HOSTILE_FILES)
def test_a_failed_build_leaves_the_store_byte_identical(built_dir, hostile):
    rel, raw = hostile
    target = built_dir / "raw" / rel
    original = target.read_bytes() if target.exists() else None
    before, live = _tree_digest(built_dir / "processed"), current_build_id(built_dir)
    target.write_bytes(raw)
    try:
        build.build(built_dir)
    except LagesbildError:
        assert _tree_digest(built_dir / "processed") == before
    else:  # the hostile file happened to be valid: a complete new store, read back whole
        assert read_store(built_dir).build_id != live
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
