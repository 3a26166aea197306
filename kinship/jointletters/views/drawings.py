"""A child's letter or drawing: added after writing, from the "Check your email" page, shown
only to the sender (a signed, short-lived, no-store link)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kinship.core import uploads
from kinship.core.ratelimit import rate_limit_exceeded
from kinship.core.signing import link_errors, make_token, read_int_token
from kinship.jointletters import conf, services, tokens
from kinship.jointletters.models import ChildDrawing
from kinship.messaging import services as messaging_services
from kinship.messaging.models import SubmissionStatus


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, messaging_services.LinkExpiredError):
        return render(request, "messaging/link_expired.html", status=410)
    return render(request, "messaging/link_invalid.html", status=404)


def _read_upload(request: HttpRequest) -> bytes:
    upload = request.FILES.get("drawing")
    if upload is None:
        raise uploads.UploadRefusedError(_("Choose a photo or scan to add."))
    if upload.size is not None and upload.size > uploads.MAX_BYTES:
        raise uploads.UploadRefusedError(
            _("The file is bigger than 10 MB. Please take a smaller photo or scan, then try again.")
        )
    return upload.read(uploads.MAX_BYTES + 1)


@never_cache
@require_http_methods(["GET", "POST"])
def drawing_upload(request: HttpRequest, token: str) -> HttpResponse:
    """The upload page for one unconfirmed message (the "Check your email" page's token)."""
    try:
        submission = messaging_services.submission_from_check_email_token(token)
    except (messaging_services.LinkExpiredError, messaging_services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    is_open = submission.status == SubmissionStatus.AWAITING_CONFIRMATION
    problem, status = "", 200
    if request.method == "POST" and is_open:
        if request.POST.get("remove"):
            services.drawing_remove(submission=submission)
            return redirect("jointletters:drawing_upload", token=token)
        if rate_limit_exceeded(
            scope="child-drawing", identity=str(submission.pk), rate=conf.rate_drawing_upload()
        ):
            problem, status = _("You have tried many times. Please wait an hour, then try again."), 429
        else:
            try:
                services.drawing_add(submission=submission, data=_read_upload(request))
                return redirect(f"{request.path}?added=1")
            except uploads.UploadRefusedError as exc:
                problem, status = str(exc), 400
            except services.DrawingClosedError:
                is_open = False
    drawing = ChildDrawing.objects.filter(submission=submission).first()
    context = {
        "action": submission.action,
        "campaign": submission.action.campaign,
        "token": token,
        "is_open": is_open,
        "problem": problem,
        "added": bool(request.GET.get("added")) and drawing is not None,
        "drawing": drawing,
        "drawing_url": make_token(drawing.pk, salt=tokens.DRAWING_SALT) if drawing else "",
    }
    return render(request, "jointletters/drawing_upload.html", context, status=status)


@never_cache
def drawing_file(request: HttpRequest, token: str) -> HttpResponse:
    """The file itself, for its sender only: a signed link that expires, never cached or indexed."""
    try:
        with link_errors(
            expired=messaging_services.LinkExpiredError, invalid=messaging_services.LinkInvalidError
        ):
            pk = read_int_token(token, salt=tokens.DRAWING_SALT, max_age=tokens.drawing_max_age())
    except (messaging_services.LinkExpiredError, messaging_services.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    drawing = ChildDrawing.objects.filter(pk=pk, submission__erased_at__isnull=True).first()
    content = services.drawing_content(drawing) if drawing else None
    if drawing is None or content is None:
        raise Http404
    response = HttpResponse(content, content_type=drawing.mimetype)
    response["Content-Disposition"] = f'inline; filename="{drawing.filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
