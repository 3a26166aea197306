"""Taking action: choose, write, preview, submit, confirm; letters, calls, replies, my actions.

Views stay thin: form → one service or selector → domain errors become messages → render.
Every page works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kinship.campaigns.models import Action, ActionKind
from kinship.campaigns.selectors import (
    action_get_public,
    action_is_open,
    action_next,
    action_total,
    count_is_shown,
)
from kinship.core.i18n import is_welsh, localised
from kinship.core.pagecache import cached_page
from kinship.core.privacy import mask_email
from kinship.core.ratelimit import client_ip, rate_limit_exceeded
from kinship.core.share import share_links
from kinship.geography.selectors import childrens_services_authorities
from kinship.messaging import conf, selectors, services
from kinship.messaging.forms import (
    CallLogForm,
    ComposeForm,
    FollowUpForm,
    MyActionsRequestForm,
    PostcodeForm,
    ReplyForm,
    template_prompts,
)
from kinship.messaging.merge import merge
from kinship.messaging.models import (
    Channel,
    Message,
    MessageStatus,
    ReplyAnswer,
    Submission,
    SubmissionStatus,
)
from kinship.messaging.pdf import LetterUnavailableError, letter_pdf
from kinship.messaging.services import RateDecision, submission_rate_policy
from kinship.messaging.services.composition import action_lacks_welsh_text
from kinship.messaging.targets import Problem, Resolution, Target, resolve_targets, usable_targets
from kinship.supporters.selectors import supporter_has_joined


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _action_or_404(slug: str) -> Action:
    try:
        return action_get_public(slug=slug)
    except Action.DoesNotExist as exc:
        raise Http404 from exc


def _target_label(target: Target) -> str:
    return f"{target.name} – {target.role_label}" + (f", {target.area_name}" if target.area_name else "")


def _page_context(action: Action, **extra: Any) -> dict[str, Any]:
    total = action_total(action=action)
    return {
        "action": action,
        "campaign": action.campaign,
        "total": total,
        "total_shown": count_is_shown(campaign=action.campaign, count=total),
        "is_open": action_is_open(action),
        # Said on a Welsh page before the carer writes: the suggested words are English only.
        "no_welsh_text": is_welsh() and action_lacks_welsh_text(action),
        **extra,
    }


@require_http_methods(["GET"])
@cached_page(sources=("campaigns",))
def action_detail(request: HttpRequest, slug: str) -> HttpResponse:
    action = _action_or_404(slug)
    if action.takes_signatures:  # a petition has its own page (kinship.petitions)
        return redirect(services.action_take_url(action))
    return render(request, "messaging/action_detail.html", _page_context(action, form=_postcode_form(action)))


def _postcode_form(action: Action, data: dict[str, str] | None = None) -> PostcodeForm:
    return PostcodeForm(data, calling=action.kind == ActionKind.PHONE)


def _resolution_or_error(request: HttpRequest, action: Action, postcode: str) -> Resolution | HttpResponse:
    form = _postcode_form(action, {"postcode": postcode})
    if not form.is_valid():
        return render(request, "messaging/action_detail.html", _page_context(action, form=form), status=400)
    council = (request.POST if request.method == "POST" else request.GET).get("council", "")
    resolution = resolve_targets(action=action, postcode=form.cleaned_data["postcode"], council=council)
    if not resolution.ok:
        if resolution.problem != Problem.COUNCIL_UNKNOWN:  # not an error: the page asks which council
            form.add_error("postcode", resolution.problem_message)
        return render(
            request,
            "messaging/action_detail.html",
            _page_context(action, form=form, resolution=resolution, councils=_council_choices(resolution)),
            status=400 if resolution.problem_is_the_postcode else 200,
        )
    return resolution


def _council_choices(resolution: Resolution) -> Any:
    """The councils to choose from when we could not tell the carer's (None otherwise)."""
    if not resolution.asks_for_council:
        return None
    return childrens_services_authorities().only("code", "name", "name_cy")


def _compose_context(
    action: Action, resolution: Resolution, form: ComposeForm, **extra: Any
) -> dict[str, Any]:
    reachable = usable_targets(action, resolution.targets)
    unreachable = [t for t in resolution.targets if t not in reachable]
    office_ids = [t.office_id for t in resolution.targets if t.office_id]
    figures = selectors.responsiveness_by_office(office_ids=office_ids)
    council_codes = [resolution.council_code] if resolution.council_code else []
    council_figure = selectors.responsiveness_by_council(area_codes=council_codes).get(
        resolution.council_code
    )
    return _page_context(
        action,
        resolution=resolution,
        form=form,
        reachable_rows=[{"target": t, "figure": figures.get(t.office_id or 0)} for t in reachable],
        unreachable=unreachable,
        council_figure=council_figure,
        is_letter=action.kind == ActionKind.LETTER,
        councils=_council_choices(resolution),
        **extra,
    )


@require_http_methods(["GET", "POST"])
def action_write(request: HttpRequest, slug: str) -> HttpResponse:
    action = _action_or_404(slug)
    if action.kind == ActionKind.PHONE or action.takes_signatures:
        return redirect(services.action_take_url(action) + f"?{request.GET.urlencode()}")
    postcode = request.POST.get("postcode") if request.method == "POST" else request.GET.get("postcode", "")
    outcome = _resolution_or_error(request, action, postcode or "")
    if isinstance(outcome, HttpResponse):
        return outcome
    resolution = outcome
    reachable = usable_targets(action, resolution.targets)
    choices = [(t.key, _target_label(t)) for t in reachable]
    if request.method == "GET":
        seed = int.from_bytes(request.META.get("REMOTE_ADDR", "0").encode()[-2:] or b"0", "big")
        subject, body = services.template_texts(action=action, language=_language(), variant_seed=seed)
        shared = services.merge_values(
            target=reachable[0] if len(reachable) == 1 else None, resolution=resolution, sender_name=""
        )
        shared.pop("sender_name")
        form = ComposeForm(
            initial={
                "postcode": resolution.postcode,
                "targets": [t.key for t in reachable],
                "subject": merge(subject, shared),
                "body": merge(body, shared),
            },
            target_choices=choices,
        )
        return render(request, "messaging/action_write.html", _compose_context(action, resolution, form))

    form = ComposeForm(request.POST, target_choices=choices, placeholders=template_prompts(action))
    if not form.is_valid():
        return render(
            request, "messaging/action_write.html", _compose_context(action, resolution, form), status=400
        )
    chosen = form.cleaned_data["targets"]
    if not chosen:
        form.add_error("targets", _("Choose at least one person to write to"))
        return render(
            request, "messaging/action_write.html", _compose_context(action, resolution, form), status=400
        )
    if form.is_bot():
        # Look exactly like success; store nothing.
        return redirect("messaging:check_email", slug=action.slug)
    data = services.SubmissionInput(
        postcode=resolution.postcode,
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        email=form.cleaned_data["email"],
        address_line1=form.cleaned_data["address_line1"],
        address_line2=form.cleaned_data["address_line2"],
        town=form.cleaned_data["town"],
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        consent_contact=form.cleaned_data["consent_contact"],
        target_keys=chosen,
        council=resolution.chosen_council,
    )
    if "edit" in request.POST:
        return render(request, "messaging/action_write.html", _compose_context(action, resolution, form))
    if "send" not in request.POST:
        return _preview(request, action, resolution, form, data, [t for t in reachable if t.key in chosen])
    if _rate_limited(request, form):
        return render(
            request, "messaging/action_write.html", _compose_context(action, resolution, form), status=429
        )
    try:
        submission = services.submission_create(
            action=action, data=data, language=_language(), resolution=resolution
        )
    except (services.TargetsError, services.NoTargetsChosenError, services.MessageTooLongError) as exc:
        _add_submission_error(form, exc)
        return render(
            request, "messaging/action_write.html", _compose_context(action, resolution, form), status=400
        )
    if action.kind == ActionKind.LETTER:
        return redirect(services.letter_ready_path(submission))
    return redirect(services.check_email_path(submission))


def _add_submission_error(form: ComposeForm, exc: services.MessagingError) -> None:
    """The kind message for a submission the service refused."""
    if isinstance(exc, services.TargetsError):
        form.add_error(None, exc.resolution.problem_message)
    elif isinstance(exc, services.MessageTooLongError):
        form.add_error(
            "body",
            _(
                "Your message is too long once names and places are filled in. Please keep it under "
                "%(limit)s characters."
            )
            % {"limit": f"{exc.limit:,}"},
        )
    else:
        form.add_error("targets", _("Choose at least one person to write to"))


def _preview(
    request: HttpRequest,
    action: Action,
    resolution: Resolution,
    form: ComposeForm,
    data: services.SubmissionInput,
    chosen: list[Target],
) -> HttpResponse:
    """Step 2 of 3: one letter as the first person gets it, the list of everyone it goes to, and
    Send straight below (the others get the same letter with their own greeting)."""
    previews = services.message_preview(action=action, resolution=resolution, data=data, targets=chosen)
    first_target, subject, body = previews[0]
    return render(
        request,
        "messaging/action_preview.html",
        _page_context(
            action,
            form=form,
            resolution=resolution,
            is_letter=action.kind == ActionKind.LETTER,
            recipients=[_target_label(t) for t, _subject, _body in previews],
            letter={"to": _target_label(first_target), "subject": subject, "body": body},
            others=len(previews) - 1,
            hidden=_carried_fields(form, resolution, [t.key for t in chosen]),
        ),
    )


_CARRIED = ("first_name", "last_name", "email", "address_line1", "address_line2", "town", "subject", "body")


def _carried_fields(form: ComposeForm, resolution: Resolution, keys: list[str]) -> list[tuple[str, str]]:
    """What the carer wrote, carried through the preview page as hidden fields (no session needed),
    with the council they chose when we could not tell it."""
    fields = [("postcode", resolution.postcode), *(("targets", key) for key in keys)]
    if resolution.chosen_council:
        fields.append(("council", resolution.chosen_council))
    fields += [(name, form.cleaned_data[name]) for name in _CARRIED]
    if form.cleaned_data["consent_contact"]:
        fields.append(("consent_contact", "on"))
    return fields


def _rate_limited(request: HttpRequest, form: ComposeForm) -> bool:
    """The submission rate policy: refused for now, or asked the question (unless just answered)."""
    answered = bool(form.data.get("challenge")) and form.challenge_passed()
    decision = submission_rate_policy.decide(
        ip=client_ip(request), email=form.cleaned_data["email"], question_answered=answered
    )
    if decision == RateDecision.REFUSE:
        form.add_error(
            None,
            _("We have had a lot of messages from you in a short time. Please wait an hour and try again."),
        )
        return True
    if decision == RateDecision.ASK_QUESTION:
        form.set_challenge()
        form.add_error(
            "challenge_answer",
            _(
                "We have had a lot of messages from your connection. Please answer the question to show you are a person."
            ),
        )
        return True
    return False


def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    action = _action_or_404(slug)
    return render(request, "messaging/check_email.html", _page_context(action))


@never_cache
@require_http_methods(["GET", "POST"])
def check_email_sent(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """ "Check your email" for one submission: the address used (masked) and, on a POST, the
    email sent again (rate limited per submission and per connection, through the outbox)."""
    try:
        submission = services.submission_from_check_email_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    resent, problem = False, ""
    if request.method == "POST":
        limited = rate_limit_exceeded(
            scope="confirm-resend", identity=str(submission.pk), rate=conf.rate_confirmation_resend()
        ) or rate_limit_exceeded(
            scope="confirm-resend-ip", identity=client_ip(request), rate=conf.rate_submit_ip()
        )
        if limited:
            problem = _("We have sent it a few times already. Please wait an hour, then try again.")
        elif services.submission_confirmation_resend(submission=submission):
            resent = True
        else:
            return redirect("messaging:check_email", slug=submission.action.slug)
    context = _page_context(
        submission.action,
        masked_email=mask_email(submission.email),
        resend_allowed=submission.status == SubmissionStatus.AWAITING_CONFIRMATION,
        check_token=token,
        resent=resent,
        problem=problem,
    )
    return render(request, "messaging/check_email.html", context, status=429 if problem else 200)


@never_cache
def letter_ready(request: HttpRequest, token: str) -> HttpResponse:
    try:
        submission = services.submission_from_letter_ready_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    letters = [
        {"message": m, "url": services.letter_url(m)}
        for m in submission.messages.filter(channel=Channel.LETTER)
    ]
    return render(
        request,
        "messaging/letter_ready.html",
        _page_context(submission.action, submission=submission, letters=letters),
    )


def letter_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        message = services.message_from_letter_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    try:
        pdf = letter_pdf(message)  # whole, in memory, before anything is recorded or sent
    except LetterUnavailableError:
        unavailable = render(request, "messaging/letter_unavailable.html", status=503)
        unavailable["Retry-After"] = "300"
        unavailable["Cache-Control"] = "private, no-store"
        return unavailable
    services.letter_mark_downloaded(message=message)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-to-{message.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["POST"])
def letter_posted(request: HttpRequest, token: str) -> HttpResponse:
    """The carer tells us they posted their letter (a button, so a link scanner cannot)."""
    try:
        message = services.message_from_letter_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    if not services.letter_mark_posted(message=message):
        return render(request, "messaging/link_invalid.html", status=404)
    return render(
        request,
        "messaging/letter_posted.html",
        _page_context(
            message.action, message=message, my_actions_url=services.my_actions_url(message.submission)
        ),
    )


def _letter_row(message: Message) -> dict[str, Any]:
    """A letter as the carer's pages show it: its state, and the links it needs."""
    return {
        "message": message,
        "letter_url": services.letter_url(message) if message.body else "",
        "posted_url": services.letter_posted_url(message) if message.is_letter_to_post else "",
    }


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, services.LinkExpiredError):
        return render(request, "messaging/link_expired.html", status=410)
    return render(request, "messaging/link_invalid.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners follow links, people press buttons.
    try:
        if request.method == "POST":
            services.submission_confirm(token=token)
            return redirect("messaging:confirm", token=token)
        submission = services.submission_from_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    messages = list(submission.messages.all())
    letters = [_letter_row(m) for m in messages if m.channel == Channel.LETTER]
    return render(
        request,
        "messaging/confirm.html",
        _page_context(
            submission.action,
            submission=submission,
            messages_list=messages,
            confirmed=submission.status == SubmissionStatus.CONFIRMED,
            withheld=any(m.status == MessageStatus.WITHHELD for m in messages),
            letters=letters,
            is_letter=bool(letters),
            my_actions_url=services.my_actions_url(submission),
            **(_what_next(submission) if submission.status == SubmissionStatus.CONFIRMED else {}),
        ),
    )


def _what_next(submission: Submission) -> dict[str, Any]:
    """The thank-you page leads on: share the campaign, the next action (with the postcode
    carried), and joining the campaign if they have not."""
    action, campaign = submission.action, submission.action.campaign
    following = action_next(action=action, nation=submission.nation)
    text = _("I have just taken action for kinship families. Will you join me?")
    if campaign.hashtag:
        text = f"{text} {campaign.hashtag}"
    return {
        "share_links": share_links(url=f"{settings.SITE_URL}{campaign.get_absolute_url()}", text=text),
        "next_action": following,
        "next_url": services.action_take_url(following, postcode=submission.postcode) if following else "",
        "show_join": campaign.accepts_supporters
        and not supporter_has_joined(email=submission.email, campaign=campaign),
    }


@require_http_methods(["GET", "POST"])
def action_call(request: HttpRequest, slug: str) -> HttpResponse:
    action = _action_or_404(slug)
    postcode = request.POST.get("postcode") if request.method == "POST" else request.GET.get("postcode", "")
    outcome = _resolution_or_error(request, action, postcode or "")
    if isinstance(outcome, HttpResponse):
        return outcome
    resolution = outcome
    targets = usable_targets(action, resolution.targets)
    scripts = []
    script = localised(action, "phone_script")
    for target in targets:
        values = services.merge_values(target=target, resolution=resolution, sender_name="")
        scripts.append({"target": target, "script": merge(script, values)})
    form = CallLogForm(request.POST or None, initial={"postcode": resolution.postcode})
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="call-log-ip", identity=client_ip(request), rate=conf.rate_call_log_ip()
        ):
            form.add_error(None, _("Too many call logs from your connection. Please try again later."))
        else:
            called = next((t for t in targets if t.key == form.cleaned_data["target"]), None)
            services.call_log_record(action=action, target=called, outcome=form.cleaned_data["outcome"])
            return render(request, "messaging/call_logged.html", _page_context(action))
    status = 400 if form.errors else 200
    return render(
        request,
        "messaging/action_call.html",
        _page_context(
            action, resolution=resolution, scripts=scripts, form=form, councils=_council_choices(resolution)
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def my_actions_request(request: HttpRequest) -> HttpResponse:
    form = MyActionsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="my-actions", identity=client_ip(request), rate=conf.rate_my_actions_request()
        ):
            form.add_error(None, _("Too many requests in a short time. Please wait an hour and try again."))
        else:
            services.my_actions_request(email=form.cleaned_data["email"], language=_language())
            return render(request, "messaging/my_actions_sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/my_actions_request.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def my_actions(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = services.email_from_my_actions_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    submissions = selectors.submissions_for_email(email=email)
    rows = []
    for sub in submissions:
        for m in sub.messages.all():
            if m.channel == Channel.LETTER:
                letter = _letter_row(m)
            else:  # an email that did not arrive can still be printed and posted
                printable = m.did_not_arrive and bool(m.body)
                letter = {"letter_url": services.letter_url(m) if printable else "", "posted_url": ""}
            rows.append(
                {
                    **letter,
                    "submission": sub,
                    "message": m,
                    "reply_url": services.reply_url(m) if m.may_ask_about_reply else "",
                }
            )
    response = render(request, "messaging/my_actions.html", {"rows": rows, "token": token})
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def my_actions_erase(request: HttpRequest, token: str) -> HttpResponse:
    """ "Delete my messages": a page that says what will be lost and asks once; only its own
    button (a POST) deletes. Works without JavaScript."""
    try:
        email = services.email_from_my_actions_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.messages_erase_by_email(email=email)
        return render(request, "messaging/my_actions_erased.html")
    summary = selectors.erasure_summary(email=email)
    if not summary.messages:
        return redirect("messaging:my_actions", token=token)
    response = render(request, "messaging/my_actions_erase.html", {"summary": summary, "token": token})
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    try:
        message = services.message_from_reply_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    form = ReplyForm(request.POST or None, initial={"answer": message.reply_answer or None})
    if request.method == "POST" and form.is_valid():
        services.reply_record(message=message, answer=form.cleaned_data["answer"])
        if form.cleaned_data["answer"] == ReplyAnswer.NO:
            return redirect("messaging:followup", token=token)
        return render(request, "messaging/reply_thanks.html", {"message": message})
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/reply.html", {"message": message, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def followup(request: HttpRequest, token: str) -> HttpResponse:
    try:
        message = services.message_from_reply_token(token)
    except (services.LinkExpiredError, services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    try:
        services.followup_check(message=message)
    except services.FollowUpNotAllowedError as exc:
        return _followup_unavailable(request, message, token, exc)
    same, up = services.followup_targets(message=message)
    subject, body = services.followup_draft(message=message)
    form = FollowUpForm(
        request.POST or None,
        can_go_up=up is not None,
        initial={"who": "same", "subject": subject, "body": body},
    )
    if request.method == "POST" and form.is_valid():
        chosen: Target = up if form.cleaned_data["who"] == "next" and up is not None else same
        written = _followup_write(request, message, token, form, chosen)
        if written is not None:
            return written
    status = 400 if request.method == "POST" else 200
    return render(
        request, "messaging/followup.html", {"message": message, "form": form, "up": up}, status=status
    )


def _followup_write(
    request: HttpRequest, message: Message, token: str, form: FollowUpForm, target: Target
) -> HttpResponse | None:
    """A follow-up goes the way a first message does: the same rate limits, then stored to be
    confirmed from the carer's inbox. None when the form is shown again with an error."""
    decision = submission_rate_policy.decide(ip=client_ip(request), email=message.submission.email)
    if decision != RateDecision.ALLOW:
        form.add_error(
            None,
            _("We have had a lot of messages from you in a short time. Please wait an hour and try again."),
        )
        return None
    try:
        services.followup_send(
            message=message,
            target=target,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
    except services.FollowUpNotAllowedError as exc:
        return _followup_unavailable(request, message, token, exc)
    except services.MessageTooLongError as exc:
        form.add_error(
            "body",
            _("Your follow-up is too long. Please keep it under %(limit)s characters.")
            % {"limit": f"{exc.limit:,}"},
        )
        return None
    return render(request, "messaging/check_email.html", _page_context(message.action))


def _followup_unavailable(
    request: HttpRequest, message: Message, token: str, exc: services.FollowUpNotAllowedError
) -> HttpResponse:
    """Why no follow-up can be written now, kindly, with what to do instead."""
    due_on = timezone.localtime(exc.due_at).date() if exc.due_at else None
    context = {"message": message, "reason": exc.reason, "due_on": due_on, "reply_token": token}
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/followup_unavailable.html", context, status=status)
