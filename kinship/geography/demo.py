"""The fictional demo geography: invented councils, wards, constituencies and postcodes.

Postcode areas XX, XY and XZ are not used by Royal Mail, and the E07900001-style codes are
outside the ranges ONS has issued, so nothing here can be mistaken for a real place. Other
apps' demo data (the demo people) is built on these codes: keep them stable.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kinship.geography import codes
from kinship.geography.importers.areas import areas_upsert
from kinship.geography.models import AreaType, Postcode

_COUNCIL_CONTACT = "https://{slug}.example.org"


def _council(
    code: str, name: str, official: str, type_: AreaType, parent: str, **extra: Any
) -> dict[str, Any]:
    slug = name.lower().replace(" ", "")
    return {
        "code": code,
        "name": name,
        "official_name": official,
        "type": type_,
        "parent_code": parent,
        "website": _COUNCIL_CONTACT.format(slug=slug),
        "contact_url": _COUNCIL_CONTACT.format(slug=slug) + "/contact",
        "contact_email": f"childrens.services@{slug}.example.org",
        "is_demo": True,
        **extra,
    }


COUNTRIES = [
    {"code": code, "name": name, "name_cy": name_cy, "type": AreaType.COUNTRY, "is_demo": True}
    for code, (name, name_cy) in codes.COUNTRIES.items()
]
COUNCILS = [
    _council("E10900001", "Demoshire", "Demoshire County Council", AreaType.COUNTY, codes.ENGLAND),
    _council("E06900001", "Exampleborough", "Exampleborough Council", AreaType.UNITARY, codes.ENGLAND),
    _council(
        "W06900001",
        "Example Vale",
        "Example Vale County Borough Council",
        AreaType.WELSH_PRINCIPAL,
        codes.WALES,
        name_cy="Bro Enghraifft",
    ),
]
DISTRICTS = [
    _council("E07900001", "Fictionham", "Fictionham District Council", AreaType.DISTRICT, "E10900001"),
    _council("E07900002", "Sampleton", "Sampleton Borough Council", AreaType.DISTRICT, "E10900001"),
]
SENEDD = [
    {
        "code": "W09900001",
        "name": "Example Vale and Hills",
        "name_cy": "Bro Enghraifft a'r Bryniau",
        "type": AreaType.SENEDD_CONSTITUENCY,
        "parent_code": codes.WALES,
        "is_demo": True,
    }
]
CONSTITUENCIES = [
    {"code": "E14900001", "name": "Fictionham and Sampleton", "parent_code": codes.ENGLAND},
    {"code": "E14900002", "name": "Exampleborough Central", "parent_code": codes.ENGLAND},
    {
        "code": "W07900001",
        "name": "Example Vale",
        "name_cy": "Bro Enghraifft",
        "parent_code": codes.WALES,
        "senedd_code": "W09900001",
    },
    {"code": "S14900001", "name": "Demo Firth", "parent_code": codes.SCOTLAND},
]
WARDS = [
    {"code": "E05900001", "name": "Maple", "parent_code": "E07900001"},
    {"code": "E05900002", "name": "Oak", "parent_code": "E07900002"},
    {"code": "E05900003", "name": "Harbour", "parent_code": "E06900001"},
    {"code": "W05900001", "name": "Castle", "name_cy": "Castell", "parent_code": "W06900001"},
]

E, W, S, N = codes.ENGLAND, codes.WALES, codes.SCOTLAND, codes.NORTHERN_IRELAND
# postcode: (country, county, district, ward, constituency, lat, lng, terminated)
POSTCODES: dict[str, tuple[Any, ...]] = {
    "XX1 1AA": (E, "E10900001", "E07900001", "E05900001", "E14900001", 52.1001, -1.2001, None),
    "XX1 1AB": (E, "E10900001", "E07900001", "E05900001", "E14900001", 52.1012, -1.2013, None),
    "XX1 2AB": (E, "E10900001", "E07900002", "E05900002", "E14900001", 52.1502, -1.1502, None),
    "XX1 2AD": (E, "E10900001", "E07900002", "E05900002", "E14900001", 52.1511, -1.1520, None),
    "XX2 1AA": (E, None, "E06900001", "E05900003", "E14900002", 52.3003, -1.0003, None),
    "XX2 1AB": (E, None, "E06900001", "E05900003", "E14900002", 52.3010, -1.0011, None),
    "XX3 1AA": (W, None, "W06900001", "W05900001", "W07900001", 51.6004, -3.4004, None),
    "XX3 1AB": (W, None, "W06900001", "W05900001", "W07900001", 51.6012, -3.4010, None),
    "XX4 1AA": (E, None, None, None, "E14900002", None, None, None),
    "XX9 9ZZ": (E, "E10900001", "E07900001", "E05900001", "E14900001", 52.1005, -1.2005, "2019-06-01"),
    "XY1 1AA": (S, None, None, None, "S14900001", 56.5005, -3.5005, None),
    "XZ1 1AA": (N, None, None, None, None, 54.6006, -6.0006, None),
}


@transaction.atomic
def load_demo_places() -> list[str]:
    """Create or update the demo areas and postcodes; returns lines to print."""
    lines = [
        str(areas_upsert(COUNTRIES, label="demo countries")),
        str(areas_upsert(COUNCILS, label="demo councils")),
        str(areas_upsert(DISTRICTS, label="demo districts")),
        str(areas_upsert(SENEDD, label="demo Senedd constituencies")),
        str(
            areas_upsert(
                [{"type": AreaType.CONSTITUENCY, "is_demo": True, **item} for item in CONSTITUENCIES],
                label="demo constituencies",
            )
        ),
        str(
            areas_upsert(
                [{"type": AreaType.WARD, "is_demo": True, **item} for item in WARDS], label="demo wards"
            )
        ),
    ]
    for postcode, (country, county, district, ward, constituency, lat, lng, terminated) in POSTCODES.items():
        Postcode.objects.update_or_create(
            postcode=postcode,
            defaults={
                "country": country,
                "county": county,
                "district": district,
                "ward": ward,
                "constituency": constituency,
                "lat": lat,
                "lng": lng,
                "terminated": terminated,
            },
        )
    lines.append(f"demo postcodes: {len(POSTCODES)} ({', '.join(sorted(POSTCODES))})")
    return lines
