from kinship.representatives.names import clean_person_name, normalise_name


def test_normalise_folds_accents_ampersands_and_punctuation():
    assert normalise_name("Ynys Môn") == "ynys mon"
    assert normalise_name("Brighton Kemptown & Peacehaven") == "brighton kemptown and peacehaven"
    assert normalise_name("St. Mary's") == "st marys"


def test_clean_person_name_drops_honorifics_and_post_nominals():
    assert clean_person_name("Councillor Jane Smith OBE") == "Jane Smith"
    assert clean_person_name("Cllr. Tom Jones") == "Tom Jones"
    assert clean_person_name("Rt Hon Sam Example MP") == "Sam Example"
