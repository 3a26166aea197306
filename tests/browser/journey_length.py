"""How long a carer's journey is on a phone: from the campaign page to a confirmed-and-sent
message, walked in Chromium at 390x844 the way a person would (imported by the journey test,
which `bench/journey_length.py` runs and reports).

What is counted, per journey:
- screens: every page the carer has to look at, the confirmation email included;
- fields: every box, tick or text the carer has to fill in or change;
- taps: every button or link pressed;
- viewport-heights: on each screen, how far down the carer must scroll to reach the last thing
  they need there (a control they use, or the words that tell them it worked), in 844 px
  screens, added up over the journey. Measured from the page's layout, not from where
  Playwright happens to scroll, so the figure is repeatable.

The walk takes the shortest path each page offers (a postcode box near the top of the campaign
page when there is one, otherwise the action's own link), so the same walk measures the
journey before and after it is shortened.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

WIDTH, HEIGHT = 390, 844

STORY = (
    "My grandson came to live with us when he was three. For a year we had no help at all and I had "
    "to give up work. An allowance would have made all the difference."
)

BOTTOM_JS = "el => el.getBoundingClientRect().bottom + window.scrollY"


@dataclass
class Screen:
    name: str
    url: str
    furthest_px: float = 0.0

    @property
    def viewports_scrolled(self) -> float:
        return max(0.0, self.furthest_px - HEIGHT) / HEIGHT


@dataclass
class Journey:
    action: str
    postcode: str
    fields: int = 0
    taps: int = 0
    screens: list[Screen] = field(default_factory=list)
    final_states: list[str] = field(default_factory=list)

    @property
    def viewports_scrolled(self) -> float:
        return round(sum(s.viewports_scrolled for s in self.screens), 2)

    def summary(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "postcode": self.postcode,
            "screens": len(self.screens),
            "fields": self.fields,
            "taps": self.taps,
            "viewport_heights_scrolled": self.viewports_scrolled,
            "per_screen": [
                {"screen": s.name, "viewport_heights": round(s.viewports_scrolled, 2)} for s in self.screens
            ],
            "final_states": self.final_states,
        }


class Walker:
    """Drives the page and keeps the counts."""

    def __init__(self, page: Any, journey: Journey) -> None:
        self.page = page
        self.journey = journey

    # ---- counting
    def screen(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.journey.screens.append(Screen(name=name, url=self.page.url))

    def email_screen(self) -> None:
        # The carer reads one short email and presses its button: a screen, no scrolling counted.
        self.journey.screens.append(Screen(name="the confirmation email", url="(email)"))
        self.journey.taps += 1

    def _reach(self, locator: Any) -> None:
        bottom = float(locator.evaluate(BOTTOM_JS))
        current = self.journey.screens[-1]
        current.furthest_px = max(current.furthest_px, bottom)

    def see(self, locator: Any) -> None:
        locator.first.wait_for()
        self._reach(locator.last)

    def fill(self, locator: Any, value: str) -> None:
        self._reach(locator)
        locator.fill(value)
        self.journey.fields += 1

    def tap(self, locator: Any) -> None:
        self._reach(locator)
        self.journey.taps += 1
        locator.click()


def _main(page: Any) -> Any:
    return page.locator("main")


def walk_to_sent(
    page: Any,
    base: str,
    *,
    campaign_slug: str,
    action_slug: str,
    action_title: str,
    postcode: str,
    email: str,
    confirm_link: Any,
) -> Journey:
    """Walk from the campaign page to the page that says the message went.

    `confirm_link(email)` returns the confirmation link from the email sent to `email`.
    """
    journey = Journey(action=action_slug, postcode=postcode)
    w = Walker(page, journey)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(f"{base}/campaigns/{campaign_slug}/")
    w.screen("campaign page")
    main = _main(page)
    box = main.locator("form[data-journey=postcode] input[name=postcode]")
    if box.count():
        w.fill(box.first, postcode)
        w.tap(main.locator("form[data-journey=postcode] button[type=submit]").first)
        w.screen("actions for your postcode")
        w.tap(_main(page).locator(f"a[href*='/actions/{action_slug}/']").first)
    else:
        w.tap(main.get_by_role("link", name=action_title, exact=True).first)
        w.screen("action page")
        w.fill(_main(page).get_by_label(re.compile("postcode", re.I)).first, postcode)
        w.tap(_main(page).get_by_role("button", name="Continue"))
    w.screen("write your message")
    main = _main(page)
    w.fill(main.get_by_label("First name"), "Gwen")
    w.fill(main.get_by_label("Last name"), "Jones")
    w.fill(main.get_by_label("Email address"), email)
    w.fill(main.get_by_label("Address line 1"), "1 Maple Road")
    w.fill(main.get_by_label("Town or city"), "Fictionham")
    body = main.get_by_label("Your message")
    text = re.sub(r"\[[^\]]{10,}\]", STORY, body.input_value())
    w.fill(body, text)
    w.tap(main.get_by_role("button", name=re.compile("^Preview|^Check your message")))
    w.screen("check your message")
    w.tap(_main(page).get_by_role("button", name="Send", exact=True))
    w.screen("check your email")
    w.see(_main(page).get_by_role("heading", name="Check your email"))
    w.email_screen()
    page.goto(confirm_link(email))
    w.screen("confirm")
    w.tap(_main(page).get_by_role("button", name="Confirm and send"))
    w.screen("sent")
    statuses = _main(page).locator(".kc-status")
    w.see(statuses)
    journey.final_states = [s.strip() for s in statuses.all_inner_texts()]
    return journey


def figures_table(journeys: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table (bench output and bench/README.md)."""
    lines = [
        "| action | postcode | screens | fields filled | taps | viewport-heights scrolled |",
        "|---|---|---|---|---|---|",
    ]
    for j in journeys:
        lines.append(
            f"| {j['action']} | {j['postcode']} | {j['screens']} | {j['fields']} | {j['taps']} | "
            f"{j['viewport_heights_scrolled']} |"
        )
    return "\n".join(lines)


def as_dict(journey: Journey) -> dict[str, Any]:
    return {**asdict(journey), **journey.summary()}
