from django.apps import AppConfig


class LocalCampaignsConfig(AppConfig):
    name = "kinship.localcampaigns"
    label = "localcampaigns"
    verbose_name = "Local campaigns"

    def ready(self) -> None:
        from kinship.core import rights
        from kinship.localcampaigns import services
        from kinship.messaging import attachments

        rights.register("campaign_journey", export=services.journey_export, erase=services.journey_erase)

        # A meeting invitation carries its .ics file to the councillor.
        attachments.register(services.invitation_attachments)
