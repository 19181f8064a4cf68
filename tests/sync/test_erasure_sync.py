"""Erasure across devices: the coordinator's reaches the group's laptops, a laptop's reaches
the coordinator, and no bundle (replayed, out of order, or from a stale laptop) brings
the erased member back."""

from __future__ import annotations

import json

import pytest

from facilitator_app.domain.audit import AuditAction
from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.erasure import ERASED_MEMBER
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.facilitators import Readiness
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.protocols import RecordField, finish, mark_done, start_run
from facilitator_app.services import (
    debriefs,
    erasure,
    facilitators,
    inbox,
    incidents,
    members,
    sessions,
    subject_access,
)
from facilitator_app.services import sync as sync_service
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store
from tests.factories import FIXED_NOW, make_member, member_fields, snapshot
from tests.sync.helpers import Org
from tests.sync_setup import give_groups

NAME = "Alex"  # robins_members: Alex (erased) and Jo
# Until every laptop has the erasure, the coordinator keeps the name there alone, to take
# it out of records sealed before the erasure reached their laptop.
KEPT_FOR_LATE_RECORDS = ["erased_names"]


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


def erasures_audited(store: Store) -> int:
    (count,) = store.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = ?", [AuditAction.ERASED.value]
    ).fetchone()
    return int(count)


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
    assert mentions(org.coordinator, NAME) == KEPT_FOR_LATE_RECORDS
    assert ids_of(laptop, "erasures") == {alex}
    assert ids_of(org.sam.store, "erasures") == set()
    # The laptops' next bundles bring nothing back, and say they have the erasure.
    org.round_trip(org.robin)
    org.round_trip(org.sam)
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
    assert mentions(org.coordinator, NAME) == KEPT_FOR_LATE_RECORDS
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
    assert mentions(coordinator, NAME) == KEPT_FOR_LATE_RECORDS
    assert erasures_audited(coordinator) == 1
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


# --- records sealed on a laptop before the erasure reached it --------------------------


def debrief_naming_alex(org: Org, session_id: str) -> str:
    """Robin's debrief of the session (Alex and Jo there), sealed on the laptop."""
    laptop = org.robin.store
    draft = debriefs.start_debrief(laptop, session_id)
    assert [m.name for m in draft.present] == [NAME, "Jo"]
    fields = DebriefFields(
        how_it_went=HowItWent.MIXED,
        topics="Sleep",
        went_well=f"Jo made {NAME} laugh",
        concerns=f"{NAME} seemed low. alex's sister is worried.",
        wellbeing=3,
        wants_contact=False,
    )
    return debriefs.submit(laptop, draft.id, fields).id


def incident_about_alex(org: Org, session_id: str, alex: str) -> str:
    """An incident record about Alex, naming them, sealed on Robin's laptop."""
    laptop = org.robin.store
    run = finish(mark_done(start_run(get_protocol("flashback"), FIXED_NOW), FIXED_NOW), FIXED_NOW)
    draft = incidents.save_draft(
        laptop,
        None,
        IncidentFields(
            run=run,
            group_id=org.robins_group.id,
            session_id=session_id,
            member_id=alex,
            notes={RecordField.OBSERVED: f"{NAME} went quiet during check-in."},
        ),
    )
    return incidents.submit(laptop, draft.id).id


def test_a_debrief_sealed_before_the_erasure_is_filed_without_the_member(
    org: Org, robins_members: list[str]
) -> None:
    session_id = on_the_laptop(org, robins_members)
    alex, jo = robins_members
    debrief_id = debrief_naming_alex(org, session_id)
    erase_at(org.coordinator, alex)

    (result,) = org.to_coordinator(org.robin)

    assert result.refused is None
    coordinator = org.coordinator
    opened = inbox.open_record(coordinator, debrief_id).debrief
    assert opened is not None
    assert opened.fields.went_well == f"Jo made {ERASED_MEMBER} laugh"
    assert opened.fields.concerns == (
        f"{ERASED_MEMBER} seemed low. {ERASED_MEMBER}'s sister is worried."
    )
    assert [(m.id, m.name) for m in opened.present] == [("", ERASED_MEMBER), (jo, "Jo")]
    assert opened.present_count == 2
    # The envelope held the old text: it goes, as with any record an erasure rewrote.
    assert ids_of(coordinator, "sealed_records") == set()
    assert mentions(coordinator, NAME) == KEPT_FOR_LATE_RECORDS


def test_an_incident_record_sealed_before_the_erasure_loses_the_link_and_the_name(
    org: Org, robins_members: list[str]
) -> None:
    session_id = on_the_laptop(org, robins_members)
    alex = robins_members[0]
    record_id = incident_about_alex(org, session_id, alex)
    erase_at(org.coordinator, alex)

    (result,) = org.to_coordinator(org.robin)

    assert result.refused is None
    coordinator = org.coordinator
    member, notes = coordinator.conn.execute(
        "SELECT member_id, notes FROM incidents WHERE id = ?", [record_id]
    ).fetchone()
    assert member is None
    assert json.loads(notes) == {
        RecordField.OBSERVED.value: f"{ERASED_MEMBER} went quiet during check-in."
    }
    assert mentions(coordinator, NAME) == KEPT_FOR_LATE_RECORDS
    assert erasures_audited(coordinator) == 2  # the erasure, then the record arriving after it


def test_a_late_debrief_is_cleaned_by_its_own_list_of_who_was_there(
    org: Org, robins_members: list[str]
) -> None:
    """An erasure from before the names were kept (or whose names were since let go): the
    debrief's own [member id, name] pair still says whose name to take out."""
    session_id = on_the_laptop(org, robins_members)
    alex = robins_members[0]
    debrief_id = debrief_naming_alex(org, session_id)
    erase_at(org.coordinator, alex)
    with org.coordinator.transaction():
        org.coordinator.conn.execute("DELETE FROM erased_names")

    org.to_coordinator(org.robin)

    opened = inbox.open_record(org.coordinator, debrief_id).debrief
    assert opened is not None
    assert opened.fields.went_well == f"Jo made {ERASED_MEMBER} laugh"
    # Kept again until Robin's laptop has the erasure: another of its records may follow.
    assert mentions(org.coordinator, NAME) == KEPT_FOR_LATE_RECORDS


def test_session_notes_a_laptop_wrote_before_the_erasure_reached_it_lose_the_name(
    org: Org, robins_members: list[str]
) -> None:
    session_id = on_the_laptop(org, robins_members)
    erase_at(org.coordinator, robins_members[0])
    org.clock.advance(60)
    sessions.save_notes(org.robin.store, session_id, f"Jo and {NAME} left together")

    (result,) = org.to_coordinator(org.robin)

    assert result.refused is None
    assert session_notes(org.coordinator, session_id) == f"Jo and {ERASED_MEMBER} left together"
    org.to_laptop(org.robin)
    assert session_notes(org.robin.store, session_id) == f"Jo and {ERASED_MEMBER} left together"
    assert mentions(org.robin.store, NAME) == []


def test_the_coordinator_lets_the_name_go_once_every_laptop_has_the_erasure(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    alex = robins_members[0]
    erase_at(org.coordinator, alex)
    assert mentions(org.coordinator, NAME) == KEPT_FOR_LATE_RECORDS

    org.round_trip(org.robin)
    # Sam's laptop is not in Alex's group, but it could still hold a record sealed
    # before the erasure (an incident with no group), so the name waits for it too.
    assert mentions(org.coordinator, NAME) == KEPT_FOR_LATE_RECORDS
    org.round_trip(org.sam)

    assert mentions(org.coordinator, NAME) == []
    assert alex in ids_of(org.coordinator, "erasures")


def test_a_retired_laptop_does_not_keep_the_name_waiting(
    org: Org, robins_members: list[str]
) -> None:
    on_the_laptop(org, robins_members)
    erase_at(org.coordinator, robins_members[0])
    org.round_trip(org.robin)
    with org.coordinator.transaction():
        org.coordinator.conn.execute(
            "UPDATE devices SET status = 'revoked' WHERE id = ?", [org.sam.device_id]
        )

    org.round_trip(org.robin)

    assert mentions(org.coordinator, NAME) == []


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
    assert mentions(coordinator, NAME) == KEPT_FOR_LATE_RECORDS
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
    org.round_trip(org.sam)
    assert mentions(org.coordinator, NAME) == []
