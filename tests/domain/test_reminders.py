"""Home-screen reminders: supervision, training, sessions with no lead, leading load."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.facilitators import (
    Availability,
    DateSpan,
    Pause,
    Profile,
    Readiness,
    Stage,
    StageChange,
    Supervision,
    Training,
    Unavailable,
)
from facilitator_app.domain.reminders import (
    Reminder,
    ReminderKind,
    SupervisionSettings,
    add_months,
    collect_reminders,
    no_lead_reminders,
    quarter_start,
    share_reminders,
    supervision_reminders,
    training_reminders,
    validate_supervision_settings,
)
from facilitator_app.domain.sessions import OnTheNight, Session, SessionFields, SessionStatus

TODAY = dt.date(2025, 3, 14)  # a Friday
DEFAULTS = SupervisionSettings()
GROUP = "g-tue"
GROUPS = {GROUP: "Tuesday group", "g-thu": "Thursday group"}
_ids = itertools.count(1)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def profile(
    name: str = "Sam", stage: Stage | None = Stage.CO_FACILITATOR, **overrides: Any
) -> Profile:
    values: dict[str, Any] = {
        "person_id": name.lower(),
        "name": name,
        "contact_preference": "",
        "stage": stage,
        "group_ids": frozenset({GROUP}),
        "availability": Availability(),
        "readiness": Readiness(),
        "stage_history": (StageChange("s0", stage, day(-400), "Morgan"),) if stage else (),
    }
    values.update(overrides)
    return Profile(**values)


def lead(name: str, since: dt.date | None = None, **overrides: Any) -> Profile:
    history = (
        StageChange("s1", Stage.CO_FACILITATOR, day(-500), "Morgan"),
        StageChange("s2", Stage.LEAD, since or day(-400), "Morgan"),
    )
    return profile(name, Stage.LEAD, stage_history=history, **overrides)


def supervised(on: dt.date, note: str = "") -> tuple[Supervision, ...]:
    return (Supervision(f"sup{next(_ids)}", on, "Morgan", note),)


def session(
    date: dt.date,
    lead_id: str | None = None,
    *,
    group_id: str = GROUP,
    status: SessionStatus = SessionStatus.PLANNED,
    night: OnTheNight | None = None,
    **fields: Any,
) -> Session:
    return Session(
        id=f"session{next(_ids)}",
        group_id=group_id,
        fields=SessionFields(date=date, lead_id=lead_id, **fields),
        status=status,
        on_the_night=night or OnTheNight(),
    )


def texts(reminders: list[Reminder]) -> list[str]:
    return [reminder.text for reminder in reminders]


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2024, 11, 15), 3, dt.date(2025, 2, 15)),
        (dt.date(2025, 3, 14), -3, dt.date(2024, 12, 14)),
        (dt.date(2025, 3, 14), 0, dt.date(2025, 3, 14)),
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 1, 1)),
        (dt.date(2025, 3, 31), dt.date(2025, 1, 1)),
        (dt.date(2025, 4, 1), dt.date(2025, 4, 1)),
        (dt.date(2025, 9, 30), dt.date(2025, 7, 1)),
        (dt.date(2025, 12, 31), dt.date(2025, 10, 1)),
    ],
)
def test_quarter_start(today: dt.date, start: dt.date) -> None:
    assert quarter_start(today) == start


# --- supervision ------------------------------------------------------------------------


def test_no_supervision_recorded_is_due_today() -> None:
    found = supervision_reminders([profile("Sam")], DEFAULTS, TODAY)
    assert found == [
        Reminder(
            ReminderKind.SUPERVISION_DUE,
            "No supervision recorded yet for Sam",
            TODAY,
            person_id="sam",
        )
    ]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (day(-29), None),
        (day(-30), "Supervision for Sam is due today"),
        (day(-31), "Supervision for Sam was due on 13 March"),
        (day(-120), "Supervision for Sam was due on 14 December 2024"),
    ],
)
def test_monthly_supervision_is_due_thirty_days_after_the_last(
    last: dt.date, expected: str | None
) -> None:
    found = supervision_reminders([profile("Sam", supervision=supervised(last))], DEFAULTS, TODAY)
    assert texts(found) == ([expected] if expected else [])
    if expected:
        assert found[0].due == last + dt.timedelta(days=30)


def test_the_latest_supervision_counts() -> None:
    meetings = supervised(day(-60)) + supervised(day(-3)) + supervised(day(-45))
    assert supervision_reminders([profile("Sam", supervision=meetings)], DEFAULTS, TODAY) == []


@pytest.mark.parametrize(("last", "shown"), [(day(-6), False), (day(-7), True)])
def test_new_leads_are_supervised_weekly(last: dt.date, shown: bool) -> None:
    ali = lead("Ali", since=day(-40), supervision=supervised(last))
    found = supervision_reminders([ali], DEFAULTS, TODAY)
    expected = "Supervision for Ali is due today (weekly in the first 3 months of leading)"
    assert texts(found) == ([expected] if shown else [])


def test_weekly_switches_to_monthly_exactly_new_lead_months_after_becoming_a_lead() -> None:
    three_months_ago = dt.date(2024, 12, 14)
    last = supervised(day(-10))
    still_new = lead("Ali", since=three_months_ago + dt.timedelta(days=1), supervision=last)
    no_longer_new = lead("Jo", since=three_months_ago, supervision=last)
    found = supervision_reminders([still_new, no_longer_new], DEFAULTS, TODAY)
    assert [r.person_id for r in found] == ["ali"]
    assert found[0].due == day(-3)


def test_leading_again_after_stepping_back_counts_as_new_again() -> None:
    history = (
        StageChange("a", Stage.LEAD, day(-700), "Morgan"),
        StageChange("b", Stage.CO_FACILITATOR, day(-300), "Morgan"),
        StageChange("c", Stage.LEAD, day(-20), "Morgan"),
    )
    ali = profile("Ali", Stage.LEAD, stage_history=history, supervision=supervised(day(-8)))
    assert [r.person_id for r in supervision_reminders([ali], DEFAULTS, TODAY)] == ["ali"]


def test_the_intervals_follow_the_settings() -> None:
    settings = SupervisionSettings(new_lead_months=1, new_lead_every_days=14, every_days=60)
    ali = lead("Ali", since=day(-20), supervision=supervised(day(-14)))
    sam = profile("Sam", supervision=supervised(day(-59)))
    jo = profile("Jo", supervision=supervised(day(-60)))
    found = supervision_reminders([ali, sam, jo], settings, TODAY)
    assert texts(found) == [
        "Supervision for Ali is due today (fortnightly in the first 1 month of leading)",
        "Supervision for Jo is due today",
    ]


def test_no_new_lead_period_when_set_to_zero_months() -> None:
    settings = SupervisionSettings(new_lead_months=0)
    ali = lead("Ali", since=TODAY, supervision=supervised(day(-7)))
    assert supervision_reminders([ali], settings, TODAY) == []


def test_a_lead_with_no_recorded_start_is_supervised_monthly() -> None:
    ali = profile("Ali", Stage.LEAD, stage_history=(), supervision=supervised(day(-7)))
    assert supervision_reminders([ali], DEFAULTS, TODAY) == []


def test_nobody_off_the_rota_is_reminded_about() -> None:
    people = [
        profile("Sam", archived_on=day(-1)),
        lead("Ali", archived_on=day(-5)),
        profile("Robin", stage=None),
    ]
    assert supervision_reminders(people, DEFAULTS, TODAY) == []
    expiring = (Training("t1", "First aid", day(-300), day(3)),)
    people = [
        profile("Sam", archived_on=day(-1), training=expiring),
        profile("Robin", stage=None, training=expiring),
    ]
    assert training_reminders(people, TODAY) == []


def test_nobody_on_a_pause_is_reminded_about_supervision() -> None:
    pauses = (Pause("p1", DateSpan(day(-3), day(3)), ""),)
    over = (Pause("p2", DateSpan(day(-30), day(-1)), ""),)
    found = supervision_reminders(
        [profile("Sam", pauses=pauses), profile("Jo", pauses=over)], DEFAULTS, TODAY
    )
    assert [r.person_id for r in found] == ["jo"]


# --- training ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        (day(31), None),
        (day(30), "First aid for Ali expires on 13 April"),
        (day(1), "First aid for Ali expires on 15 March"),
        (day(0), "First aid for Ali expires today"),
        (day(-1), "First aid for Ali expired on 13 March"),
        (day(-400), "First aid for Ali expired on 8 February 2024"),
        (None, None),
    ],
)
def test_training_expiring_within_thirty_days_or_expired(
    expires: dt.date | None, expected: str | None
) -> None:
    ali = lead("Ali", training=(Training("t1", "First aid", day(-700), expires),))
    found = training_reminders([ali], TODAY)
    assert texts(found) == ([expected] if expected else [])
    if expected:
        assert found[0].due == expires
        assert found[0].person_id == "ali"


def test_renewed_training_is_not_mentioned() -> None:
    records = (
        Training("t2", "First aid", day(-10), day(1000)),
        Training("t1", "first aid", day(-1100), day(-5)),
        Training("t3", "Safeguarding", day(-200), day(10)),
    )
    found = training_reminders([lead("Ali", training=records)], TODAY)
    assert texts(found) == ["Safeguarding for Ali expires on 24 March"]


# --- sessions with no lead --------------------------------------------------------------


def test_upcoming_sessions_with_no_lead() -> None:
    planned = [
        session(day(-1)),
        session(day(0)),
        session(day(4)),
        session(day(28)),
        session(day(29)),
        session(day(5), "ali"),
        session(day(6), status=SessionStatus.CANCELLED),
        session(day(7), group_id="g-old"),
        session(day(8), group_id="g-thu"),
    ]
    found = no_lead_reminders(planned, GROUPS, TODAY)
    assert texts(found) == [
        "Tuesday group today has no lead yet",
        "Tuesday group on 18 March has no lead yet",
        "Tuesday group on 11 April has no lead yet",
        "Thursday group on 22 March has no lead yet",
    ]
    assert found[1] == Reminder(
        ReminderKind.NO_LEAD,
        "Tuesday group on 18 March has no lead yet",
        day(4),
        session_id=planned[2].id,
        group_id=GROUP,
    )


def test_a_planned_lead_who_is_paused_or_away_that_day_leaves_no_lead() -> None:
    canary = "CANARY private reason"
    people = [
        lead("Ali", pauses=(Pause("p1", DateSpan(day(3), day(10)), canary),)),
        lead("Bea", unavailable=(Unavailable("u1", DateSpan(day(6), day(6))),)),
        lead("Cal"),
    ]
    planned = [
        session(day(2), "ali"),  # before the pause
        session(day(4), "ali"),
        session(day(5), "bea"),
        session(day(6), "bea"),
        session(day(7), "cal"),
        session(day(8), "someone-not-listed"),
    ]
    found = no_lead_reminders(planned, GROUPS, TODAY, people)
    assert texts(found) == [
        "Tuesday group on 18 March has no lead: Ali, the planned lead, is paused",
        "Tuesday group on 20 March has no lead: Bea, the planned lead, is away",
    ]
    assert [reminder.session_id for reminder in found] == [planned[1].id, planned[3].id]
    assert all(reminder.kind is ReminderKind.NO_LEAD for reminder in found)
    # The same sessions through every rule: still once each, and never the reason.
    everything = collect_reminders(people, planned, GROUPS, DEFAULTS, TODAY)
    no_lead = [r for r in everything if r.kind is ReminderKind.NO_LEAD]
    assert no_lead == found
    assert all("CANARY" not in reminder.text for reminder in everything)


def test_no_lead_across_the_new_year_names_the_year() -> None:
    today = dt.date(2025, 12, 20)
    found = no_lead_reminders([session(dt.date(2026, 1, 6))], GROUPS, today)
    assert texts(found) == ["Tuesday group on 6 January 2026 has no lead yet"]


# --- leading more than a fair share -----------------------------------------------------


def led(counts: dict[str, int], *, group_id: str = GROUP, start: int = -60) -> list[Session]:
    """Sessions this quarter, one every other day from `start`, led as `counts` says."""
    people = [person for person, count in counts.items() for _ in range(count)]
    return [
        session(day(start + 2 * index), person, group_id=group_id)
        for index, person in enumerate(people)
    ]


@pytest.mark.parametrize(
    ("counts", "flagged"),
    [
        # Six sessions between two: a share of 3 each, so 5 is too many and 4 is not.
        ({"ali": 4, "sam": 2}, []),
        ({"ali": 5, "sam": 1}, ["ali"]),
        # Seven between two: a share of 3.5, rounded up 4, so 6 is too many and 5 is not.
        ({"ali": 5, "sam": 2}, []),
        ({"ali": 6, "sam": 1}, ["ali"]),
    ],
)
def test_led_more_than_a_fair_share_boundary(counts: dict[str, int], flagged: list[str]) -> None:
    people = [lead("Ali"), lead("Sam")]
    found = share_reminders(people, led(counts), TODAY)
    assert [r.person_id for r in found] == flagged
    assert all(r.due == TODAY and r.kind is ReminderKind.LED_MORE_THAN_SHARE for r in found)


def test_share_text() -> None:
    found = share_reminders([lead("Ali"), lead("Sam")], led({"ali": 6, "sam": 1}), TODAY)
    assert texts(found) == ["Ali has led 6 sessions this quarter, more than a fair share (about 4)"]


def test_a_lone_lead_never_leads_more_than_their_share() -> None:
    assert share_reminders([lead("Ali"), profile("Sam")], led({"ali": 12}), TODAY) == []


def test_shares_add_up_across_groups() -> None:
    # Ali works with both groups, Sam only Tuesday, Jo only Thursday. Six sessions in
    # each: Ali's share is 6/2 + 6/2 = 6, so 7 is fine and 8 is too many.
    people = [
        lead("Ali", group_ids=frozenset({GROUP, "g-thu"})),
        lead("Sam"),
        lead("Jo", group_ids=frozenset({"g-thu"})),
    ]
    thursday = led({"ali": 3, "jo": 3}, group_id="g-thu", start=-59)
    assert share_reminders(people, led({"ali": 4, "sam": 2}) + thursday, TODAY) == []
    found = share_reminders(people, led({"ali": 5, "sam": 1}) + thursday, TODAY)
    assert [r.person_id for r in found] == ["ali"]


def test_leading_a_group_one_does_not_work_with_counts_them_in() -> None:
    # Ali is not listed for Tuesday but led it: six sessions shared three ways, a share
    # of 2 each, so 3 is fine (with no share at all, it would not be).
    people = [lead("Ali", group_ids=frozenset()), lead("Sam"), lead("Jo")]
    assert share_reminders(people, led({"ali": 3, "sam": 2, "jo": 1}), TODAY) == []
    found = share_reminders(people, led({"ali": 4, "sam": 1, "jo": 1}), TODAY)
    assert [r.person_id for r in found] == ["ali"]


def test_who_led_on_the_night_counts_over_the_plan() -> None:
    swapped = OnTheNight(lead_id="sam", chosen_by_group=True)
    sessions = led({"ali": 5, "sam": 1})
    sessions[0] = session(sessions[0].date, "ali", night=swapped)
    assert share_reminders([lead("Ali"), lead("Sam")], sessions, TODAY) == []


def test_only_this_quarter_up_to_today_and_not_cancelled_counts() -> None:
    people = [lead("Ali"), lead("Sam")]
    counted = led({"ali": 5, "sam": 2})  # a share of 3.5: 5 is fine; one more would not be
    extra = [
        session(dt.date(2024, 12, 31), "ali"),  # last quarter
        session(day(1), "ali"),  # not yet led
        session(day(-1), "ali", status=SessionStatus.CANCELLED),
    ]
    assert share_reminders(people, counted + extra, TODAY) == []
    assert share_reminders(people, [*counted, session(day(-1), "ali")], TODAY) != []


def test_only_leads_on_the_rota_share_or_are_reminded_about() -> None:
    # Sam co-facilitates and Jo is archived: Ali is the only lead sharing Tuesday.
    people = [lead("Ali"), profile("Sam"), lead("Jo", archived_on=day(-2))]
    assert share_reminders(people, led({"ali": 5, "sam": 3, "jo": 1}), TODAY) == []


def test_nobody_on_a_pause_is_reminded_about_their_share() -> None:
    pauses = (Pause("p1", DateSpan(day(-1), None), ""),)
    people = [lead("Ali", pauses=pauses), lead("Sam")]
    assert share_reminders(people, led({"ali": 5, "sam": 1}), TODAY) == []


# --- all together -----------------------------------------------------------------------


def test_most_urgent_first() -> None:
    people = [
        profile("Sam", supervision=supervised(day(-40))),
        lead("Ali", training=(Training("t1", "First aid", day(-700), day(5)),)),
        lead("Jo"),
    ]
    sessions = [*led({"jo": 5, "ali": 1}), session(day(2))]
    found = collect_reminders(people, sessions, GROUPS, DEFAULTS, TODAY)
    assert [(r.kind, r.due) for r in found] == [
        (ReminderKind.SUPERVISION_DUE, day(-10)),
        (ReminderKind.SUPERVISION_DUE, TODAY),
        (ReminderKind.SUPERVISION_DUE, TODAY),
        (ReminderKind.LED_MORE_THAN_SHARE, TODAY),
        (ReminderKind.NO_LEAD, day(2)),
        (ReminderKind.TRAINING_EXPIRING, day(5)),
    ]
    assert texts(found)[1:3] == [
        "No supervision recorded yet for Ali",
        "No supervision recorded yet for Jo",
    ]


def test_private_text_never_appears_in_a_reminder() -> None:
    canary = "CANARY private words"
    private = {
        "readiness": Readiness(True, 3, canary),
        "pauses": (Pause("p1", DateSpan(day(-90), day(-60)), canary),),
        "supervision": supervised(day(-100), canary),
        "training": (Training("t1", "First aid", day(-700), day(2)),),
    }
    people = [lead("Ali", **private), lead("Sam", **private), profile("Jo", **private)]
    sessions = [
        *led({"ali": 6, "sam": 1}),
        session(day(3), topic=canary),
        Session("s-notes", GROUP, SessionFields(day(4)), notes=canary),
    ]
    found = collect_reminders(people, sessions, GROUPS, DEFAULTS, TODAY, has_recovery_sheet=False)
    assert {r.kind for r in found} == set(ReminderKind)
    for reminder in found:
        assert "CANARY" not in reminder.text


# --- settings ---------------------------------------------------------------------------


def test_default_settings_are_weekly_for_three_months_then_monthly() -> None:
    assert validate_supervision_settings(DEFAULTS) == SupervisionSettings(3, 7, 30)


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        (SupervisionSettings(new_lead_months=-1), "new_lead_months"),
        (SupervisionSettings(new_lead_months=25), "new_lead_months"),
        (SupervisionSettings(new_lead_every_days=0), "new_lead_every_days"),
        (SupervisionSettings(new_lead_every_days=91, every_days=180), "new_lead_every_days"),
        (SupervisionSettings(every_days=0, new_lead_every_days=1), "every_days"),
        (SupervisionSettings(every_days=181), "every_days"),
        (SupervisionSettings(new_lead_every_days=31, every_days=30), "new_lead_every_days"),
    ],
)
def test_bad_settings_are_refused(settings: SupervisionSettings, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_supervision_settings(settings)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "settings",
    [
        SupervisionSettings(0, 1, 1),
        SupervisionSettings(24, 90, 180),
        SupervisionSettings(3, 30, 30),
    ],
)
def test_settings_at_their_limits_are_allowed(settings: SupervisionSettings) -> None:
    assert validate_supervision_settings(settings) == settings


def test_a_coordinator_without_a_recovery_sheet_is_reminded_until_one_is_made() -> None:
    without = collect_reminders([], [], GROUPS, DEFAULTS, TODAY, has_recovery_sheet=False)
    assert [(r.kind, r.due) for r in without] == [(ReminderKind.NO_RECOVERY_SHEET, TODAY)]
    assert "Settings" in without[0].text
    assert collect_reminders([], [], GROUPS, DEFAULTS, TODAY, has_recovery_sheet=True) == []
