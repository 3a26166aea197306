"""MPs from the UK Parliament Members API: match every current Westminster constituency in our
data by name, create or update its MP and contact routes, end the offices of MPs who left."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.db import transaction
from django.utils import timezone

from kinship.geography.models import Area, AreaType
from kinship.geography.names import fold_place_name
from kinship.representatives.clients.parliament import (
    Constituency,
    ParliamentApiError,
    ParliamentApiNotFoundError,
    ParliamentClient,
    choose_contact_routes,
)
from kinship.representatives.models import Office, Role, Source
from kinship.representatives.selectors import current_q
from kinship.representatives.services import (
    ChangeReport,
    OfficeData,
    office_end,
    office_upsert,
    offices_end_missing,
)

# Stop after this many constituencies fail in a row: the API is down, not one name odd.
MAX_CONSECUTIVE_FAILURES = 5


class MpSyncAbortedError(Exception):
    """The Members API kept failing; the sync stopped (changes so far are kept)."""


def match_constituency(name: str, results: list[Constituency]) -> tuple[Constituency | None, str]:
    """The one current constituency whose name equals `name` once punctuation, "&"/"and"
    and accents are folded; otherwise None and why."""
    wanted = fold_place_name(name)
    exact = [c for c in results if fold_place_name(c.name) == wanted]
    current = [c for c in exact if c.is_current]
    if len(current) == 1:
        return current[0], ""
    if len(current) > 1:
        return None, f"{len(current)} current constituencies are called {name!r}"
    if exact:
        return None, f"{name!r} exists only as an abolished constituency"
    return None, f"no constituency called {name!r} in the Members API"


def search_texts(name: str) -> list[str]:
    """What to type into the API's literal search: the name, then its other spellings of
    "and" and without accents, then its first word (ONS writes "Montgomeryshire and Glyndwr",
    Parliament "Montgomeryshire and Glyndŵr": a literal search for either misses the other,
    so the first word finds both and the folded names are compared)."""
    texts = [name]
    if "&" in name:
        texts.append(name.replace("&", "and"))
    elif " and " in name:
        texts.append(name.replace(" and ", " & "))
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    texts.append(folded)
    first_word = name.replace(",", " ").split()[0] if name.split() else ""
    if len(first_word) >= 4:
        texts.append(first_word)
    return list(dict.fromkeys(texts))


def constituencies_to_sync() -> list[Area]:
    return list(
        Area.objects.filter(type=AreaType.CONSTITUENCY, valid_to__isnull=True, is_demo=False).order_by("name")
    )


def mps_sync(
    *, client: ParliamentClient, today: date | None = None, areas: list[Area] | None = None
) -> ChangeReport:
    """Bring every constituency's MP in line with the Members API."""
    today = today or timezone.localdate()
    report = ChangeReport()
    failures_in_a_row = 0
    for area in constituencies_to_sync() if areas is None else areas:
        try:
            constituency: Constituency | None = None
            why = ""
            for text in search_texts(area.name):
                constituency, reason = match_constituency(area.name, client.search_constituencies(text))
                why = why or reason
                if constituency is not None:
                    break
            if constituency is None:
                report.unmatched.append(f"{area.code} {area.name}: {why}")
                failures_in_a_row = 0
                continue
            if constituency.member is None:
                with transaction.atomic():
                    offices_end_missing(
                        role=Role.MP,
                        area=area,
                        keep=set(),
                        report=report,
                        reason="seat vacant in the Members API",
                    )
                report.unmatched.append(f"{area.code} {area.name}: seat is vacant")
                failures_in_a_row = 0
                continue
            member_id = constituency.member.id
            try:
                member = client.member(member_id)
            except ParliamentApiNotFoundError:
                member = constituency.member
            contact = choose_contact_routes(member_id, client.member_contact(member_id))
            office_upsert(
                data=OfficeData(
                    name=member.name or constituency.member.name,
                    role=Role.MP,
                    area=area,
                    source=Source.API,
                    checked_on=today,
                    checked_by="sync_mps",
                    party=member.party,
                    start_date=member.start_date,
                    email=contact.email,
                    postal_address=contact.postal_address,
                    phone=contact.phone,
                    web_form_url=contact.web_form_url,
                    source_url=f"https://members.parliament.uk/member/{member_id}",
                    parliament_id=member_id,
                ),
                report=report,
            )
            failures_in_a_row = 0
        except ParliamentApiError as exc:
            report.errors.append(f"{area.code} {area.name}: {exc}")
            failures_in_a_row += 1
            if failures_in_a_row >= MAX_CONSECUTIVE_FAILURES:
                raise MpSyncAbortedError(
                    f"the Members API failed for {failures_in_a_row} constituencies in a row; last: {exc}"
                ) from exc
    if areas is None:
        _end_mps_of_abolished_seats(report, today)
    return report


def _end_mps_of_abolished_seats(report: ChangeReport, today: date) -> None:
    """MP offices for constituencies no longer current in our data (boundary changes) end too."""
    stale = (
        Office.objects.filter(current_q(today), role=Role.MP, area__valid_to__isnull=False)
        .exclude(source=Source.DEMO)
        .select_related("person", "area")
    )
    for office in stale:
        office_end(office, today=today, reason="constituency abolished", report=report)
