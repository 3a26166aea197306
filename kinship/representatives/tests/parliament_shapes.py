"""Members API answers in their documented shapes (trimmed to the fields we read, plus a few we
ignore, as the real API sends many more)."""

from __future__ import annotations

from typing import Any


def member(
    member_id: int, name: str, constituency: str, party: str = "Labour", start: str = "2024-07-04T00:00:00"
) -> dict[str, Any]:
    return {
        "id": member_id,
        "nameListAs": ", ".join(reversed(name.split(" ", 1))),
        "nameDisplayAs": name,
        "nameFullTitle": f"{name} MP",
        "nameAddressAs": None,
        "latestParty": {"id": 15, "name": party, "abbreviation": party[:3], "backgroundColour": "d50000"},
        "gender": "F",
        "latestHouseMembership": {
            "membershipFrom": constituency,
            "membershipFromId": 4000 + member_id % 1000,
            "house": 1,
            "membershipStartDate": start,
            "membershipEndDate": None,
            "membershipEndReason": None,
            "membershipStatus": {
                "statusIsActive": True,
                "statusDescription": "Current Member",
                "statusId": 0,
            },
        },
        "thumbnailUrl": f"https://members-api.parliament.uk/api/Members/{member_id}/Thumbnail",
    }


def constituency(cid: int, name: str, mp: dict[str, Any] | None, *, end: str | None = None) -> dict[str, Any]:
    return {
        "value": {
            "id": cid,
            "name": name,
            "startDate": "2024-07-04T00:00:00",
            "endDate": end,
            "currentRepresentation": (
                {"member": {"value": mp, "links": []}, "representation": mp["latestHouseMembership"]}
                if mp
                else None
            ),
            "ongoingByElection": None,
        },
        "links": [{"rel": "self", "href": f"/Location/Constituency/{cid}", "method": "GET"}],
    }


def search(
    items: list[dict[str, Any]], *, total: int | None = None, skip: int = 0, take: int = 20
) -> dict[str, Any]:
    return {
        "items": items,
        "totalResults": len(items) if total is None else total,
        "resultContext": "",
        "skip": skip,
        "take": take,
        "links": [],
    }


def member_item(m: dict[str, Any]) -> dict[str, Any]:
    return {"value": m, "links": []}


def contact(email: str = "alex.baker.mp@parliament.uk") -> dict[str, Any]:
    return {
        "value": [
            {
                "type": "Parliamentary office",
                "typeDescription": "Parliamentary office",
                "typeId": 1,
                "isPreferred": False,
                "isWebAddress": False,
                "notes": None,
                "line1": "House of Commons",
                "line2": "London",
                "line3": None,
                "line4": None,
                "line5": None,
                "postcode": "SW1A 0AA",
                "phone": "020 7219 3000",
                "fax": None,
                "email": email,
            },
            {
                "type": "Constituency office",
                "typeDescription": "Constituency office",
                "typeId": 4,
                "isPreferred": True,
                "isWebAddress": False,
                "notes": None,
                "line1": "1 High Street",
                "line2": "Aldershot",
                "line3": None,
                "line4": None,
                "line5": None,
                "postcode": "GU11 1AA",
                "phone": "01252 000000",
                "fax": None,
                "email": None,
            },
            {
                "type": "Website",
                "typeDescription": "Website",
                "typeId": 6,
                "isPreferred": False,
                "isWebAddress": True,
                "notes": None,
                "line1": "https://www.example.org",
                "line2": None,
                "line3": None,
                "line4": None,
                "line5": None,
                "postcode": None,
                "phone": None,
                "fax": None,
                "email": None,
            },
        ],
        "links": [],
    }
