"""Figures about areas: imported datasets, the overlaps of constituencies and councils derived
from the postcode file, the cells and shapes the maps draw, and periodic snapshots of the
platform's own live figures (so no page counts rows while a visitor waits)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.geography.models import Area


class AreaKind(models.TextChoices):
    """The kinds of area a figure or a map is about."""

    CONSTITUENCY = "constituency", _("Westminster constituencies")
    COUNCIL = "council", _("Councils that run children's services")
    DISTRICT = "district", _("Local authority districts")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    STAFF = "staff", _("Staff only")


class Dataset(models.Model):
    """One imported table of figures by area, with where it came from."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=120, help_text="What one value counts, e.g. 'children'")
    source = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)
    licence = models.CharField(max_length=120)
    published_on = models.DateField(help_text="The date the figures are for, or were published")
    area_kind = models.CharField(max_length=16, choices=AreaKind.choices)
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.STAFF)
    # Fictional figures for the demo are always labelled as such, never shown as real data.
    is_demo = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class DatasetValue(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "area"], name="stats_value_once_per_area")]

    def __str__(self) -> str:
        return f"{self.dataset.slug} {self.area.code}={self.value}"


class AreaOverlap(models.Model):
    """How much of a constituency lies in a council, counted in live postcodes (ONSPD), both ways."""

    constituency = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    postcodes = models.PositiveIntegerField()
    share_of_constituency = models.FloatField()
    share_of_council = models.FloatField()
    derived_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["constituency", "council"], name="stats_overlap_once_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.constituency.code}∩{self.council.code}"


class HexCell(models.Model):
    """One hexagon of a hex map (hexjson, odd-r). A county drawn from its districts has several."""

    kind = models.CharField(max_length=16, choices=AreaKind.choices)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    q = models.IntegerField()
    r = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "q", "r"], name="stats_hex_once_per_place")]

    def __str__(self) -> str:
        return f"{self.kind} {self.area.code} ({self.q},{self.r})"


class BoundaryShape(models.Model):
    """An area's boundary, simplified and projected to an SVG path, for the geographic map."""

    kind = models.CharField(max_length=16, choices=AreaKind.choices)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    path = models.TextField(help_text="SVG path data in the map's own coordinates")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "area"], name="stats_shape_once_per_area")]

    def __str__(self) -> str:
        return f"{self.kind} {self.area.code}"


class LiveFigure(models.Model):
    """A periodic snapshot of one of the platform's own figures for one area."""

    layer = models.CharField(max_length=40)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["layer", "area"], name="stats_live_once_per_area")]
        indexes = [models.Index(fields=["layer"])]

    def __str__(self) -> str:
        return f"{self.layer} {self.area.code}={self.value}"
