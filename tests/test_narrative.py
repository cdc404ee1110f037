"""Plain-language sentences: a change is called a change only when the 95 % interval supports it."""
import math

import pandas as pd
import pytest

from lagesbild import analysis, fmt, narrative
from lagesbild.evidence import Change, PeriodChange
from lagesbild.stats import share_difference
from lagesbild.store import read_store
from lagesbild.views import Headline

NBSP = "\u00a0"


def clean(text: str) -> str:
    return text.replace(NBSP, " ")


def test_supported_decrease_reads_like_the_programme():
    # RR 0.92 (0.88–0.97): −8 %, CI −12 to −3 %, in the one style of the target's answer beside it (issue 26).
    assert clean(narrative.rate_change_phrase(0.92, 0.88, 0.97, "sv")) == "minskade: −8 % (95 % KI −12 till −3 %)"
    assert clean(narrative.rate_change_phrase(0.92, 0.88, 0.97, "en")) == "decreased: −8% (95% CI −12 to −3%)"


def test_supported_increase():
    assert clean(narrative.rate_change_phrase(1.15, 1.05, 1.26, "sv")) == "ökade: +15 % (95 % KI +5 till +26 %)"


def test_unsupported_rate_change_says_no_supported_change():
    text = clean(narrative.rate_change_phrase(0.89, 0.76, 1.04, "sv"))
    assert "ingen säkerställd förändring" in text
    assert "minskade" not in text and "ökade" not in text
    assert "−11 %" in text and "+4 %" in text


def test_a_bound_that_would_round_to_zero_keeps_a_decimal():
    assert clean(narrative.rate_change_phrase(1.12, 1.003, 1.24, "sv")) == "ökade: +12 % (95 % KI +0,3 till +24 %)"


def test_share_change_words_follow_the_test():
    # 24 % (CI 21–27) to 29 % (CI 26–32): SE 1.53 each, z = 5 / 2.16 = 2.31 -> supported.
    big = share_difference(29, 26, 32, 24, 21, 27)
    assert big.significant
    text = clean(narrative.share_change_phrase(24, 29, big.significant, "2020", "2024", "sv"))
    assert text == "ökade från 24,0 % (2020) till 29,0 % (2024) (säkerställd ökning)"
    # 24 % to 25 %: z = 0.46 -> not supported, and the words must not say it rose.
    small = share_difference(25, 22, 28, 24, 21, 27)
    assert not small.significant
    text = clean(narrative.share_change_phrase(24, 25, small.significant, "2020", "2024", "sv"))
    assert "ingen säkerställd förändring" in text and "ökade" not in text
    down = clean(narrative.share_change_phrase(29, 24, True, "2020", "2024", "en"))
    assert down.startswith("decreased from 29.0%") and "supported decrease" in down


@pytest.fixture(scope="module")
def demo(demo_dir):
    return read_store(demo_dir)


def _target_row(store, kommun):
    return store.targets.query(f"geo_code == '{kommun}' and target_id == 'offentlig_miljo_2020_2023'").iloc[0]


def test_sentences_use_the_stores_rate_ratio(demo):
    row = _target_row(demo, "9904")  # Hagaström: a clear decrease
    pct = round((1 - row["rate_ratio"]) * 100)
    low, high = round((1 - row["ci_high"]) * 100), round((1 - row["ci_low"]) * 100)
    first = clean(narrative.sentences(demo, "9904", "sv")[0])
    assert first.startswith(f"Anmälda brott i offentlig miljö i Hagaström minskade: −{pct} % (95 % KI −{high} till −{low} %)")
    assert "2016–2019 och 2020–2023" in first


def test_unsupported_crime_change_is_not_called_a_decrease(demo):
    row = _target_row(demo, "9905")  # Tallmo: the interval spans 1
    assert row["ci_low"] < 1 < row["ci_high"]
    first = clean(narrative.sentences(demo, "9905", "sv")[0])
    assert "Tallmo visade ingen säkerställd förändring" in first
    assert "minskade" not in first


def test_perceived_part_compares_base_and_latest_after_the_break(demo):
    obs = analysis.observed(demo, "N07609", ["9905"])
    new_series = obs[obs["period_start"].dt.year >= 2017]
    base, latest = new_series.iloc[0], new_series.iloc[-1]   # 2017–2018 and 2023–2024
    supported = share_difference(latest["value"], latest["ci_low"], latest["ci_high"],
                                 base["value"], base["ci_low"], base["ci_high"]).significant
    first = clean(narrative.sentences(demo, "9905", "sv")[0])
    assert f"({base['period_start'].year}–{base['period_end'].year})" in first
    assert ("säkerställd ökning" in first) == (supported and latest["value"] > base["value"])


def test_pending_target_gives_years_so_far_and_a_projection(demo):
    text = clean(" ".join(narrative.sentences(demo, "9901", "sv")))
    assert "målperioden pågår. Hittills (2024)" in text   # violence outdoors and personrån are final to 2024
    assert "prognos för hela perioden, 95 %" in text


def test_every_sentence_exists_in_english(demo):
    sv, en = narrative.sentences(demo, "9901", "sv"), narrative.sentences(demo, "9901", "en")
    assert len(sv) == len(en) >= 4
    assert en[0].startswith("Reported crime in public places in Ekbacka")


def test_suppressed_area_is_too_few_answers_not_a_value():
    areas = pd.DataFrame([{"name": "Kyrkbyn", "status": "suppressed", "year": 2025, "n": 27, "value": math.nan,
                           "previous_value": math.nan, "significant": False, "previous_year": 2023}])
    assert clean(narrative.area_changes(areas, "sv")[0]) == "Kyrkbyn: för få svar 2025 (n = 27) – visas inte."


# --- the key figures' sentence (deck notes) ---

def headline(change, low=None, high=None, crosses=False, unit="%"):
    pc = PeriodChange("2025", "2024", None if crosses else Change(change, low, high, unit), crosses_break=crosses)
    return Headline("N07540", "2025", 13873.0, "per 100 000 inv." if unit == "%" else "%", "ok", None, pc, [],
                    "Källa: x")


def test_headline_sentence_says_change_only_when_supported():
    what, name, nb = "antalet anmälda brott per 100 000 invånare", "Ekbacka", fmt.NBSP
    supported = narrative.headline_sentence(headline(-12.5, -17.0, -8.0), what, name)
    assert supported == (f"I Ekbacka var antalet anmälda brott per 100 000 invånare 13{nb}873 år 2025. "
                         f"Det är en statistiskt säkerställd minskning med 12,5{nb}% (95 % KI 8,0–17,0{nb}%) jämfört med 2024.")
    unsupported = narrative.headline_sentence(headline(2.0, -1.0, 5.0), what, name)
    assert "ökning" not in unsupported and "inte statistiskt säkerställd" in unsupported
    assert f"+2,0{nb}% (95 % KI −1,0 till +5,0{nb}%)" in unsupported
    share = narrative.headline_sentence(headline(-0.4, -3.4, 2.6, unit="pp"), "andelen otrygga", name)
    assert "−0,4 procentenheter (95 % KI −3,4 till +2,6 procentenheter)" in share
    broken = narrative.headline_sentence(headline(None, crosses=True), what, name)
    assert "seriebrott" in broken and "säkerställd" not in broken


def test_a_verdict_on_another_definition_says_which_and_a_preliminary_value_says_so(demo_dir):
    """Issue 27: Rosendala is judged on personrån and skadegörelse (no violence outdoors in its data): its
    target sentences say so; a headline on a preliminary year says 'preliminärt'."""
    from lagesbild import views

    store = read_store(demo_dir)
    measured, ended = narrative.sentences(store, "9913", "sv")[:2]
    assert "(bedömt på personrån och skadegörelse)" in measured and "(bedömt på personrån" in ended
    assert "bedömt på" not in narrative.sentences(store, "9901", "sv")[0]   # the target's own definition
    h = views.headline(store, "9913", "N07540", [], "sv")
    assert h.status == "preliminary" and "2025 (preliminärt)" in narrative.headline_sentence(h, "brotten", "Rosendala")
    assert narrative.headline_line(h, "Anmälda brott").startswith("Anmälda brott 2025 (preliminärt): ")
