"""``schedule``: blackout windows, absolute and recurring, timezone- and DST-correct."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conftest import check

QUIET = {
    "name": "Q3 quiet period",
    "start": "2026-09-15T00:00:00-04:00",
    "end": "2026-10-28T16:00:00-04:00",
}
NIGHT = {"name": "night", "from": "22:00", "to": "07:00", "tz": "Europe/Berlin"}


def at(when: str | None, *windows: dict, **config):
    post = {"scheduled_at": when} if when else None
    return check("schedule", "Hello", post=post, windows=list(windows), **config)


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        ("2026-09-15T04:00:00+00:00", True),  # the start, in UTC
        ("2026-09-15T03:59:59+00:00", False),
        ("2026-09-15T06:00:00+02:00", True),
        ("2026-10-28T15:59:00-04:00", True),
        ("2026-10-28T20:00:00+00:00", False),  # the end is exclusive
        ("2026-11-01T12:00:00+00:00", False),
    ],
)
def test_absolute_window_with_offsets(when: str, inside: bool) -> None:
    fs = at(when, QUIET)
    assert bool(fs) is inside
    if inside:
        (f,) = fs
        assert f.field == "scheduled_at"
        assert f.message == "Scheduled inside the blackout window 'Q3 quiet period'."
        assert f.excerpt == dt.datetime.fromisoformat(when).isoformat()
        assert f.suggestion == "Reschedule after 2026-10-28T16:00:00-04:00."


def test_naive_window_is_in_its_timezone() -> None:
    launch = {
        "name": "launch",
        "start": "2026-11-26T00:00:00",
        "end": "2026-11-27T00:00:00",
        "tz": "Europe/Berlin",
    }
    assert at("2026-11-25T23:30:00+00:00", launch)  # 00:30 in Berlin
    assert at("2026-11-25T22:30:00+00:00", launch) == []  # 23:30 in Berlin


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        ("2026-01-15T21:30:00+00:00", True),  # 22:30 CET
        ("2026-01-15T20:30:00+00:00", False),  # 21:30 CET
        ("2026-07-15T20:30:00+00:00", True),  # 22:30 CEST
        ("2026-07-15T19:30:00+00:00", False),  # 21:30 CEST
        ("2026-07-16T04:30:00+00:00", True),  # 06:30 CEST, after midnight
        ("2026-07-16T05:30:00+00:00", False),  # 07:30 CEST
        ("2026-03-29T04:30:00+00:00", True),  # DST change night: 06:30 CEST
        ("2026-03-29T05:30:00+00:00", False),  # 07:30 CEST
        ("2026-10-25T05:30:00+00:00", True),  # DST ends: 06:30 CET
        ("2026-10-25T06:30:00+00:00", False),  # 07:30 CET
    ],
)
def test_nightly_window_wraps_midnight_dst_correct(when: str, inside: bool) -> None:
    assert bool(at(when, NIGHT)) is inside


def test_weekdays_in_window_timezone() -> None:
    weekend = {"name": "weekend", "weekdays": ["Saturday", "sun"], "tz": "America/New_York"}
    assert at("2026-11-28T12:00:00+00:00", weekend)  # Saturday
    assert at("2026-11-30T03:00:00+00:00", weekend)  # Sunday 22:00 in New York, Monday in UTC
    assert at("2026-11-30T06:00:00+00:00", weekend) == []  # Monday 01:00 in New York


def test_weekday_night_window_after_midnight_belongs_to_its_start_day() -> None:
    friday_night = {"name": "fri night", "weekdays": ["fri"], "from": "22:00", "to": "06:00"}
    assert at("2026-11-27T23:00:00+00:00", friday_night)  # Friday 23:00
    assert at("2026-11-28T03:00:00+00:00", friday_night)  # Saturday 03:00: Friday's night
    assert at("2026-11-27T03:00:00+00:00", friday_night) == []  # Friday 03:00: Thursday's night


def test_daytime_window() -> None:
    lunch = {"name": "lunch", "from": "12:00", "to": "13:00", "tz": "UTC"}
    assert at("2026-11-27T12:30:00+00:00", lunch)
    assert at("2026-11-27T13:00:00+00:00", lunch) == []


def test_unquoted_yaml_times() -> None:
    window = yaml.safe_load("name: night\nfrom: 22:00\nto: 07:00\ntz: Europe/Berlin")
    assert window["from"] == 1320  # YAML 1.1 base 60
    assert at("2026-01-15T21:30:00+00:00", window)
    assert at("2026-01-15T12:00:00+00:00", window) == []


def test_no_schedule() -> None:
    assert at(None, QUIET) == []
    (f,) = at(None, QUIET, require_schedule=True)
    assert (f.rule, f.field) == ("t.rule.unscheduled", "scheduled_at")


@pytest.mark.parametrize(
    "window",
    [
        {"name": "x"},  # neither kind
        {"name": "x", "start": "2026-01-01T00:00:00Z"},  # no end
        {"name": "x", "start": "2026-01-02T00:00:00Z", "end": "2026-01-01T00:00:00Z"},
        {"name": "x", "from": "22:00"},  # no to
        {"name": "x", "weekdays": ["funday"]},
        {"name": "x", "weekdays": ["mon"], "tz": "Mars/Olympus"},
        {
            "name": "x",
            "start": "2026-01-01T00:00:00Z",
            "end": "2026-01-02T00:00:00Z",
            "weekdays": ["mon"],
        },
    ],
)
def test_invalid_windows(window: dict) -> None:
    with pytest.raises(ValueError):
        at(None, window)
