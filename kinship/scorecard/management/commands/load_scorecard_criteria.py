from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.scorecard.criteria import DEFAULT_CRITERIA, CriteriaFileError, criteria_load


class Command(BaseCommand):
    help = "Load the scorecard's sections, criteria and answers from JSON (the starting set by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_CRITERIA))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            lines = criteria_load(Path(options["path"]))
        except CriteriaFileError as exc:
            raise CommandError(str(exc)) from exc
        for line in lines:
            self.stdout.write(line)
