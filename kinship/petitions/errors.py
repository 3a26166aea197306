"""Petitions' domain errors; views and the API turn them into kind messages."""

from __future__ import annotations

from kinship.geography.types import PostcodeResult


class PetitionError(Exception):
    """Base for petitions' errors."""


class PetitionClosedError(PetitionError):
    """The petition is not taking signatures (not open yet, or closed)."""


class PostcodeNotPlacedError(PetitionError):
    """The postcode could not be placed in a constituency or council."""

    def __init__(self, result: PostcodeResult) -> None:
        super().__init__(result.outcome.value)
        self.result = result


class LinkExpiredError(PetitionError):
    """A confirmation link is too old."""


class LinkInvalidError(PetitionError):
    """A link is broken, not ours, or its signature has gone."""
