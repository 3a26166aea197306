"""Issue 10 with JavaScript off: "Delete my messages" asks once on its own page before erasing,
and a letter is marked posted with a plain button."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import _confirm_token, _submission

from kinship.messaging import services
from kinship.messaging.models import Message, MessageStatus, Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _path(url: str, marker: str) -> str:
    return marker + url.split(marker, 1)[1]


def test_delete_my_messages_asks_once_then_erases_without_javascript(site: str, page_no_js: Any) -> None:
    submission = _submission()
    page_no_js.goto(site + _path(services.my_actions_url(submission), "/my-actions/"))
    page_no_js.get_by_role("link", name="Delete my messages").click()
    page_no_js.get_by_role("heading", name="Are you sure you want to delete your messages?").wait_for()
    assert "what you wrote in 1 message" in page_no_js.locator("[data-testid=erase-list]").inner_text()
    assert Submission.objects.get(pk=submission.pk).erased_at is None
    page_no_js.get_by_role("button", name="Yes, delete my messages").click()
    page_no_js.get_by_role("heading", name="Your messages have been deleted").wait_for()
    assert Submission.objects.get(pk=submission.pk).erased_at is not None


def test_a_letter_is_marked_posted_without_javascript(site: str, page_no_js: Any) -> None:
    submission = _submission("letter-to-your-lead-member", "letter.nojs@example.org")
    services.submission_confirm(token=_confirm_token(submission))
    page_no_js.goto(f"{site}/messages/confirm/{_confirm_token(submission)}/")
    page_no_js.get_by_role("heading", name="Your letter is ready to post").wait_for()
    page_no_js.locator("main form[action*='/posted/'] button").first.click()
    page_no_js.get_by_role("heading", name="Thank you for posting your letter").wait_for()
    assert Message.objects.get(submission=submission).status == MessageStatus.LETTER_POSTED
