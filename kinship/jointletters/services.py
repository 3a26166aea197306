"""Children's letters and drawings (and joint letters): the writes and the rules."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.core import uploads
from kinship.core.privacy import canonical_email
from kinship.core.rights import DataSubject
from kinship.jointletters import conf
from kinship.jointletters.models import ChildDrawing
from kinship.messaging.attachments import Attachment
from kinship.messaging.models import Message, Submission, SubmissionStatus

logger = logging.getLogger(__name__)

UploadRefusedError = uploads.UploadRefusedError


class DrawingClosedError(Exception):
    """The message has already been confirmed (or has gone): nothing more can be attached."""


# ---------------------------------------------------------------- a child's letter or drawing


def drawing_add(*, submission: Submission, data: bytes) -> ChildDrawing:
    """Clean the file and keep it with the carer's unconfirmed message (replacing an earlier one).
    Raises UploadRefusedError (a kind message) or DrawingClosedError; on either, nothing is kept."""
    clean = uploads.clean_upload(data)
    name = uploads.private_save(clean.content, extension=clean.extension)
    try:
        with transaction.atomic():
            locked = Submission.objects.select_for_update().filter(pk=submission.pk).first()
            if (
                locked is None
                or locked.status != SubmissionStatus.AWAITING_CONFIRMATION
                or locked.erased_at is not None
            ):
                raise DrawingClosedError
            old = ChildDrawing.objects.filter(submission=locked).first()
            if old is not None:
                old_name = old.stored_name
                old.delete()
                transaction.on_commit(functools.partial(uploads.private_delete, old_name))
            drawing = ChildDrawing.objects.create(
                submission=locked, stored_name=name, mimetype=clean.mimetype, size=len(clean.content)
            )
    except BaseException:
        uploads.private_delete(name)
        raise
    logger.info(
        "child drawing added to submission %s (%s, %s bytes)", submission.pk, clean.mimetype, drawing.size
    )
    return drawing


def drawing_remove(*, submission: Submission) -> None:
    """The carer takes the file off their message (before it is confirmed)."""
    _drawings_delete(ChildDrawing.objects.filter(submission=submission))


def drawing_content(drawing: ChildDrawing) -> bytes | None:
    """The stored file, or None when it has gone."""
    try:
        return uploads.private_read(drawing.stored_name)
    except FileNotFoundError:
        return None


# Set on each message of a batch by `drawings_prefetch`: its drawing, or None if it has none.
_PREFETCHED = "_kinship_child_drawing"


def drawings_prefetch(messages: Sequence[Message]) -> None:
    """The drawings of a batch of messages about to be sent, in one query (registered with
    messaging's attachments), so the drain does not ask once per email."""
    found = {
        drawing.submission_id: drawing
        for drawing in ChildDrawing.objects.filter(submission_id__in={m.submission_id for m in messages})
    }
    for message in messages:
        setattr(message, _PREFETCHED, found.get(message.submission_id))


def drawing_attachments(message: Message) -> list[Attachment]:
    """The child's file for a carer's email (registered with messaging's attachments)."""
    if hasattr(message, _PREFETCHED):
        drawing = getattr(message, _PREFETCHED)
    else:
        drawing = ChildDrawing.objects.filter(submission_id=message.submission_id).first()
    if drawing is None:
        return []
    content = drawing_content(drawing)
    if content is None:
        return []
    return [Attachment(drawing.filename, content, drawing.mimetype)]


def drawing_notice() -> str:
    return _("Do not include the child's full name, school or anything else that could identify them.")


def _drawings_delete(drawings: Any) -> int:
    names = list(drawings.values_list("stored_name", flat=True))
    count, _rows = drawings.delete()
    for name in names:
        transaction.on_commit(functools.partial(uploads.private_delete, name))
    return len(names)


def drawings_expire(*, now: dt.datetime | None = None) -> int:
    """Retention: a file goes with its message's text, with the submission's erasure, when the
    message was never confirmed, and in any case a fixed time after it was added."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=conf.drawing_retention_days())
    gone = (
        Q(created_at__lte=cutoff)
        | Q(submission__erased_at__isnull=False)
        | Q(submission__status=SubmissionStatus.ABANDONED)
        | Q(submission__messages__body_deleted_at__isnull=False)
    )
    return _drawings_delete(ChildDrawing.objects.filter(gone).distinct())


def drawings_export(person: DataSubject) -> list[dict[str, str]]:
    """Data-protection export: which messages carried a child's file (the file itself is not copied)."""
    rows = ChildDrawing.objects.filter(submission__email_canonical=canonical_email(person.email))
    return [
        {"added_at": d.created_at.isoformat(), "kind": d.mimetype, "message": str(d.submission_id)}
        for d in rows.order_by("created_at")
    ]


def drawings_erase(person: DataSubject) -> None:
    """Data-protection erasure: every child's file sent with the person's messages is deleted."""
    _drawings_delete(ChildDrawing.objects.filter(submission__email_canonical=canonical_email(person.email)))
