"""Links: the signed links in messaging's emails (making them, and reading them back into the
row they are for), and which page takes an action."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from kinship.campaigns.models import Action, ActionKind
from kinship.core.signing import link_errors, token_path
from kinship.messaging import tokens
from kinship.messaging.models import Message, Submission, SubmissionStatus
from kinship.messaging.services.errors import LinkExpiredError, LinkInvalidError


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# Action kinds taken on an upper floor's page (petitions), by URL name: registered in that app's
# AppConfig.ready(), since messaging cannot import the apps above it.
_TAKE_PAGES: dict[str, str] = {}


def take_page_register(*, kind: str, url_name: str) -> None:
    """Say that actions of `kind` are taken on the page `url_name` (with a `slug` argument)."""
    _TAKE_PAGES[kind] = url_name


def action_take_url(action: Action, *, postcode: str = "", council: str = "") -> str:
    """The page where someone takes `action`: a registered page for its kind (a petition), the
    call page for a phone action, else the writing page; with `postcode`, straight to the
    people for it, and with `council` (a GSS code), for the council the carer chose."""
    name = _TAKE_PAGES.get(action.kind) or (
        "messaging:action_call" if action.kind == ActionKind.PHONE else "messaging:action_write"
    )
    path = reverse(name, kwargs={"slug": action.slug})
    if not postcode:
        return path
    query = f"postcode={quote(postcode, safe='')}"
    if council:
        query += f"&council={quote(council, safe='')}"
    return f"{path}?{query}"


def my_actions_url(submission: Submission) -> str:
    """The carer's private page of everything they sent. The link carries a signed submission
    id, never their address: URLs end up in access logs, proxies and browser history (and an
    address may hold characters, such as "/", that a URL path cannot)."""
    token = tokens.make_token(submission.pk, salt=tokens.MY_ACTIONS_SALT)
    return _absolute(reverse("messaging:my_actions", kwargs={"token": token}))


def confirm_url(submission: Submission) -> str:
    token = tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)
    return _absolute(token_path("messaging:confirm", token=token))


def check_email_path(submission: Submission) -> str:
    """The "check your email" page for this submission: the address used (masked) and a resend button."""
    token = tokens.make_token(submission.pk, salt=tokens.CHECK_EMAIL_SALT)
    return token_path("messaging:check_email_sent", token=token, slug=submission.action.slug)


def letter_ready_path(submission: Submission) -> str:
    """The page with a submission's letters to print (shown straight after writing them)."""
    token = tokens.make_token(submission.pk, salt=tokens.LETTER_READY_SALT)
    return reverse("messaging:letter_ready", kwargs={"token": token})


def letter_url(message: Message) -> str:
    token = tokens.make_token(message.pk, salt=tokens.LETTER_SALT)
    return reverse("messaging:letter_pdf", kwargs={"token": token})


def letter_posted_url(message: Message) -> str:
    """Where the carer tells us they posted a letter (a POST)."""
    token = tokens.make_token(message.pk, salt=tokens.LETTER_SALT)
    return reverse("messaging:letter_posted", kwargs={"token": token})


def letter_url_absolute(message: Message) -> str:
    return _absolute(letter_url(message))


def reply_url(message: Message) -> str:
    token = tokens.make_token(message.pk, salt=tokens.REPLY_SALT)
    return _absolute(reverse("messaging:reply", kwargs={"token": token}))


def bounce_token(message: Message) -> str:
    """An unguessable token for a message, sent to the mail provider in its metadata: a bounce
    that names it can only be about this message (ids are sequential, so never trusted alone)."""
    return tokens.make_token(message.pk, salt=tokens.BOUNCE_SALT)


def action_url_absolute(action: Action) -> str:
    return _absolute(reverse("messaging:action_detail", kwargs={"slug": action.slug}))


# ---------------------------------------------------------------- reading links back


def submission_from_token(token: str, *, for_update: bool = False) -> Submission:
    """The submission a confirmation link is for (locked when `for_update`); raises
    LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.CONFIRM_SALT, max_age=tokens.confirm_max_age())
    query = Submission.objects.select_related("action", "action__campaign")
    if for_update:
        query = query.select_for_update(of=("self",))
    submission = query.filter(pk=pk).first()
    if submission is None or submission.erased_at or submission.status == SubmissionStatus.ABANDONED:
        raise LinkInvalidError
    return submission


def submission_from_letter_ready_token(token: str) -> Submission:
    """The submission a "your letter is ready" link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.LETTER_READY_SALT, max_age=tokens.letter_max_age())
    submission = (
        Submission.objects.select_related("action", "action__campaign")
        .filter(pk=pk, erased_at__isnull=True)
        .first()
    )
    if submission is None:
        raise LinkInvalidError
    return submission


def message_from_letter_token(token: str) -> Message:
    """The letter a download link is for, while its text is kept; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.LETTER_SALT, max_age=tokens.letter_max_age())
    message = (
        Message.objects.select_related("submission").filter(pk=pk, submission__erased_at__isnull=True).first()
    )
    if message is None or not message.body:
        raise LinkInvalidError
    return message


def message_from_reply_token(token: str) -> Message:
    """The message a "Did you get a reply?" link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.REPLY_SALT, max_age=tokens.letter_max_age())
    message = Message.objects.select_related("submission", "action").filter(pk=pk).first()
    if message is None or message.submission.erased_at:
        raise LinkInvalidError
    return message


def message_id_from_bounce_token(token: str) -> int | None:
    """The message a bounce's token names, or None when it is not one of ours."""
    try:
        return tokens.read_int_token(token, salt=tokens.BOUNCE_SALT, max_age=None)
    except tokens.InvalidTokenError:
        return None


def email_from_my_actions_token(token: str) -> str:
    """The address (canonical form) a "my actions" link is for, found through the submission it
    names; raises LinkExpiredError or LinkInvalidError (also once that submission is erased)."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.MY_ACTIONS_SALT, max_age=tokens.my_actions_max_age())
    email = (
        Submission.objects.filter(pk=pk, erased_at__isnull=True)
        .values_list("email_canonical", flat=True)
        .first()
    )
    if not email:
        raise LinkInvalidError
    return email


def submission_from_check_email_token(token: str) -> Submission:
    """The submission a "check your email" page is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.CHECK_EMAIL_SALT, max_age=tokens.check_email_max_age())
    submission = (
        Submission.objects.select_related("action", "action__campaign")
        .filter(pk=pk, erased_at__isnull=True)
        .first()
    )
    if submission is None:
        raise LinkInvalidError
    return submission
