"""Staff sign-in: a second factor on every staff page, and sessions that end after a working day.

Staff sign in with their password on the admin login page (django-axes locks out guessing),
then prove a second factor: a six-digit code from an authenticator app (django-otp's
`TOTPDevice`) or one of their single-use recovery codes (django-otp's `StaticDevice`). Until
they have, `StaffAccessMiddleware` sends a staff member from any page under /staff/ to
"enter your code", or to setting up an app if they have none yet. The admin site also refuses
unverified staff (`StaffAdminSite.has_permission`), in case a staff page is ever mounted
elsewhere. `KINSHIP_STAFF_2FA_REQUIRED` may be off only in the demo settings; production
refuses to start without it.

Staff sessions end `KINSHIP_STAFF_SESSION_HOURS` after sign-in however busy they are (an
absolute limit, not an idle one).
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from kinship.core import conf

STAFF_LOGIN_AT = "kinship_staff_login_at"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def second_factor_required() -> bool:
    return bool(settings.KINSHIP_STAFF_2FA_REQUIRED)


def is_staff_path(path: str) -> bool:
    """Pages under /staff/ (the admin and the dashboard), in any language."""
    prefixes = ["/staff/"] + [f"/{code}/staff/" for code, _name in settings.LANGUAGES]
    return any(path.startswith(prefix) for prefix in prefixes)


def is_verified(request: HttpRequest) -> bool:
    """True when this session has proved a second factor (or the demo waives it)."""
    if not second_factor_required():
        return True
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


# ------------------------------------------------------------ sessions


def staff_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On sign-in (user_logged_in), start a staff session's working-day clock."""
    if getattr(user, "is_staff", False) and hasattr(request, "session"):
        hours = conf.staff_session_hours()
        request.session[STAFF_LOGIN_AT] = time.time()
        request.session.set_expiry(timedelta(hours=hours))  # a timedelta expiry is absolute


def staff_session_expired(request: HttpRequest) -> bool:
    started = request.session.get(STAFF_LOGIN_AT)
    if started is None:
        return True  # signed in before this rule, or not through a sign-in: start again
    return time.time() - float(started) > conf.staff_session_hours() * 3600


# ------------------------------------------------------------ devices and codes


def totp_device_pending(*, user: Any) -> TOTPDevice:
    """The app this person is setting up: kept until confirmed, so the QR code stays the same."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new app with its first code; it replaces any older app and comes with fresh
    recovery codes, which are returned (shown once). None when the code is wrong."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not locked.verify_token(normalise_code(token)):
            return None
        TOTPDevice.objects.filter(user=locked.user).exclude(pk=locked.pk).delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        return recovery_codes_replace(user=locked.user)


def recovery_codes_replace(*, user: Any) -> list[str]:
    """New single-use recovery codes for `user`; any old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(*, user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(text: str) -> str:
    return "".join(text.split()).replace("-", "").lower()


def second_factor_match(*, user: Any, code: str) -> Device | None:
    """The device that accepts `code`: the app's six digits, or a recovery code (used up)."""
    code = normalise_code(code)
    if not code:
        return None
    devices: list[Device] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        # verify_token locks the device row and applies its throttling (growing delays).
        matched = verify_token(user, device.persistent_id, code)
        if matched is not None:
            return matched
    return None


def has_second_factor(*, user: Any) -> bool:
    return bool(user_has_device(user, confirmed=True))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The app's set-up QR code as an SVG data URI, drawn here (no outside service)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def secret_for_typing(device: TOTPDevice) -> str:
    """The app's secret in base32, in groups of four, for people who cannot scan."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# ------------------------------------------------------------ enforcement


def second_factor_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a staff view that must be reachable before the second factor (set-up, entry)."""
    view.staff_second_factor_exempt = True  # type: ignore[attr-defined]
    return view


class StaffAccessMiddleware:
    """After OTPMiddleware: ends staff sessions after a working day, and keeps staff who have not
    proved a second factor away from every page under /staff/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        if staff_session_expired(request):
            logout(request)
            if is_staff_path(request.path_info):
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            return None
        if not is_staff_path(request.path_info) or is_verified(request):
            return None
        match = request.resolver_match
        if getattr(view_func, "staff_second_factor_exempt", False) or (
            match is not None and match.view_name == "admin:logout"
        ):
            return None
        step = "staff_2fa:verify" if has_second_factor(user=user) else "staff_2fa:setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


class StaffAdminSite(admin.AdminSite):
    """The admin site, open only to staff who have proved a second factor."""

    index_template = "core/staff_admin_index.html"  # adds a link to two-step verification

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified(request)
