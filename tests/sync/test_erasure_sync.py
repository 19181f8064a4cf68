"""Erasure across devices: the coordinator's reaches the group's laptops, a laptop's reaches
the coordinator, and no bundle (replayed, out of order, or from a stale laptop) brings
the erased member back."""

from __future__ import annotations

import pytest

from facilitator_app.domain.audit import AuditAction
from facilitator_app.domain.erasure import ERASED_MEMBER
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.facilitators import Readiness
from facilitator_app.services import erasure, facilitators, members, sessions, subject_access
from facilitator_app.services import sync as sync_service
from facilitator_app.store.store import Store
from tests.factories import make_member, member_fields, snapshot
from tests.sync.helpers import Org
from tests.sync_setup import give_groups

NAME = "Alex"  # robins_members: Alex (erased) and Jo


def mentions(store: Store, word: str) -> list[str]:
    """Tables holding `word` anywhere (every table and column, merge state included)."""
    return sorted({t for t, rows in snapshot(store).items() for row in rows if word in repr(row)})


def ids_of(store: Store, table: str) -> set[str]:
    return {str(r[0]) for r in store.conn.execute(f"SELECT id FROM {table}")}  # noqa: S608


def session_notes(store: Store, session_id: str) -> str:
    (notes,) = store.conn.execute(
        "SELECT notes FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    return str(notes)


def on_the_laptop(org: Org, robins_members: list[str]) -> str:
    """Alex and Jo on the register, Alex named in the session's notes, all on Robin's laptop."""
    (session_id,) = ids_of(org.coordinator, "sessions")
    sessions.take_register(org.coordinator, session_id, robins_members)
    sessions.save_notes(org.coordinator, session_id, f"{NAME} and Jo arrived early")
    org.to_laptop(org.robin)
    assert NAME in repr(snapshot(org.robin.store))
    return session_id


def erase_at(store: Store, member_id: str) -> None:
    erasure.erase_member(store, member_id, erasure.preview_erasure(store, member_id).counts)


def test_the_coordinators_erasure_reaches_the_groups_laptop_and_nobody_else(
    org: Org, robins_members: list[str]
) -> None:
    session_id = on_the_laptop(org, robins_members)
    alex, jo = robins_members

    erase_at(org.coordinator, alex)
    (result,) = org.to_laptop(org.robin)
    org.to_laptop(org.sam)

    assert result.refused is None
    laptop = org.robin.store
    assert ids_of(laptop, "members") == {jo}
    assert {r[0] for r in laptop.conn.execute("SELECT member_id FROM attendance")} == {jo}
    assert session_notes(laptop, session_id) == f"{ERASED_MEMBER} and Jo arrived early"
    assert mentions(laptop, NAME) == []
    assert mentions(org.coordinator, NAME) == []
    assert ids_of(laptop, "erasures") == {alex}
    assert ids_of(org.sam.store, "erasures") == set()
    # The laptop's next bundle brings nothing back.
    org.round_trip(org.robin)
    assert ids_of(org.coordinator, "members") >= {jo}
    assert alex not in ids_of(org.coordinator, "members")
    assert mentions(org.coordinator, NAME) == []


def test_an_old_bundle_taken_in_after_the_erasure_does_not_bring_the_member_back(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    alex = robins_members[0]
    members.update_member(org.coordinator, alex, member_fields(name=f"{NAME} B"))
    old = org.export(org.coordinator, only=org.robin.device_id)  # never taken in yet
    erase_at(org.coordinator, alex)
    new = org.export(org.coordinator, only=org.robin.device_id)

    sync_service.import_bundles(org.robin.store, new)
    results = sync_service.import_bundles(org.robin.store, old)
    again = sync_service.import_bundles(org.robin.store, new)

    assert [r.refused for r in results + again] == [None, None]
    assert alex not in ids_of(org.robin.store, "members")
    assert mentions(org.robin.store, NAME) == []


def test_a_stale_laptops_later_edit_of_an_erased_member_loses(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    alex = robins_members[0]
    erase_at(org.coordinator, alex)
    # Robin has not heard yet, and renames Alex after the erasure.
    org.clock.advance(60)
    members.update_member(org.robin.store, alex, member_fields(name=f"{NAME} Later"))

    results = org.to_coordinator(org.robin)

    assert [r.refused for r in results] == [None]
    assert alex not in ids_of(org.coordinator, "members")
    assert mentions(org.coordinator, NAME) == []
    org.to_laptop(org.robin)
    assert alex not in ids_of(org.robin.store, "members")
    assert mentions(org.robin.store, NAME) == []


def test_a_laptops_erasure_reaches_the_coordinator_who_erases_for_everyone(
    org: Org, robins_members: list[str]
) -> None:
    session_id = on_the_laptop(org, robins_members)
    alex, jo = robins_members
    laptop = org.robin.store

    erase_at(laptop, alex)

    assert ids_of(laptop, "members") == {jo}
    assert mentions(laptop, NAME) == []
    results = org.to_coordinator(org.robin)
    assert [r.refused for r in results] == [None]
    coordinator = org.coordinator
    assert alex not in ids_of(coordinator, "members")
    assert session_notes(coordinator, session_id) == f"{ERASED_MEMBER} and Jo arrived early"
    assert mentions(coordinator, NAME) == []
    (erased,) = coordinator.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = ?", [AuditAction.ERASED.value]
    ).fetchone()
    assert erased == 1
    # The coordinator's copy of the old register comes back to the laptop only as deletes.
    org.round_trip(org.robin)
    assert alex not in ids_of(laptop, "members")
    assert mentions(laptop, NAME) == []


def test_a_laptop_cannot_erase_a_member_of_another_group(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    sams = make_member(org.coordinator, org.sams_group.id, name="Rowan")
    org.to_laptop(org.sam)
    before = snapshot(org.robin.store)

    with pytest.raises(NotFound) as caught:
        erasure.preview_erasure(org.robin.store, sams.id)
    with pytest.raises(NotFound):
        erasure.erase_member(org.robin.store, sams.id, {})

    assert caught.value.message == "That member is not in this store."
    assert snapshot(org.robin.store) == before


def test_a_laptop_answers_subject_access_for_its_own_groups_members_only(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    sams = make_member(org.coordinator, org.sams_group.id, name="Rowan")
    org.to_laptop(org.sam)

    report = subject_access.subject_access(org.robin.store, robins_members[0])
    with pytest.raises(NotFound):
        subject_access.subject_access(org.robin.store, sams.id)

    assert report["member"]["name"] == NAME
    assert report["attendance"] == [{"date": report["attendance"][0]["date"], "present": True}]
    assert [line["notes"] for line in report["sessions"]] == [
        f"{NAME} and [another member] arrived early"
    ]


def text_of(store: Store, table: str, column: str, row_id: str) -> str:
    (value,) = store.conn.execute(
        f"SELECT {column} FROM {table} WHERE id = ?",  # noqa: S608 - names from the test
        [row_id],
    ).fetchone()
    return str(value)


def test_a_laptops_erasure_changes_its_own_pause_only_and_the_coordinator_the_rest(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    alex = robins_members[0]
    laptop = org.robin.store
    robin = org.robin.person_id
    day = org.coordinator.today()
    # Robin's own pause, typed on the laptop and already known to the coordinator.
    facilitators.pause(laptop, robin, day, None, f"{NAME}'s story stayed with me")
    (pause_id,) = laptop.conn.execute("SELECT id FROM pauses").fetchone()
    org.round_trip(org.robin)
    # Notes that stay on the coordinator's store.
    facilitators.add_supervision(org.coordinator, robin, day, "Morgan", f"Talked about {NAME}")
    facilitators.save_readiness(org.coordinator, robin, Readiness(notes=f"Kind with {NAME}"))
    # Sam works with Robin's group too: a colleague on Robin's laptop. Sam's link, a
    # pause and readiness notes put there as if this laptop had been given them: a
    # colleague's rows, the coordinator's to change, never this laptop's.
    give_groups(org.coordinator, org.sam.person_id, org.sams_group.id, org.robins_group.id)
    org.to_laptop(org.robin)
    sam, sams_pause = org.sam.person_id, "f" * 32
    laptop.conn.execute(
        "INSERT INTO person_groups (id, person_id, group_id) VALUES (?, ?, ?)",
        ["e" * 32, sam, org.robins_group.id],
    )
    laptop.conn.execute(
        "INSERT INTO pauses (id, person_id, starts_on, reason) VALUES (?, ?, ?, ?)",
        [sams_pause, sam, day.isoformat(), f"Worried about {NAME}"],
    )
    laptop.conn.execute(
        "UPDATE people SET readiness_notes = ? WHERE id = ?", [f"Firm with {NAME}", sam]
    )

    preview = erasure.preview_erasure(laptop, alex)
    erasure.erase_member(laptop, alex, preview.counts)

    assert preview.rewritten == {"sessions": 1, "pauses": 1}
    assert (
        text_of(laptop, "pauses", "reason", pause_id) == f"{ERASED_MEMBER}'s story stayed with me"
    )
    assert text_of(laptop, "pauses", "reason", sams_pause) == f"Worried about {NAME}"
    assert text_of(laptop, "people", "readiness_notes", sam) == f"Firm with {NAME}"
    (result,) = org.to_coordinator(org.robin)
    assert result.refused is None
    assert result.intake is not None
    assert result.intake.skipped == 0
    coordinator = org.coordinator
    assert text_of(coordinator, "pauses", "reason", pause_id) == (
        f"{ERASED_MEMBER}'s story stayed with me"
    )
    # Taking in the erasure, the coordinator erased for everyone: its own notes too.
    (note,) = coordinator.conn.execute(
        "SELECT note FROM supervision WHERE person_id = ?", [robin]
    ).fetchone()
    assert note == f"Talked about {ERASED_MEMBER}"
    assert text_of(coordinator, "people", "readiness_notes", robin) == f"Kind with {ERASED_MEMBER}"
    assert text_of(coordinator, "people", "name", robin) == "Robin"
    assert mentions(coordinator, NAME) == []
    # Nothing of the coordinator's private notes reaches the laptop; it settles cleanly.
    org.round_trip(org.robin)
    assert "Kind with" not in repr(snapshot(laptop))
    assert "Talked about" not in repr(snapshot(laptop))
    assert text_of(coordinator, "people", "name", sam) == "Sam"


def test_the_coordinators_erasure_reaches_the_pause_on_the_facilitators_laptop(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    alex = robins_members[0]
    laptop = org.robin.store
    facilitators.pause(
        laptop, org.robin.person_id, laptop.today(), None, f"Tired after {NAME}'s news"
    )
    org.round_trip(org.robin)

    erase_at(org.coordinator, alex)
    (result,) = org.to_laptop(org.robin)

    assert result.refused is None
    (reason,) = laptop.conn.execute("SELECT reason FROM pauses").fetchone()
    assert reason == f"Tired after {ERASED_MEMBER}'s news"
    # The laptop's own old values of its pause lose the name too.
    assert mentions(laptop, NAME) == []
    org.round_trip(org.robin)
    assert mentions(org.coordinator, NAME) == []
