"""Rebuild "What is working"'s daily rollups from every submission, message and sign-up: after a
bulk load that bypassed `updated_at` (COPY, a restore), or to check them. Otherwise the page and
the worker keep them up to date by themselves, and build them the first time they are read."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kinship.messaging.services.rollup import messaging_rollup_refresh
from kinship.supporters.rollup import signups_rollup_refresh


class Command(BaseCommand):
    help = 'Rebuild the daily rollups behind the staff page "What is working".'

    def handle(self, *args: Any, **options: Any) -> None:
        messaging_rollup_refresh(rebuild=True)
        signups_rollup_refresh(rebuild=True)
        self.stdout.write("Rebuilt the daily rollups.")
