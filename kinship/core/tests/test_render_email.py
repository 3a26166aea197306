"""An email's HTML part is optional: a missing template means plain text; any other error is a
bug in the template, logged loudly, and the email still goes as text."""

from __future__ import annotations

import logging

import pytest

from kinship.core.outbox import render_email


@pytest.fixture
def email_templates(settings, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "t").mkdir()
    for name, text in {
        "plain_subject.txt": "Hello",
        "plain.txt": "Text only",
        "broken_subject.txt": "Hello",
        "broken.txt": "Text part",
        "broken.html": "<p>{% url 'no-such-page' %}</p>",
    }.items():
        (tmp_path / "t" / name).write_text(text)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return "t"


def test_an_email_without_an_html_template_is_plain_text(email_templates, caplog):
    with caplog.at_level(logging.ERROR, logger="kinship.outbox"):
        subject, text, html = render_email(f"{email_templates}/plain", {}, "en-gb")
    assert (subject, text, html) == ("Hello", "Text only", "")
    assert not caplog.records


def test_a_broken_html_template_is_logged_and_the_text_still_goes(email_templates, caplog):
    with caplog.at_level(logging.ERROR, logger="kinship.outbox"):
        subject, text, html = render_email(f"{email_templates}/broken", {}, "en-gb")
    assert (subject, text, html) == ("Hello", "Text part", "")
    [record] = caplog.records
    assert "t/broken" in record.getMessage() and record.exc_info is not None
