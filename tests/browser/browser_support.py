"""Words and steps shared by the browser tests (imported by them; pytest puts this folder on sys.path)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from django.core import signing

CAMPAIGN_SLUG = "value-our-love"
DEV_MAIL = "/dev/mail/"


@dataclass(frozen=True)
class Words:
    """What a person sees in one language, so one journey test serves English and Welsh."""

    prefix: str
    name_label: str
    email_label: str
    campaign_title: str
    join_button: str
    check_email_heading: str
    confirm_heading: str
    confirm_button: str
    confirm_subject: str
    joined_message: str
    error_summary_title: str
    error_prefix: str
    name_required: str
    email_invalid: str
    carer_required: str
    carer_no: str


ENGLISH = Words(
    prefix="",
    name_label="Your name",
    email_label="Email address",
    campaign_title="Value Our Love",
    join_button="Join the campaign",
    check_email_heading="Check your email",
    confirm_heading="Confirm you want to join",
    confirm_button="Confirm and join",
    confirm_subject="Please confirm you want to join",
    joined_message="Thank you. You have joined the campaign.",
    error_summary_title="There is a problem",
    error_prefix="Error:",
    name_required="Enter your name",
    email_invalid="Enter an email address in the correct format, like name@example.com",
    carer_required="Tell us whether you are a kinship carer, or choose 'I'd rather not say'",
    carer_no="No",
)

WELSH = Words(
    prefix="/cy",
    name_label="Eich enw",
    email_label="Cyfeiriad e-bost",
    campaign_title="Gwerthfawrogi Ein Cariad",
    join_button="Ymuno â'r ymgyrch",
    check_email_heading="Gwiriwch eich e-bost",
    confirm_heading="Cadarnhewch eich bod am ymuno",
    confirm_button="Cadarnhau ac ymuno",
    confirm_subject="Cadarnhewch eich bod am ymuno",
    joined_message="Diolch. Rydych wedi ymuno â'r ymgyrch.",
    error_summary_title="Mae problem",
    error_prefix="Gwall:",
    name_required="Rhowch eich enw",
    email_invalid="Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
    carer_required="Dywedwch wrthym a ydych yn ofalwr sy'n berthynas, neu dewiswch 'Byddai'n well gennyf beidio â dweud'",
    carer_no="Na",
)

LANGUAGES = {"en": ENGLISH, "cy": WELSH}



def supporter_count(page: Any) -> int:
    """The number shown in the campaign page's supporter count (digits only: it has commas)."""
    text = page.get_by_test_id("supporter-count").inner_text()
    return int(re.sub(r"\D", "", text))


def fill_join_form(page: Any, words: Words, *, name: str, email: str) -> None:
    page.get_by_label(words.name_label, exact=True).fill(name)
    page.get_by_label(words.email_label, exact=True).fill(email)
    page.get_by_role("radio", name=words.carer_no, exact=True).check()


def open_confirmation_email(page: Any, base: str, words: Words, *, to: str) -> None:
    """Open the captured confirmation email at /dev/mail/ and follow its confirm link."""
    page.goto(f"{base}{DEV_MAIL}")
    row = page.get_by_role("row").filter(has_text=to)
    row.get_by_role("link", name=re.compile(re.escape(words.confirm_subject))).first.click()
    link = page.locator("a[href*='/join/confirm/']").first
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{base}{words.prefix}/join/confirm/"), href
    link.click()


def expired_token(value: int, *, salt: str, days_old: int = 8) -> str:
    """A correctly signed link token made `days_old` days ago."""

    class Backdated(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - days_old * 86400)

    return Backdated(salt=salt).sign(str(value))


def axe_report(violations: list[dict]) -> str:
    """Readable axe failures: rule id, what it means, and the first few offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"  {v['id']}: {v['help']}")
        for node in v["nodes"]:
            lines.append(f"      at {node}")
    return "\n".join(lines)


def horizontal_overflow(page: Any) -> list[str]:
    """Elements sticking out past the right edge of the viewport, to say why a page scrolls."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > width + 0.5 && r.width > 0) {
                    const id = el.id ? '#' + el.id : '';
                    const cls = el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                    out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(r.right)}`);
                }
                if (out.length >= 8) break;
            }
            return out;
        }"""
    )
