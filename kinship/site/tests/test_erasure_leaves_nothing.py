"""Erasure, checked the way an auditor would: dump the whole database afterwards and look for the
person's address and name anywhere (issue 11, item 6). PostgreSQL: `pg_dump` of the test database;
SQLite: `iterdump`. Lives on the top floor because it drives every app that holds personal data."""

from __future__ import annotations

import os
import subprocess

import pytest
from django.db import connection

from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.core.outbox import drain_until_empty
from kinship.messaging import services as messaging
from kinship.messaging import tokens as messaging_tokens
from kinship.messaging.tests.conftest import mail, place  # noqa: F401 - fixtures
from kinship.messaging.tests.factories import submission_data
from kinship.representatives import services as representatives
from kinship.supporters import services as supporters
from kinship.supporters import tokens as supporter_tokens
from kinship.supporters.models import Supporter

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "Zephyrine.Quill@Example.org"
FIRST, LAST = "Zephyrine", "Quillfeather"
OWN_WORDS = "Ottoline wrote this about the councillor"


def database_dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["pg_dump", "--data-only", "-h", str(db["HOST"] or "127.0.0.1"), "-U", str(db["USER"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    return subprocess.run([*args, db["NAME"]], env=env, capture_output=True, text=True, check=True).stdout


def traces(dump: str) -> list[str]:
    """Which of the person's details appear in the dump, as text or hex-encoded bytes."""
    lowered = dump.lower()
    needles = [EMAIL.lower(), FIRST.lower(), LAST.lower(), OWN_WORDS.lower()]
    return [n for n in needles if n in lowered or n.encode().hex() in lowered]


def test_after_erasure_a_dump_of_the_database_holds_no_trace_of_the_person(place, mail):  # noqa: F811
    # Joins a campaign (consent, confirmation email with live links) ...
    signup = supporters.supporter_join(
        campaign=CampaignFactory(),
        data=supporters.JoinInput(f"{FIRST} {LAST}", EMAIL, "XX1 1AA", "yes", True),
        source_url="http://testserver/campaigns/x/join/",
        language="en-gb",
    )
    supporters.signup_confirm(token=supporter_tokens.make_token(signup.pk, salt=supporter_tokens.JOIN_SALT))
    # ... writes to their representatives (emails sent, with their name and address) ...
    sub = messaging.submission_create(
        action=ActionFactory(),
        data=submission_data(first_name=FIRST, last_name=LAST, email=EMAIL),
        language="en-gb",
    )
    messaging.submission_confirm(
        token=messaging_tokens.make_token(sub.pk, salt=messaging_tokens.CONFIRM_SALT)
    )
    messaging.my_actions_request(email=EMAIL, language="en-gb")
    # ... reports a mistake and leaves their address, and asks for their data.
    representatives.correction_report_create(office=place.mp, what_is_wrong=OWN_WORDS, reporter_email=EMAIL)
    supporters.data_access_request(email=EMAIL, language="en-gb")
    drain_until_empty()
    assert set(traces(database_dump())) == {EMAIL.lower(), FIRST.lower(), LAST.lower(), OWN_WORDS.lower()}

    supporters.supporter_erase(supporter=Supporter.objects.get(email=EMAIL.lower()))

    assert traces(database_dump()) == []
