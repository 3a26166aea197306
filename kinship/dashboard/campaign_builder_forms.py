"""The campaign builder's forms: a campaign, its asks, facts (each with its source), news and
commitments, its schedule and how it ended. Plain-English labels, hints and errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from kinship.campaigns.models import Ask, Campaign, Commitment, Fact, NewsItem

DATE_TIME_HINT = "For example, 2026-12-01 09:00 (UK time)"


def _plain(form: forms.BaseForm) -> None:
    """Short, kind messages for required fields, and no Django wording."""
    for name, field in form.fields.items():
        field.error_messages["required"] = f"Enter {_label_for_message(field.label or name)}"


def _https_links(field: models.Field, **kwargs: Any) -> forms.Field | None:  # type: ignore[type-arg]
    """Links typed without a scheme are read as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _label_for_message(label: Any) -> str:
    text = str(label)
    return text[0].lower() + text[1:] if text and not text[:2].isupper() else text


class CampaignForm(forms.ModelForm):  # type: ignore[type-arg]
    """A campaign's words and counts, in four groups: names, words, Welsh, counts."""

    GROUPS = (
        ("What it is called", ["title", "slug", "hashtag"]),
        ("What visitors read", ["summary", "story"]),
        ("In Welsh", ["title_cy", "summary_cy", "story_cy"]),
        ("Counts", ["supporter_goal", "count_threshold"]),
    )

    class Meta:
        model = Campaign
        formfield_callback = _https_links
        fields = [
            "title",
            "slug",
            "hashtag",
            "summary",
            "story",
            "title_cy",
            "summary_cy",
            "story_cy",
            "supporter_goal",
            "count_threshold",
        ]
        labels = {
            "title": "Title",
            "slug": "Web address",
            "hashtag": "Hashtag (optional)",
            "summary": "Summary",
            "story": "The story",
            "title_cy": "Title in Welsh (optional)",
            "summary_cy": "Summary in Welsh (optional)",
            "story_cy": "The story in Welsh (optional)",
            "supporter_goal": "Supporter goal (optional)",
            "count_threshold": "Show counts from",
        }
        help_texts = {
            "title": "Short and clear, like “Equal pay for kinship carers”",
            "slug": "The end of the campaign's web address: lower-case letters, numbers and hyphens. "
            "Leave it empty and we make one from the title.",
            "hashtag": "Without the #, for example KinshipCare",
            "summary": "One or two sentences shown on lists and when the page is shared",
            "story": "Why this campaign matters. Leave a blank line between paragraphs.",
            "title_cy": "Welsh visitors see the English if this is empty",
            "summary_cy": "",
            "story_cy": "",
            "supporter_goal": "We show a progress bar towards this many supporters",
            "count_threshold": "Counts of supporters are shown only from this number, so a new campaign "
            "never says “0 people”",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "summary_cy": forms.Textarea(attrs={"rows": 3}),
            "supporter_goal": forms.NumberInput(
                attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}
            ),
            "count_threshold": forms.NumberInput(
                attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if not self.instance.pk:  # suggested as the title is typed (slug-suggest.js), if JavaScript runs
            self.fields["slug"].widget.attrs["data-slug-from"] = self["title"].auto_id
        self.fields["hashtag"].widget.attrs["class"] = "govuk-input--width-20"
        _plain(self)
        self.fields["slug"].error_messages["invalid"] = (
            "Use only lower-case letters, numbers and hyphens in the web address"
        )
        self.fields["slug"].error_messages["unique"] = "Another campaign already uses that web address"
        self.fields["count_threshold"].error_messages["min_value"] = "Enter a number of 1 or more"
        self.fields["supporter_goal"].error_messages["invalid"] = "Enter the goal as a whole number"

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_hashtag(self) -> str:
        return str(self.cleaned_data.get("hashtag", "")).strip().lstrip("#")

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data.get("slug") or "").strip().lower()
        if not slug or (not self.instance.pk and slug == self._title_slug()):
            slug = self._suggested_slug()  # ours to make unique, typed or filled in as they typed
        if slug and Campaign.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another campaign already uses that web address: choose another")
        return slug

    def _title_slug(self) -> str:
        return slugify(self.data.get(self.add_prefix("title"), ""))[:45].strip("-")

    def _suggested_slug(self) -> str:
        """From the title, made unique with -2, -3… (empty when there is no title yet)."""
        base = self._title_slug()
        if not base:
            return ""
        slug, n = base, 1
        while Campaign.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def clean_count_threshold(self) -> int:
        value = self.cleaned_data.get("count_threshold")
        if value is None or value < 1:
            raise forms.ValidationError("Enter a number of 1 or more")
        return int(value)


class AskForm(forms.ModelForm):  # type: ignore[type-arg]
    GROUPS = (("The ask", ["title", "explanation"]), ("In Welsh", ["title_cy", "explanation_cy"]))

    class Meta:
        model = Ask
        formfield_callback = _https_links
        fields = ["title", "explanation", "title_cy", "explanation_cy"]
        labels = {
            "title": "What we ask for",
            "explanation": "Why it matters",
            "title_cy": "What we ask for, in Welsh (optional)",
            "explanation_cy": "Why it matters, in Welsh (optional)",
        }
        help_texts = {"title": "For example, “A weekly allowance for every kinship carer”"}
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "explanation_cy": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self)


class FactForm(forms.ModelForm):  # type: ignore[type-arg]
    GROUPS = (
        ("The fact", ["figure", "text"]),
        ("Where it comes from", ["source_name", "source_url"]),
        ("In Welsh", ["figure_cy", "text_cy"]),
    )

    class Meta:
        model = Fact
        formfield_callback = _https_links
        fields = ["figure", "text", "source_name", "source_url", "figure_cy", "text_cy"]
        labels = {
            "figure": "The figure",
            "text": "What it counts",
            "source_name": "Source",
            "source_url": "Link to the source (optional)",
            "figure_cy": "The figure, in Welsh (optional)",
            "text_cy": "What it counts, in Welsh (optional)",
        }
        help_texts = {
            "figure": "As it is shown, for example 141,000 or 8 in 10",
            "text": "For example, “children are raised by kinship carers in England and Wales”",
            "source_name": "Who published the figure, for example ONS Census 2021. Every fact needs one.",
            "source_url": "Starting https://",
        }
        widgets = {"figure": forms.TextInput(attrs={"class": "govuk-input--width-10"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self)
        self.fields["source_name"].error_messages["required"] = (
            "Enter where the figure comes from: every fact needs its source"
        )
        self.fields["source_url"].error_messages["invalid"] = "Enter the link in full, starting https://"


class NewsItemForm(forms.ModelForm):  # type: ignore[type-arg]
    GROUPS = (
        ("The news", ["title", "body", "published_on", "source_url", "is_published"]),
        ("In Welsh", ["title_cy", "body_cy"]),
    )

    class Meta:
        model = NewsItem
        formfield_callback = _https_links
        fields = ["title", "body", "published_on", "source_url", "is_published", "title_cy", "body_cy"]
        labels = {
            "title": "Headline",
            "body": "The news",
            "published_on": "Date",
            "source_url": "Link for more (optional)",
            "is_published": "Show it on the campaign page",
            "title_cy": "Headline in Welsh (optional)",
            "body_cy": "The news in Welsh (optional)",
        }
        help_texts = {
            "published_on": "For example, 2026-11-30",
            "is_published": "Leave unticked to keep it as a draft that only staff see",
        }
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
            "body": forms.Textarea(attrs={"rows": 5}),
            "body_cy": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self)
        self.fields["published_on"].error_messages["invalid"] = "Enter the date like 2026-11-30"
        self.fields["source_url"].error_messages["invalid"] = "Enter the link in full, starting https://"
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("published_on", timezone.localdate())
            self.initial.setdefault("is_published", False)


class CommitmentForm(forms.ModelForm):  # type: ignore[type-arg]
    GROUPS = (
        ("The promise", ["what", "who", "made_on", "source_url"]),
        ("Where it stands", ["status", "status_note", "status_changed_on"]),
        ("In Welsh", ["what_cy", "who_cy", "status_note_cy"]),
    )

    class Meta:
        model = Commitment
        formfield_callback = _https_links
        fields = [
            "what",
            "who",
            "made_on",
            "source_url",
            "status",
            "status_note",
            "status_changed_on",
            "what_cy",
            "who_cy",
            "status_note_cy",
        ]
        labels = {
            "what": "What was promised",
            "who": "Who promised it",
            "made_on": "When it was promised",
            "source_url": "Link to the promise",
            "status": "Where it stands",
            "status_note": "What has happened (optional)",
            "status_changed_on": "When that changed (optional)",
            "what_cy": "What was promised, in Welsh (optional)",
            "who_cy": "Who promised it, in Welsh (optional)",
            "status_note_cy": "What has happened, in Welsh (optional)",
        }
        help_texts = {
            "who": "For example, Department for Education",
            "made_on": "For example, 2026-11-30",
            "source_url": "Where the promise was published, starting https://",
            "status_changed_on": "For example, 2026-11-30",
        }
        widgets = {
            "made_on": forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
            "status_changed_on": forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
            "status": forms.RadioSelect,
            "status_note": forms.Textarea(attrs={"rows": 3}),
            "status_note_cy": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self)
        for name in ("made_on", "status_changed_on"):
            self.fields[name].error_messages["invalid"] = "Enter the date like 2026-11-30"
        self.fields["source_url"].error_messages["invalid"] = "Enter the link in full, starting https://"
        self.fields["source_url"].error_messages["required"] = (
            "Enter the link to where the promise was published"
        )


ITEM_FORMS: dict[str, type[forms.ModelForm]] = {  # type: ignore[type-arg]
    "ask": AskForm,
    "fact": FactForm,
    "news": NewsItemForm,
    "commitment": CommitmentForm,
}
ITEM_NAMES = {"ask": "ask", "fact": "fact", "news": "news item", "commitment": "commitment"}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


def _date_time_field(label: str, hint: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=hint,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
        widget=DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"class": "govuk-input--width-20"}),
        error_messages={"invalid": "Enter a date and time, like 2026-12-01 09:00"},
    )


class ScheduleForm(forms.Form):
    """When a draft goes live and when the campaign closes (empty = not scheduled)."""

    launch_at = _date_time_field("Launch on", f"{DATE_TIME_HINT}. Leave empty to launch by hand.")
    close_at = _date_time_field("Close on", f"{DATE_TIME_HINT}. Leave empty to keep it open.")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if campaign.status != "draft":
            del self.fields["launch_at"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        now = timezone.now()
        launch, close = data.get("launch_at"), data.get("close_at")
        if launch and launch <= now:
            self.add_error("launch_at", "The launch must be in the future. To launch now, use “Launch now”.")
        if close and close <= now:
            self.add_error("close_at", "The close must be in the future. To close now, use “Close now”.")
        elif close and launch and close <= launch:
            self.add_error("close_at", "The close must be after the launch")
        return data


class EndForm(forms.Form):
    """How a live campaign ended: closed, or won, with words visitors will read."""

    how = forms.ChoiceField(
        label="How did it end?",
        choices=[("closed", "We are closing it"), ("won", "We won")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you are closing it or it was won"},
    )
    outcome = forms.CharField(
        label="What happened",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two for the campaign page, for example “The government agreed to pay "
        "kinship carers an allowance.” Needed if we won.",
    )
    outcome_cy = forms.CharField(
        label="What happened, in Welsh (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == "won" and not str(data.get("outcome", "")).strip():
            self.add_error("outcome", "Say what was won, in a sentence or two: visitors will read it")
        return data
