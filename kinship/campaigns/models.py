"""Campaigns, their asks and facts, news, and the government commitments tracker."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kinship.core.models import TimeStampedModel


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LIVE = "live", _("Live")
    WON = "won", _("Won")
    CLOSED = "closed", _("Closed")


class Campaign(TimeStampedModel):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200, blank=True)
    hashtag = models.CharField(max_length=60, blank=True)
    summary = models.TextField()
    summary_cy = models.TextField(blank=True)
    story = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    story_cy = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    started_on = models.DateField(null=True, blank=True)
    # Scheduled by staff in the console; the periodic job `campaigns.run_schedule` acts on them.
    launch_at = models.DateTimeField(
        null=True, blank=True, help_text="When a draft goes live by itself. Empty = not scheduled."
    )
    close_at = models.DateTimeField(
        null=True, blank=True, help_text="When a live campaign closes by itself. Empty = not scheduled."
    )
    display_order = models.PositiveIntegerField(default=0)
    # How it ended (a won or closed campaign shows these in a banner).
    ended_on = models.DateField(null=True, blank=True, help_text="The day it was won or closed.")
    outcome = models.TextField(
        blank=True, help_text="What happened, in a sentence or two. Shown when the campaign is won or closed."
    )
    outcome_cy = models.TextField(blank=True)
    final_supporter_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For a campaign that ended: supporters counted outside this site, shown if more than ours.",
    )
    # Counts that encourage.
    supporter_goal = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Show a progress bar towards this many supporters. Leave empty for none.",
    )
    count_threshold = models.PositiveIntegerField(
        default=1,
        help_text="Counts of supporters and of people taking an action are shown only from this number up "
        "(so a new campaign never says '0 people').",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "-started_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status != CampaignStatus.DRAFT

    @property
    def has_ended(self) -> bool:
        return self.status in {CampaignStatus.WON, CampaignStatus.CLOSED}

    @property
    def accepts_supporters(self) -> bool:
        return self.status == CampaignStatus.LIVE

    @property
    def published_news(self) -> models.QuerySet[NewsItem]:
        return self.news.filter(is_published=True)

    @property
    def supporter_counter_key(self) -> str:
        return f"campaign:{self.pk}:supporters"


class Ask(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="asks")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200, blank=True)
    explanation = models.TextField()
    explanation_cy = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Fact(models.Model):
    """A headline figure, always with its source."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="facts")
    order = models.PositiveSmallIntegerField(default=0)
    figure = models.CharField(max_length=40, help_text="The number as shown, e.g. 141,000 or 8 in 10")
    figure_cy = models.CharField(max_length=40, blank=True)
    text = models.CharField(max_length=300)
    text_cy = models.CharField(max_length=300, blank=True)
    source_name = models.CharField(max_length=200)
    source_url = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.figure} {self.text}"


class NewsItem(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="news")
    title = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    body_cy = models.TextField(blank=True)
    published_on = models.DateField()
    is_published = models.BooleanField(default=True)
    source_url = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CommitmentStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    DROPPED = "dropped", _("Dropped")


class Commitment(TimeStampedModel):
    """Something a government has promised kinship families, and what became of it."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    what = models.CharField(max_length=300)
    what_cy = models.CharField(max_length=300, blank=True)
    who = models.CharField(max_length=200, help_text="Who made the commitment, e.g. Department for Education")
    who_cy = models.CharField(max_length=200, blank=True)
    made_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.PLEDGED
    )
    status_note = models.TextField(blank=True)
    status_note_cy = models.TextField(blank=True)
    status_changed_on = models.DateField(null=True, blank=True)
    source_url = models.URLField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "id"]

    def __str__(self) -> str:
        return self.what


class ActionKind(models.TextChoices):
    EMAIL_FIXED = "email_fixed", _("Email a fixed target")
    EMAIL_POSTCODE = "email_postcode", _("Email the people for your postcode")
    LETTER = "letter", _("Printable letter")
    PHONE = "phone", _("Phone script")
    MEETING = "meeting", _("Meeting request")
    # Taken in kinship.petitions: people sign, and the signatures are counted and handed in.
    PETITION = "petition", _("Petition")
    OPEN_LETTER = "open_letter", _("Open letter")


class Action(TimeStampedModel):
    """Something a supporter can do for a campaign: write, print a letter, phone, ask to meet.

    Targets are either one fixed office (a minister) or roles looked up from the supporter's
    postcode. Subject and body templates may use the merge fields listed in
    `kinship.messaging.merge.MERGE_FIELDS`, written like {{ recipient_name }}; they are
    substituted as plain text, never run as template code.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="actions")
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    title = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    summary_cy = models.TextField(blank=True)
    guidance = models.TextField(blank=True, help_text="Plain text; blank lines separate paragraphs.")
    guidance_cy = models.TextField(blank=True)
    target_roles = models.JSONField(
        default=list,
        blank=True,
        help_text='Roles looked up from the postcode, e.g. ["mp", "lead_member_children"].',
    )
    target_office = models.ForeignKey(
        "representatives.Office",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A fixed target (e.g. the Minister). Leave empty to look people up by postcode.",
    )
    covers_england = models.BooleanField(default=True)
    covers_wales = models.BooleanField(default=True)
    covers_scotland = models.BooleanField(default=False)
    subject_template = models.CharField(max_length=300, blank=True)
    subject_template_cy = models.CharField(max_length=300, blank=True)
    body_template = models.TextField(blank=True)
    body_template_cy = models.TextField(blank=True)
    phone_script = models.TextField(blank=True)
    phone_script_cy = models.TextField(blank=True)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=True)
    daily_cap_per_target = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Messages a day to one person before the rest wait. Empty = site default.",
    )
    display_order = models.PositiveIntegerField(default=0)
    goal = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people we want to take this action. Empty = no goal."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def counter_key(self) -> str:
        return f"action:{self.pk}:taken"

    @property
    def nations(self) -> list[str]:
        return [
            name
            for name, covered in (
                ("england", self.covers_england),
                ("wales", self.covers_wales),
                ("scotland", self.covers_scotland),
            )
            if covered
        ]

    @property
    def uses_postcode(self) -> bool:
        return self.target_office_id is None

    @property
    def sends_email(self) -> bool:
        return self.kind in {ActionKind.EMAIL_FIXED, ActionKind.EMAIL_POSTCODE, ActionKind.MEETING}

    @property
    def takes_signatures(self) -> bool:
        """A petition or open letter: signed, counted and handed in (kinship.petitions)."""
        return self.kind in {ActionKind.PETITION, ActionKind.OPEN_LETTER}

    @property
    def writes_to_people_by_postcode(self) -> bool:
        """An email to people found from the writer's postcode (so we show them first, and ask for
        a full address because MPs act only for their own constituents)."""
        return self.kind in {ActionKind.EMAIL_POSTCODE, ActionKind.MEETING}


class ActionVariant(models.Model):
    """An alternative wording, so one inbox is not flooded with identical messages."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="variants")
    subject_template = models.CharField(max_length=300)
    body_template = models.TextField()
    language = models.CharField(
        max_length=10, default="en-gb", choices=[("en-gb", "English"), ("cy", "Welsh")]
    )
    # Kept so that restoring an earlier version of an action brings back its wordings too.
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.subject_template
