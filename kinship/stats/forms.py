"""The staff form for importing a dataset from a CSV file."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator

from kinship.stats.models import AreaKind

MAX_DATASET_BYTES = 5 * 1024 * 1024


class DatasetImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns area_code and value (a header row). One row per area.",
        validators=[FileExtensionValidator(["csv"])],
    )
    slug = forms.SlugField(
        label="Short name",
        help_text="Letters, numbers and hyphens; an import with the same short name replaces it",
    )
    title = forms.CharField(max_length=200)
    title_cy = forms.CharField(label="Title in Welsh", max_length=200, required=False)
    unit = forms.CharField(max_length=120, help_text="What one value counts, e.g. children")
    source = forms.CharField(max_length=300, help_text="Who published the figures, and where")
    source_url = forms.URLField(label="Source link", required=False, assume_scheme="https")
    licence = forms.CharField(max_length=120, help_text="e.g. Open Government Licence v3.0")
    published_on = forms.DateField(label="Date of the figures", help_text="YYYY-MM-DD")
    area_kind = forms.ChoiceField(label="Areas", choices=AreaKind.choices)
    public = forms.BooleanField(label="Show it to the public (leave unticked for staff only)", required=False)
    skip_unknown = forms.BooleanField(
        label="Import the rows we can place even if some area codes are unknown (each one is listed)",
        required=False,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DATASET_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload
