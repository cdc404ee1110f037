"""A change and the evidence for it, written one way wherever it is shown.

Every page, slide, note and export that states a change goes through `Change`: the estimate with its
95 % interval, "säkerställd" only when the whole interval is on one side of no change, and bounds
printed with enough decimals that a supported change never shows a bound on the no-change line.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from lagesbild import fmt
from lagesbild.i18n import t

MAX_EXTRA_DECIMALS = 3


@dataclass(frozen=True)
class Change:
    """A change with its 95 % interval: per cent (unit "%") or percentage points (unit "pp")."""
    estimate: float
    low: float
    high: float
    unit: str = "%"

    @classmethod
    def from_rate_ratio(cls, ratio: float, low: float, high: float) -> Change:
        """A rate ratio (1.0 = no change) as a per cent change: 0.81 (0.76–0.86) is −19 % (−24 to −14 %)."""
        return cls((ratio - 1) * 100, (low - 1) * 100, (high - 1) * 100, "%")

    @property
    def known(self) -> bool:
        return all(math.isfinite(x) for x in (self.estimate, self.low, self.high))

    @property
    def direction(self) -> str | None:
        """'decrease' or 'increase' when the whole interval is on that side of zero, else None."""
        if not self.known:
            return None
        return "decrease" if self.high < 0 else "increase" if self.low > 0 else None

    @property
    def supported(self) -> bool:
        return self.direction is not None

    def decimals(self, x: float, base: int = 0) -> int:
        """`base` decimals for x, or more when x is part of a supported change and would round to zero:
        a bound of +0,3 % printed as "0 %" would contradict "säkerställd"."""
        if not self.supported:
            return base
        for d in range(base, base + MAX_EXTRA_DECIMALS + 1):
            if round(x, d) != 0:
                return d
        return base + MAX_EXTRA_DECIMALS

    def _signed(self, x: float, lang: str, base: int) -> str:
        d = self.decimals(x, base)
        if self.unit == "pp":
            return fmt.signed(x, d, lang)
        return fmt.signed_percent(x, d, lang)

    def value_text(self, lang: str = "sv", decimals: int = 0) -> str:
        """'−19 %' or '+3,1 p.e.'."""
        text = self._signed(self.estimate, lang, decimals)
        return f"{text} {fmt.points_unit(lang)}" if self.unit == "pp" else text

    def ci_text(self, lang: str = "sv", decimals: int = 0, signs: bool = True) -> str:
        """'95 % KI −24 till −14 %' (signs=False for a magnitude: '95 % KI 14–24 %')."""
        unit = "%" if self.unit == "%" else fmt.points_unit(lang)
        return fmt.ci(self.low, self.high, (self.decimals(self.low, decimals), self.decimals(self.high, decimals)),
                      lang, unit, signs=signs)

    def magnitude(self) -> Change:
        """The size of a supported change, unsigned (its interval is on one side of zero)."""
        low, high = sorted((abs(self.low), abs(self.high)))
        return Change(abs(self.estimate), low, high, self.unit)

    def text(self, lang: str = "sv", decimals: int = 0) -> str:
        """'−19 % (95 % KI −24 till −14 %)'; points: '+3,1 p.e. (95 % KI +0,4 till +5,8 p.e.)'."""
        if not self.known:
            return t("missing", lang)
        return f"{self.value_text(lang, decimals)} ({self.ci_text(lang, decimals)})"

    def label(self, lang: str = "sv") -> str:
        """'säkerställd' / 'ej säkerställd': the evidence in a word, where there is no room for the interval."""
        return t("supported" if self.supported else "not_supported", lang)
