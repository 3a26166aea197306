"""Exports for the charity's other systems (CRM, mailing tool): supporters who consented to
campaign emails, with their consent record and the actions they took, as CSV in the documented
columns below. Data stewards only (`supporters.export_supporters`); each export is logged.
Combines kinship.supporters' and kinship.messaging's selectors. Staff-only English."""

from __future__ import annotations

import csv
from io import StringIO

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinship.core.privacy import csv_safe
from kinship.dashboard.views import staff_required
from kinship.messaging.selectors import actions_taken_by_email
from kinship.supporters.selectors import supporter_exports_recent, supporters_consenting
from kinship.supporters.services import supporter_export_log

PERM = "supporters.export_supporters"

# (column, what it holds): shown on the page, so the other systems' owners can map them.
COLUMNS = [
    ("supporter_id", "Our number for the supporter (stays the same across exports)"),
    ("name", "Their name as they gave it"),
    ("email", "Their email address (lower case)"),
    ("postcode", "Their postcode, if given"),
    ("kinship_carer", "yes, no or unsaid: whether they told us they are a kinship carer"),
    ("language", "The language they used: en-gb or cy"),
    ("supporter_since", "When they first joined (ISO 8601, UTC)"),
    ("consent_given_at", "When they gave the consent to campaign emails in force now (ISO 8601, UTC)"),
    ("consent_wording", "The exact words they agreed to"),
    ("consent_version", "The version of those words"),
    ("consent_language", "The language of those words"),
    ("consent_source", "The page where they gave it"),
    ("campaigns_joined", "Campaigns whose sign-up they confirmed, separated by semicolons"),
    ("actions_taken", "Actions they confirmed, each as title (date), separated by semicolons"),
    ("actions_count", "How many actions they confirmed"),
]


@staff_required(PERM)
def exports(request: HttpRequest) -> HttpResponse:
    return render(
        request, "dashboard/exports.html", {"columns": COLUMNS, "recent": list(supporter_exports_recent())}
    )


@require_POST
@staff_required(PERM)
def consenting_supporters_csv(request: HttpRequest) -> HttpResponse:
    """Every consenting supporter as CSV; each cell neutralised so a spreadsheet never runs it."""
    rows = supporters_consenting()
    taken = actions_taken_by_email(emails=[s.email for s, _consent in rows])
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _ in COLUMNS])
    for supporter, consent in rows:
        actions = taken.get(supporter.email, [])
        joined = [s.campaign.title for s in supporter.signups.all() if s.confirmed_at]
        values = [
            supporter.pk,
            supporter.name,
            supporter.email,
            supporter.postcode,
            supporter.is_kinship_carer,
            supporter.language,
            supporter.created_at.isoformat(),
            consent.recorded_at.isoformat(),
            consent.wording,
            consent.wording_version,
            consent.language,
            consent.source_url,
            "; ".join(joined),
            "; ".join(f"{title} ({when.date().isoformat()})" for title, when in actions),
            len(actions),
        ]
        writer.writerow([csv_safe(v) for v in values])
    supporter_export_log(by=request.user.get_username(), rows=len(rows))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"consenting-supporters-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
