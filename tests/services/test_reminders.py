"""Home-screen reminders read from a store: the coordinator's, and a facilitator's own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator_app.domain.facilitators import Readiness, Stage
from facilitator_app.domain.reminders import Reminder, ReminderKind, SupervisionSettings
from facilitator_app.domain.sessions import OnTheNight, SessionStatus
from facilitator_app.services import facilitators, groups, people, sessions
from facilitator_app.services.recovery import make_recovery_sheet
from facilitator_app.services.reminders import home_reminders, home_view
from facilitator_app.services.settings import save_supervision_settings
from facilitator_app.store.codec import date_out
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.store import Store, StoreRole, new_id
from tests.factories import PASSPHRASE, FakeClock, make_group, make_session, make_store

TODAY = dt.date(2025, 3, 14)  # the factories' fixed clock


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def kinds_and_texts(reminders: list[Reminder]) -> list[tuple[ReminderKind, str]]:
    return [(reminder.kind, reminder.text) for reminder in reminders]


def add_lead(store: Store, name: str, group_ids: list[str], *, since: dt.date) -> str:
    person = facilitators.add_facilitator(
        store, name, stage=Stage.CO_FACILITATOR, approved_by="Morgan", on=day(-400)
    )
    facilitators.change_stage(store, person.person_id, Stage.LEAD, on=since, approved_by="Morgan")
    facilitators.set_groups(store, person.person_id, group_ids)
    return person.person_id


@pytest.fixture(autouse=True)
def recovery_sheet(store: Store) -> None:
    """Made, as a coordinator is asked to first: the other reminders are tested here."""
    make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())


def test_an_empty_store_needs_nothing(store: Store) -> None:
    assert home_reminders(store) == []


def test_a_coordinator_store_without_a_recovery_sheet_asks_for_one(tmp_path: Path) -> None:
    fresh = make_store(tmp_path / "fresh")
    try:
        assert [r.kind for r in home_reminders(fresh)] == [ReminderKind.NO_RECOVERY_SHEET]
    finally:
        fresh.close()


def test_home_view_greets_the_owner_with_the_stores_today(store: Store) -> None:
    view = home_view(store)
    assert (view.first_name, view.today, view.reminders) == ("Morgan", TODAY, ())


def test_supervision_weekly_while_new_to_leading(store: Store, clock: FakeClock) -> None:
    group = make_group(store)
    sam = add_lead(store, "Sam Okafor", [group.id], since=day(-30))
    assert kinds_and_texts(home_reminders(store)) == [
        (
            ReminderKind.SUPERVISION_DUE,
            "No supervision recorded yet for Sam Okafor (weekly in the first 3 months of leading)",
        )
    ]
    facilitators.add_supervision(store, sam, day(-6), "Morgan", "a private note")
    assert home_reminders(store) == []
    clock.advance(24 * 3600)
    [due] = home_reminders(store)
    assert (due.person_id, due.due, due.text) == (
        sam,
        day(1),
        "Supervision for Sam Okafor is due today (weekly in the first 3 months of leading)",
    )


def test_supervision_monthly_from_three_months_after_leading(
    store: Store, clock: FakeClock
) -> None:
    group = make_group(store)
    sam = add_lead(store, "Sam", [group.id], since=dt.date(2024, 12, 15))
    facilitators.add_supervision(store, sam, day(-8), "Morgan")
    assert [r.person_id for r in home_reminders(store)] == [sam]  # still new: weekly
    clock.advance(24 * 3600)  # 15 March: three months since 15 December
    assert home_reminders(store) == []


def test_the_saved_intervals_are_used(store: Store) -> None:
    group = make_group(store)
    jo = facilitators.add_facilitator(store, "Jo", approved_by="Morgan", on=day(-200))
    facilitators.set_groups(store, jo.person_id, [group.id])
    facilitators.add_supervision(store, jo.person_id, day(-20), "Morgan")
    assert home_reminders(store) == []
    save_supervision_settings(store, SupervisionSettings(every_days=14, new_lead_every_days=7))
    assert kinds_and_texts(home_reminders(store)) == [
        (ReminderKind.SUPERVISION_DUE, "Supervision for Jo was due on 8 March")
    ]


def test_training_expiring_and_expired(store: Store) -> None:
    jo = facilitators.add_facilitator(store, "Jo", approved_by="Morgan", on=day(-200))
    facilitators.add_supervision(store, jo.person_id, day(-1), "Morgan")
    facilitators.add_training(store, jo.person_id, "First aid", day(-700), day(10))
    facilitators.add_training(store, jo.person_id, "Safeguarding", day(-700), day(-2))
    facilitators.add_training(store, jo.person_id, "Listening skills", day(-700), day(40))
    assert kinds_and_texts(home_reminders(store)) == [
        (ReminderKind.TRAINING_EXPIRING, "Safeguarding for Jo expired on 12 March"),
        (ReminderKind.TRAINING_EXPIRING, "First aid for Jo expires on 24 March"),
    ]


def test_archived_facilitators_are_left_out(store: Store) -> None:
    jo = facilitators.add_facilitator(store, "Jo", approved_by="Morgan", on=day(-200))
    facilitators.add_training(store, jo.person_id, "First aid", day(-700), day(10))
    people.archive_person(store, jo.person_id)
    assert home_reminders(store) == []


def test_sessions_with_no_lead_in_running_groups(store: Store) -> None:
    tuesday = make_group(store, name="Tuesday group")
    old = make_group(store, name="Old group")
    no_lead = make_session(store, tuesday.id, date=day(4))
    make_session(store, tuesday.id, date=day(29))
    make_session(store, old.id, date=day(5))
    groups.archive_group(store, old.id)
    [reminder] = home_reminders(store)
    assert reminder == Reminder(
        ReminderKind.NO_LEAD,
        "Tuesday group on 18 March has no lead yet",
        day(4),
        session_id=no_lead.id,
        group_id=tuesday.id,
    )


def test_a_lead_who_pauses_after_the_rota_was_saved_leaves_a_session_without_one(
    store: Store,
) -> None:
    tuesday = make_group(store, name="Tuesday group")
    sam = add_lead(store, "Sam", [tuesday.id], since=day(-200))
    facilitators.add_supervision(store, sam, day(-1), "Morgan")
    planned = make_session(store, tuesday.id, date=day(4), lead_id=sam)
    assert home_reminders(store) == []
    facilitators.pause(store, sam, day(1), None, "CANARY a private reason")
    [reminder] = home_reminders(store)
    assert reminder == Reminder(
        ReminderKind.NO_LEAD,
        "Tuesday group on 18 March has no lead: Sam, the planned lead, is paused",
        day(4),
        session_id=planned.id,
        group_id=tuesday.id,
    )


def test_leading_more_than_a_fair_share_this_quarter(store: Store) -> None:
    group = make_group(store, start_date=dt.date(2025, 1, 1))
    ali = add_lead(store, "Ali", [group.id], since=day(-400))
    sam = add_lead(store, "Sam", [group.id], since=day(-400))
    for person in (ali, sam):
        facilitators.add_supervision(store, person, day(-1), "Morgan")
    for week, lead in enumerate([ali, ali, ali, ali, ali, sam]):
        make_session(
            store, group.id, date=dt.date(2025, 1, 7) + dt.timedelta(weeks=week), lead_id=lead
        )
    cancelled = make_session(store, group.id, date=dt.date(2025, 2, 25), lead_id=ali)
    sessions.set_status(store, cancelled.id, SessionStatus.CANCELLED)
    make_session(store, group.id, date=dt.date(2024, 12, 31), lead_id=ali)  # last quarter
    assert kinds_and_texts(home_reminders(store)) == [
        (
            ReminderKind.LED_MORE_THAN_SHARE,
            "Ali has led 5 sessions this quarter, more than a fair share (about 3)",
        )
    ]
    # The group chose Sam on the night of one of Ali's sessions.
    first = sessions.list_sessions(store, group.id)[1]
    sessions.record_on_the_night(store, first.id, OnTheNight(sam, None, chosen_by_group=True))
    assert home_reminders(store) == []


def test_no_reminder_holds_private_text(store: Store) -> None:
    canary = "CANARY private"
    group = make_group(store)
    sam = add_lead(store, "Sam", [group.id], since=day(-20))
    facilitators.add_supervision(store, sam, day(-40), "Morgan", canary)
    facilitators.pause(store, sam, day(-90), day(-60), canary)
    facilitators.save_readiness(store, sam, Readiness(True, 4, f"{canary} readiness"))
    facilitators.add_training(store, sam, "First aid", day(-700), day(3))
    make_session(store, group.id, date=day(2), topic=canary)
    found = home_reminders(store)
    assert {r.kind for r in found} == {
        ReminderKind.SUPERVISION_DUE,
        ReminderKind.TRAINING_EXPIRING,
        ReminderKind.NO_LEAD,
    }
    assert all("CANARY" not in r.text for r in found)


# --- a facilitator's laptop -------------------------------------------------------------


def _as_synced(store: Store, table: str, values: dict[str, str | int | None]) -> str:
    """Write a row as a bundle from the coordinator would (sync is not built yet)."""
    row_id = new_id()
    with store.transaction():
        store.insert(table, row_id, values)
    return row_id


def _expiring_first_aid(store: Store, person_id: str) -> None:
    values: dict[str, str | int | None] = {
        "person_id": person_id,
        "course": "First aid",
        "completed_on": date_out(day(-700)),
        "expires_on": date_out(day(5)),
        "removed": 0,
    }
    _as_synced(store, "training", values)


def test_a_facilitator_sees_only_their_own_reminders(tmp_path: Path) -> None:
    """Their training and their groups' sessions: no supervision log, nobody else's."""
    store = make_store(tmp_path / "laptop", role=StoreRole.FACILITATOR, your_name="Ali Khan")
    try:
        me = store.facts.owner_person_id
        mine = make_group(store, name="Tuesday group")
        other = make_group(store, name="Thursday group")
        with store.transaction():
            store.update("people", me, {"stage": Stage.LEAD.value})
        _as_synced(store, "person_groups", {"person_id": me, "group_id": mine.id, "removed": 0})
        jo = _as_synced(
            store,
            "people",
            {"name": "Jo", "role": "facilitator", "archived_on": None, "stage": "lead"},
        )
        _expiring_first_aid(store, me)
        _expiring_first_aid(store, jo)
        mine_session = make_session(store, mine.id, date=day(4))
        make_session(store, other.id, date=day(6))
        found = home_reminders(store)
        assert kinds_and_texts(found) == [
            (ReminderKind.NO_LEAD, "Tuesday group on 18 March has no lead yet"),
            (ReminderKind.TRAINING_EXPIRING, "First aid for Ali Khan expires on 19 March"),
        ]
        assert found[0].session_id == mine_session.id
        assert home_view(store).first_name == "Ali"
    finally:
        store.close()
