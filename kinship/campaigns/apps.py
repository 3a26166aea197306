from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "kinship.campaigns"
    label = "campaigns"
