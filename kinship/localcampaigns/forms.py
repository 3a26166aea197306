"""The guided steps' forms: one question each. Choices are allow-lists built from what we know."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.privacy import starts_like_formula
from kinship.geography.messages import INVALID_POSTCODE_MESSAGE
from kinship.geography.postcodes import normalise_postcode
from kinship.localcampaigns.models import EntryHow, EntryKind
from kinship.localcampaigns.selectors import CouncilPeople, CouncilPerson
from kinship.localcampaigns.services import EntryInput
from kinship.localcampaigns.toolkit import ASK_EXPLAINED, EMAIL_METHODS, Ask, MeetingDetails, Method


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
    # These reach staff spreadsheets: refuse what a spreadsheet would run as a formula.
    if starts_like_formula(value):
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


# ---------------------------------------------------------------- the journey log


class JourneyRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We email you a private link to your log. You do not need an account."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label=_("Your postcode (optional)"),
        help_text=_("So your log knows your council."),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if postcode is None:
            raise forms.ValidationError(INVALID_POSTCODE_MESSAGE)
        return postcode


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=EntryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened"), "invalid_choice": _("Choose what happened")},
    )
    happened_on = forms.DateField(
        label=_("When"),
        help_text=_("For example, 2026-03-27"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"required": _("Enter the date"), "invalid": _("Enter a real date, like 2026-03-27")},
    )
    who = forms.CharField(
        label=_("Who (optional)"),
        help_text=_("For example, Cllr Sam Lead, lead member for children's services"),
        max_length=200,
        required=False,
    )
    how = forms.ChoiceField(
        label=_("How (optional)"),
        choices=[("", _("Choose how")), *EntryHow.choices],
        required=False,
    )
    notes = forms.CharField(
        label=_("What was said or promised (optional)"),
        help_text=_("Please do not include children's names or anything that identifies them."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Please keep this under 2,000 characters.")},
    )
    next_step = forms.CharField(label=_("Your next step (optional)"), max_length=300, required=False)
    remind_on = forms.DateField(
        label=_("Remind me on (optional)"),
        help_text=_("We email you on this date, once."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"invalid": _("Enter a real date, like 2026-03-27")},
    )
    share = forms.BooleanField(
        label=_("Share this step with the charity"),
        help_text=_(
            "Our staff see it (not your name or email) and use it to support campaigning at your council."
        ),
        required=False,
    )

    def clean_who(self) -> str:
        return _plain(self.cleaned_data["who"], _("This cannot start with = + - or @"))

    def clean_next_step(self) -> str:
        return _plain(self.cleaned_data["next_step"], _("This cannot start with = + - or @"))

    def clean_notes(self) -> str:
        return self.cleaned_data["notes"].replace("\r\n", "\n").strip()

    def clean_happened_on(self) -> dt.date:
        value = cast(dt.date, self.cleaned_data["happened_on"])
        if value > timezone.localdate() + dt.timedelta(days=366):
            raise forms.ValidationError(_("Enter a date within the next year"))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        remind_on = data.get("remind_on")
        if remind_on is not None:
            if remind_on < timezone.localdate():
                self.add_error("remind_on", _("The reminder date must be today or later"))
            elif not data.get("next_step"):
                self.add_error("next_step", _("Say what the next step is, so the reminder makes sense"))
        return data

    def entry_input(self) -> EntryInput:
        d = self.cleaned_data
        return EntryInput(
            kind=d["kind"],
            happened_on=d["happened_on"],
            who=d["who"],
            how=d["how"],
            notes=d["notes"],
            next_step=d["next_step"],
            remind_on=d["remind_on"],
            share=d["share"],
        )
