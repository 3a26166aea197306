from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kinship.geography.models import Area, CouncilCorrection, DataImport, Postcode
from kinship.geography.postcodes import normalise_postcode


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "type", "parent", "is_demo"]
    list_filter = ["type", "is_demo"]
    search_fields = ["name", "name_cy", "official_name", "=code"]
    raw_id_fields = ["parent", "senedd_constituency"]
    readonly_fields = ["updated_at"]  # saving clears the area cache (post_save, in apps.py)


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    """Read-only: postcodes come only from ONSPD imports. Search by exact postcode."""

    list_display = ["postcode", "country", "county", "district", "ward", "constituency", "terminated"]
    search_fields = ["postcode"]
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # 1.7 million rows: an exact primary-key match, not a LIKE scan.
        if not search_term:
            return queryset, False
        postcode = normalise_postcode(search_term)
        if postcode:
            return queryset.filter(postcode=postcode), False
        return queryset.filter(postcode__startswith=search_term.strip().upper()), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CouncilCorrection)
class CouncilCorrectionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "postcode", "chosen_council", "suggested_council"]
    list_filter = ["chosen_council"]
    search_fields = ["postcode"]
    date_hierarchy = "created_at"
    list_select_related = ["chosen_council", "suggested_council"]
    readonly_fields = ["postcode", "chosen_council", "suggested_council", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DataImport)
class DataImportAdmin(admin.ModelAdmin):
    list_display = ["finished_at", "kind", "source", "layout", "rows", "seconds"]
    readonly_fields = ["kind", "source", "fingerprint", "layout", "rows", "seconds", "finished_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
