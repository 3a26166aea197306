"""The signing form (web page and API). Allow-list validation: lengths, shapes, choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.core.privacy import starts_like_formula
from kinship.geography.messages import INVALID_POSTCODE_MESSAGE
from kinship.geography.postcodes import normalise_postcode
from kinship.supporters.consent import CAMPAIGN_EMAILS_WORDING

# Names reach staff spreadsheets and the hand-in: refuse what a spreadsheet would run.


class SignForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will email you a link. Your signature counts once you have pressed it."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        help_text=_("So we can show your MP and council how many of their own people signed."),
        max_length=12,
        error_messages={"required": _("Enter your postcode")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )
    show_name = forms.BooleanField(
        label=_("Show my name on this page and when it is handed in"),
        help_text=_("If you leave this unticked, only the count includes you."),
        required=False,
    )
    consent_contact = forms.BooleanField(label=CAMPAIGN_EMAILS_WORDING, required=False)
    # Honeypot: hidden from people, tempting to bots.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, names_public: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not names_public:
            del self.fields["show_name"]

    def clean_name(self) -> str:
        value = " ".join((self.cleaned_data.get("name") or "").split())
        if not value:
            raise forms.ValidationError(_("Enter your name"))
        if starts_like_formula(value):
            raise forms.ValidationError(_("Names cannot start with = + - or @"))
        return value

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError(INVALID_POSTCODE_MESSAGE)
        return postcode

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
