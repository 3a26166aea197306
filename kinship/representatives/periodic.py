"""Representatives' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

import logging
from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.representatives import conf, services

logger = logging.getLogger("kinship.representatives")


@periodic("representatives.forget_old_reporter_emails", every=timedelta(hours=24))
def forget_old_reporter_emails() -> None:
    services.correction_reports_forget_old_emails()


def sync_mps_job() -> None:
    from kinship.representatives.clients.parliament import ParliamentClient
    from kinship.representatives.mps import mps_sync

    with ParliamentClient() as client:
        report = mps_sync(client=client)
    for line in report.lines("weekly sync_mps"):
        logger.info(line)


if conf.sync_mps_weekly():
    periodic("representatives.sync_mps", every=timedelta(days=7))(sync_mps_job)


def sync_moderngov_job() -> None:
    """Every ModernGov council in the registry; the summary goes to the log for staff."""
    from kinship.representatives.countrywide import moderngov_services, moderngov_sync_all

    run = moderngov_sync_all(services=moderngov_services(), say=logger.info)
    for line in run.summary_lines():
        logger.info(line)


if conf.sync_moderngov_weekly():
    periodic("representatives.sync_moderngov", every=timedelta(days=7))(sync_moderngov_job)
