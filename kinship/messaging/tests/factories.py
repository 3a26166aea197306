"""Test data for messaging: what a carer types. Model factories live with each model's app
(places in geography, people in representatives, campaigns and actions in campaigns)."""

from __future__ import annotations

from typing import Any

from kinship.messaging.services import SubmissionInput

BODY = (
    "I am raising my grandson after his parents could not look after him. We had no help from the council "
    "for eighteen months and nearly lost our home. An allowance would have made all the difference."
)


def submission_data(**overrides: Any) -> SubmissionInput:
    values: dict[str, Any] = {
        "postcode": "XX1 1AA",
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "Gwen.Jones@Example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
    }
    values.update(overrides)
    return SubmissionInput(**values)
