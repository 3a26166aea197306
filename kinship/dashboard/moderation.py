"""The moderation queue: held messages with the reason each was held and its text; approve, ask
for changes or reject (with a note the sender sees), one at a time or in bulk. Decisions are made
by kinship.messaging's `message_moderate`, which records who decided and when and tells the
sender. Staff-only English."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinship.dashboard.views import staff_required
from kinship.messaging.models import Message, Moderation
from kinship.messaging.selectors import messages_held, messages_moderated_recently
from kinship.messaging.services import message_moderate
from kinship.petitions.selectors import petitions_with_held_signatures

PERM = "messaging.moderate_message"
PETITIONS = "petitions.handle_signatures"
QUEUE_LIMIT = 200
NOTE_LIMIT = 2000
DECISIONS: dict[str, str] = {
    Moderation.APPROVED: "approved and queued to send",
    Moderation.EDIT_REQUESTED: "sent back to the sender with your request for changes",
    Moderation.REJECTED: "rejected; the sender has been told",
}


@staff_required(PERM)
def queue(request: HttpRequest) -> HttpResponse:
    held = list(messages_held()[:QUEUE_LIMIT])
    since = timezone.now() - dt.timedelta(days=30)
    return render(
        request,
        "dashboard/moderation_queue.html",
        {
            "held": held,
            "total": len(held) if len(held) < QUEUE_LIMIT else messages_held().count(),
            "decided": list(messages_moderated_recently(since=since)[:50]),
            "limit": QUEUE_LIMIT,
            "petitions": petitions_with_held_signatures() if request.user.has_perm(PETITIONS) else [],
        },
    )


def _chosen(request: HttpRequest) -> tuple[str, list[int], str]:
    """The decision, the messages it is for and the note: from one message's own buttons
    ("approved:12") or from the bulk form (ticked boxes, a decision and one note)."""
    one = request.POST.get("one", "")
    if one:
        decision, _, pk = one.partition(":")
        ids = [int(pk)] if pk.isdigit() else []
        return decision, ids, request.POST.get(f"note-{pk}", "").strip()[:NOTE_LIMIT]
    ids = [int(v) for v in request.POST.getlist("message") if v.isdigit()]
    return request.POST.get("decision", ""), ids, request.POST.get("note", "").strip()[:NOTE_LIMIT]


@require_POST
@staff_required(PERM)
def decide(request: HttpRequest) -> HttpResponse:
    decision, ids, note = _chosen(request)
    if decision not in DECISIONS:
        messages.error(request, "Choose approve, ask for changes or reject. Nothing was changed.")
    elif not ids:
        messages.error(request, "Tick at least one message. Nothing was changed.")
    elif decision != Moderation.APPROVED and not note:
        messages.error(
            request, "Write a note for the sender saying what to change or why. Nothing was changed."
        )
    else:
        done = 0
        by = request.user.get_username()
        started = timezone.now()
        for message in Message.objects.filter(pk__in=ids):
            # Each in its own transaction; one someone else decided first is left as it is.
            decided = message_moderate(message=message, decision=decision, staff_name=by, note=note)
            applied = decided.moderated_at is not None and decided.moderated_at >= started
            done += int(applied and decided.moderation == decision and decided.moderated_by == by[:150])
        skipped = len(ids) - done
        text = f"{done} message{'s' if done != 1 else ''} {DECISIONS[decision]}."
        if skipped > 0:
            text += f" {skipped} had already been decided by someone else and were left as they were."
        messages.success(request, text)
    return redirect("dashboard:moderation")
