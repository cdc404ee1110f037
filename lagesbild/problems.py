"""The problem an insats addresses (issue 25): an indicator, an area and/or a group.

The insatser log's column `problem` names one or more problems, each as parts joined by `/` (an indicator, an
area of the kommun, a group: `skadegörelse/Centrum`, `kvinnor`), several separated by `,` or `;`. The import
(etl/sources/interventions.py) recognises each part by what it names and stores the problems in one canonical
form, the parts in their places: `indicator/area/group` (`U07452/9901-centrum/`, `//kvinnor`), joined by ", ".
The lägesbild (lagesbild/rapport.py) matches them to the problems its analysis finds, by one stated rule
(`addresses`), and the Insatser page groups the insatser by them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

BETWEEN = re.compile(r"[;,]")   # between problems
PART = "/"                      # between an indicator, an area and a group
INCIDENTS_ALL = "inc_total"     # incidents of every category: agrees with each category's (inc_…)


@dataclass(frozen=True)
class Link:
    """A problem as parts, each "" when not named: an indicator id, an area code, a group ('kvinnor', '16-29')."""
    indicator: str = ""
    area: str = ""
    group: str = ""

    def canonical(self) -> str:
        return PART.join((self.indicator, self.area, self.group)).rstrip(PART)

    def named(self) -> dict[str, str]:
        return {k: v for k, v in (("indicator", self.indicator), ("area", self.area), ("group", self.group)) if v}


def parse(text: str | None) -> tuple[Link, ...]:
    """The canonical form back into links ('' or None: none)."""
    out = []
    for chunk in BETWEEN.split(text or ""):
        parts = [p.strip() for p in chunk.split(PART)]
        if any(parts):
            out.append(Link(*(parts + ["", "", ""])[:3]))
    return tuple(dict.fromkeys(out))


def canonical(links) -> str:
    return ", ".join(dict.fromkeys(link.canonical() for link in links))


def _same_indicator(a: str, b: str) -> bool:
    if a == b:
        return True
    return {a, b} & {INCIDENTS_ALL} != set() and all(x.startswith("inc_") for x in (a, b))


def addresses(link: Link, problem: Link) -> bool:
    """The rule: an insats's link addresses a problem when they agree on every part both name, and both name at
    least one part. A measure against skadegörelse in Centrum (`U07452/Centrum`) addresses the kommun's
    skadegörelse and Centrum's skadegörelse, not Centrum's incidents of all kinds; a measure for Centrum alone
    addresses every problem of Centrum. Incidents of all categories agree with each category's."""
    mine, theirs = link.named(), problem.named()
    shared = set(mine) & set(theirs)
    if not shared:
        return False
    return all(_same_indicator(mine[k], theirs[k]) if k == "indicator" else mine[k] == theirs[k] for k in shared)


def short_name(title: str) -> str:
    """An indicator's title as the pages say it: 'Anmälda brott om skadegörelse, per 100 000 inv.' → 'skadegörelse'
    (lagesbild.views.short_title for a store's indicator)."""
    return (title.split(",")[0].removeprefix("Anmälda brott om ").removeprefix("Anmälda ").removeprefix("Anmäld ")
            .removeprefix("Reported ").strip())


def readable(links, area_names: dict[str, str]) -> str:
    """The links as a person writes them (and the import reads them back): the parts that are named, an area by
    its name: 'U07452/Centrum, kvinnor'."""
    return ", ".join(PART.join(area_names.get(v, v) if k == "area" else v for k, v in link.named().items())
                     for link in links)
