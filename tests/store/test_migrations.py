"""Schema migrations: every older schema reaches the newest with its data intact.

The tests run over every version there is, so a new migration file is covered as soon
as it is added. Each version's seed rows (below) must fill every table that version
has, so a migration that adds a table needs seed rows for it too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.errors import StoreTooNew
from facilitator_app.services import groups, members, sessions
from facilitator_app.services.stores import unlock_store
from facilitator_app.store import migrations
from facilitator_app.store.database import DB_NAME, DatabaseError, connect
from facilitator_app.store.keys import KdfParams, KeyFile
from facilitator_app.store.migrations import (
    BACKUP_DIR,
    Migration,
    all_migrations,
    latest_version,
    migrate,
    schema_version,
)
from facilitator_app.store.store import Store
from tests.conftest import TemplateStore
from tests.factories import PASSPHRASE, FakeClock, files_in, make_group

# Rows that are valid at each schema version, written with plain SQL. Columns are
# named so that a version's rows stay valid when later versions add columns.
SEED_ROWS: dict[int, list[str]] = {
    1: [
        "INSERT INTO meta (key, value) VALUES ('store_id', 'store-1'), ('role', 'coordinator')",
        "INSERT INTO people (id, name, role, archived_on)"
        " VALUES ('p1', 'Robin', 'facilitator', NULL),"
        " ('p2', 'Siân', 'support-worker', '2024-12-01')",
        "INSERT INTO groups (id, name, kind, cohort_note, venue, usual_day, usual_time,"
        " start_date, end_date, agreement_text, archived_on)"
        " VALUES ('g1', 'Tuesday group', 'closed', 'Adults', 'Hall', 'tuesday', '18:30',"
        " '2025-01-07', '2025-06-24', 'Headlines, not details.', NULL)",
        "INSERT INTO groups (id, name, kind) VALUES ('g2', 'Drop-in', 'drop-in')",
        "INSERT INTO members (id, group_id, name, contact_preference, consent_given_on,"
        " consent_withdrawn_on, archived_on)"
        " VALUES ('m1', 'g1', 'Ayşe', 'text-message', '2025-01-07', NULL, NULL),"
        " ('m2', 'g1', 'فاطمة 🌻', '', '2025-01-07', '2025-02-01', '2025-02-01')",
        "INSERT INTO sessions (id, group_id, date, start_time, end_time, venue, topic, lead_id,"
        " co_facilitator_id, status, notes)"
        " VALUES ('s1', 'g1', '2025-01-07', '18:30', '20:00', 'Hall', 'Boundaries', 'p1', 'p2',"
        " 'held', 'Quiet week.' || char(10) || 'All stayed.')",
        "INSERT INTO sessions (id, group_id, date) VALUES ('s2', 'g2', '2025-01-06')",
        "INSERT INTO attendance (id, session_id, member_id, present)"
        " VALUES ('a1', 's1', 'm1', 1), ('a2', 's1', 'm2', 0)",
        "INSERT INTO change_log (hlc, table_name, row_id, field, value)"
        " VALUES ('001736251200000-000000-dev', 'groups', 'g1', 'name', '\"Tuesday group\"')",
    ],
    2: [
        "INSERT INTO sessions (id, group_id, date, start_time, end_time, status, headcount)"
        " VALUES ('s3', 'g2', '2025-01-13', '17:00', '19:00', 'held', 7)",
        "INSERT INTO local_settings (key, value) VALUES ('idle_minutes', '10')",
        "INSERT INTO drafts (key, payload, saved_at)"
        " VALUES ('notes:s2', '{\"text\": \"half written\"}', '2025-01-06T19:00:00+00:00')",
    ],
    3: [
        "INSERT INTO handout_edits (id, name, title, body, based_on_version)"
        " VALUES ('h1', 'grounding-toolkit', 'Grounding',"
        " '## Breathe' || char(10) || '- slowly', 1),"
        " ('h2', 'welcome-to-the-group', NULL, NULL, 1)",
        "INSERT INTO services (id, name, offers, phone, urgent, last_checked, position)"
        " VALUES ('sv1', 'Samaritans', 'Listening', '116 123', 1, '2025-03-01', 10),"
        " ('sv2', 'Llinell Gymorth', 'Cymorth', '', 0, NULL, 20)",
        "INSERT INTO organisation (id, name, phone, address, logo)"
        " VALUES ('organisation', 'Riverside', '01234 567890', '1 High St', NULL)",
    ],
    4: [
        "INSERT INTO incidents (id, group_id, session_id, member_id, protocol_id,"
        " protocol_version, started_at, ended_at, run, notes, safeguarding,"
        " facilitator_needs_support, status, submitted_at, author_id)"
        " VALUES ('i1', 'g1', 's1', 'm1', 'flashback', 1, '2025-01-07T19:10:00+00:00',"
        " '2025-01-07T19:25:00+00:00', '{}', '{\"outcome\": \"Settled\"}',"
        " '{\"kind\": \"other\"}', 1, 'submitted', '2025-01-07T21:00:00+00:00', 'p1')",
        "INSERT INTO incident_addenda (id, incident_id, text, written_at, author_id)"
        " VALUES ('ad1', 'i1', 'Phoned next day; all well.', '2025-01-08T10:00:00+00:00', 'p1')",
    ],
    5: [
        "INSERT INTO follow_ups (id, incident_id, what, who_id, due_on, done_on)"
        " VALUES ('f1', 'i1', 'Call to check in', 'p1', '2025-01-09', NULL),"
        " ('f2', 'i1', 'Tell the safeguarding lead', NULL, NULL, '2025-01-07')",
    ],
    6: [
        "INSERT INTO protocol_versions (id, protocol_id, version, data, retired, saved_at,"
        " author_id) VALUES ('pv1', 'flashback', 2, '{}', 0, '2025-02-01T10:00:00+00:00', 'p1')",
    ],
    7: [
        "INSERT INTO people (id, name, role, archived_on, contact_preference, stage,"
        " self_care_plan, shadowing_sessions, readiness_notes, usual_weekdays, max_per_month)"
        " VALUES ('p3', 'Dee', 'facilitator', NULL, 'Text first', 'lead', 1, 6, 'Calm.',"
        " '1,3', 4)",
        "INSERT INTO stage_changes (id, person_id, stage, changed_on, approved_by)"
        " VALUES ('sc1', 'p3', 'lead', '2024-06-01', 'Morgan')",
        "INSERT INTO person_groups (id, person_id, group_id, removed)"
        " VALUES ('pg1', 'p3', 'g1', 0), ('pg2', 'p3', 'g2', 1)",
        "INSERT INTO training (id, person_id, course, completed_on, expires_on, removed)"
        " VALUES ('t1', 'p3', 'Safeguarding adults', '2024-05-01', '2027-05-01', 0)",
        "INSERT INTO supervision (id, person_id, held_on, with_whom, note)"
        " VALUES ('sup1', 'p3', '2025-02-01', 'Priya', 'Private to the coordinator.')",
        "INSERT INTO unavailable (id, person_id, first_day, last_day, removed)"
        " VALUES ('u1', 'p3', '2025-04-01', '2025-04-08', 0)",
        "INSERT INTO pauses (id, person_id, starts_on, ends_on, reason)"
        " VALUES ('pa1', 'p3', '2025-05-01', NULL, 'Rest')",
        "INSERT INTO sessions (id, group_id, date, status, lead_id, lead_locked, co_locked,"
        " actual_lead_id, actual_co_id, chosen_by_group)"
        " VALUES ('s4', 'g1', '2025-01-14', 'held', 'p3', 1, 0, 'p1', 'p3', 1)",
    ],
    8: [
        "INSERT INTO row_state (table_name, row_id, length, length_hlc, fields, seq)"
        " VALUES ('groups', 'g9', 2, '001736251200001-000000-dev',"
        ' \'{"name": ["Gone", "001736251200000-000000-dev", null]}\', 3)',
        "INSERT INTO devices (id, person_id, name, role, sign_public, age_recipient, status,"
        " first_seen_at) VALUES ('d1', 'p1', 'Robin', 'facilitator', 'ab', 'age1x', 'pending',"
        " '2025-03-01T10:00:00+00:00')",
        "INSERT INTO outboxes (recipient, acked_seq) VALUES ('d1', 4)",
        "INSERT INTO invitations (id, person_id, token_hash, created_at, expires_at)"
        " VALUES ('i1', 'p1', 'cd', '2025-03-01', '2025-03-15')",
        "INSERT INTO received_bundles (sender, sequence, bundle_id, content_hash, received_at)"
        " VALUES ('d1', 1, 'b1', 'ef', '2025-03-02')",
        "INSERT INTO conflicts (id, table_name, row_id, field, kept_value, kept_hlc,"
        " lost_value, lost_hlc, noticed_at) VALUES ('c1', 'groups', 'g1', 'venue', '\"Hall\"',"
        " '2', '\"Library\"', '1', '2025-03-02')",
    ],
    9: [
        "INSERT INTO debriefs (id, session_id, group_id, session_date, author_id, status,"
        " submitted_at, present_count, present, how_it_went, concerns, wants_contact)"
        " VALUES ('d1', 's4', 'g1', '2025-01-14', 'p1', 'submitted', '2025-01-14T21:00:00+00:00',"
        " 1, '[[\"m1\", \"Sky\"]]', 'settled', 'None.', 1)",
        "INSERT INTO debrief_addenda (id, debrief_id, text, written_at, author_id)"
        " VALUES ('da1', 'd1', 'Forgot: the room was cold.', '2025-01-15T09:00:00+00:00', 'p1')",
        "INSERT INTO sealed_records (id, kind, author_id, device_id, envelope, sealed_at)"
        " VALUES ('d2', 'debrief', 'p1', 'dev1', 'YWdl', '2025-01-15T09:00:00+00:00')",
        "INSERT INTO inbox (id, kind, author_id, arrived_at, opened_at)"
        " VALUES ('d1', 'debrief', 'p1', '2025-01-16', '2025-01-16')",
        "INSERT INTO sent_records (id, kind, group_id, session_id, on_date, sent_at)"
        " VALUES ('d2', 'debrief', 'g1', 's4', '2025-01-14', '2025-01-15T09:00:00+00:00')",
        "INSERT INTO follow_ups (id, debrief_id, what) VALUES ('f3', 'd1', 'Ring Robin')",
    ],
    10: [
        "INSERT INTO audit_log (seq, at, who, action, kind, ref, count, prev_hash, hash)"
        " VALUES (1, '2025-01-16T09:00:00+00:00', 'p1', 'opened', 'debrief', 'd1', NULL,"
        " 'aa', 'bb'), (2, '2025-01-16T09:05:00+00:00', 'p1', 'exported', 'bundle', 'd1', 12,"
        " 'bb', 'cc')",
    ],
    11: [
        "INSERT INTO retention_rules (id, months) VALUES ('sessions', 24), ('safeguarding', 96)",
        "INSERT INTO retention_holds (id, record_table, record_id, reason, placed_at, placed_by,"
        " removed_at, removed_by) VALUES ('h1', 'debriefs', 'd1', 'safeguarding',"
        " '2025-02-01T10:00:00+00:00', 'p1', NULL, NULL)",
        "INSERT INTO purge_log (purged_at, record_type, removed, held_kept, how, by_person)"
        " VALUES ('2025-02-02T10:00:00+00:00', 'sessions', 3, 0, 'by-hand', 'p1')",
    ],
    12: [
        "INSERT INTO erasures (id, group_id, erased_at)"
        " VALUES ('m9', 'g1', '2025-03-01T10:00:00+00:00')",
    ],
    13: ["INSERT INTO app_name (id, name) VALUES ('app_name', 'Group planner')"],
    14: [
        "INSERT INTO wipe_policy (id, after_failures) VALUES ('wipe', 10)",
    ],
    15: ["INSERT INTO erased_names (member_id, names, erased_seq) VALUES ('m9', '[\"Ash\"]', 4)"],
}

OLDER_VERSIONS = list(range(1, latest_version()))


def tables(conn: Any) -> list[str]:
    return [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def columns(conn: Any, table: str) -> list[str]:
    return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]


def contents(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, by the columns it has now, in a stable order."""
    result = {}
    for table in tables(conn):
        names = ", ".join(columns(conn, table))
        result[table] = sorted(conn.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)  # noqa: S608
    return result


def seed(conn: Any, version: int) -> None:
    conn.execute("BEGIN")
    for at in range(1, version + 1):
        for statement in SEED_ROWS.get(at, []):
            conn.execute(statement)
    conn.execute("COMMIT")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[Any, Path, bytes]]:
    path = tmp_path / DB_NAME
    key = os.urandom(32)
    conn = connect(path, key)
    yield conn, path, key
    conn.close()


def test_migration_files_are_numbered_without_gaps() -> None:
    found = all_migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert latest_version() == found[-1].version
    assert all(m.sql.strip() for m in found)


def test_an_empty_database_migrates_to_the_newest_schema(db: tuple[Any, Path, bytes]) -> None:
    conn, path, _ = db
    assert schema_version(conn) == 0
    applied = migrate(conn, path)
    assert applied == list(range(1, latest_version() + 1))
    assert schema_version(conn) == latest_version()
    # nothing to keep a copy of when there was no schema yet
    assert not (path.parent / BACKUP_DIR).exists()
    assert migrate(conn, path) == []


def test_a_new_store_is_at_the_newest_schema(store: Store) -> None:
    assert schema_version(store.conn) == latest_version()


@pytest.mark.parametrize("version", range(1, latest_version() + 1))
def test_seed_rows_fill_every_table_of_each_version(
    db: tuple[Any, Path, bytes], version: int
) -> None:
    conn, path, _ = db
    migrate(conn, path, target=version)
    assert schema_version(conn) == version
    seed(conn, version)
    empty = [table for table, rows in contents(conn).items() if not rows]
    assert empty == [], f"add rows for these tables to SEED_ROWS[{version}]"


@pytest.mark.parametrize("version", OLDER_VERSIONS)
def test_an_older_store_keeps_its_data_when_migrated(
    db: tuple[Any, Path, bytes], version: int
) -> None:
    conn, path, _ = db
    migrate(conn, path, target=version)
    seed(conn, version)
    before = contents(conn)
    before_columns = {table: columns(conn, table) for table in before}

    applied = migrate(conn, path)

    assert applied == list(range(version + 1, latest_version() + 1))
    assert schema_version(conn) == latest_version()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for table, rows in before.items():
        kept = ", ".join(before_columns[table])
        after = sorted(conn.execute(f"SELECT {kept} FROM {table}").fetchall(), key=repr)  # noqa: S608
        assert after == rows, f"{table} changed in the migration from version {version}"


@pytest.mark.parametrize("version", OLDER_VERSIONS)
def test_a_backup_is_kept_before_migrating(db: tuple[Any, Path, bytes], version: int) -> None:
    conn, path, key = db
    migrate(conn, path, target=version)
    seed(conn, version)
    before = contents(conn)

    migrate(conn, path)

    backup = path.parent / BACKUP_DIR / f"store-schema-{version}.db"
    assert backup.is_file()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    copy = connect(backup, key)
    try:
        assert schema_version(copy) == version
        assert contents(copy) == before
    finally:
        copy.close()


def test_a_store_from_a_newer_app_is_refused(db: tuple[Any, Path, bytes]) -> None:
    conn, path, _ = db
    migrate(conn, path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(StoreTooNew) as caught:
        migrate(conn, path)
    assert "newer version of the app" in caught.value.message
    assert schema_version(conn) == latest_version() + 1


def test_opening_a_store_from_a_newer_app_is_refused_and_lets_go(
    store_folder: Path, template_store: TemplateStore
) -> None:
    conn = connect(store_folder / DB_NAME, template_store.data_key)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    before = files_in(store_folder)
    for _ in range(2):  # a second try is refused the same way, not as "in use"
        with pytest.raises(StoreTooNew):
            unlock_store(store_folder, PASSPHRASE)
    assert files_in(store_folder) == before


def test_a_failing_migration_changes_nothing(
    db: tuple[Any, Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, path, _ = db
    newest = latest_version()
    migrate(conn, path)
    seed(conn, newest)
    before = contents(conn)
    broken = Migration(
        newest + 1,
        "9999_broken.sql",
        "CREATE TABLE half_done (x TEXT);\n"
        "UPDATE groups SET name = 'changed';\n"
        "INSERT INTO no_such_table VALUES (1);",
    )
    real = all_migrations()
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, broken])

    with pytest.raises(DatabaseError, match="no_such_table"):
        migrate(conn, path)

    assert not conn.in_transaction
    assert schema_version(conn) == newest
    assert "half_done" not in tables(conn)
    assert contents(conn) == before


@pytest.mark.parametrize("version", OLDER_VERSIONS)
def test_an_older_store_opens_in_this_version(tmp_path: Path, version: int) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    key = os.urandom(32)
    conn = connect(folder / DB_NAME, key)
    migrate(conn, folder / DB_NAME, target=version)
    seed(conn, version)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("organisation", "Riverside"), ("owner_person_id", "p1"), ("device_id", "dev")],
    )
    conn.close()
    keys = KeyFile(store_id="store-1")
    keys.add_passphrase_slot(key, PASSPHRASE, KdfParams())
    keys.save(folder, key)

    store = unlock_store(folder, PASSPHRASE, clock=FakeClock())
    try:
        assert schema_version(store.conn) == latest_version()
        assert store.facts.organisation == "Riverside"
        assert [g.name for g in groups.list_groups(store)] == ["Drop-in", "Tuesday group"]
        assert [m.name for m in members.list_members(store, "g1")] == ["Ayşe"]
        assert sessions.get_session(store, "s1").notes == "Quiet week.\nAll stayed."
        assert [(line.name, line.present) for line in sessions.register(store, "s1")] == [
            ("Ayşe", True),
            ("فاطمة 🌻", False),
        ]
        make_group(store, name="A new group")  # and it takes new records
        assert store.integrity_problems() == []
    finally:
        store.close()
    assert (folder / BACKUP_DIR / f"store-schema-{version}.db").is_file()
