"""Every email template renders to the same bytes through `kinship.core.emailrender` (its
translations looked up once per language) as through Django's own rendering, in English and
Welsh, the HTML part escaped and the plain parts not; and a second email looks up nothing."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.template.utils import get_app_template_dirs
from django.utils import translation
from django.utils.translation import trans_real

from kinship.core.emailrender import render_email

# Text that escaping and `%` formatting would change, and Welsh letters.
TRICKY = 'O\'Brien & <Sons> "Jo" 100% Ŵyn'
URL = "https://example.org/c/ab-c?x=1&y=<2>"


def _context(truthy: bool) -> dict[str, Any]:
    """Every variable the email templates use; `truthy` takes each `if` the other way."""
    many = 1 if truthy else 2
    return {
        "name": TRICKY,
        "title": f"Value our love: {TRICKY}",
        "action_title": f"Email your MP: {TRICKY}",
        "subject": TRICKY,
        "target": TRICKY,
        "recipient": TRICKY,
        "council": TRICKY,
        "constituency": TRICKY,
        "mp_name": TRICKY,
        "next_step": TRICKY,
        "who": TRICKY if truthy else "",
        "note": TRICKY if truthy else "",
        "days": 7,
        "total": many,
        "count": None if truthy else 1234,
        "suppress_below": 10,
        "day": dt.date(2026, 12, 1),
        "expires_on": dt.date(2026, 12, 8),
        "advice_line": "0300 123 7015",
        "letter": truthy,
        "already_confirmed": truthy,
        "confirmed": truthy,
        "bounced": truthy,
        "has_postal_address": truthy,
        "decision": "rejected" if truthy else "changes",
        "recipients": [TRICKY, "Alex Member MP"] if truthy else [],
        "messages": [{"recipient": TRICKY, "url": URL}] if truthy else [],
        "links": [{"council": TRICKY, "url": URL}] if truthy else [],
        "paragraphs": [TRICKY, "Second paragraph"] if truthy else [],
        "action": SimpleNamespace(
            title=TRICKY, title_cy=f"Cymraeg {TRICKY}", kind="open_letter" if truthy else ""
        ),
        "petition": SimpleNamespace(target_name=TRICKY),
        **{
            key: f"{URL}&{key}"
            for key in (
                "confirm_url",
                "unsubscribe_url",
                "petition_url",
                "withdraw_url",
                "url",
                "letter_url",
                "my_actions_url",
                "action_url",
                "pdf_url",
                "link",
            )
        },
    }


def _email_templates() -> list[str]:
    """Every email in every app: `<app>/email/<name>` for each `<name>_subject.txt`."""
    names = {
        str(path.relative_to(directory)).removesuffix("_subject.txt")
        for directory in get_app_template_dirs("templates")
        for path in Path(directory).glob("*/email/*_subject.txt")
    }
    return sorted(names)


def _django_render(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """What the outbox rendered before: each template through Django, plain parts unescaped."""
    with translation.override(language):
        plain = [
            get_template(f"{template}{suffix}").template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]
            for suffix in ("_subject.txt", ".txt")
        ]
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return " ".join(plain[0].split()), plain[1], html


def test_every_app_has_its_emails_found() -> None:
    found = _email_templates()
    assert {"messaging/email/confirm", "supporters/email/join_confirm", "petitions/email/confirm"} <= set(
        found
    )
    assert len(found) >= 20


@pytest.mark.parametrize("truthy", [True, False], ids=["if", "else"])
@pytest.mark.parametrize("template", _email_templates())
def test_every_email_renders_byte_for_byte_as_django_renders_it(template: str, truthy: bool) -> None:
    context = _context(truthy)
    # English, Welsh, then English again: each language's copy is its own.
    for language in ("en-gb", "cy", "en-gb"):
        assert render_email(template, context, language) == _django_render(template, context, language)


def test_the_welsh_confirmation_is_in_welsh_and_its_html_escaped() -> None:
    context = _context(False)
    english = render_email("messaging/email/confirm", context, "en-gb")
    welsh = render_email("messaging/email/confirm", context, "cy")
    assert welsh[0] != english[0] and welsh[1] != english[1]
    assert TRICKY in welsh[1]  # plain text: as typed
    assert "O&#x27;Brien &amp; &lt;Sons&gt; &quot;Jo&quot; 100% Ŵyn" in welsh[2]
    assert "x=1&amp;y=&lt;2&gt;" in welsh[2] and f"{URL}&confirm_url" in welsh[1]


def test_a_second_email_in_a_language_looks_up_no_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    context = _context(False)
    for language in ("en-gb", "cy"):
        render_email("supporters/email/join_confirm", context, language)
    looked_up: list[str] = []
    gettext = trans_real.DjangoTranslation.gettext

    def counting(self: trans_real.DjangoTranslation, message: str) -> str:
        looked_up.append(message)
        return gettext(self, message)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", counting)
    for language in ("en-gb", "cy"):
        render_email("supporters/email/join_confirm", context, language)
    assert looked_up == []


def _write_mo(path: Path, catalogue: dict[str, str]) -> None:
    """A GNU .mo file (what `msgfmt` writes), so the test needs no gettext tools."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **catalogue}
    keys = sorted(entries)
    ids = b"".join(key.encode() + b"\0" for key in keys)
    strs = b"".join(entries[key].encode() + b"\0" for key in keys)
    start = 7 * 4 + 16 * len(keys)
    offsets, id_at, str_at = [], start, start + len(ids)
    for key in keys:
        offsets.append((len(key.encode()), id_at, len(entries[key].encode()), str_at))
        id_at += len(key.encode()) + 1
        str_at += len(entries[key].encode()) + 1
    head = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    table = b"".join(struct.pack("<2I", n, at) for n, at, _, _ in offsets)
    table += b"".join(struct.pack("<2I", n, at) for _, _, n, at in offsets)
    path.parent.mkdir(parents=True)
    path.write_bytes(head + table + ids + strs)


def test_a_changed_catalogue_is_used_at_once(settings: Any, tmp_path: Path) -> None:
    context = _context(False)
    before = render_email("petitions/email/confirm", context, "cy")
    # The msgid of the email's first line, `{% blocktranslate %}Hello {{ name }},{% endblocktranslate %}`.
    _write_mo(tmp_path / "cy/LC_MESSAGES/django.mo", {"Hello %(name)s,": "Hylo %(name)s!"})
    settings.LOCALE_PATHS = [tmp_path]  # Django starts its catalogues afresh
    after = render_email("petitions/email/confirm", context, "cy")
    assert after[1].startswith(f"Hylo {TRICKY}!") and not before[1].startswith("Hylo")
    assert after == _django_render("petitions/email/confirm", context, "cy")


def test_a_changed_template_is_used_at_once(settings: Any, tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    for name, text in {"e_subject.txt": "{% load i18n %}{% translate 'Hello' %}", "e.txt": "One"}.items():
        (tmp_path / "t" / name).write_text(text)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    assert render_email("t/e", {}, "en-gb") == ("Hello", "One", "")
    (tmp_path / "t" / "e.txt").write_text("Two")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]  # a new engine, as on a reload
    assert render_email("t/e", {}, "en-gb") == ("Hello", "Two", "")


def test_the_fixed_text_goes_as_written_and_the_variables_escaped_in_html(
    settings: Any, tmp_path: Path
) -> None:
    # As Django does it: a template's own text is the author's (a literal is safe), a value is
    # escaped where autoescaping is on. No email's own text has anything to escape today.
    tag = '{% translate "Tom & Jerry\'s <b>" %}'
    block = "{% blocktranslate %}Tom & {{ name }}'s <b>{% endblocktranslate %}"
    (tmp_path / "t").mkdir()
    for name, text in {
        "e_subject.txt": f"{{% load i18n %}}{tag}",
        "e.txt": f"{{% load i18n %}}{tag} {block}",
        "e.html": f"{{% load i18n %}}{tag} {block} {{% autoescape off %}}{tag} {block}{{% endautoescape %}}",
    }.items():
        (tmp_path / "t" / name).write_text(text)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    rendered = render_email("t/e", {"name": "<Jo>"}, "cy")
    assert rendered == _django_render("t/e", {"name": "<Jo>"}, "cy")
    assert rendered == (
        "Tom & Jerry's <b>",
        "Tom & Jerry's <b> Tom & <Jo>'s <b>",
        "Tom & Jerry's <b> Tom & &lt;Jo&gt;'s <b> Tom & Jerry's <b> Tom & <Jo>'s <b>",
    )
