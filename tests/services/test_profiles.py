"""The Facilitators tab's reads and combined writes: list lines, details, lifting pauses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator_app.domain.errors import NotPermitted, ValidationError
from facilitator_app.domain.facilitators import Stage
from facilitator_app.domain.people import PersonRole
from facilitator_app.services import facilitators, people, profiles
from facilitator_app.store.store import Store, StoreRole
from tests.factories import make_group, make_store, snapshot


def add_ash(store: Store) -> str:
    added = profiles.add_someone(
        store, "Ash", PersonRole.FACILITATOR, contact_preference="Text", approved_by="Morgan"
    )
    return added.person.id


def test_overview_lines_show_role_stage_and_a_pause_today(store: Store) -> None:
    ash = add_ash(store)
    people.add_person(store, "Gwen", PersonRole.SUPPORT_WORKER)
    today = store.today()
    facilitators.pause(store, ash, today, None)
    group = make_group(store)

    overview = profiles.people_overview(store)

    lines = {line.person.name: line for line in overview.lines}
    assert (lines["Ash"].stage, lines["Ash"].paused) == (Stage.SHADOWING, True)
    assert (lines["Gwen"].stage, lines["Gwen"].paused) == (None, False)
    assert lines["Morgan"].person.role is PersonRole.COORDINATOR
    assert overview.today == today
    assert overview.owner_name == "Morgan"
    assert [g.id for g in overview.groups] == [group.id]


def test_a_pause_starting_tomorrow_is_not_paused_today(store: Store) -> None:
    ash = add_ash(store)
    facilitators.pause(store, ash, store.today() + dt.timedelta(days=1), None)
    line = next(line for line in profiles.people_overview(store).lines if line.id == ash)
    assert not line.paused


def test_support_worker_is_added_without_a_stage_but_with_contact(store: Store) -> None:
    added = profiles.add_someone(
        store, "Gwen", PersonRole.SUPPORT_WORKER, contact_preference="Email only"
    )
    assert added.person.role is PersonRole.SUPPORT_WORKER
    assert added.profile.stage is None
    assert added.profile.contact_preference == "Email only"


def test_a_facilitator_starts_at_the_chosen_stage(store: Store) -> None:
    added = profiles.add_someone(
        store, "Ash", PersonRole.FACILITATOR, stage=Stage.CO_FACILITATOR, approved_by="Sam"
    )
    assert added.profile.stage is Stage.CO_FACILITATOR
    assert [c.approved_by for c in added.profile.stage_history] == ["Sam"]


def test_saving_details_changes_name_role_and_contact_together(store: Store) -> None:
    ash = add_ash(store)
    saved = profiles.save_person(store, ash, "Ashley", PersonRole.SUPPORT_WORKER, "Call")
    assert (saved.person.name, saved.person.role) == ("Ashley", PersonRole.SUPPORT_WORKER)
    assert saved.profile.contact_preference == "Call"


def test_a_refused_contact_preference_changes_nothing(store: Store) -> None:
    ash = add_ash(store)
    before = snapshot(store)
    with pytest.raises(ValidationError):
        profiles.save_person(store, ash, "Ashley", PersonRole.FACILITATOR, "x" * 500)
    assert snapshot(store) == before


def test_lifting_a_pause_ends_it_yesterday(store: Store) -> None:
    ash = add_ash(store)
    today = store.today()
    paused = facilitators.pause(store, ash, today - dt.timedelta(days=5), None)
    lifted = profiles.lift_pause(store, paused.pauses[0].id)
    assert lifted.pauses[0].span.last == today - dt.timedelta(days=1)
    assert lifted.paused_on(today) is None


def test_lifting_a_pause_still_to_come_means_it_never_happens(store: Store) -> None:
    ash = add_ash(store)
    starts = store.today() + dt.timedelta(days=7)
    paused = facilitators.pause(store, ash, starts, None)
    lifted = profiles.lift_pause(store, paused.pauses[0].id)
    span = lifted.pauses[0].span
    assert span.last == starts - dt.timedelta(days=1)
    assert not any(span.first + dt.timedelta(days=n) in span for n in range(30))


def test_a_facilitator_store_can_neither_add_nor_edit_details(tmp_path: Path) -> None:
    store = make_store(tmp_path / "laptop", role=StoreRole.FACILITATOR)
    try:
        owner = store.facts.owner_person_id
        with pytest.raises(NotPermitted):
            profiles.add_someone(store, "Gwen", PersonRole.SUPPORT_WORKER)
        with pytest.raises(NotPermitted):
            profiles.save_person(store, owner, "Morgan", PersonRole.FACILITATOR, "")
        paused = facilitators.pause(store, owner, store.today(), None)
        assert profiles.lift_pause(store, paused.pauses[0].id).paused_on(store.today()) is None
    finally:
        store.close()


def test_a_blank_approver_is_the_person_using_the_store(store: Store) -> None:
    added = profiles.add_someone(store, "Ash", PersonRole.FACILITATOR, approved_by="  ")
    assert [c.approved_by for c in added.profile.stage_history] == ["Morgan"]
