"""python manage.py load_demo_places: the fictional demo geography (and demo people, if offered)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kinship.geography.demo import load_demo_places


class Command(BaseCommand):
    help = "Load the clearly fictional demo places (postcodes starting XX, Demoshire…), idempotently."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_demo_places():
            self.stdout.write(line)
        try:
            from kinship.representatives.demo import load_demo_people  # type: ignore[import-not-found]
        except ImportError:
            return
        for line in load_demo_people() or []:
            self.stdout.write(str(line))
