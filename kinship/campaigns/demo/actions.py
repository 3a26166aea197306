"""Demo actions on #ValueOurLove: one of each kind, so every journey can be tried from `make demo`.
Fixed targets (the demo minister, a council to phone) come from the representatives app."""

from __future__ import annotations

from typing import Any

from kinship.campaigns.models import Action, ActionKind, ActionVariant, Campaign
from kinship.representatives.models import Office, Person, Role, Source
from kinship.representatives.selectors import national_offices

MINISTER_NAME = "Demo Minister for Children and Families"
MINISTER_EMAIL = "minister@demo.kinship-campaigns.example.org"

TOOLKIT_MEETING_ADVICE = (
    "Be polite, collaborative and confident: you are the expert on what your family lives with.\n\n"
    "Ask for a short meeting, say what you would like to talk about, and offer a couple of times. "
    "Bring one or two clear asks and a short story about what happened and what would have helped.\n\n"
    "Afterwards, send a thank-you note that repeats what was agreed."
)


def _minister_office() -> Office:
    for entry in national_offices(role=Role.MINISTER):
        office = Office.objects.filter(pk=entry.office_id or 0).first()
        if office and office.email and office.accepts_email:
            return office
    person, _ = Person.objects.get_or_create(name=MINISTER_NAME, defaults={"is_demo": True})
    office, _ = Office.objects.update_or_create(
        person=person,
        role=Role.MINISTER,
        area=None,
        defaults={
            "portfolio": "Minister for Children and Families (demo)",
            "email": MINISTER_EMAIL,
            "postal_address": "Department for Education\nSanctuary Buildings\n20 Great Smith Street\nLondon\nSW1P 3BT",
            "accepts_email": True,
            "source": Source.DEMO,
        },
    )
    return office


def _phone_office() -> Office:
    person, _ = Person.objects.get_or_create(
        name="Department for Education enquiries (demo)", defaults={"is_demo": True}
    )
    office, _ = Office.objects.update_or_create(
        person=person,
        role=Role.OTHER,
        area=None,
        # 020 7946 0xxx is set aside by Ofcom for drama: it reaches nobody.
        defaults={"phone": "020 7946 0000", "accepts_email": False, "source": Source.DEMO},
    )
    return office


def _action(campaign: Campaign, slug: str, **fields: Any) -> Action:
    action, _ = Action.objects.update_or_create(slug=slug, defaults={"campaign": campaign, **fields})
    return action


def load_demo_actions() -> list[str]:
    """Create or refresh the demo actions on #ValueOurLove (after the campaign exists)."""
    campaign = Campaign.objects.filter(slug="value-our-love").first()
    if campaign is None:
        return []
    minister = _minister_office()
    actions = [
        _action(
            campaign,
            "email-the-minister",
            kind=ActionKind.EMAIL_FIXED,
            title="Email the Minister",
            title_cy="E-bostio'r Gweinidog",
            summary="Send one quick email to the Minister asking for equal allowances for kinship families.",
            summary_cy="Anfonwch un e-bost cyflym at y Gweinidog yn gofyn am lwfansau cyfartal.",
            guidance=(
                "Keep it short and personal. Say who you care for (no names needed) and what an allowance "
                "would change for your family."
            ),
            guidance_cy=(
                "Cadwch hi'n fyr ac yn bersonol. Dywedwch pwy rydych chi'n gofalu amdanyn nhw (does dim angen "
                "enwau) a beth fyddai lwfans yn ei newid i'ch teulu."
            ),
            target_office=minister,
            target_roles=["minister"],
            covers_england=True,
            covers_wales=False,
            covers_scotland=False,
            subject_template="Please value kinship families' love equally",
            body_template=(
                "I am a kinship carer. I am writing to ask you to make financial allowances for kinship "
                "families equal to those for foster families.\n\n"
                "[Tell the Minister in a sentence or two what happened and what would have helped.]\n\n"
                "Children in kinship care have lived through the same things as children in foster care. "
                "Please make sure they get the same support."
            ),
            display_order=1,
        ),
        _action(
            campaign,
            "email-your-mp",
            kind=ActionKind.EMAIL_POSTCODE,
            title="Email your MP",
            title_cy="E-bostio eich AS",
            summary="Ask your MP to press the government for equal support for kinship families.",
            summary_cy="Gofynnwch i'ch AS bwyso ar y llywodraeth am yr un gefnogaeth i deuluoedd sy'n berthnasau.",
            guidance=(
                "MPs only take up cases from their own constituents, so we ask for your full address and put it "
                "at the end of your email. Add your own story: what happened, and what would have helped."
            ),
            guidance_cy=(
                "Dim ond achosion gan eu hetholwyr eu hunain y mae ASau yn eu codi, felly rydyn ni'n gofyn am "
                "eich cyfeiriad llawn ac yn ei roi ar ddiwedd eich e-bost. Ychwanegwch eich stori eich hun: beth "
                "ddigwyddodd, a beth fyddai wedi helpu."
            ),
            target_roles=["mp"],
            covers_england=True,
            covers_wales=True,
            covers_scotland=True,
            subject_template="Support for kinship families in {{ constituency }}",
            body_template=(
                "I live in {{ constituency }} and I am a kinship carer.\n\n"
                "[Tell your MP what happened and what would have helped your family.]\n\n"
                "Please ask the government to make allowances, training and paid leave for kinship carers "
                "equal to what foster and adoptive families receive, and tell me what you will do."
            ),
            subject_template_cy="Cymorth i deuluoedd sy'n berthnasau yn {{ constituency }}",
            body_template_cy=(
                "Rwy'n byw yn {{ constituency }} ac rwy'n ofalwr sy'n berthynas.\n\n"
                "[Dywedwch wrth eich AS beth ddigwyddodd a beth fyddai wedi helpu eich teulu.]\n\n"
                "Gofynnwch i'r llywodraeth roi'r un lwfansau, hyfforddiant ac absenoldeb â thâl i ofalwyr sy'n "
                "berthnasau ag y mae teuluoedd maeth a theuluoedd mabwysiadol yn eu cael, a dywedwch wrthyf beth "
                "fyddwch chi'n ei wneud."
            ),
            display_order=2,
        ),
        _action(
            campaign,
            "email-your-councillors",
            kind=ActionKind.EMAIL_POSTCODE,
            title="Email the people who run children's services near you",
            title_cy="E-bostio'r bobl sy'n rhedeg gwasanaethau plant yn eich ardal",
            summary="Write to your MP, your council's lead member for children's services and your ward councillors.",
            summary_cy=(
                "Ysgrifennwch at eich AS, aelod arweiniol eich cyngor dros wasanaethau plant a chynghorwyr eich ward."
            ),
            guidance="You can untick anyone you do not want to write to.",
            guidance_cy="Gallwch ddad-dicio unrhyw un nad ydych am ysgrifennu ato.",
            target_roles=["mp", "lead_member_children", "leader", "elected_mayor", "ward_councillor", "ms"],
            covers_england=True,
            covers_wales=True,
            covers_scotland=False,
            subject_template="Equal support for kinship families in {{ council }}",
            body_template=(
                "I am a kinship carer living in the area of {{ council }}.\n\n"
                "[Tell them what happened and what would have helped.]\n\n"
                "Please make sure {{ council }} publishes a clear kinship offer and pays allowances equal to "
                "those for foster carers."
            ),
            subject_template_cy="Yr un gefnogaeth i deuluoedd sy'n berthnasau yn {{ council }}",
            body_template_cy=(
                "Rwy'n ofalwr sy'n berthynas yn ardal {{ council }}.\n\n"
                "[Dywedwch beth ddigwyddodd a beth fyddai wedi helpu.]\n\n"
                "Gwnewch yn siŵr bod {{ council }} yn cyhoeddi cynnig clir i deuluoedd sy'n berthnasau ac yn talu "
                "lwfansau sy'n gyfartal â'r rhai i ofalwyr maeth."
            ),
            display_order=3,
        ),
        _action(
            campaign,
            "letter-to-your-lead-member",
            kind=ActionKind.LETTER,
            title="Write to your council's lead member for children's services",
            title_cy="Ysgrifennu at aelod arweiniol eich cyngor dros wasanaethau plant",
            summary="Print a letter to post: a paper letter on a councillor's desk is hard to ignore.",
            summary_cy="Argraffwch lythyr i'w bostio: mae'n anodd anwybyddu llythyr papur ar ddesg cynghorydd.",
            guidance="We make an A4 letter with your address, theirs and today's date. Sign it and post it.",
            guidance_cy=(
                "Rydyn ni'n gwneud llythyr A4 gyda'ch cyfeiriad chi, eu cyfeiriad nhw a dyddiad heddiw. "
                "Llofnodwch ef a'i bostio."
            ),
            target_roles=["lead_member_children"],
            covers_england=True,
            covers_wales=True,
            covers_scotland=False,
            subject_template="Support for kinship families",
            subject_template_cy="Cymorth i deuluoedd sy'n berthnasau",
            body_template=(
                "I am writing as a kinship carer in {{ council }}.\n\n"
                "[Tell them what happened and what would have helped.]\n\n"
                "As lead member for children's services, please make sure kinship families get the same support "
                "as foster families. I would welcome a reply."
            ),
            body_template_cy=(
                "Rwy'n ysgrifennu fel gofalwr sy'n berthynas yn {{ council }}.\n\n"
                "[Dywedwch beth ddigwyddodd a beth fyddai wedi helpu.]\n\n"
                "Fel aelod arweiniol dros wasanaethau plant, gwnewch yn siŵr bod teuluoedd perthnasau'n cael yr "
                "un gefnogaeth â theuluoedd maeth. Byddwn yn croesawu ateb."
            ),
            display_order=4,
        ),
        _action(
            campaign,
            "phone-your-council",
            kind=ActionKind.PHONE,
            title="Phone the Department for Education",
            title_cy="Ffonio'r Adran Addysg",
            summary="A two-minute call, with a script. Calls are logged anonymously.",
            summary_cy="Galwad dwy funud, gyda sgript.",
            guidance="Be polite and brief. The person who answers will pass your message on.",
            guidance_cy="Byddwch yn gwrtais ac yn gryno. Bydd y person sy'n ateb yn trosglwyddo eich neges.",
            target_office=_phone_office(),
            target_roles=["other"],
            covers_england=True,
            covers_wales=False,
            covers_scotland=False,
            phone_script=(
                "Hello, I am a kinship carer. I am calling to ask the Department to make financial allowances "
                "for kinship families equal to those for foster families. Could you please pass that on to the "
                "Minister, and tell me how I can hear back? Thank you."
            ),
            display_order=5,
        ),
        _action(
            campaign,
            "ask-your-mp-to-meet",
            kind=ActionKind.MEETING,
            title="Ask your MP for a meeting",
            title_cy="Gofyn i'ch AS am gyfarfod",
            summary="Ask to meet your MP at their surgery to talk about kinship care.",
            summary_cy="Gofynnwch am gael cwrdd â'ch AS yn ei gymhorthfa i siarad am ofal gan berthnasau.",
            guidance=TOOLKIT_MEETING_ADVICE,
            target_roles=["mp"],
            covers_england=True,
            covers_wales=True,
            covers_scotland=True,
            subject_template="Request for a meeting about kinship care",
            body_template=(
                "I am a kinship carer in {{ constituency }} and I would like to meet you, at your surgery or "
                "wherever suits you, to talk about the support kinship families need.\n\n"
                "[Say in a sentence what you would like to talk about.]\n\n"
                "I can bring a short summary of the changes kinship carers are asking for. Please let me know "
                "some times that would work."
            ),
            subject_template_cy="Cais am gyfarfod am ofal gan berthnasau",
            body_template_cy=(
                "Rwy'n ofalwr sy'n berthynas yn {{ constituency }} a hoffwn gwrdd â chi, yn eich cymhorthfa neu "
                "lle bynnag sy'n gyfleus i chi, i siarad am y gefnogaeth sydd ei hangen ar deuluoedd sy'n "
                "berthnasau.\n\n"
                "[Dywedwch mewn brawddeg beth yr hoffech siarad amdano.]\n\n"
                "Gallaf ddod â chrynodeb byr o'r newidiadau y mae gofalwyr sy'n berthnasau yn gofyn amdanynt. "
                "Rhowch wybod i mi am rai amseroedd a fyddai'n gyfleus."
            ),
            display_order=6,
        ),
    ]
    mp_action = actions[1]
    ActionVariant.objects.filter(action=mp_action).delete()
    ActionVariant.objects.create(
        action=mp_action,
        subject_template="A kinship carer in {{ constituency }} asking for your help",
        body_template=(
            "As one of your constituents, I am raising a child who could not live with their parents.\n\n"
            "[Tell your MP what happened and what would have helped your family.]\n\n"
            "Please press ministers to give kinship families the same allowances and support as foster "
            "families, and let me know what you will do."
        ),
    )
    return [f"action: {a.title}" for a in actions]
