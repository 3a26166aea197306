"""`make demo` loads everything the journeys need: places, people, campaigns and actions."""

import pytest
from django.core.management import call_command

from kinship.campaigns.models import Campaign
from kinship.core.models import CapturedEmail

pytestmark = pytest.mark.django_db


def test_load_demo_loads_campaigns_places_people_and_a_staff_login(settings):
    settings.KINSHIP_DATA_DIR = ""
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    from django.contrib.auth.models import User

    from kinship.geography.models import Area
    from kinship.representatives.models import Office

    assert Campaign.objects.get(slug="value-our-love").status == "live"
    assert Area.objects.filter(is_demo=True, code="E10900001").exists()
    assert Office.objects.filter(role="mp", end_date__isnull=True).exists()
    assert Office.objects.filter(role="lead_member_children").exists()
    assert User.objects.get(username="demo-staff").is_staff


def test_demo_places_are_clearly_fictional():
    call_command("load_demo")
    from kinship.geography.models import Area

    names = set(Area.objects.filter(is_demo=True).values_list("name", flat=True))
    assert {"Demoshire", "Fictionham", "Exampleborough"} <= names


def test_the_demo_never_sends_real_mail(settings):
    # rundemo refuses to start unless mail is captured.
    from django.core.management import CommandError
    from django.test.utils import override_settings

    with override_settings(KINSHIP_MAIL_MODE="live"), pytest.raises(CommandError):
        call_command("rundemo")
    assert CapturedEmail.objects.count() == 0
