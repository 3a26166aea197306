"""Whole-site loaders: each app loads its own data; these run them in dependency order
(places, then people, then campaigns and their actions)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS
from kinship.geography.demo import load_demo_places
from kinship.geography.importers.load import load_open_places
from kinship.representatives.demo import load_demo_people
from kinship.representatives.importers import load_open_mps

Say = Callable[[str], None]

DEMO_STAFF_USERNAME = "demo-staff"
DEMO_STAFF_PASSWORD = "demo-staff-password"  # demo only: the dev settings never run in production


def open_data_load(
    folder: Path, *, say: Say = print, postcodes: bool = True, force_postcodes: bool = False
) -> None:
    """Every open file the platform understands, in order: areas and postcodes, then the open MP list."""
    load_open_places(folder, say=say, postcodes=postcodes, force_postcodes=force_postcodes)
    for line in load_open_mps(folder):
        say(line)


def demo_load(*, say: Say = print, data_dir: str = "") -> None:
    """Everything the demo needs: the open data in `data_dir` (or the fictional places and
    people), the demo campaigns and their actions, and a demo staff login."""
    if data_dir:
        say(f"Loading open data from {data_dir}")
        open_data_load(Path(data_dir), say=say)
    else:
        for line in [*load_demo_places(), *load_demo_people()]:
            say(line)
    for line in load_demo_campaigns():
        say(line)
    say(demo_staff_ensure())


def demo_staff_ensure() -> str:
    """The demo staff login, in every staff group; returns the line to print."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_STAFF_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_password(DEMO_STAFF_PASSWORD)
        user.save()
    user.groups.set(Group.objects.filter(name__in=[CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS]))
    return f"Staff login for the demo: {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASSWORD} at /staff/admin/"
