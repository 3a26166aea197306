"""Forms for taking action. Validation is allow-list: lengths, shapes, known choices."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.core.privacy import canonical_email, starts_like_formula
from kinship.core.question import QuestionForm
from kinship.geography.hints import demo_places_loaded, postcode_hint
from kinship.geography.messages import INVALID_POSTCODE_MESSAGE
from kinship.geography.postcodes import normalise_postcode
from kinship.messaging.models import CallOutcome, ReplyAnswer
from kinship.messaging.services.composition import clean_subject
from kinship.supporters.consent import CAMPAIGN_EMAILS_WORDING

_PROMPT_RE = re.compile(r"\[[^\[\]\n]{10,}\]")


def template_prompts(action: Any) -> list[str]:
    """The bracketed prompts in an action's suggested texts (all languages and variants)."""
    texts = [action.body_template, action.body_template_cy, *(v.body_template for v in action.variants.all())]
    return sorted({m.group(0) for text in texts if text for m in _PROMPT_RE.finditer(text)})


def _clean_name(value: str, message: Any) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise forms.ValidationError(message)
    if starts_like_formula(value):
        # Names reach staff spreadsheets: refuse what a spreadsheet would run as a formula.
        raise forms.ValidationError(_("Names cannot start with = + - or @"))
    return value


def _clean_postcode(value: str) -> str:
    postcode = normalise_postcode(value)
    if postcode is None:
        raise forms.ValidationError(INVALID_POSTCODE_MESSAGE)
    return postcode


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("We use it to find the right people to write to."),
        max_length=12,
        error_messages={"required": _("Enter your postcode")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, calling: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if calling:  # a phone action: nobody is written to
            self.fields["postcode"].help_text = _("We use it to find the right people to call.")
        if demo_places_loaded():
            self.fields["postcode"].help_text = f"{self.fields['postcode'].help_text} {postcode_hint()}"

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])


class ComposeForm(QuestionForm):
    """The carer's details and message. `targets` choices are set from the postcode lookup."""

    postcode = forms.CharField(widget=forms.HiddenInput, max_length=12)
    targets = forms.MultipleChoiceField(
        label=_("Who to write to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=80,
        error_messages={"required": _("Enter your first name")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=80,
        error_messages={"required": _("Enter your last name")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "We will email you a link to confirm before anything is sent. Replies come straight to you."
        ),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    address_line1 = forms.CharField(
        label=_("Address line 1"),
        max_length=200,
        error_messages={"required": _("Enter the first line of your address")},
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_line2 = forms.CharField(
        label=_("Address line 2 (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    town = forms.CharField(
        label=_("Town or city"),
        max_length=100,
        error_messages={"required": _("Enter your town or city")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2", "class": "govuk-!-width-two-thirds"}),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Enter a subject")},
    )
    body = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "Change it as much as you like. Your own story makes the biggest difference: what happened, and what "
            "would have helped. Please do not include children's names."
        ),
        max_length=8000,
        min_length=50,
        error_messages={
            "required": _("Write your message"),
            "min_length": _("Your message is very short. Please say a little more."),
            "max_length": _("Your message is too long. Please keep it under 8,000 characters."),
        },
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    consent_contact = forms.BooleanField(label=CAMPAIGN_EMAILS_WORDING, required=False)
    # Honeypot: hidden from people, tempting to bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(
        self,
        *args: Any,
        target_choices: list[tuple[str, str]] | None = None,
        placeholders: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["targets"]).choices = target_choices or []
        # The "[Tell them what happened ...]" prompts in the suggested text must not be sent as written.
        self.placeholders = placeholders or []

    def clean_first_name(self) -> str:
        return _clean_name(self.cleaned_data["first_name"], _("Enter your first name"))

    def clean_last_name(self) -> str:
        return _clean_name(self.cleaned_data["last_name"], _("Enter your last name"))

    def clean_email(self) -> str:
        return canonical_email(self.cleaned_data["email"])

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean_subject(self) -> str:
        return clean_subject(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n").strip()
        if any(prompt in body for prompt in self.placeholders):
            raise forms.ValidationError(
                _("Replace the words in [square brackets] with your own story, or delete them.")
            )
        return body

    def is_bot(self) -> bool:
        data: Any = self.data
        return bool(data.get("website"))


# The postcode shape the API's OpenAPI document promises (any case, at most one space).
API_POSTCODE_RE = re.compile(r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$")


class ApiSubmissionForm(ComposeForm):
    """The JSON API takes the same fields and rules. Recipients come from the JSON `targets` list
    (everyone reachable when it is absent), so the form's own `targets` field stays empty.
    The postcode must have the documented shape as sent (the web form is kinder to typing)."""

    def clean_postcode(self) -> str:
        data: Any = self.data
        if not API_POSTCODE_RE.match(str(data.get("postcode", ""))):
            raise forms.ValidationError(INVALID_POSTCODE_MESSAGE)
        return super().clean_postcode()


class CallLogForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    postcode = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)
    outcome = forms.ChoiceField(
        label=_("How did the call go?"),
        choices=CallOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us how the call went")},
    )


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Did you get a reply?"),
        choices=ReplyAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer")},
    )


class FollowUpForm(forms.Form):
    who = forms.ChoiceField(
        label=_("Who should we send your follow-up to?"),
        choices=[("same", _("The same person")), ("next", _("The next person up"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who to send it to")},
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=300, error_messages={"required": _("Enter a subject")}
    )
    body = forms.CharField(
        label=_("Your follow-up"),
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Write your follow-up")},
    )

    def __init__(self, *args: Any, can_go_up: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_go_up:
            cast(forms.ChoiceField, self.fields["who"]).choices = [("same", _("The same person"))]

    def clean_subject(self) -> str:
        # One line, as a first message's subject (a CR or LF would break the email header).
        subject = clean_subject(self.cleaned_data["subject"])
        if not subject:
            raise forms.ValidationError(_("Enter a subject"))
        return subject

    def clean_body(self) -> str:
        return str(self.cleaned_data["body"]).replace("\r\n", "\n").strip()


class MyActionsRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address you used when you took action. We will email you a private link."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
