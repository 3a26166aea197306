"""Fixtures for messaging: a fictional place with its postcodes and representatives (looked up
through the real geography lookup and representatives selector), and a real SMTP server on
loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from kinship.campaigns.tests.factories import ActionFactory
from kinship.geography import codes
from kinship.geography.models import Area, AreaType
from kinship.geography.services import postcode_lookup
from kinship.geography.tests.factories import AreaFactory, ConstituencyFactory, PostcodeFactory, WardFactory
from kinship.geography.types import PostcodeResult
from kinship.representatives.models import Office, Role
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory


def _office(name: str, **fields: Any) -> Office:
    fields.setdefault("postal_address", "House of Commons\nLondon\nSW1A 0AA")
    fields.setdefault("party", "")
    return OfficeFactory(person=PersonFactory(name=name), **fields)


@dataclass
class Place:
    england: Area
    county: Area
    constituency: Area
    ward: Area
    wales: Area
    welsh_council: Area
    mp: Office
    lead_member: Office
    leader: Office
    ward_councillor: Office
    welsh_lead_member: Office
    results: dict[str, PostcodeResult] = field(default_factory=dict)


# postcode: (country, county, district, ward, constituency) as ONSPD gives them.
PLACE_POSTCODES = {
    "XX1 1AA": (codes.ENGLAND, "E10900001", None, "E05900001", "E14900001"),
    "XX3 1AA": (codes.WALES, None, "W06900001", None, None),
    "XY1 1AA": (codes.SCOTLAND, None, None, None, None),
    "XZ1 1AA": (codes.NORTHERN_IRELAND, None, None, None, None),
}


@pytest.fixture
def place(db) -> Place:  # type: ignore[no-untyped-def]
    england = AreaFactory(code=codes.ENGLAND, name="England", official_name="", type=AreaType.COUNTRY)
    wales = AreaFactory(code=codes.WALES, name="Wales", official_name="", type=AreaType.COUNTRY)
    county = AreaFactory(
        code="E10900001",
        name="Demoshire",
        official_name="Demoshire County Council",
        type=AreaType.COUNTY,
        parent=england,
    )
    constituency = ConstituencyFactory(code="E14900001", name="Fictionham and Maple", parent=england)
    ward = WardFactory(code="E05900001", name="Maple", parent=county)
    welsh = AreaFactory(
        code="W06900001",
        name="Example Vale",
        official_name="Cyngor Bro Enghraifft",
        type=AreaType.WELSH_PRINCIPAL,
        parent=wales,
    )
    for postcode, (country, county_code, district, ward_code, constituency_code) in PLACE_POSTCODES.items():
        PostcodeFactory(
            postcode=postcode,
            country=country,
            county=county_code,
            district=district,
            ward=ward_code,
            constituency=constituency_code,
        )
    p = Place(
        england=england,
        county=county,
        constituency=constituency,
        ward=ward,
        wales=wales,
        welsh_council=welsh,
        mp=_office(
            "Alex Member MP",
            role=Role.MP,
            area=constituency,
            email="mp@parliament.example.org",
        ),
        lead_member=_office(
            "Cllr Sam Lead",
            role=Role.LEAD_MEMBER_CHILDREN,
            area=county,
            email="lead.member@demoshire.example.org",
            postal_address="County Hall\nDemo Street\nFictionham\nXX1 9ZZ",
        ),
        leader=_office(
            "Cllr Pat Leader",
            role=Role.LEADER,
            area=county,
            email="leader@demoshire.example.org",
            phone="01234 567890",
        ),
        ward_councillor=_office(
            "Cllr Noemail Ward",
            role=Role.WARD_COUNCILLOR,
            area=ward,
            email="",
            accepts_email=False,
            phone="01234 000111",
        ),
        welsh_lead_member=_office(
            "Cynghorydd Dŵr Ŷr",
            role=Role.LEAD_MEMBER_CHILDREN,
            area=welsh,
            email="aelod@enghraifft.example.org",
            postal_address="Swyddfa'r Cyngor\nHeol y Bŵer\nTre Ŵyn\nXX3 9ZZ",
        ),
    )
    p.results = {postcode: postcode_lookup(postcode) for postcode in PLACE_POSTCODES}
    return p


@pytest.fixture
def action(place):  # type: ignore[no-untyped-def]
    return ActionFactory()


@pytest.fixture
def mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_MAIL_MODE = "capture"
    from kinship.core.models import CapturedEmail

    return CapturedEmail.objects


# ------------------------------------------------------------ a real SMTP server on loopback


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """Collects what the SMTP server received. `reject_rcpt` makes RCPT answer 550 for an address."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.reject_rcpt: dict[str, str] = {}
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.reject_rcpt:
            return self.reject_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        msg = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(msg)  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, predicate: Any, timeout: float = 15.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.05)
        return False


class SmtpServer:
    def __init__(self, inbox: Inbox, port: int) -> None:
        self.inbox = inbox
        self.port = port
        self.controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:  # type: ignore[no-untyped-def]
    """aiosmtpd on 127.0.0.1 with the platform's backend in live mode pointed at it."""
    server = SmtpServer(Inbox(), free_port())
    server.start()
    settings.KINSHIP_MAIL_MODE = "live"
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_LIVE_EMAIL_BACKEND = "kinship.core.mail.SMTPEmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def db_tasks(settings):  # type: ignore[no-untyped-def]
    """Use the database task backend (as in production) instead of running tasks at once.
    django-tasks resets its backends when the TASKS setting changes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    settings.KINSHIP_TASK_BACKOFF_SECONDS = 1
    return settings


def run_worker(*, batch: bool = True, worker_id: str = "test-worker") -> None:
    """Do what `manage.py worker` does, in this thread, until nothing is ready: drain the
    outboxes (service emails and messages, in batches), run queued tasks, drain again."""
    from django_tasks_db.management.commands.db_worker import Worker

    from kinship.core.outbox import drain_until_empty

    drain_until_empty()
    Worker(
        queue_names=["default"],
        interval=0.05,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
    drain_until_empty()


def submit_and_confirm(action: Any, n: int = 1) -> list[Any]:
    """`n` carers each submit and confirm a message on `action` (distinct addresses and texts)."""
    from kinship.messaging import services, tokens
    from kinship.messaging.tests.factories import BODY, submission_data

    subs = []
    for i in range(n):
        sub = services.submission_create(
            action=action,
            data=submission_data(email=f"carer{i}@example.com", body=f"{BODY} ({i})"),
            language="en-gb",
        )
        services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
        subs.append(sub)
    return subs
