"""Forms: the allowance gap calculator and its anonymous answer; the assessment workflow's forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.core.i18n import localised
from kinship.geography.messages import ERRORS, OUTCOME_MESSAGES
from kinship.geography.models import Area
from kinship.geography.selectors import area_get, childrens_services_authorities
from kinship.geography.services import postcode_lookup
from kinship.geography.types import PostcodeResult
from kinship.scorecard.allowances import OLDEST_AGE

NO_COUNCIL_FOR_POSTCODE = _("We could not find the council for that postcode. Choose it from the list.")


def council_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose a council")))] + [
        (area.code, localised(area, "name"))
        for area in childrens_services_authorities().only("code", "name", "name_cy")
    ]


class CalculatorForm(forms.Form):
    council = forms.ChoiceField(label=_("Your council"), required=False)
    postcode = forms.CharField(
        label=_("Or your postcode"),
        help_text=_("For example, SW1A 1AA"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    age = forms.IntegerField(
        label=_("The child's age in years"),
        min_value=0,
        max_value=OLDEST_AGE,
        error_messages={
            "required": _("Enter the child's age in years"),
            "invalid": _("Enter the child's age as a number, like 7"),
            "min_value": _("Enter an age of 0 or more"),
            "max_value": _("The national minimum allowance is for children aged 17 and under"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    received = forms.DecimalField(
        label=_("What you receive each week for the child, in pounds (optional)"),
        help_text=_("Leave blank if you are not sure. Do not include other benefits."),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(2000),
        decimal_places=2,
        error_messages={
            "invalid": _("Enter an amount in pounds, like 150 or 150.50"),
            "min_value": _("Enter an amount of 0 or more"),
            "max_value": _("Enter a weekly amount under £2,000"),
            "max_decimal_places": _("Enter an amount in pounds and pence, like 150.50"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = council_choices()  # type: ignore[attr-defined]
        self.council_area: Area | None = None
        self.lookup: PostcodeResult | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, postcode = data.get("council"), (data.get("postcode") or "").strip()
        if postcode:
            self.lookup = postcode_lookup(postcode)
            if self.lookup.outcome in ERRORS:
                self.add_error("postcode", str(OUTCOME_MESSAGES[self.lookup.outcome]))
                return data
            council = self.lookup.childrens_services_authority
            if council is None:
                if not code:
                    self.add_error(
                        "council",
                        _("We could not find the council for that postcode. Choose it from the list."),
                    )
                    return data
            else:
                code = council.code
        if not code:
            self.add_error("council", _("Choose your council, or enter your postcode"))
            return data
        self.council_area = area_get(code=code)
        if self.council_area is None or not self.council_area.is_childrens_services_authority:
            self.add_error("council", _("Choose your council from the list"))
        return data


class AllowanceAnswerForm(forms.Form):
    council = forms.CharField(max_length=9, widget=forms.HiddenInput)
    age = forms.IntegerField(min_value=0, max_value=OLDEST_AGE, widget=forms.HiddenInput)
    received = forms.DecimalField(
        min_value=Decimal("0.01"), max_value=Decimal(2000), decimal_places=2, widget=forms.HiddenInput
    )
    consent = forms.BooleanField(
        label=_("Yes, add my answer anonymously to my council's figures"),
        help_text=_(
            "We keep only your council, the child's age band and the weekly amount: no name, no contact "
            "details. A council's typical amount is shown once at least 5 carers have answered."
        ),
        error_messages={"required": _("Tick the box if you want to add your answer")},
    )


# ---------------------------------------------------------------- the assessment workflow (staff)
# Staff pages are in English; the council officer's reply form is bilingual.


class AssignForm(forms.Form):
    council = forms.ChoiceField(label="Council")
    assessor = forms.ChoiceField(label="Assessor")

    def __init__(
        self, *args: Any, councils: list[tuple[str, str]], assessors: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "Choose a council"), *councils]  # type: ignore[attr-defined]
        self.fields["assessor"].choices = [("", "Choose an assessor"), *assessors]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    option = forms.ChoiceField(label="Answer", widget=forms.RadioSelect)
    evidence_url = forms.URLField(
        label="Link to the evidence", required=False, max_length=500, assume_scheme="https"
    )
    evidence_location = forms.CharField(label="Page or section", required=False, max_length=200)
    evidence_quote = forms.CharField(
        label="Quote", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_seen_on = forms.DateField(label="Date you saw it (YYYY-MM-DD)", required=False)
    notes = forms.CharField(
        label="Notes for staff (not public)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, criterion: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o.value, o.label) for o in criterion.options.all()]  # type: ignore[attr-defined]


class OpenReplyForm(forms.Form):
    officer_email = forms.EmailField(
        label="Council officer's email address",
        help_text="We email them the private link. Leave blank to copy the link yourself.",
        required=False,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("kept", "Keep our answer"), ("changed", "Change the answer")],
        widget=forms.RadioSelect,
    )
    new_option = forms.ChoiceField(label="New answer (if changed)", required=False)
    reason = forms.CharField(
        label="Why (kept in the history)", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criterion: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_option"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (o.value, o.label) for o in criterion.options.all()
        ]
