"""Tasks used by the job-wrapper tests (module level, as django-tasks requires)."""

from kinship.core.jobs import PermanentTaskError, reliable_task

CALLS: list[str] = []


@reliable_task()
def always_fails(value: str) -> None:
    CALLS.append(value)
    raise RuntimeError("always")


@reliable_task()
def fails_with_email() -> None:
    raise RuntimeError("550 rejected someone@example.org")


@reliable_task()
def fails_twice(value: str) -> None:
    CALLS.append(value)
    if len(CALLS) < 3:
        raise ConnectionError("not yet")


@reliable_task()
def permanent() -> None:
    CALLS.append("p")
    raise PermanentTaskError("no point retrying")
