"""Issue 10, a short journey: a postcode box near the top of the campaign and home pages leads
straight to the actions for that postcode, each linking to writing with the postcode carried."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.geography.demo import load_demo_places
from kinship.representatives.demo import load_demo_people

pytestmark = pytest.mark.django_db

TAKE_ACTION = "/campaigns/value-our-love/take-action/"


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    caches["fragments"].clear()
    load_demo_places()
    load_demo_people()
    load_demo_campaigns()
    yield
    caches["fragments"].clear()


def test_the_campaign_page_has_a_postcode_box_before_the_story(client, demo):
    page = client.get("/campaigns/value-our-love/").content.decode()
    box = page.index('data-journey="postcode"')
    assert f'action="{TAKE_ACTION}"' in page
    assert box < page.index("Why it matters") and box < page.index('id="actions-heading"')


def test_the_home_page_has_the_postcode_box_and_lists_the_demo_postcodes(client, demo):
    page = client.get("/").content.decode()
    assert 'data-journey="postcode"' in page and f'action="{TAKE_ACTION}"' in page
    assert "Demo postcodes to try" in page
    for code in ("XX1 1AA", "XX2 1AA", "XX3 1AA", "XX4 1AA", "XX9 9ZZ", "XY1 1AA", "XZ1 1AA"):
        assert code in page
    assert "This is a demo. Try XX1 1AA" in page  # the hint under the box


def test_a_postcode_leads_straight_to_its_actions_with_who_they_write_to(client, demo):
    response = client.get(TAKE_ACTION, {"postcode": "xx1 1aa"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "What you can do in XX1 1AA" in page
    assert 'href="/actions/email-your-mp/write/?postcode=XX1%201AA"' in page
    assert "To: Morgan Fictional" in page


def test_a_welsh_postcode_gets_only_actions_covering_wales(client, demo):
    page = client.get(TAKE_ACTION, {"postcode": "XX3 1AA"}).content.decode()
    assert "/actions/email-your-mp/write/" in page
    assert "/actions/email-the-minister/" not in page  # England only


def test_a_bad_postcode_is_explained_not_a_server_error(client, demo):
    response = client.get(TAKE_ACTION, {"postcode": "not a postcode"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert client.get(TAKE_ACTION).status_code == 200  # no postcode: just the box


def test_an_ended_campaign_has_no_postcode_box(client, demo):
    page = client.get("/campaigns/employment-rights-for-grandparent-carers/").content.decode()
    assert 'data-journey="postcode"' not in page
