"""The page cache's own rules (kinship.core.pagecache): a crowd costs one render, an old copy is
served only while someone else makes the page and never for long, and what must not be shared
(other cookies, messages, a session, a refusal) is never stored. The public pages that use it
are tested in kinship/site/tests/test_page_cache.py."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from kinship.core import pagecache

FORM = '<form><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'


@pytest.fixture(autouse=True)
def _on(settings):  # type: ignore[no-untyped-def]
    settings.KINSHIP_PAGE_CACHE = True
    settings.KINSHIP_PAGE_CACHE_WAIT_SECONDS = 0.5
    pagecache.clear_local()
    cache.clear()
    yield
    pagecache.clear_local()
    cache.clear()


class Counting:
    """A view that counts its renders and can be made slow."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls = 0
        self.delay = delay
        self._lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with self._lock:
            self.calls += 1
            n = self.calls
        time.sleep(self.delay)
        from django.middleware.csrf import get_token

        return HttpResponse(f"render {n} " + FORM.format(token=get_token(request)))


def _get(path: str = "/campaigns/x/", **cookies: str) -> HttpRequest:
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    return request


def test_a_thundering_herd_costs_one_render():
    view = Counting(delay=0.3)
    cached = pagecache.cached_page(sources=("campaigns",))(view)
    results: list[HttpResponse] = []
    threads = [threading.Thread(target=lambda: results.append(cached(_get()))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert view.calls == 1
    assert len(results) == 8 and all(b"render 1" in r.content for r in results)
    assert sorted(r["X-Page-Cache"] for r in results) == ["hit"] * 7 + ["miss"]


def test_while_another_process_makes_the_page_the_old_copy_is_served(settings):
    settings.KINSHIP_PAGE_CACHE_SECONDS = 1
    view = Counting()
    cached = pagecache.cached_page(sources=("campaigns",))(view)
    cached(_get())
    time.sleep(1.05)
    key = pagecache.page_key(_get(), ("campaigns",))
    cache.add(f"{key}:lock", 1, timeout=30)  # someone else is rendering
    stale = cached(_get())
    assert stale["X-Page-Cache"] == "stale" and b"render 1" in stale.content
    assert view.calls == 1
    cache.delete(f"{key}:lock")
    assert b"render 2" in cached(_get()).content


def test_an_old_copy_is_never_served_past_fresh_plus_stale_seconds(settings):
    settings.KINSHIP_PAGE_CACHE_SECONDS = 1
    settings.KINSHIP_PAGE_CACHE_STALE_SECONDS = 1
    settings.KINSHIP_PAGE_CACHE_WAIT_SECONDS = 0.1
    view = Counting()
    cached = pagecache.cached_page(sources=("campaigns",))(view)
    cached(_get())
    entry = pagecache._local[pagecache.page_key(_get(), ("campaigns",))]
    old = pagecache.Entry(made_at=time.time() - 2.5, body=entry.body, content_type=entry.content_type)
    key = pagecache.page_key(_get(), ("campaigns",))
    pagecache._local[key] = old
    cache.set(key, old)
    cache.add(f"{key}:lock", 1, timeout=30)  # and the renderer seems stuck
    response = cached(_get())
    assert response["X-Page-Cache"] == "miss" and b"render 2" in response.content


def test_each_visitor_gets_their_own_token_and_the_stored_page_holds_none():
    cached = pagecache.cached_page(sources=("campaigns",))(Counting())
    one, two = cached(_get()), cached(_get())
    token_one = one.content.split(b'value="')[1].split(b'"')[0]
    token_two = two.content.split(b'value="')[1].split(b'"')[0]
    assert token_one != token_two and len(token_two) == 64
    stored = pagecache._local[pagecache.page_key(_get(), ("campaigns",))]
    assert pagecache.PLACEHOLDER in stored.body and token_one not in stored.body


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_visitors_with_a_session_or_messages_get_a_page_made_for_them(cookie):
    view = Counting()
    cached = pagecache.cached_page(sources=("campaigns",))(view)
    cached(_get())
    response = cached(_get(**{cookie: "x"}))
    assert "X-Page-Cache" not in response and view.calls == 2


def test_posts_and_unknown_query_parameters_are_never_cached():
    view = Counting()
    cached = pagecache.cached_page(sources=("campaigns",))(view)
    cached(RequestFactory().post("/campaigns/x/"))
    cached(_get("/campaigns/x/?postcode=SW1A1AA"))
    cached(_get("/campaigns/x/?postcode=SW1A1AA"))
    assert view.calls == 3


def test_a_response_setting_another_cookie_is_not_stored():
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        response.set_cookie("chosen", "yes")
        return response

    cached = pagecache.cached_page(sources=("campaigns",))(view)
    first = cached(_get())
    assert "X-Page-Cache" not in first and not pagecache._local


def test_a_response_carrying_messages_is_not_stored():
    def view(request: HttpRequest) -> HttpResponse:
        add_message(request, constants.SUCCESS, "Thank you")
        return HttpResponse("hello")

    request = _get()
    request.session = SessionBase()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    cached = pagecache.cached_page(sources=("campaigns",))(view)
    cached(request)
    assert not pagecache._local


@pytest.mark.parametrize("status", [301, 404, 500])
def test_only_a_plain_200_is_stored(status):
    cached = pagecache.cached_page(sources=("campaigns",))(lambda request: HttpResponse("x", status=status))
    cached(_get())
    assert not pagecache._local


def test_a_failing_store_serves_the_page_made_for_the_visitor(monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    view = Counting()
    response = pagecache.cached_page(sources=("campaigns",))(view)(_get())
    assert response.status_code == 200 and view.calls == 1


def test_a_bump_makes_the_page_again_and_the_cache_off_switch_works(settings):
    view = Counting()
    cached = pagecache.cached_page(sources=("campaigns",))(view)
    cached(_get())
    cached(_get())
    pagecache.source_bump("campaigns")
    cached(_get())
    assert view.calls == 2
    pagecache.source_bump("petitions")  # another source: this page is kept
    cached(_get())
    assert view.calls == 2
    settings.KINSHIP_PAGE_CACHE = False
    cached(_get())
    assert view.calls == 3


def test_a_fresh_page_is_served_before_url_resolution_and_the_view():
    view = Counting()
    pagecache.cached_page(sources=("campaigns",))(view)(_get())

    def not_reached(request: HttpRequest) -> HttpResponse:
        raise AssertionError("resolved and rendered")

    middleware = pagecache.PageCacheMiddleware(not_reached)
    assert middleware(_get())["X-Page-Cache"] == "hit"
    with pytest.raises(AssertionError):
        middleware(_get(sessionid="x"))  # staff and mid-journey visitors go on to the view
    with pytest.raises(AssertionError):
        middleware(_get("/campaigns/other/"))  # a page this process has not made


def test_the_visitor_token_is_djangos_masked_secret():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token

    request = _get()
    first = pagecache.visitor_token(request)
    secret = request.META["CSRF_COOKIE"]
    second = pagecache.visitor_token(request)
    assert first != second and len(first) == 64 and set(first) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    returning = _get()
    returning.META["CSRF_COOKIE"] = secret
    assert _unmask_cipher_token(pagecache.visitor_token(returning)) == secret
