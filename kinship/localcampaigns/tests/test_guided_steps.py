"""The guided steps, "Campaign in your council", page by page (without a browser)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from kinship.localcampaigns.models import Invitation
from kinship.localcampaigns.toolkit import PROMPT
from kinship.messaging import tokens
from kinship.messaging.models import Message, MessageStatus, Submission
from kinship.messaging.services import message_email_build, submission_confirm

pytestmark = pytest.mark.django_db

BASE = "/campaign-in-your-council"
STORY = "I have raised my two grandchildren since 2019 and had no help for the first year at all."


def url(step: str, **params: str) -> str:
    return f"{BASE}/{step}/?{urlencode(params)}"


def lead_key(place) -> str:  # type: ignore[no-untyped-def]
    return f"o{place.lead_member.pk}"


def write_data(place, /, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "postcode": "XX1 1AA",
        "who": lead_key(place),
        "ask": "review",
        "method": "email",
        "targets": lead_key(place),
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Support for kinship carers",
        "body": f"I am a kinship carer in Demoshire. {STORY}\n\nPlease review the support offer.",
    }
    data.update(extra)
    return data


def test_the_start_page_asks_for_a_postcode(client):
    response = client.get(f"{BASE}/")
    assert response.status_code == 200
    assert "Your postcode" in response.content.decode()


def test_a_wrong_postcode_is_explained_kindly(client, place):
    response = client.get(url("who", postcode="hello"))
    assert response.status_code == 400
    assert "Enter a full UK postcode" in response.content.decode()


def test_who_lists_the_council_people_with_their_roles_explained(client, place):
    page = client.get(url("who", postcode="xx1 1aa")).content.decode()
    assert "Campaign in Demoshire County Council" in page
    assert page.index("Cllr Sam Lead") < page.index("Cllr Pat Leader") < page.index("Cllr Noemail Ward")
    assert "Usually the best person to ask" in page
    assert "decide the council&#x27;s priorities and its budget" in page
    assert "raise awareness" in page
    assert "Alex Member MP" not in page  # the MP is not a council person
    assert "new councillors are a good moment" in page


def test_why_now_names_someone_who_took_office_in_the_last_six_months(client, place):
    place.lead_member.start_date = timezone.localdate() - dt.timedelta(days=40)
    place.lead_member.save()
    page = client.get(url("who", postcode="XX1 1AA")).content.decode()
    assert "Why now?" in page
    assert "Cllr Sam Lead became Lead member for children&#x27;s services on" in page
    what = client.get(url("what", postcode="XX1 1AA", who=lead_key(place))).content.decode()
    assert "Congratulate them and introduce kinship care" in what


def test_congratulating_is_offered_only_to_someone_new(client, place):
    place.lead_member.start_date = timezone.localdate() - dt.timedelta(days=400)
    place.lead_member.save()
    page = client.get(url("what", postcode="XX1 1AA", who=lead_key(place))).content.decode()
    assert "Congratulate" not in page
    assert "Why now?" not in client.get(url("who", postcode="XX1 1AA")).content.decode()


def test_skipping_a_question_goes_back_to_it_with_an_error(client, place):
    response = client.get(url("how", postcode="XX1 1AA", who=lead_key(place)))
    assert response.status_code == 400
    assert "Choose what to ask for" in response.content.decode()


def test_someone_who_takes_no_email_is_offered_a_letter_or_a_phone_call(client, place):
    page = client.get(
        url("how", postcode="XX1 1AA", who=f"o{place.ward_councillor.pk}", ask="awareness")
    ).content.decode()
    assert 'value="letter"' in page and 'value="phone"' in page
    assert 'value="email"' not in page and 'value="invitation"' not in page


def test_the_write_step_drafts_a_message_with_the_advice_beside_it(client, place):
    page = client.get(
        url("write", postcode="XX1 1AA", who=lead_key(place), ask="review", method="email")
    ).content.decode()
    assert "Support for kinship carers in Demoshire County Council" in page
    assert str(PROMPT) in page
    assert "Be polite, cooperative and collaborative" in page
    assert "You are the expert" in page


def test_the_prompt_must_be_replaced_before_sending(client, place, campaign):
    data = write_data(place, body=f"I am a kinship carer. {PROMPT} Please help us all.", send="1")
    response = client.post(f"{BASE}/write/", data)
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_preview_shows_the_greeting_and_stores_nothing(client, place, campaign):
    response = client.post(f"{BASE}/write/", write_data(place, preview="1"))
    assert response.status_code == 200
    assert "Dear Cllr Sam Lead," in response.content.decode()
    assert not Submission.objects.exists()


def test_sending_goes_through_the_actions_machinery_and_waits_for_confirmation(
    client, place, campaign, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/write/", write_data(place, send="1"))
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    message = Message.objects.get()
    assert message.status == MessageStatus.AWAITING_CONFIRMATION
    assert message.recipient_email == "lead.member@demoshire.example.org"
    assert message.action.slug == "campaign-in-your-council-email"
    assert not message.action.is_published  # never listed as an action of its own
    assert message.action.campaign == campaign
    assert STORY in message.body
    assert mail.filter(to="gwen@example.com").exists()

    with django_capture_on_commit_callbacks(execute=True):
        submission_confirm(token=tokens.make_token(message.submission_id, salt=tokens.CONFIRM_SALT))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert mail.filter(to="lead.member@demoshire.example.org").count() == 1


def test_a_letter_goes_to_messagings_letter_page(client, place, campaign):
    response = client.post(f"{BASE}/write/", write_data(place, method="letter", send="1"))
    assert response.status_code == 302
    assert "/letters/" in response["Location"]
    assert Message.objects.get().channel == "letter"


def test_an_invitation_asks_when_and_where_and_carries_a_calendar_file(client, place, campaign, mail):
    when = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    meeting = {"group_name": "Maple Kinship Group", "date": when, "time": "18:30", "place": "Maple Library"}
    missing = client.get(
        url("write", postcode="XX1 1AA", who=lead_key(place), ask="awareness", method="invitation")
    )
    assert missing.status_code == 400 and "Enter the name of the support group" in missing.content.decode()

    draft = client.get(
        url("write", postcode="XX1 1AA", who=lead_key(place), ask="awareness", method="invitation", **meeting)
    )
    assert "Maple Library" in draft.content.decode()
    response = client.post(
        f"{BASE}/write/", write_data(place, method="invitation", ask="awareness", send="1", **meeting)
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.place == "Maple Library"
    email = message_email_build(Message.objects.get())
    ((name, content, mimetype),) = email.attachments
    assert name == "invitation.ics" and mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert re.search(r"DTSTART:\d{8}T\d{6}Z", text)
    assert "LOCATION:Maple Library" in text


def test_other_messages_carry_no_calendar_file(client, place, campaign):
    client.post(f"{BASE}/write/", write_data(place, send="1"))
    assert message_email_build(Message.objects.get()).attachments == []


def test_a_meeting_in_the_past_is_refused(client, place):
    response = client.get(
        url(
            "write",
            postcode="XX1 1AA",
            who=lead_key(place),
            ask="awareness",
            method="invitation",
            group_name="G",
            date="2020-01-01",
            time="18:30",
            place="Hall",
        )
    )
    assert response.status_code == 400
    assert "today or later" in response.content.decode()


def test_without_a_live_campaign_the_carer_is_told_kindly_and_nothing_is_stored(client, place):
    response = client.post(f"{BASE}/write/", write_data(place, send="1"))
    assert response.status_code == 503
    assert "not available just now" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_phone_step_shows_the_number_and_what_to_say(client, place):
    page = client.get(
        url("write", postcode="XX1 1AA", who=f"o{place.leader.pk}", ask="review", method="phone")
    ).content.decode()
    assert "01234 567890" in page
    assert "special guardians" in page


def test_a_tampered_person_is_refused(client, place):
    response = client.get(url("what", postcode="XX1 1AA", who="o999999"))
    assert response.status_code == 400
    assert "Choose who you want to contact" in response.content.decode()


def test_the_steps_and_the_draft_are_in_welsh_under_cy(client, place):
    page = client.get("/cy" + url("who", postcode="XX1 1AA")).content.decode()
    assert "Gyda phwy ydych chi am gysylltu?" in page
    draft = client.get(
        "/cy" + url("write", postcode="XX1 1AA", who=lead_key(place), ask="review", method="email")
    )
    # (The same words are in the scorecard's catalogue too, with a straight apostrophe.)
    page = draft.content.decode()
    assert "Cymorth i ofalwyr sy" in page and "berthnasau yn Demoshire County Council" in page


def test_what_the_scorecard_found_feeds_the_information_ask(client, place, django_user_model):
    from kinship.scorecard.criteria import criteria_load
    from kinship.scorecard.models import Assessment, AssessmentStatus

    criteria_load()
    Assessment.objects.create(
        council=place.county,
        status=AssessmentStatus.PUBLISHED,
        published_at=timezone.now(),
        assessor=django_user_model.objects.create(username="assessor"),
    )
    what = client.get(url("what", postcode="XX1 1AA", who=lead_key(place))).content.decode()
    assert "Our council scorecard found that this council could:" in what
    assert "publish an up-to-date family and friends care policy" in what
    draft = client.get(
        url("write", postcode="XX1 1AA", who=lead_key(place), ask="information", method="email")
    )
    assert "publish an up-to-date family and friends care policy" in draft.content.decode()


def test_a_council_not_yet_assessed_gets_no_scorecard_words(client, place):
    what = client.get(url("what", postcode="XX1 1AA", who=lead_key(place))).content.decode()
    assert "scorecard" not in what
