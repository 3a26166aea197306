from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "kinship.petitions"
    label = "petitions"

    def ready(self) -> None:
        from kinship.campaigns.models import ActionKind
        from kinship.core import rights
        from kinship.core.pagecache import register_source
        from kinship.messaging import api as messaging_api
        from kinship.messaging.services import take_page_register
        from kinship.petitions import api, services
        from kinship.petitions.models import Petition

        # Petitions are actions: the campaign page, "Your area" and the actions API find them
        # through messaging's registries (messaging cannot import this floor).
        for kind in (ActionKind.PETITION, ActionKind.OPEN_LETTER):
            take_page_register(kind=kind, url_name="petitions:detail")
            messaging_api.submission_handler_register(kind=kind, handler=api.signature_create)
        register_source("petitions", Petition)
        # A save in this process is seen at once by the per-process petition cache.
        from django.db.models.signals import post_delete, post_save

        from kinship.campaigns.models import Action
        from kinship.petitions.selectors import clear_petition_cache

        for model in (Petition, Action):
            post_save.connect(
                clear_petition_cache, sender=model, dispatch_uid=f"petition-cache-{model.__name__}"
            )
            post_delete.connect(
                clear_petition_cache, sender=model, dispatch_uid=f"petition-cache-del-{model.__name__}"
            )
        rights.register("signatures", export=services.signatures_export, erase=services.signatures_erase)
