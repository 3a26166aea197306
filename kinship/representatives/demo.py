"""Clearly fictional people for the demo geography (codes fixed by the geography demo).

Every name is invented, every address is example.org, and every record is marked DEMO.
`load_demo_people()` is idempotent: run it as often as you like.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from kinship.geography.models import Area
from kinship.representatives.models import Role, Source
from kinship.representatives.services import ChangeReport, OfficeData, office_upsert


@dataclass(frozen=True)
class DemoPerson:
    name: str
    role: Role
    area_code: str | None  # None: a national office
    portfolio: str = ""
    party: str = "Example Party"
    email: str = ""
    postal_address: str = ""
    phone: str = ""
    accepts_email: bool = True


COUNTY_HALL = "County Hall\nFictionham\nFX1 1AA"
TOWN_HALL = "Town Hall\nExampleborough\nEX1 1AA"
VALE_OFFICES = "Civic Offices\nExample Vale\nEV1 1AA"

DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    # MPs, one for each demo constituency.
    DemoPerson(
        "Morgan Fictional",
        Role.MP,
        "E14900001",
        email="morgan.fictional.mp@example.org",
        postal_address="House of Commons\nLondon\nSW1A 0AA",
    ),
    DemoPerson(
        "Priya Placeholder",
        Role.MP,
        "E14900002",
        party="Sample Party",
        email="priya.placeholder.mp@example.org",
        postal_address="House of Commons\nLondon\nSW1A 0AA",
    ),
    DemoPerson(
        "Gareth Sample",
        Role.MP,
        "W07900001",
        email="gareth.sample.mp@example.org",
        postal_address="House of Commons\nLondon\nSW1A 0AA",
    ),
    DemoPerson(
        "Isla Example",
        Role.MP,
        "S14900001",
        party="Another Party",
        email="isla.example.mp@example.org",
        postal_address="House of Commons\nLondon\nSW1A 0AA",
    ),
    # Demoshire County Council (two-tier: the county runs children's services).
    DemoPerson(
        "Sam Example",
        Role.LEAD_MEMBER_CHILDREN,
        "E10900001",
        portfolio="Cabinet Member for Children and Families",
        email="sam.example@example.org",
        postal_address=COUNTY_HALL,
    ),
    DemoPerson(
        "Jordan Demo",
        Role.LEADER,
        "E10900001",
        portfolio="Leader of the Council",
        email="jordan.demo@example.org",
        postal_address=COUNTY_HALL,
    ),
    DemoPerson(
        "Terry Testcase",
        Role.CEREMONIAL_MAYOR,
        "E10900001",
        portfolio="Chairman of the Council",
        party="",
        email="chairman@example.org",
        postal_address=COUNTY_HALL,
    ),
    # Exampleborough (unitary, with an elected mayor).
    DemoPerson(
        "Casey Example",
        Role.ELECTED_MAYOR,
        "E06900001",
        portfolio="Elected Mayor of Exampleborough",
        email="mayor@example.org",
        postal_address=TOWN_HALL,
    ),
    DemoPerson(
        "Avery Demo",
        Role.LEADER,
        "E06900001",
        portfolio="Leader of the Council",
        email="avery.demo@example.org",
        postal_address=TOWN_HALL,
    ),
    DemoPerson(
        "Riley Sample",
        Role.LEAD_MEMBER_CHILDREN,
        "E06900001",
        portfolio="Lead Member for Children's Services",
        email="riley.sample@example.org",
        postal_address=TOWN_HALL,
    ),
    DemoPerson(
        "Drew Officer",
        Role.DIRECTOR_CHILDREN,
        "E06900001",
        portfolio="Director of Children's Services",
        party="",
        email="dcs@example.org",
        postal_address=TOWN_HALL,
    ),
    # Example Vale (Welsh principal council).
    DemoPerson(
        "Eleri Example",
        Role.LEADER,
        "W06900001",
        portfolio="Leader of the Council",
        email="eleri.example@example.org",
        postal_address=VALE_OFFICES,
    ),
    DemoPerson(
        "Dafydd Demo",
        Role.LEAD_MEMBER_CHILDREN,
        "W06900001",
        portfolio="Cabinet Member for Social Services (Children)",
        email="dafydd.demo@example.org",
        postal_address=VALE_OFFICES,
    ),
    # Ward councillors (two for Maple; one takes post only).
    DemoPerson("Chris Maple", Role.WARD_COUNCILLOR, "E05900001", email="chris.maple@example.org"),
    DemoPerson(
        "Dana Example",
        Role.WARD_COUNCILLOR,
        "E05900001",
        party="Sample Party",
        email="dana.example@example.org",
    ),
    DemoPerson(
        "Ellis Oakfield",
        Role.WARD_COUNCILLOR,
        "E05900002",
        party="Independent",
        accepts_email=False,
        postal_address="Councillor Ellis Oakfield\nc/o Council Offices\nSampleton\nSX1 2BB",
    ),
    DemoPerson("Frankie Harbour", Role.WARD_COUNCILLOR, "E05900003", email="frankie.harbour@example.org"),
    DemoPerson("Glyn Castell", Role.WARD_COUNCILLOR, "W05900001", email="glyn.castell@example.org"),
    # Members of the Senedd for the demo Senedd constituency.
    DemoPerson(
        "Rhian Example",
        Role.MS,
        "W09900001",
        email="rhian.example.ms@example.org",
        postal_address="Senedd Cymru\nCardiff Bay\nCF99 1SN",
    ),
    DemoPerson(
        "Huw Sample",
        Role.MS,
        "W09900001",
        party="Sample Party",
        email="huw.sample.ms@example.org",
        postal_address="Senedd Cymru\nCardiff Bay\nCF99 1SN",
    ),
    DemoPerson(
        "Catrin Demo",
        Role.MS,
        "W09900001",
        party="Another Party",
        email="catrin.demo.ms@example.org",
        postal_address="Senedd Cymru\nCardiff Bay\nCF99 1SN",
    ),
    # Fixed national targets (no area).
    DemoPerson(
        "Alex Example",
        Role.MINISTER,
        None,
        portfolio="Minister for Children and Families",
        email="minister.children@example.org",
        postal_address="Department for Education\nLondon\nSW1P 3BT",
    ),
    DemoPerson(
        "Jamie Example",
        Role.MINISTER,
        None,
        portfolio="Secretary of State for Education",
        email="secretary.education@example.org",
        postal_address="Department for Education\nLondon\nSW1P 3BT",
    ),
    DemoPerson(
        "Sian Example",
        Role.MINISTER,
        None,
        portfolio="Minister for Children and Social Care (Welsh Government)",
        email="minister.children.wales@example.org",
        postal_address="Welsh Government\nCathays Park\nCardiff\nCF10 3NQ",
    ),
)


def load_demo_people() -> list[str]:
    """Create or refresh the fictional demo people; skips (and says so) any area not loaded."""
    today = timezone.localdate()
    codes = {p.area_code for p in DEMO_PEOPLE if p.area_code}
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    report = ChangeReport()
    lines: list[str] = []
    for person in DEMO_PEOPLE:
        area = areas.get(person.area_code) if person.area_code else None
        if person.area_code and area is None:
            lines.append(
                f"  skipped {person.name} ({person.role.label}): area {person.area_code} is not loaded"
            )
            continue
        office_upsert(
            data=OfficeData(
                name=person.name,
                role=person.role,
                area=area,
                source=Source.DEMO,
                checked_on=today,
                checked_by="demo data",
                portfolio=person.portfolio,
                party=person.party,
                email=person.email,
                postal_address=person.postal_address,
                phone=person.phone,
                accepts_email=person.accepts_email,
                web_form_url="",
                source_url="",
            ),
            report=report,
            # Demo areas have several holders of some roles (two Maple councillors, three MSs).
            replace_others=False,
        )
    summary = (
        f"Demo people: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )
    return [summary, *lines]
