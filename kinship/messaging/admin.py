"""Staff views: the moderation queue (approve / ask for an edit / reject) and delivery status."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from kinship.messaging import services
from kinship.messaging.models import CallLog, Message, MessageStatus, Moderation, Submission


class HeldFilter(admin.SimpleListFilter):
    title = "moderation queue"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("held", "Held for a decision")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Message]) -> QuerySet[Message]:
        if self.value() == "held":
            return queryset.filter(status=MessageStatus.WITHHELD)
        return queryset


def _moderate(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Message], decision: str) -> None:
    done = 0
    for message in queryset.filter(status=MessageStatus.WITHHELD):
        services.message_moderate(
            message=message,
            decision=decision,
            staff_name=request.user.get_username(),
            note=message.moderation_note,
        )
        done += 1
    modeladmin.message_user(request, f"{done} message(s) updated.", messages.SUCCESS)


@admin.action(description="Approve and send", permissions=["moderate"])
def approve(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Message]) -> None:
    _moderate(modeladmin, request, queryset, Moderation.APPROVED)


@admin.action(description="Ask the sender for an edit (uses the note)", permissions=["moderate"])
def request_edit(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Message]) -> None:
    _moderate(modeladmin, request, queryset, Moderation.EDIT_REQUESTED)


@admin.action(description="Reject (the sender is told, with the note)", permissions=["moderate"])
def reject(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Message]) -> None:
    _moderate(modeladmin, request, queryset, Moderation.REJECTED)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "action",
        "recipient_name",
        "recipient_role",
        "channel",
        "status",
        "moderation",
        "created_at",
        "sent_at",
        "attempts",
    ]
    list_filter = [HeldFilter, "status", "channel", "moderation", "action"]
    list_select_related = ["action"]
    search_fields = ["recipient_name", "recipient_area_name"]
    actions = [approve, request_edit, reject]
    readonly_fields = [
        "submission",
        "action",
        "office",
        "status",
        "recipient_name",
        "recipient_role",
        "recipient_email",
        "subject",
        "body",
        "attempts",
        "resends",
        "last_error",
        "last_smtp_code",
        "sent_at",
        "failed_at",
        "moderation",
        "moderated_by",
        "moderated_at",
        "flag_reason",
        "message_id",
    ]
    fields = [*readonly_fields, "moderation_note"]  # type: ignore[assignment]

    @admin.display(description="Why held")
    def flag_reason(self, obj: Message) -> str:
        return obj.submission.flag_reason

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("messaging.moderate_message"))


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "action", "status", "source", "created_at", "confirmed_at", "flag_reason"]
    list_filter = ["status", "source", "action"]
    list_select_related = ["action"]
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CallLog)
class CallLogAdmin(admin.ModelAdmin):
    list_display = ["id", "action", "recipient_name", "outcome", "created_at"]
    list_filter = ["action", "outcome"]
    list_select_related = ["action"]
