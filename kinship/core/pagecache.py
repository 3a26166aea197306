"""Public pages served from cache (issue 17, item 1): a crowd on the campaign, action, petition
and area pages costs one render every few seconds, not one per visitor.

    @cached_page(sources=("campaigns", "petitions"))
    def petition_detail(request, slug): ...

Who gets a cached page: a GET or HEAD with no session and no messages cookie (staff, and anyone
mid-journey, always have a session cookie, so they get the page made for them), and no query
parameters other than tracking ones (`utm_*`, `fbclid`, `gclid`), which are left out of the key.
The key is the path, the active language and the *versions* of the content sources the page
shows. An app registers its models under a source in its `AppConfig.ready()`
(`register_source("campaigns", Campaign, Ask, ...)`); saving or deleting any of them (admin,
staff console, shell, loaders) bumps that source's version in the shared cache once per
transaction, so every page that shows it is made again on its next view.

Two tiers: the shared cache (Redis at scale, the database cache embedded) holds each page for
every process, and each process keeps its own copy for as long as the page is fresh and reads
the sources' versions at most once a `KINSHIP_PAGE_CACHE_VERSION_CHECK_SECONDS`, so a hit
usually touches neither the database nor Redis; `PageCacheMiddleware` serves such a copy
before URL resolution, for paths whose view has made one. A page is fresh for
`KINSHIP_PAGE_CACHE_SECONDS` (5): that is how far a live count on it may lag. A view may say
its page keeps longer (`@cached_page(sources=..., fresh=area_page_seconds)`): area pages are fresh
for `KINSHIP_AREA_PAGE_CACHE_SECONDS` (60), because their live figures come from snapshots made
every 5 minutes (the page says when they were updated) and everything else on them is a source
whose edits show at once anyway; with 825 areas, most views in a crowd are otherwise misses.
After that, one
process (the one whose `cache.add` takes the short lock) makes it again while the others serve
the copy they have for up to `KINSHIP_PAGE_CACHE_STALE_SECONDS` more, or, with no copy at all,
wait briefly for it: a thundering herd costs one render.

Forms still work for every visitor: the page is stored with a placeholder where the CSRF token
goes, and each response gets that visitor's own token (`get_token`, which also sets the cookie).
A response that sets another cookie, carries messages, touched the session or is not a 200 is
never stored. Headers let a CDN or reverse proxy share the page for the same few seconds (the
README's "Running at scale" says how); a token a shared cache served to someone else fails
kindly (`core.views.csrf_failure` keeps what was typed).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.translation import get_language

from kinship.core.conf import setting_bool, setting_float, setting_int

logger = logging.getLogger("kinship.pagecache")

PLACEHOLDER = b"__kinship_csrf_token__"
_TOKEN_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# Left out of the key: they say where a visitor came from, not what the page shows.
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$")
_MESSAGES_COOKIE = "messages"
_LOCAL_MAX = 1000


# ---------------------------------------------------------------- settings


def enabled() -> bool:
    """Whether public pages are served from cache (off in the test settings; tests turn it on)."""
    return setting_bool("KINSHIP_PAGE_CACHE", True)


def fresh_seconds() -> int:
    """How long a cached page is served as it is: how far a live count on it may lag."""
    return setting_int("KINSHIP_PAGE_CACHE_SECONDS", 5)


def area_page_seconds() -> int:
    """How long an area page is fresh: its live figures are 5-minute snapshots and its content
    sources invalidate it on every edit, so a longer life costs no accuracy."""
    return setting_int("KINSHIP_AREA_PAGE_CACHE_SECONDS", 60)


def stale_seconds() -> int:
    """How much longer an old copy may be served while one process makes the page again."""
    return setting_int("KINSHIP_PAGE_CACHE_STALE_SECONDS", 10)


def version_check_seconds() -> float:
    """How often a process reads the content versions from the shared cache (edits made in
    another process show within this; in the same process at once)."""
    return setting_float("KINSHIP_PAGE_CACHE_VERSION_CHECK_SECONDS", 1.0)


def wait_seconds() -> float:
    """How long a request with no copy at all waits for another process's render."""
    return setting_float("KINSHIP_PAGE_CACHE_WAIT_SECONDS", 2.0)


# ---------------------------------------------------------------- sources and their versions

_SOURCES: dict[str, set[type[Model]]] = {}
_versions: dict[str, tuple[float, str]] = {}  # source -> (read at, version), this process
_local: dict[str, Entry] = {}  # page key -> entry, this process
# path -> the sources its view declared and how long its page is fresh
_path_sources: dict[str, tuple[tuple[str, ...], Callable[[], int]]] = {}
_lock = threading.Lock()


def register_source(source: str, *models: type[Model]) -> None:
    """Saving or deleting any of `models` makes every page that shows `source` again."""
    _SOURCES.setdefault(source, set()).update(models)
    for model in models:
        uid = f"pagecache-{source}-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-del", weak=False)


def sources_of(model: type[Model]) -> list[str]:
    """The sources a model is registered under (for tests and the admin's curious)."""
    return sorted(name for name, models in _SOURCES.items() if model in models)


def _version_key(source: str) -> str:
    return f"pagecache:v:{source}"


class _Pending:
    """Sources changed in a connection's open transaction, bumped once when it commits."""

    def __init__(self) -> None:
        self.sources: set[str] = set()

    def flush(self) -> None:
        sources, self.sources = self.sources, set()
        for source in sorted(sources):
            source_bump(source)


def _changed(sender: type[Model], **kwargs: Any) -> None:
    sources = sources_of(sender)
    connection = transaction.get_connection(kwargs.get("using"))
    if not connection.in_atomic_block:
        for source in sources:
            source_bump(source)
        return
    # After the transaction commits, each source once: the first callback bumps everything
    # pending and the rest find nothing to do, so an import of a thousand rows costs one write
    # per source. An edit rolled back bumps nothing (its callback goes with it).
    pending: _Pending | None = getattr(connection, "_kinship_pagecache", None)
    if pending is None:
        pending = _Pending()
        connection._kinship_pagecache = pending  # type: ignore[attr-defined]
    pending.sources.update(sources)
    transaction.on_commit(pending.flush, using=kwargs.get("using"))


def source_bump(source: str) -> None:
    """Make every page showing `source` again on its next view, in every process."""
    version = f"{time.time_ns():x}"
    try:
        cache.set(_version_key(source), version, timeout=None)
    except Exception as exc:  # noqa: BLE001 - a failing store must not fail the edit
        logger.warning("page cache version not bumped for %s (%s)", source, type(exc).__name__)
    with _lock:
        _versions.pop(source, None)
        _local.clear()


def _current_versions(sources: Iterable[str]) -> tuple[str, ...]:
    now = time.monotonic()
    wanted = list(sources)
    stale = [s for s in wanted if s not in _versions or now - _versions[s][0] > version_check_seconds()]
    if stale:
        found = cache.get_many([_version_key(s) for s in stale])
        for source in stale:
            _versions[source] = (now, str(found.get(_version_key(source), "0")))
    return tuple(_versions[s][1] for s in wanted)


def source_version(source: str) -> str:
    """The content version of `source` as this process last read it (at most
    `KINSHIP_PAGE_CACHE_VERSION_CHECK_SECONDS` old): a per-process memo keyed on it is dropped
    by the same edits that make the pages again."""
    return _current_versions([source])[0]


def clear_local() -> None:
    """Forget this process's copies and versions (tests)."""
    with _lock:
        _versions.clear()
        _local.clear()
        _path_sources.clear()


# ---------------------------------------------------------------- what may be cached


def request_is_cacheable(request: HttpRequest) -> bool:
    """An anonymous GET without a session, messages or unknown query parameters. Cheap: cookies
    are looked at, never the session store."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or _MESSAGES_COOKIE in cookies:
        return False
    return all(_TRACKING.match(name) for name in request.GET)


def _response_is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(word in response.get("Cache-Control", "") for word in ("private", "no-cache", "no-store")):
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and len(storage))


def page_key(request: HttpRequest, sources: Iterable[str]) -> str:
    """Path, language and the versions of what the page shows."""
    versions = ".".join(_current_versions(sources))
    language = get_language() or settings.LANGUAGE_CODE
    digest = hashlib.sha256(request.path.encode()).hexdigest()[:32]
    return f"pagecache:p:{language}:{versions}:{digest}"


# ---------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    made_at: float  # wall clock, the same in every process
    body: bytes  # with PLACEHOLDER where each visitor's CSRF token goes
    content_type: str

    def age(self) -> float:
        return time.time() - self.made_at


def _entry_from(response: HttpResponse) -> Entry:
    body = _TOKEN_RE.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
    return Entry(made_at=time.time(), body=body, content_type=response["Content-Type"])


def _remember(
    key: str, entry: Entry, *, path: str, sources: tuple[str, ...], fresh: Callable[[], int]
) -> None:
    with _lock:
        if len(_local) >= _LOCAL_MAX:
            _local.clear()
            _path_sources.clear()
        _local[key] = entry
        # Learned from a page its view made and allowed: the middleware's fast path knows it.
        _path_sources[path] = (sources, fresh)


def _shared_get(key: str) -> Entry | None:
    try:
        value = cache.get(key)
    except Exception as exc:  # noqa: BLE001 - no cache means rendering, never an error
        logger.warning("page cache read failed (%s)", type(exc).__name__)
        return None
    return value if isinstance(value, Entry) else None


def _shared_set(key: str, entry: Entry, fresh: int) -> None:
    try:
        cache.set(key, entry, timeout=fresh + stale_seconds())
    except Exception as exc:  # noqa: BLE001
        logger.warning("page cache write failed (%s)", type(exc).__name__)


def _take_lock(key: str) -> bool:
    try:
        return bool(cache.add(f"{key}:lock", 1, timeout=max(1, stale_seconds())))
    except Exception:  # noqa: BLE001 - no lock store: everyone renders, as without a cache
        return True


def _drop_lock(key: str) -> None:
    try:
        cache.delete(f"{key}:lock")
    except Exception:  # noqa: BLE001
        logger.warning("page cache lock not released; it expires by itself")


def cache_headers(response: HttpResponse, seconds: int | None = None) -> None:
    """What a browser, CDN or reverse proxy may do with a page every anonymous visitor shares."""
    seconds = fresh_seconds() if seconds is None else seconds
    response["Cache-Control"] = f"public, max-age={seconds}, s-maxage={seconds}"
    response["Vary"] = "Accept-Language, Cookie"


_CHARS = CSRF_ALLOWED_CHARS.encode()
_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_ACCEPT = 256 - 256 % len(_CHARS)  # bytes at or above this would favour some characters


def _random_chars(n: int) -> str:
    """`n` characters from CSRF_ALLOWED_CHARS, uniformly, from the system's secure source."""
    out = bytearray()
    while len(out) < n:
        out.extend(_CHARS[b % len(_CHARS)] for b in secrets.token_bytes(n + 8) if b < _ACCEPT)
    return out[:n].decode()


def visitor_token(request: HttpRequest) -> str:
    """What `django.middleware.csrf.get_token` returns (the visitor's secret from their cookie,
    or a new one the CSRF middleware then sets as the cookie, masked afresh), drawn from
    `secrets.token_bytes` in one call instead of 64 `secrets.choice` calls: on a cached page the
    token is most of the work. The tests post with it under Django's own CSRF check."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        secret = _random_chars(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    n = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_INDEX[x] + _INDEX[y]) % n] for x, y in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _serve(request: HttpRequest, entry: Entry, state: str, fresh: int) -> HttpResponse:
    token = visitor_token(request).encode()  # this visitor's own; the cookie is set as usual
    response = HttpResponse(entry.body.replace(PLACEHOLDER, token), content_type=entry.content_type)
    cache_headers(response, fresh)
    response["X-Page-Cache"] = state
    return response


def _render(
    view: Callable[..., HttpResponse], request: HttpRequest, args: Any, kwargs: Any
) -> Entry | HttpResponse:
    response = view(request, *args, **kwargs)
    if not _response_is_storable(request, response):
        return response
    return _entry_from(response)


# ---------------------------------------------------------------- the decorator


class PageCacheMiddleware:
    """The fast path for a page this process holds fresh: served before URL resolution and the
    view (the rest of the middleware still runs around it: security headers, the CSRF cookie).
    Everything else goes on to the view, whose `cached_page` does the full work."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        known = _path_sources.get(request.path)
        if known is not None and request_is_cacheable(request) and enabled():
            sources, fresh_for = known
            try:
                entry = _local.get(page_key(request, sources))
            except Exception:  # noqa: BLE001 - the view's own decorator says what is wrong
                entry = None
            fresh = fresh_for()
            if entry is not None and entry.age() < fresh:
                return _serve(request, entry, "hit", fresh)
        return self.get_response(request)


def cached_page(
    *, sources: Iterable[str], fresh: Callable[[], int] = fresh_seconds
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve the view's anonymous GETs from cache; `sources` are the content it shows, `fresh`
    the setting (one of this module's functions) saying how long its page is served as it is."""
    declared = tuple(sources)
    fresh_for = fresh

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not enabled() or not request_is_cacheable(request):
                return view(request, *args, **kwargs)
            try:
                key = page_key(request, declared)
            except Exception as exc:  # noqa: BLE001 - no versions: render as without a cache
                logger.warning("page cache unavailable (%s)", type(exc).__name__)
                return view(request, *args, **kwargs)
            fresh = fresh_for()
            entry = _local.get(key)
            if entry is not None and entry.age() < fresh:
                return _serve(request, entry, "hit", fresh)
            entry = _shared_get(key)
            if entry is not None and entry.age() < fresh:
                _remember(key, entry, path=request.path, sources=declared, fresh=fresh_for)
                return _serve(request, entry, "hit", fresh)
            return _miss(
                view, request, args, kwargs, key=key, old=entry, sources=declared, fresh_for=fresh_for
            )

        return wrapped

    return decorate


def _miss(
    view: Callable[..., HttpResponse],
    request: HttpRequest,
    args: Any,
    kwargs: Any,
    *,
    key: str,
    old: Entry | None,
    sources: tuple[str, ...],
    fresh_for: Callable[[], int],
) -> HttpResponse:
    fresh = fresh_for()
    if not _take_lock(key):
        # Someone else is making it: the copy we have, or a short wait for theirs.
        if old is not None and old.age() < fresh + stale_seconds():
            return _serve(request, old, "stale", fresh)
        deadline = time.monotonic() + wait_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            entry = _shared_get(key)
            if entry is not None and entry.age() < fresh:
                _remember(key, entry, path=request.path, sources=sources, fresh=fresh_for)
                return _serve(request, entry, "hit", fresh)
        # They took too long (or died holding the lock): make it ourselves.
        return _render_and_store(view, request, args, kwargs, key=key, sources=sources, fresh_for=fresh_for)
    try:
        return _render_and_store(view, request, args, kwargs, key=key, sources=sources, fresh_for=fresh_for)
    finally:
        _drop_lock(key)


def _render_and_store(
    view: Callable[..., HttpResponse],
    request: HttpRequest,
    args: Any,
    kwargs: Any,
    *,
    key: str,
    sources: tuple[str, ...],
    fresh_for: Callable[[], int],
) -> HttpResponse:
    made = _render(view, request, args, kwargs)
    if isinstance(made, HttpResponse):
        return made
    fresh = fresh_for()
    _shared_set(key, made, fresh)
    _remember(key, made, path=request.path, sources=sources, fresh=fresh_for)
    return _serve(request, made, "miss", fresh)
