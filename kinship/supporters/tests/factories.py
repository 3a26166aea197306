import factory

from kinship.campaigns.tests.factories import CampaignFactory
from kinship.supporters.models import Signup, SignupStatus, Supporter


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supporter

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signup

    campaign = factory.SubFactory(CampaignFactory)
    supporter = factory.SubFactory(SupporterFactory)
    status = SignupStatus.PENDING
