"""Demo data must never reach a real installation by accident.

`load_demo` asks `demo_staff_password()` before it loads anything: under the demo settings
(`KINSHIP_DEMO`) the demo staff login has its published password; anywhere else the command
refuses unless it was given `--allow-outside-demo`, and then the password is random (and
printed once). The demo staff login gets the three staff groups, never superuser rights.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group

from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS, ensure_staff_groups

DEMO_STAFF_USERNAME = "demo-staff"
DEMO_STAFF_PASSWORD = "demo-staff-password"  # published: only ever used under the demo settings


class DemoRefusedError(Exception):
    """Demo data was asked for outside the demo settings without the explicit flag."""


def demo_staff_password(*, allow_outside_demo: bool) -> str:
    """The password to give the demo staff login, or DemoRefusedError when demo data must not
    be loaded here."""
    if settings.KINSHIP_DEMO:
        return DEMO_STAFF_PASSWORD
    if not allow_outside_demo:
        raise DemoRefusedError(
            "These are not the demo settings (KINSHIP_DEMO is off): demo data and a demo staff login "
            "would be loaded into a real installation. Use DJANGO_SETTINGS_MODULE=config.settings.dev, "
            "or pass --allow-outside-demo to load it anyway with a random staff password."
        )
    return secrets.token_urlsafe(18)


def demo_staff_ensure(*, password: str) -> AbstractUser:
    """Create or refresh the demo staff login: staff, in the three staff groups, not a superuser."""
    ensure_staff_groups()
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=DEMO_STAFF_USERNAME)
    user.is_staff = True
    user.is_superuser = False
    user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=[CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS]))
    return user
