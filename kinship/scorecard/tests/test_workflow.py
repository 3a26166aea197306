"""The assessment workflow: each step, who may take it, and the history kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kinship.scorecard import services
from kinship.scorecard.models import Answer, Assessment, AssessmentStatus, CouncilReply
from kinship.scorecard.selectors import active_criteria, published_assessment_for, ratings_by_council
from kinship.scorecard.tests.factories import (
    answered,
    assessor,
    best_answer,
    council,
    load_criteria,
    manager,
    person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    load_criteria()
    return {"ann": assessor("ann"), "bob": assessor("bob"), "meg": manager("meg"), "nobody": person("nobody")}


@pytest.fixture
def assessment(people):
    return services.assessment_assign(council=council(), assessor=people["ann"], by=people["meg"])


def _to_audited(assessment, people):
    answered(assessment, worst=("specialist-team",))
    services.assessment_submit(assessment=assessment, by=people["ann"])
    verdicts = {a.pk: services.AuditVerdict(agrees=True) for a in assessment.answers.all()}
    return services.assessment_audit(assessment=assessment, verdicts=verdicts, by=people["bob"])


def _to_deciding(assessment, people, *, disagree_on="specialist-team"):
    _to_audited(assessment, people)
    services.assessment_open_reply(assessment=assessment, officer_email="", by=people["meg"])
    replies = {}
    for answer in assessment.answers.select_related("criterion"):
        if answer.criterion.slug == disagree_on:
            replies[answer.pk] = services.ReplyInput(
                agrees=False, comment="We have a team.", evidence_url="https://council.example.org/team"
            )
        else:
            replies[answer.pk] = services.ReplyInput(agrees=True)
    return services.council_reply_save(
        assessment=assessment, replies=replies, responder_role="Head of service", comment="Thanks"
    )


# ---------------------------------------------------------------- assigning


def test_only_managers_assign(people):
    with pytest.raises(services.NotAllowedError):
        services.assessment_assign(council=council(), assessor=people["ann"], by=people["bob"])


def test_only_assessors_can_be_assigned(people):
    with pytest.raises(services.NotAllowedError):
        services.assessment_assign(council=council(), assessor=people["nobody"], by=people["meg"])


def test_one_assessment_in_progress_per_council(people, assessment):
    with pytest.raises(services.AlreadyInProgressError):
        services.assessment_assign(council=council(), assessor=people["bob"], by=people["meg"])


def test_a_district_is_not_assessed(people):
    district = council("E07900001", "Fictionham", "district")
    with pytest.raises(services.NotAllowedError):
        services.assessment_assign(council=district, assessor=people["ann"], by=people["meg"])


# ---------------------------------------------------------------- answering


def test_only_the_assigned_assessor_answers(people, assessment):
    criterion = active_criteria().first()
    with pytest.raises(services.NotAllowedError):
        services.answer_save(
            assessment=assessment, criterion=criterion, data=best_answer(criterion), by=people["bob"]
        )


def test_an_answer_worth_points_needs_link_place_quote_and_date(people, assessment):
    criterion = active_criteria().get(slug="specialist-team")
    data = services.AnswerInput(option_value="yes")
    with pytest.raises(services.IncompleteError) as info:
        services.answer_save(assessment=assessment, criterion=criterion, data=data, by=people["ann"])
    assert info.value.problems == ["date seen", "link", "page or section", "quote"]
    assert not Answer.objects.exists()


def test_a_date_seen_in_the_future_is_refused(people, assessment):
    criterion = active_criteria().get(slug="named-lead")
    data = services.AnswerInput(option_value="no", evidence_seen_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(services.IncompleteError):
        services.answer_save(assessment=assessment, criterion=criterion, data=data, by=people["ann"])


def test_an_incomplete_assessment_cannot_be_sent_for_audit(people, assessment):
    criterion = active_criteria().first()
    services.answer_save(
        assessment=assessment, criterion=criterion, data=best_answer(criterion), by=people["ann"]
    )
    with pytest.raises(services.IncompleteError):
        services.assessment_submit(assessment=assessment, by=people["ann"])


# ---------------------------------------------------------------- audit


def test_the_assessor_cannot_audit_their_own_work(people, assessment):
    answered(assessment)
    services.assessment_submit(assessment=assessment, by=people["ann"])
    verdicts = {a.pk: services.AuditVerdict(agrees=True) for a in assessment.answers.all()}
    with pytest.raises(services.NotAllowedError):
        services.assessment_audit(assessment=assessment, verdicts=verdicts, by=people["ann"])


def test_a_disagreeing_audit_sends_it_back_with_notes(people, assessment):
    answered(assessment)
    services.assessment_submit(assessment=assessment, by=people["ann"])
    answers = list(assessment.answers.all())
    verdicts = {a.pk: services.AuditVerdict(agrees=True) for a in answers}
    verdicts[answers[0].pk] = services.AuditVerdict(agrees=False, note="The policy is from 2019.")
    result = services.assessment_audit(assessment=assessment, verdicts=verdicts, by=people["bob"])
    assert result.status == AssessmentStatus.ASSIGNED
    assert Answer.objects.get(pk=answers[0].pk).audit_note == "The policy is from 2019."


def test_disagreeing_needs_a_note(people, assessment):
    answered(assessment)
    services.assessment_submit(assessment=assessment, by=people["ann"])
    verdicts = {a.pk: services.AuditVerdict(agrees=False) for a in assessment.answers.all()}
    with pytest.raises(services.IncompleteError):
        services.assessment_audit(assessment=assessment, verdicts=verdicts, by=people["bob"])


def test_a_full_audit_makes_it_ready_for_the_council(people, assessment):
    assert _to_audited(assessment, people).status == AssessmentStatus.AUDITED


# ---------------------------------------------------------------- right of reply, decisions, publishing


def test_opening_the_reply_emails_the_officer_through_the_outbox(people, assessment):
    from kinship.core.models import OutboundEmail

    _to_audited(assessment, people)
    link = services.assessment_open_reply(
        assessment=assessment, officer_email="officer@council.example.org", by=people["meg"]
    )
    assert "/scorecard/reply/" in link
    email = OutboundEmail.objects.get(kind="scorecard_reply")
    assert link in email.text_body and "Exampleborough" in email.subject


def test_only_managers_open_the_reply(people, assessment):
    _to_audited(assessment, people)
    with pytest.raises(services.NotAllowedError):
        services.assessment_open_reply(assessment=assessment, officer_email="", by=people["bob"])


def test_the_council_must_answer_every_answer_and_say_why_it_disagrees(people, assessment):
    _to_audited(assessment, people)
    services.assessment_open_reply(assessment=assessment, officer_email="", by=people["meg"])
    answers = list(assessment.answers.all())
    with pytest.raises(services.IncompleteError):
        services.council_reply_save(assessment=assessment, replies={}, responder_role="", comment="")
    replies = {a.pk: services.ReplyInput(agrees=False) for a in answers}
    with pytest.raises(services.IncompleteError):
        services.council_reply_save(assessment=assessment, replies=replies, responder_role="", comment="")
    assert not CouncilReply.objects.exists()


def test_publishing_needs_every_disagreement_decided(people, assessment):
    _to_deciding(assessment, people)
    with pytest.raises(services.IncompleteError):
        services.assessment_publish(assessment=assessment, by=people["meg"])


def test_a_decision_needs_a_reason_and_only_managers_decide(people, assessment):
    _to_deciding(assessment, people)
    reply = CouncilReply.objects.get(agrees=False)
    with pytest.raises(services.IncompleteError):
        services.reply_decide(
            reply=reply, data=services.DecisionInput(decision="kept", reason=" "), by=people["meg"]
        )
    with pytest.raises(services.NotAllowedError):
        services.reply_decide(
            reply=reply, data=services.DecisionInput(decision="kept", reason="No"), by=people["bob"]
        )


def test_a_changed_answer_takes_the_councils_evidence_and_publishing_scores_it(people, assessment):
    _to_deciding(assessment, people)
    reply = CouncilReply.objects.get(agrees=False)
    services.reply_decide(
        reply=reply,
        data=services.DecisionInput(
            decision="changed", reason="Their page names the team.", new_option_value="yes"
        ),
        by=people["meg"],
    )
    published = services.assessment_publish(assessment=assessment, by=people["meg"])
    assert published.status == AssessmentStatus.PUBLISHED
    assert published.checked_on is not None
    answer = Answer.objects.get(pk=reply.answer_id)
    assert answer.option.value == "yes" and answer.evidence_url == "https://council.example.org/team"
    rating = ratings_by_council()["E06900001"]
    assert rating.percent == 100 and rating.rating == "clear_and_supportive"


def test_without_a_reply_publishing_waits_for_the_reply_period(people, assessment, settings):
    _to_audited(assessment, people)
    services.assessment_open_reply(assessment=assessment, officer_email="", by=people["meg"])
    with pytest.raises(services.WrongStateError):
        services.assessment_publish(assessment=assessment, by=people["meg"])
    Assessment.objects.filter(pk=assessment.pk).update(reply_opened_at=timezone.now() - timedelta(days=40))
    assessment.refresh_from_db()
    assert services.assessment_publish(assessment=assessment, by=people["meg"]).status == "published"


def test_only_published_assessments_are_public(people, assessment):
    _to_audited(assessment, people)
    assert published_assessment_for(council_code="E06900001") is None
    assert ratings_by_council() == {}


def test_a_new_published_assessment_supersedes_the_old(people, assessment):
    _to_deciding(assessment, people, disagree_on="none")
    services.assessment_publish(assessment=assessment, by=people["meg"])
    second = services.assessment_assign(council=council(), assessor=people["bob"], by=people["meg"])
    answered(second, worst=("named-lead",))
    services.assessment_submit(assessment=second, by=people["bob"])
    services.assessment_audit(
        assessment=second,
        verdicts={a.pk: services.AuditVerdict(agrees=True) for a in second.answers.all()},
        by=people["ann"],
    )
    services.assessment_open_reply(assessment=second, officer_email="", by=people["meg"])
    services.council_reply_save(
        assessment=second,
        replies={a.pk: services.ReplyInput(agrees=True) for a in second.answers.all()},
        responder_role="",
        comment="",
    )
    services.assessment_publish(assessment=second, by=people["meg"])
    assert published_assessment_for(council_code="E06900001").pk == second.pk
    assert Assessment.objects.get(pk=assessment.pk).superseded


def test_every_change_is_kept_in_history(people, assessment):
    _to_deciding(assessment, people)
    statuses = list(assessment.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[0] == "assigned" and statuses[-1] == "deciding"
    assert "audited" in statuses and "with_council" in statuses
    answer = assessment.answers.first()
    assert answer.history.count() >= 2  # answered, then audited
