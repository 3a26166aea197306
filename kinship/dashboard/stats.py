"""Staff pages for datasets: the list, and importing one from a CSV file with every problem
reported by line. They call kinship.stats' importers and own no rules. Staff-only English."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kinship.dashboard.views import staff_required
from kinship.stats.forms import DatasetImportForm
from kinship.stats.importers import DatasetDetails, DatasetFileError, dataset_import
from kinship.stats.models import Dataset, Visibility


@staff_required("stats.view_dataset")
def dataset_list(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/dataset_list.html", {"datasets": Dataset.objects.all()})


@staff_required("stats.add_dataset")
def dataset_import_view(request: HttpRequest) -> HttpResponse:
    form = DatasetImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = DatasetDetails(
            slug=data["slug"],
            title=data["title"],
            title_cy=data["title_cy"],
            unit=data["unit"],
            source=data["source"],
            source_url=data["source_url"],
            licence=data["licence"],
            published_on=data["published_on"],
            area_kind=data["area_kind"],
            visibility=Visibility.PUBLIC if data["public"] else Visibility.STAFF,
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dataset.csv"
            with path.open("wb") as handle:
                for chunk in data["file"].chunks():
                    handle.write(chunk)
            try:
                report = dataset_import(path, details, skip_unknown=data["skip_unknown"])
            except (DatasetFileError, UnicodeDecodeError) as exc:
                problems = (
                    str(exc).splitlines()
                    if isinstance(exc, DatasetFileError)
                    else ["The file is not UTF-8 text. Save it as CSV UTF-8 and try again."]
                )
            else:
                skipped = (
                    f"; {len(report.unknown_codes)} unknown codes skipped" if report.unknown_codes else ""
                )
                messages.success(
                    request, f"Imported {report.imported} values into “{details.title}”{skipped}."
                )
                return redirect("dashboard:datasets")
    return render(request, "dashboard/dataset_import.html", {"form": form, "problems": problems})
