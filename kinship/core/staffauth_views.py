"""Staff two-factor pages: set up an authenticator app, enter a code, manage recovery codes.
Staff-only pages (English only, like the admin). Rules live in `kinship.core.staffauth`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from kinship.core import staffauth


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )


def _staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.is_staff:
            return render(request, "core/staff_forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return inner


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _show_codes(request: HttpRequest, codes: list[str], *, first_time: bool) -> HttpResponse:
    return render(
        request,
        "core/staff_2fa_codes.html",
        {"codes": codes, "next": _next_url(request), "first_time": first_time},
    )


@staffauth.second_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@_staff_only
def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if staffauth.has_second_factor(user=user) and not staffauth.is_verified(request):
        # Replacing an app needs the current second factor first: a password alone is not enough.
        return redirect(f"{reverse('staff_2fa:verify')}?next={reverse('staff_2fa:setup')}")
    device = staffauth.totp_device_pending(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = staffauth.totp_device_confirm(device=device, token=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            return _show_codes(request, codes, first_time=True)
        form.add_error(
            "code",
            "That code did not work. Check the clock on your phone is right and try the newest code. "
            "After a wrong code, wait a few seconds before the next.",
        )
    return render(
        request,
        "core/staff_2fa_setup.html",
        {
            "form": form,
            "qr_code": staffauth.qr_code_data_uri(device),
            "secret": staffauth.secret_for_typing(device),
            "next": _next_url(request),
        },
    )


@staffauth.second_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@_staff_only
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not staffauth.has_second_factor(user=user):
        return redirect(f"{reverse('staff_2fa:setup')}?next={_next_url(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = staffauth.second_factor_match(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = staffauth.recovery_codes_left(user=user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left: make new ones on the "
                    "two-step verification page.",
                )
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "That code did not work. Enter the newest code from your app, or one of your recovery codes. "
            "After a wrong code, wait a few seconds before the next.",
        )
    return render(request, "core/staff_2fa_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@require_http_methods(["GET", "POST"])
@_staff_only
def manage(request: HttpRequest) -> HttpResponse:
    """Two-step verification status; POST makes new recovery codes (shown once)."""
    if request.method == "POST":
        codes = staffauth.recovery_codes_replace(user=request.user)
        return _show_codes(request, codes, first_time=False)
    return render(
        request,
        "core/staff_2fa_manage.html",
        {"codes_left": staffauth.recovery_codes_left(user=request.user)},
    )
