from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "kinship.dashboard"
    label = "dashboard"
