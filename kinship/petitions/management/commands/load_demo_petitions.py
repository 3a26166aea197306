"""Load the demo petition and open letter (after load_demo_campaigns). Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kinship.petitions.demo import load_demo_petitions


class Command(BaseCommand):
    help = "Load the demo petition and open letter on #ValueOurLove (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            lines = load_demo_petitions()
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo petitions loaded."))
