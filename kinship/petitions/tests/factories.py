import factory

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.petitions.models import Petition


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    action = factory.SubFactory(
        ActionFactory, kind=ActionKind.PETITION, slug=factory.Sequence(lambda n: f"petition-{n}")
    )
    text = "We call on the government to value kinship carers.\n\nPay them an allowance."
    target_name = "The Secretary of State for Education"
    target_email = "minister@education.example.org"
    goal = 100
