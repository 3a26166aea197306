from django.apps import AppConfig


class RepresentativesConfig(AppConfig):
    name = "kinship.representatives"
    label = "representatives"
