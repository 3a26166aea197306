"""System checks that warn loudly about unsafe operating modes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
