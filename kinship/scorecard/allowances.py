"""The allowance gap calculator's rules: pure functions, no database.

Rates change each year on 6 April (the tax year); a rate is in force from its `valid_from`
to its `valid_to`, both inclusive. Which region's rate applies: London boroughs and the City
of London pay the London rate, Welsh councils the Welsh rate, other English councils the
South East or rest-of-England rate as recorded for them (rest of England when nothing is)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

WEEKS_IN_A_YEAR = 52
MEDIAN_MIN_ANSWERS = 5
OLDEST_AGE = 17
LONDON_TYPES = frozenset({"london_borough", "city_of_london"})


class BadAgeBandError(ValueError):
    """An age band not written like "5 to 10"."""


def parse_age_band(text: str) -> tuple[int, int]:
    """ "5 to 10" → (5, 10); "16 to 17" → (16, 17)."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:to|-|–)\s*(\d{1,2})\s*", text)
    if not match:
        raise BadAgeBandError(f"age band {text!r} is not like '5 to 10'")
    low, high = int(match.group(1)), int(match.group(2))
    if low > high or high > OLDEST_AGE:
        raise BadAgeBandError(f"age band {text!r} is not a range of ages 0 to {OLDEST_AGE}")
    return low, high


def tax_year_for(on: date) -> str:
    """The year whose rates are in force on a date: "2025-26" from 6 April 2025 to 5 April 2026."""
    start = on.year if (on.month, on.day) >= (4, 6) else on.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def region_for_council(*, council_code: str, council_type: str, recorded: str | None) -> str:
    """The allowance region of a council: London, Wales, else what is recorded, else the rest of England."""
    if council_type in LONDON_TYPES:
        return "london"
    if council_code.startswith("W"):
        return "wales"
    return recorded or "rest_of_england"


def _pence(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Gap:
    weekly: Decimal  # minimum − received: positive means the carer gets less than the minimum
    yearly: Decimal

    @property
    def is_short(self) -> bool:
        return self.weekly > 0


def allowance_gap(*, minimum_weekly: Decimal, received_weekly: Decimal) -> Gap:
    """How far a weekly amount falls short of the minimum, each week and over a year of 52 weeks."""
    weekly = _pence(minimum_weekly - received_weekly)
    return Gap(weekly=weekly, yearly=_pence(weekly * WEEKS_IN_A_YEAR))


def median_if_enough(amounts: Sequence[Decimal]) -> Decimal | None:
    """The median of carers' answers, only once at least 5 have answered (fewer could identify someone)."""
    if len(amounts) < MEDIAN_MIN_ANSWERS:
        return None
    return _pence(Decimal(statistics.median(amounts)))
