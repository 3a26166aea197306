"""Two managers assigning the same council at the same moment: one assessment, one kind error
(the partial unique constraint decides, not a read-then-write). PostgreSQL only."""

import threading

import pytest
from django.db import connection, connections

from kinship.scorecard import services
from kinship.scorecard.models import Assessment
from kinship.scorecard.tests.factories import assessor, council, load_criteria, manager

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_assignments_make_one_assessment():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) to run two real transactions at once")
    load_criteria()
    area = council()
    people = [(assessor("ann"), manager("meg")), (assessor("bob"), manager("max"))]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def assign(who, by):
        try:
            barrier.wait(timeout=10)
            services.assessment_assign(council=area, assessor=who, by=by)
            outcomes.append("assigned")
        except services.AlreadyInProgressError:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=assign, args=pair) for pair in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["already", "assigned"]
    assert Assessment.objects.filter(council=area).count() == 1
