"""Becoming a Campaign Champion: sign up, confirm by email, and ask again for the private link
to the champion's page (which lives in kinship.site). Views stay thin: form → service → page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kinship.core.ratelimit import client_ip, rate_limit_exceeded
from kinship.supporters import champions, conf
from kinship.supporters.forms import ChampionForm, ChampionLinkForm
from kinship.supporters.models import ChampionStatus
from kinship.supporters.services import LinkExpiredError, LinkInvalidError


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, LinkExpiredError):
        return render(request, "supporters/link_expired.html", status=410)
    return render(request, "supporters/link_invalid.html", status=404)


@require_http_methods(["GET", "POST"])
def champion_signup(request: HttpRequest) -> HttpResponse:
    form = ChampionForm(request.POST or None, initial={"postcode": request.GET.get("postcode", "")})
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="champion-signup", identity=client_ip(request), rate=conf.rate_champion_ip()
        ):
            form.add_error(None, _("Too many requests in a short time. Please wait an hour and try again."))
        else:
            data = champions.ChampionInput(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                postcode=form.cleaned_data["postcode"],
                offers=form.cleaned_data["offers"],
                offer_details=form.cleaned_data["offer_details"],
            )
            try:
                champions.champion_signup(data=data, language=_language())
            except champions.ChampionAreaError:
                form.add_error(
                    "postcode", _("We could not find the council for that postcode. Check it and try again.")
                )
            except champions.ChampionAlreadyError:
                form.add_error(
                    None, _("You have already offered to be a champion for this council. Thank you!")
                )
            else:
                return redirect("supporters:champion_check_email")
    status = 400 if request.method == "POST" else 200
    return render(request, "supporters/champion_signup.html", {"form": form}, status=status)


def champion_check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "supporters/champion_check_email.html")


@never_cache
@require_http_methods(["GET", "POST"])
def champion_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners follow links, people press buttons.
    if request.method == "POST":
        try:
            champion = champions.champion_confirm(token=token)
        except (LinkExpiredError, LinkInvalidError) as exc:
            return _link_problem(request, exc)
        return render(request, "supporters/champion_confirmed.html", {"champion": champion})
    return render(request, "supporters/champion_confirm.html", {"pending": ChampionStatus.PENDING})


@require_http_methods(["GET", "POST"])
def champion_link(request: HttpRequest) -> HttpResponse:
    form = ChampionLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="champion-link", identity=client_ip(request), rate=conf.rate_champion_ip()
        ):
            form.add_error(None, _("Too many requests in a short time. Please wait an hour and try again."))
        else:
            champions.champion_link_request(email=form.cleaned_data["email"], language=_language())
            return render(request, "supporters/champion_link_sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "supporters/champion_link.html", {"form": form}, status=status)
