"""An editor's reach ends at her kommun (issue 28): a file may not add, change or redefine anything every
kommun shares — catalogue indicators (title, unit, direction), other kommuner's rows, shadowed or not —
unless its user may edit every kommun; a survey's own indicators are its kommun's (`<id>@<kommun>`).

The findings reproduced: an editor of 9901 uploaded her respondents with `id = "N07540"`, a new title,
unit % and the direction reversed, and every kommun's headline chart changed; an editor planted another
kommun's rows where a higher-priority source hid them (the check compared only the merged rows)."""
from __future__ import annotations

import pandas as pd
import pytest

from etl import build, imports
from lagesbild.access import Writer
from lagesbild.errors import AccessError, ConfigError
from lagesbild.store import read_store
from tests.test_build import snapshot

EKBACKA = Writer("anna@exempel.se", frozenset({"9901"}))      # an editor of Ekbacka only
HAGASTROM = Writer("hugo@exempel.se", frozenset({"9904"}))
RESPONDENTS = "lopnr;kommunkod;omrade;vikt;fraga\n" + "".join(
    f"{n};{kommun};Centrum;1;{answer}\n" for n, (kommun, answer) in enumerate(
        [("9901", 3)] * 12 + [("9901", 1)] * 28, start=1))


def mapping(indicator_id: str, title: str = "Egen fråga, andel (%)", name: str = "Ekbackas enkät", extra: str = "") -> bytes:
    return f"""[survey]
name = "{name}"
period = "2024"
geo = "kommunkod"
area = "omrade"
weight = "vikt"
respondent = "lopnr"
min_n = 10

[[indicator]]
id = "{indicator_id}"
title = "{title}"
column = "fraga"
count = [3, 4]
{extra}
""".encode()


@pytest.fixture
def live(data_dir):
    build.build(data_dir)
    return data_dir


def indicator(data_dir, indicator_id: str) -> dict:
    rows = read_store(data_dir).indicators
    return rows[rows["id"] == indicator_id].iloc[0].to_dict()


def test_a_survey_cannot_redefine_a_catalogue_indicator_for_every_kommun(live):
    before, n07540 = snapshot(live), indicator(live, "N07540")
    hostile = mapping("N07540", title="Anmälda brott (omdefinierad)", extra='direction = "higher_is_better"')
    for who in (EKBACKA, None):   # not even from the command line: a survey is not recorded crime
        with pytest.raises(ConfigError) as err:
            imports.import_survey(live, RESPONDENTS.encode(), "svar.csv", hostile, "svar.toml", writer=who)
        assert "svar.toml" in err.value.message("sv") and "'N07540'" in err.value.message("sv")
        assert snapshot(live) == before
    assert indicator(live, "N07540") == n07540


def test_a_surveys_own_indicators_are_its_kommuns_and_the_catalogue_keeps_its_definitions(live):
    imports.import_survey(live, RESPONDENTS.encode(), "svar.csv", mapping("enk_egen") + """
[[indicator]]
id = "enk_otrygg_kvall"
title = "Ny rubrik för alla kommuner"
column = "fraga"
count = [3, 4]
""".encode(), "svar.toml", writer=EKBACKA)
    own = indicator(live, "enk_egen@9901")
    assert own["title_sv"] == "Egen fråga, andel (%)"
    assert "enk_egen" not in set(read_store(live).indicators["id"])
    assert indicator(live, "enk_otrygg_kvall")["title_sv"] == "Otrygga ute ensamma sen kväll i sitt område, andel (%)"
    obs = read_store(live).observations
    mine = obs[(obs["indicator_id"] == "enk_egen@9901") & (obs["geo_code"] == "9901") & (obs["group"] == "total")]
    assert mine["value"].iloc[0] == pytest.approx(100 * 12 / 40)   # 12 of 40 answered 3 or 4
    # Hagaström's editor uses the same id in her own survey: her own indicator, Ekbacka's untouched
    theirs = RESPONDENTS.replace("9901", "9904")
    imports.import_survey(live, theirs.encode(), "hagastrom.csv", mapping("enk_egen", title="Något annat", name="Hagaströms"),
                          "hagastrom.toml", writer=HAGASTROM)
    assert indicator(live, "enk_egen@9904")["title_sv"] == "Något annat"
    assert indicator(live, "enk_egen@9901")["title_sv"] == "Egen fråga, andel (%)"


def test_a_kommuns_editor_cannot_plant_another_kommuns_rows_where_a_higher_priority_source_hides_them(live):
    # Hagaström's 2023 total from the yearly file (priority 3) hides a category export's (priority 2) row
    store = read_store(live)
    shown = store.observations.query("geo_code == '9904' and indicator_id == 'N07540' and period_end.dt.year == 2023")
    assert len(shown) == 1
    planted = ("Region;Brottstyp;År;Antal;Per 100 000 inv.\n"
               "Ekbacka;Totalt antal brott;2023;1;1,0\n"
               "Hagaström;Totalt antal brott;2023;1;1,0\n").encode()
    before = snapshot(live)
    with pytest.raises(AccessError) as err:
        imports.import_bra(live, planted, "planterad.csv", writer=EKBACKA)
    assert "9904" in err.value.message("sv") and "Inget ändrades" in err.value.message("sv")
    assert snapshot(live) == before
    # the same rows as the store already has them are no change, and her own row is hers to give
    count = int(shown["count"].iloc[0])
    rate = f"{shown['value'].iloc[0]:.1f}".replace(".", ",")
    same = planted.replace(b"Hagastr\xc3\xb6m;Totalt antal brott;2023;1;1,0",
                           f"Hagaström;Totalt antal brott;2023;{count};{rate}".encode())
    imports.import_bra(live, same, "egen.csv", writer=EKBACKA)


def test_an_editor_cannot_add_an_indicator_every_kommun_shares(live):
    """A shared indicator a file defines (here: an NTU sheet of Brå's indicator workbook) needs an editor of
    every kommun; the check is on the indicators table, whatever file kind brings one."""
    store = read_store(live)
    tables = {name: getattr(store, name) for name in ("observations", "indicators", "geographies")}
    extra = store.indicators.iloc[[0]].assign(id="bra_ntu_ny_fraga", title_sv="Ny fråga")
    tables["indicators"] = pd.concat([store.indicators, extra], ignore_index=True)
    with pytest.raises(AccessError) as err:
        imports._check_reach(imports._live(live), live, EKBACKA, tables, {}, official=False)
    assert "bra_ntu_ny_fraga" in err.value.message("sv")
    imports._check_reach(imports._live(live), live, Writer("admin", None), tables, {}, official=False)   # "*" may
