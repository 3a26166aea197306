"""Plain-English words for each lookup outcome, shared by the page and the API."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinship.geography.types import PostcodeOutcome, PostcodeResult

OUTCOME_MESSAGES: dict[PostcodeOutcome, Promise] = {
    PostcodeOutcome.INVALID: _(
        "Enter a full UK postcode, like SW1A 1AA. It should have letters and numbers, for example "
        "2 letters, then a number, a space, a number and 2 letters."
    ),
    PostcodeOutcome.NOT_FOUND: _(
        "We could not find that postcode. Check it is typed correctly. If it is a new postcode it may "
        "not be in our list yet: you can choose your council from the list below."
    ),
    PostcodeOutcome.TERMINATED: _(
        "That postcode is no longer in use. Royal Mail sometimes changes postcodes: check a recent "
        "letter or bill for your current postcode."
    ),
    PostcodeOutcome.NORTHERN_IRELAND: _(
        "That is a Northern Ireland postcode. This campaign covers England and Wales, so we cannot "
        "suggest a council or people you can contact there."
    ),
    PostcodeOutcome.OUTSIDE_UK: _(
        "That postcode is in the Isle of Man or the Channel Islands, which are outside this campaign's area."
    ),
    PostcodeOutcome.SCOTLAND: _(
        "That is a Scottish postcode. You can still write to your MP, but children's services in "
        "Scotland work differently, so the council actions here do not apply."
    ),
    PostcodeOutcome.UNPLACED: _(
        "We know this postcode, but the official list does not say which council it belongs to. "
        "Please choose your council from the list."
    ),
}

# A Scottish postcode the postcode file lacks (known from its outward code): no constituency,
# so the usual "you can still write to your MP" would not be true.
SCOTLAND_NOT_LISTED: Promise = _(
    "That is a Scottish postcode, but it is not in our list yet, so we cannot find your MP from it. "
    "Check it is typed correctly. Children's services in Scotland work differently, so the council "
    "actions here do not apply."
)


def outcome_message(result: PostcodeResult) -> Promise:
    """The words for a lookup's outcome (`OUTCOME_MESSAGES`), told more exactly where the
    result itself says more."""
    if result.outcome == PostcodeOutcome.SCOTLAND and result.constituency is None:
        return SCOTLAND_NOT_LISTED
    return OUTCOME_MESSAGES[result.outcome]


# The one wording for text that is not a postcode, wherever a postcode is asked for.
INVALID_POSTCODE_MESSAGE: Any = OUTCOME_MESSAGES[PostcodeOutcome.INVALID]

ERRORS = frozenset(
    {
        PostcodeOutcome.INVALID,
        PostcodeOutcome.NOT_FOUND,
        PostcodeOutcome.TERMINATED,
        PostcodeOutcome.NORTHERN_IRELAND,
        PostcodeOutcome.OUTSIDE_UK,
    }
)
