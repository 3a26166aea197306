"""`core.signing.token_path` (issue 17): the same path as `reverse` for a signed link, in every
language and under a script prefix, with the URL resolver asked once rather than every time."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from kinship.core.signing import make_token, token_path


@pytest.fixture(autouse=True)
def _script_prefix():
    yield
    set_script_prefix("/")


@pytest.mark.parametrize("language", ["en-gb", "cy"])
@pytest.mark.parametrize("prefix", ["/", "/kinship/"])
def test_it_is_the_path_reverse_gives(language, prefix):
    set_script_prefix(prefix)
    token = make_token(42, salt="test")
    with translation.override(language):
        assert token_path("supporters:unsubscribe", token=token) == reverse(
            "supporters:unsubscribe", kwargs={"token": token}
        )
        assert token_path("supporters:join_check_email_sent", token=token, slug="value-our-love") == reverse(
            "supporters:join_check_email_sent", kwargs={"token": token, "slug": "value-our-love"}
        )


def test_a_token_of_another_shape_is_reversed_as_it_is():
    odd = "a b/c?d"
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever reverse says, token_path says
        reverse("supporters:unsubscribe", kwargs={"token": odd})
    with pytest.raises(Exception):  # noqa: B017, PT011
        token_path("supporters:unsubscribe", token=odd)
    assert token_path("supporters:unsubscribe", token="a b") == reverse(
        "supporters:unsubscribe", kwargs={"token": "a b"}
    )
