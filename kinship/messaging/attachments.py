"""Files that upper apps attach to a representative's email (a calendar invitation for a meeting).

Messaging sits below the apps that know about such files, so it offers this registry: an app
registers a provider in its `AppConfig.ready()`; delivery asks every provider for each email
it builds. A provider must answer quickly with `[]` for messages that are not its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from kinship.messaging.models import Message


class Attachment(NamedTuple):
    filename: str
    content: bytes
    mimetype: str


Provider = Callable[["Message"], list[Attachment]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider (once, however often `ready()` runs)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def attachments_for(message: Message) -> list[Attachment]:
    """Every registered provider's files for `message`."""
    files: list[Attachment] = []
    for provider in _PROVIDERS:
        files.extend(provider(message))
    return files
