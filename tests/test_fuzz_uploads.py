"""A short fuzz of uploads on the Data page (the 5-minute one: `python -m benchmarks.fuzz_uploads --minutes 5`):
hostile files in every tab, each a message and never a traceback, the data dir byte for byte as it was after
each refusal, the page's process up."""
from __future__ import annotations

import random

from benchmarks import fuzz_uploads


def test_hostile_files_are_made_in_every_tab_and_format():
    made = [fuzz_uploads.hostile(random.Random(seed)) for seed in range(300)]
    assert {u.tab for u in made} == {"incidents", "interventions", "bra", "survey", "kolada"}
    assert {u.name.rsplit(".", 1)[-1] for u in made} == {"csv", "xlsx", "json"}
    assert all(len(u.data) <= 50 * 2**20 for u in made) and all(u.mapping for u in made if u.tab == "survey")


def test_a_short_fuzz_of_uploads_leaves_messages_only_and_the_data_dir_as_it_was_after_each_refusal():
    summary = fuzz_uploads.run(seconds=15, seed=7, say=lambda _: None)
    assert summary.uploads >= 2 and summary.refused >= 1
    assert summary.tracebacks == [] and summary.changed_on_refusal == [] and summary.no_message == []
