"""Joining, confirming, unsubscribing and data rights. Views stay thin: form → service → page."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kinship.campaigns.models import Campaign
from kinship.campaigns.selectors import campaign_get_public, campaign_get_public_cached
from kinship.core.forms import bound_form
from kinship.core.privacy import mask_email
from kinship.core.ratelimit import RateDecision, client_ip, rate_limit_exceeded
from kinship.supporters import conf, services
from kinship.supporters.forms import DataRequestForm, EraseConfirmForm, JoinForm


def _campaign_or_404(slug: str, *, cached: bool = False) -> Campaign:
    """`cached`: the per-process copy, seconds old at most (for the join POST at a peak)."""
    try:
        return campaign_get_public_cached(slug=slug) if cached else campaign_get_public(slug=slug)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The kind page for a link that is too old (410) or broken (404)."""
    if isinstance(exc, services.LinkExpiredError):
        return render(request, "supporters/link_expired.html", status=410)
    return render(request, "supporters/link_invalid.html", status=404)


LINK_ERRORS = (services.LinkExpiredError, services.LinkInvalidError)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug, cached=request.method == "POST")
    if not campaign.accepts_supporters:
        return render(request, "supporters/join_closed.html", {"campaign": campaign})
    # Bound only to a non-empty POST, as `JoinForm(request.POST or None)` would be; its fields
    # are made once per process (core.forms.bound_form), not deep-copied for every sign-up.
    form = bound_form(JoinForm, request.POST) if request.POST else JoinForm()
    if request.method == "POST":
        if form.is_valid():
            if form.is_bot():
                # Look exactly like success; store nothing.
                return redirect("supporters:join_check_email", slug=campaign.slug)
            email = form.cleaned_data["email"]
            if not _join_rate_limited(request, form):
                data = services.JoinInput(
                    name=form.cleaned_data["name"],
                    email=email,
                    postcode=form.cleaned_data["postcode"],
                    is_kinship_carer=form.cleaned_data["is_kinship_carer"],
                    consent_contact=form.cleaned_data["consent_contact"],
                )
                try:
                    signup = services.supporter_join(
                        campaign=campaign,
                        data=data,
                        source_url=request.build_absolute_uri(),
                        language=_language(),
                    )
                except services.CampaignNotOpenError:
                    return render(request, "supporters/join_closed.html", {"campaign": campaign})
                return redirect(services.join_check_email_path(signup))
        status = 400
    else:
        status = 200
    return render(request, "supporters/join.html", {"campaign": campaign, "form": form}, status=status)


def _join_rate_limited(request: HttpRequest, form: JoinForm) -> bool:
    """The sign-up rate policy: refused for now, or asked the question (unless just answered)."""
    answered = bool(form.data.get("challenge")) and form.challenge_passed()
    decision = services.join_rate_decision(
        ip=client_ip(request), email=form.cleaned_data["email"], question_answered=answered
    )
    if decision == RateDecision.REFUSE:
        form.add_error(
            None,
            _("We have had a lot of sign-ups from you in a short time. Please wait an hour and try again."),
        )
        return True
    if decision == RateDecision.ASK_QUESTION:
        form.set_challenge()
        form.add_error(
            "challenge_answer",
            _(
                "We have had a lot of sign-ups from your connection. Please answer the question to show you are a person."
            ),
        )
        return True
    return False


def join_check_email(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    return render(request, "supporters/join_check_email.html", {"campaign": campaign})


@never_cache
@require_http_methods(["GET", "POST"])
def join_check_email_sent(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """ "Check your email" for one sign-up: the address used (masked) and, on a POST, the email
    sent again (rate limited per sign-up and per connection, through the outbox)."""
    try:
        signup = services.signup_from_check_email_token(token)
    except LINK_ERRORS as exc:
        return _link_problem(request, exc)
    resent, problem = False, ""
    if request.method == "POST":
        if rate_limit_exceeded(
            scope="join-resend", identity=str(signup.pk), rate=conf.rate_join_resend()
        ) or rate_limit_exceeded(
            scope="join-resend-ip", identity=client_ip(request), rate=conf.rate_join_ip()
        ):
            problem = _("We have sent it a few times already. Please wait an hour, then try again.")
        else:
            services.signup_confirmation_resend(signup=signup)
            resent = True
    context = {
        "campaign": signup.campaign,
        "masked_email": mask_email(signup.supporter.email),
        "resend_allowed": True,
        "resent": resent,
        "problem": problem,
    }
    return render(request, "supporters/join_check_email.html", context, status=429 if problem else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def join_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners follow links, people press buttons.
    try:
        signup = services.signup_from_token(token)
    except LINK_ERRORS as exc:
        return _link_problem(request, exc)
    if request.method == "POST":
        signup = services.signup_confirm(token=token)
        messages.success(request, _("Thank you. You have joined the campaign."))
        return redirect(signup.campaign.get_absolute_url() + "#supporters")
    return render(request, "supporters/join_confirm.html", {"signup": signup, "campaign": signup.campaign})


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.supporter_from_unsubscribe_token(token)
    except LINK_ERRORS as exc:
        return _link_problem(request, exc)
    if request.method == "POST":
        services.supporter_unsubscribe(
            token=token, source_url=request.build_absolute_uri(), language=_language()
        )
        return render(request, "supporters/unsubscribe_done.html")
    return render(request, "supporters/unsubscribe.html")


@require_http_methods(["GET", "POST"])
def data_request(request: HttpRequest) -> HttpResponse:
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="data-request", identity=client_ip(request), rate=conf.rate_data_request()
        ):
            form.add_error(None, _("Too many requests in a short time. Please wait an hour and try again."))
        else:
            services.data_access_request(email=form.cleaned_data["email"], language=_language())
            return render(request, "supporters/data_request_sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "supporters/data_request.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET"])
def data_manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        supporter = services.supporter_from_data_token(token)
    except LINK_ERRORS as exc:
        return _link_problem(request, exc)
    return render(
        request,
        "supporters/data_manage.html",
        {"supporter": supporter, "token": token, "erase_form": EraseConfirmForm()},
    )


@never_cache
@require_http_methods(["POST"])
def data_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        supporter = services.supporter_from_data_token(token)
    except LINK_ERRORS as exc:
        return _link_problem(request, exc)
    data = services.supporter_export(supporter=supporter)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-kinship-campaigns-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["POST"])
def data_erase(request: HttpRequest, token: str) -> HttpResponse:
    try:
        supporter = services.supporter_from_data_token(token)
    except LINK_ERRORS as exc:
        return _link_problem(request, exc)
    form = EraseConfirmForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "supporters/data_manage.html",
            {"supporter": supporter, "token": token, "erase_form": form},
            status=400,
        )
    services.supporter_erase(supporter=supporter)
    return redirect(reverse("supporters:data_erased"))


@never_cache
def data_erased(request: HttpRequest) -> HttpResponse:
    return render(request, "supporters/data_erased.html")
