"""Forms that take many requests a second (issue 17): the same form, its fields made once per
process instead of once per request."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, TypeVar

from django import forms
from django.utils.datastructures import MultiValueDict

F = TypeVar("F", bound=forms.BaseForm)

# (form class, its keyword arguments made hashable) -> an unbound instance whose fields are shared
_unbound: dict[tuple[Any, ...], forms.BaseForm] = {}
_MAX_KINDS = 512  # one per form and argument set (an action's prompts): a bound on odd growth


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    hash(value)  # anything else must be hashable as it is (TypeError otherwise)
    return value


def bound_form(form_class: type[F], data: Mapping[str, Any], **kwargs: Any) -> F:
    """`form_class(data, **kwargs)`, without deep-copying the form's fields for this request.

    Django deep-copies every field and its widget for each form instance, so that one request
    may change its own fields; on the public write paths that copying was about a tenth of a
    write's Python. Here the form's own `__init__` makes the fields once per process for each
    set of arguments, and each bound form is a shallow copy of that unbound one with `data`
    bound: the same fields, rules and messages as the class, so the web form and the JSON API
    keep one home for them. For forms whose fields nothing changes after `__init__` (validating,
    showing the errors); a form may still drop a field from its own `fields`, which is its own."""
    try:
        key = (form_class, _hashable(kwargs))
    except TypeError:
        return form_class(data, **kwargs)
    unbound = _unbound.get(key)
    if unbound is None:
        unbound = form_class(**kwargs)
        if len(_unbound) >= _MAX_KINDS:
            _unbound.clear()
        _unbound[key] = unbound
    form = copy.copy(unbound)
    form.fields = dict(unbound.fields)
    form.is_bound = True
    form.data = data
    form.files = MultiValueDict()
    form._errors = None  # type: ignore[attr-defined]
    form._bound_fields_cache = {}  # type: ignore[attr-defined]
    return form  # type: ignore[return-value]
