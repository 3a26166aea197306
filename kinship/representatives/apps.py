from django.apps import AppConfig


class RepresentativesConfig(AppConfig):
    name = "kinship.representatives"
    label = "representatives"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kinship.core import rights
        from kinship.core.pagecache import register_source
        from kinship.geography.models import Area
        from kinship.representatives import services
        from kinship.representatives.models import Office, Person
        from kinship.representatives.selectors import clear_representatives_memo

        for model in (Office, Person, Area):
            post_save.connect(
                clear_representatives_memo, sender=model, dispatch_uid=f"reps-memo-save-{model.__name__}"
            )
            post_delete.connect(
                clear_representatives_memo, sender=model, dispatch_uid=f"reps-memo-del-{model.__name__}"
            )

        # Area pages list the people for the area.
        register_source("representatives", Person, Office)

        # A correction reporter's optional email is personal data: part of export and erasure.
        rights.register(
            "correction_reports",
            export=services.correction_reports_export,
            erase=services.correction_reports_erase,
        )
