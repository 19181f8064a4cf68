"""Facilitator profiles through a real store: each change, each refusal, each permission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.errors import AppError, NotFound, NotPermitted, ValidationError
from facilitator_app.domain.facilitators import (
    MAX_SESSIONS_PER_MONTH,
    Availability,
    DateSpan,
    Readiness,
    Stage,
)
from facilitator_app.domain.people import PersonRole
from facilitator_app.domain.sessions import OnTheNight, SessionStatus
from facilitator_app.services import facilitators, people, rota, sessions
from facilitator_app.store.store import Store, StoreRole
from tests.factories import (
    INTERNATIONAL_NAMES,
    FakeClock,
    assert_logged,
    last_seq,
    make_group,
    make_person,
    make_session,
    make_store,
    replace,
    snapshot,
    synced_person,
)

TODAY = dt.date(2025, 3, 14)  # the FakeClock's day
TOMORROW = TODAY + dt.timedelta(days=1)
CONTROL = "Ash\u0007"
TOO_LONG = "x" * 81


def add(store: Store, name: str = "Ash Fenwick", **overrides: Any) -> str:
    values: dict[str, Any] = {"approved_by": "Morgan", "stage": Stage.LEAD}
    values.update(overrides)
    return facilitators.add_facilitator(store, name, **values).person_id


def refused(
    store: Store, error: type[AppError], change: Callable[[], object], *, says: str
) -> AppError:
    """`change` is refused with a message containing `says`, and nothing in the store moves."""
    before, seq = snapshot(store), last_seq(store)
    with pytest.raises(error) as caught:
        change()
    assert says in caught.value.message
    assert last_seq(store) == seq
    assert snapshot(store) == before
    return caught.value


# --- adding and details ------------------------------------------------------------------


def test_add_a_facilitator_with_their_first_stage(store: Store) -> None:
    seq = last_seq(store)
    profile = facilitators.add_facilitator(
        store, " Ash Fenwick ", contact_preference="Text first", approved_by="Morgan"
    )
    assert profile.name == "Ash Fenwick"
    assert profile.contact_preference == "Text first"
    assert profile.stage is Stage.SHADOWING
    assert [(c.stage, c.changed_on, c.approved_by) for c in profile.stage_history] == [
        (Stage.SHADOWING, TODAY, "Morgan")
    ]
    assert profile.group_ids == frozenset()
    assert profile.availability == Availability()
    assert profile.led_since() is None
    assert_logged(store, seq, "people", profile.person_id, {"name", "role", "stage"})
    assert people.person_or_refuse(store, profile.person_id).role is PersonRole.FACILITATOR


def test_added_at_the_lead_stage_on_a_given_day(store: Store) -> None:
    on = dt.date(2024, 9, 1)
    profile = facilitators.get_profile(store, add(store, on=on))
    assert profile.stage is Stage.LEAD
    assert profile.led_since() == on


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_names_as_people_write_them(store: Store, name: str) -> None:
    assert facilitators.get_profile(store, add(store, name)).name == name


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("", "can't be empty"),
        ("   ", "can't be empty"),
        (TOO_LONG, "at most 80 characters"),
        (CONTROL, "control characters"),
        ("Ash\nFenwick", "line breaks"),
    ],
)
def test_bad_names_are_refused(store: Store, name: str, says: str) -> None:
    refused(store, ValidationError, lambda: add(store, name), says=says)
    person = add(store)
    refused(
        store,
        ValidationError,
        lambda: facilitators.save_details(store, person, name, ""),
        says=says,
    )


def test_bad_approver_and_contact_preference_are_refused(store: Store) -> None:
    refused(store, ValidationError, lambda: add(store, approved_by=" "), says="can't be empty")
    refused(
        store,
        ValidationError,
        lambda: add(store, contact_preference=CONTROL),
        says="The contact preference can't contain",
    )


def test_a_first_stage_dated_in_the_future_is_refused(store: Store) -> None:
    refused(
        store,
        ValidationError,
        lambda: add(store, on=TOMORROW),
        says="A stage change can't be dated in the future.",
    )


def test_save_details(store: Store) -> None:
    person = add(store)
    profile = facilitators.save_details(store, person, "Ash F.", "Email only")
    assert (profile.name, profile.contact_preference) == ("Ash F.", "Email only")


def test_unknown_people_are_refused(store: Store) -> None:
    group = make_group(store)
    changes: list[Callable[[], object]] = [
        lambda: facilitators.get_profile(store, "nobody"),
        lambda: facilitators.save_details(store, "nobody", "Ash", ""),
        lambda: facilitators.change_stage(
            store, "nobody", Stage.LEAD, on=TODAY, approved_by="Morgan"
        ),
        lambda: facilitators.set_groups(store, "nobody", [group.id]),
        lambda: facilitators.save_readiness(store, "nobody", Readiness()),
        lambda: facilitators.add_training(store, "nobody", "Course", TODAY, None),
        lambda: facilitators.add_supervision(store, "nobody", TODAY, "Morgan"),
        lambda: facilitators.save_availability(store, "nobody", Availability()),
        lambda: facilitators.add_unavailable(store, "nobody", TODAY, TODAY),
        lambda: facilitators.pause(store, "nobody", TODAY, None),
    ]
    for change in changes:
        refused(store, NotFound, change, says="That facilitator is not in this store.")
    for change, what in [
        (lambda: facilitators.remove_training(store, "nothing"), "training record"),
        (lambda: facilitators.remove_unavailable(store, "nothing"), "time away"),
        (lambda: facilitators.end_pause(store, "nothing", TODAY), "pause"),
    ]:
        refused(store, NotFound, change, says=f"That {what} is not in this store.")


def test_profiles_list_facilitators_and_anyone_with_a_stage(store: Store) -> None:
    ash = add(store)
    support = make_person(store, "Gwen", PersonRole.SUPPORT_WORKER).id
    archived = add(store, "Zed")
    people.archive_person(store, archived)
    names = [profile.name for profile in facilitators.list_profiles(store)]
    assert "Ash Fenwick" in names
    assert "Gwen" not in names
    assert "Zed" not in names
    everyone = facilitators.list_profiles(store, include_archived=True)
    assert "Zed" in [profile.name for profile in everyone]
    with store.transaction():
        store.update("people", support, {"stage": Stage.CO_FACILITATOR.value})
    assert "Gwen" in [profile.name for profile in facilitators.list_profiles(store)]
    assert facilitators.get_profile(store, ash).person_id == ash


# --- the journey: stage, groups, readiness, training, supervision -----------------------------


def test_change_stage_keeps_the_history(store: Store) -> None:
    person = add(store, stage=Stage.SHADOWING, on=dt.date(2024, 1, 10))
    facilitators.change_stage(
        store, person, Stage.CO_FACILITATOR, on=dt.date(2024, 6, 1), approved_by="Morgan"
    )
    seq = last_seq(store)
    profile = facilitators.change_stage(
        store, person, Stage.LEAD, on=TODAY, approved_by="Priya (supervisor)"
    )
    assert profile.stage is Stage.LEAD
    assert [(c.stage, c.changed_on) for c in profile.stage_history] == [
        (Stage.SHADOWING, dt.date(2024, 1, 10)),
        (Stage.CO_FACILITATOR, dt.date(2024, 6, 1)),
        (Stage.LEAD, TODAY),
    ]
    assert profile.stage_history[-1].approved_by == "Priya (supervisor)"
    assert profile.led_since() == TODAY
    assert_logged(store, seq, "people", person, {"stage"})


def test_a_stage_change_in_the_future_is_refused(store: Store) -> None:
    person = add(store, stage=Stage.SHADOWING)
    refused(
        store,
        ValidationError,
        lambda: facilitators.change_stage(
            store, person, Stage.LEAD, on=TOMORROW, approved_by="Morgan"
        ),
        says="can't be dated in the future",
    )


def test_a_stage_change_dated_before_the_last_one_is_refused(store: Store) -> None:
    person = add(store, stage=Stage.SHADOWING, on=dt.date(2024, 1, 10))
    facilitators.change_stage(
        store, person, Stage.LEAD, on=dt.date(2024, 6, 1), approved_by="Morgan"
    )
    # Otherwise the history would say "lead" came last while the stage is co-facilitator.
    refused(
        store,
        ValidationError,
        lambda: facilitators.change_stage(
            store, person, Stage.CO_FACILITATOR, on=dt.date(2024, 5, 31), approved_by="Morgan"
        ),
        says="The last stage change was on 1 June 2024; date this one on that day or later.",
    )
    same_day = facilitators.change_stage(
        store, person, Stage.CO_FACILITATOR, on=dt.date(2024, 6, 1), approved_by="Morgan"
    )
    assert same_day.stage is Stage.CO_FACILITATOR


def test_the_same_stage_again_is_refused(store: Store) -> None:
    person = add(store, stage=Stage.LEAD)
    refused(
        store,
        ValidationError,
        lambda: facilitators.change_stage(store, person, Stage.LEAD, on=TODAY, approved_by="M"),
        says="Ash Fenwick is already at the lead stage.",
    )


def test_a_stage_change_needs_who_approved_it(store: Store) -> None:
    person = add(store, stage=Stage.SHADOWING)
    refused(
        store,
        ValidationError,
        lambda: facilitators.change_stage(store, person, Stage.LEAD, on=TODAY, approved_by=""),
        says="Who approved the change can't be empty.",
    )


def test_set_groups_adds_removes_and_adds_back(store: Store) -> None:
    person = add(store)
    one, two = make_group(store, name="One"), make_group(store, name="Two")
    assert facilitators.set_groups(store, person, [one.id, two.id]).group_ids == {one.id, two.id}
    assert facilitators.set_groups(store, person, [two.id]).group_ids == {two.id}
    rows = store.conn.execute("SELECT count(*) FROM person_groups").fetchone()[0]
    assert rows == 2, "a removed group is flagged, not deleted"
    assert facilitators.set_groups(store, person, [one.id]).group_ids == {one.id}
    assert store.conn.execute("SELECT count(*) FROM person_groups").fetchone()[0] == 2
    assert facilitators.set_groups(store, person, []).group_ids == frozenset()


def test_set_groups_refuses_an_unknown_group(store: Store) -> None:
    person = add(store)
    group = make_group(store)
    refused(
        store,
        NotFound,
        lambda: facilitators.set_groups(store, person, [group.id, "no such group"]),
        says="That group is not in this store.",
    )


def test_readiness_checklist(store: Store) -> None:
    person = add(store)
    profile = facilitators.save_readiness(
        store, person, Readiness(True, 6, " Observed twice; calm. ")
    )
    assert profile.readiness == Readiness(True, 6, "Observed twice; calm.")


@pytest.mark.parametrize(
    ("readiness", "says"),
    [
        (Readiness(shadowing_sessions=-1), "from 0 to 1,000"),
        (Readiness(shadowing_sessions=1_001), "from 0 to 1,000"),
        (Readiness(notes="x" * 4_001), "at most 4,000 characters"),
        (Readiness(notes="fine\u0000"), "control characters"),
    ],
)
def test_bad_readiness_is_refused(store: Store, readiness: Readiness, says: str) -> None:
    person = add(store)
    refused(
        store,
        ValidationError,
        lambda: facilitators.save_readiness(store, person, readiness),
        says=says,
    )


def test_training_added_and_removed(store: Store) -> None:
    person = add(store)
    profile = facilitators.add_training(
        store, person, "Safeguarding adults", dt.date(2024, 5, 1), dt.date(2027, 5, 1)
    )
    facilitators.add_training(store, person, "First aid", dt.date(2025, 1, 10), None)
    profile = facilitators.get_profile(store, person)
    assert [(t.course, t.expires_on) for t in profile.training] == [
        ("First aid", None),
        ("Safeguarding adults", dt.date(2027, 5, 1)),
    ]
    profile = facilitators.remove_training(store, profile.training[0].id)
    assert [t.course for t in profile.training] == ["Safeguarding adults"]


def test_training_expiring_before_completion_is_refused(store: Store) -> None:
    person = add(store)
    refused(
        store,
        ValidationError,
        lambda: facilitators.add_training(
            store, person, "First aid", dt.date(2025, 1, 10), dt.date(2025, 1, 9)
        ),
        says="The training expires before it was completed.",
    )
    refused(
        store,
        ValidationError,
        lambda: facilitators.add_training(store, person, " ", TODAY, None),
        says="The course name can't be empty.",
    )


def test_supervision_is_logged_once_it_has_happened(store: Store) -> None:
    person = add(store)
    profile = facilitators.add_supervision(store, person, TODAY, "Priya", "Tired; plan a break.")
    assert [(s.held_on, s.with_whom, s.note) for s in profile.supervision] == [
        (TODAY, "Priya", "Tired; plan a break.")
    ]
    refused(
        store,
        ValidationError,
        lambda: facilitators.add_supervision(store, person, TOMORROW, "Priya"),
        says="Record supervision once it has happened.",
    )
    refused(
        store,
        ValidationError,
        lambda: facilitators.add_supervision(store, person, TODAY, "Priya", "x" * 2_001),
        says="at most 2,000 characters",
    )
    refused(
        store,
        ValidationError,
        lambda: facilitators.add_supervision(store, person, TODAY, CONTROL),
        says="control characters",
    )


# --- availability, time away, pauses -------------------------------------------------------


def test_availability_saved(store: Store) -> None:
    person = add(store)
    seq = last_seq(store)
    wanted = Availability(frozenset({1, 3}), 4)
    assert facilitators.save_availability(store, person, wanted).availability == wanted
    assert_logged(store, seq, "people", person, {"usual_weekdays", "max_per_month"})
    profile = facilitators.save_availability(store, person, Availability(max_per_month=31))
    assert profile.availability == Availability(frozenset(), 31)
    assert facilitators.save_availability(store, person, Availability()).availability == (
        Availability()
    )


@pytest.mark.parametrize(
    ("availability", "says"),
    [
        (Availability(max_per_month=0), f"between 1 and {MAX_SESSIONS_PER_MONTH}"),
        (Availability(max_per_month=32), f"between 1 and {MAX_SESSIONS_PER_MONTH}"),
        (Availability(frozenset({7})), "Choose weekdays from Monday to Sunday."),
        (Availability(frozenset({-1, 2})), "Choose weekdays from Monday to Sunday."),
    ],
)
def test_bad_availability_is_refused(store: Store, availability: Availability, says: str) -> None:
    person = add(store)
    refused(
        store,
        ValidationError,
        lambda: facilitators.save_availability(store, person, availability),
        says=says,
    )


def test_time_away_added_and_removed(store: Store) -> None:
    person = add(store)
    profile = facilitators.add_unavailable(store, person, dt.date(2025, 4, 1), dt.date(2025, 4, 8))
    assert [u.span for u in profile.unavailable] == [
        DateSpan(dt.date(2025, 4, 1), dt.date(2025, 4, 8))
    ]
    one_day = facilitators.add_unavailable(store, person, TODAY, TODAY)
    assert len(one_day.unavailable) == 2
    profile = facilitators.remove_unavailable(store, one_day.unavailable[1].id)
    assert [u.span.first for u in profile.unavailable] == [TODAY]


def test_time_away_ending_before_it_starts_is_refused(store: Store) -> None:
    person = add(store)
    refused(
        store,
        ValidationError,
        lambda: facilitators.add_unavailable(store, person, TODAY, TODAY - dt.timedelta(days=1)),
        says="The time away ends before it starts.",
    )


def test_pauses_closed_and_open_ended(store: Store) -> None:
    person = add(store)
    profile = facilitators.pause(store, person, TODAY, None, "Needs a rest")
    (pause,) = profile.pauses
    assert pause.span == DateSpan(TODAY, None)
    assert pause.reason == "Needs a rest"
    assert profile.paused_on(dt.date(2030, 1, 1)) == pause
    profile = facilitators.end_pause(store, pause.id, dt.date(2025, 4, 30))
    assert profile.pauses[0].span == DateSpan(TODAY, dt.date(2025, 4, 30))
    assert profile.paused_on(dt.date(2025, 5, 1)) is None
    # lifted the day before it began: never paused at all
    profile = facilitators.end_pause(store, pause.id, TODAY - dt.timedelta(days=1))
    assert profile.paused_on(TODAY) is None


@pytest.mark.parametrize(
    ("last_day", "says"),
    [
        (TODAY - dt.timedelta(days=2), "A pause can't end before it starts."),
        (dt.date(2025, 4, 30), "This pause already ends by then."),
        (dt.date(2025, 5, 30), "This pause already ends by then."),
    ],
)
def test_ending_a_pause_wrongly_is_refused(store: Store, last_day: dt.date, says: str) -> None:
    person = add(store)
    (pause,) = facilitators.pause(store, person, TODAY, dt.date(2025, 4, 30)).pauses
    refused(
        store, ValidationError, lambda: facilitators.end_pause(store, pause.id, last_day), says=says
    )


def test_a_pause_ending_before_it_starts_is_refused(store: Store) -> None:
    person = add(store)
    refused(
        store,
        ValidationError,
        lambda: facilitators.pause(store, person, TODAY, TODAY - dt.timedelta(days=1)),
        says="The pause ends before it starts.",
    )
    refused(
        store,
        ValidationError,
        lambda: facilitators.pause(store, person, TODAY, None, "x" * 2_001),
        says="The private reason can hold at most 2,000 characters",
    )


# --- a facilitator's laptop ------------------------------------------------------------------


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Store]:
    """A facilitator's store: the owner, and a colleague and a group as sync would bring them."""
    store = make_store(tmp_path / "laptop", clock=FakeClock(), role=StoreRole.FACILITATOR)
    yield store
    store.close()


def _synced_colleague(store: Store, name: str = "Bea Colleague") -> str:
    """Rows a coordinator's store would send; written directly, as sync will write them."""
    colleague = synced_person(store, name)
    with store.transaction():
        store.update("people", colleague, {"stage": Stage.LEAD.value})
        store.insert(
            "supervision",
            "sup-1",
            {
                "person_id": colleague,
                "held_on": "2025-03-01",
                "with_whom": "Priya",
                "note": "private",
            },
        )
    return colleague


def test_a_facilitator_changes_their_own_availability_time_away_and_pauses(laptop: Store) -> None:
    me = laptop.facts.owner_person_id
    profile = facilitators.save_availability(laptop, me, Availability(frozenset({1}), 2))
    assert profile.availability == Availability(frozenset({1}), 2)
    profile = facilitators.add_unavailable(laptop, me, TODAY, TODAY)
    profile = facilitators.remove_unavailable(laptop, profile.unavailable[0].id)
    assert profile.unavailable == ()
    (pause,) = facilitators.pause(laptop, me, TODAY, None, "Looking after myself").pauses
    assert facilitators.end_pause(laptop, pause.id, TODAY).pauses[0].span.last == TODAY


def test_a_facilitator_cannot_change_a_colleagues_availability(laptop: Store) -> None:
    colleague = _synced_colleague(laptop)
    says = "On a facilitator's laptop you can change only your own availability and pauses."
    for change in [
        lambda: facilitators.save_availability(laptop, colleague, Availability(max_per_month=1)),
        lambda: facilitators.add_unavailable(laptop, colleague, TODAY, TODAY),
        lambda: facilitators.pause(laptop, colleague, TODAY, None),
    ]:
        refused(laptop, NotPermitted, change, says=says)
    with laptop.transaction():
        laptop.insert(
            "pauses",
            "their-pause",
            {"person_id": colleague, "starts_on": "2025-03-01", "ends_on": None, "reason": ""},
        )
        laptop.insert(
            "unavailable",
            "their-days",
            {
                "person_id": colleague,
                "first_day": "2025-03-01",
                "last_day": "2025-03-02",
                "removed": 0,
            },
        )
    refused(
        laptop,
        NotPermitted,
        lambda: facilitators.end_pause(laptop, "their-pause", TODAY),
        says=says,
    )
    refused(
        laptop,
        NotPermitted,
        lambda: facilitators.remove_unavailable(laptop, "their-days"),
        says=says,
    )


def test_a_facilitator_cannot_change_the_journey_or_the_rota(laptop: Store) -> None:
    me = laptop.facts.owner_person_id
    colleague = _synced_colleague(laptop)
    group = make_group(laptop)
    proposal = rota.propose(laptop, group.id, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    changes: list[Callable[[], object]] = [
        lambda: facilitators.add_facilitator(laptop, "New", approved_by="Me"),
        lambda: facilitators.save_details(laptop, me, "Me", ""),
        lambda: facilitators.change_stage(laptop, me, Stage.LEAD, on=TODAY, approved_by="Me"),
        lambda: facilitators.set_groups(laptop, me, [group.id]),
        lambda: facilitators.save_readiness(laptop, colleague, Readiness(True)),
        lambda: facilitators.add_training(laptop, me, "Course", TODAY, None),
        lambda: facilitators.add_supervision(laptop, colleague, TODAY, "Me"),
        lambda: rota.save_rota(laptop, group.id, proposal.rows),
    ]
    for change in changes:
        refused(laptop, NotPermitted, change, says="Only the coordinator's store can change")


def test_supervision_notes_are_not_read_on_a_facilitators_laptop(laptop: Store) -> None:
    colleague = _synced_colleague(laptop)
    assert facilitators.get_profile(laptop, colleague).supervision == ()
    assert all(profile.supervision == () for profile in facilitators.list_profiles(laptop))


def test_interview_and_observation_notes_are_not_read_on_a_facilitators_laptop(
    laptop: Store,
) -> None:
    colleague = _synced_colleague(laptop)
    with laptop.transaction():  # as if a sync had carried them (issue 6 must not)
        laptop.update(
            "people", colleague, {"readiness_notes": "CANARY observation", "self_care_plan": 1}
        )
    readiness = facilitators.get_profile(laptop, colleague).readiness
    assert readiness.notes == ""
    assert readiness.self_care_plan  # the yes/no checklist itself is not private
    assert all(p.readiness.notes == "" for p in facilitators.list_profiles(laptop))


def test_on_a_laptop_the_planned_people_stay_but_the_night_can_be_recorded(laptop: Store) -> None:
    me = laptop.facts.owner_person_id
    colleague = _synced_colleague(laptop)
    group = make_group(laptop)
    session = make_session(laptop, group.id, date=TODAY)
    with laptop.transaction():  # the coordinator's plan, as sync brings it
        laptop.update("sessions", session.id, {"lead_id": colleague, "co_facilitator_id": me})
    planned = sessions.get_session(laptop, session.id)
    for fields in [
        replace(planned.fields, lead_id=me, co_facilitator_id=colleague),
        replace(planned.fields, co_facilitator_id=None),
    ]:
        refused(
            laptop,
            NotPermitted,
            lambda fields=fields: sessions.update_session(laptop, session.id, fields),
            says="Only the coordinator's store can change who is on the rota.",
        )
    refused(
        laptop,
        NotPermitted,
        lambda: make_session(laptop, group.id, lead_id=me),
        says="who is on the rota",
    )
    # other details of the session can still be written
    topic = sessions.update_session(laptop, session.id, replace(planned.fields, topic="Sleep"))
    assert topic.fields.topic == "Sleep"
    assert (topic.fields.lead_id, topic.fields.co_facilitator_id) == (colleague, me)
    night = sessions.record_on_the_night(laptop, session.id, OnTheNight(me, colleague, True))
    assert night.on_the_night == OnTheNight(me, colleague, True)
    assert (night.fields.lead_id, night.fields.co_facilitator_id) == (colleague, me)


def test_recording_the_night_refuses_bad_input(store: Store) -> None:
    group = make_group(store)
    session = make_session(store, group.id)
    ash = add(store)
    refused(
        store,
        ValidationError,
        lambda: sessions.record_on_the_night(store, session.id, OnTheNight(ash, ash)),
        says="need to be different people",
    )
    refused(
        store,
        ValidationError,
        lambda: sessions.record_on_the_night(store, session.id, OnTheNight(None, ash, True)),
        says="Choose who led before noting that the group chose them.",
    )
    refused(
        store,
        NotFound,
        lambda: sessions.record_on_the_night(store, session.id, OnTheNight("nobody")),
        says="That person is not in this store.",
    )
    refused(
        store,
        NotFound,
        lambda: sessions.record_on_the_night(store, "nothing", OnTheNight(ash)),
        says="That session is not in this store.",
    )
    sessions.set_status(store, session.id, SessionStatus.CANCELLED)
    refused(
        store,
        ValidationError,
        lambda: sessions.record_on_the_night(store, session.id, OnTheNight(ash)),
        says="This session was cancelled, so nobody led it.",
    )


def test_who_led_is_recorded_on_the_night_or_after_never_before(
    store: Store, clock: FakeClock
) -> None:
    group = make_group(store)
    ash = add(store)
    tomorrow = make_session(store, group.id, date=TOMORROW)
    refused(
        store,
        ValidationError,
        lambda: sessions.record_on_the_night(store, tomorrow.id, OnTheNight(ash, None, True)),
        says="Who led can be recorded on the night of the session, or after it.",
    )
    # Clearing what was recorded is never refused, whatever the date.
    cleared = sessions.record_on_the_night(store, tomorrow.id, OnTheNight())
    assert cleared.on_the_night == OnTheNight()
    clock.now = dt.datetime(2025, 3, 15, 20, 30, tzinfo=dt.UTC)  # the evening of the session
    night = sessions.record_on_the_night(store, tomorrow.id, OnTheNight(ash, None, True))
    assert night.on_the_night == OnTheNight(ash, None, True)
