import pytest

from kinship.representatives.names import clean_person_name, normalise_name


def test_normalise_folds_accents_ampersands_and_punctuation():
    assert normalise_name("Ynys Môn") == "ynys mon"
    assert normalise_name("Brighton Kemptown & Peacehaven") == "brighton kemptown and peacehaven"
    assert normalise_name("St. Mary's") == "st marys"


def test_clean_person_name_drops_honorifics_and_post_nominals():
    assert clean_person_name("Councillor Jane Smith OBE") == "Jane Smith"
    assert clean_person_name("Cllr. Tom Jones") == "Tom Jones"
    assert clean_person_name("Rt Hon Sam Example MP") == "Sam Example"


@pytest.mark.parametrize(
    ("as_published", "clean"),
    [
        ("Councillor Siân Evans", "Siân Evans"),
        ("Cllr Llŷr Gruffydd", "Llŷr Gruffydd"),
        ("County Councillor Zoë Smith", "Zoë Smith"),
        ("Councillor Dr Aoife Ó Briain", "Aoife Ó Briain"),
        ("Cynghorydd Gwenllïan Jones", "Gwenllïan Jones"),
        ("Councillor Mrs Jane Smith", "Jane Smith"),
        ("Alderman Professor Sam Doe OBE", "Sam Doe"),
        ("Councillor The Revd Peter O'Brien", "Peter O'Brien"),
        ("Councillor Anne-Marie Pérez-Hughes", "Anne-Marie Pérez-Hughes"),
        ("  Councillor   José   Álvarez  ", "José Álvarez"),
        ("Councillor Sir Richard Leese CBE DL", "Richard Leese"),
        ("Councillor Jack Ma", "Jack Ma"),
    ],
)
def test_published_councillor_names_are_cleaned_with_accents_kept(as_published, clean):
    assert clean_person_name(as_published) == clean
