"""Every console page, for each staff group: who may open it and who is refused (a moderator
cannot edit or see campaign figures, an editor cannot export supporters or erase data, a data
steward cannot moderate). Staff in no group, and people who are not staff, see none of them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinship.dashboard.tests.helpers import staff_in

pytestmark = pytest.mark.django_db

E, S, M = "editor", "steward", "moderator"
# page (URL name) → the groups that may open it
PAGES = {
    "index": {E, S, M},
    "working": {E},
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
