"""Writes: the assessment workflow and the calculator's anonymous answers. Each service checks
who may do it and the state it starts from, and raises a domain error otherwise; views turn the
errors into messages.

assigned → (assessor submits) submitted → (a second person audits) audited, or back to assigned
→ (staff open the right of reply) with_council → (the council replies) deciding
→ (staff decide each disputed answer, and publish) published. Staff may publish from
with_council once the reply period is over without a reply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kinship.core.conf import setting_str
from kinship.core.outbox import email_enqueue
from kinship.geography.models import Area
from kinship.scorecard import selectors, tokens
from kinship.scorecard.conf import reply_link_days
from kinship.scorecard.models import (
    AllowanceReport,
    Answer,
    AnswerOption,
    Assessment,
    AssessmentStatus,
    CouncilReply,
    Criterion,
    ReplyDecision,
)
from kinship.scorecard.permissions import ASSESS, AUDIT, MANAGE


class ScorecardError(Exception):
    """Base for the scorecard's domain errors."""


class ConsentRequiredError(ScorecardError):
    """The carer did not agree to share their answer."""


class NotAllowedError(ScorecardError):
    """This person may not do this to this assessment."""


class WrongStateError(ScorecardError):
    """The assessment is not at the step this needs."""


class AlreadyInProgressError(ScorecardError):
    """The council already has an assessment in progress."""


class IncompleteError(ScorecardError):
    """Something required is missing; `problems` says what."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _require(user: Any, perm: str) -> None:
    if not (user.is_active and user.has_perm(perm)):
        raise NotAllowedError


def _require_state(assessment: Assessment, *states: str) -> None:
    if assessment.status not in states:
        raise WrongStateError


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def allowance_answer_record(
    *, council: Area, age_band: str, weekly_gbp: Decimal, consent: bool
) -> AllowanceReport:
    """Keep a carer's anonymous answer (their council, the age band, the weekly amount), with consent only."""
    if not consent:
        raise ConsentRequiredError
    return AllowanceReport.objects.create(council=council, age_band=age_band[:20], weekly_gbp=weekly_gbp)


# ---------------------------------------------------------------- assigning and answering


def assessment_assign(*, council: Area, assessor: Any, by: Any) -> Assessment:
    """Staff give a council to an assessor (a volunteer with an account and the assessor role)."""
    _require(by, MANAGE)
    if not council.is_childrens_services_authority:
        raise NotAllowedError
    if not (assessor.is_active and assessor.has_perm(ASSESS)):
        raise NotAllowedError
    try:
        with transaction.atomic():
            return Assessment.objects.create(council=council, assessor=assessor, assigned_by=by)
    except IntegrityError as exc:
        raise AlreadyInProgressError from exc


@dataclass(frozen=True)
class AnswerInput:
    option_value: str
    evidence_url: str = ""
    evidence_location: str = ""
    evidence_quote: str = ""
    evidence_seen_on: date | None = None
    notes: str = ""


def answer_problems(option: AnswerOption, data: AnswerInput) -> list[str]:
    """What an answer lacks: every answer needs the date the evidence was seen; an answer worth
    points needs the link, where on the page, and a quote (we never claim without evidence)."""
    problems = []
    if data.evidence_seen_on is None:
        problems.append("date seen")
    elif data.evidence_seen_on > timezone.localdate():
        problems.append("a date seen that is not in the future")
    if option.points:
        if not data.evidence_url:
            problems.append("link")
        if not data.evidence_location:
            problems.append("page or section")
        if not data.evidence_quote:
            problems.append("quote")
    return problems


@transaction.atomic
def answer_save(*, assessment: Assessment, criterion: Criterion, data: AnswerInput, by: Any) -> Answer:
    """The assessor answers one criterion with its evidence."""
    assessment = _locked(assessment)
    _require(by, ASSESS)
    if assessment.assessor_id != by.pk:
        raise NotAllowedError
    _require_state(assessment, AssessmentStatus.ASSIGNED)
    option = AnswerOption.objects.filter(criterion=criterion, value=data.option_value).first()
    if option is None or not criterion.is_active:
        raise IncompleteError(["answer"])
    problems = answer_problems(option, data)
    if problems:
        raise IncompleteError(problems)
    answer, _ = Answer.objects.update_or_create(
        assessment=assessment,
        criterion=criterion,
        defaults={
            "option": option,
            "evidence_url": data.evidence_url,
            "evidence_location": data.evidence_location,
            "evidence_quote": data.evidence_quote,
            "evidence_seen_on": data.evidence_seen_on,
            "notes": data.notes,
            "audit_agrees": None,
        },
    )
    return answer


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: Any) -> Assessment:
    """The assessor sends a complete assessment for audit."""
    assessment = _locked(assessment)
    if assessment.assessor_id != by.pk:
        raise NotAllowedError
    _require_state(assessment, AssessmentStatus.ASSIGNED)
    missing = selectors.assessment_scorecard(assessment).result.missing
    if missing:
        raise IncompleteError(missing)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    return assessment


# ---------------------------------------------------------------- audit


@dataclass(frozen=True)
class AuditVerdict:
    agrees: bool
    note: str = ""


@transaction.atomic
def assessment_audit(*, assessment: Assessment, verdicts: dict[int, AuditVerdict], by: Any) -> Assessment:
    """A second person checks every answer. All agreed: audited. Any disagreement: back to the
    assessor with the auditor's notes."""
    assessment = _locked(assessment)
    _require(by, AUDIT)
    if assessment.assessor_id == by.pk:
        raise NotAllowedError  # the second person must be a different person
    _require_state(assessment, AssessmentStatus.SUBMITTED)
    answers = list(assessment.answers.all())
    unanswered = [str(a.criterion_id) for a in answers if a.pk not in verdicts]
    if unanswered:
        raise IncompleteError(unanswered)
    for answer in answers:
        verdict = verdicts[answer.pk]
        if not verdict.agrees and not verdict.note.strip():
            raise IncompleteError([f"a note on why you disagree ({answer.criterion.slug})"])
        answer.audit_agrees = verdict.agrees
        answer.audit_note = verdict.note
        answer.save(update_fields=["audit_agrees", "audit_note", "updated_at"])
    assessment.auditor = by
    assessment.audited_at = timezone.now()
    all_agree = all(verdicts[a.pk].agrees for a in answers)
    assessment.status = AssessmentStatus.AUDITED if all_agree else AssessmentStatus.ASSIGNED
    assessment.save()
    return assessment


# ---------------------------------------------------------------- right of reply


def reply_path(assessment: Assessment) -> str:
    return reverse("scorecard:reply", kwargs={"token": tokens.reply_token(assessment.pk)})


@transaction.atomic
def assessment_open_reply(*, assessment: Assessment, officer_email: str, by: Any) -> str:
    """Staff offer the council its right of reply: a signed link emailed to a council officer
    (through the outbox) and shown to staff. Returns the link."""
    assessment = _locked(assessment)
    _require(by, MANAGE)
    _require_state(assessment, AssessmentStatus.AUDITED)
    assessment.status = AssessmentStatus.WITH_COUNCIL
    assessment.reply_opened_at = timezone.now()
    assessment.save()
    link = setting_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/") + reply_path(assessment)
    if officer_email:
        email_enqueue(
            kind="scorecard_reply",
            to=officer_email,
            template="scorecard/email/reply_invite",
            context={"council": assessment.council.name, "link": link, "days": reply_link_days()},
            language="cy" if assessment.council.code.startswith("W") else "en-gb",
        )
    return link


@dataclass(frozen=True)
class ReplyInput:
    agrees: bool
    comment: str = ""
    evidence_url: str = ""


@transaction.atomic
def council_reply_save(
    *, assessment: Assessment, replies: dict[int, ReplyInput], responder_role: str, comment: str
) -> Assessment:
    """A council officer, through the signed link, agrees or disagrees with each answer and may
    add evidence. Sends the assessment to staff to decide."""
    assessment = _locked(assessment)
    _require_state(assessment, AssessmentStatus.WITH_COUNCIL)
    answers = {a.pk: a for a in assessment.answers.select_related("criterion")}
    missing = [answers[pk].criterion.slug for pk in answers if pk not in replies]
    if missing:
        raise IncompleteError(missing)
    for pk, reply in replies.items():
        if pk not in answers:
            continue
        if not reply.agrees and not reply.comment.strip():
            raise IncompleteError([f"why you disagree ({answers[pk].criterion.slug})"])
        CouncilReply.objects.update_or_create(
            answer=answers[pk],
            defaults={
                "agrees": reply.agrees,
                "comment": reply.comment,
                "evidence_url": reply.evidence_url,
                "responder_role": responder_role,
            },
        )
    assessment.council_comment = comment
    assessment.reply_received_at = timezone.now()
    assessment.status = AssessmentStatus.DECIDING
    assessment.save()
    return assessment


# ---------------------------------------------------------------- decisions and publishing


@dataclass(frozen=True)
class DecisionInput:
    decision: str  # ReplyDecision
    reason: str
    new_option_value: str = ""


@transaction.atomic
def reply_decide(*, reply: CouncilReply, data: DecisionInput, by: Any) -> CouncilReply:
    """Staff decide on a council's disagreement and record why; a changed answer takes the new option."""
    assessment = _locked(reply.answer.assessment)
    _require(by, MANAGE)
    _require_state(assessment, AssessmentStatus.DECIDING)
    if data.decision not in ReplyDecision.values or not data.reason.strip():
        raise IncompleteError(["decision and reason"])
    answer = reply.answer
    if data.decision == ReplyDecision.CHANGED:
        option = AnswerOption.objects.filter(criterion=answer.criterion, value=data.new_option_value).first()
        if option is None:
            raise IncompleteError(["the new answer"])
        answer.option = option
        if reply.evidence_url:
            answer.evidence_url = reply.evidence_url
            answer.evidence_seen_on = timezone.localdate()
        answer.save()
    reply.decision = data.decision
    reply.decision_reason = data.reason
    reply.decided_by = by
    reply.decided_at = timezone.now()
    reply.save()
    return reply


def reply_period_over(assessment: Assessment, *, today: date | None = None) -> bool:
    if assessment.reply_opened_at is None:
        return False
    today = today or timezone.localdate()
    return (today - timezone.localdate(assessment.reply_opened_at)).days > reply_link_days()


@transaction.atomic
def assessment_publish(*, assessment: Assessment, by: Any) -> Assessment:
    """Staff publish: every disagreement decided, or the reply period over without a reply. The
    public "checked on" date is the oldest date the evidence was seen; a council's earlier
    published assessment is superseded."""
    assessment = _locked(assessment)
    _require(by, MANAGE)
    if assessment.status == AssessmentStatus.WITH_COUNCIL:
        if not reply_period_over(assessment):
            raise WrongStateError
    else:
        _require_state(assessment, AssessmentStatus.DECIDING)
    undecided = [
        r.answer.criterion.slug
        for r in CouncilReply.objects.filter(answer__assessment=assessment, agrees=False, decision="")
    ]
    if undecided:
        raise IncompleteError(undecided)
    seen = [d for d in assessment.answers.values_list("evidence_seen_on", flat=True) if d]
    Assessment.objects.filter(
        council=assessment.council, status=AssessmentStatus.PUBLISHED, superseded=False
    ).update(superseded=True)
    assessment.status = AssessmentStatus.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.checked_on = min(seen) if seen else timezone.localdate()
    assessment.save()
    return assessment
