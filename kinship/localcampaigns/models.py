"""Local campaigns: meeting invitations sent through the toolkit (and, later, the journey log)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.messaging.models import Submission


class Invitation(models.Model):
    """An invitation to a local kinship support group meeting, sent as a message with an .ics file.

    The message itself (and so the councillor's reply) is messaging's own row; this holds only
    the meeting's when and where."""

    created_at = models.DateTimeField(auto_now_add=True)
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="invitation")
    group_name = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    place = models.CharField(max_length=300)

    class Meta:
        permissions = [("view_local_campaigns", "Can see local campaigning across councils")]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} ({self.group_name})"

    @property
    def uid(self) -> str:
        return f"kinship-invitation-{self.pk}"


class Journey(models.Model):
    """One carer's campaign journey log, reached by a private link (no account). Keyed by the
    canonical email address so asking again finds the same log."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    email = models.EmailField(max_length=254, unique=True)
    language = models.CharField(max_length=10, default="en-gb")
    council_code = models.CharField(max_length=9, blank=True)
    council_name = models.CharField(max_length=250, blank=True)

    def __str__(self) -> str:
        return f"Journey #{self.pk}"


class EntryKind(models.TextChoices):
    CONTACTED = "contacted", _("I contacted someone")
    REPLY = "reply", _("They replied")
    MEETING = "meeting", _("We met")
    COMMITMENT = "commitment", _("They made a commitment")
    NEXT_STEP = "next_step", _("A next step I plan")


class EntryHow(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("In person")
    OTHER = "other", _("Another way")


class CouncilStatus(models.IntegerChoices):
    """How far campaigning at a council has gone, built from journey entries (higher is further)."""

    NOT_STARTED = 0, _("Not started")
    CONTACTED = 1, _("Contacted")
    REPLIED = 2, _("Replied")
    MEETING_HELD = 3, _("Meeting held")
    COMMITMENT_MADE = 4, _("Commitment made")


class JourneyEntry(models.Model):
    """One step of a carer's local campaign. Private unless the carer shares it with the charity."""

    created_at = models.DateTimeField(auto_now_add=True)
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="entries")
    council_code = models.CharField(max_length=9, blank=True, db_index=True)
    council_name = models.CharField(max_length=250, blank=True)
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    who = models.CharField(max_length=200, blank=True)
    how = models.CharField(max_length=10, choices=EntryHow.choices, blank=True)
    happened_on = models.DateField()
    notes = models.TextField(blank=True)
    next_step = models.CharField(max_length=300, blank=True)
    remind_on = models.DateField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["remind_on", "reminder_sent_at"])]
        verbose_name_plural = "journey entries"

    def __str__(self) -> str:
        return f"Journey entry #{self.pk} ({self.kind})"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None
