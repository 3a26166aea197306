import logging
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation

from kinship.campaigns.selectors import campaign_get_public_cached, campaign_supporter_count
from kinship.campaigns.tests.factories import CampaignFactory
from kinship.core.models import OutboundEmail
from kinship.core.tests.dead_connection import kill_backend, new_request
from kinship.supporters import services, tokens
from kinship.supporters.consent import CAMPAIGN_EMAILS_VERSION
from kinship.supporters.models import ConsentRecord, Signup, SignupStatus, Supporter

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Grace Example",
    "email": "  Grace@Example.ORG ",
    "postcode": " sw1a1aa ",
    "is_kinship_carer": "yes",
    "consent_contact": "on",
}


@pytest.fixture
def campaign():
    return CampaignFactory(slug="value-our-love", title="Value Our Love")


def join(client, campaign, capture, **overrides):
    data = {**VALID, **overrides}
    with capture(execute=True):
        return client.post(reverse("supporters:join", kwargs={"slug": campaign.slug}), data)


def confirm_url_from(message) -> str:
    match = re.search(r"http://\S+/join/confirm/(\S+?)/", message.body)
    assert match, "no confirmation link in the email"
    return f"/join/confirm/{match.group(1)}/"


def test_joining_stores_one_pending_supporter_with_canonical_email(
    client, campaign, django_capture_on_commit_callbacks
):
    response = join(client, campaign, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "/campaigns/value-our-love/join/check-your-email/" in response["Location"]
    supporter = Supporter.objects.get()
    assert supporter.email == "grace@example.org"
    assert supporter.postcode == "SW1A 1AA"
    assert Signup.objects.get().status == SignupStatus.PENDING


def test_joining_records_consent_wording_version_time_and_page(
    client, campaign, django_capture_on_commit_callbacks
):
    join(client, campaign, django_capture_on_commit_callbacks)
    consent = ConsentRecord.objects.get()
    assert consent.given is True
    assert consent.wording.startswith("Yes, email me about campaigning")
    assert consent.wording_version == CAMPAIGN_EMAILS_VERSION
    assert consent.source_url.endswith("/campaigns/value-our-love/join/")
    assert consent.recorded_at is not None


def test_unticked_consent_records_nothing(client, campaign, django_capture_on_commit_callbacks):
    data = {k: v for k, v in VALID.items() if k != "consent_contact"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("supporters:join", kwargs={"slug": campaign.slug}), data)
    assert Supporter.objects.count() == 1
    assert ConsentRecord.objects.count() == 0


def test_joining_sends_a_confirmation_email_with_unsubscribe(
    client, campaign, django_capture_on_commit_callbacks
):
    join(client, campaign, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["grace@example.org"]
    assert "confirm" in message.subject.lower()
    assert "/join/confirm/" in message.body
    assert "/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["Message-ID"].startswith("<service-")
    assert OutboundEmail.objects.get().status == "sent"


def test_second_join_with_same_email_does_not_create_a_second_supporter(
    client, campaign, django_capture_on_commit_callbacks
):
    first = join(client, campaign, django_capture_on_commit_callbacks)
    second = join(client, campaign, django_capture_on_commit_callbacks, email="GRACE@example.org")
    assert Supporter.objects.count() == 1
    assert Signup.objects.count() == 1
    # The same answer either way: nobody learns whether an address was already known.
    assert first.status_code == second.status_code == 302
    # Both go to "check your email" for the one sign-up (compared by what each link stands for:
    # the token is timestamped, so its text can differ when a second passes between the two).
    first_page, _, first_token = first["Location"].rstrip("/").rpartition("/")
    second_page, _, second_token = second["Location"].rstrip("/").rpartition("/")
    assert first_page == second_page
    assert services.signup_from_check_email_token(first_token) == services.signup_from_check_email_token(
        second_token
    )


def test_confirmation_link_get_changes_nothing(client, campaign, django_capture_on_commit_callbacks):
    join(client, campaign, django_capture_on_commit_callbacks)
    response = client.get(confirm_url_from(mail.outbox[0]))
    assert response.status_code == 200
    assert "Confirm and join" in response.content.decode()
    assert Signup.objects.get().status == SignupStatus.PENDING
    assert campaign_supporter_count(campaign=campaign) == 0


def test_confirming_adds_one_to_the_count_even_when_clicked_twice(
    client, campaign, django_capture_on_commit_callbacks
):
    join(client, campaign, django_capture_on_commit_callbacks)
    url = confirm_url_from(mail.outbox[0])
    first = client.post(url)
    client.post(url)
    assert first.status_code == 302
    assert Signup.objects.get().status == SignupStatus.CONFIRMED
    assert campaign_supporter_count(campaign=campaign) == 1
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="supporter-count">1<' in page


def test_expired_confirmation_link_explains_kindly(
    client, campaign, settings, django_capture_on_commit_callbacks
):
    join(client, campaign, django_capture_on_commit_callbacks)
    url = confirm_url_from(mail.outbox[0])
    settings.KINSHIP_CONFIRMATION_DAYS = -1
    response = client.post(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Signup.objects.get().status == SignupStatus.PENDING


def test_tampered_confirmation_link_is_refused(client, campaign):
    response = client.get("/join/confirm/12:bogus:signature/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_missing_fields_show_messages_keep_input_and_write_nothing(client, campaign):
    response = client.post(
        reverse("supporters:join", kwargs={"slug": campaign.slug}),
        {"name": "Grace", "email": "not-an-email", "postcode": "", "is_kinship_carer": ""},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Enter an email address in the correct format" in body
    assert "Tell us whether you are a kinship carer" in body
    assert 'value="Grace"' in body
    assert Supporter.objects.count() == 0 and OutboundEmail.objects.count() == 0


def test_impossible_postcode_is_explained(client, campaign):
    response = client.post(
        reverse("supporters:join", kwargs={"slug": campaign.slug}), {**VALID, "postcode": "NOT A POSTCODE"}
    )
    assert response.status_code == 400
    assert "Enter a full UK postcode" in response.content.decode()
    assert Supporter.objects.count() == 0


def test_honeypot_looks_like_success_but_stores_nothing(client, campaign):
    response = client.post(
        reverse("supporters:join", kwargs={"slug": campaign.slug}), {**VALID, "website": "spam"}
    )
    assert response.status_code == 302
    assert Supporter.objects.count() == 0 and len(mail.outbox) == 0


def test_rate_limit_per_email_stops_floods_with_a_clear_message(
    client, campaign, settings, django_capture_on_commit_callbacks
):
    settings.KINSHIP_RATE_JOIN_EMAIL = "2/3600"
    for _ in range(2):
        assert join(client, campaign, django_capture_on_commit_callbacks).status_code == 302
    response = join(client, campaign, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "wait an hour" in response.content.decode()


def _solve(content: str) -> dict[str, str]:
    a, b = re.search(r"What is (\d) plus (\d)\?", content).groups()
    nonce = re.search(r'name="challenge" value="([^"]+)"', content).group(1)
    return {"challenge": nonce, "challenge_answer": str(int(a) + int(b))}


def test_over_the_connection_limit_people_answer_a_question_instead_of_being_shut_out(
    client, campaign, settings, django_capture_on_commit_callbacks
):
    settings.KINSHIP_RATE_JOIN_IP = "1/3600"
    assert join(client, campaign, django_capture_on_commit_callbacks).status_code == 302
    asked = join(client, campaign, django_capture_on_commit_callbacks, email="second@example.org")
    assert asked.status_code == 400
    content = asked.content.decode()
    assert "answer the question" in content and "wait an hour" not in content
    solved = _solve(content)
    ok = join(client, campaign, django_capture_on_commit_callbacks, email="second@example.org", **solved)
    assert ok.status_code == 302
    assert Supporter.objects.count() == 2

    replay = join(client, campaign, django_capture_on_commit_callbacks, email="third@example.org", **solved)
    assert replay.status_code == 400 and "answer the question" in replay.content.decode()
    assert Supporter.objects.count() == 2


def test_over_the_hard_connection_limit_sign_ups_are_refused_for_a_while(
    client, campaign, settings, django_capture_on_commit_callbacks
):
    settings.KINSHIP_RATE_JOIN_IP_HARD = "1/3600"
    assert join(client, campaign, django_capture_on_commit_callbacks).status_code == 302
    response = join(client, campaign, django_capture_on_commit_callbacks, email="second@example.org")
    assert response.status_code == 400 and "wait an hour" in response.content.decode()


def test_the_connection_limit_is_higher_than_before():
    from kinship.supporters import conf

    assert int(conf.rate_join_ip().split("/")[0]) >= 60


def test_rate_limits_can_be_switched_off(client, campaign, settings, django_capture_on_commit_callbacks):
    settings.KINSHIP_RATE_JOIN_EMAIL = "1/3600"
    settings.KINSHIP_RATE_LIMITS_ENABLED = False
    for _ in range(3):
        assert join(client, campaign, django_capture_on_commit_callbacks).status_code == 302


def test_closed_campaign_does_not_take_supporters(client):
    campaign = CampaignFactory(status="closed")
    response = client.post(reverse("supporters:join", kwargs={"slug": campaign.slug}), VALID)
    assert "not taking new supporters" in response.content.decode()
    assert Supporter.objects.count() == 0


def test_welsh_join_records_welsh_wording_and_sends_welsh_email(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cy/campaigns/{campaign.slug}/join/", VALID)
    assert response["Location"].startswith("/cy/")
    assert Supporter.objects.get().language == "cy"
    assert ConsentRecord.objects.get().language == "cy"


@pytest.mark.django_db(transaction=True)
def test_count_stays_exact_under_concurrent_confirmations():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrency is exercised on PostgreSQL")
    campaign = CampaignFactory()
    signups = [
        services.supporter_join(
            campaign=campaign,
            data=services.JoinInput(f"P{i}", f"p{i}@example.org", "", "yes", False),
            source_url="http://testserver/",
            language="en-gb",
        )
        for i in range(40)
    ]
    tokens_ = [tokens.make_token(s.pk, salt=tokens.JOIN_SALT) for s in signups]
    errors: list[BaseException] = []

    def confirm(token: str) -> None:
        try:
            services.signup_confirm(token=token)
            services.signup_confirm(token=token)  # a double click counts once
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(t,)) for t in tokens_]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert campaign_supporter_count(campaign=campaign) == 40


@pytest.mark.django_db(transaction=True)
def test_the_same_new_address_joining_twice_at_once_makes_one_supporter():
    """Insert first: the second join waits on the unique constraint, then finds the first's row."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrency is exercised on PostgreSQL")
    campaigns = [CampaignFactory(), CampaignFactory()]
    barrier = threading.Barrier(len(campaigns) * 3)
    errors: list[BaseException] = []

    def join_(campaign) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.supporter_join(
                campaign=campaign,
                data=services.JoinInput("Pat", "Pat@Example.org", "", "yes", True),
                source_url="http://testserver/",
                language="en-gb",
            )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=join_, args=(c,)) for c in campaigns for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Supporter.objects.count() == 1
    assert Signup.objects.count() == 2  # one per campaign, however many times each was asked
    assert OutboundEmail.objects.count() == 6  # each join is told (the same email again)


def test_a_sign_up_is_confirmed_only_once_confirmed():
    from kinship.supporters.models import SignupStatus
    from kinship.supporters.tests.factories import SignupFactory

    assert SignupFactory(status=SignupStatus.CONFIRMED).is_confirmed
    assert not SignupFactory(status=SignupStatus.PENDING).is_confirmed


def test_the_join_email_is_rendered_by_the_worker_not_in_the_request(client, campaign):
    """Cheap writes (issue 17): the request stores the outbox row with its template and a
    JSON-safe context; the worker renders it (in the joiner's language) when it sends."""
    campaign.title_cy = "Gwerthfawrogi Ein Cariad"
    campaign.save()
    with translation.override("cy"):
        url = reverse("supporters:join", kwargs={"slug": campaign.slug})
    assert url.startswith("/cy/")
    client.post(url, VALID)
    row = OutboundEmail.objects.get(kind="join_confirmation")
    assert row.template == "supporters/email/join_confirm"
    assert (row.language, row.context["title"]) == ("cy", "Gwerthfawrogi Ein Cariad")
    assert (row.subject, row.text_body, row.status) == ("", "", "queued")  # nothing rendered yet
    assert mail.outbox == []
    from kinship.core.outbox import drain_until_empty

    drain_until_empty()
    row.refresh_from_db()
    assert row.status == "sent"
    (message,) = mail.outbox
    assert message.subject.endswith(f": {row.context['title']}")
    assert "/join/confirm/" in message.body


def test_a_joiner_who_joined_before_is_told_so_by_the_worker_rendered_email(
    client, campaign, django_capture_on_commit_callbacks
):
    join(client, campaign, django_capture_on_commit_callbacks)
    services.signup_confirm(token=confirm_url_from(mail.outbox[0]).split("/")[-2])
    join(client, campaign, django_capture_on_commit_callbacks)
    again = mail.outbox[-1]
    assert "Value Our Love" in again.subject
    assert "You have already joined" in again.subject
    assert "Someone (we hope you) asked to join Value Our Love" in again.body


@pytest.mark.django_db(transaction=True)
def test_a_join_on_a_connection_that_died_between_requests_is_stored_once(client, campaign, caplog):
    """No health check before the join's transaction (issue 17): a connection that died since the
    last request (the database restarted) is replaced and the join made once, without an error."""
    if connection.vendor != "postgresql":
        pytest.skip("killing a backend is PostgreSQL's (DATABASE_URL=postgres://...)")
    campaign_get_public_cached(slug=campaign.slug)  # as at a peak: the POST reads nothing first
    kill_backend()
    new_request()

    with caplog.at_level(logging.INFO, logger="kinship.worker"):
        response = client.post(reverse("supporters:join", kwargs={"slug": campaign.slug}), VALID)

    assert response.status_code == 302
    assert "had died; trying again" in caplog.text  # the join's own transaction found out
    assert Supporter.objects.count() == 1
    assert Signup.objects.count() == 1
    assert ConsentRecord.objects.count() == 1
    assert OutboundEmail.objects.filter(kind="join_confirmation").count() == 1
