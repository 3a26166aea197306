"""`core.forms.bound_form` (issue 17): the same form as the class gives, its fields made once per
process instead of deep-copied for every request, and nothing of one request in another's."""

from __future__ import annotations

from typing import Any

from django import forms

from kinship.core.forms import bound_form


class _Form(forms.Form):
    name = forms.CharField(max_length=5, error_messages={"required": "Enter your name"})
    extra = forms.BooleanField(required=False)

    def __init__(self, *args: Any, with_extra: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_extra:
            del self.fields["extra"]

    def clean_name(self) -> str:
        return self.cleaned_data["name"].upper()


def _outcome(form: forms.Form) -> tuple[bool, dict[str, Any], dict[str, list[str]]]:
    valid = form.is_valid()
    return valid, dict(getattr(form, "cleaned_data", {})), {k: list(v) for k, v in form.errors.items()}


def test_it_validates_as_the_form_class_does():
    for data in ({"name": "ann"}, {"name": ""}, {"name": "far too long"}, {"name": "jo", "extra": "on"}):
        assert _outcome(bound_form(_Form, data)) == _outcome(_Form(data))


def test_the_fields_are_made_once_not_for_every_form():
    first, second = bound_form(_Form, {"name": "ann"}), bound_form(_Form, {"name": "jo"})
    assert first.fields["name"] is second.fields["name"]
    assert _Form({"name": "ann"}).fields["name"] is not _Form({"name": "jo"}).fields["name"]


def test_nothing_of_one_request_is_in_another():
    bad = bound_form(_Form, {"name": ""})
    assert not bad.is_valid()
    good = bound_form(_Form, {"name": "ann"})
    assert good.is_valid() and good.errors == {} and good.cleaned_data["name"] == "ANN"
    assert bad.errors == {"name": ["Enter your name"]} and bad.data == {"name": ""}


def test_each_set_of_arguments_has_its_own_fields():
    assert "extra" not in bound_form(_Form, {"name": "ann"}, with_extra=False).fields
    assert "extra" in bound_form(_Form, {"name": "ann"}).fields
