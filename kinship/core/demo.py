"""Demo data must never reach a real installation by accident.

`load_demo` asks `demo_staff_credentials()` before it loads anything: under the demo settings
(`KINSHIP_DEMO`) the demo staff login has its published password and authenticator key;
anywhere else the command refuses unless it was given `--allow-outside-demo`, and then both
are random (and printed once). The demo staff login gets the three staff groups, never
superuser rights, and is enrolled for two-step verification.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS, ensure_staff_groups

DEMO_STAFF_USERNAME = "demo-staff"
DEMO_STAFF_PASSWORD = "demo-staff-password"  # published: only ever used under the demo settings
# Published too: the demo staff login's authenticator app key (hex, as django-otp stores it).
DEMO_STAFF_TOTP_KEY = "4b696e73686970436172657273446d6f53746166"


@dataclass(frozen=True)
class DemoStaffCredentials:
    password: str
    totp_key: str  # hex

    @property
    def totp_secret(self) -> str:
        """The key as authenticator apps take it (base32)."""
        return base64.b32encode(bytes.fromhex(self.totp_key)).decode("ascii").rstrip("=")


class DemoRefusedError(Exception):
    """Demo data was asked for outside the demo settings without the explicit flag."""


def demo_staff_credentials(*, allow_outside_demo: bool) -> DemoStaffCredentials:
    """The demo staff login's password and authenticator key, or DemoRefusedError when demo data
    must not be loaded here."""
    if settings.KINSHIP_DEMO:
        return DemoStaffCredentials(password=DEMO_STAFF_PASSWORD, totp_key=DEMO_STAFF_TOTP_KEY)
    if not allow_outside_demo:
        raise DemoRefusedError(
            "These are not the demo settings (KINSHIP_DEMO is off): demo data and a demo staff login "
            "would be loaded into a real installation. Use DJANGO_SETTINGS_MODULE=config.settings.dev, "
            "or pass --allow-outside-demo to load it anyway with a random staff password."
        )
    return DemoStaffCredentials(password=secrets.token_urlsafe(18), totp_key=secrets.token_hex(20))


def demo_staff_ensure(*, credentials: DemoStaffCredentials) -> AbstractUser:
    """Create or refresh the demo staff login: staff, in the three staff groups, not a superuser,
    with its authenticator app already set up."""
    ensure_staff_groups()
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=DEMO_STAFF_USERNAME)
    user.is_staff = True
    user.is_superuser = False
    user.set_password(credentials.password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=[CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS]))
    TOTPDevice.objects.filter(user=user).exclude(name="Demo app").delete()
    TOTPDevice.objects.update_or_create(
        user=user, name="Demo app", defaults={"key": credentials.totp_key, "confirmed": True}
    )
    return user
