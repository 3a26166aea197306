from datetime import timedelta

import pytest
from django.utils import timezone

from kinship.core import jobs
from kinship.core.models import DeadLetter, PeriodicJobRun
from kinship.core.scheduling import REGISTRY, periodic, run_due_jobs
from kinship.core.tests import sample_tasks

pytestmark = pytest.mark.django_db


def test_a_task_that_keeps_failing_is_retried_then_dead_lettered(settings):
    settings.KINSHIP_TASK_MAX_ATTEMPTS = 3
    sample_tasks.CALLS.clear()
    sample_tasks.always_fails.enqueue("abc")
    assert sample_tasks.CALLS == ["abc", "abc", "abc"]
    letter = DeadLetter.objects.get()
    assert letter.attempts == 3
    assert letter.error_type == "RuntimeError"
    assert letter.args == ["abc"]


def test_dead_letter_errors_are_scrubbed_of_email_addresses(settings):
    settings.KINSHIP_TASK_MAX_ATTEMPTS = 1
    sample_tasks.fails_with_email.enqueue()
    assert "someone@example.org" not in DeadLetter.objects.get().error_message
    assert "[email]" in DeadLetter.objects.get().error_message


def test_a_task_that_recovers_is_not_dead_lettered(settings):
    settings.KINSHIP_TASK_MAX_ATTEMPTS = 5
    sample_tasks.CALLS.clear()
    sample_tasks.fails_twice.enqueue("x")
    assert len(sample_tasks.CALLS) == 3
    assert DeadLetter.objects.count() == 0


def test_permanent_errors_skip_retries(settings):
    settings.KINSHIP_TASK_MAX_ATTEMPTS = 5
    sample_tasks.CALLS.clear()
    sample_tasks.permanent.enqueue()
    assert len(sample_tasks.CALLS) == 1
    assert DeadLetter.objects.get().attempts == 1


def test_backoff_grows_exponentially_and_is_capped():
    assert jobs.backoff_seconds(1, base=30, jitter=False) == 30
    assert jobs.backoff_seconds(2, base=30, jitter=False) == 60
    assert jobs.backoff_seconds(3, base=30, jitter=False) == 120
    assert jobs.backoff_seconds(30, base=30, jitter=False) == jobs.MAX_BACKOFF_SECONDS


def test_retries_are_deferred_on_a_backend_that_can_defer(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    from django_tasks_db.models import DBTaskResult

    from kinship.core.jobs import enqueue_retry

    enqueue_retry(sample_tasks.always_fails, ("later",), {}, 2)
    row = DBTaskResult.objects.get()
    assert row.run_after is not None and row.run_after > timezone.now() + timedelta(seconds=20)
    assert row.args_kwargs["kwargs"]["_attempt"] == 2


def test_dead_letters_can_be_retried_by_staff(settings):
    settings.KINSHIP_TASK_MAX_ATTEMPTS = 1
    sample_tasks.CALLS.clear()
    sample_tasks.always_fails.enqueue("again")
    letter = DeadLetter.objects.get()
    jobs.retry_dead_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.retried_at is not None
    assert sample_tasks.CALLS == ["again", "again"]


def test_periodic_jobs_run_once_per_interval():
    calls: list[int] = []
    periodic("test.counter", every=timedelta(minutes=10))(lambda: calls.append(1))
    try:
        now = timezone.now()
        run_due_jobs(now=now)
        run_due_jobs(now=now + timedelta(minutes=5))
        run_due_jobs(now=now + timedelta(minutes=11))
        assert len(calls) == 2
        assert PeriodicJobRun.objects.get(name="test.counter").last_error == ""
    finally:
        REGISTRY.pop("test.counter")


def test_a_failing_periodic_job_is_recorded_and_does_not_stop_others():
    ran: list[str] = []

    def boom() -> None:
        raise ValueError("broken for someone@example.org")

    periodic("test.boom", every=timedelta(minutes=1))(boom)
    periodic("test.fine", every=timedelta(minutes=1))(lambda: ran.append("fine"))
    try:
        run_due_jobs()
        assert ran == ["fine"]
        error = PeriodicJobRun.objects.get(name="test.boom").last_error
        assert "ValueError" in error and "someone@example.org" not in error
    finally:
        REGISTRY.pop("test.boom")
        REGISTRY.pop("test.fine")
