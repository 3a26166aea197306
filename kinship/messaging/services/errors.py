"""Messaging's domain errors: views turn these into a kind message for the person."""

from __future__ import annotations

import datetime as dt

from kinship.messaging.targets import Resolution


class MessagingError(Exception):
    """Base for messaging errors a view turns into a message for the person."""


class TargetsError(MessagingError):
    """Nobody can be written to for this postcode; `.resolution.problem` says why."""

    def __init__(self, resolution: Resolution) -> None:
        super().__init__(resolution.problem)
        self.resolution = resolution


class NoTargetsChosenError(MessagingError):
    """The person unticked everyone."""


class MessageTooLongError(MessagingError):
    """The message is longer than `limit` characters once its merge fields are filled in."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"longer than {limit} characters after merging")
        self.limit = limit


class FollowUpNotAllowedError(MessagingError):
    """A follow-up cannot be written for this message: `.reason` says why (`due_at` when not yet due)."""

    NOT_DELIVERED = "not_delivered"
    NOT_DUE = "not_due"
    NOT_ASKED = "not_asked"  # the carer has not told us there was no reply
    ALREADY = "already"  # one follow-up per message and person

    def __init__(self, reason: str, *, due_at: dt.datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.due_at = due_at


class LinkExpiredError(MessagingError):
    """A link in one of our emails is too old."""


class LinkInvalidError(MessagingError):
    """A link is broken or not ours."""


class MessageRetryError(Exception):
    """A temporary delivery failure: the task wrapper retries with backoff."""
