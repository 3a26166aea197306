from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.core.privacy import starts_like_formula
from kinship.core.question import QuestionForm
from kinship.geography.messages import INVALID_POSTCODE_MESSAGE
from kinship.geography.postcodes import normalise_postcode
from kinship.supporters.consent import CAMPAIGN_EMAILS_WORDING
from kinship.supporters.models import ChampionOffer

KINSHIP_CARER_CHOICES = [
    ("yes", _("Yes, I am a kinship carer")),
    ("no", _("No")),
    ("unsaid", _("I'd rather not say")),
]


class JoinForm(QuestionForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will send you an email to check it is you."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label=_("Postcode (optional)"),
        help_text=_("So we can tell you about campaigning near you."),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )
    is_kinship_carer = forms.ChoiceField(
        label=_("Are you a kinship carer?"),
        help_text=_(
            "A kinship carer is a grandparent, other relative or friend raising a child who cannot live with their parents."
        ),
        choices=KINSHIP_CARER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Tell us whether you are a kinship carer, or choose 'I'd rather not say'")
        },
    )
    consent_contact = forms.BooleanField(label=CAMPAIGN_EMAILS_WORDING, required=False)
    # Honeypot: hidden from people, tempting to bots. Anything in it means a bot.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name"))
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_postcode(self) -> str:
        raw = self.cleaned_data.get("postcode", "")
        if not raw.strip():
            return ""
        postcode = normalise_postcode(raw)
        if postcode is None:
            raise forms.ValidationError(INVALID_POSTCODE_MESSAGE)
        return postcode

    def is_bot(self) -> bool:
        data: Any = self.data
        return bool(data.get("website"))


class DataRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address you used to join. We will email you a private link."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm you want your data erased")},
    )


class ChampionForm(forms.Form):
    """Signing up as a Campaign Champion: who, where, and what they can offer."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("We use it to find your council. Champions campaign in their own council's area."),
        max_length=12,
        error_messages={"required": _("Enter your postcode")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )
    offers = forms.MultipleChoiceField(
        label=_("What could you offer?"),
        help_text=_("Choose all that apply."),
        choices=ChampionOffer.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing you could offer")},
    )
    offer_details = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        help_text=_("Please do not include children's names or anything that identifies them."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Please keep this under 1,000 characters.")},
    )

    def clean_name(self) -> str:
        value = " ".join(self.cleaned_data["name"].split())
        if starts_like_formula(value):
            # Names reach staff spreadsheets: refuse what a spreadsheet would run as a formula.
            raise forms.ValidationError(_("Names cannot start with = + - or @"))
        return value

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError(INVALID_POSTCODE_MESSAGE)
        return postcode

    def clean_offer_details(self) -> str:
        return self.cleaned_data["offer_details"].replace("\r\n", "\n").strip()


class ChampionLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
