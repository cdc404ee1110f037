"""Disclosure control for survey tables: what a published table may show without revealing a small group.

A survey's cells (a kommun or one of its areas, in total or by group: kvinnor, män, an age band) add up:
a unit's total is made of its groups, a kommun's cell of its areas' cells of the same group. A cell with
fewer than min_n respondents is suppressed (primary suppression) — but if it is the only unknown in one
of those sums, it can be computed from the cells beside it (the total and the other group give it within
a rounding). So enough further cells are suppressed with it (secondary, complementary suppression) that
no sum has exactly one unknown; each time the published part with the fewest respondents is taken, and
a sum's total only when none of its parts is left. tests/test_disclosure.py tries to recover every
suppressed cell from everything published, by linear programming over all the sums at once.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from lagesbild.i18n import t

Cell = tuple[str, str]  # (geo_code, group)
TOTAL = "total"


def additive_relations(cells: Iterable[Cell], parent_of: Mapping[str, str],
                       breakdowns: Sequence[Sequence[str]]) -> list[tuple[Cell, ...]]:
    """(total, part, part, …) of every sum among the cells: each unit's total and its groups of each
    breakdown (the labels of one group column), and each kommun's cell and its areas' cells of the same
    group (`parent_of`: area -> kommun)."""
    cells = set(cells)
    units = sorted({geo for geo, _ in cells})
    groups = sorted({group for _, group in cells})
    out = []
    for unit in units:
        for labels in breakdowns:
            parts = tuple((unit, label) for label in labels if (unit, label) in cells)
            if (unit, TOTAL) in cells and parts:
                out.append(((unit, TOTAL), *parts))
    areas_of: dict[str, list[str]] = {}
    for area, kommun in parent_of.items():
        areas_of.setdefault(kommun, []).append(area)
    for kommun, areas in sorted(areas_of.items()):
        for group in groups:
            parts = tuple((area, group) for area in sorted(areas) if (area, group) in cells)
            if (kommun, group) in cells and parts:
                out.append(((kommun, group), *parts))
    return out


def complementary_suppression(n: Mapping[Cell, float], suppressed: Iterable[Cell],
                              relations: Sequence[tuple[Cell, ...]],
                              yes: Mapping[Cell, float] | None = None) -> set[Cell]:
    """The cells to suppress besides `suppressed` (the primary ones) so that no relation has exactly one
    suppressed cell; `n`: each cell's respondents. With `yes` (each cell's answers counted), also so that
    the suppressed parts of a published total are not all 'no' or all 'yes' (their sum would be 0 or
    their size, and each of them known)."""
    hidden = set(suppressed)
    secondary: set[Cell] = set()

    def take(candidates: list[Cell]) -> None:
        pick = min(candidates, key=lambda c: (n[c], c))
        hidden.add(pick)
        secondary.add(pick)

    changed = True
    while changed:
        changed = False
        for relation in relations:
            unknown = sum(cell in hidden for cell in relation)
            parts = [c for c in relation[1:] if c not in hidden]
            if unknown == 1:
                take(parts or [relation[0]])
                changed = True
            elif yes is not None and unknown and relation[0] not in hidden and _homogeneous(relation, hidden, n, yes):
                answered = [c for c in parts if 0 < yes[c] < n[c]] or parts
                take(answered or [relation[0]])
                changed = True
    return secondary


def _homogeneous(relation: tuple[Cell, ...], hidden: set[Cell], n: Mapping[Cell, float], yes: Mapping[Cell, float]) -> bool:
    """Whether a published total less its published parts leaves 0 answers counted, or as many as people:
    then every suppressed part is all 'no' (or all 'yes')."""
    shown = [c for c in relation[1:] if c not in hidden]
    left = yes[relation[0]] - sum(yes[c] for c in shown)
    return left == 0 or left == n[relation[0]] - sum(n[c] for c in shown)


def hidden_text(status: str, lang: str = "sv") -> str:
    """Why a survey cell shows no value: 'för få svar', or 'visas inte (skyddar en mindre grupp)' for a cell
    suppressed with a small group so that the group cannot be derived from it."""
    return t("protected_cell" if status == "protected" else "too_few_answers", lang)
