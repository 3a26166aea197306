"""python manage.py import_countries: the four UK countries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kinship.geography.importers.areas import import_countries


class Command(BaseCommand):
    help = "Create or update the four UK countries."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(import_countries()))
