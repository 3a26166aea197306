from kinship.petitions import rules


def test_area_counts_under_five_are_not_shown():
    assert rules.shown_count(4) is None
    assert rules.shown_count(0) is None
    assert rules.shown_count(5) == 5


def test_name_key_ignores_case_and_spacing():
    assert rules.name_key("  Ann   CARER ") == rules.name_key("ann carer")
    assert rules.name_key("Ann Carer") != rules.name_key("Bob Carer")


def test_progress_is_capped_and_needs_a_goal():
    assert rules.progress_percent(total=50, goal=200) == 25
    assert rules.progress_percent(total=500, goal=200) == 100
    assert rules.progress_percent(total=5, goal=None) is None


def test_milestone_due_is_the_highest_reached_above_those_done():
    assert rules.milestone_due(total=150, milestones=[100, 1000], done=set()) == 100
    assert rules.milestone_due(total=150, milestones=[100, 1000], done={100}) is None
    assert rules.milestone_due(total=5000, milestones=[100, 1000], done=set()) == 1000
    assert rules.milestone_due(total=5000, milestones=[100, 1000], done={1000}) is None
    assert rules.milestone_due(total=5, milestones=[100], done=set()) is None


def test_email_domain():
    assert rules.email_domain("Ann@Example.ORG") == "example.org"
