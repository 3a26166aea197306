"""Every ModernGov council in the registry at once (`sync_moderngov --all`, the weekly job).

Sites are fetched concurrently by a bounded thread pool, each within its own timeout and an
overall per-site deadline, so a site that stalls or trickles cannot hold the run; answers are
written one council at a time by the calling thread (one database connection, one short
transaction per council). A site that fails is named with its reason and left unchanged."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from kinship.representatives import conf
from kinship.representatives.clients.moderngov import ModernGovClient, ModernGovError, Ward
from kinship.representatives.councils import CouncilSync, moderngov_apply
from kinship.representatives.models import CouncilSystem, DemocracyService, SyncResult
from kinship.representatives.registry import democracy_services_import

logger = logging.getLogger("kinship.representatives")

Say = Callable[[str], None]


@dataclass
class CouncilOutcome:
    service: DemocracyService
    reason: str = ""  # empty when the council synced
    sync: CouncilSync | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.sync is not None


@dataclass
class CountryRun:
    outcomes: list[CouncilOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def synced(self) -> list[CouncilOutcome]:
        return [o for o in self.outcomes if o.sync is not None]

    @property
    def failed(self) -> list[CouncilOutcome]:
        return [o for o in self.outcomes if o.sync is None]

    @property
    def without_lead_member(self) -> list[CouncilOutcome]:
        return [o for o in self.synced if o.sync is not None and not o.sync.lead_members]

    def count(self, what: str) -> int:
        return sum(len(getattr(o.sync.report, what)) for o in self.synced if o.sync is not None)

    def summary_lines(self) -> list[str]:
        lines = [
            f"sync_moderngov --all: {len(self.synced)} of {len(self.outcomes)} councils synced in "
            f"{self.seconds:.1f}s; offices: {self.count('created')} added, {self.count('updated')} changed, "
            f"{self.count('ended')} ended",
            f"councils with no lead member found ({len(self.without_lead_member)}):",
        ]
        lines.extend(f"  {o.service.official_name}" for o in self.without_lead_member)
        lines.append(f"councils that failed ({len(self.failed)}):")
        lines.extend(f"  {o.service.official_name} ({o.service.base_url}): {o.reason}" for o in self.failed)
        return lines


def moderngov_services(*, registry: str | None = None) -> list[DemocracyService]:
    """The ModernGov councils to sync: from `registry` (imported first) or the stored registry,
    which is loaded from the setting's file when empty."""
    if registry or not DemocracyService.objects.exists():
        democracy_services_import(registry or conf.democracy_services_file())
    return list(
        DemocracyService.objects.filter(system=CouncilSystem.MODERNGOV)
        .select_related("council")
        .order_by("official_name")
    )


def _fetch(base_url: str, *, timeout: float, deadline: float, retries: int) -> list[Ward]:
    with ModernGovClient(
        base_url, timeout=timeout, max_retries=retries, backoff=min(1.0, timeout / 4)
    ) as client:
        return client.councillors_by_ward(deadline_seconds=deadline)


def _outcome(
    service: DemocracyService, future: Future[list[Ward]], started: float, today: date
) -> CouncilOutcome:
    outcome = CouncilOutcome(service=service)
    try:
        wards = future.result()
        if service.council is None:
            raise ModernGovError("the council is not in our areas")
        outcome.sync = moderngov_apply(
            council=service.council, base_url=service.base_url, wards=wards, today=today
        )
    except ModernGovError as exc:
        outcome.reason = str(exc)[:400]
    except Exception as exc:  # one council's bad data must not stop the country; it is reported
        logger.exception("sync_moderngov: %s failed", service.official_name)
        outcome.reason = f"internal error: {type(exc).__name__}: {exc}"[:400]
    outcome.seconds = time.monotonic() - started
    return outcome


def _record(outcome: CouncilOutcome) -> None:
    service = outcome.service
    service.last_sync_at = timezone.now()
    if outcome.sync is None:
        service.last_sync_result = SyncResult.FAILED
        service.last_sync_message = outcome.reason[:500]
    else:
        sync = outcome.sync
        service.last_sync_result = SyncResult.OK
        service.last_sync_message = (
            f"{sync.wards_placed} wards placed, {sync.wards_unplaced} unplaced; "
            f"lead member: {', '.join(sync.lead_members) or 'none found'}; "
            f"leader: {', '.join(sync.leaders) or 'none found'}"
        )[:500]
    service.save(update_fields=["last_sync_at", "last_sync_result", "last_sync_message"])


def _progress(done: int, total: int, outcome: CouncilOutcome) -> str:
    head = f"[{done}/{total}] {outcome.service.official_name}"
    if outcome.sync is None:
        return f"{head}: FAILED {outcome.reason}"
    r = outcome.sync.report
    lead = "lead member found" if outcome.sync.lead_members else "no lead member"
    return (
        f"{head}: {len(r.created)} added, {len(r.updated)} changed, {len(r.ended)} ended, {lead} "
        f"(at {outcome.seconds:.1f}s)"
    )


def moderngov_sync_all(
    *,
    services: Sequence[DemocracyService],
    concurrency: int | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
    retries: int = 1,
    say: Say = lambda line: None,
    today: date | None = None,
) -> CountryRun:
    """Sync every council in `services` from its ModernGov site; never raises for one site."""
    concurrency = max(1, concurrency or conf.moderngov_concurrency())
    timeout = timeout or conf.moderngov_timeout()
    deadline = deadline or timeout * 3
    today = today or timezone.localdate()
    run = CountryRun()
    started = time.monotonic()
    total = len(services)
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="moderngov") as pool:
        futures = {
            pool.submit(_fetch, s.base_url, timeout=timeout, deadline=deadline, retries=retries): s
            for s in services
        }
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = _outcome(futures[future], future, started, today)
            _record(outcome)
            run.outcomes.append(outcome)
            say(_progress(done, total, outcome))
    run.seconds = time.monotonic() - started
    return run
