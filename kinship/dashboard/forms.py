"""Staff console forms: what a staff member chooses, checked before any figures are counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from kinship.campaigns.models import Action, Campaign
from kinship.supporters.models import DataRequestChannel

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


class DataRequestForm(forms.Form):
    """A request for a copy or an erasure that came by post, phone or in person."""

    kind = forms.ChoiceField(
        label="What they asked for",
        choices=[("export", "A copy of their data"), ("erasure", "Erasure of their data")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a copy or an erasure"},
    )
    channel = forms.ChoiceField(
        label="How the request came",
        choices=DataRequestChannel.choices,
        error_messages={"required": "Choose how the request came"},
    )
    email = forms.EmailField(
        label="The supporter's email address",
        help_text="Used to find their record; it is not stored with the request.",
        error_messages={
            "required": "Enter the supporter's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    received_on = forms.DateField(
        label="Day the request arrived",
        help_text="The legal deadline is one month from this day. For example, 2026-11-30",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the day the request arrived",
            "invalid": "Enter the day as a date, like 2026-11-30",
        },
    )

    def clean_received_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The day the request arrived cannot be in the future")
        return day
