"""The audit log through the services: recording, reading, and checking a log that was
changed with raw SQL, as someone with the key and a database tool could."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator_app.domain.audit import AuditAction, AuditKind, BreakReason
from facilitator_app.domain.errors import ValidationError
from facilitator_app.services import audit
from facilitator_app.services.audit import META_END, AuditTarget
from facilitator_app.services.output_files import CannotWrite
from facilitator_app.services.stores import check_store, unlock_store
from facilitator_app.store.store import Store, StoreRole, new_id
from tests.factories import PASSPHRASE, FakeClock, files_in, make_group, make_store, snapshot


def actions(store: Store) -> list[tuple[str, str, str | None, int | None]]:
    return [
        (str(a), str(k), r, c)
        for a, k, r, c in store.conn.execute(
            "SELECT action, kind, ref, count FROM audit_log ORDER BY seq"
        )
    ]


def fill(store: Store, clock: FakeClock, n: int = 5) -> list[str]:
    """`n` more entries, a minute apart; returns their record ids."""
    ids = []
    for _ in range(n):
        clock.advance(60)
        ids.append(new_id())
        audit.record_event(store, AuditAction.OPENED, AuditKind.DEBRIEF, ids[-1])
    return ids


def raw(store: Store, *statements: str, values: tuple[object, ...] = ()) -> None:
    """Change the log behind the app's back, in one transaction (`values` for the first)."""
    store.conn.execute("BEGIN")
    for index, statement in enumerate(statements):
        store.conn.execute(statement, values if index == 0 else ())
    store.conn.execute("COMMIT")


# --- a fresh log -------------------------------------------------------------------------


def test_a_new_coordinator_store_starts_its_log_with_its_creation(store: Store) -> None:
    assert actions(store) == [("created", "store", None, None)]
    result = audit.verify_audit_chain(store)
    assert result.intact
    assert result.entries == 1


def test_an_entry_says_when_who_what_and_links_to_the_one_before(
    store: Store, clock: FakeClock
) -> None:
    record_id = new_id()
    clock.advance(90)
    first = audit.record_event(store, AuditAction.OPENED, AuditKind.DEBRIEF, record_id)
    second = audit.record_event(store, AuditAction.PURGED, AuditKind.SESSION, count=4)

    assert first is not None
    assert second is not None
    assert (first.seq, second.seq) == (2, 3)
    assert first.at == "2025-03-14T12:01:30+00:00"
    assert first.who == store.facts.owner_person_id
    assert (first.action, first.kind, first.ref, first.count) == (
        AuditAction.OPENED,
        AuditKind.DEBRIEF,
        record_id,
        None,
    )
    assert second.prev_hash == first.hash
    assert store.meta(META_END) == f"3:{second.hash}"
    assert audit.verify_audit_chain(store).intact


def test_an_entry_commits_with_the_action_or_not_at_all(store: Store) -> None:
    before = actions(store)
    end = store.meta(META_END)
    group = make_group(store)

    def crash_before_commit() -> None:
        with store.transaction():
            store.update("groups", group.id, {"name": "Renamed"})
            audit.record_event(store, AuditAction.ERASED, AuditKind.MEMBER, new_id())
            raise RuntimeError("a crash before the commit")

    with pytest.raises(RuntimeError):
        crash_before_commit()
    assert actions(store) == before
    assert store.meta(META_END) == end

    with store.transaction():
        store.update("groups", group.id, {"name": "Renamed"})
        audit.record_event(store, AuditAction.ERASED, AuditKind.MEMBER, group.id)
    assert actions(store)[-1] == ("erased", "member", group.id, None)


@pytest.mark.parametrize(
    ("ref", "count", "field"),
    [
        ("Sky", None, "ref"),
        ("/home/morgan/records.pdf", None, "ref"),
        (None, -2, "count"),
    ],
)
def test_a_name_path_or_bad_count_is_refused_and_nothing_is_written(
    store: Store, ref: str | None, count: int | None, field: str
) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        audit.record_event(store, AuditAction.OPENED, AuditKind.DEBRIEF, ref, count)
    assert caught.value.field == field
    assert snapshot(store) == before


def test_a_facilitator_store_keeps_no_log_but_checks_as_intact(tmp_path: Path) -> None:
    laptop = make_store(tmp_path / "laptop", role=StoreRole.FACILITATOR)
    try:
        assert audit.record_event(laptop, AuditAction.PRINTED, AuditKind.DEBRIEF, new_id()) is None
        assert actions(laptop) == []
        assert laptop.meta(META_END) is None
        assert audit.verify_audit_chain(laptop).describe() == "The audit log has no entries yet."
    finally:
        laptop.close()


# --- a log changed outside the app -----------------------------------------------------


def test_an_edited_entry_is_reported_by_number(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    raw(store, "UPDATE audit_log SET ref = ? WHERE seq = 3", values=(new_id(),))
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (3, BreakReason.EDITED)


def test_an_entry_given_an_unknown_action_is_reported_as_edited(
    store: Store, clock: FakeClock
) -> None:
    fill(store, clock)
    raw(store, "UPDATE audit_log SET action = 'tidied' WHERE seq = 4")
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (4, BreakReason.EDITED)
    assert [line.seq for line in audit.audit_entries(store).lines] == [6, 5, 3, 2, 1]


def test_a_removed_entry_is_reported_by_number(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    raw(store, "DELETE FROM audit_log WHERE seq = 2")
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (2, BreakReason.REMOVED)


def test_reordered_entries_are_reported(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    raw(
        store,
        "UPDATE audit_log SET seq = -1 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = -1",
    )
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (3, BreakReason.REORDERED)


def test_a_cut_tail_is_reported(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    raw(store, "DELETE FROM audit_log WHERE seq > 4")
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (5, BreakReason.TAIL_CUT)


def test_a_cut_tail_stays_visible_after_new_entries(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    raw(store, "DELETE FROM audit_log WHERE seq > 4")
    fill(store, clock, 2)
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (5, BreakReason.REMOVED)
    assert [s for (s,) in store.conn.execute("SELECT seq FROM audit_log")] == [1, 2, 3, 4, 7, 8]


def test_a_removed_end_marker_is_reported_and_stays_visible(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    raw(store, "DELETE FROM meta WHERE key = 'audit_end'")
    assert audit.verify_audit_chain(store).reason is BreakReason.END_CHANGED
    fill(store, clock, 1)
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (7, BreakReason.UNLINKED)


def test_a_garbled_end_marker_is_reported(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    raw(store, "UPDATE meta SET value = 'nonsense' WHERE key = 'audit_end'")
    result = audit.verify_audit_chain(store)
    assert (result.broken_at, result.reason) == (6, BreakReason.END_CHANGED)


def test_an_entry_forged_after_the_end_stays_visible(store: Store, clock: FakeClock) -> None:
    fill(store, clock, 2)
    last_hash = store.meta(META_END).split(":")[1]  # type: ignore[union-attr]
    raw(
        store,
        "INSERT INTO audit_log (seq, at, who, action, kind, prev_hash, hash)"
        " VALUES (4, '2025-03-14T13:00:00+00:00', 'x', 'unlocked', 'store', ?, 'f')",
        values=(last_hash,),
    )
    assert audit.verify_audit_chain(store).broken_at == 4
    fill(store, clock, 1)
    assert audit.verify_audit_chain(store).broken_at == 4


# --- check ---------------------------------------------------------------------------------


def test_check_reports_a_broken_chain_and_writes_nothing(
    store: Store, clock: FakeClock, store_folder: Path
) -> None:
    fill(store, clock)
    raw(store, "DELETE FROM audit_log WHERE seq = 3")
    store.close()
    before = files_in(store_folder)

    problems = check_store(store_folder, PASSPHRASE, clock=clock)

    assert problems == ["Audit log entry 3 is missing: it was removed."]
    assert files_in(store_folder) == before


def test_check_passes_an_intact_log(store: Store, clock: FakeClock, store_folder: Path) -> None:
    fill(store, clock)
    store.close()
    assert check_store(store_folder, PASSPHRASE, clock=clock) == []


# --- unlocking ---------------------------------------------------------------------------


def test_unlocking_is_recorded_but_a_check_is_not(store: Store, store_folder: Path) -> None:
    store.close()
    check_store(store_folder, PASSPHRASE)
    opened = unlock_store(store_folder, PASSPHRASE)
    try:
        assert actions(opened) == [
            ("created", "store", None, None),
            ("unlocked", "store", None, None),
        ]
        assert audit.verify_audit_chain(opened).intact
    finally:
        opened.close()


def test_an_older_store_without_a_log_checks_as_intact(store: Store) -> None:
    raw(store, "DROP TABLE audit_log")
    assert audit.verify_audit_chain(store).entries == 0
    assert audit.audit_entries(store).lines == []


# --- PDFs --------------------------------------------------------------------------------


def test_a_saved_pdf_and_its_entry_are_written_together(store: Store, tmp_path: Path) -> None:
    record_id = new_id()
    written = audit.save_pdf(
        store, tmp_path / "debrief", b"%PDF-1.7", AuditTarget(AuditKind.DEBRIEF, record_id)
    )
    assert written == tmp_path / "debrief.pdf"
    assert written.read_bytes() == b"%PDF-1.7"
    assert actions(store)[-1] == ("saved_pdf", "debrief", record_id, None)


def test_a_pdf_that_could_not_be_saved_leaves_no_entry(store: Store, tmp_path: Path) -> None:
    before = snapshot(store)
    with pytest.raises(CannotWrite):
        audit.save_pdf(
            store, tmp_path / "no-folder" / "x.pdf", b"%PDF", AuditTarget(AuditKind.INCIDENT)
        )
    assert snapshot(store) == before


def test_a_printed_paper_is_recorded(store: Store) -> None:
    group = make_group(store)
    audit.record_printed(store, AuditTarget(AuditKind.GROUP_DEBRIEFS, group.id, 3))
    assert actions(store)[-1] == ("printed", "group_debriefs", group.id, 3)


# --- reading the log -----------------------------------------------------------------------


def test_entries_come_newest_first_a_page_at_a_time(store: Store, clock: FakeClock) -> None:
    fill(store, clock, 4)
    audit.record_event(store, AuditAction.EXPORTED, AuditKind.ALL_RECORDS, count=120)

    first = audit.audit_entries(store, limit=2)
    assert [line.seq for line in first.lines] == [6, 5]
    assert (first.total, first.has_more) == (6, True)
    last = audit.audit_entries(store, offset=4, limit=2)
    assert [line.seq for line in last.lines] == [2, 1]
    assert not last.has_more

    exported = audit.audit_entries(store, AuditAction.EXPORTED)
    assert [(line.action, line.what) for line in exported.lines] == [
        (AuditAction.EXPORTED, "Every record (JSON file) · 120 rows")
    ]
    assert exported.total == 1
    assert first.lines[0].who == "Morgan"
    assert first.lines[0].at == dt.datetime(2025, 3, 14, 12, 4, tzinfo=dt.UTC)


def test_what_an_entry_is_about_is_looked_up_when_shown(store: Store) -> None:
    group = make_group(store, name="Tuesday evening group")
    audit.record_printed(store, AuditTarget(AuditKind.GROUP_DEBRIEFS, group.id, 2))
    audit.record_event(store, AuditAction.OPENED, AuditKind.DEBRIEF, new_id())
    audit.record_event(store, AuditAction.UNLOCKED, AuditKind.STORE)
    whats = [line.what for line in audit.audit_entries(store, limit=3).lines]
    assert whats == [
        "The store",
        "Debrief (no longer in this store)",
        "A group's debriefs · Tuesday evening group · 2 records",
    ]


@pytest.mark.parametrize(
    ("action", "offset", "limit"),
    [("opened", 0, 10), (None, -1, 10), (None, 0, 0), (None, 0, 5000)],
)
def test_a_bad_page_or_filter_is_refused(
    store: Store, action: str | None, offset: int, limit: int
) -> None:
    with pytest.raises(ValidationError):
        audit.audit_entries(store, action, offset=offset, limit=limit)  # type: ignore[arg-type]
