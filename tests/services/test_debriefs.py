"""Debriefs through the services: bad input gets a clear message and changes nothing.

These run on a coordinator's store, where a submitted debrief is filed as it is, and
on a facilitator's store that never joined an organisation. Sealing on a paired
laptop is in tests/sync/test_debriefs.py and tests/sync/test_sealed_refusals.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facilitator_app.domain.debriefs import DebriefFields, DebriefStatus, HowItWent
from facilitator_app.domain.errors import NotFound, NotPermitted, ValidationError
from facilitator_app.domain.people import PersonRole
from facilitator_app.domain.sessions import Session, SessionStatus
from facilitator_app.services import debriefs, inbox, incidents, people, records, sessions
from facilitator_app.store.debrief_rows import debrief_values
from facilitator_app.store.store import Store, StoreRole, new_id
from tests.factories import (
    FakeClock,
    make_group,
    make_member,
    make_person,
    make_session,
    make_store,
    snapshot,
)

FIELDS = DebriefFields(
    how_it_went=HowItWent.MIXED,
    topics="Boundaries",
    went_well="Everyone spoke",
    concerns="One member left early.",
    wellbeing=3,
)
HUGE = "a" * 100_000


@pytest.fixture
def session(store: Store) -> Session:
    group = make_group(store)
    member = make_member(store, group.id)
    held = make_session(store, group.id)
    sessions.take_register(store, held.id, [member.id])
    return held


def _debrief_rows(store: Store) -> list[tuple[object, ...]]:
    return list(store.conn.execute("SELECT * FROM debriefs ORDER BY id"))


# --- cancelled sessions --------------------------------------------------------------


def test_a_cancelled_session_can_not_be_debriefed_and_nothing_is_made(
    store: Store, session: Session
) -> None:
    sessions.set_status(store, session.id, SessionStatus.CANCELLED)
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        debriefs.start_debrief(store, session.id, FIELDS)
    with pytest.raises(ValidationError):
        debriefs.debrief_sheet(store, session.id)

    assert caught.value.field == "session"
    assert "cancelled" in caught.value.message
    assert "incident" in caught.value.message  # says what to do instead
    assert snapshot(store) == before


def test_a_draft_whose_session_was_cancelled_is_not_sent_and_stays(
    store: Store, session: Session
) -> None:
    draft = debriefs.start_debrief(store, session.id, FIELDS)
    sessions.set_status(store, session.id, SessionStatus.CANCELLED)
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        debriefs.submit(store, draft.id, FIELDS)

    assert caught.value.field == "session"
    assert snapshot(store) == before
    assert [d.id for d in debriefs.drafts(store)] == [draft.id]


def test_an_unknown_session_is_not_found(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound):
        debriefs.start_debrief(store, new_id())
    assert snapshot(store) == before


# --- a second debrief of one session ---------------------------------------------------


def test_a_second_debrief_of_a_session_is_allowed_and_both_are_kept(
    store: Store, session: Session
) -> None:
    first = debriefs.start_debrief(store, session.id)
    debriefs.submit(store, first.id, FIELDS)
    assert debriefs.debrief_sheet(store, session.id).already_sent == 1
    second = debriefs.start_debrief(store, session.id)
    debriefs.submit(store, second.id, FIELDS)

    assert debriefs.debrief_sheet(store, session.id).already_sent == 2
    lines = inbox.inbox(store)
    assert {line.id for line in lines} == {first.id, second.id}
    assert [line.id for line in inbox.open_record(store, first.id).same_session] == [second.id]
    assert [line.id for line in inbox.open_record(store, second.id).same_session] == [first.id]


# --- long text: autosave keeps it, submit refuses it -----------------------------------


def test_a_very_long_concern_is_kept_in_the_draft_but_not_submitted(
    store: Store, session: Session
) -> None:
    draft = debriefs.start_debrief(store, session.id, FIELDS)
    long = DebriefFields(how_it_went=HowItWent.HARD, concerns=HUGE)

    saved = debriefs.save_draft(store, draft.id, long)
    assert saved.fields.concerns == HUGE
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        debriefs.submit(store, draft.id, long)

    assert caught.value.field == "concerns"
    assert "20,000" in caught.value.message
    assert "100,000" in caught.value.message
    assert snapshot(store) == before
    (kept,) = debriefs.drafts(store)
    assert kept.fields.concerns == HUGE
    assert kept.status is DebriefStatus.DRAFT
    assert inbox.inbox(store) == []


def test_a_concern_of_exactly_the_limit_is_submitted(store: Store, session: Session) -> None:
    draft = debriefs.start_debrief(store, session.id)
    sent = debriefs.submit(
        store, draft.id, DebriefFields(how_it_went=HowItWent.HARD, concerns="b" * 20_000)
    )
    assert sent.is_submitted
    assert len(sent.fields.concerns) == 20_000


# --- choices --------------------------------------------------------------------------


@pytest.mark.parametrize("wellbeing", [0, 6, -1, 100])
def test_wellbeing_outside_one_to_five_is_refused_everywhere(
    store: Store, session: Session, wellbeing: int
) -> None:
    draft = debriefs.start_debrief(store, session.id, FIELDS)
    wrong = DebriefFields(how_it_went=HowItWent.SETTLED, wellbeing=wellbeing)
    before = snapshot(store)

    attempts: tuple[Callable[[], object], ...] = (
        lambda: debriefs.start_debrief(store, session.id, wrong),
        lambda: debriefs.save_draft(store, draft.id, wrong),
        lambda: debriefs.submit(store, draft.id, wrong),
    )
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.field == "wellbeing"
        assert "1 to 5" in caught.value.message

    assert snapshot(store) == before


@pytest.mark.parametrize("wellbeing", [None, 1, 5])
def test_wellbeing_from_one_to_five_or_none_is_kept(
    store: Store, session: Session, wellbeing: int | None
) -> None:
    draft = debriefs.start_debrief(store, session.id)
    fields = DebriefFields(how_it_went=HowItWent.SETTLED, wellbeing=wellbeing)
    assert debriefs.submit(store, draft.id, fields).fields.wellbeing == wellbeing


def test_submit_without_saying_how_it_went_is_refused_and_the_draft_stays(
    store: Store, session: Session
) -> None:
    draft = debriefs.start_debrief(store, session.id, DebriefFields(concerns="Typed so far"))
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        debriefs.submit(store, draft.id, DebriefFields(concerns="Typed so far"))

    assert caught.value.field == "how_it_went"
    assert snapshot(store) == before


def test_a_submitted_debrief_can_not_be_changed_or_submitted_again(
    store: Store, session: Session
) -> None:
    draft = debriefs.start_debrief(store, session.id)
    debriefs.submit(store, draft.id, FIELDS)
    before = snapshot(store)

    for attempt in (
        lambda: debriefs.submit(store, draft.id, FIELDS),
        lambda: debriefs.save_draft(store, draft.id, DebriefFields(concerns="Changed")),
        lambda: debriefs.discard_draft(store, draft.id),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert "addendum" in caught.value.message

    assert snapshot(store) == before


# --- someone else's draft --------------------------------------------------------------


def test_someone_elses_draft_can_not_be_submitted_changed_or_thrown_away(
    store: Store, session: Session
) -> None:
    other = make_person(store, name="Robin")
    draft_id = new_id()
    with store.transaction():
        store.insert(
            "debriefs",
            draft_id,
            {
                "session_id": session.id,
                "group_id": session.group_id,
                "session_date": session.date.isoformat(),
                "author_id": other.id,
                "status": DebriefStatus.DRAFT.value,
                "saved_at": store.now().isoformat(),
                **debrief_values(FIELDS, (), ()),
            },
        )
    before = snapshot(store)

    for attempt in (
        lambda: debriefs.submit(store, draft_id, FIELDS),
        lambda: debriefs.save_draft(store, draft_id, DebriefFields(concerns="Not mine")),
        lambda: debriefs.discard_draft(store, draft_id),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert "Only the person who started" in caught.value.message

    assert snapshot(store) == before
    assert debriefs.drafts(store) == []
    assert inbox.inbox(store) == []


# --- addenda ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_an_addendum_with_no_text_is_refused(store: Store, session: Session, text: str) -> None:
    draft = debriefs.start_debrief(store, session.id)
    debriefs.submit(store, draft.id, FIELDS)
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        debriefs.add_addendum(store, draft.id, text)

    assert caught.value.field == "addendum"
    assert "needs some text" in caught.value.message
    assert snapshot(store) == before


def test_an_addendum_to_an_unknown_record_is_not_found(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound):
        debriefs.add_addendum(store, new_id(), "A later note.")
    with pytest.raises(NotFound):
        incidents.add_addendum(store, new_id(), "A later note.")
    assert snapshot(store) == before


def test_an_addendum_to_a_draft_is_refused(store: Store, session: Session) -> None:
    draft = debriefs.start_debrief(store, session.id, FIELDS)
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        debriefs.add_addendum(store, draft.id, "A later note.")

    assert "still a draft" in caught.value.message
    assert snapshot(store) == before


def test_an_addendum_is_kept_with_its_debrief(store: Store, session: Session) -> None:
    draft = debriefs.start_debrief(store, session.id)
    debriefs.submit(store, draft.id, FIELDS)

    debriefs.add_addendum(store, draft.id, "  The room was booked late.  ")

    (addendum,) = debriefs.debrief_or_refuse(store, draft.id).addenda
    assert addendum.text == "The room was booked late."
    assert addendum.author_id == store.facts.owner_person_id


# --- a laptop that never joined an organisation ---------------------------------------


@pytest.fixture
def lone_laptop(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    """A facilitator's store with no organisation keys: there is nobody to seal to."""
    store = make_store(tmp_path / "lone", clock=clock, role=StoreRole.FACILITATOR)
    try:
        yield store
    finally:
        store.close()


def test_a_laptop_that_has_not_joined_keeps_the_debrief_as_a_draft(lone_laptop: Store) -> None:
    assert records.is_laptop(lone_laptop)
    group = make_group(lone_laptop)
    held = make_session(lone_laptop, group.id)
    draft = debriefs.start_debrief(lone_laptop, held.id, FIELDS)
    before = snapshot(lone_laptop)

    with pytest.raises(NotPermitted) as caught:
        debriefs.submit(lone_laptop, draft.id, FIELDS)

    assert "not joined an organisation" in caught.value.message
    assert "draft" in caught.value.message
    assert snapshot(lone_laptop) == before
    (kept,) = debriefs.drafts(lone_laptop)
    assert kept.fields == FIELDS
    assert records.sent_lines(lone_laptop) == []
    assert lone_laptop.conn.execute("SELECT count(*) FROM sealed_records").fetchone()[0] == 0


def test_a_laptop_can_not_add_to_a_record_it_never_sent(lone_laptop: Store) -> None:
    before = snapshot(lone_laptop)
    with pytest.raises(NotFound):
        debriefs.add_addendum(lone_laptop, new_id(), "A later note.")
    with pytest.raises(NotFound):
        incidents.add_addendum(lone_laptop, new_id(), "A later note.")
    assert snapshot(lone_laptop) == before


# --- links that stop fitting -----------------------------------------------------------


def test_a_draft_drops_a_recipient_who_left_and_keeps_the_typing(
    store: Store, session: Session
) -> None:
    worker = make_person(store, name="Siân", role=PersonRole.SUPPORT_WORKER)
    draft = debriefs.start_debrief(
        store, session.id, dataclasses.replace(FIELDS, recipient_id=worker.id)
    )
    assert draft.fields.recipient_id == worker.id
    people.archive_person(store, worker.id)

    saved = debriefs.save_draft(
        store, draft.id, dataclasses.replace(FIELDS, recipient_id=worker.id)
    )

    assert saved.fields.recipient_id is None
    assert saved.fields.concerns == FIELDS.concerns


def test_submit_refuses_a_safeguarding_link_to_another_sessions_incident(
    store: Store, session: Session
) -> None:
    draft = debriefs.start_debrief(store, session.id)
    linked = dataclasses.replace(FIELDS, safeguarding=True, safeguarding_incident_id=new_id())
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        debriefs.submit(store, draft.id, linked)

    assert caught.value.field == "safeguarding_incident_id"
    assert snapshot(store) == before
