"""Staff preview who an action would write to before it opens (messaging.targets.
resolve_targets_preview): a draft or unsaved action is resolved as if open, and never cached."""

from __future__ import annotations

import pytest

from kinship.campaigns.models import Action, ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging.targets import Problem, resolve_targets, resolve_targets_preview
from kinship.representatives.demo import load_demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo_places):  # type: ignore[no-untyped-def]
    load_demo_people()


def test_a_draft_is_closed_to_supporters_but_previewed_for_staff(people):
    action = ActionFactory(is_published=False, target_roles=["mp"])

    assert resolve_targets(action=action, postcode="XX3 1AA").problem == Problem.CLOSED
    assert [t.name for t in resolve_targets_preview(action=action, postcode="XX3 1AA").targets] == [
        "Gareth Sample"
    ]


def test_an_unsaved_action_is_previewed_and_each_preview_reflects_its_own_settings(people):
    wales_only = Action(kind=ActionKind.EMAIL_POSTCODE, target_roles=["mp"], covers_england=False)
    everywhere = Action(kind=ActionKind.EMAIL_POSTCODE, target_roles=["mp"])

    assert (
        resolve_targets_preview(action=wales_only, postcode="XX1 1AA").problem == Problem.NATION_NOT_COVERED
    )
    assert resolve_targets_preview(action=everywhere, postcode="XX1 1AA").ok


def test_a_preview_gives_the_supporters_outcomes(people):
    action = Action(kind=ActionKind.EMAIL_POSTCODE, target_roles=["lead_member_children"])

    assert resolve_targets_preview(action=action, postcode="not one").problem == Problem.INVALID
    assert resolve_targets_preview(action=action, postcode="XY1 1AA").problem == Problem.NATION_NOT_COVERED
    assert resolve_targets_preview(action=action, postcode="XX4 1AA").asks_for_council
