"""Share links: plain links to each service's own share page (no third-party scripts, no
tracking pixels, nothing loaded until the person taps one)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ShareLink:
    service: str
    label: str
    href: str


def share_links(*, url: str, text: str) -> list[ShareLink]:
    """Links that share `url` with `text`: email, WhatsApp, Facebook and X."""
    both = f"{text} {url}"
    return [
        ShareLink(
            "email", _("Email"), f"mailto:?{urlencode({'subject': text, 'body': both}, quote_via=quote)}"
        ),
        ShareLink("whatsapp", _("WhatsApp"), f"https://wa.me/?{urlencode({'text': both}, quote_via=quote)}"),
        ShareLink(
            "facebook",
            _("Facebook"),
            f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url}, quote_via=quote)}",
        ),
        ShareLink(
            "x",
            _("X (Twitter)"),
            f"https://twitter.com/intent/tweet?{urlencode({'text': text, 'url': url}, quote_via=quote)}",
        ),
    ]
