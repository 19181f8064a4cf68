"""Each action that exists today writes its audit entry, and no entry ever holds a name,
a pseudonym, record text, a file name or a folder (canaries planted in all of them)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import IncidentFields, RecordField
from facilitator_app.domain.protocols import finish, mark_done, start_run
from facilitator_app.services import audit, debriefs, inbox, incidents, portability, sessions
from facilitator_app.services.audit import AuditKind, AuditTarget
from facilitator_app.services.protocols import get_protocol
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.store import Store
from tests.factories import (
    FIXED_NOW,
    PASSPHRASE,
    make_group,
    make_member,
    make_person,
    make_session,
    snapshot,
)

CANARY_MEMBER = "qz9canary-member-Skylark"
CANARY_GROUP = "qz9canary-group-Willow"
CANARY_PERSON = "qz9canary-person-Robin"
CANARY_TEXT = "qz9canary-debrief-text"
CANARY_NOTE = "qz9canary-incident-note"
CANARY_FILE = "qz9canary-file"
CANARY_FOLDER = "qz9canary-folder"
CANARIES = (
    CANARY_MEMBER,
    CANARY_GROUP,
    CANARY_PERSON,
    CANARY_TEXT,
    CANARY_NOTE,
    CANARY_FILE,
    CANARY_FOLDER,
)


def log_rows(store: Store) -> list[tuple[str, str, str | None, int | None]]:
    return [
        (str(a), str(k), r, c)
        for a, k, r, c in store.conn.execute(
            "SELECT action, kind, ref, count FROM audit_log ORDER BY seq"
        )
    ]


def a_debrief(store: Store, concerns: str = "One member left early.") -> str:
    group = make_group(store, name=CANARY_GROUP)
    member = make_member(store, group.id, name=CANARY_MEMBER)
    session = make_session(store, group.id)
    sessions.take_register(store, session.id, [member.id])
    draft = debriefs.start_debrief(store, session.id)
    fields = DebriefFields(how_it_went=HowItWent.MIXED, topics=CANARY_TEXT, concerns=concerns)
    return debriefs.submit(store, draft.id, fields).id


def an_incident(store: Store) -> str:
    started = FIXED_NOW - dt.timedelta(minutes=30)
    run = start_run(get_protocol("flashback"), started)
    run = finish(
        mark_done(run, started + dt.timedelta(minutes=1)), started + dt.timedelta(minutes=2)
    )
    draft = incidents.save_draft(
        store, None, IncidentFields(run=run, notes={RecordField.OBSERVED: CANARY_NOTE})
    )
    return incidents.submit(store, draft.id).id


# --- opening a record in the inbox ---------------------------------------------------


def test_opening_a_debrief_in_the_inbox_is_recorded_each_time(store: Store) -> None:
    debrief_id = a_debrief(store)
    inbox.open_record(store, debrief_id)
    inbox.open_record(store, debrief_id)
    assert log_rows(store)[-2:] == [("opened", "debrief", debrief_id, None)] * 2
    assert audit.verify_audit_chain(store).intact


def test_opening_an_incident_record_in_the_inbox_is_recorded(store: Store) -> None:
    incident_id = an_incident(store)
    inbox.open_record(store, incident_id)
    assert log_rows(store)[-1] == ("opened", "incident", incident_id, None)


def test_reviewing_or_recording_contact_is_not_an_opening(store: Store) -> None:
    debrief_id = a_debrief(store)
    inbox.open_record(store, debrief_id)
    before = log_rows(store)
    inbox.mark_reviewed(store, debrief_id, "Read, all fine.")
    inbox.record_contact(store, debrief_id, "Phoned.")
    assert log_rows(store) == before


def test_a_record_not_in_the_inbox_is_refused_and_nothing_is_recorded(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound):
        inbox.open_record(store, "0" * 32)
    assert snapshot(store) == before


# --- the JSON export ----------------------------------------------------------------------


def test_the_json_export_is_recorded_with_its_row_count(store: Store, tmp_path: Path) -> None:
    make_group(store)
    out = portability.export_json(store, tmp_path / "everything.json")
    rows = sum(len(t) for t in json.loads(out.read_text())["tables"].values())
    assert log_rows(store)[-1] == ("exported", "all_records", None, rows)


def test_a_json_export_that_fails_records_nothing(store: Store, tmp_path: Path) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError):
        portability.export_json(store, tmp_path / "no-folder" / "everything.json")
    assert snapshot(store) == before


# --- the canary -----------------------------------------------------------------------------


def test_no_entry_holds_a_name_text_file_name_or_folder(
    store: Store, store_folder: Path, tmp_path: Path
) -> None:
    make_person(store, name=CANARY_PERSON)
    debrief_id = a_debrief(store, concerns=CANARY_TEXT)
    incident_id = an_incident(store)
    folder = tmp_path / CANARY_FOLDER
    folder.mkdir()
    inbox.open_record(store, debrief_id)
    inbox.open_record(store, incident_id)
    audit.save_pdf(
        store, folder / f"{CANARY_FILE}.pdf", b"%PDF", AuditTarget(AuditKind.DEBRIEF, debrief_id)
    )
    audit.record_printed(store, AuditTarget(AuditKind.INCIDENT, incident_id))
    portability.export_json(store, folder / f"{CANARY_FILE}.json")
    store.close()
    opened = unlock_store(store_folder, PASSPHRASE)
    try:
        rows = opened.conn.execute("SELECT * FROM audit_log").fetchall()
        end = opened.meta(audit.META_END)
        assert [row[3] for row in rows] == [
            "created",
            "opened",
            "opened",
            "saved_pdf",
            "printed",
            "exported",
            "unlocked",
        ]
        text = repr(rows) + repr(end)
        for canary in CANARIES:
            assert canary not in text
        # The screen looks names up when it shows the log; the log itself holds ids.
        shown = [line.what for line in audit.audit_entries(opened).lines]
        assert any(CANARY_GROUP in what for what in shown)
        assert audit.verify_audit_chain(opened).intact
    finally:
        opened.close()
