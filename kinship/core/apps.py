from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "kinship.core"
    label = "core"

    def ready(self) -> None:
        from kinship.core import checks  # noqa: F401 - registers system checks
        from kinship.core.cachetable import ensure_cache_tables
        from kinship.core.groups import ensure_staff_groups

        post_migrate.connect(ensure_staff_groups, dispatch_uid="kinship.core.ensure_staff_groups")
        post_migrate.connect(
            ensure_cache_tables, sender=self, dispatch_uid="kinship.core.ensure_cache_tables"
        )
