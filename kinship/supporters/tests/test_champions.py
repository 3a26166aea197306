"""Campaign Champions: sign up with an area and offers, confirm by email, staff approve, and the
private link to the champion's page (never carrying an address)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kinship.core.models import OutboundEmail
from kinship.core.signing import make_token
from kinship.supporters import champions, tokens
from kinship.supporters.models import Champion, ChampionStatus

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Gwen Jones",
    "email": "Gwen@Example.com",
    "postcode": "xx1 1aa",
    "offers": ["meet", "group"],
    "offer_details": "I run a grandparents' group on Tuesdays.",
}


def test_signing_up_records_the_council_and_offers_and_asks_to_confirm(client, demo_places):
    response = client.post(reverse("supporters:champion_signup"), SIGNUP)
    assert response.status_code == 302
    champion = Champion.objects.get()
    assert champion.email == "gwen@example.com"
    assert champion.council_name == "Demoshire County Council"
    assert champion.offers == ["meet", "group"]
    assert champion.status == ChampionStatus.UNCONFIRMED
    email = OutboundEmail.objects.get(kind="champion_confirm")
    assert "/campaign-champions/confirm/" in email.text_body


def test_a_wrong_postcode_or_no_offer_is_explained_and_nothing_is_stored(client, demo_places):
    response = client.post(
        reverse("supporters:champion_signup"), {**SIGNUP, "postcode": "hello", "offers": []}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a full UK postcode" in page and "Choose at least one thing you could offer" in page
    assert not Champion.objects.exists()


def test_offering_twice_for_one_council_is_thanked_not_duplicated(client, demo_places):
    client.post(reverse("supporters:champion_signup"), SIGNUP)
    response = client.post(reverse("supporters:champion_signup"), SIGNUP)
    assert response.status_code == 400
    assert "already offered" in response.content.decode()
    assert Champion.objects.count() == 1


def test_confirming_needs_a_button_press_then_waits_for_staff(client, demo_places):
    client.post(reverse("supporters:champion_signup"), SIGNUP)
    champion = Champion.objects.get()
    url = reverse(
        "supporters:champion_confirm",
        kwargs={"token": make_token(champion.pk, salt=tokens.CHAMPION_CONFIRM_SALT)},
    )
    client.get(url)
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.UNCONFIRMED  # a mail scanner's GET changes nothing
    client.post(url)
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.PENDING


def test_approval_emails_a_private_link_without_the_address(demo_places):
    champion = Champion.objects.create(
        name="Gwen",
        email="gwen@example.com",
        postcode="XX1 1AA",
        council_code="E10900001",
        council_name="Demoshire County Council",
        offers=["meet"],
        status=ChampionStatus.PENDING,
    )
    champions.champion_approve(champion_id=champion.pk, by="staff")
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.APPROVED and champion.decided_by == "staff"
    body = OutboundEmail.objects.get(kind="champion_approved").text_body
    url = re.search(r"https?://\S+/campaign-champions/area/\S+/", body).group(0)
    assert "gwen" not in url.lower()
    with pytest.raises(champions.ChampionDecidedError):
        champions.champion_decline(champion_id=champion.pk, by="someone else")


def test_only_approved_champions_are_sent_their_link(client):
    Champion.objects.create(
        name="P",
        email="p@example.org",
        postcode="XX1 1AA",
        council_code="E1",
        council_name="X",
        status=ChampionStatus.PENDING,
    )
    client.post(reverse("supporters:champion_link"), {"email": "p@example.org"})
    assert not OutboundEmail.objects.filter(kind="champion_link").exists()
    Champion.objects.update(status=ChampionStatus.APPROVED)
    response = client.post(reverse("supporters:champion_link"), {"email": "P@example.org"})
    assert response.status_code == 200
    assert OutboundEmail.objects.filter(kind="champion_link", to="p@example.org").count() == 1


def test_a_link_for_a_declined_champion_does_not_open_the_page(client):
    champion = Champion.objects.create(
        name="D",
        email="d@example.org",
        postcode="XX1 1AA",
        council_code="E1",
        council_name="X",
        status=ChampionStatus.DECLINED,
    )
    token = make_token(champion.pk, salt=tokens.CHAMPION_PAGE_SALT)
    assert client.get(reverse("champions:area", kwargs={"token": token})).status_code == 404


def test_data_rights_cover_champions():
    from kinship.core import rights

    Champion.objects.create(
        name="E", email="e@example.org", postcode="XX1 1AA", council_code="E1", council_name="X"
    )

    class Person:
        pk = 1
        email = "E@example.org"

    assert dict(rights.exporters())["champions"](Person())[0]["name"] == "E"
    champions.champions_erase(Person())
    assert not Champion.objects.exists()


def test_offers_never_confirmed_are_deleted_after_two_weeks():
    import datetime as dt

    from django.utils import timezone

    old = Champion.objects.create(
        name="O", email="o@example.org", postcode="XX1 1AA", council_code="E1", council_name="X"
    )
    Champion.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    confirmed = Champion.objects.create(
        name="C",
        email="c@example.org",
        postcode="XX1 1AA",
        council_code="E1",
        council_name="X",
        status=ChampionStatus.PENDING,
    )
    Champion.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    fresh = Champion.objects.create(
        name="F", email="f@example.org", postcode="XX1 1AA", council_code="E1", council_name="X"
    )
    assert champions.champions_unconfirmed_delete() == 1
    assert set(Champion.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}
