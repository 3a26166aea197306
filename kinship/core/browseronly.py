"""Middleware that only pages need, skipped for the JSON API.

The API uses no cookies (`kinship.core.api`): it has its own CSRF defence, reads no session,
logs nobody in and shows no flash messages. Yet every API request used to pass through the
session, authentication, second-factor, staff-access and messages middleware: a
quarter of the CPU of the busiest read at a peak (the postcode API), and work on every action
and signature sent through the API. (Django's CSRF middleware stays, so `check --deploy` still
finds it; for the API it does next to nothing, since JsonApiMiddleware marks the check done.
The history and login-lockout middleware cost next to nothing and stay as they are.)

Two more pass the API by, or do less for it, because what they do there is already known:
the language (Django's LocaleMiddleware reads the cookie and Accept-Language and then, for a
path without a language prefix, which no API path has, throws that away for the default
language; the API's class goes straight to the default, and its response gets the same
`Vary` and `Content-Language`) and the history middleware (django-simple-history keeps the
request only to name the signed-in user who made a change, and an API request's user is
always anonymous). The postcode API at a peak is the reason: together about a tenth of its CPU.

Each class here is one of those middleware, which a page gets exactly as before; a request
under /api/ goes straight past it, hooks included. So that nothing under /api/ can depend on a
session by accident, an API request's `user` is always anonymous: a staff member's login
cookie never changes an API answer (which would also make cookie-borne requests from other
sites meaningful, the thing the API's CSRF rules assume away).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import middleware as messages_middleware
from django.contrib.sessions import middleware as sessions_middleware
from django.http import HttpRequest, HttpResponse
from django.middleware import locale as locale_middleware
from django.utils import translation
from django_otp import middleware as otp_middleware
from simple_history import middleware as history_middleware

from kinship.core import staffauth
from kinship.core.api import is_api_path

# The hooks Django collects from each middleware instance when it builds the chain.
HOOKS = ("process_view", "process_exception", "process_template_response")


class _PagesOnly:
    """Mixed in before a middleware class: pages get that middleware exactly as before; a
    request under /api/ goes straight past it, its hooks included. (Subclasses, not wrappers,
    so Django's and the admin's checks still find the middleware they look for.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)  # type: ignore[call-arg]
        for hook in HOOKS:
            if hasattr(self, hook):
                setattr(self, hook, _pages_only(getattr(self, hook), hook))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_path(request.path_info):
            self.for_api(request)
            return self.get_response(request)  # type: ignore[attr-defined,no-any-return]
        return super().__call__(request)  # type: ignore[misc,no-any-return]

    def for_api(self, request: HttpRequest) -> None:
        """What an API request gets instead of this middleware's work (nothing, unless said)."""


def _pages_only(hook: Callable[..., Any], name: str) -> Callable[..., Any]:
    # process_template_response hands the response on; the other hooks answer None ("go on").
    hands_on_response = name == "process_template_response"

    def guarded(request: HttpRequest, *args: Any) -> Any:
        if is_api_path(request.path_info):
            return args[0] if hands_on_response else None
        return hook(request, *args)

    return guarded


class SessionMiddleware(_PagesOnly, sessions_middleware.SessionMiddleware):
    pass


class AuthenticationMiddleware(_PagesOnly, auth_middleware.AuthenticationMiddleware):
    def for_api(self, request: HttpRequest) -> None:
        request.user = AnonymousUser()


class OTPMiddleware(_PagesOnly, otp_middleware.OTPMiddleware):
    pass


class StaffAccessMiddleware(_PagesOnly, staffauth.StaffAccessMiddleware):
    pass


class MessageMiddleware(_PagesOnly, messages_middleware.MessageMiddleware):
    pass


class LocaleMiddleware(locale_middleware.LocaleMiddleware):
    """Django's, but an API request goes straight to the language Django would end with: with
    `i18n_patterns(prefix_default_language=False)`, a path without a language prefix is in the
    default language whatever the cookie or Accept-Language say. The response is Django's
    (`Vary: Accept-Language`, `Content-Language`)."""

    def process_request(self, request: HttpRequest) -> None:
        if is_api_path(request.path_info):
            urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
            used, prefixed_default = is_language_prefix_patterns_used(urlconf)
            if used and not prefixed_default:
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = translation.get_language()
                return
        super().process_request(request)


class HistoryRequestMiddleware:
    """django-simple-history's, for pages only: it keeps the request so that a change records
    the signed-in user who made it, and an API request's user is always anonymous (recorded
    as no user either way)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.for_pages = history_middleware.HistoryRequestMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_path(request.path_info):
            return self.get_response(request)
        return self.for_pages(request)  # type: ignore[no-any-return]
