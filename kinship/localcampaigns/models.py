"""Local campaigns: meeting invitations sent through the toolkit (and, later, the journey log)."""

from __future__ import annotations

from django.db import models

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
