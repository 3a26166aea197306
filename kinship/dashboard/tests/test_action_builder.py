"""The action builder: a campaign's actions with their status, the guided form (merge fields
checked on save, "Check" and as staff type), the preview as a supporter (nothing saved or sent),
publishing, and the change history with restore."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.campaigns.models import Action, ActionKind, ActionVariant, CampaignStatus
from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.core.models import OutboundEmail
from kinship.dashboard.tests.helpers import staff_in
from kinship.messaging.models import Message, Submission
from kinship.representatives.demo import load_demo_people
from kinship.representatives.models import Office
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db

BODY = "Dear {{ recipient_name }},\n\nI am a kinship carer in {{ constituency }}. Please back equal support.\n\n{{ sender_name }}"
BODY_CY = "Annwyl {{ recipient_name }},\n\nRydw i'n ofalwr sy'n perthyn yn {{ constituency }}. Cefnogwch deuluoedd.\n\n{{ sender_name }}"


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Write to your MP",
        "kind": ActionKind.EMAIL_POSTCODE,
        "who": "postcode",
        "target_roles": ["mp"],
        "nations": ["england", "wales"],
        "subject_template": "Kinship care in {{ constituency }}",
        "body_template": BODY,
        "subject_template_cy": "Gofal perthnasau yn {{ constituency }}",
        "body_template_cy": BODY_CY,
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "10",
        "variants-0-language": "en-gb",
        "do": "save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def campaign() -> Any:
    return CampaignFactory(title="Value our love")


@pytest.fixture
def editor(client: Any) -> Any:
    return staff_in(client, "editor")


@pytest.fixture
def places(demo_places: Any, settings: Any) -> None:
    settings.KINSHIP_DEMO = True
    load_demo_people()


def test_a_new_action_is_saved_as_a_draft(client, editor, campaign):
    response = client.post(reverse("dashboard:action_new", args=[campaign.pk]), _form(goal="500"))

    action = Action.objects.get()
    assert action.goal == 500
    assert response.status_code == 302
    assert response.url == reverse("dashboard:action_edit", args=[campaign.pk, action.pk])
    assert action.is_published is False
    assert action.campaign == campaign
    assert action.slug == "write-to-your-mp"
    assert action.nations == ["england", "wales"]
    assert action.target_roles == ["mp"]
    assert action.target_office is None


def test_an_unknown_merge_field_is_refused_with_the_reason_and_nothing_is_saved(client, editor, campaign):
    response = client.post(
        reverse("dashboard:action_new", args=[campaign.pk]),
        _form(body_template="Dear {{ recipent_name }}, please help.", subject_template_cy="Helo {{ }}"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert Action.objects.count() == 0
    assert "There is a problem" in page
    assert "{{ recipent_name }} is not a merge field — did you mean {{ recipient_name }}?" in page
    assert "{{ }} is empty" in page
    assert 'id="id_body_template-error"' in page


def test_check_shows_problems_without_saving_and_says_when_there_are_none(client, editor, campaign):
    url = reverse("dashboard:action_new", args=[campaign.pk])

    bad = client.post(url, _form(do="check", subject_template="Hello {{ council"))
    good = client.post(url, _form(do="check"))

    assert "is not closed" in bad.content.decode()
    assert "No problems found. Nothing has been saved yet." in good.content.decode()
    assert Action.objects.count() == 0


def test_other_wordings_are_checked_and_saved(client, editor, campaign):
    url = reverse("dashboard:action_new", args=[campaign.pk])
    wording = {
        "variants-0-language": "cy",
        "variants-0-subject_template": "Pwnc",
        "variants-0-body_template": "",
    }

    refused = client.post(url, _form(**{**wording, "variants-0-body_template": "Annwyl {{ recipient }}"}))
    saved = client.post(url, _form(**{**wording, "variants-0-body_template": "Annwyl {{ recipient_name }}"}))

    assert "{{ recipient }} is not a merge field" in refused.content.decode()
    assert saved.status_code == 302
    (variant,) = ActionVariant.objects.all()
    assert (variant.language, variant.body_template) == ("cy", "Annwyl {{ recipient_name }}")


def test_the_as_you_type_check_answers_with_the_rule(client, editor, campaign):
    url = reverse("dashboard:action_check_template", args=[campaign.pk])

    answer = client.post(url, {"text": "Dear {{ recipent_name }} in {{ council }}", "who": "fixed"}).json()

    assert answer["problems"] == [
        "{{ recipent_name }} is not a merge field — did you mean {{ recipient_name }}?"
    ]
    assert answer["warnings"][0].startswith("{{ council }} is the writer's own council")


def test_who_is_written_to_must_suit_the_kind(client, editor, campaign):
    url = reverse("dashboard:action_new", args=[campaign.pk])

    fixed_by_postcode = client.post(url, _form(kind=ActionKind.EMAIL_FIXED)).content.decode()
    fixed_nobody = client.post(url, _form(kind=ActionKind.EMAIL_FIXED, who="fixed")).content.decode()
    no_roles = client.post(url, _form(target_roles=None)).content.decode()

    assert "An email to a fixed person needs one" in fixed_by_postcode
    assert "Choose the person written to" in fixed_nobody
    assert "Choose at least one role to write to" in no_roles
    assert Action.objects.count() == 0


def test_a_fixed_person_is_chosen_from_current_offices_and_found_by_search(client, editor, campaign):
    minister = OfficeFactory(
        person=PersonFactory(name="Ann Minister"),
        role="minister",
        area=None,
        portfolio="Minister for Children",
    )
    url = reverse("dashboard:action_new", args=[campaign.pk])

    listed = client.get(url).content.decode()
    client.post(
        url,
        _form(kind=ActionKind.EMAIL_FIXED, who="fixed", target_office=str(minister.pk), target_roles=None),
    )

    assert "Ann Minister – Minister for Children" in listed
    action = Action.objects.get()
    assert action.target_office == minister
    assert action.target_roles == []


def test_the_closing_time_must_be_after_the_opening_time(client, editor, campaign):
    response = client.post(
        reverse("dashboard:action_new", args=[campaign.pk]),
        _form(opens_at="2026-12-10T09:00", closes_at="2026-12-01T09:00"),
    )

    assert "The closing time must be after the opening time" in response.content.decode()
    assert Action.objects.count() == 0


def test_save_and_publish_publishes_and_unpublish_takes_it_down(client, editor, campaign):
    client.post(reverse("dashboard:action_new", args=[campaign.pk]), _form(do="publish"))
    action = Action.objects.get()
    assert action.is_published

    client.post(reverse("dashboard:action_publish", args=[campaign.pk, action.pk]), {"do": "unpublish"})
    action.refresh_from_db()
    assert not action.is_published


def test_an_action_without_a_message_is_saved_but_not_published(client, editor, campaign):
    response = client.post(
        reverse("dashboard:action_new", args=[campaign.pk]),
        _form(do="publish", subject_template="", body_template=""),
        follow=True,
    )

    assert not Action.objects.get().is_published
    assert "not published yet: Write the subject and the message." in response.content.decode()


def test_the_list_says_whether_each_action_is_a_draft_scheduled_open_or_closed(client, editor, campaign):
    now = timezone.now()
    ActionFactory(campaign=campaign, title="Drafted", is_published=False)
    ActionFactory(campaign=campaign, title="Later", opens_at=now + dt.timedelta(days=2))
    ActionFactory(campaign=campaign, title="Now")
    ActionFactory(campaign=campaign, title="Over", closes_at=now - dt.timedelta(days=1))

    page = client.get(reverse("dashboard:action_list", args=[campaign.pk])).content.decode()

    for title, status in (("Drafted", "Draft"), ("Later", "Scheduled"), ("Now", "Open"), ("Over", "Closed")):
        row = page.split(f">{title}<", 1)[1].split("</tr>", 1)[0]
        assert f">{status}</strong>" in row, title


def test_an_action_of_another_campaign_is_not_found(client, editor, campaign):
    other = ActionFactory()

    assert client.get(reverse("dashboard:action_edit", args=[campaign.pk, other.pk])).status_code == 404


def _counts() -> tuple[int, ...]:
    return (
        Action.objects.count(),
        ActionVariant.objects.count(),
        Submission.objects.count(),
        Message.objects.count(),
        OutboundEmail.objects.count(),
    )


def test_preview_from_the_unsaved_form_shows_the_mp_and_the_merged_text_in_both_languages(
    client, editor, campaign, places
):
    url = reverse("dashboard:action_new", args=[campaign.pk])
    before = _counts()

    english = client.post(
        url, _form(do="preview", preview_postcode="xx3 1aa", preview_language="en-gb")
    ).content.decode()
    welsh = client.post(
        url, _form(do="preview", preview_postcode="XX3 1AA", preview_language="cy")
    ).content.decode()

    assert _counts() == before
    assert "Preview for XX3 1AA in English" in english
    assert "Gareth Sample, MP" in english
    assert "Dear Gareth Sample," in english
    assert "A supporter" in english
    assert "{{" not in english.split('id="preview-heading"', 1)[1].split("</section>", 1)[0]
    assert "Preview for XX3 1AA in Welsh" in welsh
    assert "Annwyl Gareth Sample," in welsh
    assert "Gofal perthnasau yn" in welsh


def test_preview_says_why_nobody_can_be_written_to(client, editor, campaign, places):
    url = reverse("dashboard:action_new", args=[campaign.pk])

    scottish = client.post(url, _form(do="preview", preview_postcode="XY1 1AA", preview_language="en-gb"))
    unknown = client.post(url, _form(do="preview", preview_postcode="XX7 7ZZ", preview_language="en-gb"))
    not_postcode = client.post(url, _form(do="preview", preview_postcode="hello", preview_language="en-gb"))
    no_council = client.post(
        url,
        _form(
            do="preview",
            preview_postcode="XX4 1AA",
            preview_language="en-gb",
            target_roles=["lead_member_children"],
        ),
    )

    assert "This action is not for where you live" in scottish.content.decode()
    assert "We could not find that postcode" in unknown.content.decode()
    assert "Nobody can be written to" in not_postcode.content.decode()
    assert "choose their council" in no_council.content.decode()
    assert Action.objects.count() == 0


def test_a_saved_draft_is_previewed_on_its_own_page(client, editor, campaign, places):
    action = ActionFactory(campaign=campaign, is_published=False, body_template=BODY, target_roles=["mp"])
    url = reverse("dashboard:action_preview", args=[campaign.pk, action.pk])

    page = client.get(url, {"preview_postcode": "XX3 1AA", "preview_language": "en-gb"}).content.decode()

    assert "Dear Gareth Sample," in page
    assert "XX1 1AA" in client.get(url).content.decode()  # the demo postcodes to try


def test_history_says_who_changed_what_and_an_earlier_version_can_be_restored(client, editor, campaign):
    client.post(
        reverse("dashboard:action_new", args=[campaign.pk]),
        _form(do="publish", subject_template="First subject"),
    )
    action = Action.objects.get()
    edit = reverse("dashboard:action_edit", args=[campaign.pk, action.pk])
    client.post(edit, _form(subject_template="Second subject"))

    page = client.get(reverse("dashboard:action_history", args=[campaign.pk, action.pk])).content.decode()
    first = action.history.order_by("history_date", "history_id").first()
    restore = reverse("dashboard:action_restore", args=[campaign.pk, action.pk, first.history_id])
    confirm = client.get(restore).content.decode()
    client.post(restore)

    assert "editor" in page
    assert "First subject" in page and "Second subject" in page
    assert "First subject" in confirm
    action.refresh_from_db()
    assert action.subject_template == "First subject"
    assert action.is_published  # restoring wording never publishes or unpublishes
    assert action.history.first().history_change_reason.startswith("Restored the version saved")


def test_a_version_of_another_action_cannot_be_restored(client, editor, campaign):
    action = ActionFactory(campaign=campaign, subject_template="Mine")
    other = ActionFactory(subject_template="Theirs")
    theirs = other.history.first().history_id

    client.post(reverse("dashboard:action_restore", args=[campaign.pk, action.pk, theirs]))

    action.refresh_from_db()
    assert action.subject_template == "Mine"


@pytest.mark.parametrize("role", ["moderator", "steward", "none"])
def test_only_campaign_editors_build_actions(client, role, campaign):
    staff_in(client, role)
    action = ActionFactory(campaign=campaign, subject_template="Untouched")
    first = action.history.first().history_id
    gets = [
        reverse("dashboard:action_list", args=[campaign.pk]),
        reverse("dashboard:action_new", args=[campaign.pk]),
        reverse("dashboard:action_edit", args=[campaign.pk, action.pk]),
        reverse("dashboard:action_preview", args=[campaign.pk, action.pk]),
        reverse("dashboard:action_history", args=[campaign.pk, action.pk]),
        reverse("dashboard:action_restore", args=[campaign.pk, action.pk, first]),
    ]
    posts = [
        (reverse("dashboard:action_new", args=[campaign.pk]), _form()),
        (reverse("dashboard:action_edit", args=[campaign.pk, action.pk]), _form(subject_template="Changed")),
        (reverse("dashboard:action_publish", args=[campaign.pk, action.pk]), {"do": "unpublish"}),
        (reverse("dashboard:action_restore", args=[campaign.pk, action.pk, first]), {}),
        (reverse("dashboard:action_check_template", args=[campaign.pk]), {"text": "x"}),
    ]

    assert [client.get(url).status_code for url in gets] == [403] * len(gets)
    assert [client.post(url, data).status_code for url, data in posts] == [403] * len(posts)
    action.refresh_from_db()
    assert (action.subject_template, action.is_published, Action.objects.count()) == ("Untouched", True, 1)


def test_a_draft_campaigns_published_action_waits_for_it(client, editor):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    ActionFactory(campaign=campaign, title="Ready")

    page = client.get(reverse("dashboard:action_list", args=[campaign.pk])).content.decode()

    assert "Published, waiting for its campaign" in page


def test_finding_a_person_keeps_what_was_typed_and_shows_no_errors(client, editor, campaign):
    OfficeFactory(person=PersonFactory(name="Rhian Example"), role="cabinet_member")

    page = client.post(
        reverse("dashboard:action_new", args=[campaign.pk]),
        _form(do="find", title="", office_search="rhian", body_template="Kept {{ council }}"),
    ).content.decode()

    assert "Rhian Example" in page
    assert "1 person is in the list above." in page
    assert "There is a problem" not in page
    assert "Kept {{ council }}" in page
    assert Action.objects.count() == 0


def test_a_phone_script_is_merge_checked_and_previewed_merged_for_each_person(
    client, editor, campaign, places
):
    url = reverse("dashboard:action_new", args=[campaign.pk])
    phone = {"kind": ActionKind.PHONE, "subject_template": "", "body_template": ""}

    refused = client.post(url, _form(**phone, phone_script="Hello {{ recipient_nme }}")).content.decode()
    Office.objects.filter(role="mp").update(phone="020 7946 0000")
    shown = client.post(
        url,
        _form(
            **phone,
            do="preview",
            preview_postcode="XX3 1AA",
            preview_language="en-gb",
            phone_script="Hello {{ recipient_name }}, I live in {{ constituency }}.",
        ),
    ).content.decode()

    assert "{{ recipient_nme }} is not a merge field — did you mean {{ recipient_name }}?" in refused
    assert "Calling Gareth Sample on 020 7946 0000" in shown
    assert "Hello Gareth Sample, I live in" in shown
    assert Action.objects.count() == 0
