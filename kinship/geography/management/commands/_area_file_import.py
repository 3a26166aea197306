"""The shared shape of the one-file area import commands: a file in, a summary out, a clear error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers.areas import AreaImportError, ImportSummary


class AreaFileImportCommand(BaseCommand):
    """Subclasses set `help` and implement `run`; pass `all_councils = True` for --all-councils."""

    all_councils = False

    def run(self, path: Path, **options: Any) -> ImportSummary:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        if self.all_councils:
            parser.add_argument(
                "--all-councils",
                type=Path,
                default=None,
                help="uk_local_authorities_current.csv, for GOV.UK links",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = self.run(options.pop("file"), **options)
        except AreaImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(summary))
