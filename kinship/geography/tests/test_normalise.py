from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from kinship.geography.postcodes import normalise_postcode

LETTER = st.sampled_from(string.ascii_uppercase)
DIGIT = st.sampled_from(string.digits)
WHITESPACE = st.text(alphabet=" \t\n\r", max_size=4)


@st.composite
def postcodes(draw) -> str:
    area = draw(st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=2))
    district = draw(DIGIT) + draw(st.one_of(st.just(""), DIGIT, LETTER))
    inward = draw(DIGIT) + draw(LETTER) + draw(LETTER)
    return f"{area}{district} {inward}"


def _mangle(postcode: str, data) -> str:
    """What a person might type: any case, spaces and tabs anywhere, around it too."""
    out = data.draw(WHITESPACE)
    for char in postcode.replace(" ", ""):
        out += char.lower() if data.draw(st.booleans()) else char
        out += data.draw(st.text(alphabet=" \t", max_size=2))
    return out + data.draw(WHITESPACE)


@given(postcodes(), st.data())
def test_any_case_and_spacing_normalises_to_the_canonical_form(postcode, data):
    assert normalise_postcode(_mangle(postcode, data)) == postcode


@given(postcodes())
def test_normalising_is_idempotent(postcode):
    once = normalise_postcode(postcode)
    assert once is not None
    assert normalise_postcode(once) == once


@given(postcodes())
def test_the_inward_code_is_always_the_last_three_characters(postcode):
    normal = normalise_postcode(postcode.replace(" ", ""))
    assert normal is not None
    assert normal[-4] == " " and normal[-3:] == postcode[-3:]


@given(st.text(max_size=30))
def test_arbitrary_text_never_raises_and_is_canonical_or_none(text):
    result = normalise_postcode(text)
    assert result is None or (normalise_postcode(result) == result and len(result) <= 8)


def test_the_example_in_the_issue():
    assert normalise_postcode(" sw1a1aa ") == "SW1A 1AA"


def test_tabs_and_extra_spaces():
    assert normalise_postcode("\tox26   6bp\n") == "OX26 6BP"


def test_not_a_postcode_is_none():
    for text in ["", "   ", "hello", "SW1A", "12345", "SW1A 1A", "SW1A 1AAA", "1SW 1AA"]:
        assert normalise_postcode(text) is None
