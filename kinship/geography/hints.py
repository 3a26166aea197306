"""The hint under a postcode box. In the demo (fictional places loaded under the demo settings)
it gives the demo postcodes, one for each kind of place, so people trying the demo can type one;
anywhere else an ordinary example."""

from __future__ import annotations

import time

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# One demo postcode for each outcome worth trying (the README and the demo home page list them).
DEMO_POSTCODES = [
    ("XX1 1AA", gettext_lazy("a county and district council (two-tier)")),
    ("XX2 1AA", gettext_lazy("a unitary council")),
    ("XX3 1AA", gettext_lazy("Wales")),
    ("XX4 1AA", gettext_lazy("the council is not known")),
    ("XX9 9ZZ", gettext_lazy("a postcode no longer in use")),
    ("XY1 1AA", gettext_lazy("Scotland")),
    ("XZ1 1AA", gettext_lazy("Northern Ireland")),
]

_MEMO: dict[str, tuple[float, bool]] = {}


def demo_places_loaded() -> bool:
    """Whether this is the demo with its fictional places (re-checked once a minute per process)."""
    if not getattr(settings, "KINSHIP_DEMO", False):
        return False
    now = time.monotonic()
    cached = _MEMO.get("loaded")
    if cached and cached[0] > now:
        return cached[1]
    from kinship.geography.models import Postcode

    loaded = Postcode.objects.filter(postcode=DEMO_POSTCODES[0][0]).exists()
    _MEMO["loaded"] = (now + 60, loaded)
    return loaded


def postcode_hint() -> str:
    """ "For example, SW1A 1AA", or in the demo the demo postcodes to try."""
    if demo_places_loaded():
        return _("This is a demo. Try %(codes)s.") % {
            "codes": ", ".join(code for code, _label in DEMO_POSTCODES[:3])
        }
    return _("For example, SW1A 1AA")


def demo_postcodes() -> list[tuple[str, str]]:
    """The demo postcodes with what each shows, when the demo's places are loaded; else none."""
    return [(code, str(label)) for code, label in DEMO_POSTCODES] if demo_places_loaded() else []
