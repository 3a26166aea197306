"""Staff pages for local campaigns: new office holders nobody has contacted yet, and the journey
steps carers shared (with a CSV export), per council.
They call kinship.localcampaigns' selectors and services and own no rules. Staff-only English."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from kinship.core.privacy import csv_safe
from kinship.dashboard.views import staff_required
from kinship.localcampaigns import conf, selectors
from kinship.supporters import champions

PERM = "localcampaigns.view_local_campaigns"


@staff_required(PERM)
def new_office_holders(request: HttpRequest) -> HttpResponse:
    rows = selectors.new_office_holders_by_council()
    by_council = Counter(champions.champions_approved().values_list("council_code", flat=True))
    return render(
        request,
        "dashboard/local_new_office_holders.html",
        {
            "rows": [{"row": r, "champions": by_council.get(r.council_code, 0)} for r in rows],
            "days": conf.new_in_office_days(),
            "uncontacted": sum(len(r.uncontacted) for r in rows),
        },
    )


@staff_required(PERM)
def shared_journeys(request: HttpRequest) -> HttpResponse:
    """Councils with steps carers shared; one council's shared steps with ?council=CODE."""
    code = request.GET.get("council", "")[:9]
    entries = list(selectors.shared_entries(council_code=code)[:500]) if code else []
    return render(
        request,
        "dashboard/local_shared_journeys.html",
        {"councils": selectors.shared_by_council(), "council_code": code, "entries": entries},
    )


@staff_required(PERM)
def shared_journeys_export(request: HttpRequest) -> HttpResponse:
    """Shared steps as a formula-safe CSV (one council with ?council=CODE). No names or addresses."""
    code = request.GET.get("council", "")[:9]

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    header = ["council_code", "council", "date", "what", "who", "how", "notes", "next_step", "shared_at"]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for e in selectors.shared_entries(council_code=code).iterator(chunk_size=500):
            yield writer.writerow(
                [
                    csv_safe(v)
                    for v in (
                        e.council_code,
                        e.council_name,
                        e.happened_on.isoformat(),
                        e.get_kind_display(),
                        e.who,
                        e.get_how_display() if e.how else "",
                        e.notes,
                        e.next_step,
                        e.shared_at.isoformat() if e.shared_at else "",
                    )
                ]
            )

    response: HttpResponse = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")  # type: ignore[assignment]
    response["Content-Disposition"] = (
        f'attachment; filename="shared-journeys{"-" + code if code else ""}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
