"""Keeping the evidence true: the weekly checker, against a fake council website on loopback
that moves, edits and deletes pages; the one HTTP client's manners; what assessors see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kinship.core.scheduling import REGISTRY, autodiscover
from kinship.core.tests.staff import login_verified
from kinship.scorecard import evidence, services
from kinship.scorecard.clients.pages import PageClient, PageFetchError
from kinship.scorecard.models import Assessment, PageStatus, WatchedPage
from kinship.scorecard.tests.factories import answered, assessor, council, load_criteria, manager
from kinship.scorecard.tests.fake_council_site import FakeCouncilSite

POLICY = (
    "Our family and friends care policy explains the support kinship carers can get from the council, "
    "including a weekly allowance for special guardians, training, a support group that meets monthly, "
    "and a named kinship team you can contact by phone or email. Reviewed in March 2025."
)


@pytest.fixture
def site():
    with FakeCouncilSite() as fake:
        yield fake


@pytest.fixture
def client_fast():
    with PageClient(timeout=2, host_interval=0, user_agent="KinshipTestChecker/1.0") as client:
        yield client


# ---------------------------------------------------------------- pure rules


def test_page_text_is_what_a_person_reads():
    html = "<html><head><title>T</title><style>p{}</style></head><body><script>x=1</script><p>Hello  <b>there</b></p></body></html>"
    assert evidence.page_text(html) == "Hello there"


def test_a_small_edit_is_not_material_but_a_rewrite_is():
    small = POLICY.replace("March 2025", "April 2025")
    assert not evidence.is_material_change(POLICY, small, threshold=0.2)
    assert evidence.is_material_change(
        POLICY, "We no longer offer kinship support. See fostering.", threshold=0.2
    )


# ---------------------------------------------------------------- against the fake council site


@pytest.mark.django_db
def test_a_page_that_still_says_what_we_saw_moves_checked_on_forward(site, client_fast):
    site.page("/kinship", POLICY)
    page = WatchedPage.objects.create(url=site.url("/kinship"))
    evidence.watched_page_check(page, client=client_fast)
    assert page.status == PageStatus.OK and page.last_seen_on == timezone.localdate()
    assert page.baseline_text.startswith("Home Our family and friends care policy")
    assert "tracking" not in page.baseline_text
    site.page("/kinship", POLICY.replace("March 2025", "April 2025"))
    evidence.watched_page_check(page, client=client_fast)
    assert page.status == PageStatus.OK and not page.is_flagged


@pytest.mark.django_db
def test_a_page_whose_text_changes_materially_is_flagged_with_old_and_new_text(site, client_fast):
    site.page("/kinship", POLICY)
    page = WatchedPage.objects.create(url=site.url("/kinship"))
    evidence.watched_page_check(page, client=client_fast)
    seen = page.last_seen_on
    site.page("/kinship", "Kinship carers should contact the fostering service. No allowance is paid.")
    evidence.watched_page_check(page, client=client_fast)
    assert page.status == PageStatus.CHANGED and page.is_flagged
    assert "weekly allowance" in page.baseline_text and "No allowance is paid" in page.latest_text
    assert page.last_seen_on == seen  # not moved forward


@pytest.mark.django_db
def test_a_deleted_page_is_flagged_gone(site, client_fast):
    site.page("/kinship", POLICY)
    page = WatchedPage.objects.create(url=site.url("/kinship"))
    evidence.watched_page_check(page, client=client_fast)
    del site.pages["/kinship"]
    evidence.watched_page_check(page, client=client_fast)
    assert page.status == PageStatus.GONE and page.is_flagged


@pytest.mark.django_db
def test_a_page_that_redirects_elsewhere_is_flagged_moved(site, client_fast):
    site.page("/kinship", POLICY)
    site.page("/children/fostering", "Fostering: become a foster carer today.")
    page = WatchedPage.objects.create(url=site.url("/kinship"))
    evidence.watched_page_check(page, client=client_fast)
    site.moved["/kinship"] = "/children/fostering"
    evidence.watched_page_check(page, client=client_fast)
    assert page.status == PageStatus.MOVED and page.is_flagged
    assert page.final_url == site.url("/children/fostering")


@pytest.mark.django_db
def test_a_redirect_to_the_same_page_with_a_slash_is_not_a_move(site, client_fast):
    site.page("/kinship/", POLICY)
    site.moved["/kinship"] = "/kinship/"
    page = WatchedPage.objects.create(url=site.url("/kinship"))
    evidence.watched_page_check(page, client=client_fast)
    assert page.status == PageStatus.OK and not page.is_flagged


@pytest.mark.django_db
def test_an_unreachable_site_is_noted_not_flagged(client_fast):
    with FakeCouncilSite() as gone:
        url = gone.url("/kinship")
    page = WatchedPage.objects.create(url=url)
    evidence.watched_page_check(page, client=client_fast)
    assert page.status == PageStatus.UNREACHABLE and not page.is_flagged


@pytest.mark.django_db
def test_a_slow_page_times_out(site):
    site.page("/slow", POLICY)
    site.slow["/slow"] = 1.5
    page = WatchedPage.objects.create(url=site.url("/slow"))
    with PageClient(timeout=0.3, host_interval=0) as client:
        evidence.watched_page_check(page, client=client)
    assert page.status == PageStatus.UNREACHABLE


def test_the_client_says_who_it_is_and_waits_between_requests_to_one_host(site):
    site.page("/a", "A")
    site.page("/b", "B")
    waits = []
    with PageClient(
        timeout=2, host_interval=2.0, user_agent="KinshipTestChecker/1.0", sleep=waits.append
    ) as client:
        client.fetch(site.url("/a"))
        client.fetch(site.url("/b"))
    assert site.user_agents == ["KinshipTestChecker/1.0", "KinshipTestChecker/1.0"]
    assert len(waits) == 1 and 1.5 < waits[0] <= 2.0


def test_the_client_refuses_what_is_not_a_web_address():
    with PageClient(timeout=1, host_interval=0) as client, pytest.raises(PageFetchError):
        client.fetch("file:///etc/passwd")


# ---------------------------------------------------------------- the weekly round and what people see


@pytest.fixture
def published(site, db):
    load_criteria()
    ann, bob, meg = assessor("ann"), assessor("bob"), manager("meg")
    a = services.assessment_assign(council=council(), assessor=ann, by=meg)
    answered(a, url=site.url("/kinship"))
    services.assessment_submit(assessment=a, by=ann)
    services.assessment_audit(
        assessment=a, verdicts={x.pk: services.AuditVerdict(agrees=True) for x in a.answers.all()}, by=bob
    )
    services.assessment_open_reply(assessment=a, officer_email="", by=meg)
    Assessment.objects.filter(pk=a.pk).update(reply_opened_at=timezone.now() - timedelta(days=60))
    a.refresh_from_db()
    return services.assessment_publish(assessment=a, by=meg)


def test_the_weekly_round_checks_every_evidence_link_and_moves_checked_on(site, published, client_fast):
    site.page("/kinship", POLICY)
    assert evidence.evidence_checked_on(published) == published.checked_on
    counts = evidence.evidence_check_all(client=client_fast)
    assert counts == {"ok": 1}
    assert evidence.evidence_checked_on(published) == timezone.localdate()


def test_flagged_evidence_shows_assessors_old_and_new_side_by_side(client, site, published, client_fast):
    site.page("/kinship", POLICY)
    evidence.evidence_check_all(client=client_fast)
    site.page("/kinship", "This page has been replaced. Kinship carers should phone the contact centre.")
    evidence.evidence_check_all(client=client_fast)
    login_verified(client, published.assessor)
    text = client.get("/staff/scorecard/evidence/").content.decode()
    assert "What it said" in text and "weekly allowance" in text
    assert "What it says now" in text and "phone the contact centre" in text
    page = WatchedPage.objects.get()
    client.post(f"/staff/scorecard/evidence/{page.pk}/checked/")
    page.refresh_from_db()
    assert not page.is_flagged and "contact centre" in page.baseline_text


def test_the_check_runs_weekly_in_the_worker():
    autodiscover()
    job = REGISTRY["scorecard.evidence_check"]
    assert job.every == timedelta(days=7)
