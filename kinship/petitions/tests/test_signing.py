"""Signing, confirming, one signature per person, households, holding and voiding."""

from __future__ import annotations

import pytest

from kinship.campaigns.selectors import action_total
from kinship.core.models import OutboundEmail
from kinship.petitions import selectors, services
from kinship.petitions.errors import PetitionClosedError, PostcodeNotPlacedError
from kinship.petitions.models import AreaType, Signature, SignatureStatus
from kinship.petitions.tests.helpers import last_confirm_token, sign
from kinship.supporters.models import ConsentRecord

pytestmark = pytest.mark.django_db


def test_a_signature_counts_only_once_confirmed(petition):
    assert sign(petition) == services.SignOutcome.NEW
    signature = Signature.objects.get()
    assert signature.status == SignatureStatus.PENDING
    assert signature.constituency_code == "E14900001"
    assert signature.council_code == "E10900001"
    assert action_total(action=petition.action) == 0
    services.signature_confirm(token=last_confirm_token("ann@example.org"))
    assert Signature.objects.get().status == SignatureStatus.CONFIRMED
    assert action_total(action=petition.action) == 1


def test_confirming_twice_counts_once(petition):
    sign(petition)
    token = last_confirm_token("ann@example.org")
    services.signature_confirm(token=token)
    services.signature_confirm(token=token)
    assert action_total(action=petition.action) == 1


def test_the_same_person_signs_once_and_is_told_by_email(petition):
    sign(petition, email="Ann@Example.org")
    services.signature_confirm(token=last_confirm_token("Ann@Example.org"))
    assert sign(petition, name="ann  carer", email="ann@example.org ") == services.SignOutcome.REPEAT
    assert Signature.objects.count() == 1
    repeat = OutboundEmail.objects.filter(kind="petition_repeat").get()
    assert repeat.to == "Ann@Example.org"  # the address first given
    assert repeat.context["confirmed"] is True


def test_a_repeat_before_confirming_resends_the_confirmation_link(petition):
    sign(petition)
    sign(petition)
    repeat = OutboundEmail.objects.filter(kind="petition_repeat").get()
    assert repeat.context["confirmed"] is False
    assert "/petitions/confirm/" in repeat.context["confirm_url"]


def test_a_household_may_share_an_email_with_different_names(petition):
    sign(petition, name="Ann Carer", email="home@example.org")
    assert sign(petition, name="Bob Carer", email="home@example.org") == services.SignOutcome.NEW
    assert Signature.objects.count() == 2


def test_closed_petitions_take_no_signatures(petition):
    from django.utils import timezone

    petition.action.closes_at = timezone.now()
    petition.action.save()
    with pytest.raises(PetitionClosedError):
        sign(petition)


def test_a_postcode_that_cannot_be_placed_is_refused(petition):
    with pytest.raises(PostcodeNotPlacedError):
        sign(petition, postcode="XX8 8XX")
    assert not Signature.objects.exists()


def test_consent_is_recorded_with_supporters_on_confirmation(petition):
    sign(petition, consent=True)
    assert not ConsentRecord.objects.exists()
    services.signature_confirm(token=last_confirm_token("ann@example.org"))
    record = ConsentRecord.objects.get()
    assert record.given and record.supporter.email == "ann@example.org"


def test_no_consent_means_no_supporter(petition):
    sign(petition)
    services.signature_confirm(token=last_confirm_token("ann@example.org"))
    assert not ConsentRecord.objects.exists()


def test_over_the_connection_threshold_signatures_are_held_not_refused(petition, settings):
    settings.KINSHIP_RATE_SIGN_IP_HOLD = "2/3600"
    for n in range(3):
        assert sign(petition, name=f"Person {n}", email=f"p{n}@example.org") == services.SignOutcome.NEW
    for n in range(3):
        services.signature_confirm(token=last_confirm_token(f"p{n}@example.org"))
    statuses = list(Signature.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [SignatureStatus.CONFIRMED, SignatureStatus.CONFIRMED, SignatureStatus.HELD]
    assert action_total(action=petition.action) == 2
    held = list(selectors.held_signatures(petition=petition).values_list("pk", flat=True))
    assert services.signatures_release(petition=petition, ids=held) == 1
    assert action_total(action=petition.action) == 3


def test_per_address_rate_limit(settings, petition):
    settings.KINSHIP_RATE_SIGN_EMAIL = "2/3600"
    assert not services.signature_email_refused(email="a@example.org")
    assert not services.signature_email_refused(email="A@example.org")
    assert services.signature_email_refused(email="a@example.org")


def test_counts_by_area_come_from_the_periodic_count(petition):
    for n in range(6):
        sign(petition, name=f"Person {n}", email=f"p{n}@example.org", postcode="XX1 1AA")
        services.signature_confirm(token=last_confirm_token(f"p{n}@example.org"))
    sign(petition, name="Wales", email="w@example.org", postcode="XX3 1AA")
    services.signature_confirm(token=last_confirm_token("w@example.org"))
    assert selectors.area_counts(petition=petition, area_type=AreaType.CONSTITUENCY) == []
    assert services.petition_count(petition=petition) == 7
    rows = selectors.area_counts(petition=petition, area_type=AreaType.CONSTITUENCY)
    assert [(r.code, r.count) for r in rows] == [("E14900001", 6), ("W07900001", None)]  # largest first
    assert all(r.name for r in rows)
    one = selectors.area_count(petition=petition, area_type=AreaType.CONSTITUENCY, code="E14900001")
    assert one == rows[0]
    assert (
        selectors.area_count(petition=petition, area_type=AreaType.CONSTITUENCY, code="W07900001") == rows[1]
    )
    assert selectors.area_count(petition=petition, area_type=AreaType.CONSTITUENCY, code="E14999999") is None
    councils = {r.code: r.count for r in selectors.area_counts(petition=petition, area_type=AreaType.COUNCIL)}
    assert councils == {"E10900001": 6, "W06900001": None}


def test_voiding_a_cluster_updates_the_counts(petition, settings):
    settings.KINSHIP_PETITION_CLUSTER_MIN = 3
    for n in range(4):
        sign(petition, name=f"Bot {n}", email=f"b{n}@spam.example", ip="203.0.113.9")
        services.signature_confirm(token=last_confirm_token(f"b{n}@spam.example"))
    sign(petition, name="Real", email="real@gmail.com", ip="198.51.100.1")
    services.signature_confirm(token=last_confirm_token("real@gmail.com"))
    services.petition_count(petition=petition)
    clusters = selectors.suspicious_clusters(petition=petition)
    assert {(c.kind, c.value, c.count) for c in clusters} == {
        ("ip", "203.0.113.9", 4),
        ("domain", "spam.example", 4),
    }
    ip_cluster = next(c for c in clusters if c.kind == "ip")
    ids = selectors.cluster_signature_ids(
        petition=petition, kind="ip", value=ip_cluster.value, hour=ip_cluster.hour
    )
    assert services.signatures_void(petition=petition, ids=ids, by="staff") == 4
    assert action_total(action=petition.action) == 1
    petition.refresh_from_db()
    assert petition.counted_total == 1
    assert selectors.suspicious_clusters(petition=petition) == []


def test_erasure_keeps_the_count_without_the_person(petition):
    sign(petition)
    services.signature_confirm(token=last_confirm_token("ann@example.org"))

    class Person:
        pk = 1
        email = "ann@example.org"

    assert services.signatures_export(Person())[0]["name"] == "Ann Carer"
    services.signatures_erase(Person())
    signature = Signature.objects.get()
    assert signature.email == "" and signature.name == "" and signature.status == SignatureStatus.CONFIRMED
    assert services.petition_count(petition=petition) == 1


def test_demo_petitions_load_idempotently(db, demo_places):
    from kinship.campaigns.demo.content import load_demo_campaigns
    from kinship.petitions.demo import OPEN_LETTER_SLUG, PETITION_SLUG, load_demo_petitions
    from kinship.petitions.models import Petition

    load_demo_campaigns()
    assert len(load_demo_petitions()) == 2
    load_demo_petitions()
    kinds = dict(Petition.objects.values_list("action__slug", "action__kind"))
    assert kinds == {PETITION_SLUG: "petition", OPEN_LETTER_SLUG: "open_letter"}


def test_dots_and_plus_tags_do_not_make_a_second_person(petition):
    sign(petition, email="ann.carer@gmail.com")
    assert sign(petition, email="AnnCarer+petition@googlemail.com") == services.SignOutcome.REPEAT
    assert sign(petition, email="ann.carer+x@example.org") == services.SignOutcome.NEW
    assert Signature.objects.count() == 2


def test_old_unconfirmed_signatures_go_and_old_addresses_are_cleared(petition):
    import datetime as dt

    from django.utils import timezone

    sign(petition, name="Never", email="never@example.org")
    sign(petition, name="Yes", email="yes@example.org")
    services.signature_confirm(token=last_confirm_token("yes@example.org"))
    later = timezone.now() + dt.timedelta(days=40)
    assert services.signatures_tidy(now=later) == {"deleted": 1, "addresses_cleared": 1}
    remaining = Signature.objects.get()
    assert remaining.name == "Yes" and remaining.ip is None


def test_signatures_by_area_across_petitions_for_a_map(petition):
    from kinship.petitions.tests.factories import PetitionFactory

    other = PetitionFactory()
    for p, email in ((petition, "a@example.org"), (other, "b@example.org"), (other, "c@example.org")):
        sign(p, name=email, email=email)
        services.signature_confirm(token=last_confirm_token(email))
    services.petition_count(petition=petition)
    services.petition_count(petition=other)
    assert selectors.signatures_by_area(area_type=AreaType.CONSTITUENCY) == {"E14900001": 3}
    assert selectors.signatures_by_area(area_type=AreaType.COUNCIL) == {"E10900001": 3}
