"""The JSON API's front door: everything under /api/ answers JSON, and hostile bodies stop here.

`JsonApiMiddleware` is the one place for rules every API endpoint shares:
- Every answer is JSON, errors included: an unknown route (404), a wrong method (405, with
  `Allow`), a refused request and a server error get `{"error": {"code", "message"}}`.
- Requests that change something (POST, PUT, PATCH, DELETE) are the API's CSRF defence, in
  place of the form token (the API uses no cookies): an `Origin` header, when the browser sends
  one, must be the site's own or in `KINSHIP_API_ALLOWED_ORIGINS` (403); a body must be declared
  `Content-Type: application/json` (415), which a cross-site page cannot send without a
  preflight that we never allow; the body must be UTF-8 JSON nested at most `MAX_JSON_DEPTH`
  deep and hold only valid text (no lone surrogates), else 400 — before any view sees it.
- Provider webhooks (django-anymail's views) speak each provider's own format and prove
  themselves with the provider's secret, so the Origin and content-type rules skip them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
MAX_JSON_DEPTH = 32
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Methods that carry a body the checks below look at. Any other method (QUERY, PROPFIND, ...)
# goes straight to the view, which answers 405 with `Allow` (then made JSON) as the OpenAPI
# document promises, instead of a 415 about a body it would never read.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Views that take providers' own formats and authenticate by the provider's secret.
PROVIDER_WEBHOOK_MODULES = ("anymail.",)
# Headers a converted error response keeps.
KEPT_HEADERS = ("Allow", "Retry-After", "Cache-Control", "Access-Control-Allow-Origin")

ERROR_CODES = {
    400: ("bad_request", "The request could not be understood."),
    403: ("forbidden", "This request is not allowed."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("too_large", "The request body is too large."),
    415: ("unsupported_media_type", "Send the body as JSON, with Content-Type: application/json."),
    429: ("rate_limited", "Too many requests. Please wait and try again."),
    500: ("server_error", "Something went wrong on our side. Please try again later."),
}


def api_error(status: int, code: str | None = None, message: str | None = None) -> JsonResponse:
    """The API's error shape: {"error": {"code": ..., "message": ...}}."""
    default_code, default_message = ERROR_CODES.get(status, ("error", "The request failed."))
    return JsonResponse(
        {"error": {"code": code or default_code, "message": message or default_message}}, status=status
    )


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def allowed_origins(request: HttpRequest) -> set[str]:
    """The request's own origin (as Django's CSRF check computes it) and the allow-list."""
    own = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}".lower()
    return {own, *(origin.rstrip("/").lower() for origin in settings.KINSHIP_API_ALLOWED_ORIGINS)}


def json_body_problem(body: bytes) -> str | None:
    """Why `body` is not acceptable JSON for the API, or None. Never raises."""
    return _json_body_checked(body)[1]


_NOT_PARSED = object()


def json_body(request: HttpRequest) -> Any:
    """The request's JSON body (`{}` when empty), parsed once: the front door keeps what it
    parsed and checked (`JsonApiMiddleware`), so the view does not parse it again. Raises
    ValueError for a body that is not JSON (a view reached some other way)."""
    parsed = getattr(request, "_kinship_json", _NOT_PARSED)
    if parsed is not _NOT_PARSED:
        return parsed
    return json.loads(request.body or b"{}")


def _json_body_checked(body: bytes) -> tuple[Any, str | None]:
    """The parsed body and None, or None and why it is not acceptable JSON. Never raises."""
    try:
        data = json.loads(body)
    except RecursionError:
        return None, "The JSON is nested too deeply."
    except ValueError:  # JSONDecodeError, UnicodeDecodeError, integers too long to read
        return None, "The body is not valid JSON in UTF-8."
    problem = _json_value_problem(data)
    return (None, problem) if problem else (data, None)


def _json_value_problem(data: Any) -> str | None:
    # Walk without recursion: the depth is what is being checked.
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                return "The JSON is nested too deeply."
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and not _valid_text(key):
                    return "The JSON holds characters that are not valid text."
                stack.append((item, depth + 1))
        elif isinstance(value, str) and not _valid_text(value):
            return "The JSON holds characters that are not valid text."
    return None


def _valid_text(text: str) -> bool:
    # A lone surrogate (\ud800 written in JSON) cannot be stored or sent as UTF-8.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def declared_methods(view_func: Callable[..., Any]) -> frozenset[str] | None:
    """The methods a view takes, when one of Django's method decorators (`require_http_methods`,
    `require_safe`, `require_GET`, ...) says so; None when nothing does. Those decorators keep
    their list in the wrapper's closure; walking the `__wrapped__` chain finds it under
    `csrf_exempt` and other `functools.wraps` wrappers. Only ever used to answer 405 sooner."""
    func: Any = view_func
    for _ in range(10):
        for cell in getattr(func, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() and m.isalpha() for m in value)
            ):
                return frozenset(value)
        func = getattr(func, "__wrapped__", None)
        if func is None:
            return None
    return None


def method_not_allowed(methods: frozenset[str]) -> JsonResponse:
    response = api_error(405)
    response["Allow"] = ", ".join(sorted(methods))
    return response


class JsonApiMiddleware:
    """Keyed on the /api/ prefix: request checks before the view, JSON for every answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path_info):
            return self.get_response(request)
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        converted = api_error(response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                converted[header] = response[header]
        return converted

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not is_api_path(request.path_info) or request.method in SAFE_METHODS:
            return None
        if request.method not in BODY_METHODS:
            request.csrf_processing_done = True  # type: ignore[attr-defined]
            return None
        # A method the view never takes is a 405, whatever the body: the OpenAPI document
        # promises that for every undeclared method.
        methods = declared_methods(view_func)
        if methods is not None and request.method not in methods:
            return method_not_allowed(methods)
        if getattr(view_func, "provider_webhook", False) or getattr(view_func, "__module__", "").startswith(
            PROVIDER_WEBHOOK_MODULES
        ):
            return None
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/").lower() not in allowed_origins(request):
            return api_error(403, "origin_not_allowed", "Requests from this site are not accepted.")
        try:
            body = request.body
        except RequestDataTooBig:
            return api_error(413)
        declared = "CONTENT_TYPE" in request.META and request.META["CONTENT_TYPE"] != ""
        if (body or declared) and request.content_type != "application/json":
            return api_error(415)
        if body:
            parsed, problem = _json_body_checked(body)
            if problem:
                return api_error(400, "invalid_json", problem)
            request._kinship_json = parsed  # type: ignore[attr-defined]  # for json_body
        # The checks above are the API's CSRF defence; Django's token check (for forms) and
        # its HTML 403 would otherwise answer first, even for a method the view never takes.
        request.csrf_processing_done = True  # type: ignore[attr-defined]
        return None
