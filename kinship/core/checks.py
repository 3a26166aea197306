"""System checks that warn loudly about unsafe operating modes, and refuse unsafe ones."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from kinship.core.webhooks import tracking_webhook_providers


@register(Tags.security, deploy=True)
def rate_limits_on(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.KINSHIP_RATE_LIMITS_ENABLED:
        return []
    return [
        Warning(
            "KINSHIP_RATE_LIMITS=off: rate limits are switched off.",
            hint="Only switch limits off for load tests and acceptance checks.",
            id="kinship.W001",
        )
    ]


@register(Tags.security)
def email_provider_webhook_secret(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A provider's bounce webhook needs its secret: without one anyone could post a "bounce"."""
    provider = settings.KINSHIP_EMAIL_PROVIDER
    if not provider:
        return []
    if provider not in tracking_webhook_providers():
        return [
            Error(
                f"KINSHIP_EMAIL_PROVIDER={provider!r} is not a provider with a tracking webhook.",
                hint="Use an anymail provider name such as postmark, mailgun or amazon_ses, or leave it empty.",
                id="kinship.E001",
            )
        ]
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return [
            Error(
                "KINSHIP_EMAIL_PROVIDER is set but ANYMAIL_WEBHOOK_SECRET is not.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to a random user:password and give the provider the "
                "webhook URL with it; until then the webhook answers 404.",
                id="kinship.E002",
            )
        ]
    return []
