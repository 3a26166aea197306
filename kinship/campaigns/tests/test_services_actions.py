"""The action builder's rules (campaigns.services_actions): an action's status in words, a new
action is a draft with its own address, what stops publishing, and restoring an earlier version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kinship.campaigns.models import Action, ActionKind, CampaignStatus
from kinship.campaigns.services_actions import (
    ActionNotReadyError,
    ActionRestoreError,
    ActionStatus,
    VariantText,
    action_history,
    action_publish,
    action_publish_problems,
    action_restore,
    action_save,
    action_status,
    action_unpublish,
)
from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.representatives.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"is_published": False}, ActionStatus.DRAFT),
        ({"is_published": False, "closes_at": NOW - dt.timedelta(days=1)}, ActionStatus.DRAFT),
        ({"opens_at": NOW + dt.timedelta(hours=1)}, ActionStatus.SCHEDULED),
        ({"opens_at": NOW - dt.timedelta(hours=1)}, ActionStatus.OPEN),
        ({"closes_at": NOW}, ActionStatus.CLOSED),
        ({"closes_at": NOW + dt.timedelta(seconds=1)}, ActionStatus.OPEN),
    ],
)
def test_an_actions_status(fields, status):
    assert action_status(ActionFactory(**fields), now=NOW) == status


def test_a_published_action_on_a_draft_campaign_waits_for_it():
    action = ActionFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT))

    assert action_status(action, now=NOW) == ActionStatus.CAMPAIGN_NOT_PUBLIC


def test_a_new_action_is_a_draft_with_an_address_of_its_own():
    campaign = CampaignFactory()
    ActionFactory(slug="email-your-mp")

    action = action_save(
        action=Action(kind=ActionKind.EMAIL_POSTCODE, title="Email your MP!"),
        campaign=campaign,
        variants=[VariantText(language="cy", subject_template="Pwnc", body_template="Neges")],
    )

    assert (action.is_published, action.slug, action.campaign) == (False, "email-your-mp-2", campaign)
    assert [(v.language, v.body_template) for v in action.variants.all()] == [("cy", "Neges")]


def test_saving_replaces_the_wordings_and_keeps_a_published_action_published():
    action = ActionFactory()
    action_save(action=action, campaign=action.campaign, variants=[VariantText("en-gb", "One", "One")])

    action_save(action=action, campaign=action.campaign, variants=[VariantText("en-gb", "Two", "Two")])

    assert action.is_published
    assert [v.subject_template for v in action.variants.all()] == ["Two"]


def test_what_stops_an_action_being_published():
    assert action_publish_problems(ActionFactory()) == []
    assert action_publish_problems(ActionFactory(target_roles=[], subject_template="")) == [
        "Choose who is written to: a fixed person, or roles found from the postcode.",
        "Write the subject and the message.",
    ]
    assert action_publish_problems(
        ActionFactory(
            kind=ActionKind.PHONE,
            phone_script="",
            covers_england=False,
            covers_wales=False,
            covers_scotland=False,
        )
    ) == ["Choose at least one nation the action is for.", "Write the phone script."]


def test_publishing_an_unready_action_is_refused_and_leaves_it_a_draft():
    action = ActionFactory(is_published=False, body_template="")

    with pytest.raises(ActionNotReadyError) as refused:
        action_publish(action=action)

    action.refresh_from_db()
    assert refused.value.reasons == ["Write the subject and the message."]
    assert not action.is_published


def test_publish_and_unpublish_are_recorded_with_a_reason():
    action = ActionFactory(is_published=False)

    action_publish(action=action)
    action_unpublish(action=action)

    assert [e.reason for e in action_history(action)][:2] == ["Unpublished", "Published"]


def test_restore_brings_back_the_wording_not_the_publication():
    action = ActionFactory(subject_template="First", is_published=False)
    first = action.history.first().history_id
    action.subject_template = "Second"
    action.is_published = True
    action.save()

    action_restore(action=action, history_id=first)

    action.refresh_from_db()
    assert (action.subject_template, action.is_published) == ("First", True)
    newest = action_history(action)[0]
    assert newest.reason.startswith("Restored the version saved")
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("subject_template", "Second", "First")]


def test_restore_leaves_out_a_fixed_person_deleted_since():
    office = OfficeFactory()
    action = ActionFactory(target_office=office, target_roles=[])
    first = action.history.first().history_id
    action.target_office = None
    action.save()
    office.delete()

    action_restore(action=action, history_id=first)

    action.refresh_from_db()
    assert action.target_office is None


def test_a_version_of_another_action_is_refused():
    action, other = ActionFactory(), ActionFactory()

    with pytest.raises(ActionRestoreError):
        action_restore(action=action, history_id=other.history.first().history_id)


def test_restore_brings_back_the_other_wordings_of_that_version():
    action = ActionFactory(subject_template="First")
    action_save(action=action, campaign=action.campaign, variants=[VariantText("cy", "Un", "Neges un")])
    first = action.history.order_by("-history_date").first().history_id
    action.subject_template = "Second"
    action_save(
        action=action,
        campaign=action.campaign,
        variants=[VariantText("en-gb", "Two", "Message two"), VariantText("cy", "Dau", "Neges dau")],
    )
    assert ("variants", "Welsh: Un", "English: Two\nWelsh: Dau") in [
        (c.field, c.old, c.new) for c in action_history(action)[0].changes
    ]

    action_restore(action=action, history_id=first)

    assert [(v.language, v.subject_template, v.body_template) for v in action.variants.all()] == [
        ("cy", "Un", "Neges un")
    ]
    newest = action_history(action)[0]
    assert ("variants", "English: Two\nWelsh: Dau", "Welsh: Un") in [
        (c.field, c.old, c.new) for c in newest.changes
    ]


def test_restore_leaves_wordings_alone_when_they_were_never_recorded():
    action = ActionFactory(subject_template="First")
    first = action.history.first().history_id
    action.variants.model.objects.bulk_create(
        [action.variants.model(action=action, language="cy", subject_template="Hen", body_template="Hen")]
    )
    action.subject_template = "Second"
    action.save()

    action_restore(action=action, history_id=first)

    assert [v.subject_template for v in action.variants.all()] == ["Hen"]
