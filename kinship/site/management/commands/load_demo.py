"""python manage.py load_demo: everything the demo needs, idempotently (see kinship.site.loaders)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kinship.core.demo import DemoRefusedError, demo_staff_credentials
from kinship.site.loaders import demo_load


class Command(BaseCommand):
    help = (
        "Load demo places and people (or the open data in KINSHIP_DATA_DIR), the demo campaigns and "
        "actions, and a demo staff login."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-outside-demo",
            action="store_true",
            help=(
                "Load demo data under settings other than the demo's; the staff password and "
                "authenticator key are then random."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            credentials = demo_staff_credentials(allow_outside_demo=options["allow_outside_demo"])
        except DemoRefusedError as exc:
            raise CommandError(str(exc)) from None
        demo_load(credentials=credentials, say=self.stdout.write, data_dir=settings.KINSHIP_DATA_DIR)
