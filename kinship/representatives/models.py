"""People, the offices they hold, and how to contact them. Every record says where it came
from and when it was last checked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kinship.geography.models import Area


class Role(models.TextChoices):
    MP = "mp", _("MP")
    MS = "ms", _("Member of the Senedd")
    LEADER = "leader", _("Council leader")
    ELECTED_MAYOR = "elected_mayor", _("Elected mayor")
    CEREMONIAL_MAYOR = "ceremonial_mayor", _("Ceremonial mayor")
    CABINET_MEMBER = "cabinet_member", _("Cabinet member")
    LEAD_MEMBER_CHILDREN = "lead_member_children", _("Lead member for children's services")
    WARD_COUNCILLOR = "ward_councillor", _("Ward councillor")
    DIRECTOR_CHILDREN = "director_children", _("Director of children's services")
    MINISTER = "minister", _("Minister")
    OTHER = "other", _("Other")


def role_label(role: str) -> str:
    """The words for a role, wherever a role is shown (pages, emails, letters): the one table is
    `Role`'s labels. An unknown value is shown as it is."""
    try:
        return str(Role(role).label)
    except ValueError:
        return role


class Source(models.TextChoices):
    API = "api", _("UK Parliament Members API")
    CSV = "csv", _("CSV import")
    MODERNGOV = "moderngov", _("ModernGov")
    STAFF = "staff", _("Staff")
    DEMO = "demo", _("Demo data")


class Person(models.Model):
    name = models.CharField(max_length=200)
    parliament_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    moderngov_id = models.CharField(max_length=60, blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices")
    role = models.CharField(max_length=30, choices=Role.choices, db_index=True)
    # Null area = a national office (e.g. a minister).
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="offices")
    portfolio = models.CharField(max_length=250, blank=True)
    party = models.CharField(max_length=120, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, db_index=True)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    web_form_url = models.URLField(blank=True)
    accepts_email = models.BooleanField(default=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    source_url = models.URLField(blank=True)
    last_checked_on = models.DateField(null=True, blank=True)
    checked_by = models.CharField(max_length=150, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "person__name"]
        indexes = [models.Index(fields=["area", "role", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


# Roles held by one person at a time in an area: a new holder ends the old office.
SINGLE_HOLDER_ROLES = frozenset(
    {Role.LEADER, Role.ELECTED_MAYOR, Role.CEREMONIAL_MAYOR, Role.DIRECTOR_CHILDREN, Role.MP}
)


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


class CorrectionReport(models.Model):
    """A public "Is this wrong?" report, queued for data stewards."""

    office = models.ForeignKey(
        Office, on_delete=models.SET_NULL, null=True, related_name="correction_reports"
    )
    # What the reporter saw, kept even if the office is later deleted.
    office_label = models.CharField(max_length=300)
    what_is_wrong = models.TextField()
    # Optional, only so a steward can ask a follow-up question; cleared when the report is closed.
    reporter_email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    staff_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.office_label} ({self.get_status_display()})"


class CouncilSystem(models.TextChoices):
    MODERNGOV = "moderngov", _("ModernGov")
    CMIS = "cmis", _("CMIS")
    CUSTOM = "custom", _("Custom web pages")


class SyncResult(models.TextChoices):
    NEVER = "never", _("Never synced")
    OK = "ok", _("Synced")
    FAILED = "failed", _("Failed")


class DemocracyService(models.Model):
    """Where a council publishes its councillors (the registry `sync_moderngov --all` works
    from), and how the last sync of it went. Loaded by `import_democracy_services`; a steward
    may correct a site in the admin, and a later import keeps that correction."""

    gss_code = models.CharField(max_length=9, unique=True)
    local_authority_code = models.CharField(max_length=8, blank=True)
    official_name = models.CharField(max_length=250)
    council = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="democracy_services"
    )
    system = models.CharField(max_length=12, choices=CouncilSystem.choices)
    base_url = models.URLField(
        max_length=300, help_text="The democracy site; for ModernGov, where mgWebService.asmx answers"
    )
    edited_by_staff = models.BooleanField(
        default=False, help_text="A steward corrected this site: imports of the registry keep it"
    )
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_sync_result = models.CharField(max_length=8, choices=SyncResult.choices, default=SyncResult.NEVER)
    last_sync_message = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["official_name"]

    def __str__(self) -> str:
        return f"{self.official_name} ({self.get_system_display()})"
