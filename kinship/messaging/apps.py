from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "kinship.messaging"
    label = "messaging"

    def ready(self) -> None:
        from kinship.core import rights
        from kinship.core.outbox import drainer
        from kinship.messaging import services, signals  # noqa: F401 - connects the tracking receiver

        rights.register("messages", export=services.messages_export, erase=services.messages_erase)
        # Each Message is an outbox row: the worker's drain loop sends due ones in batches.
        # New submissions are checked (near copy, second postcode) by the worker, before any
        # of their messages could be queued.
        drainer(services.submission_checks_drain)
        drainer(services.messages_drain)
