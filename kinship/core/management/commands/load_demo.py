"""Load everything the demo needs: places and people (or the open data in KINSHIP_DATA_DIR),
the demo campaigns and their actions, and a demo staff account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS

DEMO_STAFF_USERNAME = "demo-staff"
DEMO_STAFF_PASSWORD = "demo-staff-password"  # demo only: the dev settings never run in production


class Command(BaseCommand):
    help = "Load demo places, people, campaigns and actions, and a demo staff login."

    def handle(self, *args: Any, **options: Any) -> None:
        commands = get_commands()
        if settings.KINSHIP_DATA_DIR and "load_open_data" in commands:
            self.stdout.write(f"Loading open data from {settings.KINSHIP_DATA_DIR}")
            call_command("load_open_data", settings.KINSHIP_DATA_DIR, stdout=self.stdout)
        elif "load_demo_places" in commands:
            call_command("load_demo_places", stdout=self.stdout)
        call_command("load_demo_campaigns", stdout=self.stdout)
        self._demo_staff()

    def _demo_staff(self) -> None:
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_STAFF_USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_STAFF_PASSWORD)
            user.save()
        user.groups.set(Group.objects.filter(name__in=[CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS]))
        self.stdout.write(
            f"Staff login for the demo: {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASSWORD} at /staff/admin/"
        )
