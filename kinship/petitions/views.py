"""Petition pages: the petition (sign it, see the counts), check your email, confirm, a
constituency's count (linked from the MP's email) and the hand-in PDF. Thin: form → service
or selector → errors become messages. Every page works without JavaScript."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kinship.campaigns.selectors import action_is_open
from kinship.core.i18n import localised
from kinship.core.pagecache import cached_page
from kinship.core.ratelimit import client_ip
from kinship.geography.messages import OUTCOME_MESSAGES
from kinship.petitions import conf, handin, selectors, services
from kinship.petitions.errors import (
    LinkExpiredError,
    LinkInvalidError,
    PetitionClosedError,
    PostcodeNotPlacedError,
)
from kinship.petitions.forms import SignForm
from kinship.petitions.models import AreaType, Petition, SignatureStatus
from kinship.petitions.rules import SUPPRESS_BELOW, progress_percent


def _petition_or_404(slug: str) -> Petition:
    try:
        return selectors.petition_get_public(slug=slug)
    except Petition.DoesNotExist as exc:
        raise Http404 from exc


def _page(request: HttpRequest, petition: Petition, form: SignForm, status: int = 200) -> HttpResponse:
    total = selectors.petition_total(petition=petition)
    age = selectors.counts_age_seconds(petition=petition)
    context: dict[str, Any] = {
        "petition": petition,
        "action": petition.action,
        "campaign": petition.action.campaign,
        "form": form,
        "is_open": action_is_open(petition.action),
        "total": total,
        "percent": progress_percent(total=total, goal=petition.goal),
        # Read only when the cached fragment (per count, 60 s) is missing: a crowd viewing the
        # page costs the counts' queries once a process, not once a view.
        "constituencies": partial(selectors.area_counts, petition=petition, area_type=AreaType.CONSTITUENCY),
        "councils": partial(selectors.area_counts, petition=petition, area_type=AreaType.COUNCIL),
        "counts_age": age,
        "counts_lag": age is not None and age > conf.counts_stale_seconds(),
        "suppress_below": SUPPRESS_BELOW,
        "names": partial(selectors.public_names, petition=petition),
        "paragraphs": [p.strip() for p in _text(petition).split("\n\n") if p.strip()],
    }
    return render(request, "petitions/petition_detail.html", context, status=status)


def _text(petition: Petition) -> str:
    return localised(petition, "text")


@require_http_methods(["GET", "POST"])
@cached_page(sources=("campaigns", "petitions"))  # GETs only; a signature is never cached
def petition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    petition = _petition_or_404(slug)
    if request.method == "GET":
        return _page(request, petition, SignForm(names_public=petition.names_public))
    form = SignForm(request.POST, names_public=petition.names_public)
    if not form.is_valid():
        return _page(request, petition, form, status=400)
    if form.is_bot():
        # Look exactly like success; store nothing.
        return redirect("petitions:check_email", slug=petition.slug)
    email = form.cleaned_data["email"]
    if services.signature_email_refused(email=email):
        form.add_error(
            None,
            _("Too many signatures from this email address in a short time. Please try again in an hour."),
        )
        return _page(request, petition, form, status=429)
    try:
        services.signature_create(
            petition=petition,
            data=services.SignInput(
                name=form.cleaned_data["name"],
                email=email,
                postcode=form.cleaned_data["postcode"],
                consent_contact=form.cleaned_data["consent_contact"],
                show_name=form.cleaned_data.get("show_name", False),
            ),
            ip=client_ip(request),
            language=get_language() or settings.LANGUAGE_CODE,
            source_url=request.build_absolute_uri(),
        )
    except PetitionClosedError:
        form.add_error(None, _("This petition has closed. Thank you for wanting to sign it."))
        return _page(request, petition, form, status=400)
    except PostcodeNotPlacedError as exc:
        form.add_error("postcode", str(OUTCOME_MESSAGES[exc.result.outcome]))
        return _page(request, petition, form, status=400)
    return redirect("petitions:check_email", slug=petition.slug)


@require_safe
def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    petition = _petition_or_404(slug)
    return render(request, "petitions/check_email.html", {"petition": petition, "action": petition.action})


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    expired = isinstance(exc, LinkExpiredError)
    return render(
        request, "petitions/link_problem.html", {"expired": expired}, status=410 if expired else 404
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners follow links, people press buttons.
    try:
        if request.method == "POST":
            services.signature_confirm(token=token)
            return redirect("petitions:confirm", token=token)
        signature = services.signature_from_token(token)
    except (LinkExpiredError, LinkInvalidError) as exc:
        return _link_problem(request, exc)
    petition = signature.petition
    response = render(
        request,
        "petitions/confirm.html",
        {
            "petition": petition,
            "action": petition.action,
            "signature": signature,
            "confirmed": signature.status != SignatureStatus.PENDING,
            "held": signature.status == SignatureStatus.HELD,
            "counted": signature.status == SignatureStatus.CONFIRMED,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def constituency(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    petition = _petition_or_404(slug)
    row = selectors.area_count(petition=petition, area_type=AreaType.CONSTITUENCY, code=code)
    if row is None:
        raise Http404
    return render(
        request,
        "petitions/constituency.html",
        {
            "petition": petition,
            "action": petition.action,
            "row": row,
            "total": selectors.petition_total(petition=petition),
            "suppress_below": SUPPRESS_BELOW,
        },
    )


@require_safe
def handin_pdf(request: HttpRequest, token: str) -> HttpResponse:
    try:
        record = handin.handin_from_token(token)
    except (LinkExpiredError, LinkInvalidError) as exc:
        return _link_problem(request, exc)
    response = HttpResponse(bytes(record.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="hand-in-{record.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
