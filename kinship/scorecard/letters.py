"""The "ask your council to fix this" letter: the words a carer starts from, naming the gaps the
scorecard found. Sent through the actions machinery (kinship.messaging), never from here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kinship.core.i18n import localised
from kinship.scorecard.selectors import Scorecard


def gap_letter(card: Scorecard, *, council_name: str, page_url: str) -> tuple[str, str]:
    """(subject, body) in the active language. The greeting and sign-off are added when it is sent."""
    gaps = [localised(c, "gap_text") or localised(c, "question") for c in card.gaps]
    subject = _("Support for kinship carers in %(council)s") % {"council": council_name}
    opening = _(
        "I am writing about the support %(council)s gives kinship carers: the grandparents, aunts, "
        "uncles, siblings and friends raising children who cannot live with their parents."
    ) % {"council": council_name}
    if card.rating:
        found = _(
            "An independent scorecard, checked against the council's own website and offered to the "
            'council for its reply before publication, rates %(council)s as "%(rating)s".'
        ) % {"council": council_name, "rating": card.rating_words}
    else:
        found = ""
    if gaps:
        asks = _("Please will the council:") + "\n" + "\n".join(f"- {gap}" for gap in gaps)
    else:
        asks = _(
            "Please will the council keep its support for kinship carers up to date, and tell carers about it."
        )
    close = _(
        "Please tell me what the council will do about this, and by when. The scorecard and its evidence "
        "are at %(url)s"
    ) % {"url": page_url}
    return subject, "\n\n".join(part for part in (opening, found, asks, close) if part)
