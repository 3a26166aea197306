from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "kinship.geography"
    label = "geography"
