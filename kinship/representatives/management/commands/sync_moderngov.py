"""python manage.py sync_moderngov --council GSS --base-url URL: one council's ward councillors and
key posts (leader, mayor, cabinet, lead member for children's services) from ModernGov.

python manage.py sync_moderngov --all [--registry FILE] [--concurrency N] [--timeout S]: every
ModernGov council in the registry of democracy sites, concurrently, with a summary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.representatives.clients.moderngov import ModernGovClient, ModernGovError
from kinship.representatives.councils import moderngov_sync
from kinship.representatives.countrywide import moderngov_services, moderngov_sync_all
from kinship.representatives.registry import RegistryRefusedError


class Command(BaseCommand):
    help = "Update councils' ward councillors and key post holders from their ModernGov web services."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--council", help="one council's GSS code, e.g. E06000023 (with --base-url)")
        which.add_argument("--all", action="store_true", help="every ModernGov council in the registry")
        parser.add_argument("--base-url", help="the ModernGov site, e.g. https://democracy.example.gov.uk")
        parser.add_argument(
            "--registry", help="with --all: load this registry CSV first (default: the setting)"
        )
        parser.add_argument("--concurrency", type=int, help="with --all: sites fetched at once")
        parser.add_argument("--timeout", type=float, help="seconds to wait for a site's answer")
        parser.add_argument(
            "--deadline",
            type=float,
            help="with --all: seconds before a site is given up (default 3 × timeout)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            self._all(options)
        else:
            self._one(options)

    def _all(self, options: dict[str, Any]) -> None:
        try:
            services = moderngov_services(registry=options.get("registry"))
        except RegistryRefusedError as exc:
            for line in exc.rejected:
                self.stderr.write(f"  rejected: {line}")
            raise CommandError(f"the registry: {exc}") from exc
        self.stdout.write(f"sync_moderngov --all: {len(services)} ModernGov councils")
        run = moderngov_sync_all(
            services=services,
            concurrency=options.get("concurrency"),
            timeout=options.get("timeout"),
            deadline=options.get("deadline"),
            say=self.stdout.write,
        )
        for line in run.summary_lines():
            self.stdout.write(line)

    def _one(self, options: dict[str, Any]) -> None:
        if not options.get("base_url"):
            raise CommandError("--council needs --base-url")
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
