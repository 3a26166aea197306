"""The journey log: a private link by email (no account), steps added, shared, deleted,
downloaded; the council's status; reminders on the due date, once (time frozen)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time

import pytest
from django.core import signing
from django.utils import timezone

from kinship.core.models import OutboundEmail
from kinship.core.signing import make_token
from kinship.localcampaigns import periodic, services, tokens
from kinship.localcampaigns.models import CouncilStatus, EntryKind, Journey, JourneyEntry
from kinship.localcampaigns.toolkit import council_status

pytestmark = pytest.mark.django_db


def journey(email: str = "gwen@example.com", **fields) -> Journey:  # type: ignore[no-untyped-def]
    fields.setdefault("council_code", "E10900001")
    fields.setdefault("council_name", "Demoshire County Council")
    return Journey.objects.create(email=email, **fields)


def link(j: Journey) -> str:
    return f"/campaign-journey/{make_token(j.pk, salt=tokens.JOURNEY_SALT)}/"


def add(j: Journey, kind: str = EntryKind.CONTACTED, **fields) -> JourneyEntry:  # type: ignore[no-untyped-def]
    data = services.EntryInput(
        kind=kind, happened_on=fields.pop("happened_on", timezone.localdate()), **fields
    )
    return services.journey_entry_add(journey=j, data=data)


def test_status_is_the_furthest_step_reached():
    assert council_status([]) == CouncilStatus.NOT_STARTED
    assert council_status([EntryKind.NEXT_STEP]) == CouncilStatus.NOT_STARTED
    assert council_status([EntryKind.CONTACTED]) == CouncilStatus.CONTACTED
    assert (
        council_status([EntryKind.MEETING, EntryKind.CONTACTED, EntryKind.REPLY])
        == CouncilStatus.MEETING_HELD
    )
    assert council_status([EntryKind.COMMITMENT, EntryKind.REPLY]) == CouncilStatus.COMMITMENT_MADE


def test_asking_for_a_link_emails_one_that_carries_no_address(client, place, mail):
    response = client.post("/campaign-journey/", {"email": "Gwen@Example.com", "postcode": "xx1 1aa"})
    assert response.status_code == 200
    j = Journey.objects.get()
    assert j.email == "gwen@example.com" and j.council_name == "Demoshire County Council"
    email = OutboundEmail.objects.get(kind="journey_link")
    url = re.search(r"https?://\S+/campaign-journey/\S+/", email.text_body).group(0)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert "gwen" not in token.lower() and "example" not in token.lower()
    assert client.get(f"/campaign-journey/{token}/").status_code == 200


def test_asking_twice_finds_the_same_log(client, place):
    client.post("/campaign-journey/", {"email": "gwen@example.com"})
    client.post("/campaign-journey/", {"email": " GWEN@example.com "})
    assert Journey.objects.count() == 1


def test_a_wrong_email_is_explained_and_nothing_is_stored(client):
    response = client.post("/campaign-journey/", {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not Journey.objects.exists()


def test_too_many_link_requests_are_refused_kindly(client, settings):
    settings.KINSHIP_RATE_JOURNEY_LINK_IP = "2/3600"
    for _ in range(2):
        client.post("/campaign-journey/", {"email": "a@example.org"})
    response = client.post("/campaign-journey/", {"email": "b@example.org"})
    assert "Too many requests" in response.content.decode()
    assert not Journey.objects.filter(email="b@example.org").exists()


def test_the_log_page_is_private_and_not_cached(client):
    response = client.get(link(journey()))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_carer_adds_a_step_and_the_council_status_follows(client):
    j = journey()
    response = client.post(
        link(j),
        {
            "kind": "reply",
            "happened_on": timezone.localdate().isoformat(),
            "who": "Cllr Sam Lead",
            "how": "email",
            "notes": "She promised to look at the allowance.",
            "next_step": "Ask for a meeting",
            "remind_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    entry = JourneyEntry.objects.get()
    assert entry.council_code == "E10900001" and not entry.is_shared
    page = client.get(link(j)).content.decode()
    assert "She promised to look at the allowance." in page
    assert "Replied" in page


def test_a_reminder_needs_a_next_step_and_a_future_date(client):
    j = journey()
    today = timezone.localdate()
    response = client.post(
        link(j), {"kind": "contacted", "happened_on": today.isoformat(), "remind_on": today.isoformat()}
    )
    assert response.status_code == 400
    assert "Say what the next step is" in response.content.decode()
    past = (today - dt.timedelta(days=1)).isoformat()
    response = client.post(
        link(j), {"kind": "contacted", "happened_on": past, "remind_on": past, "next_step": "Call"}
    )
    assert "today or later" in response.content.decode()
    assert not JourneyEntry.objects.exists()


def test_a_formula_is_refused_in_what_staff_export(client):
    response = client.post(
        link(journey()),
        {"kind": "contacted", "happened_on": timezone.localdate().isoformat(), "who": "=HYPERLINK()"},
    )
    assert response.status_code == 400
    assert not JourneyEntry.objects.exists()


def test_sharing_and_unsharing_an_entry(client):
    j = journey()
    entry = add(j)
    client.post(f"{link(j)}entries/{entry.pk}/share/", {"share": "yes"})
    entry.refresh_from_db()
    assert entry.is_shared
    client.post(f"{link(j)}entries/{entry.pk}/share/", {"share": "no"})
    entry.refresh_from_db()
    assert not entry.is_shared


def test_one_carers_link_cannot_touch_anothers_entries(client):
    mine, theirs = journey(), journey(email="other@example.org")
    entry = add(theirs)
    client.post(f"{link(mine)}entries/{entry.pk}/share/", {"share": "yes"})
    client.post(f"{link(mine)}entries/{entry.pk}/delete/")
    entry.refresh_from_db()
    assert not entry.is_shared


def test_deleting_one_entry(client):
    j = journey()
    entry = add(j)
    client.post(f"{link(j)}entries/{entry.pk}/delete/")
    assert not JourneyEntry.objects.exists()


def test_the_download_is_the_carers_log_and_formula_safe(client):
    j = journey()
    add(j, who="Cllr Sam Lead", notes="-1 reasons to wait")
    response = client.get(f"{link(j)}download.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "date" and rows[1][3] == "Cllr Sam Lead"
    assert rows[1][5] == "'-1 reasons to wait"


def test_deleting_the_whole_log_asks_first_then_deletes_everything(client):
    j = journey()
    add(j)
    add(j, share=True)
    page = client.get(f"{link(j)}delete/").content.decode()
    assert "2 steps" in page
    assert JourneyEntry.objects.count() == 2
    response = client.post(f"{link(j)}delete/", {"confirm": "yes"})
    assert response.status_code == 200
    assert not Journey.objects.exists() and not JourneyEntry.objects.exists()
    assert client.get(link(j)).status_code == 404


def test_an_expired_link_says_so_and_offers_a_new_one(client):
    j = journey()

    class Backdated(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 40 * 86400)

    token = Backdated(salt=tokens.JOURNEY_SALT).sign(str(j.pk))
    response = client.get(f"/campaign-journey/{token}/")
    assert response.status_code == 410
    assert "Get a new link" in response.content.decode()
    assert client.get("/campaign-journey/not-a-token/").status_code == 404


def test_reminders_go_on_the_due_date_once(frozen_clock):
    due = dt.date(2026, 12, 14)
    j = journey()
    frozen_clock.at(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC))
    add(j, next_step="Ask for a meeting", remind_on=due, who="Cllr Sam Lead")

    frozen_clock.at(dt.datetime(2026, 12, 13, 23, 59, tzinfo=dt.UTC))
    periodic.journey_reminders()
    assert not OutboundEmail.objects.filter(kind="journey_reminder").exists()

    frozen_clock.at(dt.datetime(2026, 12, 14, 8, 0, tzinfo=dt.UTC))
    periodic.journey_reminders()
    periodic.journey_reminders()
    reminder = OutboundEmail.objects.get(kind="journey_reminder")
    assert reminder.to == "gwen@example.com"
    assert "Ask for a meeting" in reminder.text_body
    assert "/campaign-journey/" in reminder.text_body

    frozen_clock.at(dt.datetime(2026, 12, 20, 8, 0, tzinfo=dt.UTC))
    periodic.journey_reminders()
    assert OutboundEmail.objects.filter(kind="journey_reminder").count() == 1


def test_one_reminder_that_cannot_be_made_does_not_stop_the_others(frozen_clock, monkeypatch):
    frozen_clock.at(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC))
    due = dt.date(2026, 12, 14)
    broken, fine = journey(email="a@example.org"), journey(email="b@example.org")
    add(broken, next_step="Call", remind_on=due)
    add(fine, next_step="Call", remind_on=due)
    real = services.journey_url

    def cannot_link(j):  # type: ignore[no-untyped-def]
        if j.pk == broken.pk:
            raise RuntimeError("no link")
        return real(j)

    monkeypatch.setattr(services, "journey_url", cannot_link)
    frozen_clock.at(dt.datetime(2026, 12, 14, 8, 0, tzinfo=dt.UTC))
    assert services.journey_reminders_send() == 1
    assert list(OutboundEmail.objects.filter(kind="journey_reminder").values_list("to", flat=True)) == [
        "b@example.org"
    ]


def test_logs_never_written_in_are_deleted_after_the_link_expires(frozen_clock):
    frozen_clock.at(dt.datetime(2026, 10, 1, 10, 0, tzinfo=dt.UTC))
    unused, used = journey(email="a@example.org"), journey(email="b@example.org")
    add(used)
    frozen_clock.at(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC))
    services.journeys_unused_delete()
    assert list(Journey.objects.all()) == [used]
    assert unused.pk not in Journey.objects.values_list("pk", flat=True)


def test_data_rights_export_and_erase_cover_the_log():
    from kinship.core import rights

    j = journey()
    add(j, who="Cllr Sam Lead")

    class Person:
        pk = 1
        email = "GWEN@example.com"

    exported = dict(rights.exporters())["campaign_journey"](Person())
    assert exported[0]["who"] == "Cllr Sam Lead"
    for erase in rights.erasers():
        erase(Person())
    assert not Journey.objects.exists()
