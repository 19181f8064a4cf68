"""Erasing one member on a coordinator's store: what it says first, what it removes and
rewrites, holds kept, nothing of the name left anywhere in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.erasure import ERASED_MEMBER
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import Safeguarding, SafeguardingKind
from facilitator_app.domain.protocols import RecordField
from facilitator_app.services import (
    backups,
    debriefs,
    drafts,
    erasure,
    follow_ups,
    incidents,
    retention,
    sessions,
)
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.erasure_record import read_erased
from facilitator_app.store.store import Store
from tests.factories import PASSPHRASE, make_group, make_member, make_session, snapshot
from tests.services.test_incidents import submitted

# The member erased, and another member of the group whose name must stay.
NAME = "Kestrel"
OTHER = "Marmot"


@dataclass(frozen=True)
class Written:
    group_id: str
    session_id: str
    member_id: str
    other_id: str
    about_id: str  # incident record about the member (by id)
    naming_id: str  # incident record naming them in its notes
    held_id: str  # incident record naming them, under a safeguarding hold
    debrief_id: str
    elsewhere_id: str  # a debrief of another group naming another "Kestrel"


def write(store: Store) -> Written:
    group = make_group(store)
    session = make_session(store, group.id, date=dt.date(2025, 3, 11))
    member = make_member(store, group.id, name=NAME)
    other = make_member(store, group.id, name=OTHER)
    sessions.take_register(store, session.id, [member.id, other.id])
    sessions.save_notes(store, session.id, f"{NAME} and {OTHER} led the check-in")
    about = submitted(
        store,
        group_id=group.id,
        session_id=session.id,
        member_id=member.id,
        notes={RecordField.OBSERVED: "Left early, upset"},
    )
    incidents.add_addendum(store, about, f"{NAME.lower()} rang later")
    follow_ups.add_follow_up(store, about, f"Check in with {NAME}", None, None)
    naming = submitted(
        store,
        group_id=group.id,
        session_id=session.id,
        notes={RecordField.OBSERVED: f"{OTHER} comforted {NAME}'s friend"},
    )
    held = submitted(
        store,
        group_id=group.id,
        session_id=session.id,
        notes={RecordField.OBSERVED: f"{NAME} disclosed at break"},
        safeguarding=Safeguarding(SafeguardingKind.ADULT_AT_RISK, True, False),
    )
    retention.place_hold(store, "incidents", held)
    fields = DebriefFields(
        how_it_went=HowItWent.MIXED,
        topics="Trust",
        concerns=f"{NAME} seemed low; {OTHER} fine",
    )
    debrief = debriefs.submit(store, debriefs.start_debrief(store, session.id, fields).id, fields)
    debriefs.add_addendum(store, debrief.id, "KESTREL asked about next week")
    other_group = make_group(store, name="Thursday group")
    other_session = make_session(store, other_group.id, date=dt.date(2025, 3, 13))
    elsewhere_fields = DebriefFields(how_it_went=HowItWent.MIXED, topics=f"{NAME} spoke")
    elsewhere = debriefs.submit(
        store,
        debriefs.start_debrief(store, other_session.id, elsewhere_fields).id,
        elsewhere_fields,
    )
    return Written(
        group.id,
        session.id,
        member.id,
        other.id,
        about,
        naming,
        held,
        debrief.id,
        elsewhere.id,
    )


@pytest.fixture
def written(store: Store) -> Written:
    return write(store)


def hits(store: Store, word: str) -> list[tuple[str, str]]:
    """(table, the row as text) of every row, in every table and column of the decrypted
    database, holding `word` in any case: the merge state, change log, conflicts and
    drafts included."""
    found = []
    for table, rows in snapshot(store).items():
        for row in rows:
            text = repr(row)
            if word.lower() in text.lower():
                found.append((table, text))
    return found


def has_member(store: Store, member_id: str) -> bool:
    return (
        store.conn.execute("SELECT 1 FROM members WHERE id = ?", [member_id]).fetchone() is not None
    )


def assert_name_only_in(store: Store, allowed: tuple[str, ...]) -> None:
    """NAME survives only in rows that belong to one of the `allowed` record ids."""
    stray = [(t, r[:200]) for t, r in hits(store, NAME) if not any(a in r for a in allowed)]
    assert stray == []


def test_the_question_says_what_goes_what_changes_and_what_a_hold_keeps(
    store: Store, written: Written
) -> None:
    before = snapshot(store)

    preview = erasure.preview_erasure(store, written.member_id)

    assert snapshot(store) == before
    assert preview.name == NAME
    assert preview.removed == {"attendance": 1, "members": 1}
    assert preview.rewritten == {
        "sessions": 1,
        "debriefs": 1,
        "debrief_addenda": 1,
        "incidents": 2,
        "incident_addenda": 1,
        "follow_ups": 1,
    }
    assert [line.kind_label for line in preview.held] == ["Incident record"]
    assert not preview.keeps_member
    assert "Removed for good: 1 register mark and their place on the group's list." in (
        preview.question
    )
    assert "2 incident records" in preview.question
    assert "because of a safeguarding hold: Incident record of 14 March 2025" in (preview.question)
    assert "cannot be undone" in preview.question
    assert f"keeps the name {NAME}, and nothing else about them" in preview.question


def test_erasure_leaves_the_name_only_in_the_held_record_and_another_groups_debrief(
    store: Store, written: Written
) -> None:
    assert len(hits(store, NAME)) > 10
    preview = erasure.preview_erasure(store, written.member_id)

    done = erasure.erase_member(store, written.member_id, preview.counts)

    assert done.changed == 9
    assert done.held == 1
    assert_name_only_in(store, (written.held_id, written.elsewhere_id))
    conn = store.conn
    assert has_member(store, written.member_id) is False
    assert conn.execute(
        "SELECT count(*) FROM attendance WHERE member_id = ?", [written.member_id]
    ).fetchone() == (0,)
    # Records kept for the group keep their other words, and the other member's name.
    (concerns, present) = conn.execute(
        "SELECT concerns, present FROM debriefs WHERE id = ?", [written.debrief_id]
    ).fetchone()
    assert concerns == f"{ERASED_MEMBER} seemed low; {OTHER} fine"
    assert written.member_id not in present
    (member_id,) = conn.execute(
        "SELECT member_id FROM incidents WHERE id = ?", [written.about_id]
    ).fetchone()
    assert member_id is None
    (notes,) = conn.execute(
        "SELECT notes FROM sessions WHERE id = ?", [written.session_id]
    ).fetchone()
    assert notes == f"{ERASED_MEMBER} and {OTHER} led the check-in"
    # The held record is as it was.
    assert retention.is_held(store, "incidents", written.held_id)
    (held_notes,) = conn.execute(
        "SELECT notes FROM incidents WHERE id = ?", [written.held_id]
    ).fetchone()
    assert f"{NAME} disclosed" in held_notes
    # The member's id stays only in the erasure's own row and the tombstone that tells
    # laptops the row was removed (its group, no name).
    id_rows = [
        (t, r) for t, r in hits(store, written.member_id) if t != "erasures" and "erasures" not in r
    ]
    assert [t for t, _ in id_rows] == ["row_state"]
    assert '{"group_id":' in id_rows[0][1]
    assert "name" not in id_rows[0][1]


def test_erasure_is_in_the_audit_log_as_a_count(store: Store, written: Written) -> None:
    preview = erasure.preview_erasure(store, written.member_id)
    erasure.erase_member(store, written.member_id, preview.counts)

    (entry,) = store.conn.execute(
        "SELECT action, kind, ref, count FROM audit_log WHERE action = ?",
        [AuditAction.ERASED.value],
    ).fetchall()
    assert entry == (AuditAction.ERASED.value, AuditKind.MEMBER.value, None, 9)
    assert all(t != "audit_log" for t, _ in hits(store, NAME))


def test_erased_ids_are_kept_beside_the_store_without_names(store: Store, written: Written) -> None:
    erasure.erase_member(
        store, written.member_id, erasure.preview_erasure(store, written.member_id).counts
    )

    assert read_erased(store.folder) == [written.member_id]
    text = (store.folder / "erased.json").read_text()
    assert NAME not in text
    assert OTHER not in text


def test_typing_kept_at_lock_loses_the_name(store: Store, written: Written) -> None:
    drafts.save_drafts(
        store,
        {
            "session": {"record_id": written.session_id, "notes": f"{NAME} was late"},
            "elsewhere": {"record_id": "x" * 32, "notes": f"{NAME} was late"},
        },
    )

    erasure.erase_member(
        store, written.member_id, erasure.preview_erasure(store, written.member_id).counts
    )

    kept = drafts.load_drafts(store)
    assert kept["session"]["notes"] == f"{ERASED_MEMBER} was late"
    assert kept["elsewhere"]["notes"] == f"{NAME} was late"  # names nothing of the group


def test_an_already_erased_member_is_said_so_and_nothing_changes(
    store: Store, written: Written
) -> None:
    erasure.erase_member(
        store, written.member_id, erasure.preview_erasure(store, written.member_id).counts
    )
    before = snapshot(store)

    with pytest.raises(erasure.AlreadyErased) as caught:
        erasure.preview_erasure(store, written.member_id)
    with pytest.raises(erasure.AlreadyErased):
        erasure.erase_member(store, written.member_id, {})

    assert caught.value.message == "This member was already erased. Nothing was changed."
    assert snapshot(store) == before


def test_an_unknown_member_is_refused(store: Store, written: Written) -> None:
    before = snapshot(store)

    with pytest.raises(NotFound):
        erasure.preview_erasure(store, "0" * 32)
    with pytest.raises(NotFound):
        erasure.erase_member(store, "0" * 32, {})

    assert snapshot(store) == before


def test_counts_that_changed_since_the_question_change_nothing(
    store: Store, written: Written
) -> None:
    preview = erasure.preview_erasure(store, written.member_id)
    later = make_session(store, written.group_id, date=dt.date(2025, 3, 18))
    sessions.save_notes(store, later.id, f"{NAME} brought biscuits")
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        erasure.erase_member(store, written.member_id, preview.counts)

    assert "nothing was changed" in caught.value.message
    assert snapshot(store) == before


def test_a_held_record_about_the_member_keeps_their_row_until_the_hold_is_removed(
    store: Store, store_folder: object, written: Written
) -> None:
    retention.place_hold(store, "incidents", written.about_id)
    preview = erasure.preview_erasure(store, written.member_id)
    assert preview.keeps_member
    assert "place on the group's list stays too" in preview.question

    erasure.erase_member(store, written.member_id, preview.counts)

    conn = store.conn
    assert has_member(store, written.member_id)
    assert conn.execute(
        "SELECT count(*) FROM attendance WHERE member_id = ?", [written.member_id]
    ).fetchone() == (0,)
    with pytest.raises(erasure.AlreadyErased):
        erasure.preview_erasure(store, written.member_id)

    retention.remove_hold(store, "incidents", written.about_id)
    retention.remove_hold(store, "incidents", written.held_id)
    changed = erasure.reapply_erasures(store)

    assert changed > 0
    assert has_member(store, written.member_id) is False
    assert_name_only_in(store, (written.elsewhere_id,))


def test_a_restored_backup_is_erased_again_at_unlock(
    store: Store, written: Written, tmp_path: Path
) -> None:
    out = tmp_path / "backups"
    out.mkdir()
    backed_up = backups.make_backup(store, out)
    erasure.erase_member(
        store, written.member_id, erasure.preview_erasure(store, written.member_id).counts
    )
    folder = store.folder
    store.close()

    backups.restore_backup(folder, backed_up, PASSPHRASE)
    restored = unlock_store(folder, PASSPHRASE)
    try:
        conn = restored.conn
        assert (
            conn.execute("SELECT 1 FROM members WHERE id = ?", [written.member_id]).fetchone()
            is None
        )
        assert conn.execute("SELECT 1 FROM erasures WHERE id = ?", [written.member_id]).fetchone()
        assert_name_only_in(restored, (written.held_id, written.elsewhere_id))
    finally:
        restored.close()
