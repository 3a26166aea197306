from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "kinship.messaging"
    label = "messaging"
