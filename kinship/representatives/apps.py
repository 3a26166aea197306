from django.apps import AppConfig


class RepresentativesConfig(AppConfig):
    name = "kinship.representatives"
    label = "representatives"

    def ready(self) -> None:
        from kinship.representatives import services
        from kinship.supporters import rights

        # A correction reporter's optional email is personal data: part of export and erasure.
        rights.register(
            "correction_reports",
            export=services.correction_reports_export,
            erase=services.correction_reports_erase,
        )
