"""Background tasks: receive ids only, call a service, let the wrapper own retries."""

from __future__ import annotations

from kinship.core.jobs import reliable_task
from kinship.messaging import services

# The row's own attempt count (KINSHIP_MESSAGE_MAX_ATTEMPTS) is the real bound; this only
# keeps the wrapper from dead-lettering before the row decides it has failed.
TASK_ATTEMPT_CEILING = 100


@reliable_task(max_attempts=TASK_ATTEMPT_CEILING, queue_name="default")
def message_send(message_id: int) -> str:
    return services.message_deliver(message_id=message_id)
