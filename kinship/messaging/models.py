"""Messages from carers to the people with power: one Submission per carer and action, one
Message per recipient. A Message is also the outbox row for its delivery (WriteToThem's
queue-as-state-machine): confirmation writes it as `queued` in the same transaction, and a
worker sends it by id, once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.campaigns.models import Action
from kinship.core.models import StampedQuerySet
from kinship.messaging import conf


class SubmissionStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    ABANDONED = "abandoned", _("Not confirmed in time")


class Submission(models.Model):
    """What one carer submitted for one action: their details and what they wrote."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Indexed: the daily rollup (`services.rollup`) reads the rows changed since its last run.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        max_length=24, choices=SubmissionStatus.choices, default=SubmissionStatus.AWAITING_CONFIRMATION
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254)
    # Canonical form: the key for export, erasure, rate limits and the "my actions" page.
    email_canonical = models.CharField(max_length=254, db_index=True)
    # One key per person however they spell the address (`kinship.core.privacy.email_key`):
    # the key for near-copy checks and duplicates, never for sending or showing data.
    email_key = models.CharField(max_length=254, db_index=True, blank=True, default="")
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    constituency_code = models.CharField(max_length=9, blank=True)
    constituency_name = models.CharField(max_length=200, blank=True)
    council_code = models.CharField(max_length=9, blank=True)
    council_name = models.CharField(max_length=250, blank=True)
    nation = models.CharField(max_length=10, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True, help_text="What the carer wrote, before per-recipient merge fields.")
    language = models.CharField(max_length=10, default="en-gb")
    consent_contact = models.BooleanField(default=False)
    source = models.CharField(max_length=10, default="web", choices=[("web", "Web"), ("api", "API")])
    fingerprint = models.JSONField(default=list, blank=True)
    flag_reason = models.CharField(max_length=200, blank=True)
    # The near-copy and second-postcode checks have not run yet: the worker runs them
    # (`services.abuse.submission_checks_drain`), or confirming does, before any message can go.
    checks_pending = models.BooleanField(default=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    follow_up_of = models.ForeignKey(
        "Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    # Same sender (canonical email), action and recipients (`submissions.submission_repeat_key`):
    # while one such submission waits for confirmation, a repeat reuses it.
    repeat_key = models.CharField(max_length=64, blank=True, default="")

    # Found by `updated_at` when the daily rollups catch up: every update stamps it.
    objects = StampedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # The worker's queue of submissions still to check: small, so a partial index.
            models.Index(
                fields=["id"], condition=models.Q(checks_pending=True), name="messaging_checks_pending"
            ),
            # "What is working" counts confirmations per day over a period: with this, a 30-day
            # window reads that window's rows, not every submission ever made.
            models.Index(
                fields=["confirmed_at"],
                condition=models.Q(confirmed_at__isnull=False),
                name="messaging_sub_confirmed_at",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["repeat_key"],
                condition=models.Q(status="awaiting_confirmation", erased_at__isnull=True)
                & ~models.Q(repeat_key=""),
                name="messaging_one_unconfirmed_repeat",
            )
        ]

    def __str__(self) -> str:
        return f"Submission #{self.pk} ({self.status})"

    @property
    def sender_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def address_lines(self) -> list[str]:
        return [line for line in (self.address_line1, self.address_line2, self.town, self.postcode) if line]


class MessageStatus(models.TextChoices):
    """Where a message stands, in the words the carer sees. A printed letter has states of its own
    (made, downloaded, the carer says they posted it): we never send it, so it is never "sent"."""

    DRAFT = "draft", _("Draft")
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Waiting for you to confirm")
    QUEUED = "queued", _("Sending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent to their email address")
    FAILED = "failed", _("Could not be delivered")
    BOUNCED = "bounced", _("Could not be delivered")
    WITHHELD = "withheld", _("We are checking this before it is sent, usually within a day")
    ABANDONED = "abandoned", _("Not confirmed in time")
    LETTER_MADE = "letter_made", _("Letter made: print it, sign it and post it")
    LETTER_DOWNLOADED = "letter_downloaded", _("Letter downloaded: print it, sign it and post it")
    LETTER_POSTED = "letter_posted", _("You posted this letter")


# A confirmed letter the carer has not yet told us they posted, and every confirmed letter.
LETTER_TO_POST = (MessageStatus.LETTER_MADE, MessageStatus.LETTER_DOWNLOADED)
LETTER_STATES = (*LETTER_TO_POST, MessageStatus.LETTER_POSTED)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Printed letter")


class Moderation(models.TextChoices):
    NONE = "", _("Not flagged")
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    EDIT_REQUESTED = "edit_requested", _("Edit requested")
    REJECTED = "rejected", _("Rejected")


class ReplyAnswer(models.TextChoices):
    YES_HELPED = "yes_helped", _("Yes, and it helped")
    YES_UNANSWERED = "yes_unanswered", _("Yes, but it did not answer my points")
    NOT_YET = "not_yet", _("Not yet")
    NO = "no", _("No")


class Message(models.Model):
    """One message to one recipient, and the outbox row for its delivery."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Indexed: the daily rollup (`services.rollup`) reads the rows changed since its last run.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="messages")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="messages")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(max_length=24, choices=MessageStatus.choices, default=MessageStatus.DRAFT)
    # A snapshot of the recipient at the time of writing: offices change, letters must not.
    office = models.ForeignKey(
        "representatives.Office", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(max_length=200)
    recipient_role = models.CharField(max_length=30, blank=True)
    recipient_email = models.EmailField(max_length=254, blank=True, db_index=True)
    recipient_postal_address = models.TextField(blank=True)
    recipient_area_code = models.CharField(max_length=9, blank=True, db_index=True)
    recipient_area_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    # Delivery bookkeeping.
    send_after = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    resends = models.PositiveSmallIntegerField(default=0, help_text="Recoveries after a worker died mid-send")
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # Moderation.
    moderation = models.CharField(max_length=20, choices=Moderation.choices, blank=True, default="")
    moderation_note = models.TextField(blank=True, help_text="Shown to the sender")
    moderated_by = models.CharField(max_length=150, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Follow-through.
    followup_sent_at = models.DateTimeField(null=True, blank=True)
    second_followup_sent_at = models.DateTimeField(null=True, blank=True)
    reply_answer = models.CharField(max_length=20, choices=ReplyAnswer.choices, blank=True)
    # A printed letter: when the carer downloaded it, and when they told us they posted it.
    letter_downloaded_at = models.DateTimeField(null=True, blank=True)
    letter_posted_at = models.DateTimeField(null=True, blank=True)
    reply_recorded_at = models.DateTimeField(null=True, blank=True)
    body_deleted_at = models.DateTimeField(null=True, blank=True)

    # Found by `updated_at` when the daily rollups catch up: every update stamps it.
    objects = StampedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status", "send_after"]),
            models.Index(fields=["status", "sent_at"]),
            # "What is working" counts bounces, replies and follow-ups per day over a period. Each
            # time is set on few messages, so partial indexes (only rows where it is set) keep a
            # 30-day window to that window's rows instead of a scan of every message.
            models.Index(
                fields=["failed_at"],
                condition=models.Q(failed_at__isnull=False),
                name="messaging_msg_failed_at",
            ),
            models.Index(
                fields=["reply_recorded_at"],
                condition=models.Q(reply_recorded_at__isnull=False),
                name="messaging_msg_reply_at",
            ),
            models.Index(
                fields=["followup_sent_at"],
                condition=models.Q(followup_sent_at__isnull=False),
                name="messaging_msg_followup_at",
            ),
        ]
        permissions = [("moderate_message", "Can approve, reject or ask for edits to held messages")]

    def __str__(self) -> str:
        return f"Message #{self.pk} to {self.recipient_name} ({self.status})"

    @property
    def message_id(self) -> str:
        # Fixed per row: a duplicate delivery (after a worker died mid-send) is visible as one.
        return f"<message-{self.pk}.{self.submission_id}@{conf.message_id_domain()}>"

    @property
    def did_not_arrive(self) -> bool:
        """Delivery failed for good or the recipient's server bounced it (a letter may still reach them)."""
        return self.status in {MessageStatus.FAILED, MessageStatus.BOUNCED}

    @property
    def was_delivered(self) -> bool:
        """Only an email our mail server handed on is delivered; a letter is the carer's to post."""
        return self.channel == Channel.EMAIL and self.status == MessageStatus.SENT

    @property
    def is_letter_to_post(self) -> bool:
        return self.channel == Channel.LETTER and self.status in LETTER_TO_POST

    @property
    def may_ask_about_reply(self) -> bool:
        """Whether "Did you get a reply?" makes sense: the email went, or the carer posted the letter."""
        return self.was_delivered or self.status == MessageStatus.LETTER_POSTED


class CallOutcome(models.TextChoices):
    SPOKE = "spoke", _("I spoke to them or their team")
    MESSAGE = "message", _("I left a message")
    NO_ANSWER = "no_answer", _("Nobody answered")
    OTHER = "other", _("Something else")


class CallLog(models.Model):
    """How a phone call went. Anonymous: no name, email or notes about the family."""

    created_at = models.DateTimeField(auto_now_add=True)
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="call_logs")
    office = models.ForeignKey(
        "representatives.Office", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=12, choices=CallOutcome.choices)
    went_well = models.BooleanField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Call #{self.pk} ({self.outcome})"


class FigureCounts(models.Model):
    """The counts "What is working" keeps per action and period (a local day, or an hour of the
    days still open): events in the period, and the funnel of the submissions made in it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    # Events, each on its own day.
    submissions = models.PositiveIntegerField(default=0)
    confirmations = models.PositiveIntegerField(default=0)
    deliveries = models.PositiveIntegerField(default=0)
    bounces = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    followups = models.PositiveIntegerField(default=0)
    no_replies = models.PositiveIntegerField(default=0)
    # The funnel of the submissions made this day, however long after it each step came.
    funnel_submitted = models.PositiveIntegerField(default=0)
    funnel_confirmed = models.PositiveIntegerField(default=0)
    funnel_delivered = models.PositiveIntegerField(default=0)
    funnel_reached = models.PositiveIntegerField(default=0)
    funnel_replied = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyFigures(FigureCounts):
    """One local day's figures for one action, as "What is working" counts them
    (`selectors.messaging_activity_by_day` and `messaging_funnel`): events on the day they
    happened, and the funnel of the submissions made that day. A summary, rebuilt from the
    messages and submissions by `services.rollup` (today's and yesterday's as the sum of their
    `HourlyFigures`); never edited by hand."""

    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "action"], name="messaging_daily_one")]

    def __str__(self) -> str:
        return f"{self.day} action #{self.action_id}"


class HourlyFigures(FigureCounts):
    """`DailyFigures` by the hour (UTC hour start; whole-hour time zones only), kept for the
    days still open (today and yesterday, local): a change today recomputes only the hours its
    rows count on, then the day is summed from its hours, instead of recounting the whole day."""

    hour = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hour", "action"], name="messaging_hourly_one")]

    def __str__(self) -> str:
        return f"{self.hour} action #{self.action_id}"


class AreaKind(models.TextChoices):
    CONSTITUENCY = "constituency", _("Constituency")
    COUNCIL = "council", _("Council")


class AreaConfirmed(models.Model):
    """Confirmed submissions in one constituency or council (by the name the submission stored),
    the count the "top areas" rollups keep by day or hour, per action or over every action."""

    kind = models.CharField(max_length=12, choices=AreaKind.choices)
    name = models.CharField(max_length=250)
    confirmed = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyAreaCount(AreaConfirmed):
    """Confirmed submissions made on one local day for one action, in one constituency or
    council (by the name the submission stored): the "top areas" of "What is working"."""

    day = models.DateField()
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "action", "kind", "name"], name="messaging_daily_area_one")
        ]
        # "Top areas" over a period reads only this index (an index-only scan): what it sums is in it.
        indexes = [models.Index(fields=["kind", "day", "name", "confirmed"], name="messaging_daily_area_top")]

    def __str__(self) -> str:
        return f"{self.day} action #{self.action_id} {self.kind} {self.name}"


class DailyAreaTotal(AreaConfirmed):
    """`DailyAreaCount` summed over every action: the top areas across every campaign read one
    row per day and area, not one per day, action and area (kept with it by `services.rollup`).
    Actions with submissions cannot be deleted, so no action leaves rows here behind."""

    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "name"], name="messaging_daily_total_one")
        ]
        # Read only from this index (an index-only scan), as `messaging_daily_area_top`.
        indexes = [
            models.Index(fields=["kind", "day", "name", "confirmed"], name="messaging_daily_total_top")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.name}"


class HourlyAreaCount(AreaConfirmed):
    """`DailyAreaCount` by the hour, for the days still open (see `HourlyFigures`)."""

    hour = models.DateTimeField()
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "action", "kind", "name"], name="messaging_hourly_area_one"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hour} action #{self.action_id} {self.kind} {self.name}"
