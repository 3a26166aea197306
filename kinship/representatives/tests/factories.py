"""Factories for representatives' models (places come from `kinship.geography.tests.factories`)."""

from __future__ import annotations

import factory
from django.utils import timezone

from kinship.geography.tests.factories import WardFactory
from kinship.representatives.models import CorrectionReport, Office, Person, Role, Source


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
