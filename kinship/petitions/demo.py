"""Demo petitions on #ValueOurLove: a petition to the Minister and an open letter to councils.
Run after the demo campaigns (`kinship.site.loaders` does)."""

from __future__ import annotations

from typing import Any

from kinship.campaigns.models import Action, ActionKind, Campaign
from kinship.petitions.models import Petition

PETITION_SLUG = "value-our-love-petition"
OPEN_LETTER_SLUG = "open-letter-to-council-leaders"

DEMOS: list[dict[str, Any]] = [
    {
        "slug": PETITION_SLUG,
        "action": {
            "kind": ActionKind.PETITION,
            "title": "Value our love: equal support for kinship families",
            "title_cy": "Gwerthfawrogi ein cariad: cymorth cyfartal i deuluoedd sy'n berthnasau",
            "summary": "Join thousands of kinship carers and supporters calling on the new government to value our love.",
            "summary_cy": "Ymunwch â miloedd o ofalwyr sy'n berthnasau a chefnogwyr sy'n galw ar y llywodraeth newydd i werthfawrogi ein cariad.",
            "display_order": 7,
        },
        "petition": {
            "text": (
                "Kinship carers step in to raise children who cannot live with their parents. They save the state "
                "billions, yet most get no allowance and little support.\n\n"
                "We call on the government to give every kinship family the same allowance and support as foster "
                "families, and paid leave for carers who take a child in."
            ),
            "text_cy": (
                "Mae gofalwyr sy'n berthnasau yn camu i mewn i fagu plant na allant fyw gyda'u rhieni. Maen nhw'n "
                "arbed biliynau i'r wladwriaeth, ond nid yw'r rhan fwyaf yn cael lwfans na llawer o gymorth.\n\n"
                "Rydym yn galw ar y llywodraeth i roi'r un lwfans a chymorth i bob teulu sy'n berthnasau ag a gaiff "
                "teuluoedd maeth, a chyfnod o absenoldeb â thâl i ofalwyr sy'n cymryd plentyn i mewn."
            ),
            "target_name": "The Secretary of State for Education",
            "target_name_cy": "Yr Ysgrifennydd Gwladol dros Addysg",
            "target_email": "minister@education.example.org",
            "goal": 10000,
            "milestones": [1000, 10000],
            "names_public": False,
        },
    },
    {
        "slug": OPEN_LETTER_SLUG,
        "action": {
            "kind": ActionKind.OPEN_LETTER,
            "title": "Open letter to council leaders",
            "title_cy": "Llythyr agored at arweinwyr cynghorau",
            "summary": "Add your name to our open letter asking every council to publish a fair kinship care policy.",
            "summary_cy": "Ychwanegwch eich enw at ein llythyr agored yn gofyn i bob cyngor gyhoeddi polisi teg ar ofal gan berthnasau.",
            "display_order": 8,
        },
        "petition": {
            "text": (
                "Dear council leaders,\n\n"
                "Please publish a clear, fair kinship care policy, tell every kinship family what help they can "
                "get, and name someone they can call."
            ),
            "text_cy": (
                "Annwyl arweinwyr cynghorau,\n\n"
                "Cyhoeddwch bolisi clir a theg ar ofal gan berthnasau, dywedwch wrth bob teulu sy'n berthnasau pa "
                "gymorth y gallant ei gael, ac enwch rywun y gallant ei ffonio."
            ),
            "target_name": "Council leaders in England and Wales",
            "target_name_cy": "Arweinwyr cynghorau yng Nghymru a Lloegr",
            "target_email": "leaders@councils.example.org",
            "goal": 500,
            "names_public": True,
        },
    },
]


def load_demo_petitions() -> list[str]:
    """Create or refresh the demo petition and open letter (after the demo campaigns)."""
    campaign = Campaign.objects.filter(slug="value-our-love").first()
    if campaign is None:
        return []
    lines = []
    for demo in DEMOS:
        action, _ = Action.objects.update_or_create(
            slug=demo["slug"],
            defaults={"campaign": campaign, "covers_scotland": True, **demo["action"]},
        )
        Petition.objects.update_or_create(action=action, defaults=demo["petition"])
        lines.append(f"petition: {action.title}")
    return lines
