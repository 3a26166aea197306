"""The council kinship scorecard: criteria (data, not code), assessments with evidence, audit,
the council's right of reply, staff decisions, the evidence checker's watched pages, and the
national minimum fostering allowance rates behind the allowance gap calculator.

Every change to an assessment, an answer or a reply is kept (django-simple-history)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kinship.core.models import TimeStampedModel


class Section(models.Model):
    slug = models.SlugField(unique=True, max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """One question every council is assessed on. Loaded from `data/criteria.json`."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="criteria")
    slug = models.SlugField(unique=True, max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=300)
    question_cy = models.CharField(max_length=300, blank=True)
    guidance = models.TextField(help_text="For assessors: how to decide the answer.")
    evidence_required = models.TextField(help_text="What evidence an answer needs.")
    weight = models.PositiveSmallIntegerField(default=1, help_text="How much this criterion counts.")
    # The gap named in the "ask your council to fix this" letter when this criterion scores low.
    gap_text = models.CharField(max_length=300, blank=True)
    gap_text_cy = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["section__order", "order", "id"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.question


class AnswerOption(models.Model):
    """A possible answer and its points. `points` empty means "does not apply" (not counted)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    value = models.SlugField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=200)
    label_cy = models.CharField(max_length=200, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["criterion", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["criterion", "value"], name="scorecard_option_unique")]

    def __str__(self) -> str:
        return f"{self.criterion.slug}: {self.label}"


class AssessmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("With the assessor")
    SUBMITTED = "submitted", _("Waiting for audit")
    AUDITED = "audited", _("Audited, ready for the council's reply")
    WITH_COUNCIL = "with_council", _("With the council for its right of reply")
    DECIDING = "deciding", _("Council replied; staff deciding")
    PUBLISHED = "published", _("Published")


class Assessment(TimeStampedModel):
    """One council's assessment. Only `published` ones are ever shown to the public."""

    council = models.ForeignKey("geography.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.ASSIGNED, db_index=True
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecard_assessments"
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    audited_at = models.DateTimeField(null=True, blank=True)
    reply_opened_at = models.DateTimeField(null=True, blank=True)
    reply_received_at = models.DateTimeField(null=True, blank=True)
    council_comment = models.TextField(blank=True, help_text="The council's overall response, if any.")
    published_at = models.DateTimeField(null=True, blank=True)
    checked_on = models.DateField(null=True, blank=True, help_text="When the evidence was last seen")
    # Set when a published assessment is replaced by a newer one for the same council.
    superseded = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "-created_at"]
        permissions = [
            ("assess_assessment", "Can answer assessments assigned to them"),
            ("audit_assessment", "Can audit another assessor's assessment"),
            ("manage_assessment", "Can assign, open the right of reply, decide and publish"),
        ]
        constraints = [
            # One assessment in progress per council at a time.
            models.UniqueConstraint(
                fields=["council"],
                condition=~models.Q(status="published"),
                name="scorecard_one_open_assessment_per_council",
            )
        ]

    def __str__(self) -> str:
        return f"{self.council.name} ({self.get_status_display()})"


class Answer(TimeStampedModel):
    """An assessor's answer to one criterion, with the evidence behind it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(
        AnswerOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_location = models.CharField(max_length=200, blank=True, help_text="Page or section")
    evidence_quote = models.TextField(blank=True)
    evidence_seen_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="For staff only")
    audit_agrees = models.BooleanField(null=True, blank=True)
    audit_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__section__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="scorecard_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assessment.council.name}: {self.criterion.slug}"


class ReplyDecision(models.TextChoices):
    KEPT = "kept", _("Answer kept")
    CHANGED = "changed", _("Answer changed")


class CouncilReply(TimeStampedModel):
    """The council's right of reply to one answer, and the staff decision on it."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="reply")
    agrees = models.BooleanField()
    comment = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    responder_role = models.CharField(max_length=200, blank=True, help_text="The officer's job title")
    decision = models.CharField(max_length=10, choices=ReplyDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reply to {self.answer}"


class PageStatus(models.TextChoices):
    OK = "ok", _("Unchanged")
    GONE = "gone", _("Page gone")
    MOVED = "moved", _("Redirects elsewhere")
    CHANGED = "changed", _("Text changed")
    UNREACHABLE = "unreachable", _("Could not be reached")


class WatchedPage(models.Model):
    """A web page the evidence checker looks at weekly (every evidence URL and every council's
    kinship page). A flagged page waits for an assessor, who sees the old and new text."""

    url = models.URLField(max_length=500, unique=True)
    baseline_text = models.TextField(blank=True)
    latest_text = models.TextField(blank=True)
    final_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=PageStatus.choices, default=PageStatus.OK)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_seen_on = models.DateField(null=True, blank=True, help_text="Last day the page said what we saw")
    flagged_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    @property
    def is_flagged(self) -> bool:
        return self.flagged_at is not None


class AllowanceRegion(models.TextChoices):
    LONDON = "london", _("London")
    SOUTH_EAST = "south_east", _("South East")
    REST_OF_ENGLAND = "rest_of_england", _("Rest of England")
    WALES = "wales", _("Wales")


class AllowanceRate(models.Model):
    """The national minimum fostering allowance for one age band, region and year."""

    year = models.CharField(max_length=9, help_text="e.g. 2025-26")
    valid_from = models.DateField()
    valid_to = models.DateField()
    region = models.CharField(max_length=16, choices=AllowanceRegion.choices)
    age_band = models.CharField(max_length=20, help_text="As published, e.g. 5 to 10")
    age_min = models.PositiveSmallIntegerField()
    age_max = models.PositiveSmallIntegerField()
    weekly_gbp = models.DecimalField(max_digits=7, decimal_places=2)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["region", "valid_from", "age_min"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "valid_from", "age_min"], name="scorecard_allowance_rate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region} {self.age_band}: £{self.weekly_gbp}"


class CouncilAllowanceRegion(models.Model):
    """Which allowance region a council is in (London boroughs and Welsh councils need no row)."""

    council = models.OneToOneField("geography.Area", on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=16, choices=AllowanceRegion.choices)
    source = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.council.name}: {self.region}"


class AllowanceReport(models.Model):
    """A carer's anonymous, consented answer: what their council pays for a child of this age band.
    No name, no contact details, no child's age beyond the band."""

    council = models.ForeignKey("geography.Area", on_delete=models.CASCADE, related_name="+")
    age_band = models.CharField(max_length=20)
    weekly_gbp = models.DecimalField(max_digits=7, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["council", "created_at"])]

    def __str__(self) -> str:
        return f"{self.council_id}: £{self.weekly_gbp}"
