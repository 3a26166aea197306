"""Files that upper apps attach to a representative's email (a calendar invitation for a meeting).

Messaging sits below the apps that know about such files, so it offers this registry: an app
registers a provider in its `AppConfig.ready()`; delivery asks every provider for each email
it builds. A provider must answer quickly with `[]` for messages that are not its own. A
provider that reads the database for each message may also register a `prefetch`, which the
drain calls once for a whole batch (one query, not one per email) before building it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from kinship.messaging.models import Message


class Attachment(NamedTuple):
    filename: str
    content: bytes
    mimetype: str


Provider = Callable[["Message"], list[Attachment]]
Prefetch = Callable[[Sequence["Message"]], None]
_PROVIDERS: list[Provider] = []
_PREFETCHES: list[Prefetch] = []


def register(provider: Provider, *, prefetch: Prefetch | None = None) -> None:
    """Add a provider (once, however often `ready()` runs), and what it reads for a batch."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    if prefetch is not None and prefetch not in _PREFETCHES:
        _PREFETCHES.append(prefetch)


def attachments_prefetch(messages: Sequence[Message]) -> None:
    """Let each provider read what it needs for these messages at once."""
    if messages:
        for prefetch in _PREFETCHES:
            prefetch(messages)


def attachments_for(message: Message) -> list[Attachment]:
    """Every registered provider's files for `message`."""
    files: list[Attachment] = []
    for provider in _PROVIDERS:
        files.extend(provider(message))
    return files
