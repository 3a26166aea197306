from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kinship.campaigns.models import Action, ActionVariant, Ask, Campaign, Commitment, Fact, NewsItem


class AskInline(admin.StackedInline):
    model = Ask
    extra = 0


class FactInline(admin.TabularInline):
    model = Fact
    extra = 0


class NewsInline(admin.StackedInline):
    model = NewsItem
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "started_on", "display_order"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    inlines = [AskInline, FactInline, NewsInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["what", "who", "made_on", "status", "status_changed_on"]
    list_filter = ["status", "campaign"]
    search_fields = ["what", "who"]


class ActionVariantInline(admin.StackedInline):
    model = ActionVariant
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "campaign", "kind", "is_published", "opens_at", "closes_at", "display_order"]
    list_filter = ["kind", "is_published", "campaign"]
    list_select_related = ["campaign"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    raw_id_fields = ["target_office"]
    inlines = [ActionVariantInline]
