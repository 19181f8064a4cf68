"""Debriefs from a laptop to the coordinator's inbox and receipts back (issue 7)."""

from __future__ import annotations

import pytest

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.protocols import finish, mark_done, start_run
from facilitator_app.domain.records import RecordKind, RecordStatus
from facilitator_app.services import debriefs, inbox, incidents, records, sessions
from facilitator_app.services import sync as sync_service
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store, new_id
from tests.factories import FIXED_NOW, make_session, snapshot
from tests.sync.helpers import Org, assert_unchanged, rows_in

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
    assert arrived.unread
    assert arrived.wants_contact
    assert not arrived.safeguarding
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


def _sealed(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM sealed_records").fetchone()[0])


def _submitted(org: Org, session_id: str) -> str:
    draft = debriefs.start_debrief(org.robin.store, session_id)
    debriefs.submit(org.robin.store, draft.id, _fields(wants_contact=False))
    return draft.id


# --- receipts and lost sticks ------------------------------------------------------


def test_a_lost_stick_loses_no_record_and_a_found_one_files_nothing_twice(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    session_id = _session_on_laptop(org, robins_members)
    first = _submitted(org, session_id)
    (lost,) = org.export(laptop)  # the stick is lost: never imported
    second = _submitted(org, session_id)

    (path,) = org.export(laptop)
    # The laptop still holds its sealed copy of the first record and sends it again.
    carried = {row[1] for row in rows_in(org.coordinator, path) if row[0] == "sealed_records"}
    assert carried == {first, second}
    [result] = sync_service.import_bundles(org.coordinator, [path])

    assert result.intake is not None
    assert result.intake.records == 2
    assert {line.id for line in inbox.inbox(org.coordinator)} == {first, second}

    # The lost stick turns up after all: nothing is filed twice.
    [late] = sync_service.import_bundles(org.coordinator, [lost])
    assert late.refused is None
    assert late.intake is not None
    assert late.intake.records == 0
    assert len(inbox.inbox(org.coordinator)) == 2
    assert org.coordinator.conn.execute("SELECT count(*) FROM debriefs").fetchone()[0] == 2


def test_the_sealed_copy_stays_until_a_receipt_arrives_even_if_one_is_lost(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    record_id = _submitted(org, _session_on_laptop(org, robins_members))
    org.to_coordinator(org.robin)

    # The coordinator has it but nobody has opened it yet: no receipt, the copy stays.
    org.to_laptop(org.robin)
    assert _sealed(laptop) == 1
    assert records.sent_lines(laptop)[0].status is RecordStatus.SENT

    inbox.open_record(org.coordinator, record_id)
    (lost,) = org.export(org.coordinator, only=org.robin.device_id)  # never imported
    assert _sealed(laptop) == 1

    [result] = org.to_laptop(org.robin)

    assert result.intake is not None
    assert result.intake.receipts == 1
    assert _sealed(laptop) == 0
    (line,) = records.sent_lines(laptop)
    assert line.status is RecordStatus.RECEIVED
    # The record itself stays at the coordinator, where it belongs.
    assert _sealed(org.coordinator) == 1

    # The lost stick turns up: its receipt is old news, and nothing about records changes.
    record_tables = ("sealed_records", "sent_records", "inbox", "debriefs", "debrief_addenda")
    before = snapshot(laptop)
    [late] = sync_service.import_bundles(laptop, [lost])
    assert late.refused is None
    after = snapshot(laptop)
    assert {table: after[table] for table in record_tables} == {
        table: before[table] for table in record_tables
    }
    assert records.sent_lines(laptop) == [line]

    # And the same stick once more is recognised and changes nothing at all.
    before = snapshot(laptop)
    [again] = sync_service.import_bundles(laptop, [lost])
    assert again.intake is not None
    assert again.intake.duplicate
    assert_unchanged(laptop, before)


# --- addenda from a laptop -----------------------------------------------------------


def test_an_addendum_after_the_receipt_arrives_on_its_own_and_shows_with_its_debrief(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    record_id = _submitted(org, _session_on_laptop(org, robins_members))
    org.to_coordinator(org.robin)
    inbox.open_record(org.coordinator, record_id)
    org.to_laptop(org.robin)
    assert _sealed(laptop) == 0

    addendum_id = debriefs.add_addendum(laptop, record_id, "Jo rang me the next day.")
    assert records.sent_line_or_refuse(laptop, record_id).addenda == 1
    org.to_coordinator(org.robin)

    (line,) = inbox.inbox(org.coordinator)
    assert (line.id, line.unread, line.addenda, line.new_addenda) == (record_id, True, 1, 1)
    opened = inbox.open_record(org.coordinator, record_id)
    assert opened.debrief is not None
    assert [a.text for a in opened.debrief.addenda] == ["Jo rang me the next day."]

    org.to_laptop(org.robin)
    assert _sealed(laptop) == 0
    statuses = {line.id: line.status for line in records.sent_lines(laptop)}
    assert statuses == {record_id: RecordStatus.RECEIVED, addendum_id: RecordStatus.RECEIVED}


def test_an_incident_addendum_before_the_coordinator_has_the_record_arrives_with_it(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    session_id = _session_on_laptop(org, robins_members)
    protocol = get_protocol("flashback")
    run = finish(mark_done(start_run(protocol, FIXED_NOW), FIXED_NOW), FIXED_NOW)
    draft = incidents.save_draft(
        laptop,
        None,
        IncidentFields(run=run, group_id=org.robins_group.id, session_id=session_id),
    )
    incidents.submit(laptop, draft.id)
    assert incidents.add_addendum(laptop, draft.id, "They were fine by the break.") is None

    org.to_coordinator(org.robin)

    (line,) = inbox.inbox(org.coordinator)
    assert (line.kind, line.addenda, line.new_addenda) == (RecordKind.INCIDENT, 1, 1)
    opened = inbox.open_record(org.coordinator, draft.id)
    assert opened.incident is not None
    assert [a.text for a in opened.incident.addenda] == ["They were fine by the break."]


def test_a_laptop_adds_only_to_records_it_sent(org: Org, robins_members: list[str]) -> None:
    laptop = org.robin.store
    record_id = _submitted(org, _session_on_laptop(org, robins_members))
    before = snapshot(laptop)

    with pytest.raises(NotFound):
        debriefs.add_addendum(laptop, new_id(), "A later note.")
    with pytest.raises(NotFound):
        incidents.add_addendum(laptop, record_id, "A debrief is not an incident record.")
    with pytest.raises(ValidationError):
        debriefs.add_addendum(laptop, record_id, "  ")

    assert_unchanged(laptop, before)


# --- too much text: kept as a draft, never sealed -----------------------------------------


def test_a_very_long_concern_stays_a_draft_on_the_laptop_and_nothing_is_sent(
    org: Org, robins_members: list[str]
) -> None:
    laptop = org.robin.store
    session_id = _session_on_laptop(org, robins_members)
    draft = debriefs.start_debrief(laptop, session_id)
    huge = "I kept writing. " * 6_250  # 100,000 characters
    debriefs.save_draft(laptop, draft.id, _fields(concerns=huge))
    before = snapshot(laptop)

    with pytest.raises(ValidationError) as caught:
        debriefs.submit(laptop, draft.id, _fields(concerns=huge))

    assert "20,000" in caught.value.message
    assert_unchanged(laptop, before)
    (kept,) = debriefs.drafts(laptop)
    assert kept.fields.concerns == huge
    assert records.sent_lines(laptop) == []
    assert _sealed(laptop) == 0
    org.to_coordinator(org.robin)
    assert inbox.inbox(org.coordinator) == []
