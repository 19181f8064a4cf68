"""The store's part of erasure: old values rewritten field by field, and which notes
about facilitators a store looks at (a laptop: its own person's only)."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from facilitator_app.domain.erasure import ERASED_MEMBER, mention_pattern, scrub_data
from facilitator_app.store import purge
from facilitator_app.store.erasure_rows import candidates, group_facilitators
from facilitator_app.store.store import Store, StoreRole, new_id
from tests.factories import make_store

REWRITE = partial(scrub_data, pattern=mention_pattern(["Sam"]), token=ERASED_MEMBER)


def a_person(store: Store, name: str, notes: str) -> str:
    person_id = new_id()
    with store.transaction():
        store.insert(
            "people",
            person_id,
            {"name": name, "role": "facilitator", "archived_on": None, "readiness_notes": notes},
        )
    return person_id


def a_conflict(store: Store, person_id: str, field: str, kept: str, lost: str) -> None:
    store.conn.execute(
        "INSERT INTO conflicts (id, table_name, row_id, field, kept_value, kept_hlc, "
        "lost_value, lost_hlc, noticed_at) VALUES (?, 'people', ?, ?, ?, 'a', ?, 'b', 'now')",
        [new_id(), person_id, field, json.dumps(kept), json.dumps(lost)],
    )


def history(store: Store, person_id: str) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for field, value in store.conn.execute(
        "SELECT field, value FROM change_log WHERE row_id = ? ORDER BY seq", [person_id]
    ):
        found.setdefault(field, []).append(json.loads(value))
    for field, kept, lost in store.conn.execute(
        "SELECT field, kept_value, lost_value FROM conflicts WHERE row_id = ?", [person_id]
    ):
        found.setdefault(f"conflict:{field}", []).extend([json.loads(kept), json.loads(lost)])
    return found


def test_old_values_of_the_fields_named_are_rewritten_and_no_others(store: Store) -> None:
    person_id = a_person(store, "Sam", "Sam seemed settled")
    with store.transaction():
        store.update("people", person_id, {"name": "Sam B", "readiness_notes": "Ready, sam said"})
    a_conflict(store, person_id, "name", "Sam B", "Sam")
    a_conflict(store, person_id, "readiness_notes", "Ready, sam said", "Sam was late")

    purge.rewrite_history(store.conn, "people", person_id, REWRITE, ("readiness_notes",))

    found = history(store, person_id)
    assert found["name"] == ["Sam", "Sam B"]
    assert found["conflict:name"] == ["Sam B", "Sam"]
    assert found["readiness_notes"] == [
        f"{ERASED_MEMBER} seemed settled",
        f"Ready, {ERASED_MEMBER} said",
    ]
    assert found["conflict:readiness_notes"] == [
        f"Ready, {ERASED_MEMBER} said",
        f"{ERASED_MEMBER} was late",
    ]


def test_old_values_are_read_for_the_fields_named_only(store: Store) -> None:
    person_id = a_person(store, "Sam", "Sam seemed settled")
    a_conflict(store, person_id, "name", "Sam", "Samantha")

    def values(fields: tuple[str, ...] | None) -> list[object]:
        return sorted(
            map(str, (v for _, v in purge.old_values(store.conn, "people", [person_id], fields)))
        )

    assert values(("readiness_notes",)) == ["Sam seemed settled"]
    assert values(()) == []
    everything = values(None)  # no `fields`: every old value, as before
    assert {"Sam", "Samantha", "Sam seemed settled", "facilitator"} <= set(everything)


def test_a_laptop_looks_at_its_own_persons_notes_only(tmp_path: Path) -> None:
    laptop = make_store(tmp_path / "laptop", role=StoreRole.FACILITATOR, your_name="Robin")
    try:
        robin = laptop.facts.owner_person_id
        colleague = a_person(laptop, "Ash", "Good with Sam")
        group_id, member_id = new_id(), new_id()
        with laptop.transaction():
            laptop.insert("groups", group_id, {"name": "Tuesday", "kind": "closed"})
            laptop.insert("members", member_id, {"group_id": group_id, "name": "Sam"})
            for person in (robin, colleague):
                laptop.insert(
                    "person_groups",
                    new_id(),
                    {"person_id": person, "group_id": group_id, "removed": 0},
                )
                laptop.insert(
                    "pauses",
                    new_id(),
                    {"person_id": person, "starts_on": "2025-03-01", "reason": "After Sam"},
                )

        found = candidates(laptop.conn, member_id, group_id)

        owners = {
            table: {
                laptop.conn.execute(
                    f"SELECT {'id' if table == 'people' else 'person_id'} FROM {table} "  # noqa: S608
                    "WHERE id = ?",
                    [c.row_id],
                ).fetchone()[0]
                for c in found
                if c.table == table
            }
            for table in ("pauses", "people")
        }
        assert owners == {"pauses": {robin}, "people": {robin}}
        assert list(group_facilitators(laptop.conn, group_id)) == [robin]
    finally:
        laptop.close()
