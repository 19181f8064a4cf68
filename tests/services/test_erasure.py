"""Erasing one member on a coordinator's store: what it says first, what it removes and
rewrites, holds kept, nothing of the name left anywhere in the database."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.erasure import ERASED_MEMBER
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.facilitators import Readiness
from facilitator_app.domain.incidents import Safeguarding, SafeguardingKind
from facilitator_app.domain.protocols import RecordField
from facilitator_app.services import (
    backups,
    debriefs,
    drafts,
    erasure,
    facilitators,
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
    assert f"Kept, with {NAME}'s name replaced by “[erased member]”: 1 session's notes" in (
        preview.question
    )


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


# --- notes about the group's facilitators, and their incident records with no group -----

# Facilitators: Otter works with the member's group, Wren used to, Heron never did.
OTTER, WREN, HERON = "Otter", "Wren", "Heron"
# A member of Heron's group: named in Otter's notes, so "[another member]" in an answer.
BADGER = "Badger"


@dataclass(frozen=True)
class Notes:
    otter: str
    wren: str
    heron: str
    supervision_id: str  # Otter's, naming the member
    pause_id: str  # Wren's, naming the member
    no_group_id: str  # Wren's incident record with no group, naming the member
    heron_supervision_id: str  # naming another group's "Kestrel"
    heron_no_group_id: str  # Heron's incident record with no group, naming "Kestrel"


def facilitator(store: Store, name: str, *group_ids: str) -> str:
    person = facilitators.add_facilitator(store, name, approved_by="Morgan")
    facilitators.set_groups(store, person.person_id, group_ids)
    return person.person_id


def written_by(store: Store, author_id: str, observed: str) -> str:
    """A submitted incident record with no group, as filed from `author_id`'s laptop."""
    record_id = submitted(store, notes={RecordField.OBSERVED: observed})
    with store.transaction():
        store.update("incidents", record_id, {"author_id": author_id})
    return record_id


def write_notes(store: Store, written: Written) -> Notes:
    """`write`'s records, with notes about facilitators (some naming the member)."""
    herons_group = make_group(store, name="Friday group")
    make_member(store, herons_group.id, name=BADGER)
    make_member(store, herons_group.id, name=NAME)  # another "Kestrel": not this member
    otter = facilitator(store, OTTER, written.group_id)
    wren = facilitator(store, WREN, written.group_id)
    facilitators.set_groups(store, wren, [])  # no longer runs it: the link stays, removed
    heron = facilitator(store, HERON, herons_group.id)
    facilitators.add_supervision(
        store, otter, dt.date(2025, 2, 3), "Morgan", f"Talked about {NAME} and {BADGER}"
    )
    facilitators.add_supervision(store, otter, dt.date(2025, 2, 17), "Morgan", "Boundaries")
    facilitators.pause(
        store, wren, dt.date(2025, 1, 6), dt.date(2025, 1, 19), f"After {NAME}'s disclosure"
    )
    facilitators.save_readiness(
        store, otter, Readiness(notes=f"Calm with {NAME.lower()} and {OTHER}")
    )
    facilitators.add_supervision(
        store, heron, dt.date(2025, 2, 10), "Morgan", f"{NAME} in my group is doing well"
    )
    (supervision_id,) = store.conn.execute(
        "SELECT id FROM supervision WHERE person_id = ? AND note != 'Boundaries'", [otter]
    ).fetchone()
    (heron_supervision_id,) = store.conn.execute(
        "SELECT id FROM supervision WHERE person_id = ?", [heron]
    ).fetchone()
    (pause_id,) = store.conn.execute("SELECT id FROM pauses WHERE person_id = ?", [wren]).fetchone()
    return Notes(
        otter,
        wren,
        heron,
        supervision_id,
        pause_id,
        written_by(store, wren, f"{NAME} rang the office about {BADGER}"),
        heron_supervision_id,
        written_by(store, heron, f"{NAME} rang about Friday"),
    )


def text_of(store: Store, table: str, column: str, row_id: str) -> str:
    (value,) = store.conn.execute(
        f"SELECT {column} FROM {table} WHERE id = ?",  # noqa: S608 - names from the test
        [row_id],
    ).fetchone()
    return str(value)


def test_the_question_counts_notes_about_the_groups_facilitators(
    store: Store, written: Written
) -> None:
    write_notes(store, written)

    preview = erasure.preview_erasure(store, written.member_id)

    assert preview.rewritten == {
        "sessions": 1,
        "debriefs": 1,
        "debrief_addenda": 1,
        "incidents": 3,  # the two of the group, and Wren's with no group
        "incident_addenda": 1,
        "follow_ups": 1,
        "supervision": 1,
        "pauses": 1,
        "people": 1,
    }
    assert "3 incident records" in preview.question
    assert "1 supervision note, 1 reason for a pause and 1 facilitator's readiness notes." in (
        preview.question
    )


def test_notes_about_the_groups_facilitators_lose_the_name_and_nothing_else_does(
    store: Store, written: Written
) -> None:
    notes = write_notes(store, written)
    untouched = {
        name: snapshot(store)[name] for name in ("stage_changes", "person_groups", "training")
    }

    erasure.erase_member(
        store, written.member_id, erasure.preview_erasure(store, written.member_id).counts
    )

    assert text_of(store, "supervision", "note", notes.supervision_id) == (
        f"Talked about {ERASED_MEMBER} and {BADGER}"
    )
    assert text_of(store, "pauses", "reason", notes.pause_id) == (
        f"After {ERASED_MEMBER}'s disclosure"
    )
    assert text_of(store, "people", "readiness_notes", notes.otter) == (
        f"Calm with {ERASED_MEMBER} and {OTHER}"
    )
    (observed,) = json.loads(text_of(store, "incidents", "notes", notes.no_group_id)).values()
    assert observed == f"{ERASED_MEMBER} rang the office about {BADGER}"
    # Heron never worked with the group: their "Kestrel" is someone else.
    assert text_of(store, "supervision", "note", notes.heron_supervision_id) == (
        f"{NAME} in my group is doing well"
    )
    (observed,) = json.loads(text_of(store, "incidents", "notes", notes.heron_no_group_id)).values()
    assert observed == f"{NAME} rang about Friday"
    # The facilitators' names, and the rest of their profiles, are as they were.
    names = dict(store.conn.execute("SELECT id, name FROM people").fetchall())
    assert (names[notes.otter], names[notes.wren], names[notes.heron]) == (OTTER, WREN, HERON)
    assert {name: snapshot(store)[name] for name in untouched} == untouched
    # The old values of the rewritten notes lose the name too.
    assert_name_only_in(
        store,
        (
            written.held_id,
            written.elsewhere_id,
            notes.heron_supervision_id,
            notes.heron_no_group_id,
            # the other "Kestrel", of Heron's group
            *(
                str(r[0])
                for r in store.conn.execute("SELECT id FROM members WHERE name = ?", [NAME])
            ),
        ),
    )


def test_a_facilitator_with_the_members_name_keeps_it(store: Store, written: Written) -> None:
    """A facilitator called Sam, and a member Sam: only the member's mentions go."""
    sam_member = make_member(store, written.group_id, name="Sam")
    sam = facilitator(store, "Sam", written.group_id)
    facilitators.save_readiness(store, sam, Readiness(notes="Sam seemed settled"))
    facilitators.save_details(store, sam, "Sam", "Text first")
    drafts.save_drafts(
        store,
        {
            "facilitators": {
                "record_id": sam,
                "name": "Sam",
                "readiness.readiness_notes": "Sam seemed settled again",
            }
        },
    )

    erasure.erase_member(store, sam_member.id, erasure.preview_erasure(store, sam_member.id).counts)

    assert text_of(store, "people", "name", sam) == "Sam"
    assert text_of(store, "people", "readiness_notes", sam) == f"{ERASED_MEMBER} seemed settled"
    history = {
        (field, value)
        for field, value in store.conn.execute(
            "SELECT field, value FROM change_log WHERE table_name = 'people' AND row_id = ?",
            [sam],
        )
    }
    assert ("name", json.dumps("Sam")) in history
    assert ("readiness_notes", json.dumps(f"{ERASED_MEMBER} seemed settled")) in history
    assert not any("Sam seemed" in str(value) for _, value in history)
    (state,) = store.conn.execute(
        "SELECT fields FROM row_state WHERE table_name = 'people' AND row_id = ?", [sam]
    ).fetchone()
    assert json.loads(state)["name"][0] == "Sam"
    kept = drafts.load_drafts(store)["facilitators"]
    assert kept["name"] == "Sam"
    assert kept["readiness.readiness_notes"] == f"{ERASED_MEMBER} seemed settled again"
