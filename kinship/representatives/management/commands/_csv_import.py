"""The shared shape of the staff CSV import commands: a file, --dry-run, every rejected row reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.representatives.importers import ImportRefusedError


class CsvImportCommand(BaseCommand):
    command_name = ""

    def importer(self) -> Callable[..., Any]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            result = self.importer()(path, dry_run=options["dry_run"])
        except ImportRefusedError as exc:
            for line in exc.rejected:
                self.stderr.write(f"  rejected: {line}")
            raise CommandError(f"{exc}. Fix the rows above (try --dry-run) and import again.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text: save it as CSV UTF-8") from exc
        for line in result.lines(self.command_name):
            self.stdout.write(line)
