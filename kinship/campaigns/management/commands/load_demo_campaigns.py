"""Load the demo campaigns (#ValueOurLove and the earlier ones). Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kinship.campaigns.demo.content import load_demo_campaigns


class Command(BaseCommand):
    help = "Load the demo campaigns, their asks, facts, news and commitments (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            summary = load_demo_campaigns()
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo campaigns loaded."))
