"""The demo store: a year of plainly fictional groups, sessions and attendance."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from facilitator_app.domain.facilitators import Stage
from facilitator_app.domain.groups import GroupKind
from facilitator_app.domain.people import PersonRole
from facilitator_app.domain.sessions import SessionStatus
from facilitator_app.services import facilitators, groups, members, people, sessions
from facilitator_app.services.demo import fill_demo_store
from facilitator_app.store.store import Store
from tests.conftest import TemplateStore
from tests.factories import FakeClock

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def demo_store(store: Store) -> Store:
    fill_demo_store(store, today=TODAY)
    return store


def test_demo_people_are_plainly_fictional(demo_store: Store) -> None:
    others = [p for p in people.list_people(demo_store) if p.id != demo_store.facts.owner_person_id]
    assert len(others) == 7
    assert all("demo)" in p.name for p in others)
    assert Counter(p.role for p in others) == {
        PersonRole.FACILITATOR: 6,
        PersonRole.SUPPORT_WORKER: 1,
    }


def test_demo_groups_members_and_a_year_of_sessions(demo_store: Store) -> None:
    listed = groups.list_groups(demo_store)
    assert {g.kind for g in listed} == set(GroupKind)
    for group in listed:
        roster = members.list_members(demo_store, group.id)
        assert (len(roster) == 0) == (group.kind is GroupKind.DROP_IN)
        planned = sessions.list_sessions(demo_store, group.id)
        past = [s for s in planned if s.date < TODAY]
        coming = [s for s in planned if s.date >= TODAY]
        assert len(past) in (52, 53)  # a year of weekly sessions
        assert len(coming) in (6, 7)  # six weeks planned by the rota planner
        assert all(b.date - a.date == dt.timedelta(weeks=1) for a, b in pairwise(planned))
        assert {s.date.weekday() for s in planned} == {planned[0].date.weekday()}
        for session in planned:
            lead, co = session.fields.lead_id, session.fields.co_facilitator_id
            assert lead is not None
            assert co not in (None, lead)
            if session.date >= TODAY:
                assert session.status is SessionStatus.PLANNED
            elif session.status is SessionStatus.HELD and group.kind is GroupKind.DROP_IN:
                assert session.headcount in range(2, 10)
            elif session.status is SessionStatus.HELD:
                marked = demo_store.conn.execute(
                    "SELECT count(*) FROM attendance WHERE session_id = ?", [session.id]
                ).fetchone()[0]
                assert marked == len(roster)
            else:
                assert session.status is SessionStatus.CANCELLED
    assert demo_store.integrity_problems() == []


def test_demo_facilitators_are_at_every_stage_and_the_rota_respects_them(demo_store: Store) -> None:
    profiles = {p.name: p for p in facilitators.list_profiles(demo_store)}
    assert {p.stage for p in profiles.values()} == set(Stage)
    paused = profiles["Eli (demo)"]
    leads = {p.person_id for p in profiles.values() if p.stage is Stage.LEAD}
    for group in groups.list_groups(demo_store):
        for session in sessions.list_sessions(demo_store, group.id):
            if session.date < TODAY:
                continue
            assert session.fields.lead_id in leads
            if paused.paused_on(session.date) is not None:
                assert paused.person_id not in (
                    session.fields.lead_id,
                    session.fields.co_facilitator_id,
                )
    chosen = demo_store.conn.execute(
        "SELECT count(*) FROM sessions WHERE chosen_by_group = 1"
    ).fetchone()[0]
    assert chosen > 0


def test_the_same_seed_gives_the_same_demo(
    demo_store: Store, tmp_path: Path, template_store: TemplateStore
) -> None:
    other_folder = tmp_path / "other"
    shutil.copytree(template_store.folder, other_folder)
    other = Store.open(other_folder, template_store.data_key, clock=FakeClock())
    try:
        fill_demo_store(other, today=TODAY)

        def outline(store: Store) -> list[tuple[str, list[str], list[str]]]:
            return [
                (
                    g.name,
                    [m.name for m in members.list_members(store, g.id)],
                    [
                        f"{s.date} {s.status} {s.fields.topic}"
                        for s in sessions.list_sessions(store, g.id)
                    ],
                )
                for g in groups.list_groups(store)
            ]

        assert outline(other) == outline(demo_store)
    finally:
        other.close()
