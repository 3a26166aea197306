"""Plain English: every public page's main text, measured with textstat 0.7.3 (Flesch-Kincaid
grade; `readability.py` says what counts as the text). GOV.UK aims at grade 4 to 5 for running
text. The figures are printed, and written as JSON to `$KINSHIP_READABILITY_FIGURES` when set
(`bench/readability.py` runs this file and reports them). The test fails when a page grows
harder to read than CEILING, so a change that makes a page much harder to read is noticed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from readability import Reading, reading, table

pytestmark = pytest.mark.django_db

pytest.importorskip("textstat", reason="textstat==0.7.3 is a dev dependency (pip install -e '.[dev]')")

# No page may read harder than this (grade); most should be near 5.
CEILING = 7.0


def _demo() -> dict[str, str]:
    """Load the demo and make the private pages a carer reaches; returns their paths."""
    from kinship.campaigns.demo.content import load_demo_campaigns
    from kinship.campaigns.models import Action
    from kinship.geography.demo import load_demo_places
    from kinship.messaging import services, tokens
    from kinship.messaging.tests.factories import submission_data
    from kinship.representatives.demo import load_demo_people

    load_demo_places()
    load_demo_people()
    load_demo_campaigns()
    caches["fragments"].clear()
    action = Action.objects.get(slug="email-your-mp")
    waiting = services.submission_create(action=action, data=submission_data(), language="en-gb")
    done = services.submission_create(
        action=Action.objects.get(slug="email-your-councillors"),
        data=submission_data(email="other@example.org"),
        language="en-gb",
    )
    confirm_done = tokens.make_token(done.pk, salt=tokens.CONFIRM_SALT)
    services.submission_confirm(token=confirm_done)
    return {
        "confirm": f"/messages/confirm/{tokens.make_token(waiting.pk, salt=tokens.CONFIRM_SALT)}/",
        "thank you": f"/messages/confirm/{confirm_done}/",
        "check your email": services.check_email_path(waiting),
        "my actions": services.my_actions_url(done).split("8000", 1)[-1].replace("http://testserver", ""),
    }


PUBLIC = {
    "home": "/",
    "campaign": "/campaigns/value-our-love/",
    "campaign (closed)": "/campaigns/employment-rights-for-grandparent-carers/",
    "campaign (won)": "/campaigns/family-and-friends-care-policies/",
    "what you can do (postcode)": "/campaigns/value-our-love/take-action/?postcode=XX1+1AA",
    "action": "/actions/email-your-mp/",
    "write": "/actions/email-your-mp/write/?postcode=XX1+1AA",
    "letter action": "/actions/letter-to-your-lead-member/",
    "phone": "/actions/phone-your-council/call/?postcode=XX1+1AA",
    "your area": "/your-area/",
    "your area (postcode)": "/your-area/?postcode=XX1+1AA",
    "commitments": "/commitments/",
    "join": "/campaigns/value-our-love/join/",
    "help": "/help/",
    "privacy": "/privacy/",
    "accessibility": "/accessibility/",
    "your data": "/your-data/",
    "my actions (ask)": "/my-actions/",
    "page not found": "/no-such-page/",
}


def measure(client: Client) -> list[Reading]:
    paths = {**PUBLIC, **_demo()}
    readings = []
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (name, path, response.status_code)
        readings.append(reading(name, response.content.decode()))
    readings.extend(_emails())
    return readings


def _emails() -> list[Reading]:
    """The service emails the journey sent, rendered as the worker renders them."""
    from kinship.core.models import OutboundEmail
    from kinship.core.outbox import render_email

    seen: dict[str, Reading] = {}
    for row in OutboundEmail.objects.order_by("id"):
        if row.kind in seen:
            continue
        text = render_email(row.template, row.context, row.language)[1] if row.template else row.text_body
        seen[row.kind] = reading(f"email: {row.kind}", text, plain=True)
    return list(seen.values())


def test_every_public_page_reads_plainly(client: Client, settings: Any) -> None:
    settings.SITE_URL = "http://testserver"
    readings = measure(client)
    print("\n" + table(readings))
    out = os.environ.get("KINSHIP_READABILITY_FIGURES")
    if out:
        Path(out).write_text(json.dumps([r.__dict__ for r in readings], indent=2))
    too_hard = [f"{r.page}: grade {r.grade}" for r in readings if r.grade > CEILING]
    assert not too_hard, f"pages harder to read than grade {CEILING}: {', '.join(too_hard)}"
