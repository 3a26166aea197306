"""Keeping the evidence true: every evidence link is checked weekly (by the worker, through
`clients.pages`). A page that disappears, redirects elsewhere or changes its text materially is
flagged for an assessor, who sees the old and new text side by side; a page that still says what
we saw moves the public "checked on" date forward."""

from __future__ import annotations

import difflib
import logging
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils import timezone

from kinship.scorecard import conf
from kinship.scorecard.clients.pages import PageClient, PageFetchError
from kinship.scorecard.models import Answer, Assessment, PageStatus, WatchedPage

logger = logging.getLogger("kinship.scorecard.evidence")
GONE_STATUSES = frozenset({404, 410})


class _TextParser(HTMLParser):
    SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The words a person reads on a page, one space between them."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def changed_share(old: str, new: str) -> float:
    """The share of words that differ between two texts (0 the same, 1 nothing in common)."""
    if old == new:
        return 0.0
    return 1.0 - difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


def is_material_change(old: str, new: str, *, threshold: float | None = None) -> bool:
    limit = conf.checker_change_threshold() if threshold is None else threshold
    return changed_share(old, new) > limit


def _same_place(a: str, b: str) -> bool:
    """http→https and a trailing slash are not a move; another host or path is."""
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.hostname or "").lower() == (pb.hostname or "").lower() and pa.path.rstrip(
        "/"
    ) == pb.path.rstrip("/")


def watched_pages_sync() -> int:
    """A watched page for every evidence link in assessments still in use; returns how many are new."""
    urls = set(
        Answer.objects.filter(assessment__superseded=False)
        .exclude(evidence_url="")
        .values_list("evidence_url", flat=True)
    )
    known = set(WatchedPage.objects.filter(url__in=urls).values_list("url", flat=True))
    WatchedPage.objects.bulk_create(
        [WatchedPage(url=url) for url in sorted(urls - known)], ignore_conflicts=True
    )
    return len(urls - known)


def _flag(page: WatchedPage, status: str) -> None:
    page.status = status
    if page.flagged_at is None:
        page.flagged_at = timezone.now()


def watched_page_check(page: WatchedPage, *, client: PageClient) -> WatchedPage:
    """Fetch one page and record what it says now (flagging it when it has gone, moved or changed)."""
    now = timezone.now()
    page.last_checked_at = now
    try:
        fetched = client.fetch(page.url)
    except PageFetchError:
        # A blip is not a finding: said on the staff page, not flagged, tried again next week.
        if page.flagged_at is None:
            page.status = PageStatus.UNREACHABLE
        page.save()
        return page
    page.final_url = fetched.final_url
    if fetched.status in GONE_STATUSES:
        _flag(page, PageStatus.GONE)
    elif not _same_place(page.url, fetched.final_url):
        page.latest_text = page_text(fetched.html)
        _flag(page, PageStatus.MOVED)
    elif fetched.status >= 400:
        if page.flagged_at is None:
            page.status = PageStatus.UNREACHABLE
    else:
        text = page_text(fetched.html)
        page.latest_text = text
        if not page.baseline_text:
            page.baseline_text = text
        if is_material_change(page.baseline_text, text):
            _flag(page, PageStatus.CHANGED)
        elif page.flagged_at is None:
            page.status = PageStatus.OK
            page.last_seen_on = timezone.localdate(now)
    page.save()
    return page


def evidence_check_all(*, client: PageClient | None = None) -> dict[str, int]:
    """The weekly round: sync the list, check every page, count the outcomes."""
    watched_pages_sync()
    counts: dict[str, int] = {}
    own = client is None
    active = client or PageClient()
    try:
        for page in WatchedPage.objects.order_by("last_checked_at", "url"):
            status = watched_page_check(page, client=active).status
            counts[status] = counts.get(status, 0) + 1
    finally:
        if own:
            active.__exit__(None, None, None)
    logger.info("evidence check: %s", counts)
    return counts


def flagged_pages() -> QuerySet[WatchedPage]:
    return WatchedPage.objects.filter(flagged_at__isnull=False).order_by("flagged_at")


def watched_page_reviewed(*, page: WatchedPage, by: Any) -> WatchedPage:
    """An assessor has looked: the page's text now is what we compare against from here on."""
    page.baseline_text = page.latest_text
    page.status = PageStatus.OK if page.status == PageStatus.CHANGED else page.status
    page.flagged_at = None
    page.reviewed_by = by
    page.reviewed_at = timezone.now()
    page.save()
    return page


def evidence_checked_on(assessment: Assessment) -> date | None:
    """The public "checked on" date: the day every evidence page was last seen saying what we
    quoted (the oldest of them), or when the assessor saw it if the checker has not yet."""
    urls = [u for u in assessment.answers.values_list("evidence_url", flat=True) if u]
    pages = dict(WatchedPage.objects.filter(url__in=urls).values_list("url", "last_seen_on"))
    seen = [pages.get(url) for url in urls]
    if not urls or any(day is None for day in seen):
        return assessment.checked_on
    latest = min(day for day in seen if day is not None)
    return max(latest, assessment.checked_on) if assessment.checked_on else latest
