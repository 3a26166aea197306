from django.apps import AppConfig


class LocalCampaignsConfig(AppConfig):
    name = "kinship.localcampaigns"
    label = "localcampaigns"
    verbose_name = "Local campaigns"

    def ready(self) -> None:
        from kinship.localcampaigns import services
        from kinship.messaging import attachments

        # A meeting invitation carries its .ics file to the councillor.
        attachments.register(services.invitation_attachments)
