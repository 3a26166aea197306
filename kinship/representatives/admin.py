"""Staff editing with full change history (django-simple-history)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kinship.representatives import conf
from kinship.representatives.models import CorrectionReport, DemocracyService, Office, Person
from kinship.representatives.selectors import current_q, stale_q


class StalenessFilter(admin.SimpleListFilter):
    title = _("last checked")
    parameter_name = "staleness"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("stale", _("Over %(days)s days ago or never") % {"days": conf.stale_after_days()}),
            ("fresh", _("Recently")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        stale = stale_q(today=timezone.localdate())
        if self.value() == "stale":
            return queryset.filter(stale)
        if self.value() == "fresh":
            return queryset.exclude(stale)
        return queryset


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Current")), ("no", _("Ended"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        current = current_q(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(current)
        if self.value() == "no":
            return queryset.exclude(current)
        return queryset


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0
    fields = (
        "role",
        "area",
        "portfolio",
        "party",
        "end_date",
        "email",
        "accepts_email",
        "source",
        "last_checked_on",
    )
    raw_id_fields = ("area",)
    show_change_link = True


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "parliament_id", "moderngov_id", "is_demo")
    search_fields = ("name", "moderngov_id", "=parliament_id")
    list_filter = ("is_demo",)
    inlines = [OfficeInline]


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ("person", "role", "area", "portfolio", "party", "source", "last_checked_on", "end_date")
    list_filter = ("role", "source", StalenessFilter, CurrentFilter, "accepts_email")
    search_fields = ("person__name", "area__name", "area__code", "portfolio", "email")
    raw_id_fields = ("person", "area")
    readonly_fields = ("updated_by",)
    date_hierarchy = "last_checked_on"
    list_select_related = ("person", "area")
    fieldsets = (
        (None, {"fields": ("person", "role", "area", "portfolio", "party", "start_date", "end_date")}),
        (
            _("Contact routes"),
            {"fields": ("email", "accepts_email", "postal_address", "phone", "web_form_url")},
        ),
        (
            _("Provenance"),
            {"fields": ("source", "source_url", "last_checked_on", "checked_by", "updated_by")},
        ),
    )

    def save_model(self, request: HttpRequest, obj: Office, form: Any, change: bool) -> None:
        obj.updated_by = request.user if request.user.is_authenticated else None  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(CorrectionReport)
class CorrectionReportAdmin(admin.ModelAdmin):
    list_display = ("office_label", "status", "created_at", "handled_at", "handled_by")
    list_filter = ("status",)
    search_fields = ("office_label", "what_is_wrong")
    raw_id_fields = ("office",)
    readonly_fields = ("created_at", "handled_at", "handled_by")


@admin.register(DemocracyService)
class DemocracyServiceAdmin(SimpleHistoryAdmin):
    """Where each council publishes its councillors. A steward who corrects a site here keeps
    the correction through later imports of the registry."""

    list_display = ("official_name", "gss_code", "system", "base_url", "last_sync_result", "last_sync_at")
    list_filter = ("system", "last_sync_result", "edited_by_staff")
    search_fields = ("official_name", "=gss_code", "=local_authority_code", "base_url")
    raw_id_fields = ("council",)
    readonly_fields = ("last_sync_at", "last_sync_result", "last_sync_message")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: DemocracyService, form: Any, change: bool) -> None:
        if change and {"base_url", "system"} & set(form.changed_data):
            obj.edited_by_staff = True
        super().save_model(request, obj, form, change)
