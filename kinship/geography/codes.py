"""GSS code rules: which codes mean "none", and the four countries."""

from __future__ import annotations

import re

ENGLAND = "E92000001"
WALES = "W92000004"
SCOTLAND = "S92000003"
NORTHERN_IRELAND = "N92000002"
CHANNEL_ISLANDS = "L93000001"
ISLE_OF_MAN = "M83000003"

COUNTRIES: dict[str, tuple[str, str]] = {
    ENGLAND: ("England", "Lloegr"),
    WALES: ("Wales", "Cymru"),
    SCOTLAND: ("Scotland", "Yr Alban"),
    NORTHERN_IRELAND: ("Northern Ireland", "Gogledd Iwerddon"),
}
# The first letter of every GSS code names its country.
COUNTRY_BY_PREFIX = {"E": ENGLAND, "W": WALES, "S": SCOTLAND, "N": NORTHERN_IRELAND}
# ONSPD's Crown dependencies: in the directory, outside the UK.
OUTSIDE_UK = frozenset({CHANNEL_ISLANDS, ISLE_OF_MAN})

# The nations, by country code: actions say which nations they cover in these words.
NATIONS = {ENGLAND: "england", WALES: "wales", SCOTLAND: "scotland", NORTHERN_IRELAND: "northern_ireland"}

_GSS_RE = re.compile(r"^[A-Z][0-9]{8}$")


def clean_code(raw: str | None) -> str | None:
    """A real GSS code, or None for empty and pseudo codes (E99999999, W99999999, ...)."""
    code = (raw or "").strip().upper()
    if not _GSS_RE.match(code) or code.endswith("99999999"):
        return None
    return code


def country_for_code(code: str | None) -> str | None:
    """The country a GSS code is in, from its first letter (E, W, S, N)."""
    return COUNTRY_BY_PREFIX.get(code[0]) if code else None


def nation_for_code(code: str | None) -> str:
    """ "england", "wales", "scotland", "northern_ireland" for any GSS code in that country, else ""."""
    country = country_for_code(code)
    return NATIONS[country] if country else ""


# Postcode areas (the letters before the first digit) wholly or almost wholly in Scotland, and
# the outward codes in them that cross the border into England (ONSPD, every GB postcode:
# DG16, TD5, TD9, TD12 and TD15 have postcodes on both sides). Northern Ireland is all of BT.
SCOTTISH_POSTCODE_AREAS = frozenset(
    {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"}
)
CROSS_BORDER_OUTWARD_CODES = frozenset({"DG16", "TD5", "TD9", "TD12", "TD15"})
_AREA_RE = re.compile(r"^([A-Z]{1,2})[0-9]")


def country_for_outward_code(postcode: str) -> str | None:
    """The country every postcode with this outward code is in (Scotland or Northern Ireland),
    from a normalised postcode ("EH1 1YZ"); None where the outward code alone cannot say."""
    outward = postcode.split(" ", 1)[0]
    match = _AREA_RE.match(outward)
    if not match:
        return None
    area = match.group(1)
    if area == "BT":
        return NORTHERN_IRELAND
    if area in SCOTTISH_POSTCODE_AREAS and outward not in CROSS_BORDER_OUTWARD_CODES:
        return SCOTLAND
    return None
