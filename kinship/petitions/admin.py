from django.contrib import admin

from kinship.petitions.models import HandIn, Petition


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "target_name", "goal", "counted_total", "counted_at", "names_public")
    raw_id_fields = ("action",)
    readonly_fields = ("counted_total", "counted_at")


@admin.register(HandIn)
class HandInAdmin(admin.ModelAdmin):
    list_display = ("petition", "created_at", "trigger", "count", "sent_to", "mp_emails")
    exclude = ("pdf",)
    readonly_fields = [
        f
        for f in (
            "petition",
            "created_at",
            "trigger",
            "milestone",
            "handed_in_by",
            "count",
            "sent_to",
            "email_subject",
            "email_text",
            "mp_emails",
        )
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
