"""Factories for geography's models (used by every app's tests that need places)."""

from __future__ import annotations

import factory

from kinship.geography.models import Area, AreaType, CouncilCorrection, Postcode


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Testborough {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    type = AreaType.UNITARY


class CouncilFactory(AreaFactory):
    """A council with its general contact route (shown where nobody is known for a role)."""

    website = "https://council.example.org"
    contact_url = "https://council.example.org/contact"
    contact_email = "enquiries@council.example.org"


class CountryFactory(AreaFactory):
    code = "E92000001"
    name = "England"
    official_name = ""
    type = AreaType.COUNTRY


class CountyFactory(CouncilFactory):
    code = factory.Sequence(lambda n: f"E10{n:06d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} County Council")
    type = AreaType.COUNTY


class DistrictFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E07{n:06d}")
    name = factory.Sequence(lambda n: f"Testdistrict {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} District Council")
    type = AreaType.DISTRICT
    parent = factory.SubFactory(CountyFactory)


class WardFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E05{n:06d}")
    name = factory.Sequence(lambda n: f"Testward {n}")
    official_name = ""
    type = AreaType.WARD
    parent = factory.SubFactory(CouncilFactory)


class ConstituencyFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E14{n:06d}")
    name = factory.Sequence(lambda n: f"Testfield {n}")
    official_name = ""
    type = AreaType.CONSTITUENCY


class SeneddConstituencyFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"W09{n:06d}")
    name = factory.Sequence(lambda n: f"Senedd constituency {n}")
    official_name = ""
    type = AreaType.SENEDD_CONSTITUENCY


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode

    postcode = factory.Sequence(lambda n: f"ZZ{n % 90 + 10} {n % 10}AA")
    country = "E92000001"
    lat = 51.5
    lng = -1.0


class CouncilCorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilCorrection

    postcode = "XX1 1AA"
    chosen_council = factory.SubFactory(AreaFactory)
