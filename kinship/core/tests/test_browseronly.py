"""The middleware only pages need are skipped for /api/ (kinship.core.browseronly)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils.module_loading import import_string

from kinship.core.tests.staff import login_verified

pytestmark = pytest.mark.django_db

PAGES_ONLY = [
    "kinship.core.browseronly.SessionMiddleware",
    "kinship.core.browseronly.AuthenticationMiddleware",
    "kinship.core.browseronly.OTPMiddleware",
    "kinship.core.browseronly.StaffAccessMiddleware",
    "kinship.core.browseronly.MessageMiddleware",
]


def _chain(seen: dict[str, Any]):
    """The page-only middleware around a view that notes what the request was given."""

    def view(request: HttpRequest) -> HttpResponse:
        seen["session"] = hasattr(request, "session")
        seen["messages"] = hasattr(request, "_messages")
        seen["user"] = request.user
        return HttpResponse("ok")

    handler: Any = view
    for path in reversed(PAGES_ONLY):
        handler = import_string(path)(handler)
    return handler


def test_every_page_only_middleware_is_installed_in_place_of_djangos():
    for path in PAGES_ONLY:
        assert path in settings.MIDDLEWARE
    for replaced in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ):
        assert replaced not in settings.MIDDLEWARE
        assert any(issubclass(import_string(path), import_string(replaced)) for path in PAGES_ONLY)


def test_an_api_request_gets_no_session_no_messages_and_an_anonymous_user():
    seen: dict[str, Any] = {}
    cookie = f"{settings.SESSION_COOKIE_NAME}=abc123"

    response = _chain(seen)(RequestFactory().get("/api/v1/postcodes/XX11AA", HTTP_COOKIE=cookie))

    assert response.status_code == 200
    assert seen == {"session": False, "messages": False, "user": seen["user"]}
    assert seen["user"].is_anonymous


def test_a_page_still_gets_the_session_messages_and_user():
    seen: dict[str, Any] = {}

    _chain(seen)(RequestFactory().get("/your-area/"))

    assert seen["session"] and seen["messages"]
    assert seen["user"].is_anonymous  # nobody signed in, but the user came from the session


def test_a_staff_login_cookie_changes_no_api_answer_and_the_api_sets_no_cookie():
    staff = get_user_model().objects.create_user("editor", password="x-long-password-123", is_staff=True)
    anonymous, signed_in = Client(), Client()
    login_verified(signed_in, staff)

    plain = anonymous.get("/api/v1/postcodes/NOTAPOSTCODE")
    with_cookie = signed_in.get("/api/v1/postcodes/NOTAPOSTCODE")

    assert with_cookie.status_code == plain.status_code == 400
    assert with_cookie.content == plain.content
    assert not with_cookie.cookies  # no session, CSRF or messages cookie is set or refreshed
    # The same cookie still signs them in to the staff pages.
    assert signed_in.get("/staff/admin/").status_code == 200


def test_the_staff_check_still_guards_staff_pages_without_a_second_factor():
    staff = get_user_model().objects.create_user("editor", password="x-long-password-123", is_staff=True)
    client = Client()
    client.force_login(staff)  # password only, no second factor

    response = client.get("/staff/admin/")

    assert response.status_code == 302
    assert "two-step" in response["Location"]


@pytest.mark.parametrize(
    ("headers", "cookie"),
    [
        ({}, None),
        ({"HTTP_ACCEPT_LANGUAGE": "cy"}, None),
        ({}, "cy"),
        ({"HTTP_ACCEPT_LANGUAGE": "cy,en;q=0.5"}, "en"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/postcodes/XX11AA", "/api/v1/areas/E09000001", "/api/v1/nowhere"])
def test_the_api_gets_the_language_and_headers_djangos_locale_middleware_gives(path, headers, cookie):
    from django.middleware.locale import LocaleMiddleware as DjangosLocaleMiddleware
    from django.utils import translation

    from kinship.core.browseronly import LocaleMiddleware

    def answer(middleware_class: Any) -> tuple[str, str, str, str]:
        seen = {}

        def view(request: HttpRequest) -> HttpResponse:
            seen["language"] = translation.get_language()
            return HttpResponse("ok")

        request = RequestFactory().get(path, **headers)
        if cookie:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
        response = middleware_class(view)(request)
        return seen["language"], request.LANGUAGE_CODE, response["Content-Language"], response["Vary"]

    with translation.override(None):
        assert answer(LocaleMiddleware) == answer(DjangosLocaleMiddleware)
    assert translation.get_language_from_path(path) is None  # what the shortcut rests on


def test_pages_keep_djangos_locale_middleware_whole():
    from django.utils import translation

    from kinship.core.browseronly import LocaleMiddleware

    seen = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["language"] = translation.get_language()
        return HttpResponse("ok")

    with translation.override(None):
        LocaleMiddleware(view)(RequestFactory().get("/cy/your-area/"))
    assert seen["language"] == "cy"
