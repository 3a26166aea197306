"""Counting under a burst (PostgreSQL only): 200 people sign and confirm at once from 20
connections, some pressing the button twice and some signing twice at the same moment, while
the periodic count runs. The total equals the confirmed rows, and so do the counts by area."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from kinship.core.counters import counter_value
from kinship.core.signing import make_token
from kinship.petitions import services, tokens
from kinship.petitions.models import AreaCount, AreaType, Signature, SignatureStatus
from kinship.petitions.tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 200
THREADS = 20
POSTCODES = ["XX1 1AA", "XX1 2AB", "XX2 1AA", "XX3 1AA"]


def _run(threads: int, work: Callable[[int], None]) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:  # noqa: BLE001 - asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(120)
    return errors


def test_200_concurrent_signatures_count_exactly(demo_places, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL): run with DATABASE_URL=postgres://...")
    settings.KINSHIP_RATE_SIGN_IP_HOLD = "100000/3600"
    petition = PetitionFactory()
    stop = threading.Event()

    def sign_and_confirm(worker: int) -> None:
        for i in range(worker, PEOPLE, THREADS):
            data = services.SignInput(
                name=f"Person {i}", email=f"person{i}@example.org", postcode=POSTCODES[i % len(POSTCODES)]
            )
            services.signature_create(petition=petition, data=data, ip=f"10.0.{worker}.1", language="en-gb")
            if i % 10 == 0:  # the same person again, at once: still one signature
                services.signature_create(petition=petition, data=data, ip="10.9.9.9", language="en-gb")
            if i % 7 == 0:
                continue  # never confirms: must not count
            pk = Signature.objects.get(petition=petition, email_canonical=f"person{i}@example.org").pk
            token = make_token(pk, salt=tokens.CONFIRM_SALT)
            services.signature_confirm(token=token)
            if i % 5 == 0:
                services.signature_confirm(token=token)  # a double press

    def counter_job() -> None:
        while not stop.is_set():
            services.petition_count(petition=petition)
        connections.close_all()

    counting = threading.Thread(target=counter_job)
    counting.start()
    try:
        errors = _run(THREADS, sign_and_confirm)
    finally:
        stop.set()
        counting.join(60)
    assert not errors, errors[:3]

    confirmed = Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED).count()
    assert Signature.objects.filter(petition=petition).count() == PEOPLE
    assert confirmed == PEOPLE - len(range(0, PEOPLE, 7))
    assert counter_value(key=petition.action.counter_key) == confirmed
    assert services.petition_count(petition=petition) == confirmed
    by_constituency = AreaCount.objects.filter(petition=petition, area_type=AreaType.CONSTITUENCY)
    assert sum(row.count for row in by_constituency) == confirmed


def test_the_same_person_signing_ten_times_at_once_is_one_signature(demo_places, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL): run with DATABASE_URL=postgres://...")
    petition = PetitionFactory()
    outcomes: list[str] = []
    data = services.SignInput(name="Ann Carer", email="ann@example.org", postcode="XX1 1AA")

    def sign(_n: int) -> None:
        outcomes.append(services.signature_create(petition=petition, data=data, ip="", language="en-gb"))

    assert not _run(10, sign)
    assert Signature.objects.filter(petition=petition).count() == 1
    assert sorted(outcomes).count(services.SignOutcome.NEW) == 1
