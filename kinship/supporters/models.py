"""Supporters, their campaign sign-ups and the consents they gave (what, when, wording, source)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.campaigns.models import Campaign
from kinship.core.models import StampedQuerySet, TimeStampedModel


class Supporter(TimeStampedModel):
    # Canonical (trimmed, lower-case) so the same person never becomes two supporters.
    email = models.EmailField(max_length=254, unique=True)
    name = models.CharField(max_length=120)
    postcode = models.CharField(max_length=8, blank=True)
    is_kinship_carer = models.CharField(
        max_length=10,
        choices=[("yes", _("Yes")), ("no", _("No")), ("unsaid", _("Prefer not to say"))],
        default="unsaid",
    )
    language = models.CharField(max_length=10, default="en-gb")
    erased_at = models.DateTimeField(null=True, blank=True)

    # Found by `updated_at` when the daily rollups catch up: every update stamps it.
    objects = StampedQuerySet.as_manager()

    class Meta:
        # The daily rollup of joins (`kinship.supporters.rollup`) reads the rows changed since its
        # last run: a carer's answer about being a kinship carer moves the share on their join days.
        indexes = [models.Index(fields=["updated_at"], name="supporters_supporter_updated")]
        permissions = [
            ("erase_supporter", "Can erase a supporter's personal data"),
            ("export_supporters", "Can export consenting supporters for the charity's other systems"),
        ]

    def __str__(self) -> str:
        return f"Supporter #{self.pk}"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class Signup(TimeStampedModel):
    """A supporter joining one campaign. Kept (anonymously) after erasure so counts stay true."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="signups")
    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=10, choices=SignupStatus.choices, default=SignupStatus.PENDING)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    # Found by `updated_at` when the daily rollups catch up: every update stamps it.
    objects = StampedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "supporter"], name="one_signup_per_campaign")
        ]
        indexes = [
            # "What is working" counts joins (and the carers among them) per day over a period:
            # with this, a 30-day window reads that window's sign-ups, not every one ever made.
            models.Index(
                fields=["confirmed_at"],
                condition=models.Q(confirmed_at__isnull=False),
                name="supporters_signup_confirmed",
            ),
            models.Index(fields=["updated_at"], name="supporters_signup_updated"),
        ]

    def __str__(self) -> str:
        return f"Signup #{self.pk} ({self.status})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == SignupStatus.CONFIRMED


class ConsentPurpose(models.TextChoices):
    CAMPAIGN_EMAILS = "campaign_emails", _("Emails about campaigning")


class ConsentRecord(models.Model):
    """Evidence of a consent decision: exact wording and version, when, and which page."""

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=40, choices=ConsentPurpose.choices)
    given = models.BooleanField(help_text="True when consent was given, False when withdrawn")
    wording = models.TextField()
    wording_version = models.CharField(max_length=40)
    language = models.CharField(max_length=10)
    source_url = models.CharField(max_length=500)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} {'given' if self.given else 'withdrawn'}"


class DataRequestKind(models.TextChoices):
    EXPORT = "export", _("Export")
    ERASURE = "erasure", _("Erasure")


class DataRequestLog(models.Model):
    """Accountability for data-protection requests. Holds no personal data of its own."""

    kind = models.CharField(max_length=10, choices=DataRequestKind.choices)
    supporter_id_at_time = models.PositiveBigIntegerField()
    handled_by = models.CharField(max_length=150, help_text="'self-service' or a staff username")
    handled_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} of supporter #{self.supporter_id_at_time}"


class DataRequestChannel(models.TextChoices):
    POST = "post", _("Post")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email to the charity")
    IN_PERSON = "in_person", _("In person")


class DataRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed without action")


class DataRequest(models.Model):
    """A request for a copy of a supporter's data or for its erasure that reached staff another
    way (post, phone): when it came, its legal deadline (one month), who is handling it, and when
    and by whom it was done. It points at the supporter's row, which erasure blanks, so it keeps
    no personal data once the request is done."""

    kind = models.CharField(max_length=10, choices=DataRequestKind.choices)
    channel = models.CharField(max_length=10, choices=DataRequestChannel.choices)
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="data_requests")
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=DataRequestStatus.choices, default=DataRequestStatus.OPEN
    )
    handler = models.CharField(max_length=150, blank=True, help_text="The staff username handling it")
    entered_by = models.CharField(max_length=150)
    entered_at = models.DateTimeField(auto_now_add=True)
    done_by = models.CharField(max_length=150, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} request #{self.pk} ({self.status})"


class SupporterExportLog(models.Model):
    """Each export of consenting supporters for the charity's other systems: who, when, how many."""

    exported_by = models.CharField(max_length=150)
    exported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Export of {self.rows} supporters by {self.exported_by}"


class ChampionStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ChampionOffer(models.TextChoices):
    WRITE = "write", _("Write to councillors, and encourage other carers to")
    MEET = "meet", _("Meet councillors or speak at council meetings")
    GROUP = "group", _("Run or host a local kinship support group")
    RECRUIT = "recruit", _("Bring other kinship carers into the campaign")
    MEDIA = "media", _("Talk to local media or share on social media")


class Champion(TimeStampedModel):
    """A Campaign Champion: a volunteer who leads local campaigning in their council's area,
    once our staff approve them."""

    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254, db_index=True)  # canonical
    postcode = models.CharField(max_length=8)
    council_code = models.CharField(max_length=9, db_index=True)
    council_name = models.CharField(max_length=250)
    offers = models.JSONField(default=list, help_text="ChampionOffer values")
    offer_details = models.TextField(blank=True)
    language = models.CharField(max_length=10, default="en-gb")
    status = models.CharField(
        max_length=12, choices=ChampionStatus.choices, default=ChampionStatus.UNCONFIRMED
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)

    class Meta:
        permissions = [("approve_champion", "Can approve or decline Campaign Champions")]
        constraints = [
            models.UniqueConstraint(fields=["email", "council_code"], name="one_champion_per_area")
        ]

    def __str__(self) -> str:
        return f"Champion #{self.pk} ({self.status})"

    @property
    def offer_labels(self) -> list[str]:
        return [str(ChampionOffer(o).label) for o in self.offers if o in ChampionOffer.values]


class DailySignups(models.Model):
    """Sign-ups confirmed on one local day to one campaign, and how many of them were by people
    who told us they are kinship carers: "What is working"'s joins. A summary rebuilt from the
    sign-ups by `kinship.supporters.rollup`; never edited by hand."""

    day = models.DateField()
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    joins = models.PositiveIntegerField(default=0)
    carers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "campaign"], name="supporters_daily_one")]

    def __str__(self) -> str:
        return f"{self.day} campaign #{self.campaign_id}"
