"""The demo campaigns: #ValueOurLove and the charity's earlier campaigns, then their actions
(`actions.py`: one of each kind, so every journey can be tried from `make demo`)."""

from __future__ import annotations

import datetime as dt

from kinship.campaigns.models import (
    Ask,
    Campaign,
    CampaignStatus,
    Commitment,
    CommitmentStatus,
    Fact,
    NewsItem,
)

ONS_CENSUS_KINSHIP = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/"
    "articles/kinshipcareinenglandandwales/census2021"
)
KINSHIP_SURVEY = "https://kinship.org.uk/"
STRATEGY_URL = (
    "https://www.gov.uk/government/publications/championing-kinship-care-national-kinship-care-strategy"
)
STABLE_HOMES_URL = (
    "https://www.gov.uk/government/consultations/childrens-social-care-stable-homes-built-on-love"
)
FFC_GUIDANCE_URL = "https://www.gov.uk/government/publications/family-and-friends-care-statutory-guidance-for-local-authorities"


def _replace_children(campaign: Campaign, model: type, rows: list[dict]) -> None:
    model.objects.filter(campaign=campaign).delete()  # type: ignore[attr-defined]
    for order, row in enumerate(rows):
        model.objects.create(campaign=campaign, order=order, **row)  # type: ignore[attr-defined]


def load_value_our_love() -> Campaign:
    campaign, _ = Campaign.objects.update_or_create(
        slug="value-our-love",
        defaults={
            "title": "Value Our Love",
            "title_cy": "Gwerthfawrogi Ein Cariad",
            "hashtag": "#ValueOurLove",
            "summary": (
                "Kinship carers step in to raise children who cannot live with their parents. "
                "They get far less support than foster or adoptive families. We are asking governments "
                "and councils to value their love equally."
            ),
            "summary_cy": (
                "Mae gofalwyr sy'n berthnasau yn camu i mewn i fagu plant na allant fyw gyda'u rhieni. "
                "Maen nhw'n cael llawer llai o gefnogaeth na theuluoedd maeth neu fabwysiadol. Rydyn ni'n "
                "gofyn i lywodraethau a chynghorau werthfawrogi eu cariad yn gyfartal."
            ),
            "story": (
                "All over England and Wales, family and friends are raising children who cannot live with "
                "their parents. They are grandparents, aunts, uncles, big brothers and sisters, and friends. "
                "Most took the children in at a moment's notice, often after a crisis.\n\n"
                "If those same children were in foster care, their carers would get an allowance, training "
                "and a social worker. Kinship carers often get none of these, even though the children have "
                "lived through the same things.\n\n"
                "In February 2023 we won a promise: the first national plan for kinship care. The plan came "
                "out in December 2023. Now we need every government and every council to make help equal."
            ),
            "story_cy": (
                "Ar draws Cymru a Lloegr, mae neiniau a theidiau, modrybedd, ewythrod, brodyr a chwiorydd "
                "hŷn a ffrindiau teulu yn magu plant na allant fyw gyda'u rhieni.\n\n"
                "Pe bai'r un plant mewn gofal maeth, byddai eu gofalwyr yn cael lwfans, hyfforddiant a "
                "gweithiwr cymdeithasol. Yn aml nid yw gofalwyr sy'n berthnasau yn cael dim o'r rhain.\n\n"
                "Ym mis Chwefror 2023 enillodd ein hymgyrch addewid o'r strategaeth gofal gan berthnasau "
                "genedlaethol gyntaf. Nawr mae angen i bob llywodraeth a phob cyngor wneud cefnogaeth yn gyfartal."
            ),
            "status": CampaignStatus.LIVE,
            "started_on": dt.date(2022, 9, 1),
            "display_order": 0,
            "supporter_goal": 10000,
        },
    )
    _replace_children(
        campaign,
        Ask,
        [
            {
                "title": "Equal financial allowances",
                "title_cy": "Lwfansau ariannol cyfartal",
                "explanation": "Give kinship families the same money as foster families, so no child goes "
                "without because of who is raising them.",
                "explanation_cy": "Gwneud lwfansau ariannol yn gyfartal rhwng teuluoedd maeth a theuluoedd "
                "perthnasau, fel nad oes plentyn yn mynd heb oherwydd pwy sy'n ei fagu.",
            },
            {
                "title": "Equal training and support",
                "title_cy": "Hyfforddiant a chefnogaeth gyfartal",
                "explanation": "Give kinship carers the same training and help that foster carers get.",
                "explanation_cy": "Rhoi'r un mynediad at hyfforddiant a chefnogaeth i ofalwyr sy'n berthnasau "
                "ag y mae gofalwyr maeth yn ei gael.",
            },
            {
                "title": "Equal paid leave",
                "title_cy": "Absenoldeb â thâl cyfartal",
                "explanation": "Give kinship carers the same paid time off as adoptive parents, so they can "
                "settle a child in and keep their job.",
                "explanation_cy": "Rhoi'r un absenoldeb â thâl â theuluoedd mabwysiadol, fel y gall gofalwyr "
                "helpu plentyn i setlo heb golli eu swydd.",
            },
            {
                "title": "Equal support for the children",
                "title_cy": "Cefnogaeth gyfartal i'r plant",
                "explanation": "Give the children the same help as children in care, at school and with "
                "their feelings and health.",
                "explanation_cy": "Rhoi'r un gefnogaeth i blant mewn gofal gan berthnasau ag i blant mewn gofal, "
                "gan gynnwys help yn yr ysgol a gyda'u hiechyd meddwl.",
            },
        ],
    )
    _replace_children(
        campaign,
        Fact,
        [
            {
                "figure": "141,000+",
                "text": "children are being raised in kinship care in England and Wales",
                "text_cy": "o blant yn cael eu magu mewn gofal gan berthnasau yng Nghymru a Lloegr",
                "source_name": "ONS, Kinship care in England and Wales: Census 2021",
                "source_url": ONS_CENSUS_KINSHIP,
            },
            {
                "figure": "8 in 10",
                "figure_cy": "8 o bob 10",
                "text": "kinship families are not getting the support they need from their council",
                "text_cy": "teulu perthnasau ddim yn cael y gefnogaeth sydd ei hangen arnynt gan eu cyngor",
                "source_name": "Kinship annual survey of kinship carers",
                "source_url": KINSHIP_SURVEY,
            },
            {
                "figure": "Nearly 1 in 8",
                "figure_cy": "Bron 1 o bob 8",
                "text": "kinship carers are worried about being able to continue caring",
                "text_cy": "gofalwr sy'n berthynas yn poeni am allu parhau i ofalu",
                "source_name": "Kinship annual survey of kinship carers",
                "source_url": KINSHIP_SURVEY,
            },
        ],
    )
    NewsItem.objects.filter(campaign=campaign).delete()
    NewsItem.objects.create(
        campaign=campaign,
        title="Victory: the government promises a national kinship care strategy",
        title_cy="Buddugoliaeth: y llywodraeth yn addo strategaeth gofal gan berthnasau genedlaethol",
        body=(
            "In February 2023 the government answered our campaign. It promised three things. A national "
            "plan for kinship care. £9 million for help and training for kinship carers. And to look at "
            "paying kinship families an allowance.\n\n"
            "Thank you to every carer and supporter who wrote, signed and shared."
        ),
        body_cy=(
            "Ym mis Chwefror 2023 atebodd y llywodraeth ein hymgyrch. Addawodd y strategaeth gofal gan "
            "berthnasau genedlaethol gyntaf, rhaglen £9 miliwn o gefnogaeth a hyfforddiant, ac i ystyried "
            "lwfansau ariannol i deuluoedd perthnasau."
        ),
        published_on=dt.date(2023, 2, 2),
        source_url=STABLE_HOMES_URL,
    )
    NewsItem.objects.create(
        campaign=campaign,
        title="The national kinship care strategy is published",
        title_cy="Cyhoeddi'r strategaeth gofal gan berthnasau genedlaethol",
        body=(
            "In December 2023 the government put out its plan, called 'Championing kinship care'. It is "
            "a start. But the money kinship families get is still not equal."
        ),
        body_cy=(
            "Ym mis Rhagfyr 2023 cyhoeddodd y llywodraeth 'Hyrwyddo gofal gan berthnasau', y strategaeth "
            "genedlaethol a addawyd ym mis Chwefror. Mae'n ddechrau: nid yw lwfansau'n gyfartal eto."
        ),
        published_on=dt.date(2023, 12, 15),
        source_url=STRATEGY_URL,
    )
    Commitment.objects.filter(campaign=campaign).delete()
    Commitment.objects.create(
        campaign=campaign,
        what="Publish a national plan for kinship care",
        what_cy="Cyhoeddi strategaeth gofal gan berthnasau genedlaethol",
        who="Department for Education",
        who_cy="Yr Adran Addysg",
        made_on=dt.date(2023, 2, 2),
        status=CommitmentStatus.DELIVERED,
        status_note="Published in December 2023 as 'Championing kinship care'.",
        status_note_cy="Cyhoeddwyd ym mis Rhagfyr 2023 fel 'Hyrwyddo gofal gan berthnasau'.",
        status_changed_on=dt.date(2023, 12, 15),
        source_url=STRATEGY_URL,
    )
    Commitment.objects.create(
        campaign=campaign,
        what="£9 million for help and training for kinship carers",
        what_cy="Rhaglen £9 miliwn o gefnogaeth a hyfforddiant i ofalwyr sy'n berthnasau",
        who="Department for Education",
        who_cy="Yr Adran Addysg",
        made_on=dt.date(2023, 2, 2),
        status=CommitmentStatus.IN_PROGRESS,
        status_note="Training and peer support are being rolled out.",
        status_note_cy="Mae hyfforddiant a chymorth gan gymheiriaid yn cael eu cyflwyno.",
        source_url=STABLE_HOMES_URL,
    )
    Commitment.objects.create(
        campaign=campaign,
        what="Look at paying kinship carers an allowance",
        what_cy="Ystyried lwfansau ariannol i ofalwyr sy'n berthnasau",
        who="Department for Education",
        who_cy="Yr Adran Addysg",
        made_on=dt.date(2023, 2, 2),
        status=CommitmentStatus.PLEDGED,
        status_note="No national allowance yet: this is why we keep campaigning.",
        status_note_cy="Dim lwfans cenedlaethol eto: dyna pam rydyn ni'n dal i ymgyrchu.",
        source_url=STABLE_HOMES_URL,
    )
    return campaign


def load_earlier_campaigns() -> list[Campaign]:
    employment, _ = Campaign.objects.update_or_create(
        slug="employment-rights-for-grandparent-carers",
        defaults={
            "title": "Employment rights for grandparent carers",
            "title_cy": "Hawliau cyflogaeth i neiniau a theidiau sy'n gofalu",
            "summary": "Working kinship carers should not have to choose between their job and the child they are raising.",
            "summary_cy": "Ni ddylai gofalwyr sy'n gweithio orfod dewis rhwng eu swydd a'r plentyn y maen nhw'n ei fagu.",
            "story": (
                "Many grandparents and other relatives were working when a child came to live with them. "
                "Without the right to time off to settle the child in, many had to give up work and rely on "
                "benefits, although most wanted to stay in work."
            ),
            "story_cy": (
                "Roedd llawer o neiniau a theidiau a pherthnasau eraill yn gweithio pan ddaeth plentyn i fyw "
                "gyda nhw. Heb hawl i amser i ffwrdd i helpu'r plentyn i setlo, bu'n rhaid i lawer roi'r gorau "
                "i'w gwaith a dibynnu ar fudd-daliadau, er bod y rhan fwyaf eisiau aros mewn gwaith."
            ),
            "status": CampaignStatus.CLOSED,
            "started_on": dt.date(2019, 1, 1),
            "ended_on": dt.date(2024, 6, 28),
            "outcome": (
                "We closed this campaign to put our effort into Value Our Love, which asks for paid kinship "
                "care leave as well as allowances."
            ),
            "outcome_cy": (
                "Fe wnaethon ni gau'r ymgyrch hon i roi ein hymdrech i Gwerthfawrogi Ein Cariad, sy'n gofyn am "
                "absenoldeb â thâl i ofalwyr sy'n berthnasau yn ogystal â lwfansau."
            ),
            "final_supporter_count": 2480,
            "display_order": 10,
        },
    )
    _replace_children(
        employment,
        Fact,
        [
            {
                "figure": "47%",
                "text": "of working carers gave up their job to care",
                "source_name": "Kinship survey of grandparent carers",
                "source_url": KINSHIP_SURVEY,
            },
            {
                "figure": "41%",
                "text": "now depend on benefits",
                "source_name": "Kinship survey of grandparent carers",
                "source_url": KINSHIP_SURVEY,
            },
            {
                "figure": "83%",
                "text": "wanted to stay in work",
                "source_name": "Kinship survey of grandparent carers",
                "source_url": KINSHIP_SURVEY,
            },
        ],
    )
    policy, _ = Campaign.objects.update_or_create(
        slug="family-and-friends-care-policies",
        defaults={
            "title": "Every council to publish a family and friends care policy",
            "title_cy": "Pob cyngor i gyhoeddi polisi gofal gan deulu a ffrindiau",
            "summary": "Since 2011, every council in England must say in public how it helps family and friends who raise children. We made sure they do, and keep it up to date.",
            "story": (
                "Since 2011 the rules say each council must write down how it helps children who live with "
                "family or friends, and put it where carers can read it. Then carers know what help to ask for."
            ),
            "summary_cy": (
                "Ers mis Medi 2011 mae dyletswydd ar bob cyngor yn Lloegr i gyhoeddi ei bolisi gofal gan deulu a "
                "ffrindiau. Rydyn ni'n ymgyrchu i wneud yn siŵr eu bod yn gwneud hynny, ac yn ei gadw'n gyfredol."
            ),
            "story_cy": (
                "Mae canllawiau statudol o fis Medi 2011 yn gofyn i bob cyngor gyhoeddi polisi sy'n dweud sut mae'n "
                "cefnogi plant sy'n byw gyda theulu a ffrindiau. Mae polisi cyhoeddedig yn dweud wrth ofalwyr pa "
                "help y gallan nhw ofyn amdano."
            ),
            "status": CampaignStatus.WON,
            "started_on": dt.date(2011, 9, 1),
            "ended_on": dt.date(2023, 12, 15),
            "outcome": (
                "The government's plan for kinship care says every council in England must tell kinship "
                "families what help they can get."
            ),
            "outcome_cy": (
                "Mae strategaeth gofal gan berthnasau'r llywodraeth yn dweud bod rhaid i bob cyngor yn Lloegr "
                "gyhoeddi pa help y mae'n ei roi i deuluoedd sy'n berthnasau."
            ),
            "final_supporter_count": 1150,
            "display_order": 20,
        },
    )
    _replace_children(
        policy,
        Fact,
        [
            {
                "figure": "2011",
                "text": "the year councils had to start saying how they help family and friends carers",
                "text_cy": "y flwyddyn y bu'n rhaid i gynghorau ddechrau dweud sut maen nhw'n helpu gofalwyr teulu a ffrindiau",
                "figure_cy": "2011",
                "source_name": "Family and friends care: statutory guidance for local authorities",
                "source_url": FFC_GUIDANCE_URL,
            },
        ],
    )
    return [employment, policy]


def load_demo_campaigns() -> list[str]:
    """Create or refresh every demo campaign, then their demo actions."""
    from kinship.campaigns.demo.actions import load_demo_actions

    main = load_value_our_love()
    earlier = load_earlier_campaigns()
    lines = [f"campaign: {main.title}"] + [f"campaign: {c.title}" for c in earlier]
    lines.extend(load_demo_actions())
    return lines
