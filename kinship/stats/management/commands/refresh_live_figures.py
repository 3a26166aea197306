"""Recompute the live figures (supporters, actions, replies by area) now, not at the next periodic run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kinship.stats.services import live_figures_refresh, overlaps_derive


class Command(BaseCommand):
    help = "Recompute live figures by area (and, with --overlaps, the constituency–council overlaps)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--overlaps", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["overlaps"]:
            self.stdout.write(f"Overlaps: {overlaps_derive()} pairs")
        self.stdout.write(f"Live figures: {live_figures_refresh()} values")
