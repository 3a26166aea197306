from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from kinship.core.jobs import retry_dead_letter
from kinship.core.models import DeadLetter, OutboundEmail, PeriodicJobRun

admin.site.site_header = "Kinship Campaigns staff"
admin.site.site_title = "Kinship Campaigns staff"


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ["task_path", "error_type", "attempts", "created_at", "retried_at"]
    readonly_fields = [f.name for f in DeadLetter._meta.fields]
    actions = ["retry"]

    @admin.action(description="Retry selected tasks")
    def retry(self, request: HttpRequest, queryset: QuerySet[DeadLetter]) -> None:
        for letter in queryset:
            retry_dead_letter(letter.pk)
        self.message_user(request, f"Queued {queryset.count()} task(s) again.", messages.SUCCESS)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    # Bodies are not shown: staff need delivery state, not the content of people's mail.
    list_display = ["kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    fields = ("kind", "status", "attempts", "created_at", "sent_at", "last_error")
    readonly_fields = fields


@admin.register(PeriodicJobRun)
class PeriodicJobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "last_started_at", "last_finished_at", "last_error"]
