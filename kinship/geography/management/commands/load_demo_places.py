"""python manage.py load_demo_places: the fictional demo geography, then the demo people on it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kinship.geography.demo import load_demo_places
from kinship.representatives.demo import load_demo_people


class Command(BaseCommand):
    help = "Load the clearly fictional demo places (postcodes starting XX, Demoshire…), idempotently."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_demo_places():
            self.stdout.write(line)
        for line in load_demo_people():
            self.stdout.write(line)
