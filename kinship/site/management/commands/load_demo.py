"""python manage.py load_demo: everything the demo needs, idempotently (see kinship.site.loaders)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kinship.site.loaders import demo_load


class Command(BaseCommand):
    help = (
        "Load demo places and people (or the open data in KINSHIP_DATA_DIR), the demo campaigns and "
        "actions, and a demo staff login."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(say=self.stdout.write, data_dir=settings.KINSHIP_DATA_DIR)
