"""Calls: how a phone call to a representative went (anonymous) counts as taking the action."""

from __future__ import annotations

from django.db import transaction

from kinship.campaigns.models import Action
from kinship.core.counters import counter_increment
from kinship.messaging.models import CallLog
from kinship.messaging.targets import Target


@transaction.atomic
def call_log_record(*, action: Action, target: Target | None, outcome: str) -> CallLog:
    """Record how a call went (no personal details) and count it."""
    log = CallLog.objects.create(
        action=action,
        office_id=target.office_id if target else None,
        recipient_name=target.name if target else "",
        outcome=outcome,
    )
    counter_increment(key=action.counter_key)
    return log
