"""Petitions and open letters (an `Action` of kind petition or open_letter, with its text, target
and goal), their signatures, the counts by area and every hand-in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.campaigns.models import Action
from kinship.core.models import TimeStampedModel


class Petition(TimeStampedModel):
    """What people sign. Title, slug, campaign, opening and closing times come from the action."""

    action = models.OneToOneField(
        Action,
        on_delete=models.CASCADE,
        related_name="petition",
        limit_choices_to={"kind__in": ["petition", "open_letter"]},
        help_text="An action of kind Petition or Open letter (its title, campaign and closing date).",
    )
    text = models.TextField(help_text="What people sign. Plain text; blank lines separate paragraphs.")
    text_cy = models.TextField(blank=True)
    target_name = models.CharField(
        max_length=200, help_text="Who it will be handed to, e.g. the Secretary of State for Education."
    )
    target_name_cy = models.CharField(max_length=200, blank=True)
    target_email = models.EmailField(blank=True, help_text="Where the hand-in email goes.")
    goal = models.PositiveIntegerField(null=True, blank=True, help_text="Signatures aimed for (optional).")
    milestones = models.JSONField(
        default=list,
        blank=True,
        help_text="Hand in automatically when the count reaches each of these, e.g. [1000, 10000].",
    )
    names_public = models.BooleanField(
        default=False,
        help_text="Signers may choose to have their name shown publicly and in the hand-in.",
    )
    email_mps = models.BooleanField(
        default=True, help_text="Hand-ins also tell each MP how many of their constituents signed."
    )
    # The periodic count: the total and the counts by area as of `counted_at`.
    counted_total = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [("handle_signatures", "Can review, void and export petition signatures")]

    def __str__(self) -> str:
        return self.action.title

    @property
    def slug(self) -> str:
        return self.action.slug


class SignatureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Confirmed, held for review")
    VOIDED = "voided", _("Voided")


class Signature(models.Model):
    """One person's signature. Counted only once confirmed (and not held or voided)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(max_length=120)
    # One person signs once: the same canonical email with the same name is the same person;
    # a household may share an address under different names.
    name_key = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    email_canonical = models.CharField(max_length=254)
    email_domain = models.CharField(max_length=254, db_index=True)
    postcode = models.CharField(max_length=8)
    constituency_code = models.CharField(max_length=12, blank=True)
    constituency_name = models.CharField(max_length=200, blank=True)
    council_code = models.CharField(max_length=12, blank=True)
    council_name = models.CharField(max_length=200, blank=True)
    consent_contact = models.BooleanField(default=False)
    show_name = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=SignatureStatus.choices, default=SignatureStatus.PENDING)
    held_reason = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    language = models.CharField(max_length=10, default="en-gb")
    source = models.CharField(max_length=10, default="web")
    source_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_canonical", "name_key"], name="one_signature_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["petition", "status"]),
            models.Index(fields=["petition", "created_at"]),
            models.Index(fields=["email_canonical"]),
            # The periodic count job groups a petition's confirmed signatures by constituency and
            # by council. These hold exactly the columns it reads, in its grouping order, for the
            # confirmed rows only, so PostgreSQL reads the index in order (an index-only scan once
            # vacuumed) instead of the table and a hash or sort of every signature.
            models.Index(
                fields=["petition", "constituency_code", "constituency_name"],
                condition=models.Q(status="confirmed"),
                name="petitions_sig_constituency",
            ),
            models.Index(
                fields=["petition", "council_code", "council_name"],
                condition=models.Q(status="confirmed"),
                name="petitions_sig_council",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature #{self.pk} ({self.status})"


class AreaType(models.TextChoices):
    CONSTITUENCY = "constituency", _("Constituency")
    COUNCIL = "council", _("Council")


class AreaCount(models.Model):
    """Confirmed signatures in one area, as of the petition's `counted_at` (periodic count)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="area_counts")
    area_type = models.CharField(max_length=20, choices=AreaType.choices)
    code = models.CharField(max_length=12)
    name = models.CharField(max_length=200)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "area_type", "code"], name="one_count_per_area")
        ]
        ordering = ["-count", "name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"


class HandInTrigger(models.TextChoices):
    STAFF = "staff", "Staff"
    MILESTONE = "milestone", "Milestone"


class HandIn(models.Model):
    """A hand-in: what was sent to the target (and to MPs), when, with which count."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="hand_ins")
    created_at = models.DateTimeField(auto_now_add=True)
    trigger = models.CharField(max_length=10, choices=HandInTrigger.choices)
    milestone = models.PositiveIntegerField(null=True, blank=True)
    handed_in_by = models.CharField(max_length=150, blank=True)
    count = models.PositiveIntegerField()
    sent_to = models.CharField(max_length=254, blank=True)
    email_subject = models.CharField(max_length=300, blank=True)
    email_text = models.TextField(blank=True)
    mp_emails = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "milestone"],
                condition=models.Q(trigger="milestone"),
                name="one_hand_in_per_milestone",
            )
        ]

    def __str__(self) -> str:
        return f"Hand-in #{self.pk} ({self.count})"
