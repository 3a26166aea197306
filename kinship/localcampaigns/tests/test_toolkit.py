"""The toolkit's rules and words, tested directly: who is new in office, the drafted message,
and the calendar file."""

from __future__ import annotations

import datetime as dt

from kinship.localcampaigns.ics import calendar_event
from kinship.localcampaigns.toolkit import (
    PROMPT,
    Ask,
    MeetingDetails,
    Method,
    draft_message,
    is_new_in_office,
)
from kinship.representatives.models import Role

TODAY = dt.date(2026, 11, 30)


def test_a_lead_member_who_started_within_six_months_is_new():
    assert is_new_in_office(
        role=Role.LEAD_MEMBER_CHILDREN, start_date=TODAY - dt.timedelta(days=183), today=TODAY, days=183
    )


def test_an_office_started_longer_ago_or_not_yet_is_not_new():
    assert not is_new_in_office(
        role=Role.LEADER, start_date=TODAY - dt.timedelta(days=184), today=TODAY, days=183
    )
    assert not is_new_in_office(
        role=Role.LEADER, start_date=TODAY + dt.timedelta(days=1), today=TODAY, days=183
    )
    assert not is_new_in_office(role=Role.LEADER, start_date=None, today=TODAY, days=183)


def test_only_ward_councillors_lead_members_and_leaders_count_as_new():
    assert is_new_in_office(role=Role.WARD_COUNCILLOR, start_date=TODAY, today=TODAY, days=183)
    assert not is_new_in_office(role=Role.CEREMONIAL_MAYOR, start_date=TODAY, today=TODAY, days=183)
    assert not is_new_in_office(role=Role.MP, start_date=TODAY, today=TODAY, days=183)


def test_the_draft_names_the_council_and_asks_the_carer_for_their_own_words():
    subject, body = draft_message(ask=Ask.REVIEW, method=Method.EMAIL, council="Demoshire", role="Leader")
    assert subject == "Support for kinship carers in Demoshire"
    assert str(PROMPT) in body
    assert "special guardians" in body and "child arrangements orders" in body


def test_the_information_ask_mentions_the_policy_and_what_the_scorecard_knows():
    _subject, body = draft_message(
        ask=Ask.INFORMATION,
        method=Method.LETTER,
        council="Demoshire",
        role="Leader",
        known_gaps=["publish its policy"],
    )
    assert "family and friends care policy" in body
    assert "the council could: publish its policy." in body


def test_an_invitation_draft_says_when_and_where():
    meeting = MeetingDetails(
        group_name="Maple Kinship Group",
        starts_at=dt.datetime(2026, 12, 10, 18, 30, tzinfo=dt.UTC),
        place="Maple Library",
    )
    subject, body = draft_message(
        ask=Ask.AWARENESS, method=Method.INVITATION, council="Demoshire", role="Leader", meeting=meeting
    )
    assert subject.startswith("Invitation")
    assert "Maple Kinship Group" in body and "Maple Library" in body and "10 December 2026" in body


def test_the_calendar_file_is_escaped_folded_and_in_utc():
    start = dt.datetime(2026, 12, 10, 18, 30, tzinfo=dt.UTC)
    data = calendar_event(
        uid="kinship-invitation-1@example.org",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        summary="Maple; group, meeting",
        location="Maple Library, 1 High Street\nFictionham " + "x" * 80,
        description="Hello",
        stamp=start,
    ).decode()
    assert data.startswith("BEGIN:VCALENDAR\r\n") and data.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20261210T183000Z" in data and "DTEND:20261210T200000Z" in data
    assert "SUMMARY:Maple\\; group\\, meeting" in data
    assert "\\n" in data
    assert all(len(line.encode()) <= 75 for line in data.split("\r\n"))
