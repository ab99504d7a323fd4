"""``schedule``: no posting inside a blackout window.

What it does
    Flags a post whose ``scheduled_at`` falls inside a blackout window. A window is either
    absolute (``start``/``end``, ISO 8601 with an offset, or naive in the window's ``tz``) or
    recurring (``weekdays`` and/or daily ``from``/``to`` times in ``tz``; a daily window may
    wrap past midnight, and its part after midnight belongs to the weekday it started on).
    ``from: 22:00`` works quoted or not (YAML reads the unquoted form as minutes). Every comparison is timezone-aware. Posts with no ``scheduled_at``
    are not checked unless ``require_schedule`` is set.

Why is this bad?
    Publishing during an earnings quiet period can breach disclosure rules (SEC Regulation FD);
    cheerful marketing during a crisis or a national day of mourning damages the brand.

Example
    ```yaml
    comms.blackout:
      kind: schedule
      level: error
      windows:
        - name: Q3 earnings quiet period
          start: 2026-09-15T00:00:00-04:00
          end: 2026-10-28T16:00:00-04:00
        - name: no posts at night (Berlin)
          from: "22:00"
          to: "07:00"
          tz: Europe/Berlin
    ```

Use instead
    Reschedule after the window ends (the finding names the first allowed time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..verdict import Finding
from .base import Rule, RuleContext

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Window(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True)

    name: str
    tz: str = "UTC"
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    weekdays: list[str] | None = None
    from_: dt.time | None = Field(default=None, alias="from")
    to: dt.time | None = None

    @field_validator("tz")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name like 'Europe/Berlin')"
            ) from exc
        return value

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _yaml_sexagesimal(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted 22:00 as the base-60 integer 1320 (minutes).
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < 24 * 60:
                raise ValueError(f"not a time of day: {value!r} (write it quoted: '22:00')")
            return dt.time(value // 60, value % 60)
        return value

    @field_validator("weekdays")
    @classmethod
    def _days(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        out = []
        for d in value:
            key = d.strip().lower()[:3]
            if key not in _DAYS:
                raise ValueError(f"unknown weekday {d!r} (use mon..sun)")
            out.append(key)
        return out

    @model_validator(mode="after")
    def _shape(self) -> Window:
        absolute = self.start is not None or self.end is not None
        recurring = self.weekdays is not None or self.from_ is not None or self.to is not None
        if absolute == recurring:
            raise ValueError("give either start/end (absolute) or weekdays/from/to (recurring)")
        if absolute and (self.start is None or self.end is None):
            raise ValueError("an absolute window needs both start and end")
        if (self.from_ is None) != (self.to is None):
            raise ValueError("a daily window needs both 'from' and 'to'")
        if any(t is not None and t.tzinfo is not None for t in (self.from_, self.to)):
            raise ValueError("'from'/'to' are local times in 'tz'; give them without an offset")
        zone = ZoneInfo(self.tz)
        if self.start is not None and self.start.tzinfo is None:
            self.start = self.start.replace(tzinfo=zone)
        if self.end is not None and self.end.tzinfo is None:
            self.end = self.end.replace(tzinfo=zone)
        if self.start and self.end and self.end <= self.start:
            raise ValueError("end must be after start")
        return self

    def contains(self, when: dt.datetime) -> bool:
        if self.start is not None and self.end is not None:
            return self.start <= when < self.end
        local = when.astimezone(ZoneInfo(self.tz))
        day = _DAYS[local.weekday()]
        if self.from_ is not None and self.to is not None:
            t = local.time().replace(tzinfo=None)
            if self.from_ <= self.to:
                inside = self.from_ <= t < self.to
                return inside and (self.weekdays is None or day in self.weekdays)
            # wraps midnight: the part after midnight belongs to the previous day's window
            if t >= self.from_:
                return self.weekdays is None or day in self.weekdays
            if t < self.to:
                prev = _DAYS[(local.weekday() - 1) % 7]
                return self.weekdays is None or prev in self.weekdays
            return False
        return self.weekdays is not None and day in self.weekdays

    def describe_end(self, when: dt.datetime) -> str:
        if self.end is not None:
            return self.end.isoformat()
        if self.to is not None:
            return f"{self.to.strftime('%H:%M')} {self.tz}"
        return f"the end of the day ({self.tz})"


class ScheduleRule(Rule):
    """Scheduled inside the blackout window '%s'."""

    kind: Literal["schedule"] = "schedule"
    message: str = "Scheduled inside the blackout window '%s'."
    windows: list[Window] = Field(min_length=1)
    require_schedule: bool = False

    cost = 1

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        when = ctx.post.scheduled_at
        if when is None:
            if self.require_schedule:
                yield self.finding(
                    ctx,
                    0,
                    0,
                    code="unscheduled",
                    field="scheduled_at",
                    excerpt="",
                    message="The post has no scheduled time; this policy needs one to check blackouts.",
                    suggestion="Set scheduled_at (timezone-aware).",
                )
            return
        for w in self.windows:
            if w.contains(when):
                yield self.finding(
                    ctx,
                    0,
                    0,
                    field="scheduled_at",
                    excerpt=when.isoformat(),
                    args=(w.name,),
                    suggestion=f"Reschedule after {w.describe_end(when)}.",
                )
