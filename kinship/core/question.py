"""The question a person answers when their connection has sent a lot (messages, sign-ups).

The answer never reaches the browser: the page carries only a random nonce, and the answer waits
in the shared cache under it. Checking an answer deletes it first, right or wrong, so one solved
question lets exactly one request through and a page read by a bot gives nothing away (issue 11,
item 7: a signed answer in a hidden field could be read and replayed).
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("kinship.question")

QUESTION_SECONDS = 3600
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _key(nonce: str) -> str:
    return f"question:{nonce}"


def question_new() -> tuple[str, str]:
    """A new question: (nonce for the page, the question's words). The answer stays here."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(24)
    cache.set(_key(nonce), a + b, timeout=QUESTION_SECONDS)
    return nonce, gettext("What is %(a)s plus %(b)s? Answer in numbers.") % {"a": a, "b": b}


def question_answered(*, nonce: str, answer: str) -> bool:
    """True when `answer` is right for the question under `nonce`, which is used up either way.
    A store that fails answers False: the question only appears once a limit has tripped."""
    if not _NONCE_RE.match(nonce or ""):
        return False
    key = _key(nonce)
    try:
        expected = cache.get(key)
        # Only the request whose delete removed the row may use it: two racing replays of one
        # solved question cannot both get through.
        if expected is None or not cache.delete(key):
            return False
    except Exception as exc:  # noqa: BLE001 - any store failure refuses this answer, kindly
        logger.warning("question store failed (%s); answer not accepted", type(exc).__name__)
        return False
    return (answer or "").strip() == str(expected)


class QuestionForm(forms.Form):
    """Fields for the question, shown only when a rate limit asks for it."""

    challenge = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    challenge_answer = forms.CharField(label=_("Answer this question"), required=False, max_length=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.challenge_question = ""

    def set_challenge(self) -> None:
        """Ask a new question on the page about to be shown."""
        nonce, self.challenge_question = question_new()
        data: Any = self.data.copy()  # type: ignore[attr-defined]
        data["challenge"] = nonce
        data["challenge_answer"] = ""
        self.data = data

    def challenge_passed(self) -> bool:
        """Whether this request answered its question (using the question up)."""
        data: Any = self.data
        return question_answered(
            nonce=str(data.get("challenge", "")), answer=str(data.get("challenge_answer", ""))
        )
