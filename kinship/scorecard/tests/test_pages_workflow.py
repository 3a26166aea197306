"""The workflow's pages: staff pages need login, a second factor and a permission; the council
officer's signed reply link works, expires, and cannot be forged."""

import time

import pytest
from django.core import signing

from kinship.core.tests.staff import login_verified
from kinship.scorecard import services, tokens
from kinship.scorecard.models import AssessmentStatus, CouncilReply
from kinship.scorecard.selectors import active_criteria
from kinship.scorecard.tests.factories import answered, assessor, council, load_criteria, manager, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    load_criteria()
    return {"ann": assessor("ann"), "bob": assessor("bob"), "meg": manager("meg"), "nobody": person("nobody")}


@pytest.fixture
def assessment(people):
    return services.assessment_assign(council=council(), assessor=people["ann"], by=people["meg"])


@pytest.fixture
def with_council(people, assessment):
    answered(assessment)
    services.assessment_submit(assessment=assessment, by=people["ann"])
    services.assessment_audit(
        assessment=assessment,
        verdicts={a.pk: services.AuditVerdict(agrees=True) for a in assessment.answers.all()},
        by=people["bob"],
    )
    services.assessment_open_reply(assessment=assessment, officer_email="", by=people["meg"])
    return assessment


def test_staff_pages_need_a_login(client, assessment):
    for path in ("/staff/scorecard/", f"/staff/scorecard/{assessment.pk}/", "/staff/scorecard/evidence/"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/admin/login/" in response["Location"]


def test_staff_without_the_permission_are_refused(client, people, assessment):
    login_verified(client, people["nobody"])
    assert client.get("/staff/scorecard/").status_code == 403
    assert client.get(f"/staff/scorecard/{assessment.pk}/").status_code == 403


def test_staff_need_their_second_factor(client, people):
    client.force_login(people["ann"])
    response = client.get("/staff/scorecard/")
    assert response.status_code == 302 and "/staff/two-step/" in response["Location"]


def test_the_assessor_answers_on_the_page(client, people, assessment):
    login_verified(client, people["ann"])
    page = client.get(f"/staff/scorecard/{assessment.pk}/")
    assert page.status_code == 200 and "Save this answer" in page.content.decode()
    criterion = active_criteria().get(slug="named-lead")
    prefix = f"c{criterion.pk}"
    response = client.post(
        f"/staff/scorecard/{assessment.pk}/answer/{criterion.pk}/",
        {
            f"{prefix}-option": "yes",
            f"{prefix}-evidence_url": "https://council.example.org/lead",
            f"{prefix}-evidence_location": "Contacts",
            f"{prefix}-evidence_quote": "Jo Bloggs leads kinship care",
            f"{prefix}-evidence_seen_on": "2025-05-01",
        },
    )
    assert response.status_code == 302
    assert assessment.answers.get(criterion=criterion).option.value == "yes"


def test_another_assessor_cannot_answer_on_the_page(client, people, assessment):
    login_verified(client, people["bob"])
    criterion = active_criteria().get(slug="named-lead")
    client.post(
        f"/staff/scorecard/{assessment.pk}/answer/{criterion.pk}/",
        {f"c{criterion.pk}-option": "no", f"c{criterion.pk}-evidence_seen_on": "2025-05-01"},
    )
    assert not assessment.answers.exists()


def test_a_manager_assigns_on_the_page(client, people):
    login_verified(client, people["meg"])
    council()
    response = client.post(
        "/staff/scorecard/assign/", {"council": "E06900001", "assessor": str(people["ann"].pk)}
    )
    assert response.status_code == 302
    assert people["ann"].scorecard_assessments.count() == 1


def test_the_detail_page_shows_history_and_the_reply_link_to_managers(client, people, with_council):
    login_verified(client, people["meg"])
    page = client.get(f"/staff/scorecard/{with_council.pk}/").content.decode()
    assert "/scorecard/reply/" in page and "History" in page


# ---------------------------------------------------------------- the reply link


def _post_reply(client, assessment, *, disagree=False):
    data = {"responder_role": "Head of service", "comment": "Thanks"}
    for answer in assessment.answers.all():
        data[f"agree-{answer.pk}"] = "no" if disagree else "yes"
        data[f"comment-{answer.pk}"] = "We disagree because…" if disagree else ""
    return client.post(f"/scorecard/reply/{tokens.reply_token(assessment.pk)}/", data)


def test_the_officer_opens_the_link_and_replies(client, with_council):
    page = client.get(f"/scorecard/reply/{tokens.reply_token(with_council.pk)}/")
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    response = _post_reply(client, with_council, disagree=True)
    assert response.status_code == 200 and "Thank you for your reply" in response.content.decode()
    with_council.refresh_from_db()
    assert with_council.status == AssessmentStatus.DECIDING
    assert CouncilReply.objects.filter(agrees=False).count() == with_council.answers.count()


def test_a_reply_missing_answers_is_shown_again_with_a_message(client, with_council):
    response = client.post(
        f"/scorecard/reply/{tokens.reply_token(with_council.pk)}/", {"responder_role": "x"}
    )
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not CouncilReply.objects.exists()


def test_the_link_works_once_then_says_it_has_closed(client, with_council):
    _post_reply(client, with_council)
    page = client.get(f"/scorecard/reply/{tokens.reply_token(with_council.pk)}/")
    assert "The right of reply has closed" in page.content.decode()


def test_an_expired_link_is_refused_kindly(client, with_council, settings):
    class Old(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 40 * 86400)

    token = Old(salt=tokens.REPLY_SALT).sign(str(with_council.pk))
    page = client.get(f"/scorecard/reply/{token}/")
    assert page.status_code == 404 and "This link does not work" in page.content.decode()


def test_a_forged_or_other_purpose_link_is_refused(client, with_council):
    other = signing.TimestampSigner(salt="kinship.supporters.join").sign(str(with_council.pk))
    assert client.get(f"/scorecard/reply/{other}/").status_code == 404
    assert client.get(f"/scorecard/reply/{with_council.pk}/").status_code == 404
