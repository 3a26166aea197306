import pytest
from django.core.management import call_command

from kinship.core.models import DeadLetter
from kinship.core.tests import sample_tasks

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.mark.django_db(transaction=True)
def test_worker_command_runs_queued_tasks_from_the_database(settings):
    settings.TASKS = DB_TASKS
    sample_tasks.CALLS.clear()
    sample_tasks.fails_twice.enqueue("queued")
    assert sample_tasks.CALLS == []  # nothing runs until a worker picks it up
    settings.KINSHIP_TASK_BACKOFF_SECONDS = 0
    for _ in range(3):
        call_command("worker", "--batch", "--no-startup-delay", "--no-periodic", "--interval", "0")
    assert sample_tasks.CALLS == ["queued", "queued", "queued"]
    assert DeadLetter.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_worker_dead_letters_after_the_last_attempt(settings):
    settings.TASKS = DB_TASKS
    settings.KINSHIP_TASK_MAX_ATTEMPTS = 2
    settings.KINSHIP_TASK_BACKOFF_SECONDS = 0
    sample_tasks.CALLS.clear()
    sample_tasks.always_fails.enqueue("doomed")
    for _ in range(3):
        call_command("worker", "--batch", "--no-startup-delay", "--no-periodic", "--interval", "0")
    assert sample_tasks.CALLS == ["doomed", "doomed"]
    assert DeadLetter.objects.get().attempts == 2
