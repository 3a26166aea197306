"""python manage.py import_democracy_services [FILE]: the registry of councils' democracy sites
(default: the KINSHIP_DEMOCRACY_SERVICES_FILE setting, the shared council_democracy_services.csv)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.representatives import conf
from kinship.representatives.registry import RegistryRefusedError, democracy_services_import


class Command(BaseCommand):
    help = (
        "Load which system each council's democracy site runs, and where (the sync_moderngov --all registry)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the registry CSV (default: the setting)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or conf.democracy_services_file()
        try:
            result = democracy_services_import(path)
        except RegistryRefusedError as exc:
            for line in exc.rejected:
                self.stderr.write(f"  rejected: {line}")
            raise CommandError(f"{path}: {exc}") from exc
        for line in result.lines(f"import_democracy_services {path}"):
            self.stdout.write(line)
