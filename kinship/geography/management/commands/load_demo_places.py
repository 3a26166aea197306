"""python manage.py load_demo_places: the fictional demo geography (`load_demo` adds the rest)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kinship.geography.demo import load_demo_places


class Command(BaseCommand):
    help = "Load the clearly fictional demo places (postcodes starting XX, Demoshire…), idempotently."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_demo_places():
            self.stdout.write(line)
