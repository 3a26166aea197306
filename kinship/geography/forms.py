from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.geography.hints import postcode_hint
from kinship.geography.messages import ERRORS, OUTCOME_MESSAGES
from kinship.geography.services import postcode_lookup
from kinship.geography.types import PostcodeResult


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("For example, SW1A 1AA"),
        max_length=20,
        error_messages={"required": _("Enter your postcode")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.result: PostcodeResult | None = None
        self.fields["postcode"].help_text = postcode_hint()  # the demo's postcodes in the demo

    def clean_postcode(self) -> str:
        text = self.cleaned_data["postcode"]
        self.result = postcode_lookup(text)
        if self.result.outcome in ERRORS:
            raise forms.ValidationError(
                str(OUTCOME_MESSAGES[self.result.outcome]), code=self.result.outcome.value
            )
        return self.result.postcode


class CouncilChoiceForm(forms.Form):
    postcode = forms.CharField(max_length=20, required=False, widget=forms.HiddenInput)
    council = forms.CharField(
        label=_("Choose your council"),
        max_length=9,
        error_messages={"required": _("Choose your council from the list")},
    )
