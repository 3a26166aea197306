"""Staff pages for petitions: counts, suspicious clusters (void them), held signatures (count or
void them), hand-ins (make one, see each one and its PDF) and a formula-safe CSV export. They
call kinship.petitions' selectors and services and own no rules. Staff-only English."""

from __future__ import annotations

import csv
import datetime as dt
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from kinship.core.privacy import csv_safe
from kinship.dashboard.views import staff_required
from kinship.petitions import handin, selectors, services
from kinship.petitions.models import HandIn, Petition

PERM = "petitions.handle_signatures"


@staff_required(PERM)
def petition_list(request: HttpRequest) -> HttpResponse:
    petitions = list(selectors.petition_list_staff())
    rows = [{"petition": p, "total": selectors.petition_total(petition=p)} for p in petitions]
    return render(request, "dashboard/petition_list.html", {"rows": rows})


@staff_required(PERM)
def petition_review(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = get_object_or_404(Petition.objects.select_related("action"), pk=petition_id)
    return render(
        request,
        "dashboard/petition_review.html",
        {
            "petition": petition,
            "total": selectors.petition_total(petition=petition),
            "clusters": selectors.suspicious_clusters(petition=petition),
            "held": list(selectors.held_signatures(petition=petition)[:500]),
            "hand_ins": list(petition.hand_ins.defer("pdf")),
        },
    )


def _by(request: HttpRequest) -> str:
    return str(request.user.get_username())


@require_POST
@staff_required(PERM)
def cluster_void(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = get_object_or_404(Petition.objects.select_related("action"), pk=petition_id)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
    hour = parse_datetime(request.POST.get("hour", ""))
    if kind not in {"ip", "domain"} or not value or hour is None:
        messages.error(request, "That cluster could not be read. Nothing was voided.")
        return redirect("dashboard:petition_review", petition_id=petition.pk)
    ids = selectors.cluster_signature_ids(petition=petition, kind=kind, value=value, hour=hour)
    voided = services.signatures_void(petition=petition, ids=ids, by=_by(request))
    messages.success(request, f"{voided} signatures voided. The counts have been updated.")
    return redirect("dashboard:petition_review", petition_id=petition.pk)


def _ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("signature") if v.isdigit()]


@require_POST
@staff_required(PERM)
def held_decide(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = get_object_or_404(Petition.objects.select_related("action"), pk=petition_id)
    ids = _ids(request)
    if request.POST.get("decision") == "count":
        done = services.signatures_release(petition=petition, ids=ids)
        messages.success(request, f"{done} held signatures now count.")
    else:
        done = services.signatures_void(petition=petition, ids=ids, by=_by(request))
        messages.success(request, f"{done} held signatures voided.")
    return redirect("dashboard:petition_review", petition_id=petition.pk)


@require_POST
@staff_required(PERM)
def hand_in(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = get_object_or_404(
        Petition.objects.select_related("action", "action__target_office"), pk=petition_id
    )
    record = handin.handin_create(petition=petition, by=_by(request))
    sent = f"emailed to {record.sent_to}" if record.sent_to else "no target email address, so not emailed"
    messages.success(
        request, f"Handed in with {record.count} signatures ({sent}; {record.mp_emails} MPs told)."
    )
    return redirect("dashboard:petition_review", petition_id=petition.pk)


@staff_required(PERM)
def hand_in_pdf(request: HttpRequest, hand_in_id: int) -> HttpResponse:
    record = get_object_or_404(HandIn, pk=hand_in_id)
    response = HttpResponse(bytes(record.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hand-in-{record.pk}.pdf"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


EXPORT_COLUMNS = ["signed_at", "status", "name", "email", "postcode", "constituency", "council", "show_name"]


@staff_required(PERM)
def signatures_export(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Every signature as CSV; each cell neutralised so a spreadsheet never runs it."""
    petition = get_object_or_404(Petition.objects.select_related("action"), pk=petition_id)
    writer = csv.writer(_Echo())

    def rows():  # type: ignore[no-untyped-def]
        yield writer.writerow(EXPORT_COLUMNS)
        for s in selectors.signatures_for_export(petition=petition).iterator(chunk_size=2000):
            signed: dt.datetime = s.created_at
            yield writer.writerow(
                [
                    csv_safe(v)
                    for v in (
                        signed.isoformat(),
                        s.status,
                        s.name,
                        s.email,
                        s.postcode,
                        s.constituency_name,
                        s.council_name,
                        "yes" if s.show_name else "no",
                    )
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-signatures.csv"'
    response["Cache-Control"] = "private, no-store"
    # Streamed (a big petition has many rows); staff_required is typed for plain responses.
    return cast(HttpResponse, response)
