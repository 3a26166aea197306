"""Issue 17, item 1 in Chromium: two visitors (separate browsers) load the campaign page from the
page cache and both join; with JavaScript off too; and the kind "send that again" page (a token
from someone else's copy) keeps what was typed and passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from kinship.campaigns.tests.factories import CampaignFactory
from kinship.core import pagecache
from kinship.supporters.models import Supporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):  # type: ignore[no-untyped-def]
    settings.KINSHIP_PAGE_CACHE = True
    pagecache.clear_local()
    yield
    pagecache.clear_local()


def _join(page: Any, url: str, name: str, email: str) -> str:
    response = page.goto(url)
    state = response.header_value("x-page-cache")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.locator('input[name="is_kinship_carer"]').first.check()
    page.get_by_role("button", name="Join the campaign").last.click()
    page.get_by_role("heading", name="Check your email").wait_for()
    return str(state)


def test_two_visitors_of_the_cached_campaign_page_both_join(chromium, page_no_js, live_server):
    campaign = CampaignFactory(slug="value-our-love", title="Value Our Love")
    url = f"{live_server.url}{campaign.get_absolute_url()}"
    states = []
    for n in range(2):
        context = chromium.new_context(locale="en-GB")
        try:
            states.append(_join(context.new_page(), url, f"Visitor {n}", f"visitor{n}@example.org"))
        finally:
            context.close()
    states.append(_join(page_no_js, url, "No Script", "noscript@example.org"))
    assert states[0] == "miss" and states[1] == "hit" and states[2] == "hit"
    assert Supporter.objects.count() == 3


def test_a_token_from_someone_elses_copy_is_sent_again_without_retyping(page, axe, live_server):
    campaign = CampaignFactory(slug="value-our-love", title="Value Our Love")
    url = f"{live_server.url}{campaign.get_absolute_url()}"
    page.goto(url)
    page.context.clear_cookies()  # as if a shared cache had served this page without its cookie
    page.get_by_label("Your name").fill("Grace Example")
    page.get_by_label("Email address").fill("grace@example.org")
    page.locator('input[name="is_kinship_carer"]').first.check()
    page.get_by_role("button", name="Join the campaign").last.click()
    page.get_by_role("heading", name="Please send that again").wait_for()
    assert not axe(page)
    page.get_by_role("button", name="Send it again").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert Supporter.objects.get().email == "grace@example.org"
