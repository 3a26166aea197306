"""Offline imports: MPs from the open-data CSV, council people and Members of the Senedd from
the staff CSV templates.

Council people template (``templates_csv/council_people_template.csv``), one row per person
per role, UTF-8, header row required, column order free:

=================  ========  ===============================================================
column             required  meaning
=================  ========  ===============================================================
authority_code     yes       GSS code of the council (E06/E08/E09/E10/W06..., or an E07
                             district for district roles and ward councillors)
role               yes       leader, elected_mayor, ceremonial_mayor, cabinet_member,
                             lead_member_children, ward_councillor, director_children,
                             other (the labels, e.g. "Council leader", work too)
portfolio          no        e.g. "Cabinet Member for Children and Families"
name               yes       the person's name, without "Councillor"
party              no        as the council publishes it
ward_code          ward      GSS code of the ward (E05/W05); only for ward_councillor, and
                   cllrs     the ward must belong to that authority
email              no        a published work address; leave empty if none
phone              no
address            no        postal address; separate lines with " | " or a new line
source_url         no        the page you checked (http/https)
checked_on         yes       the date you checked it: YYYY-MM-DD or DD/MM/YYYY
accepts_email      no        yes/no (default: yes when an email is given)
web_form_url       no        a contact form, if the person uses one
start_date         no        YYYY-MM-DD or DD/MM/YYYY
=================  ========  ===============================================================

The file is the whole truth for each (authority, role, ward) it mentions: current holders of
that role there who are not in the file are ended. A dry run reports every row it would
reject and why; a real run imports nothing unless every row is valid, and then imports all
rows in one transaction.

Senedd members template (``templates_csv/senedd_members_template.csv``): senedd_code
(W09 GSS code of the Senedd constituency), name, party, email, phone, address,
web_form_url, source_url, checked_on; the same rules.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from kinship.core.privacy import canonical_email, csv_safe
from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.representatives.clients.parliament import member_contact_page
from kinship.representatives.models import Office, Role, Source
from kinship.representatives.names import clean_person_name, normalise_name
from kinship.representatives.selectors import current_q
from kinship.representatives.services import ChangeReport, OfficeData, office_upsert, offices_end_missing

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_csv"
COUNCIL_TEMPLATE = TEMPLATES_DIR / "council_people_template.csv"
SENEDD_TEMPLATE = TEMPLATES_DIR / "senedd_members_template.csv"

COUNCIL_COLUMNS = [
    "authority_code",
    "role",
    "portfolio",
    "name",
    "party",
    "ward_code",
    "email",
    "phone",
    "address",
    "source_url",
    "checked_on",
]
SENEDD_COLUMNS = [
    "senedd_code",
    "name",
    "party",
    "email",
    "phone",
    "address",
    "web_form_url",
    "source_url",
    "checked_on",
]

COUNCIL_ROLES = {
    Role.LEADER,
    Role.ELECTED_MAYOR,
    Role.CEREMONIAL_MAYOR,
    Role.CABINET_MEMBER,
    Role.LEAD_MEMBER_CHILDREN,
    Role.WARD_COUNCILLOR,
    Role.DIRECTOR_CHILDREN,
    Role.OTHER,
}
ROLE_ALIASES = {
    "lead member": Role.LEAD_MEMBER_CHILDREN,
    "lead member children": Role.LEAD_MEMBER_CHILDREN,
    "cabinet": Role.CABINET_MEMBER,
    "councillor": Role.WARD_COUNCILLOR,
    "mayor": Role.CEREMONIAL_MAYOR,
    "chairman": Role.CEREMONIAL_MAYOR,
    "dcs": Role.DIRECTOR_CHILDREN,
}
COUNCIL_TYPES = CHILDRENS_SERVICES_TYPES | {AreaType.DISTRICT}

# current-MPs.csv is the open-innovations snapshot of 2026-04-03 (see shared/data/SOURCES.md):
# the date the data was last true, not the date we loaded it.
CURRENT_MPS_AS_OF = date(2026, 4, 3)

_url = URLValidator(schemes=["http", "https"])


class ImportRefusedError(Exception):
    """Some rows are invalid, so nothing was imported."""

    def __init__(self, rejected: list[str]) -> None:
        super().__init__(f"{len(rejected)} rows rejected; nothing imported")
        self.rejected = rejected


@dataclass
class ImportResult:
    rows: int = 0
    rejected: list[str] = field(default_factory=list)
    report: ChangeReport = field(default_factory=ChangeReport)
    dry_run: bool = False

    def lines(self, title: str) -> list[str]:
        head = f"{title}: {self.rows} rows, {len(self.rejected)} rejected" + (
            " (dry run)" if self.dry_run else ""
        )
        out = [head]
        out.extend(f"  rejected: {line}" for line in self.rejected)
        if not self.dry_run and not self.rejected:
            out.extend(self.report.lines("  changes"))
        return out


# --- Field parsers: each returns (value, error) ------------------------------------------


def parse_date(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_role(text: str) -> str | None:
    """A council role from its value, its label or a common alias; None if unknown."""
    wanted = normalise_name(text)
    for role in Role:
        if wanted in {normalise_name(role.value), normalise_name(str(role.label))}:
            return role.value
    alias = ROLE_ALIASES.get(wanted)
    return alias.value if alias else None


def parse_yes_no(text: str) -> bool | None:
    value = text.strip().lower()
    if value in {"yes", "y", "true", "1"}:
        return True
    if value in {"no", "n", "false", "0"}:
        return False
    raise ValueError(text)


def _address(text: str) -> str:
    lines = [line.strip() for line in text.replace(" | ", "\n").replace("|", "\n").splitlines()]
    return "\n".join(line for line in lines if line)


def read_csv(source: str | Path | Iterable[str]) -> tuple[list[str], list[dict[str, str]]]:
    """Header (lower-cased) and rows of a UTF-8 CSV (a BOM from Excel is fine)."""
    if isinstance(source, (str, Path)):
        text = Path(source).read_text(encoding="utf-8-sig")
        handle: Iterable[str] = io.StringIO(text)
    else:
        handle = source
    reader = csv.DictReader(handle)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    rows = []
    for raw in reader:
        rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None})
    return header, rows


def _common_checks(row: dict[str, str], errors: list[str], today: date) -> tuple[str, date | None]:
    name = clean_person_name(row.get("name", ""))
    if not name:
        errors.append("name is missing")
    elif csv_safe(name) != name:  # formula injection (the e-petitions lesson): never store such names
        errors.append(f"name {name!r} starts with {name[0]!r}, which spreadsheets treat as a formula")
    email = row.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"email {email!r} is not a valid email address")
    for column in ("source_url", "web_form_url"):
        value = row.get(column, "")
        if value:
            try:
                _url(value)
            except ValidationError:
                errors.append(f"{column} {value!r} is not a web address starting http:// or https://")
    checked: date | None = None
    raw_checked = row.get("checked_on", "")
    if not raw_checked:
        errors.append("checked_on is missing (the date you checked this)")
    else:
        try:
            checked = parse_date(raw_checked)
        except ValueError:
            errors.append(f"checked_on {raw_checked!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
        else:
            if checked and checked > today:
                errors.append(f"checked_on {raw_checked!r} is in the future")
    return name, checked


# --- Council people ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Valid:
    data: OfficeData
    group: tuple[int, str]  # (area id, role): the file lists everyone current there


def _council_authority(row: dict[str, str], areas: dict[str, Area], errors: list[str]) -> Area | None:
    code = row.get("authority_code", "").upper()
    authority = areas.get(code)
    if not code:
        errors.append("authority_code is missing")
    elif authority is None or authority.type not in COUNCIL_TYPES:
        errors.append(f"authority_code {code!r} is not a council we know")
        return None
    return authority


def _council_role(row: dict[str, str], errors: list[str]) -> str | None:
    raw_role = row.get("role", "")
    role = parse_role(raw_role) if raw_role else None
    if not raw_role:
        errors.append("role is missing")
    elif role is None:
        errors.append(
            f"role {raw_role!r} is not one we know ({', '.join(sorted(r.value for r in COUNCIL_ROLES))})"
        )
    elif role not in COUNCIL_ROLES:
        errors.append(
            f"role {raw_role!r} is not a council role (MPs come from sync_mps, MSs from the Senedd import)"
        )
        return None
    return role


def _council_ward(
    row: dict[str, str], areas: dict[str, Area], authority: Area | None, role: str | None, errors: list[str]
) -> Area | None:
    """The ward a ward councillor sits for (it must be in the authority); None for other roles."""
    ward_code = row.get("ward_code", "").upper()
    if role != Role.WARD_COUNCILLOR:
        if ward_code and role is not None:
            errors.append("ward_code is only for ward councillors")
        return None
    if not ward_code:
        errors.append("ward_code is missing (needed for a ward councillor)")
        return None
    ward = areas.get(ward_code)
    if ward is None or ward.type != AreaType.WARD:
        errors.append(f"ward_code {ward_code!r} is not a ward we know")
        return None
    if authority is not None and authority.pk not in {
        ward.parent_id,
        ward.parent.parent_id if ward.parent else None,
    }:
        errors.append(f"ward {ward.name} ({ward_code}) is not in {authority.name}")
        return None
    return ward


def _optional_yes_no(row: dict[str, str], errors: list[str]) -> bool | None:
    if not row.get("accepts_email"):
        return None
    try:
        return parse_yes_no(row["accepts_email"])
    except ValueError:
        errors.append(f"accepts_email {row['accepts_email']!r} should be yes or no")
        return None


def _optional_start_date(row: dict[str, str], errors: list[str]) -> date | None:
    if not row.get("start_date"):
        return None
    try:
        return parse_date(row["start_date"])
    except ValueError:
        errors.append(f"start_date {row['start_date']!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
        return None


def _validate_council_row(
    row: dict[str, str], areas: dict[str, Area], today: date
) -> tuple[_Valid | None, list[str]]:
    errors: list[str] = []
    authority = _council_authority(row, areas, errors)
    role = _council_role(row, errors)
    if (
        authority is not None
        and role in {Role.LEAD_MEMBER_CHILDREN, Role.DIRECTOR_CHILDREN}
        and authority.type not in CHILDRENS_SERVICES_TYPES
    ):
        errors.append(f"{authority.name} does not run children's services, so it has no {Role(role).label}")
    ward = _council_ward(row, areas, authority, role, errors)
    accepts_email = _optional_yes_no(row, errors)
    start = _optional_start_date(row, errors)
    name, checked = _common_checks(row, errors, today)
    if errors or authority is None or role is None or checked is None:
        return None, errors
    area = ward if role == Role.WARD_COUNCILLOR else authority
    assert area is not None
    data = OfficeData(
        name=name,
        role=role,
        area=area,
        source=Source.CSV,
        checked_on=checked,
        checked_by=row.get("checked_by", "") or "CSV import",
        portfolio=row.get("portfolio", ""),
        party=row.get("party", ""),
        start_date=start,
        email=canonical_email(row.get("email", "")),
        postal_address=_address(row.get("address", "")),
        phone=row.get("phone", ""),
        web_form_url=row.get("web_form_url", ""),
        accepts_email=accepts_email,
        source_url=row.get("source_url", ""),
    )
    return _Valid(data=data, group=(area.pk, role)), []


def _run(
    *,
    header: list[str],
    rows: list[dict[str, str]],
    required: list[str],
    validate: Callable[[dict[str, str], dict[str, Area], date], tuple[_Valid | None, list[str]]],
    codes_of: Callable[[dict[str, str]], Iterable[str]],
    dry_run: bool,
) -> ImportResult:
    result = ImportResult(rows=len(rows), dry_run=dry_run)
    missing = [c for c in required if c not in header]
    if missing:
        result.rejected.append(f"the header lacks columns: {', '.join(missing)} (see the template)")
        if not dry_run:
            raise ImportRefusedError(result.rejected)
        return result
    codes = {code.upper() for row in rows for code in codes_of(row) if code}
    areas = {a.code: a for a in Area.objects.filter(code__in=codes).select_related("parent")}
    today = timezone.localdate()
    valid: list[_Valid] = []
    seen: dict[tuple[object, ...], int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        item, errors = validate(row, areas, today)
        if item is not None:
            key = (item.group, normalise_name(item.data.name), normalise_name(item.data.portfolio))
            if key in seen:
                errors = [f"repeats row {seen[key]}"]
                item = None
            else:
                seen[key] = number
        if errors:
            who = row.get("name") or "(no name)"
            result.rejected.append(f"row {number} ({who}): " + "; ".join(errors))
        elif item is not None:
            valid.append(item)
    if dry_run:
        return result
    if result.rejected:
        raise ImportRefusedError(result.rejected)
    with transaction.atomic():
        kept: dict[tuple[int, str], set[int]] = {}
        group_area: dict[tuple[int, str], Area] = {}
        for item in valid:
            office = office_upsert(data=item.data, report=result.report, replace_others=False)
            kept.setdefault(item.group, set()).add(office.pk)
            assert item.data.area is not None
            group_area[item.group] = item.data.area
        for group, ids in kept.items():
            offices_end_missing(
                role=group[1],
                area=group_area[group],
                keep=ids,
                report=result.report,
                reason="not in the import file",
            )
    return result


def council_people_import(source: str | Path | Iterable[str], *, dry_run: bool = False) -> ImportResult:
    """Import council people from the staff CSV template (see the module docstring)."""
    header, rows = read_csv(source)
    return _run(
        header=header,
        rows=rows,
        required=COUNCIL_COLUMNS,
        validate=_validate_council_row,
        codes_of=lambda row: (row.get("authority_code", ""), row.get("ward_code", "")),
        dry_run=dry_run,
    )


# --- Members of the Senedd --------------------------------------------------------------


def _validate_senedd_row(
    row: dict[str, str], areas: dict[str, Area], today: date
) -> tuple[_Valid | None, list[str]]:
    errors: list[str] = []
    code = row.get("senedd_code", "").upper()
    area = areas.get(code)
    if not code:
        errors.append("senedd_code is missing")
    elif area is None or area.type != AreaType.SENEDD_CONSTITUENCY:
        errors.append(f"senedd_code {code!r} is not a Senedd constituency we know")
        area = None
    name, checked = _common_checks(row, errors, today)
    if errors or area is None or checked is None:
        return None, errors
    data = OfficeData(
        name=name,
        role=Role.MS,
        area=area,
        source=Source.CSV,
        checked_on=checked,
        checked_by="Senedd CSV import",
        party=row.get("party", ""),
        email=canonical_email(row.get("email", "")),
        postal_address=_address(row.get("address", "")),
        phone=row.get("phone", ""),
        web_form_url=row.get("web_form_url", ""),
        source_url=row.get("source_url", ""),
    )
    return _Valid(data=data, group=(area.pk, Role.MS)), []


def senedd_members_import(source: str | Path | Iterable[str], *, dry_run: bool = False) -> ImportResult:
    """Import Members of the Senedd from the staff CSV template."""
    header, rows = read_csv(source)
    return _run(
        header=header,
        rows=rows,
        required=SENEDD_COLUMNS,
        validate=_validate_senedd_row,
        codes_of=lambda row: (row.get("senedd_code", ""),),
        dry_run=dry_run,
    )


# --- MPs from open data -----------------------------------------------------------------


def load_open_mps(data_dir: str | Path, *, checked_on: date | None = None) -> list[str]:
    """Load MPs from DATA/constituencies/current-MPs.csv (offline; no emails in that file, so the
    route is Parliament's contact page unless we already know an email). Skips seats a newer
    Members API sync has already checked."""
    path = Path(data_dir) / "constituencies" / "current-MPs.csv"
    if not path.exists():
        return [f"MPs: {path} not found; skipped"]
    as_of = checked_on or CURRENT_MPS_AS_OF
    _, rows = read_csv(path)
    codes = [row.get("pcon24cd", "") for row in rows]
    areas = {a.code: a for a in Area.objects.filter(code__in=codes, type=AreaType.CONSTITUENCY)}
    existing = {
        o.area_id: o
        for o in Office.objects.filter(
            current_q(timezone.localdate()), role=Role.MP, area__in=areas.values()
        ).select_related("person")
    }
    report = ChangeReport()
    skipped_newer = 0
    missing_area = 0
    bad = 0
    with transaction.atomic():
        for row in rows:
            area = areas.get(row.get("pcon24cd", ""))
            if area is None:
                missing_area += 1
                continue
            try:
                member_id = int(row.get("id", ""))
            except ValueError:
                bad += 1
                report.unmatched.append(f"{area.code} {area.name}: no Parliament ID in the file")
                continue
            current = existing.get(area.pk)
            if (
                current is not None
                and current.source == Source.API
                and (current.last_checked_on or as_of) > as_of
            ):
                skipped_newer += 1
                continue
            same_person = current is not None and current.person.parliament_id == member_id
            start: date | None = None
            if row.get("start date"):
                try:
                    start = datetime.fromisoformat(row["start date"]).date()
                except ValueError:
                    start = None
            office_upsert(
                data=OfficeData(
                    name=row.get("mp", ""),
                    role=Role.MP,
                    area=area,
                    source=Source.CSV,
                    checked_on=as_of,
                    checked_by="current-MPs.csv (open data)",
                    party=row.get("party name", "") or row.get("party", ""),
                    start_date=start,
                    email=current.email if same_person and current else "",
                    postal_address=current.postal_address if same_person and current else "",
                    phone=current.phone if same_person and current else "",
                    web_form_url=member_contact_page(member_id),
                    source_url=f"https://members.parliament.uk/member/{member_id}",
                    parliament_id=member_id,
                ),
                report=report,
            )
    lines = [
        f"MPs from {path.name}: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.ended)} ended; "
        f"{missing_area} rows without a constituency in our data, {skipped_newer} kept from a newer API sync, "
        f"{bad} rows without an ID"
    ]
    lines.extend(f"  ended: {item}" for item in report.ended)
    return lines
