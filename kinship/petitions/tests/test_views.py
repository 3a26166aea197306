"""The petition pages and the API, through Django's test client."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from kinship.petitions import services
from kinship.petitions.models import Signature, SignatureStatus
from kinship.petitions.tests.helpers import last_confirm_token, sign

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {"name": "Ann Carer", "email": "ann@example.org", "postcode": "xx11aa", **extra}


def test_the_page_shows_the_petition_and_its_count(client, petition):
    response = client.get(reverse("petitions:detail", kwargs={"slug": petition.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pay them an allowance." in body
    assert "0 signatures" in body
    assert 'name="consent_contact"' in body and "checked" not in body.split('name="consent_contact"')[1][:80]
    assert 'name="show_name"' not in body  # names are private unless the petition allows them


def test_signing_on_the_page_then_confirming(client, petition):
    url = reverse("petitions:detail", kwargs={"slug": petition.slug})
    response = client.post(url, _form())
    assert response.status_code == 302
    assert response["Location"].endswith("/check-your-email/")
    token = last_confirm_token("ann@example.org")
    confirm = reverse("petitions:confirm", kwargs={"token": token})
    assert client.get(confirm).status_code == 200
    assert Signature.objects.get().status == SignatureStatus.PENDING
    assert client.post(confirm).status_code == 302
    assert Signature.objects.get().status == SignatureStatus.CONFIRMED
    assert "Thank you for signing" in client.get(confirm).content.decode()
    assert "1 signature" in client.get(url).content.decode()


def test_a_repeat_signature_looks_exactly_like_a_new_one(client, petition):
    url = reverse("petitions:detail", kwargs={"slug": petition.slug})
    first = client.post(url, _form())
    second = client.post(url, _form(email="ANN@example.org"))
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert Signature.objects.count() == 1


def test_bad_input_gets_kind_messages_and_stores_nothing(client, petition):
    url = reverse("petitions:detail", kwargs={"slug": petition.slug})
    response = client.post(url, {"name": "=cmd()", "email": "nope", "postcode": "hello"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Names cannot start with" in body and "like name@example.com" in body
    assert not Signature.objects.exists()


def test_the_honeypot_stores_nothing(client, petition):
    url = reverse("petitions:detail", kwargs={"slug": petition.slug})
    response = client.post(url, _form(website="http://spam.example"))
    assert response.status_code == 302
    assert not Signature.objects.exists()


def test_an_unknown_postcode_is_explained(client, petition):
    url = reverse("petitions:detail", kwargs={"slug": petition.slug})
    response = client.post(url, _form(postcode="XX8 8XX"))
    assert response.status_code == 400
    assert not Signature.objects.exists()


def test_a_broken_confirmation_link_is_explained(client, petition):
    response = client.get(reverse("petitions:confirm", kwargs={"token": "nonsense"}))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_the_campaign_links_to_the_petition_page(petition):
    from kinship.messaging.services import action_take_url

    assert action_take_url(petition.action) == f"/petitions/{petition.slug}/"


# ---------------------------------------------------------------- API


def _post(client, slug, payload):
    return client.post(
        f"/api/v1/actions/{slug}/submissions", data=json.dumps(payload), content_type="application/json"
    )


def test_api_lists_petitions_with_their_type(client, petition):
    actions = client.get("/api/v1/actions").json()["actions"]
    assert {"slug": petition.slug, "type": "petition"}.items() <= next(
        a for a in actions if a["slug"] == petition.slug
    ).items()


def test_api_signs_and_answers_the_same_for_a_repeat(client, petition):
    payload = {
        "name": "Ann Carer",
        "email": "ann@example.org",
        "postcode": "XX1 1AA",
        "consent_contact": False,
    }
    first = _post(client, petition.slug, payload)
    second = _post(client, petition.slug, payload)
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json() == {"status": "awaiting_confirmation"}
    assert Signature.objects.count() == 1
    assert Signature.objects.get().source == "api"


def test_api_field_errors(client, petition):
    response = _post(client, petition.slug, {"name": "", "email": "x", "postcode": "XX1 1AA"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "email"}


def test_api_counts_suppress_small_numbers(client, petition):
    for n in range(5):
        sign(petition, name=f"P {n}", email=f"p{n}@example.org")
        services.signature_confirm(token=last_confirm_token(f"p{n}@example.org"))
    sign(petition, name="W", email="w@example.org", postcode="XX3 1AA")
    services.signature_confirm(token=last_confirm_token("w@example.org"))
    services.petition_count(petition=petition)
    data = client.get(f"/api/v1/actions/{petition.slug}/counts").json()
    assert data["total"] == 6 and data["type"] == "petition" and data["suppressed_below"] == 5
    assert {c["code"]: c["count"] for c in data["constituencies"]} == {"E14900001": 5, "W07900001": None}
    assert {c["code"]: c["count"] for c in data["councils"]} == {"E10900001": 5, "W06900001": None}


def test_api_counts_for_an_unknown_petition(client, db):
    assert client.get("/api/v1/actions/nope/counts").status_code == 404


def test_the_generic_action_pages_send_people_to_the_petition(client, petition):
    response = client.get(f"/actions/{petition.slug}/")
    assert response.status_code == 302 and response["Location"] == f"/petitions/{petition.slug}/"
    response = client.get(f"/actions/{petition.slug}/write/")
    assert response.status_code == 302 and response["Location"].startswith(f"/petitions/{petition.slug}/")


def test_the_page_is_in_welsh_under_cy(client, petition):
    body = client.get(f"/cy/petitions/{petition.slug}/").content.decode()
    assert "Llofnodi" in body and "0 o lofnodion" in body


def test_the_openapi_document_describes_signing_and_counts(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "get" in spec["paths"]["/actions/{slug}/counts"]
    body = spec["paths"]["/actions/{slug}/submissions"]["post"]["requestBody"]["content"]["application/json"]
    refs = {s["$ref"] for s in body["schema"]["anyOf"]}
    assert "#/components/schemas/SignatureRequest" in refs
    for ref in refs:
        assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"]
    assert "petition" in spec["components"]["schemas"]["Action"]["properties"]["type"]["enum"]


def test_the_page_says_when_lagging_counts_were_made(client, petition):
    import datetime as dt

    from django.utils import timezone

    services.petition_count(petition=petition, now=timezone.now() - dt.timedelta(seconds=300))
    body = client.get(reverse("petitions:detail", kwargs={"slug": petition.slug})).content.decode()
    assert re.search(r"These figures were updated 30\d seconds ago", body)
    services.petition_count(petition=petition)
    body = client.get(reverse("petitions:detail", kwargs={"slug": petition.slug})).content.decode()
    assert "These figures were updated" not in body


def test_the_progress_bar_shows_the_way_to_the_goal(client, petition):
    for n in range(3):
        sign(petition, name=f"P {n}", email=f"p{n}@example.org")
        services.signature_confirm(token=last_confirm_token(f"p{n}@example.org"))
    body = client.get(reverse("petitions:detail", kwargs={"slug": petition.slug})).content.decode()
    assert '<progress id="progress" max="100" value="3"' in body and "Our goal is 100 signatures." in body


def test_a_crowd_viewing_the_page_reads_the_counts_once_per_count(
    client, settings, petition, django_assert_max_num_queries
):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "petitions"},
    }
    caches["fragments"].clear()
    sign(petition)
    services.signature_confirm(token=last_confirm_token("ann@example.org"))
    services.petition_count(petition=petition)
    url = reverse("petitions:detail", kwargs={"slug": petition.slug})
    client.get(url)
    with django_assert_max_num_queries(2):  # the petition and the live total
        body = client.get(url).content.decode()
    assert "fewer than 5" in body  # the cached table


def test_a_voided_signature_is_never_said_to_count(client, petition):
    sign(petition)
    token = last_confirm_token("ann@example.org")
    services.signatures_void(
        petition=petition, ids=list(Signature.objects.values_list("pk", flat=True)), by="x"
    )
    confirm = reverse("petitions:confirm", kwargs={"token": token})
    client.post(confirm)
    body = client.get(confirm).content.decode()
    assert "Thank you for signing" in body and "has been counted" not in body
    assert Signature.objects.get().status == SignatureStatus.VOIDED
