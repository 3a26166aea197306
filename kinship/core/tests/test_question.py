"""The anti-bot question: the answer stays on the server, under a nonce used once."""

from __future__ import annotations

import re

from django.core.cache import cache

from kinship.core.question import question_answered, question_new


def _answer(text: str) -> str:
    a, b = re.search(r"What is (\d) plus (\d)\?", text).groups()
    return str(int(a) + int(b))


def test_the_nonce_gives_nothing_away():
    nonce, text = question_new()
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", nonce)
    assert _answer(text) not in nonce.split("-")  # random, not an encoding of the answer


def test_a_right_answer_is_accepted_once_only():
    nonce, text = question_new()
    assert question_answered(nonce=nonce, answer=f" {_answer(text)} ")
    assert not question_answered(nonce=nonce, answer=_answer(text))
    assert cache.get(f"question:{nonce}") is None


def test_a_wrong_answer_uses_the_question_up():
    nonce, text = question_new()
    assert not question_answered(nonce=nonce, answer=str(int(_answer(text)) + 1))
    assert not question_answered(nonce=nonce, answer=_answer(text))


def test_made_up_or_malformed_nonces_are_refused():
    assert not question_answered(nonce="A" * 32, answer="2")
    assert not question_answered(nonce="", answer="2")
    assert not question_answered(nonce="../../etc 1", answer="2")
