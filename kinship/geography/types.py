"""What a postcode lookup returns. Other apps (representatives, messaging) depend on this shape."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PostcodeOutcome(StrEnum):
    LIVE = "live"
    INVALID = "invalid_postcode"
    NOT_FOUND = "postcode_not_found"
    TERMINATED = "postcode_terminated"
    NORTHERN_IRELAND = "northern_ireland"
    SCOTLAND = "scotland"
    UNPLACED = "council_unknown"  # live, but ONS cannot place it in a council: ask the person
    OUTSIDE_UK = "outside_uk"  # Isle of Man, Channel Islands: in ONSPD, outside the UK


@dataclass(frozen=True)
class AreaRef:
    code: str
    name: str
    name_cy: str = ""
    type: str = ""
    official_name: str = ""


@dataclass(frozen=True)
class PostcodeResult:
    """The outcome of `postcode_lookup(text)`. Areas are None where they do not apply."""

    postcode: str  # normalised ("SW1A 1AA"), or the text as typed when invalid
    outcome: PostcodeOutcome
    country: AreaRef | None = None
    childrens_services_authority: AreaRef | None = None
    district: AreaRef | None = None  # lower-tier district in two-tier areas, else None
    ward: AreaRef | None = None
    constituency: AreaRef | None = None
    senedd_constituency: AreaRef | None = None
    lat: float | None = None
    lng: float | None = None

    @property
    def is_usable(self) -> bool:
        """True when some action can use it (MP actions work in Scotland too)."""
        return self.outcome in {PostcodeOutcome.LIVE, PostcodeOutcome.SCOTLAND, PostcodeOutcome.UNPLACED}
