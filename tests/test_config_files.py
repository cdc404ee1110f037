"""targets.toml, handlingsprogram.toml and the survey mapping validated fully (issue 28): types, known ids
and kommuner, period order and size limits, each a message naming the file, the entry and the field.

The findings: `baseline = 5` and deeply nested TOML were tracebacks; a string for a list, unknown ids,
reversed periods and kommun 9999 were accepted; a 20 000-målområde programme made the förbund's bokslut
run for over 10 minutes."""
from __future__ import annotations

import pytest

from etl import build, cli
from etl.sources import survey
from lagesbild.catalogue import PROJECT_DATA, load_programme, load_targets
from lagesbild.errors import ConfigError
from tests.conftest import FIXTURES
from tests.test_build import snapshot

TARGETS = (PROJECT_DATA / "targets.toml").read_text(encoding="utf-8")
PROGRAMME = (PROJECT_DATA / "handlingsprogram.exempel.toml").read_text(encoding="utf-8")
INDICATORS = {"bra_vald_utomhus", "N07543", "U07452", "N07415", "olycka_raddningsinsatser", "N07609",
              "enk_otrygg_kvall", "N00610", "U07413", "N00799", "N20410", "N20434", "olycka_sjalvskada",
              "U07075", "N07540", "U07417", "N07403", "N07544"}
KOMMUNER = {"0683", "9901", "9904", "9913"}
NESTED = "x = " + "[" * 5000 + "]" * 5000 + "\n"


def targets(tmp_path, text: str):
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return load_targets(path, INDICATORS, KOMMUNER)


@pytest.mark.parametrize("change, message", [
    (("baseline = [2016, 2019]", "baseline = 5"), "mål nr 1 ('offentlig_miljo_2020_2023'), fältet baseline: väntade "
                                                  "[första år, sista år] mellan 1900 och 2100"),
    (("baseline = [2016, 2019]", "baseline = [2019, 2016]"), "fältet baseline: väntade [första år, sista år] mellan 1900 "
                                                             "och 2100, det första inte efter det sista (fick [2019, 2016])"),
    (("baseline = [2016, 2019]", "baseline = [2021, 2022]"), "fältet baseline: väntade en period som slutar före målperioden"),
    (("baseline = [2016, 2019]", 'baseline = ["2016", "2019"]'), "fältet baseline: väntade [första år, sista år]"),
    (('indicators = ["bra_vald_utomhus", "N07543", "U07452"]\nalternatives', 'indicators = "N07543"\nalternatives'),
     "fältet indicators: väntade en lista med högst 50 id:n (text inom [ ]) (fick 'N07543')"),
    (('indicators = ["bra_vald_utomhus", "N07543", "U07452"]\nalternatives', 'indicators = ["N99999"]\nalternatives'),
     "fältet indicators: väntade id:n som finns i indikatorkatalogen (fick 'N99999')"),
    (('alternatives = [["N07543", "U07452"]]', 'alternatives = "N07543"'), "fältet alternatives: väntade en lista med"),
    (('alternatives = [["N07543", "U07452"]]', 'alternatives = [["N07543", "X"]]'), "fältet alternatives: väntade id:n som "
                                                                                     "finns i indikatorkatalogen (fick 'X')"),
    (('direction = "decrease"', 'direction = "down"'), "fältet direction: väntade decrease eller increase (fick 'down')"),
    (('direction = "decrease"', 'direction = "decrease"\ngeo = ["9999"]'), "fältet geo: väntade kommunkoder som finns "
                                                                           "(SCB:s lista eller datalagrets) (fick '9999')"),
    (('direction = "decrease"', 'direction = "decrease"\ngeo = "0683"'), "fältet geo: väntade en lista med kommunkoder"),
    (('title_sv = "Brott i offentlig miljö ska minska 2020–2023 jämfört med 2016–2019"',
      'title_sv = "Brott\u202eokej"'), "fältet title_sv: väntade en text på en rad"),
    (('id = "offentlig_miljo_2024_2027"', 'id = "offentlig_miljo_2020_2023"'), "mål nr 2 ('offentlig_miljo_2020_2023'), "
                                                                               "fältet id: väntade ett id som ingen annan har"),
    (("[[target]]", "target = 5\n[[target]]"), "ogiltig TOML"),
    (("# Crime-prevention", NESTED + "# Crime-prevention"), "targets.toml: ogiltig TOML: listor eller tabeller i för många nivåer"),
])
def test_targets_toml_is_validated_fully(tmp_path, change, message):
    assert len(targets(tmp_path, TARGETS)) == 2
    with pytest.raises(ConfigError) as err:
        targets(tmp_path, TARGETS.replace(*change, 1))
    assert message in err.value.message("sv") and err.value.message("sv").startswith("targets.toml")


def test_too_many_targets_are_refused(tmp_path):
    block = TARGETS[TARGETS.index("[[target]]"):TARGETS.index("[[target]]", TARGETS.index("[[target]]") + 1)]
    many = "".join(block.replace("offentlig_miljo_2020_2023", f"m{i}") for i in range(101))
    with pytest.raises(ConfigError) as err:
        targets(tmp_path, many)
    assert "[[target]], fältet target: väntade högst 100 mål (fick 101)" in err.value.message("sv")


def programme(tmp_path, text: str):
    path = tmp_path / "handlingsprogram.toml"
    path.write_text(text, encoding="utf-8")
    return load_programme(path, INDICATORS, {"offentlig_miljo_2024_2027"}, KOMMUNER)


@pytest.mark.parametrize("change, message", [
    (('kommuner = ["9901", "9904", "9913"]', 'kommuner = ["9901", "9999"]'),
     "[programme], fältet kommuner: väntade kommunkoder som finns (SCB:s lista eller datalagrets) (fick '9999')"),
    (('kommuner = ["9901", "9904", "9913"]', 'kommuner = "9901"'), "[programme], fältet kommuner: väntade en lista"),
    (("period = [2024, 2027]", "period = 2024"), "[programme], fältet period: väntade [första år, sista år]"),
    (('indicators = ["N07415", "olycka_raddningsinsatser"]', 'indicators = "N07415"'),
     "('brand'), fältet indicators: väntade en lista med högst 50 id:n"),
    ((PROGRAMME[0], NESTED + PROGRAMME[0]), "handlingsprogram.toml: ogiltig TOML: listor eller tabeller i för många nivåer"),
])
def test_the_handlingsprogram_is_validated_fully(tmp_path, change, message):
    assert programme(tmp_path, PROGRAMME).kommuner == ("9901", "9904", "9913")
    assert change[0] in PROGRAMME
    with pytest.raises(ConfigError) as err:
        programme(tmp_path, PROGRAMME.replace(*change, 1))
    assert message in err.value.message("sv")


def test_a_programme_of_20000_malomraden_is_refused_at_once(tmp_path):
    head = PROGRAMME[:PROGRAMME.index("\n[[malomrade]]") + 1]

    def areas(n: int) -> str:
        return "".join(f'[[malomrade]]\nid="m{i}"\ntitle="M"\nindicators=["N07540"]\n' for i in range(n))

    with pytest.raises(ConfigError) as err:
        programme(tmp_path, head + areas(20_000))
    assert err.value.message("sv") == "handlingsprogram.toml: en inställningsfil är högst 1024 kB."
    with pytest.raises(ConfigError) as err:
        programme(tmp_path, head + areas(51))
    assert "[[malomrade]], fältet malomrade: väntade högst 50 målområden (fick 51)" in err.value.message("sv")


def test_a_deeply_nested_survey_mapping_is_a_message():
    mapping = (FIXTURES / "enkat_small.toml").read_text(encoding="utf-8") + NESTED
    with pytest.raises(ConfigError) as err:
        survey.load_mapping(mapping.encode(), "enkat.toml")
    assert err.value.message("sv").startswith("enkat.toml: ogiltig TOML")


def test_a_build_with_a_broken_targets_toml_is_a_message_and_changes_nothing(data_dir, capsys):
    build.build(data_dir)
    (data_dir / "targets.toml").write_text(TARGETS.replace("baseline = [2016, 2019]", "baseline = 5"), encoding="utf-8")
    before = snapshot(data_dir)
    assert cli.main(["build", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel: targets.toml: mål nr 1") and "Traceback" not in err
    assert snapshot(data_dir) == before


def test_a_data_dirs_own_programme_with_kommun_9999_stops_the_build(data_dir, capsys):
    build.build(data_dir)
    (data_dir / "handlingsprogram.toml").write_text(PROGRAMME.replace('kommuner = ["9901", "9904", "9913"]',
                                                                      'kommuner = ["9901", "9999"]'), encoding="utf-8")
    assert cli.main(["build", "--data-dir", str(data_dir)]) == 1
    assert "fältet kommuner: väntade kommunkoder som finns (SCB:s lista eller datalagrets) (fick '9999')" in \
        capsys.readouterr().err
