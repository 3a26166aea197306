from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CorrectionReportForm(forms.Form):
    what_is_wrong = forms.CharField(
        label=_("What is wrong?"),
        help_text=_(
            "For example: they are no longer the lead member, the email address bounces, or the party is wrong. "
            "Tell us where you saw the right details if you can."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Tell us what is wrong"),
            "max_length": _("Keep it under 2,000 characters"),
        },
    )
    reporter_email = forms.EmailField(
        label=_("Your email address (optional)"),
        help_text=_(
            "Only if you are happy for us to ask you a question about this. We delete it once we have checked."
        ),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # Honeypot: hidden from people, tempting to bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_what_is_wrong(self) -> str:
        text = self.cleaned_data["what_is_wrong"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Tell us a little more about what is wrong"))
        return text

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
