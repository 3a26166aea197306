"""Joint letters: start (organiser), sign and confirm (co-signers), manage and send (organiser)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kinship.campaigns.models import Action, ActionKind
from kinship.campaigns.selectors import action_is_open
from kinship.core.ratelimit import client_ip, rate_limit_exceeded
from kinship.jointletters import conf, letters
from kinship.jointletters.forms import SignForm, StartForm
from kinship.jointletters.models import LetterStatus, SignatureStatus


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, letters.LinkExpiredError):
        return render(request, "messaging/link_expired.html", status=410)
    return render(request, "messaging/link_invalid.html", status=404)


def _limited(request: HttpRequest, scope: str) -> bool:
    """Each start or signature emails someone: a connection may do only so many an hour."""
    return rate_limit_exceeded(scope=scope, identity=client_ip(request), rate=conf.rate_joint_letter_ip())


def _limited_message() -> str:
    return _("You have done this many times in the last hour. Please wait an hour, then try again.")


@never_cache
@require_http_methods(["GET", "POST"])
def letter_start(request: HttpRequest, slug: str) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.select_related("campaign"),
        slug=slug,
        kind__in=[ActionKind.EMAIL_POSTCODE, ActionKind.EMAIL_FIXED],
    )
    if not action_is_open(action):
        raise Http404
    postcode = (request.POST.get("postcode") or request.GET.get("postcode") or "").strip()
    context: dict[str, object] = {"action": action, "postcode": postcode}
    if not postcode:
        return render(request, "jointletters/letter_start.html", context)
    try:
        targets = letters.letter_targets(action=action, postcode=postcode)
    except letters.LetterError as exc:
        context["postcode_problem"] = str(exc)
        return render(request, "jointletters/letter_start.html", context, status=400)
    choices = [(t.key, f"{t.name} ({t.role_label}, {t.area_name})") for t in targets]
    language = translation.get_language() or "en-gb"
    if request.method == "POST":
        form = StartForm(request.POST, targets=choices)
        if form.is_valid() and _limited(request, "joint-start-ip"):
            form.add_error(None, _limited_message())
        elif form.is_valid():
            data = letters.LetterInput(
                postcode=postcode,
                **{k: form.cleaned_data[k] for k in ("subject", "body", "first_name", "last_name", "email")},
                target_key=form.cleaned_data["target"],
            )
            try:
                letters.letter_start(action=action, data=data, language=language)
            except letters.LetterError as exc:
                form.add_error(None, str(exc))
            else:
                return render(request, "jointletters/letter_started.html", {"action": action})
    else:
        subject, body = letters.letter_draft(action=action, postcode=postcode, language=language)
        form = StartForm(targets=choices, initial={"subject": subject, "body": body})
    context["form"] = form
    return render(request, "jointletters/letter_start.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def letter_sign(request: HttpRequest, token: str) -> HttpResponse:
    try:
        letter = letters.letter_from_share_token(token)
    except (letters.LinkExpiredError, letters.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    form = SignForm(request.POST or None)
    problem = ""
    if request.method == "POST" and letter.status == LetterStatus.OPEN and form.is_valid():
        if _limited(request, "joint-sign-ip"):
            problem = _limited_message()
        else:
            try:
                letters.signature_add(
                    letter=letter,
                    data=letters.SignatureInput(**form.cleaned_data),
                    language=translation.get_language() or "en-gb",
                )
            except letters.LetterError as exc:
                problem = str(exc)
            else:
                return render(request, "jointletters/signature_check_email.html", {"letter": letter})
    context = {
        "letter": letter,
        "form": form,
        "problem": problem,
        "count": len(letters.signatures_confirmed(letter)) + 1,
        "area_matters": letters.area_matters(letter),
    }
    status = 400 if (problem or form.errors) else 200
    return render(request, "jointletters/letter_sign.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners follow links, people press buttons.
    try:
        signature = letters.signature_from_token(token)
        problem = ""
        if request.method == "POST":
            try:
                signature = letters.signature_confirm(token=token, source_url=request.path)
            except letters.LetterError as exc:
                problem = str(exc)
    except (letters.LinkExpiredError, letters.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    context = {
        "signature": signature,
        "letter": signature.letter,
        "confirmed": signature.status == SignatureStatus.CONFIRMED,
        "problem": problem,
        "token": token,
    }
    return render(request, "jointletters/signature_confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def signature_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    try:
        signature = letters.signature_from_token(token)
        problem = ""
        if request.method == "POST":
            try:
                signature = letters.signature_withdraw(token=token)
            except letters.LetterError as exc:
                problem = str(exc)
    except (letters.LinkExpiredError, letters.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    context = {
        "letter": signature.letter,
        "withdrawn": signature.status == SignatureStatus.WITHDRAWN,
        "problem": problem,
    }
    return render(request, "jointletters/signature_withdraw.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def letter_manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        letter = letters.letter_from_manage_token(token)
    except (letters.LinkExpiredError, letters.LinkInvalidError) as exc:
        return _link_problem(request, exc)
    problem = ""
    if request.method == "POST":
        todo = request.POST.get("do", "")
        try:
            if todo == "send":
                letters.letter_send(letter_id=letter.pk)
            elif todo in {"close", "open"}:
                letters.letter_set_open(letter_id=letter.pk, is_open=todo == "open")
        except letters.LetterError as exc:
            problem = str(exc)
        else:
            return redirect("jointletters:letter_manage", token=token)
        letter.refresh_from_db()
    context = {
        "letter": letter,
        "signatures": letter.signatures.exclude(status=SignatureStatus.AWAITING_CONFIRMATION).order_by(
            "created_at"
        ),
        "confirmed": letters.signatures_confirmed(letter),
        "share_url": letters.share_url(letter),
        "problem": problem,
    }
    return render(request, "jointletters/letter_manage.html", context, status=400 if problem else 200)
