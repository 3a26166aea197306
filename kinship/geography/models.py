"""Areas (countries, councils, wards, constituencies) and postcodes.

Contract for other apps: an Area is found by its GSS `code`; re-imports update rows in
place (update_or_create on code), so foreign keys to Area stay valid across imports.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaType(models.TextChoices):
    COUNTRY = "country", _("Country")
    COUNTY = "county", _("County council")
    UNITARY = "unitary", _("Unitary authority")
    METROPOLITAN = "metropolitan", _("Metropolitan borough")
    LONDON_BOROUGH = "london_borough", _("London borough")
    CITY_OF_LONDON = "city_of_london", _("City of London")
    WELSH_PRINCIPAL = "welsh_principal", _("Welsh principal council")
    DISTRICT = "district", _("District council")
    WARD = "ward", _("Ward")
    DIVISION = "division", _("County electoral division")
    CONSTITUENCY = "constituency", _("Westminster constituency")
    SENEDD_CONSTITUENCY = "senedd_constituency", _("Senedd constituency")


# The councils that run children's services: in two-tier areas the county, not the district.
CHILDRENS_SERVICES_TYPES = frozenset(
    {
        AreaType.COUNTY,
        AreaType.UNITARY,
        AreaType.METROPOLITAN,
        AreaType.LONDON_BOROUGH,
        AreaType.CITY_OF_LONDON,
        AreaType.WELSH_PRINCIPAL,
    }
)


class Area(models.Model):
    code = models.CharField(max_length=9, unique=True, help_text="ONS GSS code, e.g. E10000025")
    name = models.CharField(max_length=200)
    name_cy = models.CharField(max_length=200, blank=True)
    official_name = models.CharField(max_length=250, blank=True, help_text="e.g. Oxfordshire County Council")
    type = models.CharField(max_length=24, choices=AreaType.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="District → county; ward → its council; division → its county; council/constituency → country",
    )
    slug = models.SlugField(max_length=200, blank=True, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    # General contact route for a council, shown when nobody is known for a role.
    website = models.URLField(blank=True)
    contact_url = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    is_demo = models.BooleanField(default=False, help_text="Fictional demo data")
    # Welsh Westminster constituency → the Senedd constituency that contains it (2026 map).
    senedd_constituency = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="westminster_constituencies",
        limit_choices_to={"type": "senedd_constituency"},
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["type", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_childrens_services_authority(self) -> bool:
        return self.type in CHILDRENS_SERVICES_TYPES


class AreaCode(models.Model):
    """Another GSS code for an area: a former code, or a new code ONS gave the same council
    (Barnsley E08000016 became E08000038 in 2024). Lookups treat it as the area's own."""

    code = models.CharField(max_length=9, unique=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="other_codes")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} → {self.area.code}"


class Postcode(models.Model):
    """One ONSPD row, compact: codes only. Lookups resolve codes to Areas through an in-process
    cache, so a lookup is one primary-key query. The table is replaced wholesale on import
    (a new table, then a rename swap), which is why nothing has a foreign key to it."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text="As ONS writes it: SW1A 1AA")
    country = models.CharField(max_length=9, null=True, blank=True)
    county = models.CharField(max_length=9, null=True, blank=True, help_text="Upper-tier county, if any")
    district = models.CharField(max_length=9, null=True, blank=True, help_text="Local authority district")
    ward = models.CharField(max_length=9, null=True, blank=True)
    constituency = models.CharField(max_length=9, null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    terminated = models.DateField(null=True, blank=True, help_text="Month ONS stopped using it")
    # County electoral division (ONSPD `ced`) where the release carries it: county councils
    # elect by division, so county councillors are found through this, not the district ward.
    division = models.CharField(max_length=9, null=True, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


class CouncilCorrection(models.Model):
    """Someone said "Not your council?" and chose another. No personal data: a postcode and two councils."""

    postcode = models.CharField(max_length=8, db_index=True)
    chosen_council = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    suggested_council = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.postcode}: {self.chosen_council.name}"


class DataImport(models.Model):
    """A record of each import, for staff and for skipping a file already loaded."""

    class Kind(models.TextChoices):
        AREAS = "areas", _("Areas")
        POSTCODES = "postcodes", _("Postcodes")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    source = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=120, blank=True)
    layout = models.CharField(max_length=20, blank=True)
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.source} ({self.rows})"
