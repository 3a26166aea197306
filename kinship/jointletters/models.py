"""A child's letter or drawing sent with a carer's message, and joint letters signed by many carers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.campaigns.models import Action
from kinship.messaging.models import Submission


class ChildDrawing(models.Model):
    """A cleaned copy of a child's letter or drawing (see `kinship.core.uploads`), kept privately
    under a random name and attached to the carer's email. Never public."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="child_drawing")
    stored_name = models.CharField(max_length=64, unique=True)
    mimetype = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Child's drawing #{self.pk}"

    @property
    def filename(self) -> str:
        return "childs-letter-or-drawing" + {"image/png": ".png", "application/pdf": ".pdf"}.get(
            self.mimetype, ".jpg"
        )


class LetterStatus(models.TextChoices):
    OPEN = "open", _("Open for signatures")
    CLOSED = "closed", _("Signing closed")
    SENT = "sent", _("Sent")


class JointLetter(models.Model):
    """A letter one organiser starts to one person with power, for many carers to sign. Sent
    once, as one email through messaging (a Submission and its Message), listing the signers."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="+")
    # A snapshot of the target when the letter was started (offices change, letters must not).
    target_key = models.CharField(max_length=80)
    target_name = models.CharField(max_length=200)
    target_role = models.CharField(max_length=30, blank=True)
    target_area_code = models.CharField(max_length=9, blank=True)
    target_area_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    organiser_first_name = models.CharField(max_length=80)
    organiser_last_name = models.CharField(max_length=80)
    organiser_email = models.CharField(max_length=254, db_index=True)  # canonical
    organiser_postcode = models.CharField(max_length=10)
    language = models.CharField(max_length=10, default="en-gb")
    status = models.CharField(max_length=10, choices=LetterStatus.choices, default=LetterStatus.OPEN)
    sent_at = models.DateTimeField(null=True, blank=True)
    submission = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="joint_letter"
    )

    def __str__(self) -> str:
        return f"Joint letter #{self.pk} ({self.status})"

    @property
    def organiser_name(self) -> str:
        return f"{self.organiser_first_name} {self.organiser_last_name}".strip()


class SignatureStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Signed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CoSignature(models.Model):
    """One carer's name on a joint letter, confirmed by email; withdrawable until it is sent."""

    created_at = models.DateTimeField(auto_now_add=True)
    letter = models.ForeignKey(JointLetter, on_delete=models.CASCADE, related_name="signatures")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.CharField(max_length=254, db_index=True)  # canonical
    postcode = models.CharField(max_length=10)
    line = models.CharField(max_length=280, blank=True)
    consent_contact = models.BooleanField(default=False)
    status = models.CharField(
        max_length=24, choices=SignatureStatus.choices, default=SignatureStatus.AWAITING_CONFIRMATION
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "email"], name="jointletters_one_signature_per_email")
        ]

    def __str__(self) -> str:
        return f"Signature #{self.pk} ({self.status})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
