"""Client for the UK Parliament Members API (https://members-api.parliament.uk).

Only the three documented endpoints we need:
- GET /api/Location/Constituency/Search?searchText=&skip=&take= → {"items": [{"value": Constituency}],
  "totalResults", "skip", "take"}; Constituency = {"id", "name", "startDate", "endDate",
  "currentRepresentation": {"member": {"value": Member}, "representation": HouseMembership} | null}
- GET /api/Members/{id} → {"value": Member}; Member = {"id", "nameDisplayAs", "nameListAs",
  "latestParty": {"name", "abbreviation"}, "latestHouseMembership": {"membershipFrom",
  "membershipStartDate", "membershipEndDate", "membershipStatus": {"statusIsActive"}}}
- GET /api/Members/{id}/Contact → {"value": [{"type", "typeId", "isPreferred", "isWebAddress",
  "line1".."line5", "postcode", "phone", "email", "notes"}]}

Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import httpx

from kinship.representatives import conf
from kinship.representatives.clients.http import RetryingClient, TransientHTTPError

PAGE_SIZE = 20
MAX_PAGES = 50  # a name search never needs more; stops a misbehaving server looping us


class ParliamentApiError(Exception):
    """The Members API could not give a usable answer."""


class ParliamentApiTimeoutError(ParliamentApiError):
    """The Members API did not answer in time (after retries)."""


class ParliamentApiNotFoundError(ParliamentApiError):
    """The Members API has no such member."""


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    party: str
    constituency: str
    start_date: date | None
    end_date: date | None
    is_active: bool


@dataclass(frozen=True)
class Constituency:
    id: int
    name: str
    start_date: date | None
    end_date: date | None
    member: Member | None  # the current representative, None when vacant

    @property
    def is_current(self) -> bool:
        return self.end_date is None


@dataclass(frozen=True)
class ContactEntry:
    type: str
    type_id: int | None
    is_preferred: bool
    is_web_address: bool
    lines: tuple[str, ...] = field(default_factory=tuple)
    postcode: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""

    @property
    def postal_address(self) -> str:
        parts = [line for line in self.lines if line]
        if self.postcode:
            parts.append(self.postcode)
        return "\n".join(parts)


def _date(value: Any) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def parse_member(data: Any) -> Member:
    """A Member object (the `value` of a MemberItem)."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise ParliamentApiError("member without an id")
    party = data.get("latestParty") or {}
    membership = data.get("latestHouseMembership") or {}
    status = membership.get("membershipStatus") or {}
    end = _date(membership.get("membershipEndDate"))
    return Member(
        id=data["id"],
        name=_text(data.get("nameDisplayAs") or data.get("nameListAs")),
        party=_text(party.get("name")) if isinstance(party, dict) else "",
        constituency=_text(membership.get("membershipFrom")),
        start_date=_date(membership.get("membershipStartDate")),
        end_date=end,
        is_active=bool(status.get("statusIsActive", end is None)),
    )


def parse_constituency(data: Any) -> Constituency:
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise ParliamentApiError("constituency without an id")
    representation = data.get("currentRepresentation") or {}
    member_item = representation.get("member") if isinstance(representation, dict) else None
    member = None
    if isinstance(member_item, dict) and member_item.get("value"):
        member = parse_member(member_item["value"])
    return Constituency(
        id=data["id"],
        name=_text(data.get("name")),
        start_date=_date(data.get("startDate")),
        end_date=_date(data.get("endDate")),
        member=member,
    )


def parse_contact(data: Any) -> ContactEntry:
    if not isinstance(data, dict):
        raise ParliamentApiError("contact entry is not an object")
    type_id = data.get("typeId")
    return ContactEntry(
        type=_text(data.get("type")),
        type_id=type_id if isinstance(type_id, int) else None,
        is_preferred=bool(data.get("isPreferred")),
        is_web_address=bool(data.get("isWebAddress")),
        lines=tuple(_text(data.get(f"line{i}")) for i in range(1, 6) if _text(data.get(f"line{i}"))),
        postcode=_text(data.get("postcode")),
        phone=_text(data.get("phone")),
        email=_text(data.get("email")).lower(),
        notes=_text(data.get("notes")),
    )


class ParliamentClient(RetryingClient):
    """Typed access to the Members API with explicit timeouts and bounded retries."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        backoff: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = (base_url or conf.parliament_api_url()).rstrip("/")
        super().__init__(
            base_url=self.base_url,
            timeout=conf.parliament_timeout() if timeout is None else timeout,
            max_retries=conf.parliament_max_retries() if max_retries is None else max_retries,
            backoff=conf.http_backoff_seconds() if backoff is None else backoff,
            sleep=sleep,
            transport=transport,
            accept="application/json",
            follow_redirects=False,
        )

    def _get_json(self, path: str, params: dict[str, str | int] | None = None) -> Any:
        try:
            response = self._get(path, params)
        except TransientHTTPError as exc:
            if exc.timed_out:
                raise ParliamentApiTimeoutError(f"{path}: {exc}") from exc
            raise ParliamentApiError(f"{path}: {exc}") from exc
        if response.status_code == 404:
            raise ParliamentApiNotFoundError(f"{path}: not found")
        if response.status_code != 200:
            raise ParliamentApiError(f"{path}: HTTP {response.status_code}")
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise ParliamentApiError(f"{path}: the answer was not valid JSON") from exc

    def search_constituencies(self, text: str) -> list[Constituency]:
        """Every constituency (past and present) whose name matches `text`, across all pages."""
        results: list[Constituency] = []
        skip = 0
        for _ in range(MAX_PAGES):
            data = self._get_json(
                "/api/Location/Constituency/Search", {"searchText": text, "skip": skip, "take": PAGE_SIZE}
            )
            if not isinstance(data, dict) or not isinstance(data.get("items"), list):
                raise ParliamentApiError("constituency search: unexpected shape (no items list)")
            items = data["items"]
            for item in items:
                results.append(parse_constituency(item.get("value") if isinstance(item, dict) else None))
            total = data.get("totalResults")
            skip += len(items)
            if not items or not isinstance(total, int) or skip >= total:
                break
        return results

    def member(self, member_id: int) -> Member:
        """One member's details."""
        data = self._get_json(f"/api/Members/{int(member_id)}")
        if not isinstance(data, dict):
            raise ParliamentApiError("member: unexpected shape")
        return parse_member(data.get("value"))

    def member_contact(self, member_id: int) -> list[ContactEntry]:
        """A member's published contact routes (offices, email, phone, web addresses)."""
        data = self._get_json(f"/api/Members/{int(member_id)}/Contact")
        if not isinstance(data, dict) or not isinstance(data.get("value"), list):
            raise ParliamentApiError("contact: unexpected shape (no value list)")
        return [parse_contact(item) for item in data["value"]]


def member_contact_page(member_id: int) -> str:
    """Parliament's public contact page for a member (a web route when no email is known)."""
    return f"https://members.parliament.uk/member/{int(member_id)}/contact"


@dataclass(frozen=True)
class ContactRoutes:
    email: str
    postal_address: str
    phone: str
    web_form_url: str


def choose_contact_routes(member_id: int, entries: list[ContactEntry]) -> ContactRoutes:
    """Pick the routes a constituent should use: the preferred entry first, then the
    Parliamentary office, then any other. Web addresses (websites, social media) are not
    contact routes for letters; Parliament's own contact page is the web route."""
    postal = [e for e in entries if not e.is_web_address]

    def rank(e: ContactEntry) -> tuple[int, int]:
        return (0 if e.is_preferred else 1, 0 if "parliament" in e.type.lower() else 1)

    ordered = sorted(postal, key=rank)
    email = next((e.email for e in ordered if e.email and "@" in e.email), "")
    address = next((e.postal_address for e in ordered if e.lines), "")
    phone = next((e.phone for e in ordered if e.phone), "")
    return ContactRoutes(
        email=email, postal_address=address, phone=phone, web_form_url=member_contact_page(member_id)
    )
