"""python manage.py load_demo_people: the fictional demo people (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kinship.representatives.demo import load_demo_people


class Command(BaseCommand):
    help = "Create or refresh the clearly fictional demo people for the demo geography."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_demo_people():
            self.stdout.write(line)
