"""python manage.py sync_moderngov --council GSS --base-url URL: one council's ward councillors and
key posts (leader, mayor, cabinet, lead member for children's services) from ModernGov."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.representatives.clients.moderngov import ModernGovClient, ModernGovError
from kinship.representatives.councils import moderngov_sync


class Command(BaseCommand):
    help = "Update a council's ward councillors and key post holders from its ModernGov web service."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", required=True, help="the council's GSS code, e.g. E06000023")
        parser.add_argument(
            "--base-url", required=True, help="the ModernGov site, e.g. https://democracy.example.gov.uk"
        )
        parser.add_argument("--timeout", type=float, help="seconds to wait for the answer")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["council"].strip().upper()
        council = Area.objects.filter(code=code).first()
        if council is None:
            raise CommandError(f"no area with code {code}")
        if council.type not in CHILDRENS_SERVICES_TYPES | {AreaType.DISTRICT}:
            raise CommandError(f"{council} is not a council")
        with ModernGovClient(options["base_url"], timeout=options.get("timeout")) as client:
            try:
                report = moderngov_sync(council=council, client=client)
            except ModernGovError as exc:
                raise CommandError(f"ModernGov at {options['base_url']}: {exc}") from exc
        for line in report.lines(f"sync_moderngov {council.name}"):
            self.stdout.write(line)
