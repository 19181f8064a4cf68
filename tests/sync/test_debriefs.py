"""Debriefs from a laptop to the coordinator's inbox and receipts back (issue 7)."""

from __future__ import annotations

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.records import RecordKind, RecordStatus
from facilitator_app.services import debriefs, inbox, records, sessions
from tests.factories import make_session
from tests.sync.helpers import Org

CANARY = "canary-7f3a-debrief-concern"


def _fields(**overrides: object) -> DebriefFields:
    values: dict[str, object] = {
        "how_it_went": HowItWent.MIXED,
        "topics": "Boundaries",
        "went_well": "Everyone spoke",
        "concerns": f"One member left early. {CANARY}",
        "wellbeing": 2,
        "wants_contact": True,
    }
    values.update(overrides)
    return DebriefFields(**values)  # type: ignore[arg-type]


def _session_on_laptop(org: Org, robins_members: list[str]) -> str:
    laptop = org.robin.store
    (session,) = sessions.list_sessions(laptop, org.robins_group.id)
    sessions.take_register(laptop, session.id, [robins_members[0]])
    return session.id


def test_a_debrief_goes_sealed_to_the_inbox_and_its_receipt_comes_back(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    session_id = _session_on_laptop(org, robins_members)
    draft = debriefs.start_debrief(laptop, session_id)
    assert [m.name for m in draft.present] == ["Alex"]

    sent = debriefs.submit(laptop, draft.id, _fields())

    assert sent.is_submitted
    (line,) = records.sent_lines(laptop)
    assert (line.kind, line.status, line.group_name) == (
        RecordKind.DEBRIEF,
        RecordStatus.SENT,
        org.robins_group.name,
    )
    assert debriefs.drafts(laptop) == []
    assert laptop.conn.execute("SELECT count(*) FROM debriefs").fetchone()[0] == 0
    assert laptop.conn.execute("SELECT count(*) FROM sealed_records").fetchone()[0] == 1

    org.to_coordinator(org.robin)

    (arrived,) = inbox.inbox(org.coordinator)
    assert arrived.unread and arrived.wants_contact and not arrived.safeguarding
    assert arrived.author_name == "Robin"
    assert [c.id for c in inbox.contact_requests(org.coordinator)] == [draft.id]

    opened = inbox.open_record(org.coordinator, draft.id)
    assert opened.debrief is not None
    assert CANARY in opened.debrief.fields.concerns
    assert opened.debrief.present_count == 1
    assert not inbox.inbox(org.coordinator)[0].unread

    org.to_laptop(org.robin)

    (line,) = records.sent_lines(laptop)
    assert line.status is RecordStatus.RECEIVED
    assert laptop.conn.execute("SELECT count(*) FROM sealed_records").fetchone()[0] == 0

    inbox.mark_reviewed(org.coordinator, draft.id, "Rang Robin on Wednesday.")
    org.to_laptop(org.robin)
    assert records.sent_lines(laptop)[0].status is RecordStatus.REVIEWED
    # The review note is the coordinator's: the laptop only learns that it happened.
    assert laptop.conn.execute("SELECT review_note FROM inbox").fetchone()[0] == ""


def test_an_addendum_before_the_coordinator_has_the_debrief_arrives_with_it(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    session_id = _session_on_laptop(org, robins_members)
    draft = debriefs.start_debrief(laptop, session_id)
    debriefs.submit(laptop, draft.id, _fields(wants_contact=False))
    debriefs.add_addendum(laptop, draft.id, "I forgot: the room was booked late.")

    org.to_coordinator(org.robin)

    (line,) = inbox.inbox(org.coordinator)
    assert (line.addenda, line.new_addenda, line.unread) == (1, 1, True)
    opened = inbox.open_record(org.coordinator, draft.id)
    assert opened.debrief is not None
    assert [a.text for a in opened.debrief.addenda] == ["I forgot: the room was booked late."]
    assert not inbox.inbox(org.coordinator)[0].unread

    org.to_laptop(org.robin)
    assert {line.status for line in records.sent_lines(laptop)} == {RecordStatus.RECEIVED}
    assert laptop.conn.execute("SELECT count(*) FROM sealed_records").fetchone()[0] == 0


def test_two_debriefs_of_one_session_are_both_kept_and_shown_together(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    session_id = _session_on_laptop(org, robins_members)
    for _ in range(2):
        draft = debriefs.start_debrief(laptop, session_id)
        debriefs.submit(laptop, draft.id, _fields())
    assert debriefs.debrief_sheet(laptop, session_id).already_sent == 2

    org.to_coordinator(org.robin)

    first, second = inbox.inbox(org.coordinator)
    assert first.session_id == second.session_id == session_id
    opened = inbox.open_record(org.coordinator, first.id)
    assert [line.id for line in opened.same_session] == [second.id]


def test_importing_the_same_stick_twice_files_each_record_once(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    session_id = _session_on_laptop(org, robins_members)
    draft = debriefs.start_debrief(laptop, session_id)
    debriefs.submit(laptop, draft.id, _fields())
    org.to_coordinator(org.robin)
    org.to_coordinator(org.robin)

    assert len(inbox.inbox(org.coordinator)) == 1
    count = org.coordinator.conn.execute("SELECT count(*) FROM debriefs").fetchone()[0]
    assert count == 1


def test_a_coordinator_files_its_own_debrief_without_sealing(org: Org) -> None:
    session = make_session(org.coordinator, org.robins_group.id)
    draft = debriefs.start_debrief(org.coordinator, session.id)
    debriefs.submit(org.coordinator, draft.id, _fields())

    (line,) = inbox.inbox(org.coordinator)
    assert not line.unread
    assert org.coordinator.conn.execute("SELECT count(*) FROM sealed_records").fetchone()[0] == 0
