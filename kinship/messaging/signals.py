"""Provider tracking webhooks (django-anymail, mounted by `kinship.core.webhooks` for the
configured provider only, behind its secret): bounces and rejections mark the message."""

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
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    changed = services.message_mark_bounced(
        esp_message_id=str(event.message_id or "")[:255],
        token=str(metadata.get("kinship_token", "") or "")[:200],
        description=str(event.description or event.mta_response or event.event_type),
    )
    logger.info("tracking %s from %s: %s", event.event_type, esp_name, "recorded" if changed else "no match")
