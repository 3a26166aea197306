"""Whole-site loaders: each app loads its own data; these run them in dependency order
(places, then people, then campaigns and their actions)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.core.demo import DEMO_STAFF_USERNAME, DemoStaffCredentials, demo_staff_ensure
from kinship.geography.demo import load_demo_places
from kinship.geography.importers.load import load_open_places
from kinship.petitions.demo import load_demo_petitions
from kinship.representatives.demo import load_demo_people
from kinship.representatives.importers import load_open_mps
from kinship.representatives.registry import load_open_registry
from kinship.scorecard.demo import demo_staff_scorecard_roles, load_demo_scorecard
from kinship.stats.loaders import load_demo_stats, load_open_stats

Say = Callable[[str], None]


def open_data_load(
    folder: Path, *, say: Say = print, postcodes: bool = True, force_postcodes: bool = False
) -> None:
    """Every open file the platform understands, in order: areas and postcodes, then the open MP
    list and the registry of councils' democracy sites, then the maps (hexes, boundaries) and the
    overlaps derived from the postcodes."""
    load_open_places(folder, say=say, postcodes=postcodes, force_postcodes=force_postcodes)
    for line in [*load_open_mps(folder), *load_open_registry(folder)]:
        say(line)
    load_open_stats(folder, say=say)


def demo_load(*, credentials: DemoStaffCredentials, say: Say = print, data_dir: str = "") -> None:
    """Everything the demo needs: the open data in `data_dir` (or the fictional places and
    people), the demo campaigns and their actions, and a demo staff login with `credentials`
    (ask `kinship.core.demo.demo_staff_credentials` first: it refuses outside the demo)."""
    if data_dir:
        say(f"Loading open data from {data_dir}")
        open_data_load(Path(data_dir), say=say)
    else:
        for line in [*load_demo_places(), *load_demo_people(), *load_demo_stats()]:
            say(line)
    for line in [*load_demo_campaigns(), *load_demo_petitions()]:
        say(line)
    # The scorecard's examples are for the fictional demo councils only (real ones stay "not yet assessed").
    for line in load_demo_scorecard():
        say(line)
    demo_staff_ensure(credentials=credentials)
    say(demo_staff_scorecard_roles(username=DEMO_STAFF_USERNAME))
    say(f"Staff login for the demo: {DEMO_STAFF_USERNAME} / {credentials.password} at /staff/admin/")
    say(f"Its authenticator app key (for two-step verification, when it is on): {credentials.totp_secret}")
