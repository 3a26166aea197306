from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kinship.scorecard import models


class AnswerOptionInline(admin.TabularInline):
    model = models.AnswerOption
    extra = 0


@admin.register(models.Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["slug", "section", "weight", "is_active"]
    list_filter = ["section", "is_active"]
    inlines = [AnswerOptionInline]


admin.site.register(models.Section)


@admin.register(models.Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["council", "status", "assessor", "auditor", "checked_on", "published_at"]
    list_filter = ["status"]
    search_fields = ["council__name", "council__code"]
    raw_id_fields = ["council"]


@admin.register(models.WatchedPage)
class WatchedPageAdmin(admin.ModelAdmin):
    list_display = ["url", "status", "last_checked_at", "last_seen_on", "flagged_at"]
    list_filter = ["status"]


@admin.register(models.AllowanceRate)
class AllowanceRateAdmin(admin.ModelAdmin):
    list_display = ["year", "region", "age_band", "weekly_gbp", "valid_from", "valid_to"]
    list_filter = ["year", "region"]


@admin.register(models.CouncilAllowanceRegion)
class CouncilAllowanceRegionAdmin(admin.ModelAdmin):
    list_display = ["council", "region", "source"]
    list_filter = ["region"]
    raw_id_fields = ["council"]
