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


def test_load_demo_refuses_under_production_settings():
    from kinship.core.tests.test_settings import GOOD_KEY, run_manage

    result = run_manage("load_demo", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "not the demo settings" in result.stderr
    assert "demo-staff-password" not in result.stdout + result.stderr


def test_load_demo_outside_the_demo_needs_the_flag_and_then_prints_a_random_password(settings):
    import io

    from django.contrib.auth.models import User
    from django.core.management import CommandError

    settings.KINSHIP_DEMO = False
    settings.KINSHIP_DATA_DIR = ""
    with pytest.raises(CommandError, match="not the demo settings"):
        call_command("load_demo")
    assert not Campaign.objects.exists()

    out = io.StringIO()
    call_command("load_demo", "--allow-outside-demo", stdout=out)
    password = out.getvalue().split("demo-staff / ")[1].split()[0]

    assert password != "demo-staff-password" and len(password) >= 20
    user = User.objects.get(username="demo-staff")
    assert user.check_password(password) and not user.check_password("demo-staff-password")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kinship.core.demo import DEMO_STAFF_TOTP_KEY, DemoStaffCredentials

    key = TOTPDevice.objects.get(user=user, confirmed=True).key
    assert key != DEMO_STAFF_TOTP_KEY
    assert DemoStaffCredentials(password, key).totp_secret in out.getvalue()


def test_demo_staff_has_the_three_staff_groups_and_is_not_a_superuser():
    from django.contrib.auth.models import User

    User.objects.create_superuser("demo-staff", password="left-over-from-an-old-demo")  # older demos
    call_command("load_demo")
    user = User.objects.get(username="demo-staff")

    assert user.is_staff and not user.is_superuser
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kinship.core.demo import DEMO_STAFF_TOTP_KEY

    assert TOTPDevice.objects.get(user=user, confirmed=True).key == DEMO_STAFF_TOTP_KEY
    assert sorted(user.groups.values_list("name", flat=True)) == [
        "Campaign editors",
        "Data stewards",
        "Moderators",
        "Scorecard managers",  # so the demo shows the scorecard's staff pages
    ]
