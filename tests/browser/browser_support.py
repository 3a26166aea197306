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
    join_button="Ymuno â’r ymgyrch",
    check_email_heading="Gwiriwch eich e-bost",
    confirm_heading="Cadarnhewch eich bod am ymuno",
    confirm_button="Cadarnhau ac ymuno",
    confirm_subject="Cadarnhewch eich bod am ymuno",
    joined_message="Diolch. Rydych chi wedi ymuno â’r ymgyrch.",
    error_summary_title="Mae problem wedi codi",
    error_prefix="Gwall:",
    name_required="Rhowch eich enw",
    email_invalid="Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
    carer_required="Dywedwch wrthym a ydych chi’n ofalwr sy’n berthynas, neu dewiswch ‘Byddai’n well gennyf beidio â dweud’",
    carer_no="Na",
)

LANGUAGES = {"en": ENGLISH, "cy": WELSH}


def supporter_count(page: Any) -> int:
    """The number shown in the campaign page's supporter count (digits only: it has commas);
    0 when no number is shown (counts below the campaign's threshold are hidden)."""
    shown = page.get_by_test_id("supporter-count")
    if not shown.count():
        return 0
    text = shown.inner_text()
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


# The public pages, each reached the way a person reaches it. Every entry takes the page,
# the live server's base URL and the language prefix ("" or "/cy") and leaves the browser there.
def make_signup(email: str = "page.tour@example.org") -> Any:
    """A pending sign-up to the demo campaign, made through the real service."""
    from kinship.campaigns.models import Campaign
    from kinship.supporters import services

    campaign = Campaign.objects.get(slug=CAMPAIGN_SLUG)
    data = services.JoinInput(
        name="Page Tour", email=email, postcode="", is_kinship_carer="unsaid", consent_contact=False
    )
    return services.supporter_join(
        campaign=campaign, data=data, source_url="http://testserver/", language="en-gb"
    )


def _token(value: int, salt_name: str) -> str:
    from kinship.supporters import tokens

    return tokens.make_token(value, salt=getattr(tokens, salt_name))


def _go(path: str):  # type: ignore[no-untyped-def]
    def visit(page: Any, base: str, prefix: str) -> None:
        page.goto(f"{base}{prefix}{path}")

    return visit


def _join_errors(page: Any, base: str, prefix: str) -> None:
    page.goto(f"{base}{prefix}/campaigns/{CAMPAIGN_SLUG}/join/")
    page.locator("form.kc-join-form button[type=submit]").click()
    page.locator(".govuk-error-summary").wait_for()


def _confirm(page: Any, base: str, prefix: str) -> None:
    signup = make_signup()
    page.goto(f"{base}{prefix}/join/confirm/{_token(signup.pk, 'JOIN_SALT')}/")


def _confirmed_already(page: Any, base: str, prefix: str) -> None:
    from kinship.supporters import services

    signup = make_signup()
    token = _token(signup.pk, "JOIN_SALT")
    services.signup_confirm(token=token)
    page.goto(f"{base}{prefix}/join/confirm/{token}/")


def _link_expired(page: Any, base: str, prefix: str) -> None:
    from kinship.supporters import tokens

    signup = make_signup()
    page.goto(f"{base}{prefix}/join/confirm/{expired_token(signup.pk, salt=tokens.JOIN_SALT)}/")


def _your_data_errors(page: Any, base: str, prefix: str) -> None:
    page.goto(f"{base}{prefix}/your-data/")
    page.locator("main form button[type=submit]").click()
    page.locator(".govuk-error-summary").wait_for()


def _your_data_sent(page: Any, base: str, prefix: str) -> None:
    page.goto(f"{base}{prefix}/your-data/")
    page.locator("main input[type=email]").fill("someone@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _your_data_manage(page: Any, base: str, prefix: str) -> None:
    signup = make_signup()
    page.goto(f"{base}{prefix}/your-data/{_token(signup.supporter_id, 'DATA_ACCESS_SALT')}/")


def _your_data_erase_errors(page: Any, base: str, prefix: str) -> None:
    _your_data_manage(page, base, prefix)
    page.locator("main form .govuk-button--warning").click()
    page.locator(".govuk-error-summary").wait_for()


def _unsubscribe(page: Any, base: str, prefix: str) -> None:
    signup = make_signup()
    page.goto(f"{base}{prefix}/unsubscribe/{_token(signup.supporter_id, 'UNSUBSCRIBE_SALT')}/")


def _unsubscribe_done(page: Any, base: str, prefix: str) -> None:
    _unsubscribe(page, base, prefix)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


# The carer's journey (issue 10): pages reached with a postcode, a POST or a signed link.
def _demo_places() -> None:
    from kinship.geography.demo import load_demo_places
    from kinship.representatives.demo import load_demo_people

    load_demo_places()
    load_demo_people()


def _submission(slug: str = "email-your-mp", email: str = "journey.tour@example.org") -> Any:
    from kinship.campaigns.models import Action
    from kinship.messaging import services
    from kinship.messaging.tests.factories import submission_data

    _demo_places()
    return services.submission_create(
        action=Action.objects.get(slug=slug), data=submission_data(email=email), language="en-gb"
    )


def _confirm_token(submission: Any) -> str:
    from kinship.messaging import tokens

    return tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)


def _join_check_email_sent(page: Any, base: str, prefix: str) -> None:
    from kinship.supporters import services

    page.goto(f"{base}{prefix}{services.join_check_email_path(make_signup('masked.tour@example.org'))}")


def _take_action(page: Any, base: str, prefix: str) -> None:
    _demo_places()
    page.goto(f"{base}{prefix}/campaigns/{CAMPAIGN_SLUG}/take-action/?postcode=XX1+1AA")


def _message_preview(page: Any, base: str, prefix: str) -> None:
    _demo_places()
    page.goto(f"{base}{prefix}/actions/email-your-councillors/write/?postcode=XX1+1AA")
    main = page.locator("main")
    for name, value in (
        ("first_name", "Gwen"),
        ("last_name", "Jones"),
        ("email", "gwen@example.org"),
        ("address_line1", "1 Maple Road"),
        ("town", "Fictionham"),
    ):
        main.locator(f"input[name={name}]").fill(value)
    body = main.locator("textarea[name=body]")
    body.fill(re.sub(r"\[[^\]]{10,}\]", "We had no help at all for a year.", body.input_value()))
    main.locator("button[name=preview]").click()
    page.locator("[data-testid=letter]").wait_for()


def _message_check_email(page: Any, base: str, prefix: str) -> None:
    from kinship.messaging import services

    page.goto(f"{base}{prefix}{services.check_email_path(_submission())}")


def _message_confirm(page: Any, base: str, prefix: str) -> None:
    page.goto(f"{base}{prefix}/messages/confirm/{_confirm_token(_submission())}/")


def _message_thank_you(page: Any, base: str, prefix: str) -> None:
    _message_confirm(page, base, prefix)
    page.locator("main form button[type=submit]").click()
    page.locator("[data-testid=share-links]").wait_for()


def _letter_thank_you(page: Any, base: str, prefix: str) -> None:
    submission = _submission("letter-to-your-lead-member", "letter.tour@example.org")
    page.goto(f"{base}{prefix}/messages/confirm/{_confirm_token(submission)}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _letter_posted(page: Any, base: str, prefix: str) -> None:
    _letter_thank_you(page, base, prefix)
    page.locator("main form[action*='/posted/'] button").first.click()
    page.wait_for_load_state()


def _my_actions(page: Any, base: str, prefix: str) -> None:
    from kinship.messaging import services

    submission = _submission()
    services.submission_confirm(token=_confirm_token(submission))
    path = "/my-actions/" + services.my_actions_url(submission).split("/my-actions/", 1)[1]
    page.goto(f"{base}{prefix}{path}")


def _my_actions_erase(page: Any, base: str, prefix: str) -> None:
    _my_actions(page, base, prefix)
    page.locator("main a[href*='/erase/']").click()
    page.wait_for_load_state()


PUBLIC_PAGES = {
    "home": _go("/"),
    "campaign": _go(f"/campaigns/{CAMPAIGN_SLUG}/"),
    "earlier-campaign": _go("/campaigns/employment-rights-for-grandparent-carers/"),
    "join": _go(f"/campaigns/{CAMPAIGN_SLUG}/join/"),
    "join-with-errors": _join_errors,
    "join-closed": _go("/campaigns/employment-rights-for-grandparent-carers/join/"),
    "check-your-email": _go(f"/campaigns/{CAMPAIGN_SLUG}/join/check-your-email/"),
    "confirm": _confirm,
    "confirm-already-confirmed": _confirmed_already,
    "link-invalid": _go("/join/confirm/not-a-real-link/"),
    "link-expired": _link_expired,
    "commitments": _go("/commitments/"),
    "help": _go("/help/"),
    "privacy": _go("/privacy/"),
    "accessibility": _go("/accessibility/"),
    "your-data": _go("/your-data/"),
    "your-data-with-errors": _your_data_errors,
    "your-data-sent": _your_data_sent,
    "your-data-manage": _your_data_manage,
    "your-data-erase-with-errors": _your_data_erase_errors,
    "your-data-erased": _go("/your-data/erased/"),
    "unsubscribe": _unsubscribe,
    "unsubscribe-done": _unsubscribe_done,
    "not-found": _go("/no-such-page/"),
    "won-campaign": _go("/campaigns/family-and-friends-care-policies/"),
    "join-check-email-sent": _join_check_email_sent,
    "take-action": _take_action,
    "message-preview": _message_preview,
    "message-check-email": _message_check_email,
    "message-confirm": _message_confirm,
    "message-thank-you": _message_thank_you,
    "letter-thank-you": _letter_thank_you,
    "letter-posted": _letter_posted,
    "my-actions": _my_actions,
    "my-actions-erase": _my_actions_erase,
}


SMALL_TARGETS_JS = """(minimum) => {
    const out = [];
    const controls = document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary');
    for (const el of controls) {
        if (el.closest('.kc-hp') || el.classList.contains('govuk-skip-link')) continue;
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if ((r.width === 0 && r.height === 0) || style.visibility === 'hidden') continue;
        // WCAG 2.5.8 exempts a link inside a sentence: its size is set by the line of text.
        if (el.tagName === 'A') {
            const own = el.textContent.replace(/\\s+/g, ' ').trim();
            const around = el.parentElement.textContent.replace(/\\s+/g, ' ').trim();
            if (around.length > own.length) continue;
        }
        if (r.height < minimum - 0.5 || r.width < minimum - 0.5) {
            const label = (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40);
            out.push(`${el.tagName.toLowerCase()} "${label}" is ${Math.round(r.width)}x${Math.round(r.height)}`);
        }
    }
    return out;
}"""


def small_targets(page: Any, minimum: int = 44) -> list[str]:
    """Controls and stand-alone links smaller than `minimum` CSS pixels either way."""
    return page.evaluate(SMALL_TARGETS_JS, minimum)
