from django.contrib import admin

from kinship.stats.models import Dataset


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("title", "area_kind", "visibility", "is_demo", "published_on", "rows", "imported_at")
    list_filter = ("area_kind", "visibility", "is_demo")
    search_fields = ("title", "slug", "source")
    readonly_fields = ("rows", "imported_at", "area_kind", "slug", "is_demo")
    fields = (
        "title",
        "title_cy",
        "slug",
        "unit",
        "source",
        "source_url",
        "licence",
        "published_on",
        "area_kind",
        "visibility",
        "is_demo",
        "rows",
        "imported_at",
    )
