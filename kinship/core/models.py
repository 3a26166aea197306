"""Shared infrastructure rows: captured mail, dead letters and periodic job bookkeeping."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


class StampedQuerySet(models.QuerySet[Any]):
    """`update()` also stamps `updated_at` unless told a value (`auto_now` covers `save()` only).
    For models whose changed rows are found by `updated_at` (`kinship.core.rollup`), so that no
    bulk update anywhere can leave a change unseen."""

    def update(self, **kwargs: Any) -> int:
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CapturedEmail(models.Model):
    """A message the platform would have sent, kept locally (mail mode `capture`)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_email = models.CharField(max_length=320)
    to = models.TextField(help_text="Comma-separated recipients")
    cc = models.TextField(blank=True)
    bcc = models.TextField(blank=True)
    reply_to = models.TextField(blank=True)
    subject = models.CharField(max_length=998)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    raw = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class DeadLetter(models.Model):
    """A background task that failed every allowed attempt, kept for staff to inspect and retry."""

    created_at = models.DateTimeField(auto_now_add=True)
    task_path = models.CharField(max_length=255)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    attempts = models.PositiveIntegerField()
    error_type = models.CharField(max_length=255)
    # Scrubbed of email addresses before saving: never log personal data.
    error_message = models.TextField(blank=True)
    retried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.error_type})"


class PeriodicJobRun(models.Model):
    """When each periodic job last ran, so several workers run it once between them."""

    name = models.CharField(max_length=200, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class OutboundEmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboundEmail(models.Model):
    """A service email to a supporter (confirmation, reminder, data link), written in the same
    transaction as the action that caused it and sent by a worker by id (the outbox pattern)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=60)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=OutboundEmailStatus.choices, default=OutboundEmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # Rendered by the worker when `template` is set (keeps template work out of the request):
    # `subject`/`text_body`/`html_body` are filled in from these when the row is first sent.
    template = models.CharField(max_length=200, blank=True)
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # The outbox is the queue: workers claim due rows (send_after <= now) in batches.
    send_after = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    resends = models.PositiveSmallIntegerField(default=0, help_text="Recoveries after a worker died mid-send")

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "send_after"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def message_id(self) -> str:
        # Fixed per row: a duplicate delivery carries the same Message-ID and is visible as one.
        return f"<service-{self.pk}@kinship-campaigns.example.org>"


class CounterShard(models.Model):
    """One slice of a sharded counter; see kinship.core.counters."""

    key = models.CharField(max_length=120)
    shard = models.PositiveSmallIntegerField()
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "shard"], name="counter_shard_unique")]

    def __str__(self) -> str:
        return f"{self.key}#{self.shard}={self.value}"


class RollupMark(models.Model):
    """How far a daily rollup has read the rows it summarises (`kinship.core.rollup`): rows whose
    `updated_at` is after `mark` (less a small overlap) are still to be counted in. Empty: the
    rollup has never been built."""

    name = models.CharField(max_length=50, primary_key=True)
    mark = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} up to {self.mark}"
