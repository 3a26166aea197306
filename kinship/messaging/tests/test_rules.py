"""Pure rules: merge fields and near-copy fingerprints."""

from kinship.messaging.fingerprint import fingerprint, is_near_copy, similarity
from kinship.messaging.merge import merge, text_to_html

LETTER = (
    "Dear Alex,\n\nI am raising my two grandchildren after their mother became ill. The council told us we "
    "could not have the allowance foster carers get, although the children have been through just as much. "
    "Please press for equal support for kinship families.\n\nYours sincerely,\nGwen"
)


def test_merge_replaces_known_fields_only():
    text = "Dear {{ recipient_name }}, about {{council}} and {{ secret_key }} {% load x %}"
    out = merge(text, {"recipient_name": "Alex", "council": "Demoshire"})
    assert out == "Dear Alex, about Demoshire and {{ secret_key }} {% load x %}"


def test_merge_never_runs_template_code():
    assert merge("{{ settings.SECRET_KEY }}", {"recipient_name": "x"}) == "{{ settings.SECRET_KEY }}"


def test_html_part_escapes_everything():
    assert "<script>" not in text_to_html("<script>alert(1)</script>")
    assert "&lt;script&gt;" in text_to_html("<script>alert(1)</script>")


def test_same_text_with_new_greeting_is_a_near_copy():
    other = LETTER.replace("Dear Alex", "Dear Sam").replace("Gwen", "Gwendolyn")
    assert is_near_copy(fingerprint(LETTER), fingerprint(other))


def test_different_stories_are_not_copies():
    other = (
        "Dear Alex,\n\nMy nephew came to live with me last spring. Nobody told me about a special guardianship "
        "order or what support might come with it, and I had to give up my job to look after him.\n\nRegards"
    )
    assert similarity(fingerprint(LETTER), fingerprint(other)) < 0.5
