"""Our small wrapper round the Django tasks API: bounded retries with backoff, then a dead letter.

A task decorated with `@reliable_task()` is an ordinary django-tasks Task. When its function
raises, the wrapper re-enqueues it with an exponentially growing delay (when the backend can
defer) until `max_attempts` is reached, then records a DeadLetter row for staff. Raising
`PermanentTaskError` skips the retries: the failure goes straight to the dead-letter table.
Tasks must therefore be idempotent: they load rows by id and check state before acting.
"""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from kinship.core.privacy import scrub

logger = logging.getLogger("kinship.jobs")

ATTEMPT_KWARG = "_attempt"
MAX_BACKOFF_SECONDS = 3600


class PermanentTaskError(Exception):
    """Raised by a task when retrying cannot help."""


def backoff_seconds(attempt: int, *, base: int | None = None, jitter: bool = True) -> float:
    """Delay before attempt `attempt + 1`: base × 2^(attempt-1), capped, with up to 10% jitter."""
    base = settings.KINSHIP_TASK_BACKOFF_SECONDS if base is None else base
    delay = min(base * (2 ** (attempt - 1)), MAX_BACKOFF_SECONDS)
    if jitter:
        delay += random.uniform(0, delay * 0.1)
    return float(delay)


def _record_dead_letter(path: str, args: tuple, kwargs: dict, attempts: int, exc: BaseException) -> None:
    from kinship.core.models import DeadLetter

    DeadLetter.objects.create(
        task_path=path,
        args=list(args),
        kwargs=kwargs,
        attempts=attempts,
        error_type=type(exc).__name__,
        error_message=scrub(str(exc)),
    )
    logger.error("task %s dead-lettered after %s attempts: %s", path, attempts, type(exc).__name__)


def reliable_task(
    *, max_attempts: int | None = None, queue_name: str = "default", priority: int = 0
) -> Callable[[Callable[..., Any]], Any]:
    """Decorate a module-level function as a task with bounded, backed-off retries."""

    def decorator(func: Callable[..., Any]) -> Any:
        @functools.wraps(func)
        def runner(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            limit = max_attempts or settings.KINSHIP_TASK_MAX_ATTEMPTS
            path = f"{func.__module__}.{func.__qualname__}"
            try:
                return func(*args, **kwargs)
            except PermanentTaskError as exc:
                _record_dead_letter(path, args, kwargs, attempt, exc)
                return None
            except Exception as exc:
                if attempt >= limit:
                    _record_dead_letter(path, args, kwargs, attempt, exc)
                    return None
                logger.warning("task %s attempt %s failed (%s); retrying", path, attempt, type(exc).__name__)
                enqueue_retry(wrapped, args, kwargs, attempt + 1)
                return None

        wrapped = task(queue_name=queue_name, priority=priority)(runner)
        return wrapped

    return decorator


def enqueue_retry(task_obj: Any, args: tuple, kwargs: dict, attempt: int) -> None:
    """Enqueue the next attempt, deferred by the backoff when the backend supports it."""
    backend = task_obj.get_backend()
    kwargs = {**kwargs, ATTEMPT_KWARG: attempt}
    if getattr(backend, "supports_defer", False):
        run_after = timezone.now() + timedelta(seconds=backoff_seconds(attempt - 1))
        task_obj.using(run_after=run_after).enqueue(*args, **kwargs)
    else:
        task_obj.enqueue(*args, **kwargs)


def retry_dead_letter(dead_letter_id: int) -> None:
    """Put a dead-lettered task back on the queue for a fresh set of attempts (staff action)."""
    from django.utils.module_loading import import_string

    from kinship.core.models import DeadLetter

    letter = DeadLetter.objects.get(pk=dead_letter_id)
    task_obj = import_string(letter.task_path)
    task_obj.enqueue(*letter.args, **letter.kwargs)
    letter.retried_at = timezone.now()
    letter.save(update_fields=["retried_at"])
