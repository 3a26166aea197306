"""Factories for representatives tests (areas too, until geography ships its own)."""

from __future__ import annotations

import factory
from django.utils import timezone

from kinship.geography.models import Area, AreaType
from kinship.representatives.models import CorrectionReport, Office, Person, Role, Source


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Council {n}")
    type = AreaType.UNITARY


class CouncilFactory(AreaFactory):
    type = AreaType.UNITARY
    website = "https://council.example.org"
    contact_url = "https://council.example.org/contact"
    contact_email = "enquiries@council.example.org"


class CountyFactory(CouncilFactory):
    code = factory.Sequence(lambda n: f"E10{n:06d}")
    type = AreaType.COUNTY


class DistrictFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E07{n:06d}")
    type = AreaType.DISTRICT


class WardFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E05{n:06d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    type = AreaType.WARD
    parent = factory.SubFactory(CouncilFactory)


class ConstituencyFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E14{n:06d}")
    name = factory.Sequence(lambda n: f"Constituency {n}")
    type = AreaType.CONSTITUENCY


class SeneddConstituencyFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"W09{n:06d}")
    name = factory.Sequence(lambda n: f"Senedd constituency {n}")
    type = AreaType.SENEDD_CONSTITUENCY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    person = factory.SubFactory(PersonFactory)
    role = Role.WARD_COUNCILLOR
    area = factory.SubFactory(WardFactory)
    party = "Example Party"
    email = factory.LazyAttribute(lambda o: f"{o.person.name.lower().replace(' ', '.')}@example.org")
    source = Source.STAFF
    last_checked_on = factory.LazyFunction(timezone.localdate)


class CorrectionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectionReport

    office = factory.SubFactory(OfficeFactory)
    office_label = factory.LazyAttribute(lambda r: str(r.office))
    what_is_wrong = "They stood down in May."
