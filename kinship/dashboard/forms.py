"""Staff console forms: what a staff member chooses, checked before any figures are counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from kinship.campaigns.models import Action, Campaign

MAX_RANGE_DAYS = 366
DEFAULT_DAYS = 30


class ActionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.campaign.title}: {obj.title}"


class WorkingFilterForm(forms.Form):
    """Which campaign or action, and which days, the figures cover (default: the last 30 days)."""

    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.order_by("title"), required=False, empty_label="Every campaign"
    )
    action = ActionChoiceField(
        queryset=Action.objects.select_related("campaign").order_by("campaign__title", "title"),
        required=False,
        empty_label="Every action",
        help_text="Choose an action to see its figures alone.",
    )
    start = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 2026-11-01",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the first day as a date, like 2026-11-01"},
    )
    end = forms.DateField(
        label="To",
        required=False,
        help_text="The last day counted",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the last day as a date, like 2026-11-30"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if "start" in self.errors or "end" in self.errors:
            return data
        if start > end:
            self.add_error("end", "The last day must be the same as or after the first day")
        elif (end - start).days + 1 > MAX_RANGE_DAYS:
            self.add_error("start", f"Choose at most {MAX_RANGE_DAYS} days")
        action, campaign = data.get("action"), data.get("campaign")
        if action and campaign and action.campaign_id != campaign.pk:
            self.add_error("action", "That action belongs to another campaign: choose one of its own")
        data["start"], data["end"] = start, end
        return data
