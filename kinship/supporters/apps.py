from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "kinship.supporters"
    label = "supporters"
