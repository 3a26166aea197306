"""The action half of the campaign builder: a campaign's actions with their status, the guided
action form (merge fields checked on save, and as staff type through `check_template`), the
preview as a supporter (the real resolver and composition, nothing saved or sent), and each
action's change history with restore. Rules live in kinship.campaigns.services_actions,
kinship.messaging.merge, .targets and .services.composition; these views only call them.
Staff-only English."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from kinship.campaigns.models import Action, ActionKind, Campaign
from kinship.campaigns.services_actions import (
    STATUS_WORDS,
    ActionNotReadyError,
    ActionRestoreError,
    VariantText,
    action_history,
    action_publish,
    action_restore,
    action_save,
    action_status,
    action_unpublish,
)
from kinship.core.i18n import localised
from kinship.dashboard.action_forms import (
    FIXED,
    KIND_WORDS,
    TEMPLATE_FIELDS,
    ActionForm,
    PreviewForm,
    VariantFormSet,
)
from kinship.dashboard.views import staff_required
from kinship.geography.hints import demo_postcodes
from kinship.messaging.merge import MERGE_FIELDS, merge, template_problems, template_warnings
from kinship.messaging.services.composition import (
    SubmissionInput,
    merge_values,
    message_preview,
    template_texts,
)
from kinship.messaging.services.links import action_take_url
from kinship.messaging.targets import resolve_targets_preview, usable_targets
from kinship.representatives.models import role_label

CHANGE = "campaigns.change_action"
ADD = "campaigns.add_action"
CHECKED_TEXT_LIMIT = 20_000


def _campaign(campaign_id: int) -> Campaign:
    return get_object_or_404(Campaign, pk=campaign_id)


def _action(campaign: Campaign, action_id: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("campaign", "target_office__person"), pk=action_id, campaign=campaign
    )


def _who(action: Action) -> str:
    if action.target_office_id and action.target_office is not None:
        office = action.target_office
        return f"{office.person.name} ({office.portfolio or office.get_role_display()})"
    roles = [role_label(r) for r in action.target_roles or []]
    return ("From the postcode: " + ", ".join(roles)) if roles else "Nobody chosen yet"


@staff_required(CHANGE)
def action_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(campaign_id)
    rows = []
    for action in campaign.actions.select_related("campaign", "target_office__person").order_by(
        "display_order", "id"
    ):
        status = action_status(action)
        rows.append(
            {
                "action": action,
                "kind": KIND_WORDS.get(action.kind, action.get_kind_display()),  # type: ignore[attr-defined]
                "who": _who(action) if not action.takes_signatures else "Signed (see Petitions)",
                "status": status,
                "status_words": STATUS_WORDS[status],
                "builder": not action.takes_signatures,
                "public_url": action_take_url(action) if status == "open" else "",
            }
        )
    return render(
        request,
        "dashboard/action_builder_list.html",
        {
            "campaign": campaign,
            "rows": rows,
            "may_add": request.user.has_perm(ADD),
        },
    )


def _variants(formset: Any) -> list[VariantText]:
    return [
        VariantText(
            language=f.cleaned_data["language"],
            subject_template=f.cleaned_data["subject_template"],
            body_template=f.cleaned_data["body_template"],
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _warnings(form: ActionForm) -> dict[str, list[str]]:
    """Notes beside each template that uses a field which can be empty (not reasons to refuse)."""
    fixed = form["who"].value() == FIXED
    return {
        name: template_warnings(str(form[name].value() or ""), fixed_target=fixed) for name in TEMPLATE_FIELDS
    }


def _form_page(request: HttpRequest, campaign: Campaign, action: Action) -> HttpResponse:
    is_new = action.pk is None
    preview: dict[str, Any] | None = None
    checked = False
    if request.method == "POST":
        do = request.POST.get("do", "save")
        form = ActionForm(request.POST, instance=action)
        variants = VariantFormSet(request.POST, instance=action, prefix="variants")
        preview_form = PreviewForm(request.POST if do == "preview" else None)
        valid = form.is_valid() and variants.is_valid()
        if do in {"save", "publish"} and valid:
            saved = action_save(action=form.instance, campaign=campaign, variants=_variants(variants))
            if do == "publish":
                try:
                    action_publish(action=saved)
                    messages.success(
                        request, f"Saved and published. Status: {STATUS_WORDS[action_status(saved)]}."
                    )
                except ActionNotReadyError as error:
                    messages.error(
                        request, "Saved as a draft, but not published yet: " + " ".join(error.reasons)
                    )
            elif saved.is_published:
                messages.success(request, "Your changes are saved and live.")
            else:
                messages.success(request, "Saved as a draft. Supporters cannot see it until you publish it.")
            return redirect("dashboard:action_edit", campaign_id=campaign.pk, action_id=saved.pk)
        if do == "check":
            checked = valid
        if do == "find":
            # Only looking someone up: what is not finished yet is not a problem.
            form.errors.clear()
            for variant in variants.forms:
                variant.errors.clear()
        if do == "preview" and valid and preview_form.is_valid():
            preview = _preview(form.instance, preview_form.cleaned_data, variants=_variants(variants))
    else:
        form = ActionForm(instance=action)
        variants = VariantFormSet(instance=action, prefix="variants")
        preview_form = PreviewForm(initial={"preview_language": "en-gb"})
    return render(
        request,
        "dashboard/action_builder_form.html",
        {
            "campaign": campaign,
            "action": None if is_new else action,
            "status_words": "" if is_new else STATUS_WORDS[action_status(action)],
            "form": form,
            "variants": variants,
            "preview_form": preview_form,
            "preview": preview,
            "checked": checked,
            "warnings": _warnings(form),
            "merge_fields": MERGE_FIELDS,
            "demo_postcodes": demo_postcodes(),
            "check_url": reverse("dashboard:action_check_template", kwargs={"campaign_id": campaign.pk}),
        },
    )


@staff_required(ADD)
def action_new(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _form_page(request, _campaign(campaign_id), Action())


@staff_required(CHANGE)
def action_edit(request: HttpRequest, campaign_id: int, action_id: int) -> HttpResponse:
    campaign = _campaign(campaign_id)
    action = _action(campaign, action_id)
    if action.takes_signatures:
        messages.info(request, "Petitions and open letters are edited on the Petitions page.")
        return redirect("dashboard:action_list", campaign_id=campaign.pk)
    return _form_page(request, campaign, action)


def _preview(
    action: Action, data: dict[str, Any], *, variants: list[VariantText] | None = None
) -> dict[str, Any]:
    """Who this action would write to for the postcode, and what each would receive, in the
    chosen language: the supporter's own page's resolver and composition. Nothing is saved."""
    language = data["preview_language"]
    resolution = resolve_targets_preview(
        action=action, postcode=data["preview_postcode"], council=data.get("preview_council") or ""
    )
    with translation.override(language):
        subject, body = template_texts(action=action, language=language)
        usable = usable_targets(action, resolution.targets)
        first = (data.get("preview_first_name") or "").strip()
        last = (data.get("preview_last_name") or "").strip()
        if not (first or last):
            first, last = ("Un", "cefnogwr") if language == "cy" else ("A", "supporter")
        writer = SubmissionInput(
            postcode=resolution.postcode,
            first_name=first,
            last_name=last,
            email="",
            address_line1=(data.get("preview_address") or "").strip(),
            subject=subject,
            body=body,
        )
        letters = (
            message_preview(action=action, resolution=resolution, data=writer, targets=usable)
            if resolution.ok and action.kind != ActionKind.PHONE
            else []
        )
        recipients = [
            {
                "name": t.name,
                "role": t.role_label,
                "area": t.area_name,
                "reached": t in usable,
                "phone": t.phone,
            }
            for t in resolution.targets
        ]
        problem = resolution.problem_message
        # As the supporter's phone page does: the script merged for each person to call.
        script = localised(action, "phone_script")
        scripts = [
            {
                "to": t.name,
                "phone": t.phone,
                "script": merge(script, merge_values(target=t, resolution=resolution, sender_name="")),
            }
            for t in usable
        ]
    welsh_wordings = sum(1 for v in variants or [] if v.language == "cy")
    return {
        "postcode": resolution.postcode,
        "language": "Welsh" if language == "cy" else "English",
        "problem": problem,
        "asks_for_council": resolution.asks_for_council,
        "council": resolution.council_name,
        "constituency": resolution.constituency_name,
        "recipients": recipients,
        "letters": [{"to": t.name, "subject": s, "body": b} for t, s, b in letters],
        "phone_scripts": scripts if action.kind == ActionKind.PHONE and resolution.ok else [],
        "other_wordings": (welsh_wordings if language == "cy" else len(variants or []) - welsh_wordings),
        "kind": action.kind,
    }


@staff_required(CHANGE)
def action_preview(request: HttpRequest, campaign_id: int, action_id: int) -> HttpResponse:
    campaign = _campaign(campaign_id)
    action = _action(campaign, action_id)
    form = PreviewForm(request.GET if "preview_postcode" in request.GET else None)
    preview = None
    if form.is_bound and form.is_valid():
        saved_variants = [
            VariantText(
                language=v.language, subject_template=v.subject_template, body_template=v.body_template
            )
            for v in action.variants.all()
        ]
        preview = _preview(action, form.cleaned_data, variants=saved_variants)
    return render(
        request,
        "dashboard/action_builder_preview.html",
        {
            "campaign": campaign,
            "action": action,
            "status_words": STATUS_WORDS[action_status(action)],
            "preview_form": form,
            "preview": preview,
            "demo_postcodes": demo_postcodes(),
        },
    )


@require_POST
@staff_required(CHANGE)
def action_publish_view(request: HttpRequest, campaign_id: int, action_id: int) -> HttpResponse:
    campaign = _campaign(campaign_id)
    action = _action(campaign, action_id)
    if request.POST.get("do") == "unpublish":
        action_unpublish(action=action)
        messages.success(request, "Unpublished: it is a draft again, and supporters can no longer take it.")
    else:
        try:
            action_publish(action=action)
            messages.success(request, f"Published. Status: {STATUS_WORDS[action_status(action)]}.")
        except ActionNotReadyError as error:
            messages.error(request, "Not published yet: " + " ".join(error.reasons))
    return redirect("dashboard:action_edit", campaign_id=campaign.pk, action_id=action.pk)


@staff_required(CHANGE)
def action_history_view(request: HttpRequest, campaign_id: int, action_id: int) -> HttpResponse:
    campaign = _campaign(campaign_id)
    action = _action(campaign, action_id)
    return render(
        request,
        "dashboard/action_builder_history.html",
        {"campaign": campaign, "action": action, "entries": action_history(action)},
    )


@staff_required(CHANGE)
def action_restore_view(
    request: HttpRequest, campaign_id: int, action_id: int, history_id: int
) -> HttpResponse:
    campaign = _campaign(campaign_id)
    action = _action(campaign, action_id)
    entries = {e.history_id: e for e in action_history(action)}
    entry = entries.get(history_id)
    if entry is None:
        messages.error(request, "That version is not one of this action's.")
        return redirect("dashboard:action_history", campaign_id=campaign.pk, action_id=action.pk)
    if request.method == "POST":
        try:
            action_restore(action=action, history_id=history_id)
        except ActionRestoreError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "The earlier version is restored. The restore is in the history, so you can undo it."
            )
        return redirect("dashboard:action_history", campaign_id=campaign.pk, action_id=action.pk)
    version = action.history.get(history_id=history_id)  # type: ignore[attr-defined]
    return render(
        request,
        "dashboard/action_builder_restore.html",
        {"campaign": campaign, "action": action, "entry": entry, "version": version},
    )


@require_POST
@staff_required(CHANGE)
def check_template(request: HttpRequest, campaign_id: int) -> JsonResponse:
    """The merge-field problems in one template, for the form's as-you-type check."""
    _campaign(campaign_id)
    text = request.POST.get("text", "")[:CHECKED_TEXT_LIMIT]
    return JsonResponse(
        {
            "problems": template_problems(text),
            "warnings": template_warnings(text, fixed_target=request.POST.get("who") == FIXED),
        }
    )
