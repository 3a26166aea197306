"""Every console page, for each staff group: who may open it and who is refused (a moderator
cannot edit or see campaign figures, an editor cannot export supporters or erase data, a data
steward cannot moderate). Staff in no group, and people who are not staff, see none of them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinship.campaigns.models import CampaignStatus
from kinship.campaigns.tests.factories import AskFactory, CampaignFactory
from kinship.dashboard.tests.helpers import staff_in

pytestmark = pytest.mark.django_db

E, S, M = "editor", "steward", "moderator"
# page (URL name) → the groups that may open it
PAGES = {
    "index": {E, S, M},
    "working": {E},
    "campaign_builder_list": {E},
    "campaign_builder_new": {E},
    "moderation": {M},
    "data_requests": {S},
    "exports": {S},
    "lead_member_gaps": {S},
    "councils": {S},
    "stale": {S},
    "corrections": {S},
    "champions": {E, S},
    "local_new_office_holders": {E},
    "local_shared_journeys": {E},
    "local_shared_journeys_export": {E},
    "datasets": {S},
    "dataset_import": {S},
    "petitions": {E, M},
}
# forms that change something (POST) → the groups that may use them
ACTIONS = {
    "moderation_decide": {M},
    "campaign_builder_new": {E},
    "data_request_new": {S},
    "exports_supporters": {S},
}


@pytest.mark.parametrize("role", [E, S, M])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_group_opens_only_its_pages(client, role, page):
    staff_in(client, role)

    status = client.get(reverse(f"dashboard:{page}")).status_code

    assert status == (200 if role in PAGES[page] else 403), f"{role} on {page}"


@pytest.mark.parametrize("role", [E, S, M])
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_group_uses_only_its_forms(client, role, action):
    staff_in(client, role)

    status = client.post(reverse(f"dashboard:{action}")).status_code

    if role in ACTIONS[action]:
        assert status != 403, f"{role} on {action}"
    else:
        assert status == 403, f"{role} on {action}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_staff_in_no_group_see_no_page(client, page):
    staff_in(client, "none")

    assert client.get(reverse(f"dashboard:{page}")).status_code == 403


@pytest.mark.parametrize("page", sorted(PAGES))
def test_people_who_are_not_staff_see_no_page(client, page):
    user = get_user_model().objects.create_user("visitor", password="correct-horse-battery")
    client.force_login(user)

    assert client.get(reverse(f"dashboard:{page}")).status_code in {302, 403}


def _builder_urls() -> list[str]:
    """Every page and form of the campaign builder for one campaign with an ask."""
    campaign = CampaignFactory(status=CampaignStatus.LIVE)
    ask = AskFactory(campaign=campaign)
    version = campaign.history.first().history_id
    c = campaign.pk
    return [
        reverse("dashboard:campaign_builder", args=[c]),
        reverse("dashboard:campaign_builder_edit", args=[c]),
        reverse("dashboard:campaign_builder_launch", args=[c]),
        reverse("dashboard:campaign_builder_schedule", args=[c]),
        reverse("dashboard:campaign_builder_end", args=[c]),
        reverse("dashboard:campaign_builder_history", args=[c]),
        reverse("dashboard:campaign_builder_restore", args=[c, "campaign", version]),
        reverse("dashboard:campaign_builder_item_new", args=[c, "ask"]),
        reverse("dashboard:campaign_builder_item", args=[c, "ask", ask.pk]),
        reverse("dashboard:campaign_builder_item_remove", args=[c, "ask", ask.pk]),
        reverse("dashboard:campaign_builder_item_move", args=[c, "ask", ask.pk]),
    ]


@pytest.mark.parametrize("role", [S, M, "none"])
def test_only_campaign_editors_open_or_post_to_the_campaign_builder(client, role):
    staff_in(client, role)

    for url in _builder_urls():
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Changed", "how": "closed"}).status_code == 403, url


def test_campaign_editors_open_every_page_of_the_campaign_builder(client):
    staff_in(client, E)

    for url in _builder_urls():
        if not url.endswith(("/launch/", "/move/")):  # POST only
            assert client.get(url).status_code == 200, url


def test_people_not_signed_in_are_sent_to_sign_in_from_the_campaign_builder(client):
    for url in _builder_urls():
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert "/login/" in response.url, url


# The action builder's pages are under a campaign (and an action): campaign editors only.
ACTION_BUILDER_PAGES = [
    "action_list",
    "action_new",
    "action_edit",
    "action_preview",
    "action_history",
    "action_restore",
]
ACTION_BUILDER_FORMS = [
    "action_new",
    "action_edit",
    "action_publish",
    "action_restore",
    "action_check_template",
]


def _action_builder_url(name: str) -> str:
    from kinship.campaigns.tests.factories import ActionFactory

    action = ActionFactory()
    args: list[int] = [action.campaign_id]
    if name not in {"action_list", "action_new", "action_check_template"}:
        args.append(action.pk)
    if name == "action_restore":
        args.append(action.history.first().history_id)
    return reverse(f"dashboard:{name}", args=args)


@pytest.mark.parametrize("role", [E, S, M])
@pytest.mark.parametrize("page", ACTION_BUILDER_PAGES)
def test_only_editors_open_the_action_builder(client, role, page):
    staff_in(client, role)

    status = client.get(_action_builder_url(page)).status_code

    assert status == (200 if role == E else 403), f"{role} on {page}"


@pytest.mark.parametrize("role", [S, M, "none"])
@pytest.mark.parametrize("form", ACTION_BUILDER_FORMS)
def test_only_editors_use_the_action_builder_forms(client, role, form):
    staff_in(client, role)

    assert client.post(_action_builder_url(form), {"title": "Changed", "do": "unpublish"}).status_code == 403
