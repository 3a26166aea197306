from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "kinship.stats"
    label = "stats"
    verbose_name = "Statistics and maps"
