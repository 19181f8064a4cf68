"""The audit log's hash chain: every change to an entry, its place or the log's end shows,
and the first broken entry is named with the reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from facilitator_app.domain.audit import (
    AuditAction,
    AuditEntry,
    AuditEvent,
    AuditKind,
    BreakReason,
    ChainCheck,
    ChainEnd,
    checked_event,
    entry_hash,
    genesis_hash,
    next_entry,
    verify_chain,
)
from facilitator_app.domain.errors import ValidationError

GENESIS = genesis_hash("store-1")
WHO = "0" * 32
START = dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC)
RECORD = "a1" * 16


def chain(length: int = 5) -> tuple[list[AuditEntry], ChainEnd]:
    entries: list[AuditEntry] = []
    end: ChainEnd | None = None
    for minute in range(length):
        event = AuditEvent(AuditAction.OPENED, AuditKind.DEBRIEF, RECORD)
        entry = next_entry(end, GENESIS, START + dt.timedelta(minutes=minute), WHO, event)
        entries.append(entry)
        end = ChainEnd(entry.seq, entry.hash)
    assert end is not None
    return entries, end


def test_a_chain_as_written_is_intact() -> None:
    entries, end = chain()
    result = verify_chain(entries, GENESIS, end)
    assert result == ChainCheck(5)
    assert result.intact
    assert result.describe() == "The audit log is intact: all 5 entries are as written."
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))


def test_an_empty_log_without_an_end_is_intact() -> None:
    result = verify_chain([], GENESIS, None)
    assert result.intact
    assert result.describe() == "The audit log has no entries yet."


def test_times_are_kept_in_utc_to_the_second() -> None:
    local = dt.datetime(2025, 7, 1, 13, 5, 9, 123456, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    entry = next_entry(None, GENESIS, local, WHO, AuditEvent(AuditAction.UNLOCKED, AuditKind.STORE))
    assert entry.at == "2025-07-01T12:05:09+00:00"
    with pytest.raises(ValueError, match="time zone"):
        next_entry(None, GENESIS, local.replace(tzinfo=None), WHO, entry_event(entry))


def entry_event(entry: AuditEntry) -> AuditEvent:
    return AuditEvent(entry.action, entry.kind, entry.ref, entry.count)


def test_the_hash_covers_every_field_and_the_previous_hash() -> None:
    entry = chain(1)[0][0]
    fields = (entry.at, entry.who, entry.action, entry.kind, entry.ref, entry.count)
    assert entry_hash(*fields, entry.prev_hash) == entry.hash
    changed = [
        ("2025-03-14T12:00:01+00:00", *fields[1:]),
        (fields[0], "1" * 32, *fields[2:]),
        (*fields[:2], AuditAction.PRINTED, *fields[3:]),
        (*fields[:3], AuditKind.INCIDENT, *fields[4:]),
        (*fields[:4], "b2" * 16, fields[5]),
        (*fields[:5], 1),
    ]
    for other in changed:
        assert entry_hash(*other, entry.prev_hash) != entry.hash
    assert entry_hash(*fields, GENESIS[::-1]) != entry.hash


@pytest.mark.parametrize(
    "change",
    [
        {"ref": "b2" * 16},
        {"at": "2025-03-14T11:00:00+00:00"},
        {"action": AuditAction.PRINTED},
        {"kind": AuditKind.INCIDENT},
        {"count": 3},
        {"who": "1" * 32},
    ],
)
def test_an_edited_entry_is_found(change: dict[str, object]) -> None:
    entries, end = chain()
    entries[2] = dataclasses.replace(entries[2], **change)  # type: ignore[arg-type]
    result = verify_chain(entries, GENESIS, end)
    assert (result.broken_at, result.reason) == (3, BreakReason.EDITED)
    assert result.describe() == "Audit log entry 3 was changed after it was written."


def test_an_entry_edited_and_rehashed_breaks_the_next_link() -> None:
    entries, end = chain()
    edited = dataclasses.replace(entries[1], ref="b2" * 16)
    entries[1] = dataclasses.replace(
        edited,
        hash=entry_hash(
            edited.at,
            edited.who,
            edited.action,
            edited.kind,
            edited.ref,
            edited.count,
            edited.prev_hash,
        ),
    )
    result = verify_chain(entries, GENESIS, end)
    assert (result.broken_at, result.reason) == (3, BreakReason.UNLINKED)
    assert "entry 3 does not follow the entry before it" in result.describe()


def test_a_removed_entry_is_found() -> None:
    entries, end = chain()
    del entries[1]
    result = verify_chain(entries, GENESIS, end)
    assert (result.broken_at, result.reason) == (2, BreakReason.REMOVED)
    assert result.describe() == "Audit log entry 2 is missing: it was removed."


def test_a_removed_entry_with_the_rest_renumbered_is_found() -> None:
    entries, end = chain()
    del entries[1]
    entries = [dataclasses.replace(e, seq=i) for i, e in enumerate(entries, start=1)]
    result = verify_chain(entries, GENESIS, ChainEnd(4, end.hash))
    assert (result.broken_at, result.reason) == (2, BreakReason.UNLINKED)


def test_the_first_entry_removed_is_found() -> None:
    entries, end = chain()
    result = verify_chain(entries[1:], GENESIS, end)
    assert (result.broken_at, result.reason) == (1, BreakReason.REMOVED)


def test_reordered_entries_are_found() -> None:
    entries, end = chain()
    third, fourth = entries[2], entries[3]
    entries[2], entries[3] = (
        dataclasses.replace(fourth, seq=3),
        dataclasses.replace(third, seq=4),
    )
    result = verify_chain(entries, GENESIS, end)
    assert (result.broken_at, result.reason) == (3, BreakReason.REORDERED)
    assert result.describe() == "Audit log entry 3 is out of place: entries were moved."


def test_a_cut_tail_is_found() -> None:
    entries, end = chain()
    result = verify_chain(entries[:3], GENESIS, end)
    assert (result.broken_at, result.reason) == (4, BreakReason.TAIL_CUT)
    assert result.describe() == "The audit log ends early: entries from 4 on were removed."


def test_every_entry_removed_is_found() -> None:
    _, end = chain()
    result = verify_chain([], GENESIS, end)
    assert (result.broken_at, result.reason) == (1, BreakReason.TAIL_CUT)


def test_an_entry_added_after_the_recorded_end_is_found() -> None:
    entries, _ = chain()
    result = verify_chain(entries, GENESIS, ChainEnd(4, entries[3].hash))
    assert (result.broken_at, result.reason) == (5, BreakReason.END_CHANGED)


def test_a_replaced_last_entry_is_found() -> None:
    entries, end = chain()
    result = verify_chain(entries, GENESIS, ChainEnd(5, entries[3].hash))
    assert (result.broken_at, result.reason) == (5, BreakReason.END_CHANGED)
    assert "does not match the store's record of it, from entry 5" in result.describe()
    assert end.hash != entries[3].hash


def test_a_removed_end_marker_is_found() -> None:
    entries, _ = chain()
    result = verify_chain(entries, GENESIS, None)
    assert (result.broken_at, result.reason) == (5, BreakReason.END_CHANGED)


def test_another_stores_log_does_not_verify() -> None:
    entries, end = chain()
    result = verify_chain(entries, genesis_hash("store-2"), end)
    assert (result.broken_at, result.reason) == (1, BreakReason.UNLINKED)


def test_the_first_break_is_the_one_reported() -> None:
    entries, end = chain()
    entries[3] = dataclasses.replace(entries[3], count=9)
    del entries[1]
    result = verify_chain(entries, GENESIS, end)
    assert (result.broken_at, result.reason) == (2, BreakReason.REMOVED)


def test_the_end_marker_round_trips_and_refuses_nonsense() -> None:
    assert ChainEnd.decode(ChainEnd(12, "ab").encode()) == ChainEnd(12, "ab")
    for text in ("", "12", "x:ab", ":ab", "12:"):
        assert ChainEnd.decode(text) is None


# --- what may go into an entry -------------------------------------------------------


def test_a_record_id_and_a_count_are_accepted() -> None:
    event = checked_event(AuditAction.EXPORTED, AuditKind.BUNDLE, RECORD, 12)
    assert event == AuditEvent(AuditAction.EXPORTED, AuditKind.BUNDLE, RECORD, 12)
    assert checked_event(AuditAction.PURGED, AuditKind.DEBRIEF, None, 0).count == 0


@pytest.mark.parametrize(
    "ref",
    [
        "Sky",  # a pseudonym
        "Tuesday evening group",
        "/home/morgan/debrief-2025-03-14.pdf",
        "debrief-2025-03-14.pdf",
        "A1" * 16,  # not as the app writes ids
        "a1" * 16 + "\n",
        "a1" * 17,
        "",
    ],
)
def test_anything_but_a_record_id_is_refused_as_a_reference(ref: str) -> None:
    with pytest.raises(ValidationError) as caught:
        checked_event(AuditAction.OPENED, AuditKind.DEBRIEF, ref, None)
    assert caught.value.field == "ref"
    assert caught.value.message == "The audit log names a record only by its id."


@pytest.mark.parametrize("count", [-1, True, 2.5, "3", 10**9])
def test_anything_but_a_whole_number_is_refused_as_a_count(count: object) -> None:
    with pytest.raises(ValidationError) as caught:
        checked_event(AuditAction.PURGED, AuditKind.DEBRIEF, None, count)  # type: ignore[arg-type]
    assert caught.value.field == "count"


def test_free_text_is_refused_as_an_action_or_a_kind() -> None:
    with pytest.raises(ValidationError) as caught:
        checked_event("looked at Sky's notes", AuditKind.DEBRIEF, None, None)
    assert caught.value.field == "action"
    with pytest.raises(ValidationError) as caught:
        checked_event(AuditAction.OPENED, "Sky's debrief", None, None)
    assert caught.value.field == "kind"


def test_every_action_and_kind_has_plain_words() -> None:
    assert all(action.label for action in AuditAction)
    assert all(kind.label for kind in AuditKind)
    assert AuditAction.SAVED_PDF.label == "Saved as a PDF"
