"""The mail provider's tracking webhook (bounces, through django-anymail), mounted for the one
configured provider only (`KINSHIP_EMAIL_PROVIDER`) and only with its secret
(`ANYMAIL["WEBHOOK_SECRET"]`, HTTP basic auth): without it anyone could post a "bounce".
Every other provider's address, and this one's while unconfigured, answers a JSON 404.
Apps receive the events through anymail's `tracking` signal."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from anymail.exceptions import AnymailConfigurationError
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from kinship.core.api import api_error

logger = logging.getLogger("kinship.security")


@cache
def tracking_webhook_providers() -> dict[str, Any]:
    """The anymail providers with a tracking webhook, by name, and their views."""
    from anymail import urls as anymail_urls

    suffix = "_tracking_webhook"
    return {
        str(pattern.name).removesuffix(suffix): pattern.callback
        for pattern in anymail_urls.urlpatterns
        if str(getattr(pattern, "name", "")).endswith(suffix)
    }


def configured_tracking_view(provider: str) -> Any | None:
    """The tracking webhook view for `provider` if it is the configured one and has its secret."""
    if not provider or provider != settings.KINSHIP_EMAIL_PROVIDER:
        return None
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return None
    return tracking_webhook_providers().get(provider)


@csrf_exempt
def provider_tracking_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """Hand the request to the configured provider's anymail view (which checks the secret
    and the provider's signature); a body it cannot read is a 400, never a 500."""
    view = configured_tracking_view(provider)
    if view is None:
        return api_error(404)
    try:
        response: HttpResponse = view(request)
    except AnymailConfigurationError:
        # The provider needs a setting of its own (a signing key): closed until it has one.
        logger.error("the %s tracking webhook is missing a setting; answering 404", provider)
        return api_error(404)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        # Authenticated (validators run first) but not in the provider's format.
        logger.warning("the %s tracking webhook received a body it could not read", provider)
        return api_error(400)
    return response


# The API front door lets provider webhooks speak their own formats (kinship.core.api).
provider_tracking_webhook.provider_webhook = True  # type: ignore[attr-defined]
