"""Provider tracking webhooks (django-anymail): bounces and rejections mark the message."""

from __future__ import annotations

import logging
from typing import Any

from anymail.signals import tracking
from django.dispatch import receiver

from kinship.messaging import services

logger = logging.getLogger("kinship.messaging")

BOUNCE_EVENTS = {"bounced", "rejected", "failed"}


@receiver(tracking)
def handle_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    # Auto-replies and deferrals are not bounces: only these event types mark a message.
    if event.event_type not in BOUNCE_EVENTS:
        return
    metadata = event.metadata or {}
    raw_id = str(metadata.get("kinship_message", "") or "")
    message_id = int(raw_id) if raw_id.isdigit() else None
    changed = services.message_mark_bounced(
        message_id=message_id,
        esp_message_id=str(event.message_id or "") if message_id is None else "",
        description=str(event.description or event.mta_response or event.event_type),
    )
    logger.info("tracking %s from %s: %s", event.event_type, esp_name, "recorded" if changed else "no match")
