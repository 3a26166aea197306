"""A Campaign Champion's page for their area: counts with small numbers suppressed, the council's
status and open next steps carers shared, the scorecard's gaps, new office holders nobody has
contacted, and where to start. Private link; approved champions only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.core.signing import make_token
from kinship.geography.models import Area
from kinship.localcampaigns.models import Journey, JourneyEntry
from kinship.representatives.models import Role
from kinship.representatives.tests.factories import OfficeFactory
from kinship.stats.models import LiveFigure
from kinship.supporters import champions, tokens
from kinship.supporters.models import Champion, ChampionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def champion(demo_places):  # type: ignore[no-untyped-def]
    made = champions.champion_signup(
        data=champions.ChampionInput(
            name="Gwen", email="gwen@example.com", postcode="XX1 1AA", offers=["meet"]
        ),
        language="en-gb",
    )
    Champion.objects.filter(pk=made.pk).update(status=ChampionStatus.APPROVED)
    made.refresh_from_db()
    return made


def page_url(champion: Champion) -> str:
    return reverse(
        "champions:area", kwargs={"token": make_token(champion.pk, salt=tokens.CHAMPION_PAGE_SALT)}
    )


def test_the_page_shows_counts_with_small_numbers_suppressed(client, champion):
    area = Area.objects.get(code=champion.council_code)
    now = timezone.now()
    LiveFigure.objects.create(layer="supporters", area=area, value=3, computed_at=now)
    LiveFigure.objects.create(layer="actions", area=area, value=12, computed_at=now)
    response = client.get(page_url(champion))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Demoshire County Council" in page
    assert "fewer than 5" in page
    assert ">12<" in page


def test_open_shared_next_steps_and_the_council_status_show_without_names(client, champion):
    journey = Journey.objects.create(email="carer@example.org")
    today = timezone.localdate()
    common = {
        "journey": journey,
        "council_code": champion.council_code,
        "council_name": champion.council_name,
    }
    JourneyEntry.objects.create(
        **common,
        kind="reply",
        happened_on=today,
        next_step="Ask for a meeting",
        remind_on=today + dt.timedelta(days=3),
        shared_at=timezone.now(),
    )
    JourneyEntry.objects.create(**common, kind="contacted", happened_on=today, next_step="Private plan")
    page = client.get(page_url(champion)).content.decode()
    assert "Ask for a meeting" in page
    assert "Private plan" not in page
    assert "carer@example.org" not in page
    assert "Replied" in page


def test_new_office_holders_nobody_has_contacted_are_listed(client, champion):
    area = Area.objects.get(code=champion.council_code)
    OfficeFactory(
        role=Role.LEADER,
        area=area,
        start_date=timezone.localdate() - dt.timedelta(days=30),
        person__name="Cllr New Leader",
    )
    page = client.get(page_url(champion)).content.decode()
    assert "Cllr New Leader" in page


def test_the_scorecard_gaps_and_where_to_start(client, champion, django_user_model):
    from kinship.scorecard.criteria import criteria_load
    from kinship.scorecard.models import Assessment, AssessmentStatus

    criteria_load()
    Assessment.objects.create(
        council=Area.objects.get(code=champion.council_code),
        status=AssessmentStatus.PUBLISHED,
        published_at=timezone.now(),
        assessor=django_user_model.objects.create(username="assessor"),
    )
    from kinship.campaigns.demo.content import load_demo_campaigns

    load_demo_campaigns()
    page = client.get(page_url(champion)).content.decode()
    assert "publish an up-to-date family and friends care policy" in page
    assert f"{reverse('localcampaigns:who')}?postcode=XX1+1AA" in page
    assert "Start a joint letter that carers in your area can sign" in page
    assert "/joint-letters/start/" in page and "postcode=XX1+1AA" in page


def test_an_expired_or_broken_link_says_so(client, champion):
    assert client.get(reverse("champions:area", kwargs={"token": "broken"})).status_code == 404
