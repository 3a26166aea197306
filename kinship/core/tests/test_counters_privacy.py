import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinship.core.counters import SHARDS, counter_increment, counter_value, counter_values
from kinship.core.models import CounterShard
from kinship.core.privacy import canonical_email, csv_safe, email_key, scrub


@pytest.mark.django_db
def test_counter_is_exact_and_spread_over_shards():
    for _ in range(500):
        counter_increment(key="k")
    assert counter_value(key="k") == 500
    assert 1 < CounterShard.objects.filter(key="k").count() <= SHARDS


@pytest.mark.django_db
def test_counter_values_reads_several_at_once_with_zero_for_unknown():
    counter_increment(key="a", by=3)
    assert counter_values(keys=["a", "b"]) == {"a": 3, "b": 0}


@given(st.text())
def test_csv_safe_never_starts_with_a_formula_character(text):
    assert not csv_safe(text).startswith(("=", "+", "-", "@"))


def test_scrub_removes_email_addresses():
    assert scrub("550 <mary.o'neil+kin@mail.example.co.uk> rejected") == "550 <[email]> rejected"


def test_canonical_email_trims_and_lowercases():
    assert canonical_email("  Ada@Example.ORG ") == "ada@example.org"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("Ada@Example.ORG", "ada@example.org"),
        ("ada+campaign@example.org", "ada@example.org"),
        ("a.d.a@example.org", "a.d.a@example.org"),  # dots matter to most providers
        ("A.D.A+x@Gmail.com", "ada@gmail.com"),
        ("a.da+y@googlemail.com", "ada@gmail.com"),
        ("+only@example.org", "+only@example.org"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_email_key_is_one_key_per_person(address, key):
    assert email_key(address) == key


@given(st.emails())
def test_email_key_is_stable(address):
    assert email_key(email_key(address)) == email_key(address)


@pytest.mark.parametrize("text", ["=1+1", "+44 trick", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_starts_like_formula_is_the_one_rule_for_forms_and_exports(text):
    from kinship.core.privacy import starts_like_formula

    assert starts_like_formula(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Mary O'Brien", "Siân", "", "1 High Street"])
def test_ordinary_text_is_not_a_formula(text):
    from kinship.core.privacy import starts_like_formula

    assert not starts_like_formula(text)
