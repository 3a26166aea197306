"""What a postcode lookup returns. Apps on the floors above depend on this shape."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kinship.geography import codes


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
    # The local authority district (ONSPD `oslaua`, postcodes.io `admin_district`) for every
    # postcode: a lower-tier district in two-tier England, else the council itself.
    district: AreaRef | None = None
    ward: AreaRef | None = None
    # The county electoral division, where the postcode data carries it (county councils only).
    division: AreaRef | None = None
    constituency: AreaRef | None = None
    senedd_constituency: AreaRef | None = None
    lat: float | None = None
    lng: float | None = None

    @property
    def is_usable(self) -> bool:
        """True when some action can use it (MP actions work in Scotland too)."""
        return self.outcome in {PostcodeOutcome.LIVE, PostcodeOutcome.SCOTLAND, PostcodeOutcome.UNPLACED}

    @property
    def nation(self) -> str:
        """ "england", "wales", "scotland" or "northern_ireland"; "" when unknown (not a postcode,
        not found, or outside the UK). From the country, else the council or constituency code."""
        if self.outcome == PostcodeOutcome.SCOTLAND:
            return "scotland"
        if self.outcome == PostcodeOutcome.NORTHERN_IRELAND:
            return "northern_ireland"
        for area in (self.country, self.childrens_services_authority, self.constituency):
            nation = codes.nation_for_code(area.code if area else None)
            if nation:
                return nation
        return ""

    @property
    def is_two_tier(self) -> bool:
        """True where a district council sits under the county that runs children's services
        (AreaType values; the models module is not imported here)."""
        council, district = self.childrens_services_authority, self.district
        return bool(council and district and council.type == "county" and district.type == "district")
