"""A follow-up goes up the representatives app's one escalation ladder, from the role and area
the message went to and the writer's own constituency, even when that office has since gone."""

from __future__ import annotations

import pytest

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging import services
from kinship.messaging.tests.factories import submission_data
from kinship.representatives.models import Role

pytestmark = pytest.mark.django_db


def _message_to(role: str, *, kind: str = ActionKind.EMAIL_POSTCODE):  # type: ignore[no-untyped-def]
    action = ActionFactory(kind=kind, target_roles=[role])
    submission = services.submission_create(action=action, data=submission_data(), language="en-gb")
    return submission.messages.get(recipient_role=role)


def test_from_a_ward_councillor_whose_office_has_gone_to_the_lead_member(place):
    # The ward councillor takes no email, so this went as a letter; they have since stood down.
    message = _message_to(Role.WARD_COUNCILLOR, kind=ActionKind.LETTER)
    place.ward_councillor.delete()
    message.refresh_from_db()
    assert message.office is None
    _same, up = services.followup_targets(message=message)
    assert up is not None and up.name == "Cllr Sam Lead"


def test_from_the_leader_to_the_writers_mp(place):
    message = _message_to(Role.LEADER)
    _same, up = services.followup_targets(message=message)
    assert up is not None and up.name == "Alex Member MP"


def test_from_the_leader_whose_office_has_gone_to_the_writers_mp(place):
    message = _message_to(Role.LEADER)
    place.leader.delete()
    message.refresh_from_db()
    _same, up = services.followup_targets(message=message)
    assert up is not None and up.name == "Alex Member MP"


def test_the_mp_is_the_top(place):
    message = _message_to(Role.MP)
    _same, up = services.followup_targets(message=message)
    assert up is None
