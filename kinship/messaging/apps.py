from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "kinship.messaging"
    label = "messaging"

    def ready(self) -> None:
        from kinship.campaigns.demo.content import register_demo_loader
        from kinship.messaging import services, signals  # noqa: F401 - connects the tracking receiver
        from kinship.messaging.demo import load_demo_actions
        from kinship.supporters import rights

        rights.register("messages", export=services.messages_export, erase=services.messages_erase)
        register_demo_loader(load_demo_actions)
