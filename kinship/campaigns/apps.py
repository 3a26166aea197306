from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "kinship.campaigns"
    label = "campaigns"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kinship.campaigns.models import Action, ActionVariant, Ask, Campaign, Commitment, Fact, NewsItem
        from kinship.campaigns.selectors import clear_action_cache
        from kinship.core.pagecache import register_source

        # Public pages showing campaigns are made again, in every process, when staff edit them.
        register_source("campaigns", Campaign, Ask, Fact, NewsItem, Commitment, Action, ActionVariant)

        # A save in this process is seen at once by the per-process action cache.
        for model in (Action, ActionVariant, Campaign):
            post_save.connect(clear_action_cache, sender=model, dispatch_uid=f"action-cache-{model.__name__}")
            post_delete.connect(
                clear_action_cache, sender=model, dispatch_uid=f"action-cache-del-{model.__name__}"
            )
