"""Composition: what a carer writes and what each recipient receives — the suggested texts,
merge fields, greeting, sign-off and address, and previews. Nothing here writes rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kinship.campaigns.models import Action, ActionKind
from kinship.messaging import conf
from kinship.messaging.merge import merge
from kinship.messaging.models import Submission
from kinship.messaging.services.errors import MessageTooLongError
from kinship.messaging.targets import Resolution, Target


@dataclass(frozen=True)
class SubmissionInput:
    """What a carer gave us on the form or through the API."""

    postcode: str
    first_name: str
    last_name: str
    email: str
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    subject: str = ""
    body: str = ""
    consent_contact: bool = False
    target_keys: list[str] | None = None  # None: everyone the action can reach
    council: str = ""  # the GSS code of the council the carer chose, when we could not tell


def clean_subject(subject: str) -> str:
    """A subject as it may go in an email header: one line, runs of spaces (and any CR or LF,
    which would break the header) made single spaces. Every way a subject comes in uses this."""
    return " ".join((subject or "").split())[:300]


def merge_values(*, target: Target | None, resolution: Resolution | None, sender_name: str) -> dict[str, str]:
    """The merge fields (`kinship.messaging.merge.MERGE_FIELDS`) for one recipient."""
    values = {"sender_name": sender_name}
    if resolution is not None:
        values["council"] = resolution.council_name
        values["constituency"] = resolution.constituency_name
    if target is not None:
        values["recipient_name"] = target.name
        values["recipient_role"] = target.role_label
    return values


def template_texts(*, action: Action, language: str, variant_seed: int = 0) -> tuple[str, str]:
    """The suggested subject and body, in the page language, picking one of the staff variants."""
    welsh = language.startswith("cy")
    options: list[tuple[str, str]] = []
    subject = (action.subject_template_cy if welsh else "") or action.subject_template
    body = (action.body_template_cy if welsh else "") or action.body_template
    options.append((subject, body))
    # An action not saved yet (a staff preview) has no variants yet.
    for variant in action.variants.all() if action.pk is not None else ():
        if variant.language.startswith("cy") == welsh:
            options.append((variant.subject_template, variant.body_template))
    return options[variant_seed % len(options)]


# Everyday words of each language (none that the other also uses, such as "a", "i", "am", "at"),
# to tell which one a carer wrote in.
_WELSH_WORDS = frozenset(
    [
        "ac",
        "ar",
        "bod",
        "bydd",
        "byddwn",
        "cael",
        "chi",
        "dros",
        "drwy",
        "ei",
        "eich",
        "ein",
        "fy",
        "gan",
        "gyda",
        "hefyd",
        "hyn",
        "mae",
        "mewn",
        "na",
        "nad",
        "ni",
        "nid",
        "os",
        "pan",
        "pob",
        "rwy",
        "rydw",
        "rydyn",
        "sy",
        "sydd",
        "teulu",
        "teuluoedd",
        "plant",
        "wedi",
        "y",
        "yn",
        "yr",
        "ydw",
        "ydy",
        "ond",
        "fel",
        "diolch",
        "gofalwr",
        "gofalwyr",
        "cyngor",
        "gwasanaethau",
        "gofal",
        "gymorth",
        "cymorth",
        "angen",
        "ysgrifennu",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "to",
        "of",
        "is",
        "in",
        "my",
        "for",
        "that",
        "we",
        "our",
        "you",
        "your",
        "please",
        "with",
        "have",
        "this",
        "are",
        "was",
        "be",
        "it",
        "as",
        "on",
        "would",
        "not",
        "me",
        "they",
        "their",
        "has",
        "had",
        "from",
        "will",
        "family",
        "families",
        "children",
        "care",
        "council",
        "support",
    ]
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_NOT_WORDS_RE = re.compile(r"\{\{.*?\}\}|\[[^\]]*\]")


def message_language(*, text: str, default: str) -> str:
    """The language a carer wrote `text` in: "cy" or "en-gb"; `default` (the page's language)
    when the words do not say. A message is composed wholly in it: greeting, sign-off, footer."""
    words = _WORD_RE.findall(_NOT_WORDS_RE.sub(" ", text).lower())
    welsh = sum(word in _WELSH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    if welsh == english:
        return "cy" if default.startswith("cy") else "en-gb"
    return "cy" if welsh > english else "en-gb"


def action_lacks_welsh_text(action: Action) -> bool:
    """The action's suggested words (message or phone script) exist only in English."""
    if action.kind == ActionKind.PHONE:
        return bool(action.phone_script) and not action.phone_script_cy
    if not (action.body_template or action.subject_template):
        return False
    welsh_variant = any(v.language.startswith("cy") for v in action.variants.all())
    return not (action.body_template_cy or welsh_variant)


def _salutation(target: Target) -> str:
    return _("Dear %(name)s,") % {"name": target.name}


def compose_body(*, text: str, target: Target, submission: Submission, letter: bool = False) -> str:
    """The full message for one recipient: greeting, the carer's words, sign-off and address,
    all in the language the carer wrote in (`message_language`), whatever the page's.

    The address goes in every email because MPs only act for their own constituents."""
    language = message_language(text=text, default=translation.get_language() or settings.LANGUAGE_CODE)
    with translation.override(language):
        greeting, closing = _salutation(target), _("Yours sincerely,")
    body = text.strip()
    if not re.match(r"^\s*(dear|annwyl)\b", body, re.IGNORECASE):
        body = f"{greeting}\n\n{body}"
    if letter:
        return f"{body}\n\n{closing}"
    address = "\n".join(submission.address_lines)
    return f"{body}\n\n{closing}\n\n{submission.sender_name}\n{address}\n"


def message_texts(
    *, subject: str, body: str, target: Target, resolution: Resolution, submission: Submission, letter: bool
) -> tuple[str, str]:
    """One recipient's subject and full body, merge fields filled in, as they will receive them."""
    values = merge_values(target=target, resolution=resolution, sender_name=submission.sender_name)
    text = compose_body(text=merge(body, values), target=target, submission=submission, letter=letter)
    return clean_subject(merge(subject, values)), text


def check_merged_length(
    *, body: str, targets: list[Target], resolution: Resolution | None, sender_name: str
) -> None:
    """Raise MessageTooLongError when, for any recipient, the carer's words are longer than
    `conf.MESSAGE_MAX_CHARS` once merge fields are filled in (before greeting and sign-off)."""
    for target in targets:
        values = merge_values(target=target, resolution=resolution, sender_name=sender_name)
        if len(merge(body, values)) > conf.MESSAGE_MAX_CHARS:
            raise MessageTooLongError(conf.MESSAGE_MAX_CHARS)


def message_preview(
    *, action: Action, resolution: Resolution, data: SubmissionInput, targets: list[Target]
) -> list[tuple[Target, str, str]]:
    """What each chosen recipient would receive (target, subject, body); nothing is stored."""
    sender = Submission(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        address_line1=data.address_line1.strip(),
        address_line2=data.address_line2.strip(),
        town=data.town.strip(),
        postcode=resolution.postcode,
    )
    letter = action.kind == ActionKind.LETTER
    return [
        (
            target,
            *message_texts(
                subject=data.subject,
                body=data.body,
                target=target,
                resolution=resolution,
                submission=sender,
                letter=letter,
            ),
        )
        for target in targets
    ]
