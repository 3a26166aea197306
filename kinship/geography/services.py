"""Writes and the postcode lookup every action depends on."""

from __future__ import annotations

from dataclasses import replace

from kinship.geography import codes
from kinship.geography.models import Area, AreaType, CouncilCorrection
from kinship.geography.postcodes import normalise_postcode
from kinship.geography.selectors import CachedArea, PostcodeRow, area_get, areas_by_code, postcode_row_get
from kinship.geography.types import AreaRef, PostcodeOutcome, PostcodeResult

_MAX_ECHO = 40  # what we echo back of unusable input


class CouncilNotFoundError(ValueError):
    """The council chosen is not one that runs children's services."""


class CouncilChoiceNotAllowedError(ValueError):
    """No council can be chosen for this postcode (not a postcode, no longer used, or outside the
    councils this campaign covers)."""


# Where a person may choose their own council: every answer we show, and a postcode too new for
# ONSPD. Not for invalid or terminated postcodes, Northern Ireland or the Crown dependencies.
COUNCIL_CHOICE_OUTCOMES = frozenset(
    {PostcodeOutcome.LIVE, PostcodeOutcome.SCOTLAND, PostcodeOutcome.UNPLACED, PostcodeOutcome.NOT_FOUND}
)


def childrens_services_authority_resolve(
    *, county: str | None, district: str | None, ward: str | None, areas: dict[str, CachedArea]
) -> CachedArea | None:
    """The council that runs children's services for these ONSPD codes.

    In two-tier England that is the county (ONSPD's county code, or failing that the district's
    county); elsewhere the local authority district itself (unitary, metropolitan, London, Welsh)."""
    if county:
        found = areas.get(county)
        if found and found.is_childrens_services_authority:
            return found
    lad = areas.get(district) if district else None
    if lad is None and ward:
        ward_area = areas.get(ward)
        if ward_area and ward_area.parent_code:
            lad = areas.get(ward_area.parent_code)
    if lad is None:
        return None
    if lad.is_childrens_services_authority:
        return lad
    if lad.ref.type == AreaType.DISTRICT and lad.parent_code:
        parent = areas.get(lad.parent_code)
        if parent and parent.is_childrens_services_authority:
            return parent
    return None


def _ref(code: str | None, areas: dict[str, CachedArea]) -> AreaRef | None:
    if not code:
        return None
    found = areas.get(code)
    return found.ref if found else None


def _country_ref(code: str | None, areas: dict[str, CachedArea]) -> AreaRef | None:
    if not code:
        return None
    found = areas.get(code)
    if found:
        return found.ref
    if code in codes.COUNTRIES:
        name, name_cy = codes.COUNTRIES[code]
        return AreaRef(code=code, name=name, name_cy=name_cy, type=AreaType.COUNTRY.value)
    return None


def postcode_lookup(text: str) -> PostcodeResult:
    """What someone typed → the places and outcome for it. Never raises for bad input."""
    raw = text if isinstance(text, str) else ""
    postcode = normalise_postcode(raw)
    if postcode is None:
        return PostcodeResult(postcode=raw.strip()[:_MAX_ECHO], outcome=PostcodeOutcome.INVALID)
    row = postcode_row_get(postcode=postcode)
    if row is None:
        return _not_in_the_postcode_file(postcode)
    if row.terminated is not None:
        return PostcodeResult(postcode=postcode, outcome=PostcodeOutcome.TERMINATED)

    country_code = row.country or codes.country_for_code(row.district or row.constituency or row.ward)
    if codes.NORTHERN_IRELAND in {country_code, codes.country_for_outward_code(postcode)}:
        return PostcodeResult(postcode=postcode, outcome=PostcodeOutcome.NORTHERN_IRELAND)
    if country_code in codes.OUTSIDE_UK or country_code is None and postcode[:2] in {"IM", "JE", "GY"}:
        return PostcodeResult(postcode=postcode, outcome=PostcodeOutcome.OUTSIDE_UK)

    areas = areas_by_code()
    # Postcodes share their areas: hundreds of postcodes resolve to the same few codes, so the
    # resolved places are kept per set of codes for as long as this copy of the areas lasts.
    key = (country_code, row.county, row.district, row.ward, row.constituency, row.division)
    memo = _places_memo(areas)
    places = memo.get(key)
    if places is None:
        places = memo[key] = _places(country_code, row, areas)
    return replace(places, postcode=postcode, lat=row.lat, lng=row.lng)


_memo_for: tuple[dict[str, CachedArea], dict[tuple[str | None, ...], PostcodeResult]] = ({}, {})


def _places_memo(areas: dict[str, CachedArea]) -> dict[tuple[str | None, ...], PostcodeResult]:
    """The memo belonging to this copy of the areas (a reloaded copy starts a new one)."""
    global _memo_for
    owner, memo = _memo_for
    if owner is not areas:
        memo = {}
        _memo_for = (areas, memo)
    return memo


def _places(country_code: str | None, row: PostcodeRow, areas: dict[str, CachedArea]) -> PostcodeResult:
    """The outcome and places for a row's codes (no postcode or location: the caller adds them)."""
    country = _country_ref(country_code, areas)
    constituency_area = areas.get(row.constituency) if row.constituency else None
    constituency = constituency_area.ref if constituency_area else None
    if country_code == codes.SCOTLAND:
        return PostcodeResult(
            postcode="", outcome=PostcodeOutcome.SCOTLAND, country=country, constituency=constituency
        )

    council = childrens_services_authority_resolve(
        county=row.county, district=row.district, ward=row.ward, areas=areas
    )
    district = _ref(row.district, areas)  # ONS convention: the district for every postcode
    senedd = None
    if country_code == codes.WALES and constituency_area and constituency_area.senedd_code:
        senedd = _ref(constituency_area.senedd_code, areas)
    return PostcodeResult(
        postcode="",
        outcome=PostcodeOutcome.LIVE if council else PostcodeOutcome.UNPLACED,
        country=country,
        childrens_services_authority=council.ref if council else None,
        district=district,
        ward=_ref(row.ward, areas),
        division=_ref(row.division, areas),
        constituency=constituency,
        senedd_constituency=senedd,
    )


def _not_in_the_postcode_file(postcode: str) -> PostcodeResult:
    """A real-looking postcode the file lacks (new, or a gap): its outward code's country where
    that settles it (Scotland and Northern Ireland have their own explanations), else not found,
    and the person may choose their council."""
    country_code = codes.country_for_outward_code(postcode)
    if country_code == codes.NORTHERN_IRELAND:
        return PostcodeResult(postcode=postcode, outcome=PostcodeOutcome.NORTHERN_IRELAND)
    if country_code == codes.SCOTLAND:
        country = _country_ref(country_code, areas_by_code())
        return PostcodeResult(postcode=postcode, outcome=PostcodeOutcome.SCOTLAND, country=country)
    return PostcodeResult(postcode=postcode, outcome=PostcodeOutcome.NOT_FOUND)


def area_ref(area: Area) -> AreaRef:
    return AreaRef(
        code=area.code, name=area.name, name_cy=area.name_cy, type=area.type, official_name=area.official_name
    )


def _chosen_council(code: str) -> Area | None:
    """The council that runs children's services with this code (its own or a former one)."""
    gss = codes.clean_code(code)  # anything not shaped like a GSS code never reaches the database
    council = area_get(code=gss) if gss else None
    return council if council is not None and council.is_childrens_services_authority else None


def postcode_result_choose_council(result: PostcodeResult, *, council_code: str) -> PostcodeResult | None:
    """The result with the council the person chose, or None when that choice cannot apply."""
    if result.outcome not in COUNCIL_CHOICE_OUTCOMES:
        return None
    council = _chosen_council(council_code)
    return postcode_result_with_council(result, council) if council else None


def council_correction_record(*, result: PostcodeResult, chosen_code: str) -> CouncilCorrection:
    """Record for staff that someone chose another council for the postcode looked up in `result`."""
    if result.outcome not in COUNCIL_CHOICE_OUTCOMES:
        raise CouncilChoiceNotAllowedError(result.outcome)
    chosen = _chosen_council(chosen_code)
    if chosen is None:
        raise CouncilNotFoundError(chosen_code)
    suggested = None
    if result.childrens_services_authority:
        suggested = Area.objects.filter(code=result.childrens_services_authority.code).first()
    return CouncilCorrection.objects.create(
        postcode=result.postcode[:8], chosen_council=chosen, suggested_council=suggested
    )


def postcode_result_with_council(result: PostcodeResult, council: Area) -> PostcodeResult:
    """The result with the council the person chose in place of the one ONS suggests."""
    outcome = result.outcome
    # Unplaced, or too new to be listed: the person has told us their council, so it is usable.
    if outcome in {PostcodeOutcome.UNPLACED, PostcodeOutcome.NOT_FOUND}:
        outcome = PostcodeOutcome.LIVE
    return replace(result, childrens_services_authority=area_ref(council), outcome=outcome)
