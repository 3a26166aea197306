from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "kinship.core"
    label = "core"

    def ready(self) -> None:
        from kinship.core import (
            checks,  # noqa: F401 - registers system checks
            rights,
        )
        from kinship.core.cachetable import ensure_cache_tables
        from kinship.core.groups import ensure_staff_groups
        from kinship.core.inserts import prepare_when_asked
        from kinship.core.personal_data import service_emails_erase, service_emails_export
        from kinship.core.staffauth import staff_logged_in

        post_migrate.connect(ensure_staff_groups, dispatch_uid="kinship.core.ensure_staff_groups")
        post_migrate.connect(
            ensure_cache_tables, sender=self, dispatch_uid="kinship.core.ensure_cache_tables"
        )
        user_logged_in.connect(staff_logged_in, dispatch_uid="kinship.core.staff_logged_in")
        connection_created.connect(prepare_when_asked, dispatch_uid="kinship.core.prepare_when_asked")
        rights.register("service_emails", export=service_emails_export, erase=service_emails_erase)


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with `StaffAdminSite` (second factor required) as `admin.site`."""

    default = False
    default_site = "kinship.core.staffauth.StaffAdminSite"
