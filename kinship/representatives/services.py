"""Writes: people and offices from every source, ending offices people have left, and the
correction queue. Importers and commands call these; nothing else writes offices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from kinship.core.privacy import canonical_email
from kinship.geography.models import Area
from kinship.representatives.conf import REPORTER_EMAIL_RETENTION_DAYS
from kinship.representatives.models import (
    SINGLE_HOLDER_ROLES,
    CorrectionReport,
    CorrectionStatus,
    Office,
    Person,
    Role,
    Source,
)
from kinship.representatives.names import normalise_name
from kinship.representatives.selectors import current_offices

# Fields an import may set on an office; compared to decide "updated" or "unchanged".
CONTACT_FIELDS = ("portfolio", "party", "start_date", "email", "postal_address", "phone", "web_form_url")


class CorrectionAlreadyHandledError(Exception):
    """The report was resolved or rejected already."""


@dataclass
class ChangeReport:
    """What an import or sync changed, for the command's output and the tests."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def lines(self, title: str) -> list[str]:
        out = [
            f"{title}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.ended)} ended, "
            f"{len(self.unmatched)} unmatched, {len(self.errors)} errors"
        ]
        for label, items in (
            ("created", self.created),
            ("updated", self.updated),
            ("ended", self.ended),
            ("unmatched", self.unmatched),
            ("error", self.errors),
        ):
            out.extend(f"  {label}: {item}" for item in items)
        return out


@dataclass(frozen=True)
class OfficeData:
    """One person in one role, as a source describes them."""

    name: str
    role: str
    area: Area | None
    source: str
    checked_on: date
    portfolio: str = ""
    party: str = ""
    start_date: date | None = None
    email: str = ""
    postal_address: str = ""
    phone: str = ""
    web_form_url: str = ""
    accepts_email: bool | None = None  # None: True exactly when an email is known
    source_url: str = ""
    checked_by: str = ""
    parliament_id: int | None = None
    moderngov_id: str = ""


def _label(office: Office) -> str:
    where = office.area.name if office.area else "national"
    extra = f" ({office.portfolio})" if office.portfolio and office.role != Role.MP else ""
    return f"{office.person.name} – {office.get_role_display()}{extra}, {where}"


def _find_person(data: OfficeData) -> Person:
    if data.parliament_id is not None:
        person, created = Person.objects.get_or_create(
            parliament_id=data.parliament_id,
            defaults={"name": data.name, "is_demo": data.source == Source.DEMO},
        )
        if not created and person.name != data.name and data.name:
            person.name = data.name
            person.save(update_fields=["name"])
        return person
    if data.moderngov_id:
        known = Person.objects.filter(moderngov_id=data.moderngov_id).first()
        if known is not None:
            if known.name != data.name and data.name:
                known.name = data.name
                known.save(update_fields=["name"])
            return known
    # Same name already holding an office in this area: the same person (never merge across areas).
    wanted = normalise_name(data.name)
    nearby = current_offices().filter(area=data.area).select_related("person")
    if data.area is None:
        nearby = nearby.filter(role=data.role)
    for office in nearby:
        if normalise_name(office.person.name) == wanted:
            person = office.person
            if data.moderngov_id and not person.moderngov_id:
                person.moderngov_id = data.moderngov_id
                person.save(update_fields=["moderngov_id"])
            return person
    return Person.objects.create(
        name=data.name, moderngov_id=data.moderngov_id, is_demo=data.source == Source.DEMO
    )


def office_end(office: Office, *, today: date, reason: str, report: ChangeReport | None = None) -> None:
    """End an office found to have ended by `today`: its last day in office was the day before
    (an end date is the last day an office is current; history keeps the record)."""
    office.end_date = today - timedelta(days=1)
    office._change_reason = reason  # type: ignore[attr-defined]
    office.save(update_fields=["end_date"])
    if report is not None:
        report.ended.append(f"{_label(office)} ({reason})")


@transaction.atomic
def office_upsert(*, data: OfficeData, report: ChangeReport, replace_others: bool | None = None) -> Office:
    """Create or update the office `data` describes; with `replace_others` (default: single-holder
    roles), end other people's current offices in the same role and area."""
    person = _find_person(data)
    today = timezone.localdate()
    accepts_email = (
        bool(data.email) if data.accepts_email is None else (data.accepts_email and bool(data.email))
    )
    values = {name: getattr(data, name) for name in CONTACT_FIELDS}
    values["accepts_email"] = accepts_email
    office = (
        current_offices()
        .filter(person=person, role=data.role, area=data.area)
        .select_related("person", "area")
        .order_by("pk")
        .first()
    )
    if office is None:
        office = Office(person=person, role=data.role, area=data.area, **values)
        office.source = data.source
        office.source_url = data.source_url
        office.last_checked_on = data.checked_on
        office.checked_by = data.checked_by
        office._change_reason = f"created from {data.source}"  # type: ignore[attr-defined]
        office.save()
        report.created.append(_label(office))
    else:
        changed = [name for name, value in values.items() if getattr(office, name) != value]
        if data.start_date is None and "start_date" in changed:
            changed.remove("start_date")  # a source that does not know the start date keeps ours
            values["start_date"] = office.start_date
        for name, value in values.items():
            setattr(office, name, value)
        provenance_changed = (
            office.source != data.source
            or office.source_url != data.source_url
            or office.last_checked_on != data.checked_on
            or office.checked_by != data.checked_by
        )
        office.source = data.source
        office.source_url = data.source_url
        office.last_checked_on = data.checked_on
        office.checked_by = data.checked_by
        if changed or provenance_changed:
            office._change_reason = (  # type: ignore[attr-defined]
                f"{data.source}: changed {', '.join(changed)}" if changed else f"{data.source}: checked"
            )
            office.save()
        (report.updated if changed else report.unchanged).append(
            _label(office) + (f" ({', '.join(changed)})" if changed else "")
        )
    replace = data.role in SINGLE_HOLDER_ROLES if replace_others is None else replace_others
    if replace and data.area is not None:
        others = current_offices().filter(role=data.role, area=data.area).exclude(person=person)
        for other in others.select_related("person", "area"):
            office_end(other, today=today, reason=f"replaced by {person.name}", report=report)
    if data.role in {Role.MP, Role.MS} and data.area is not None:
        # A member sits for one seat: a seat held elsewhere before has ended.
        for other in current_offices().filter(person=person, role=data.role).exclude(area=data.area):
            office_end(other, today=today, reason=f"now {data.role} for {data.area.name}", report=report)
    return office


def offices_end_missing(
    *,
    role: str,
    area: Area,
    keep: set[int],
    report: ChangeReport,
    reason: str,
    sources: set[str] | None = None,
) -> None:
    """End current offices in (role, area) whose id is not in `keep` (optionally only from `sources`)."""
    today = timezone.localdate()
    qs = current_offices().filter(role=role, area=area).exclude(pk__in=keep)
    if sources is not None:
        qs = qs.filter(source__in=sources)
    for office in qs.select_related("person", "area"):
        office_end(office, today=today, reason=reason, report=report)


# --- Correction reports ---------------------------------------------------------------


def correction_report_create(
    *, office: Office, what_is_wrong: str, reporter_email: str = ""
) -> CorrectionReport:
    """Queue a public report that an office's details are wrong."""
    return CorrectionReport.objects.create(
        office=office,
        office_label=_label(office)[:300],
        what_is_wrong=what_is_wrong.strip(),
        reporter_email=canonical_email(reporter_email),
    )


def _handle(
    *, report: CorrectionReport, user: AbstractBaseUser | AnonymousUser, note: str, status: str
) -> CorrectionReport:
    with transaction.atomic():
        locked = CorrectionReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != CorrectionStatus.OPEN:
            raise CorrectionAlreadyHandledError(f"report {report.pk} is already {locked.status}")
        locked.status = status
        locked.handled_at = timezone.now()
        locked.handled_by = user if getattr(user, "pk", None) else None  # type: ignore[assignment]
        locked.staff_note = note.strip()
        # Privacy: the reporter's address is only for follow-up questions while the report is open.
        locked.reporter_email = ""
        locked.save()
    return locked


@transaction.atomic
def correction_report_resolve(
    *, report: CorrectionReport, user: AbstractBaseUser | AnonymousUser, note: str = ""
) -> CorrectionReport:
    """Close a report as fixed (the steward has edited the office), and mark the office checked."""
    handled = _handle(report=report, user=user, note=note, status=CorrectionStatus.RESOLVED)
    if handled.office is not None:
        office = handled.office
        office.last_checked_on = timezone.localdate()
        office.checked_by = str(getattr(user, "get_username", lambda: "")() or "staff")[:150]
        office._change_reason = f"correction report {handled.pk} resolved"  # type: ignore[attr-defined]
        office.save(update_fields=["last_checked_on", "checked_by"])
    return handled


def correction_report_reject(
    *, report: CorrectionReport, user: AbstractBaseUser | AnonymousUser, note: str = ""
) -> CorrectionReport:
    """Close a report without a change (the details were right, or the report was not usable)."""
    return _handle(report=report, user=user, note=note, status=CorrectionStatus.REJECTED)


# --- Data-protection rights (registered with kinship.core.rights) ----------------


# What a report's words become when its reporter asks for erasure.
ERASED_REPORT_TEXT = "[erased at the reporter's request]"


def correction_reports_export(supporter: Any) -> list[dict[str, Any]]:
    """Open correction reports that still hold this person's email address."""
    email = canonical_email(getattr(supporter, "email", "") or "")
    if not email:
        return []
    return [
        {"about": r.office_label, "what_is_wrong": r.what_is_wrong, "created_at": r.created_at.isoformat()}
        for r in CorrectionReport.objects.filter(reporter_email=email).order_by("created_at")
    ]


def correction_reports_erase(supporter: Any) -> None:
    """Forget this person's email and their own words on any correction report they left their
    address on (the report keeps which office it was about and its outcome)."""
    email = canonical_email(getattr(supporter, "email", "") or "")
    if email:
        CorrectionReport.objects.filter(reporter_email=email).update(
            reporter_email="", what_is_wrong=ERASED_REPORT_TEXT
        )


def correction_reports_forget_old_emails(*, now: datetime | None = None) -> int:
    """Clear reporter emails older than the retention period (privacy: minimum data)."""
    cutoff = (now or timezone.now()) - timedelta(days=REPORTER_EMAIL_RETENTION_DAYS)
    return (
        CorrectionReport.objects.filter(created_at__lt=cutoff)
        .exclude(reporter_email="")
        .update(reporter_email="")
    )
