"""Petitions in Debian Chromium: signing and confirming (with and without JavaScript), and axe-core
(WCAG 2.2 A/AA) on every new page, public and staff, English and Welsh, 390 px wide."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.core.models import CapturedEmail
from kinship.core.tests.staff import login_verified
from kinship.petitions import services
from kinship.petitions.demo import OPEN_LETTER_SLUG, PETITION_SLUG, load_demo_petitions
from kinship.petitions.models import Petition, Signature, SignatureStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server: Any, settings: Any, demo_places: Any) -> str:
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_MAIL_MODE = "capture"
    load_demo_campaigns()
    load_demo_petitions()
    return str(live_server.url)


def _no_axe_failures(axe: Any, page: Any) -> None:
    violations = axe(page)
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} {v['help']} at {v['nodes']}" for v in violations
    )


def _confirm_link(to: str) -> str:
    mail = CapturedEmail.objects.filter(to__contains=to).order_by("-pk").first()
    assert mail is not None, f"no email to {to}"
    match = re.search(r"https?://\S+/petitions/confirm/[^/\s]+/", mail.text_body)
    assert match, mail.text_body
    return match.group(0)


def _sign(page: Any, *, name: str, email: str, postcode: str = "XX1 1AA", welsh: bool = False) -> None:
    page.get_by_label("Eich enw" if welsh else "Your name", exact=True).fill(name)
    page.get_by_label("Cyfeiriad e-bost" if welsh else "Email address", exact=True).fill(email)
    page.get_by_label("Cod post" if welsh else "Postcode", exact=True).fill(postcode)
    page.get_by_role("button", name="Llofnodi" if welsh else "Sign", exact=True).click()


def test_sign_and_confirm_with_axe_on_each_page(site: str, page: Any, axe: Any) -> None:
    page.goto(f"{site}/petitions/{PETITION_SLUG}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Value our love")
    assert not page.get_by_label(re.compile("Yes, email me")).is_checked()  # consent is unticked
    _no_axe_failures(axe, page)

    _sign(page, name="Ann Carer", email="ann@example.org")
    page.get_by_role("heading", name="Check your email").wait_for()
    _no_axe_failures(axe, page)
    assert Signature.objects.get().status == SignatureStatus.PENDING

    page.goto(_confirm_link("ann@example.org"))
    page.get_by_role("heading", name="Confirm your signature").wait_for()
    _no_axe_failures(axe, page)
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_role("heading", name="Thank you for signing").wait_for()
    _no_axe_failures(axe, page)
    assert Signature.objects.get().status == SignatureStatus.CONFIRMED

    page.goto(f"{site}/petitions/{PETITION_SLUG}/")
    assert page.locator("#count-heading").inner_text() == "1 signature"


def test_sign_with_errors_then_without_javascript(site: str, page_no_js: Any, axe: Any, page: Any) -> None:
    page.goto(f"{site}/petitions/{OPEN_LETTER_SLUG}/")
    _no_axe_failures(axe, page)  # with the "show my name" box (this letter allows names)
    _sign(page, name="", email="nope", postcode="nonsense")
    page.get_by_role("heading", name="There is a problem").wait_for()
    _no_axe_failures(axe, page)

    page_no_js.goto(f"{site}/petitions/{OPEN_LETTER_SLUG}/")
    _sign(page_no_js, name="Bob Carer", email="bob@example.org")
    page_no_js.get_by_role("heading", name="Check your email").wait_for()
    page_no_js.goto(_confirm_link("bob@example.org"))
    page_no_js.get_by_role("button", name="Confirm my signature").click()
    page_no_js.get_by_role("heading", name="Thank you for signing").wait_for()
    assert Signature.objects.get(name="Bob Carer").status == SignatureStatus.CONFIRMED


def test_welsh_pages_counts_and_link_problems_pass_axe_at_390px(site: str, page: Any, axe: Any) -> None:
    petition = Petition.objects.get(action__slug=PETITION_SLUG)
    for i in range(6):
        services.signature_create(
            petition=petition,
            data=services.SignInput(name=f"P {i}", email=f"p{i}@example.org", postcode="XX1 1AA"),
            ip="192.0.2.5",
            language="cy",
        )
    for s in Signature.objects.all():
        from kinship.core.signing import make_token
        from kinship.petitions import tokens

        services.signature_confirm(token=make_token(s.pk, salt=tokens.CONFIRM_SALT))
    services.petition_count(petition=petition)

    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        f"/cy/petitions/{PETITION_SLUG}/",
        f"/petitions/{PETITION_SLUG}/",
        f"/petitions/{PETITION_SLUG}/constituencies/E14900001/",
        f"/cy/petitions/{PETITION_SLUG}/constituencies/E14900001/",
        f"/cy/petitions/{PETITION_SLUG}/check-your-email/",
        "/petitions/confirm/not-a-real-link/",
        "/cy/petitions/confirm/not-a-real-link/",
    ):
        page.goto(f"{site}{path}")
        _no_axe_failures(axe, page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide"
    page.goto(f"{site}/cy/petitions/{PETITION_SLUG}/")
    assert "6 o lofnodion" in page.locator("#count-heading").inner_text()
    keep = os.environ.get("KINSHIP_KEEP_TEST_PNG")  # a folder to look at the page in
    if keep:
        page.screenshot(path=f"{keep}/petition-cy-390.png", full_page=True)
    assert page.get_by_role("cell", name="6").count() >= 1  # constituency and council rows


def test_staff_pages_pass_axe(site: str, page: Any, axe: Any, settings: Any) -> None:
    settings.KINSHIP_PETITION_CLUSTER_MIN = 2
    settings.KINSHIP_RATE_SIGN_IP_HOLD = "1/3600"
    petition = Petition.objects.get(action__slug=PETITION_SLUG)
    for i in range(3):
        services.signature_create(
            petition=petition,
            data=services.SignInput(name=f"S {i}", email=f"s{i}@farm.example", postcode="XX1 1AA"),
            ip="203.0.113.1",
            language="en-gb",
        )
    from kinship.core.signing import make_token
    from kinship.petitions import handin, tokens

    for s in Signature.objects.all():
        services.signature_confirm(token=make_token(s.pk, salt=tokens.CONFIRM_SALT))
    handin.handin_create(petition=petition, by="tester")

    user = User.objects.create_user("moderator", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="handle_signatures"))
    client = Client()
    login_verified(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
    for path in ("/staff/petitions/", f"/staff/petitions/{petition.pk}/"):
        page.goto(f"{site}{path}")
        assert page.locator("h1").count() == 1
        _no_axe_failures(axe, page)
    assert page.get_by_role("button", name=re.compile("Void these")).count() >= 1
    assert page.get_by_role("button", name="Count the chosen signatures").count() == 1
