"""Staff pages for the assessment workflow (login, a second factor and a permission each).
Thin: form → one service → domain errors become messages → redirect."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from kinship.geography.selectors import area_get, childrens_services_authorities
from kinship.scorecard import evidence, selectors, services
from kinship.scorecard.forms import AnswerForm, AssignForm, DecisionForm, OpenReplyForm
from kinship.scorecard.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    CouncilReply,
    Criterion,
    WatchedPage,
)
from kinship.scorecard.permissions import ASSESS, AUDIT, MANAGE

LOGIN_URL = reverse_lazy("admin:login")
View = Callable[..., HttpResponse]

ERRORS: dict[type[Exception], str] = {
    services.NotAllowedError: "You cannot do that to this assessment.",
    services.WrongStateError: "The assessment is not at that step any more. The page shows where it is now.",
    services.AlreadyInProgressError: "That council already has an assessment in progress.",
}


def staff_permission(perm: str) -> Callable[[View], View]:
    """Logged-in staff (with a second factor, by the staff middleware) holding `perm`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not (request.user.is_staff and request.user.has_perm(perm)):
                return HttpResponseForbidden(render(request, "scorecard/staff/forbidden.html").content)
            return view(request, *args, **kwargs)

        return login_required(inner, login_url=LOGIN_URL)

    return decorator


def _problem(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, services.IncompleteError):
        messages.error(request, "Still needed: " + ", ".join(exc.problems))
    else:
        messages.error(request, ERRORS.get(type(exc), "That did not work."))


def _back(assessment_id: int) -> HttpResponse:
    return redirect("scorecard_staff:detail", assessment_id=assessment_id)


@staff_permission("scorecard.view_assessment")
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated
    assessments = Assessment.objects.select_related("council", "assessor", "auditor").order_by(
        "status", "council__name"
    )
    context: dict[str, Any] = {
        "mine": assessments.filter(assessor=user).exclude(status=AssessmentStatus.PUBLISHED),
        "to_audit": assessments.filter(status=AssessmentStatus.SUBMITTED).exclude(assessor=user)
        if user.has_perm(AUDIT)
        else [],
        "all": assessments.filter(superseded=False)[:500] if user.has_perm(MANAGE) else [],
        "flagged": evidence.flagged_pages().count(),
    }
    if user.has_perm(MANAGE):
        context["assign_form"] = _assign_form()
    return render(request, "scorecard/staff/index.html", context)


def _assign_form(data: Any = None) -> AssignForm:
    busy = Assessment.objects.exclude(status=AssessmentStatus.PUBLISHED).values("council_id")
    councils = [(a.code, a.name) for a in childrens_services_authorities().exclude(pk__in=busy)]
    perm_q = Q(groups__permissions__codename="assess_assessment") | Q(
        user_permissions__codename="assess_assessment"
    )
    users = (
        get_user_model().objects.filter(is_active=True, is_staff=True).filter(perm_q | Q(is_superuser=True))
    )
    assessors = [(str(u.pk), u.get_username()) for u in users.distinct().order_by("username")]
    return AssignForm(data, councils=councils, assessors=assessors)


@require_POST
@staff_permission(MANAGE)
def assign(request: HttpRequest) -> HttpResponse:
    form = _assign_form(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a council and an assessor.")
        return redirect("scorecard_staff:index")
    council = area_get(code=form.cleaned_data["council"])
    assessor = get_user_model().objects.filter(pk=form.cleaned_data["assessor"]).first()
    if council is None or assessor is None:
        messages.error(request, "Choose a council and an assessor.")
        return redirect("scorecard_staff:index")
    try:
        assessment = services.assessment_assign(council=council, assessor=assessor, by=request.user)
    except services.ScorecardError as exc:
        _problem(request, exc)
        return redirect("scorecard_staff:index")
    messages.success(request, f"{council.name} assigned to {assessor.get_username()}.")
    return _back(assessment.pk)


def _history(assessment: Assessment) -> list[dict[str, Any]]:
    """Every change to the assessment, its answers and the council's replies, newest first."""
    rows: list[dict[str, Any]] = []
    for record in assessment.history.all():  # type: ignore[attr-defined]
        rows.append(
            {"when": record.history_date, "who": record.history_user, "what": f"Status: {record.status}"}
        )
    answer_ids = list(assessment.answers.values_list("pk", flat=True))
    for record in Answer.history.filter(id__in=answer_ids).select_related("history_user"):  # type: ignore[attr-defined]
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": f"Answer {record.criterion_id}: {record.option_id or '—'} (audit {record.audit_agrees})",
            }
        )
    for record in CouncilReply.history.filter(answer_id__in=answer_ids):  # type: ignore[attr-defined]
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": f"Council reply to answer {record.answer_id}: agrees={record.agrees} decision={record.decision or '—'}",
            }
        )
    return sorted(rows, key=lambda r: r["when"], reverse=True)[:200]


@staff_permission("scorecard.view_assessment")
def detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("council", "assessor"), pk=assessment_id)
    user = request.user
    card = selectors.assessment_scorecard(assessment)
    can_answer = (
        assessment.assessor_id == user.pk
        and assessment.status == AssessmentStatus.ASSIGNED
        and user.has_perm(ASSESS)
    )
    rows = []
    for section in card.sections:
        for row in section.criteria:
            form = None
            if can_answer:
                answer = row.answer
                initial = (
                    {
                        "option": answer.option.value if answer.option else "",
                        "evidence_url": answer.evidence_url,
                        "evidence_location": answer.evidence_location,
                        "evidence_quote": answer.evidence_quote,
                        "evidence_seen_on": answer.evidence_seen_on,
                        "notes": answer.notes,
                    }
                    if answer
                    else {}
                )
                form = AnswerForm(criterion=row.criterion, initial=initial)
            reply = getattr(row.answer, "reply", None) if row.answer else None
            decision_form = (
                DecisionForm(criterion=row.criterion, prefix=f"r{reply.pk}")
                if reply
                and not reply.agrees
                and not reply.decision
                and user.has_perm(MANAGE)
                and assessment.status == AssessmentStatus.DECIDING
                else None
            )
            rows.append(
                {"section": section, "row": row, "form": form, "reply": reply, "decision_form": decision_form}
            )
    context = {
        "assessment": assessment,
        "card": card,
        "rows": rows,
        "can_answer": can_answer,
        "can_audit": assessment.status == AssessmentStatus.SUBMITTED
        and user.has_perm(AUDIT)
        and assessment.assessor_id != user.pk,
        "can_manage": user.has_perm(MANAGE),
        "open_reply_form": OpenReplyForm(initial={"officer_email": assessment.council.contact_email}),
        "reply_link": request.build_absolute_uri(services.reply_path(assessment))
        if assessment.status == AssessmentStatus.WITH_COUNCIL and user.has_perm(MANAGE)
        else "",
        "reply_period_over": services.reply_period_over(assessment),
        "history": _history(assessment),
        "statuses": AssessmentStatus,
    }
    return render(request, "scorecard/staff/detail.html", context)


@require_POST
@staff_permission(ASSESS)
def answer(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment, pk=assessment_id)
    criterion = get_object_or_404(Criterion.objects.prefetch_related("options"), pk=criterion_id)
    form = AnswerForm(request.POST, criterion=criterion)
    if not form.is_valid():
        messages.error(
            request,
            f"{criterion.question}: " + "; ".join(str(e) for errs in form.errors.values() for e in errs),
        )
        return _back(assessment.pk)
    data = services.AnswerInput(
        option_value=form.cleaned_data["option"],
        evidence_url=form.cleaned_data["evidence_url"],
        evidence_location=form.cleaned_data["evidence_location"],
        evidence_quote=form.cleaned_data["evidence_quote"],
        evidence_seen_on=form.cleaned_data["evidence_seen_on"],
        notes=form.cleaned_data["notes"],
    )
    try:
        services.answer_save(assessment=assessment, criterion=criterion, data=data, by=request.user)
    except services.ScorecardError as exc:
        _problem(request, exc)
    else:
        messages.success(request, "Answer saved.")
    return _back(assessment.pk)


@require_POST
@staff_permission(ASSESS)
def submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment, pk=assessment_id)
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except services.ScorecardError as exc:
        _problem(request, exc)
    else:
        messages.success(request, "Sent for audit.")
    return _back(assessment.pk)


@require_POST
@staff_permission(AUDIT)
def audit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment, pk=assessment_id)
    verdicts = {}
    for answer_row in assessment.answers.all():
        choice = request.POST.get(f"agree-{answer_row.pk}", "")
        if choice in ("yes", "no"):
            verdicts[answer_row.pk] = services.AuditVerdict(
                agrees=choice == "yes", note=request.POST.get(f"note-{answer_row.pk}", "")[:4000]
            )
    try:
        result = services.assessment_audit(assessment=assessment, verdicts=verdicts, by=request.user)
    except services.ScorecardError as exc:
        _problem(request, exc)
    else:
        messages.success(
            request,
            "Audit recorded: ready for the council's reply."
            if result.status == AssessmentStatus.AUDITED
            else "Audit recorded: sent back to the assessor with your notes.",
        )
    return _back(assessment.pk)


@require_POST
@staff_permission(MANAGE)
def open_reply(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("council"), pk=assessment_id)
    form = OpenReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter an email address in the correct format, or leave it blank.")
        return _back(assessment.pk)
    try:
        services.assessment_open_reply(
            assessment=assessment, officer_email=form.cleaned_data["officer_email"], by=request.user
        )
    except services.ScorecardError as exc:
        _problem(request, exc)
    else:
        messages.success(request, "The council's right of reply is open.")
    return _back(assessment.pk)


@require_POST
@staff_permission(MANAGE)
def decide(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = get_object_or_404(
        CouncilReply.objects.select_related("answer__criterion", "answer__assessment"), pk=reply_id
    )
    form = DecisionForm(request.POST, criterion=reply.answer.criterion, prefix=f"r{reply.pk}")
    assessment_id = reply.answer.assessment_id
    if not form.is_valid():
        messages.error(request, "Choose a decision and say why.")
        return _back(assessment_id)
    data = services.DecisionInput(
        decision=form.cleaned_data["decision"],
        reason=form.cleaned_data["reason"],
        new_option_value=form.cleaned_data["new_option"],
    )
    try:
        services.reply_decide(reply=reply, data=data, by=request.user)
    except services.ScorecardError as exc:
        _problem(request, exc)
    else:
        messages.success(request, "Decision recorded.")
    return _back(assessment_id)


@require_POST
@staff_permission(MANAGE)
def publish(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment, pk=assessment_id)
    try:
        services.assessment_publish(assessment=assessment, by=request.user)
    except services.ScorecardError as exc:
        _problem(request, exc)
    else:
        messages.success(request, "Published.")
    return _back(assessment.pk)


@staff_permission(ASSESS)
def flagged(request: HttpRequest) -> HttpResponse:
    """Evidence pages that disappeared, moved or changed: old and new text side by side."""
    return render(request, "scorecard/staff/flagged.html", {"pages": evidence.flagged_pages()[:200]})


@require_POST
@staff_permission(ASSESS)
def flagged_reviewed(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(WatchedPage, pk=page_id)
    evidence.watched_page_reviewed(page=page, by=request.user)
    messages.success(request, "Marked as checked.")
    return redirect("scorecard_staff:flagged")
