from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StartForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Who is the letter to?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who the letter is to.")},
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Enter a subject.")}
    )
    body = forms.CharField(
        label=_("The letter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Write the letter.")},
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=80, error_messages={"required": _("Enter your first name.")}
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=80, error_messages={"required": _("Enter your last name.")}
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )

    def __init__(self, *args: object, targets: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target"].choices = targets  # type: ignore[attr-defined]


class SignForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=80, error_messages={"required": _("Enter your first name.")}
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=80, error_messages={"required": _("Enter your last name.")}
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, error_messages={"required": _("Enter your postcode.")}
    )
    line = forms.CharField(
        label=_("A line of your own (optional)"),
        max_length=280,
        required=False,
        help_text=_("Up to 280 characters. Do not include a child's name or anything that identifies them."),
    )
    consent_contact = forms.BooleanField(
        label=_("Keep me updated about the campaign by email (optional)"), required=False
    )
