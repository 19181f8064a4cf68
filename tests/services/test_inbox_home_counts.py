"""The Home tab asks the inbox two questions in SQL (who is waiting for contact, how many
records are unread) instead of reading every line: the answers must be the lines' own."""

from __future__ import annotations

from pathlib import Path

from benchmarks import dataset
from facilitator_app.domain.records import RecordKind
from facilitator_app.services import inbox
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.inbox_rows import TRIGGERED_PROTOCOL
from facilitator_app.store.store import Store, new_id


def _expected(store: Store) -> tuple[list[str], int]:
    lines = inbox.inbox(store)
    waiting = sorted(
        (line for line in lines if line.wants_contact and not line.contacted),
        key=lambda line: (line.on_date, line.id),
    )
    return [line.id for line in waiting], sum(line.unread for line in lines)


def _asked(store: Store) -> tuple[list[str], int]:
    return [line.id for line in inbox.contact_requests(store)], inbox.unread_count(store)


def test_contact_and_unread_agree_with_the_lines_through_every_kind_of_change(
    tmp_path: Path,
) -> None:
    dataset.build_store(tmp_path / "store", scale=0.01)
    store = unlock_store(tmp_path / "store", dataset.PASSPHRASE)
    try:
        conn = store.conn
        assert _asked(store) == _expected(store)
        debrief_ids = [row[0] for row in conn.execute("SELECT id FROM debriefs ORDER BY id")]
        incident_ids = [row[0] for row in conn.execute("SELECT id FROM incidents ORDER BY id")]
        with store.transaction():
            # Asked for contact: a debrief, an incident needing support, a triggered run.
            store.update("debriefs", debrief_ids[0], {"wants_contact": 1})
            store.update("debriefs", debrief_ids[1], {"wants_contact": 1})
            store.update("incidents", incident_ids[0], {"facilitator_needs_support": 1})
            store.update("incidents", incident_ids[1], {"protocol_id": TRIGGERED_PROTOCOL})
            # One of them has had the contact recorded; another was never filed here.
            store.update("inbox", debrief_ids[1], {"contacted_at": store.now().isoformat()})
            store.forget("inbox", incident_ids[0])
            # A read record with an unopened addendum is unread again.
            author = conn.execute(
                "SELECT author_id FROM debriefs WHERE id = ?", [debrief_ids[2]]
            ).fetchone()[0]
            store.insert(
                "inbox",
                new_id(),
                {
                    "kind": RecordKind.DEBRIEF_ADDENDUM.value,
                    "parent_id": debrief_ids[2],
                    "author_id": author,
                },
            )
        waiting, unread = _expected(store)
        assert debrief_ids[0] in waiting
        assert incident_ids[1] in waiting
        assert debrief_ids[1] not in waiting
        assert incident_ids[0] in waiting  # no inbox row: written here, never contacted
        assert unread > 0
        assert _asked(store) == (waiting, unread)
        with store.transaction():
            for line in inbox.inbox(store, unread_only=True):
                store.update("inbox", line.id, {"opened_at": store.now().isoformat()})
        assert _asked(store) == _expected(store)
        assert inbox.unread_count(store) == 1  # the addendum, opened only by opening it
    finally:
        store.close()
