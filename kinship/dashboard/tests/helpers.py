"""Staff in each group, signed in with a second factor, and records made directly (the console
only reads them, so the tests say exactly what each record is)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from kinship.campaigns.models import Action
from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS, ensure_staff_groups
from kinship.core.tests.staff import login_verified
from kinship.messaging.models import Message, MessageStatus, Submission, SubmissionStatus

GROUPS = {"editor": CAMPAIGN_EDITORS, "steward": DATA_STEWARDS, "moderator": MODERATORS}


def staff_in(client: Any, role: str) -> Any:
    """A staff member in the group for `role` ("editor", "steward", "moderator" or "none")."""
    ensure_staff_groups()
    user = get_user_model().objects.create_user(role, password="correct-horse-battery", is_staff=True)
    if role in GROUPS:
        user.groups.add(Group.objects.get(name=GROUPS[role]))
    login_verified(client, user)
    return user


def submission(
    action: Action,
    *,
    when: dt.datetime | None = None,
    confirmed: bool = True,
    constituency: str = "Demo Central",
    council: str = "Demoshire",
    **fields: Any,
) -> Submission:
    when = when or timezone.now()
    values: dict[str, Any] = {
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "email_canonical": "gwen@example.com",
        "body": "A message",
        **fields,
    }
    record = Submission.objects.create(
        action=action,
        status=SubmissionStatus.CONFIRMED if confirmed else SubmissionStatus.AWAITING_CONFIRMATION,
        constituency_name=constituency,
        council_name=council,
        confirmed_at=when if confirmed else None,
        **values,
    )
    Submission.objects.filter(pk=record.pk).update(created_at=when)
    record.refresh_from_db()
    return record


def message(
    sub: Submission, *, status: str = MessageStatus.SENT, when: dt.datetime | None = None, **fields: Any
) -> Message:
    when = when or sub.created_at
    values: dict[str, Any] = {"subject": "Kinship care", "body": "A message", "recipient_name": "Ann Example"}
    if status in (MessageStatus.SENT, MessageStatus.BOUNCED):
        values["sent_at"] = when
    if status == MessageStatus.BOUNCED:
        values["failed_at"] = when
    values.update(fields)
    record = Message.objects.create(submission=sub, action=sub.action, status=status, **values)
    Message.objects.filter(pk=record.pk).update(created_at=when)
    record.refresh_from_db()
    return record


def browser_sign_in(page: Any, base: str, name: str, *groups: str) -> None:
    """Sign a new staff member in `groups` into the browser `page` (second factor done)."""
    ensure_staff_groups()
    user = get_user_model().objects.create_user(name, password="pw-for-tests-only", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    client = Client()
    login_verified(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])


def check_console_page(page: Any, axe: Any, url: str) -> None:
    """One h1, nothing axe-core objects to, and no sideways scroll on a 390 px phone."""
    page.goto(url)
    assert page.locator("h1").count() == 1, url
    violations = axe(page)
    assert not violations, f"{url}: {violations}"
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1024, "height": 900})
    assert width <= 390, f"{url} is {width}px wide at 390px"
