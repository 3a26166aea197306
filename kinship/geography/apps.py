from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "kinship.geography"
    label = "geography"
    verbose_name = "Geography"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kinship.geography.models import Area
        from kinship.geography.selectors import area_cache

        def _clear(**kwargs: object) -> None:
            area_cache.clear()

        post_save.connect(_clear, sender=Area, dispatch_uid="geography_area_cache_save", weak=False)
        post_delete.connect(_clear, sender=Area, dispatch_uid="geography_area_cache_delete", weak=False)
