"""The journey length on a 390x844 phone, from the campaign page to a confirmed-and-sent message,
for the MP action and the council action (`journey_length.py` says what is counted).

The figures are printed, and written as JSON to `$KINSHIP_JOURNEY_FIGURES` when set
(`bench/journey_length.py` runs this file and reports them). Nothing here asserts a speed:
it asserts the journey ends with the message sent, and bounds the length so a change that
makes it much longer fails loudly.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from journey_length import as_dict, figures_table, walk_to_sent

from kinship.geography.demo import load_demo_places
from kinship.messaging.models import Message, MessageStatus
from kinship.representatives.demo import load_demo_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEYS = [
    ("email-your-mp", "Email your MP", "XX1 1AA"),
    ("email-your-councillors", "Email the people who run children's services near you", "XX1 1AA"),
]
RESULTS: list[dict[str, Any]] = []


def _confirm_link(captured_mail: Any):  # type: ignore[no-untyped-def]
    def link(email: str) -> str:
        row = captured_mail.filter(to__contains=email).order_by("-id").first()
        assert row is not None, f"no confirmation email to {email}"
        found = re.search(r"(https?://\S+/messages/confirm/\S+/)", row.text_body)
        assert found, row.text_body
        return found.group(1)

    return link


@pytest.mark.parametrize(("slug", "title", "postcode"), JOURNEYS, ids=[j[0] for j in JOURNEYS])
def test_journey_from_campaign_page_to_sent(
    site: str, page: Any, captured_mail: Any, slug: str, title: str, postcode: str
) -> None:
    load_demo_places()
    load_demo_people()
    email = f"{slug}@example.org"
    journey = walk_to_sent(
        page,
        site,
        campaign_slug="value-our-love",
        action_slug=slug,
        action_title=title,
        postcode=postcode,
        email=email,
        confirm_link=_confirm_link(captured_mail),
    )
    sent = Message.objects.filter(submission__email=email)
    assert sent.exists() and all(m.status == MessageStatus.SENT for m in sent), [m.status for m in sent]
    figures = as_dict(journey)
    RESULTS.append(figures)
    print("\n" + figures_table([figures]))
    out = os.environ.get("KINSHIP_JOURNEY_FIGURES")
    if out:
        Path(out).write_text(json.dumps(RESULTS, indent=2))
    # Loose bounds: a carer should never face more than this.
    assert figures["screens"] <= 9
    assert figures["fields"] <= 8
