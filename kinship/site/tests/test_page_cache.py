"""Issue 17, item 1: the campaign, action, petition and area pages come from the page cache for
anonymous visitors (kinship.core.pagecache): a hit touches no database, Welsh and English are
kept apart, staff edits show at once, staff never get a cached page, and every visitor's forms
work (their own CSRF token; the question over the soft limit; a token from someone else's copy
fails kindly with what was typed kept)."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from kinship.campaigns.models import Action, ActionVariant, Ask, Campaign, Commitment, Fact, NewsItem
from kinship.campaigns.tests.factories import (
    ActionFactory,
    AskFactory,
    CampaignFactory,
    NewsItemFactory,
)
from kinship.core import pagecache
from kinship.core.counters import counter_increment
from kinship.geography.models import Area
from kinship.geography.tests.factories import CouncilFactory
from kinship.petitions.models import Petition
from kinship.petitions.tests.factories import PetitionFactory
from kinship.representatives.models import Office, Person
from kinship.scorecard.models import Answer, Assessment, CouncilReply
from kinship.stats.models import (
    AreaKind,
    AreaOverlap,
    BoundaryShape,
    Dataset,
    DatasetValue,
    HexCell,
    Visibility,
)
from kinship.supporters.models import Supporter

pytestmark = pytest.mark.django_db

JOIN = {
    "name": "Grace Example",
    "email": "grace@example.org",
    "postcode": "SW1A 1AA",
    "is_kinship_carer": "yes",
    "consent_contact": "on",
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):  # type: ignore[no-untyped-def]
    settings.KINSHIP_PAGE_CACHE = True
    pagecache.clear_local()
    yield
    pagecache.clear_local()


@pytest.fixture
def campaign() -> Campaign:
    return CampaignFactory(slug="value-our-love", title="Value Our Love", title_cy="Gwerthfawrogi Ein Cariad")


def _pages(campaign: Campaign) -> dict[str, str]:
    action = ActionFactory(campaign=campaign, slug="write-to-your-mp")
    petition = PetitionFactory(action=ActionFactory(campaign=campaign, slug="sign-it", kind="petition"))
    council = CouncilFactory(code="E06900001", name="Exampleborough")
    return {
        "campaign": campaign.get_absolute_url(),
        "action": reverse("messaging:action_detail", kwargs={"slug": action.slug}),
        "petition": reverse("petitions:detail", kwargs={"slug": petition.action.slug}),
        "area": reverse("areas:detail", kwargs={"code": council.code}),
        "take action landing": reverse("campaigns:take_action", kwargs={"slug": campaign.slug}),
        "live count": reverse("campaigns:supporter_count", kwargs={"slug": campaign.slug}),
    }


def test_every_public_page_is_made_once_then_served_without_a_database_query(
    client, campaign, django_assert_num_queries
):
    for name, url in _pages(campaign).items():
        first = client.get(url)
        assert first.status_code == 200, name
        assert first["X-Page-Cache"] == "miss", name
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again["X-Page-Cache"] == "hit", name
        assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode()), name


def test_a_page_made_in_another_process_is_served_from_the_shared_cache(client, campaign):
    url = campaign.get_absolute_url()
    client.get(url)
    pagecache.clear_local()  # as if this were another web process
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_welsh_and_english_pages_are_cached_apart(client, campaign):
    url = "/campaigns/value-our-love/"
    for _ in range(2):  # made, then from cache
        english = client.get(url).content.decode()
        welsh = client.get(f"/cy{url}").content.decode()
        assert "Value Our Love" in english and "Gwerthfawrogi" not in english
        assert "Gwerthfawrogi Ein Cariad" in welsh and '<html lang="cy"' in welsh


def test_a_staff_edit_shows_on_the_next_view(client, campaign, django_capture_on_commit_callbacks):
    url = campaign.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        campaign.title = "Value Our Love Now"
        campaign.save()
        AskFactory(campaign=campaign, title="Pay the allowance")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Value Our Love Now" in response.content.decode()
    assert "Pay the allowance" in response.content.decode()


def test_deleting_news_shows_on_the_next_view(client, campaign, django_capture_on_commit_callbacks):
    news = NewsItemFactory(campaign=campaign, title="The minister replied")
    url = campaign.get_absolute_url()
    assert "The minister replied" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        news.delete()
    assert "The minister replied" not in client.get(url).content.decode()


def test_an_edit_rolled_back_changes_nothing_and_a_committed_one_bumps_once(campaign):
    before = pagecache._current_versions(["campaigns"])
    with pytest.raises(RuntimeError), transaction.atomic():
        campaign.save()
        raise RuntimeError
    pagecache.clear_local()
    assert pagecache._current_versions(["campaigns"]) == before


@pytest.mark.parametrize(
    ("model", "source"),
    [
        (Campaign, "campaigns"),
        (Ask, "campaigns"),
        (Fact, "campaigns"),
        (NewsItem, "campaigns"),
        (Commitment, "campaigns"),
        (Action, "campaigns"),
        (ActionVariant, "campaigns"),
        (Petition, "petitions"),
        (Dataset, "stats"),
        (DatasetValue, "stats"),
        (AreaOverlap, "stats"),
        (HexCell, "stats"),
        (BoundaryShape, "stats"),
        (Assessment, "scorecard"),
        (Answer, "scorecard"),
        (CouncilReply, "scorecard"),
        (Person, "representatives"),
        (Office, "representatives"),
    ],
)
def test_saving_each_content_model_makes_the_pages_that_show_it_again(
    client, campaign, model, source, django_capture_on_commit_callbacks
):
    pages = _pages(campaign)
    showing = {
        "campaigns": ["campaign", "action", "petition", "area"],
        "petitions": ["campaign", "petition", "area"],
        "stats": ["area"],
        "scorecard": ["area"],
        "representatives": ["area"],
    }[source]
    for name in showing:
        client.get(pages[name])
        assert client.get(pages[name])["X-Page-Cache"] == "hit"
    assert source in pagecache.sources_of(model)
    with django_capture_on_commit_callbacks(execute=True):
        pagecache._changed(sender=model)  # what post_save and post_delete call for it
    for name in showing:
        assert client.get(pages[name])["X-Page-Cache"] == "miss", name


def test_staff_never_get_a_cached_page(client, campaign, django_user_model):
    url = campaign.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    staff = django_user_model.objects.create_user("sam", "sam@example.org", "x" * 16, is_staff=True)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_query_the_page_does_not_take_is_never_cached_and_tracking_is_ignored(client, campaign):
    take = reverse("campaigns:take_action", kwargs={"slug": campaign.slug})
    client.get(take)
    assert "X-Page-Cache" not in client.get(f"{take}?postcode=SW1A1AA")
    assert client.get(f"{campaign.get_absolute_url()}?utm_source=share").get("X-Page-Cache") == "miss"
    assert client.get(f"{campaign.get_absolute_url()}?fbclid=abc")["X-Page-Cache"] == "hit"


def test_cached_pages_say_a_shared_cache_may_keep_them_a_few_seconds(client, campaign):
    for _ in range(2):
        response = client.get(campaign.get_absolute_url())
        assert response["Cache-Control"] == "public, max-age=5, s-maxage=5"
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Accept-Language", "Cookie"} <= vary


def test_the_live_count_lags_by_at_most_the_fresh_seconds(client, campaign, settings):
    settings.KINSHIP_PAGE_CACHE_SECONDS = 1
    campaign.count_threshold = 0
    campaign.save()
    url = campaign.get_absolute_url()
    for _ in range(3):
        counter_increment(key=campaign.supporter_counter_key)
    assert 'data-testid="supporter-count">3<' in client.get(url).content.decode()
    counter_increment(key=campaign.supporter_counter_key)
    assert 'data-testid="supporter-count">3<' in client.get(url).content.decode()  # cached
    time.sleep(1.1)
    assert 'data-testid="supporter-count">4<' in client.get(url).content.decode()


def _token(response) -> str:  # type: ignore[no-untyped-def]
    match = TOKEN.search(response.content.decode())
    assert match
    return match.group(1)


def test_two_visitors_of_a_cached_page_get_their_own_tokens_and_both_can_join(campaign):
    url = campaign.get_absolute_url()
    join = reverse("supporters:join", kwargs={"slug": campaign.slug})
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(url)
    page_two = second.get(url)
    assert page_two["X-Page-Cache"] == "hit"
    assert _token(page_one) != _token(page_two)
    assert pagecache.PLACEHOLDER.decode() not in page_two.content.decode()
    assert "csrftoken" in page_two.cookies
    ok_one = first.post(join, {**JOIN, "csrfmiddlewaretoken": _token(page_one)})
    ok_two = second.post(join, {**JOIN, "email": "ann@example.org", "csrfmiddlewaretoken": _token(page_two)})
    assert ok_one.status_code == 302 and ok_two.status_code == 302
    assert Supporter.objects.count() == 2


def test_a_token_from_someone_elses_copy_fails_kindly_keeping_what_was_typed(campaign):
    url = campaign.get_absolute_url()
    join = reverse("supporters:join", kwargs={"slug": campaign.slug})
    token = _token(Client().get(url))  # a CDN served this page to someone else
    visitor = Client(enforce_csrf_checks=True)
    refused = visitor.post(join, {**JOIN, "csrfmiddlewaretoken": token})
    assert refused.status_code == 403
    content = refused.content.decode()
    assert "Please send that again" in content and "What you typed is kept" in content
    assert 'name="name" value="Grace Example"' in content
    assert Supporter.objects.count() == 0
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', content))
    again = visitor.post(join, fields)
    assert again.status_code == 302
    assert Supporter.objects.get().email == "grace@example.org"


def test_a_staff_form_that_fails_its_check_is_not_offered_again(client, django_user_model):
    staff = django_user_model.objects.create_user("sam", "sam@example.org", "x" * 16, is_staff=True)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)
    response = strict.post("/campaigns/value-our-love/join/", {"name": "x"})
    assert response.status_code == 403
    assert "reload the page" in response.content.decode() and 'name="name"' not in response.content.decode()


def test_the_question_over_the_soft_limit_works_from_a_cached_page(campaign, settings):
    settings.KINSHIP_RATE_LIMITS_ENABLED = True
    settings.KINSHIP_RATE_JOIN_IP = "1/3600"
    url = campaign.get_absolute_url()
    join = reverse("supporters:join", kwargs={"slug": campaign.slug})
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(url)
    page = visitor.get(url)
    assert page["X-Page-Cache"] == "hit"
    token = _token(page)
    assert visitor.post(join, {**JOIN, "csrfmiddlewaretoken": token}).status_code == 302
    asked = visitor.post(join, {**JOIN, "email": "second@example.org", "csrfmiddlewaretoken": token})
    content = asked.content.decode()
    assert asked.status_code == 400 and "answer the question" in content
    a, b = re.search(r"What is (\d) plus (\d)\?", content).groups()  # type: ignore[union-attr]
    nonce = re.search(r'name="challenge" value="([^"]+)"', content).group(1)  # type: ignore[union-attr]
    solved = visitor.post(
        join,
        {
            **JOIN,
            "email": "second@example.org",
            "challenge": nonce,
            "challenge_answer": str(int(a) + int(b)),
            "csrfmiddlewaretoken": _token(asked),
        },
    )
    assert solved.status_code == 302
    assert Supporter.objects.count() == 2


def test_area_pages_keep_longer_than_the_other_pages_and_say_so(client, campaign, settings):
    """Area pages are fresh for KINSHIP_AREA_PAGE_CACHE_SECONDS (their live figures are 5-minute
    snapshots); every other cached page keeps the short KINSHIP_PAGE_CACHE_SECONDS."""
    settings.KINSHIP_PAGE_CACHE_SECONDS = 1
    settings.KINSHIP_AREA_PAGE_CACHE_SECONDS = 60
    pages = _pages(campaign)
    for name in ("area", "campaign"):
        assert client.get(pages[name])["X-Page-Cache"] == "miss", name
    area = client.get(pages["area"])
    assert area["Cache-Control"] == "public, max-age=60, s-maxage=60"
    assert client.get(pages["campaign"])["Cache-Control"] == "public, max-age=1, s-maxage=1"
    time.sleep(1.1)
    assert client.get(pages["area"])["X-Page-Cache"] == "hit"
    assert client.get(pages["campaign"])["X-Page-Cache"] != "hit"
    pagecache.clear_local()  # another process: the shared copy is fresh for it too
    assert client.get(pages["area"])["X-Page-Cache"] == "hit"


def test_an_edit_shows_on_a_long_lived_area_page_at_once(
    client, campaign, settings, django_capture_on_commit_callbacks
):
    settings.KINSHIP_AREA_PAGE_CACHE_SECONDS = 3600
    url = _pages(campaign)["area"]
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "Children in kinship care" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        dataset = Dataset.objects.create(
            slug="kinship-children",
            title="Children in kinship care",
            unit="children",
            source="Example survey",
            licence="OGL-UK-3.0",
            published_on=datetime.date(2026, 3, 31),
            area_kind=AreaKind.COUNCIL,
            visibility=Visibility.PUBLIC,
        )
        DatasetValue.objects.create(dataset=dataset, area=Area.objects.get(code="E06900001"), value=120)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Children in kinship care" in response.content.decode()
