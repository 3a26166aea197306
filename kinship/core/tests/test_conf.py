"""How every app reads its settings: a Django setting of the same name wins, then the
environment, then the default, at call time."""

from __future__ import annotations

import pytest

from config.env import EnvironmentError_
from kinship.core.conf import setting_bool, setting_float, setting_int, setting_str

NAME = "KINSHIP_TEST_ONLY_SETTING"


def test_the_default_when_nothing_is_set(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)
    assert setting_str(NAME, "5/60") == "5/60"
    assert setting_int(NAME, 7) == 7
    assert setting_bool(NAME, False) is False
    assert setting_float(NAME, 1.5) == 1.5


def test_the_environment_beats_the_default(monkeypatch):
    monkeypatch.setenv(NAME, "12")
    assert (setting_str(NAME, "x"), setting_int(NAME, 7), setting_float(NAME, 1.5)) == ("12", 12, 12.0)


def test_a_django_setting_beats_the_environment(monkeypatch, settings):
    monkeypatch.setenv(NAME, "12")
    setattr(settings, NAME, 3)
    assert setting_int(NAME, 7) == 3


def test_a_value_that_is_not_a_number_is_refused_clearly(monkeypatch):
    monkeypatch.setenv(NAME, "lots")
    with pytest.raises(EnvironmentError_, match=NAME):
        setting_int(NAME, 7)
    with pytest.raises(ValueError, match=NAME):
        setting_float(NAME, 1.5)
