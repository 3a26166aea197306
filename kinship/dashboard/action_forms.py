"""The guided action form and its preview form, for the staff console's action builder. The
merge-field rule is `kinship.messaging.merge.template_problems`; these forms only call it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory

from kinship.campaigns.models import Action, ActionKind, ActionVariant
from kinship.messaging.merge import template_problems
from kinship.representatives.models import Office, Role
from kinship.representatives.selectors import current_offices

FIXED, POSTCODE = "fixed", "postcode"
# Kinds built here; petitions and open letters have their own pages (kinship.petitions).
BUILT_HERE = [
    ActionKind.EMAIL_FIXED,
    ActionKind.EMAIL_POSTCODE,
    ActionKind.LETTER,
    ActionKind.PHONE,
    ActionKind.MEETING,
]
KIND_WORDS: dict[str, str] = {
    ActionKind.EMAIL_FIXED: "Email a fixed person (such as the Minister)",
    ActionKind.EMAIL_POSTCODE: "Email the people for the supporter's postcode",
    ActionKind.LETTER: "Printable letter",
    ActionKind.PHONE: "Phone script",
    ActionKind.MEETING: "Meeting request (by email)",
}
ROLE_CHOICES = [(role.value, str(role.label)) for role in Role if role not in (Role.MINISTER, Role.OTHER)]
NATIONS = [("england", "England"), ("wales", "Wales"), ("scotland", "Scotland")]
# Texts with merge fields (a phone script is merged for each person called, too).
TEMPLATE_FIELDS = (
    "subject_template",
    "body_template",
    "subject_template_cy",
    "body_template_cy",
    "phone_script",
    "phone_script_cy",
)
SHOWN_OFFICES = 60
DATETIME = {"type": "datetime-local", "class": "govuk-input--width-20"}


def office_label(office: Office) -> str:
    where = f", {office.area.name}" if office.area is not None else ""
    what = office.portfolio or office.get_role_display()
    return f"{office.person.name} – {what}{where}"


def _merge_checked(text: str) -> str:
    problems = template_problems(text or "")
    if problems:
        raise forms.ValidationError(problems)
    return text


class OfficeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return office_label(obj)


class ActionForm(forms.ModelForm):  # type: ignore[type-arg]
    """Every setting of an action, in the order staff decide them."""

    kind = forms.ChoiceField(
        label="What supporters do",
        choices=[(k.value, KIND_WORDS[k]) for k in BUILT_HERE],
        widget=forms.RadioSelect,
        help_text="Petitions and open letters are made on the Petitions page.",
        error_messages={"required": "Choose what supporters do"},
    )
    who = forms.ChoiceField(
        label="Who is written to",
        choices=[
            (FIXED, "A fixed person, such as the Minister"),
            (POSTCODE, "People found from the supporter's postcode"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is written to"},
    )
    target_office = OfficeField(
        label="The fixed person",
        queryset=Office.objects.none(),
        required=False,
        empty_label="Choose a person",
        help_text="People in office now. Not in the list? Search for them by name below.",
    )
    office_search = forms.CharField(
        label="Search for a person by name or job",
        required=False,
        max_length=100,
        help_text="Then press “Find”: the people found are added to the list above.",
    )
    target_roles = forms.MultipleChoiceField(
        label="Roles found from the postcode",
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Written to in this order. Directors of children's services are officers: they are "
        "never emailed, only written to by letter or phoned.",
    )
    nations = forms.MultipleChoiceField(
        label="Where the action is for",
        choices=NATIONS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Supporters elsewhere are told the action is not for where they live.",
        error_messages={"required": "Choose at least one nation"},
    )
    opens_at = forms.DateTimeField(
        label="Opens at (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to open it as soon as it is published.",
        error_messages={"invalid": "Enter the opening time as a date and time, like 2026-12-01 09:00"},
    )
    closes_at = forms.DateTimeField(
        label="Closes at (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to keep it open until you unpublish it.",
        error_messages={"invalid": "Enter the closing time as a date and time, like 2027-01-31 17:00"},
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "title_cy",
            "summary",
            "summary_cy",
            "kind",
            "target_office",
            "target_roles",
            "opens_at",
            "closes_at",
            "goal",
            "subject_template",
            "body_template",
            "subject_template_cy",
            "body_template_cy",
            "guidance",
            "guidance_cy",
            "phone_script",
            "phone_script_cy",
            "daily_cap_per_target",
        ]
        labels = {
            "title": "Title",
            "title_cy": "Title in Welsh (optional)",
            "summary": "Summary (optional)",
            "summary_cy": "Summary in Welsh (optional)",
            "subject_template": "Subject",
            "body_template": "Message",
            "subject_template_cy": "Subject in Welsh (optional)",
            "body_template_cy": "Message in Welsh (optional)",
            "guidance": "Guidance for supporters (optional)",
            "guidance_cy": "Guidance in Welsh (optional)",
            "phone_script": "Phone script",
            "phone_script_cy": "Phone script in Welsh (optional)",
            "daily_cap_per_target": "Most messages a day to one person (optional)",
            "goal": "Goal (optional)",
        }
        help_texts = {
            "goal": "How many times you want supporters to take this action.",
            "title": "Supporters see this, for example “Write to your MP”.",
            "body_template": "Supporters can change it before sending. Blank lines separate paragraphs.",
            "body_template_cy": "Welsh-speaking supporters get this. Left empty, they get the English.",
            "guidance": "Shown beside the form. Blank lines separate paragraphs.",
            "daily_cap_per_target": "Further messages wait for the next day. Leave empty for the site's usual limit.",
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "daily_cap_per_target": {"invalid": "Enter the most messages a day as a whole number, like 50"},
            "goal": {"invalid": "Enter the goal as a whole number, like 1000"},
        }
        widgets = {
            "goal": forms.NumberInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
            "daily_cap_per_target": forms.NumberInput(
                attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}
            ),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "summary_cy": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
            "guidance_cy": forms.Textarea(attrs={"rows": 4}),
            "phone_script": forms.Textarea(attrs={"rows": 6}),
            "phone_script_cy": forms.Textarea(attrs={"rows": 6}),
            "body_template": forms.Textarea(attrs={"rows": 10}),
            "body_template_cy": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.instance
        if action.pk is not None:
            self.initial.setdefault("who", FIXED if action.target_office_id else POSTCODE)
            self.initial.setdefault("nations", action.nations)
        else:
            self.initial.setdefault("nations", ["england", "wales"])
        offices = current_offices().select_related("person", "area")
        field = self.fields["target_office"]
        field.queryset = offices  # type: ignore[attr-defined]
        # The list shows national offices, the chosen one and any found by the search; any
        # current office is accepted.
        search = (self.data.get("office_search") or "").strip() if self.is_bound else ""
        shown = Q(area__isnull=True)
        chosen = self.data.get("target_office") if self.is_bound else action.target_office_id
        if chosen and str(chosen).isdigit():
            shown |= Q(pk=int(chosen))
        if search:
            shown |= Q(person__name__icontains=search) | Q(portfolio__icontains=search)
        listed = offices.filter(shown).order_by("area__name", "role", "person__name")[:SHOWN_OFFICES]
        field.widget.choices = [("", "Choose a person"), *((o.pk, office_label(o)) for o in listed)]
        self.offices_found = len(listed) if search else None

    def clean_subject_template(self) -> str:
        return _merge_checked(self.cleaned_data.get("subject_template", ""))

    def clean_body_template(self) -> str:
        return _merge_checked(self.cleaned_data.get("body_template", ""))

    def clean_subject_template_cy(self) -> str:
        return _merge_checked(self.cleaned_data.get("subject_template_cy", ""))

    def clean_body_template_cy(self) -> str:
        return _merge_checked(self.cleaned_data.get("body_template_cy", ""))

    def clean_phone_script(self) -> str:
        return _merge_checked(self.cleaned_data.get("phone_script", ""))

    def clean_phone_script_cy(self) -> str:
        return _merge_checked(self.cleaned_data.get("phone_script_cy", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        who, kind = data.get("who"), data.get("kind")
        if who == FIXED:
            data["target_roles"] = []
            if not data.get("target_office") and "target_office" not in self.errors:
                self.add_error("target_office", "Choose the person written to")
            if kind == ActionKind.EMAIL_POSTCODE:
                self.add_error(
                    "who", "An email to the people for a postcode finds them from the postcode: choose that"
                )
        elif who == POSTCODE:
            data["target_office"] = None
            if not data.get("target_roles"):
                self.add_error("target_roles", "Choose at least one role to write to")
            if kind == ActionKind.EMAIL_FIXED:
                self.add_error("who", "An email to a fixed person needs one: choose “A fixed person”")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time")
        nations = set(data.get("nations") or [])
        self.instance.covers_england = "england" in nations
        self.instance.covers_wales = "wales" in nations
        self.instance.covers_scotland = "scotland" in nations
        return data


class VariantForm(forms.ModelForm):  # type: ignore[type-arg]
    """Another wording of the message, so one inbox is not flooded with identical emails."""

    class Meta:
        model = ActionVariant
        fields = ["language", "subject_template", "body_template"]
        labels = {
            "language": "Language of this wording",
            "subject_template": "Subject of this wording",
            "body_template": "Message of this wording",
        }
        widgets = {
            "goal": forms.NumberInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
            "daily_cap_per_target": forms.NumberInput(
                attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}
            ),
            "body_template": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "subject_template": {"required": "Enter this wording's subject"},
            "body_template": {"required": "Enter this wording's message"},
        }

    def clean_subject_template(self) -> str:
        return _merge_checked(self.cleaned_data.get("subject_template", ""))

    def clean_body_template(self) -> str:
        return _merge_checked(self.cleaned_data.get("body_template", ""))


VariantFormSet = inlineformset_factory(
    Action, ActionVariant, form=VariantForm, extra=1, can_delete=True, max_num=10, validate_max=True
)


class PreviewForm(forms.Form):
    """Whom to preview the action as: a postcode, a language and (optionally) a name and address."""

    preview_postcode = forms.CharField(
        label="Postcode to preview for",
        help_text="A demo postcode or any real one.",
        max_length=12,
        error_messages={"required": "Enter a postcode to preview the action for"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    preview_language = forms.ChoiceField(
        label="Language to preview in",
        choices=[("en-gb", "English"), ("cy", "Welsh")],
        initial="en-gb",
        widget=forms.RadioSelect,
    )
    preview_council = forms.CharField(required=False, max_length=9, widget=forms.HiddenInput)
    preview_first_name = forms.CharField(label="First name (optional)", required=False, max_length=100)
    preview_last_name = forms.CharField(label="Last name (optional)", required=False, max_length=100)
    preview_address = forms.CharField(
        label="First line of address (optional)", required=False, max_length=200
    )
