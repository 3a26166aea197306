"""Issue 10, defect 9: Welsh pages link to Welsh pages and show the Welsh text the model has;
the phone page talks about calling, not writing."""

from __future__ import annotations

import pytest

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_the_privacy_link_on_a_welsh_writing_page_goes_to_the_welsh_privacy_page(client, place):
    action = ActionFactory()
    response = client.get(f"/cy/actions/{action.slug}/write/?postcode=XX1+1AA")
    assert response.status_code == 200
    assert b'href="/cy/privacy/"' in response.content
    assert b'href="/privacy/"' not in response.content


def test_an_english_writing_page_links_to_the_english_privacy_page(client, place):
    action = ActionFactory()
    response = client.get(f"/actions/{action.slug}/write/?postcode=XX1+1AA")
    assert b'href="/privacy/"' in response.content


def test_a_welsh_action_page_shows_the_welsh_summary_and_guidance(client, place):
    action = ActionFactory(
        summary="Write to the people who decide.",
        summary_cy="Ysgrifennwch at y bobl sy'n penderfynu.",
        guidance="Keep it short.",
        guidance_cy="Cadwch hi'n fyr.",
    )
    page = client.get(f"/cy/actions/{action.slug}/").content.decode()
    assert "Ysgrifennwch at y bobl sy&#x27;n penderfynu." in page and "Cadwch hi&#x27;n fyr." in page
    assert "Write to the people who decide." not in page and "Keep it short." not in page


def test_a_welsh_your_area_page_lists_actions_with_their_welsh_summaries(client, place):
    ActionFactory(title_cy="Ysgrifennu at eich AS", summary_cy="Ysgrifennwch at y bobl sy'n penderfynu.")
    page = client.get("/cy/your-area/?postcode=XX1+1AA").content.decode()
    assert "Ysgrifennu at eich AS" in page and "Ysgrifennwch at y bobl sy&#x27;n penderfynu." in page
    assert "Write to the people who decide." not in page


def test_the_phone_action_page_talks_about_calling_not_writing(client, place):
    action = ActionFactory(kind=ActionKind.PHONE)
    page = client.get(f"/actions/{action.slug}/").content.decode()
    assert "to write to" not in page
    assert "the right people to call" in page
    welsh = client.get(f"/cy/actions/{action.slug}/").content.decode()
    assert "i’w ffonio" in welsh


def test_a_welsh_carer_s_reminder_names_the_action_in_welsh(place):
    import datetime as dt

    from django.utils import timezone

    from kinship.core.models import OutboundEmail
    from kinship.messaging import services
    from kinship.messaging.models import Submission
    from kinship.messaging.tests.factories import submission_data

    action = ActionFactory(
        title="Write to the people who decide", title_cy="Ysgrifennu at y bobl sy'n penderfynu"
    )
    submission = services.submission_create(action=action, data=submission_data(), language="cy")
    Submission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2, hours=1)
    )
    assert services.submissions_remind() == 1
    reminder = OutboundEmail.objects.get(kind="message_reminder")
    assert "Ysgrifennu at y bobl sy'n penderfynu" in reminder.text_body
    assert "Write to the people who decide" not in reminder.text_body
