"""Public pages: the "Is this wrong?" correction report. Thin: form → service → page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinship.core.ratelimit import client_ip, rate_limit_exceeded
from kinship.representatives import conf, services
from kinship.representatives.forms import CorrectionReportForm
from kinship.representatives.models import Office
from kinship.representatives.selectors import office_entry


@require_http_methods(["GET", "POST"])
def correction_report(request: HttpRequest, office_id: int) -> HttpResponse:
    office = get_object_or_404(Office.objects.select_related("person", "area"), pk=office_id)
    form = CorrectionReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if form.is_bot():
                return redirect("representatives:correction_thanks")
            if rate_limit_exceeded(
                scope="correction-ip", identity=client_ip(request), rate=conf.correction_rate()
            ):
                form.add_error(
                    None,
                    _(
                        "We have had a lot of reports from you in a short time. Please wait an hour and try again."
                    ),
                )
            else:
                services.correction_report_create(
                    office=office,
                    what_is_wrong=form.cleaned_data["what_is_wrong"],
                    reporter_email=form.cleaned_data["reporter_email"],
                )
                return redirect("representatives:correction_thanks")
        status = 400
    return render(
        request,
        "representatives/correction_report_form.html",
        {"form": form, "office": office, "entry": office_entry(office)},
        status=status,
    )


def correction_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "representatives/correction_report_thanks.html")
