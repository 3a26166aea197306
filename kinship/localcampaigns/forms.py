"""The guided steps' forms: one question each. Choices are allow-lists built from what we know."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.localcampaigns.selectors import CouncilPeople, CouncilPerson
from kinship.localcampaigns.toolkit import ASK_EXPLAINED, EMAIL_METHODS, Ask, MeetingDetails, Method

_FORMULA_PREFIXES = ("=", "+", "-", "@")


class WhoForm(forms.Form):
    who = forms.ChoiceField(
        label=_("Who do you want to contact?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who you want to contact"),
            "invalid_choice": _("Choose who you want to contact"),
        },
    )

    def __init__(self, *args: Any, people: CouncilPeople, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["who"]).choices = [
            (p.target.key, p.target.name) for p in people.people
        ]


def ask_choices(person: CouncilPerson) -> list[tuple[str, str]]:
    """What the carer may ask for: congratulating is offered only to someone new in office."""
    asks = [Ask.AWARENESS, Ask.REVIEW, Ask.INFORMATION]
    if person.is_new:
        asks.insert(0, Ask.CONGRATULATE)
    return [(str(a), str(a.label)) for a in asks]


class WhatForm(forms.Form):
    ask = forms.ChoiceField(
        label=_("What do you want to ask for?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what to ask for"),
            "invalid_choice": _("Choose what to ask for"),
        },
    )

    def __init__(self, *args: Any, person: CouncilPerson, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ask"]).choices = ask_choices(person)

    @staticmethod
    def explained(ask: str) -> str:
        return str(ASK_EXPLAINED.get(ask, ""))


def method_choices(person: CouncilPerson) -> list[tuple[str, str]]:
    """How the carer can ask this person: email only where they take email, phone where we have a number."""
    methods = [m for m in Method if m not in EMAIL_METHODS or person.target.can_email]
    if not person.target.phone:
        methods.remove(Method.PHONE)
    return [(str(m), str(m.label)) for m in methods]


class HowForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to ask?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to ask"), "invalid_choice": _("Choose how to ask")},
    )

    def __init__(self, *args: Any, person: CouncilPerson, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["method"]).choices = method_choices(person)


def _plain(value: str, message: Any) -> str:
    value = " ".join((value or "").split())
    if value.startswith(_FORMULA_PREFIXES):
        raise forms.ValidationError(message)
    return value


class MeetingForm(forms.Form):
    group_name = forms.CharField(
        label=_("Name of the support group"),
        max_length=120,
        error_messages={"required": _("Enter the name of the support group")},
    )
    date = forms.DateField(
        label=_("Date of the meeting"),
        help_text=_("For example, 2026-03-27"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={
            "required": _("Enter the date of the meeting"),
            "invalid": _("Enter a real date, like 2026-03-27"),
        },
    )
    time = forms.TimeField(
        label=_("Start time"),
        help_text=_("For example, 18:30"),
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}),
        error_messages={"required": _("Enter the start time"), "invalid": _("Enter a time, like 18:30")},
    )
    place = forms.CharField(
        label=_("Where the group meets"),
        help_text=_("The address, so they can find it"),
        max_length=300,
        error_messages={"required": _("Enter where the group meets")},
    )

    def clean_group_name(self) -> str:
        return _plain(self.cleaned_data["group_name"], _("The name cannot start with = + - or @"))

    def clean_place(self) -> str:
        return _plain(self.cleaned_data["place"], _("The place cannot start with = + - or @"))

    def clean_date(self) -> dt.date:
        value = cast(dt.date, self.cleaned_data["date"])
        if value < timezone.localdate():
            raise forms.ValidationError(_("The meeting must be today or later"))
        return value

    def details(self) -> MeetingDetails:
        starts_at = timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )
        return MeetingDetails(
            group_name=self.cleaned_data["group_name"], starts_at=starts_at, place=self.cleaned_data["place"]
        )
