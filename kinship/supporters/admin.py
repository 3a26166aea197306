"""Staff tools for supporters: export (CSV, formula-safe), data-protection export and erasure."""

from __future__ import annotations

import csv
import json

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from kinship.core.privacy import csv_safe
from kinship.supporters import services
from kinship.supporters.models import ConsentRecord, DataRequestLog, Signup, Supporter


class SignupInline(admin.TabularInline):
    model = Signup
    extra = 0
    readonly_fields = ["campaign", "status", "created_at", "confirmed_at", "source_url"]
    can_delete = False


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    readonly_fields = [
        "purpose",
        "given",
        "wording",
        "wording_version",
        "language",
        "source_url",
        "recorded_at",
    ]
    can_delete = False


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "email", "is_kinship_carer", "created_at", "erased_at"]
    list_filter = ["is_kinship_carer", "language", "signups__status"]
    search_fields = ["email", "name", "postcode"]
    readonly_fields = ["created_at", "updated_at", "erased_at"]
    inlines = [SignupInline, ConsentInline]
    actions = ["export_csv", "export_personal_data", "erase_personal_data"]

    @admin.action(description="Export selected supporters as CSV", permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Supporter]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="supporters.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["id", "name", "email", "postcode", "is_kinship_carer", "joined_at", "contact_consent"]
        )
        for supporter in queryset.filter(erased_at__isnull=True):
            writer.writerow(
                [
                    supporter.pk,
                    csv_safe(supporter.name),
                    csv_safe(supporter.email),
                    csv_safe(supporter.postcode),
                    supporter.is_kinship_carer,
                    supporter.created_at.isoformat(),
                    "yes" if services.supporter_has_contact_consent(supporter=supporter) else "no",
                ]
            )
        return response

    @admin.action(description="Subject access: download everything held (JSON)", permissions=["export"])
    def export_personal_data(self, request: HttpRequest, queryset: QuerySet[Supporter]) -> HttpResponse:
        data = [
            services.supporter_export(supporter=s, handled_by=request.user.get_username())
            for s in queryset.filter(erased_at__isnull=True)
        ]
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="supporter-data.json"'
        return response

    @admin.action(description="Erase personal data (keeps anonymous counts)", permissions=["erase"])
    def erase_personal_data(self, request: HttpRequest, queryset: QuerySet[Supporter]) -> None:
        count = 0
        for supporter in queryset.filter(erased_at__isnull=True):
            services.supporter_erase(supporter=supporter, handled_by=request.user.get_username())
            count += 1
        self.message_user(request, f"Erased personal data of {count} supporter(s).", messages.SUCCESS)

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("supporters.erase_supporter")

    def has_export_permission(self, request: HttpRequest) -> bool:
        # Moderators may look at a supporter to judge a held message, never take their data away.
        return request.user.has_perm("supporters.export_supporters")


@admin.register(DataRequestLog)
class DataRequestLogAdmin(admin.ModelAdmin):
    list_display = ["kind", "supporter_id_at_time", "handled_by", "handled_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
