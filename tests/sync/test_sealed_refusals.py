"""Issue 7: sealed records keep their promises when a bundle has been tampered with.

Only the coordinator's store opens a sealed record; a laptop refuses anyone else's.
A sealed record changed by a byte, signed by another laptop, carrying another author,
made by a newer app or still a draft makes the coordinator refuse the whole bundle
with a reason and change nothing. Forged bundles are rebuilt from a real one and
signed again by the laptop, so each is refused for the one thing changed; the same
bundle rebuilt without a change is taken in, so the forging itself is sound.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
import pytest

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.errors import BundleRefused, NotPermitted
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.protocols import finish, mark_done, start_run
from facilitator_app.domain.records import RecordKind
from facilitator_app.services import debriefs, inbox, incidents, records, sessions
from facilitator_app.services import sync as sync_service
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store, new_id
from facilitator_app.sync import device_rows, keyring
from facilitator_app.sync.bundle_file import OpenedBundle
from facilitator_app.sync.identity import KeyPair, canonical
from facilitator_app.sync.sealed import SEALED_FORMAT, SealedRecord, open_envelope, seal
from tests.factories import FIXED_NOW, make_session, snapshot
from tests.sync.helpers import (
    Org,
    assert_unchanged,
    field_value,
    laptop_recipient,
    open_with,
    organisation_recipient,
    refused,
    reseal,
)
from tests.sync_setup import Laptop

FIELDS = DebriefFields(how_it_went=HowItWent.SETTLED, concerns="Nothing of note.", wellbeing=4)


def _submit_debrief(org: Org, laptop: Laptop, group_id: str) -> str:
    (session,) = sessions.list_sessions(laptop.store, group_id)
    draft = debriefs.start_debrief(laptop.store, session.id)
    debriefs.submit(laptop.store, draft.id, FIELDS)
    return draft.id


def _submit_incident(org: Org) -> str:
    laptop = org.robin.store
    (session,) = sessions.list_sessions(laptop, org.robins_group.id)
    protocol = get_protocol("flashback")
    run = start_run(protocol, FIXED_NOW)
    run = finish(mark_done(run, FIXED_NOW), FIXED_NOW)
    fields = IncidentFields(
        run=run,
        group_id=org.robins_group.id,
        session_id=session.id,
        notes=dict.fromkeys(protocol.record_fields, "Sat with them until they felt steadier."),
    )
    draft = incidents.save_draft(laptop, None, fields)
    incidents.submit(laptop, draft.id)
    return draft.id


def _organisation_opens(org: Org, envelope: str) -> SealedRecord:
    def sign_public_of(device: str) -> str | None:
        found = device_rows.load_device(org.coordinator.conn, device)
        return None if found is None else found.sign_public

    return open_envelope(envelope, keyring.organisation_keys(org.coordinator), sign_public_of)


def _envelope_of(payload: dict[str, Any], signer: KeyPair, org: Org) -> str:
    """What `seal` makes, from any payload at all (seal itself only takes a SealedRecord)."""
    body = canonical({"payload": payload, "signature": signer.sign(canonical(payload)).hex()})
    recipient = pyrage.x25519.Recipient.from_str(organisation_recipient(org.robin))
    return base64.b64encode(bytes(pyrage.encrypt(body, [recipient]))).decode("ascii")


def _payload(record: SealedRecord) -> dict[str, Any]:
    return {
        "format": SEALED_FORMAT,
        "kind": record.kind.value,
        "id": record.record_id,
        "author": record.author_id,
        "device": record.device_id,
        "sealed_at": record.sealed_at,
        "values": record.values,
    }


@dataclasses.dataclass
class Forgery:
    """Robin's real bundle to the organisation, ready to be rebuilt with changes."""

    org: Org
    path: Path
    opened: OpenedBundle
    record_id: str

    def sealed_row(self, rows: list[list[Any]]) -> list[Any]:
        (row,) = [r for r in rows if r[0] == "sealed_records" and r[1] == self.record_id]
        return row

    @property
    def record(self) -> SealedRecord:
        row = self.sealed_row(self.opened.operations()["rows"])
        return _organisation_opens(self.org, row[4]["envelope"][0])

    def rebuilt(self, change: Callable[[dict[str, list[Any]]], None]) -> bytes:
        """The bundle with the sealed row's fields changed, signed again by Robin's laptop."""
        rows = copy.deepcopy(self.opened.operations()["rows"])
        change(self.sealed_row(rows)[4])
        return reseal(
            self.opened,
            keyring.device_keys(self.org.robin.store),
            organisation_recipient(self.org.robin),
            rows=rows,
        )


def _forgery(org: Org, record_id: str) -> Forgery:
    (path,) = org.export(org.robin.store)
    return Forgery(org, path, open_with(org.coordinator, path.read_bytes()), record_id)


@pytest.fixture
def debrief_forgery(org: Org, robins_members: list[str]) -> Forgery:
    return _forgery(org, _submit_debrief(org, org.robin, org.robins_group.id))


def _envelope(value: str) -> Callable[[dict[str, list[Any]]], None]:
    def change(fields: dict[str, list[Any]]) -> None:
        fields["envelope"][0] = value

    return change


def _refused_then_the_real_one_is_taken(forgery: Forgery, data: bytes) -> str:
    """The coordinator refuses `data`, changing nothing; the real bundle still files it."""
    coordinator = forgery.org.coordinator
    message = refused(coordinator, data)
    assert inbox.inbox(coordinator) == []
    [result] = sync_service.import_bundles(coordinator, [forgery.path])
    assert result.refused is None
    assert result.intake is not None
    assert result.intake.records == 1
    assert [line.id for line in inbox.inbox(coordinator)] == [forgery.record_id]
    return message


# --- the forging itself is sound -----------------------------------------------------------


def test_a_bundle_rebuilt_without_a_change_is_taken_in(debrief_forgery: Forgery) -> None:
    coordinator = debrief_forgery.org.coordinator
    data = debrief_forgery.rebuilt(lambda fields: None)

    [result] = sync_service.import_bundles(coordinator, [_written(debrief_forgery.org, data)])

    assert result.refused is None
    assert result.intake is not None
    assert result.intake.records == 1
    assert inbox.open_record(coordinator, debrief_forgery.record_id).debrief is not None


def _written(org: Org, data: bytes) -> Path:
    path = org.stick() / "forged.fabundle"
    path.write_bytes(data)
    return path


# --- only the coordinator's store opens sealed records -------------------------------------


def test_a_laptop_refuses_a_bundle_holding_someone_elses_sealed_record(
    org: Org, robins_members: list[str]
) -> None:
    make_session(org.coordinator, org.sams_group.id)
    org.to_laptop(org.sam)
    _submit_debrief(org, org.sam, org.sams_group.id)
    (sams_path,) = org.export(org.sam.store)
    sams_rows = open_with(org.coordinator, sams_path.read_bytes()).operations()["rows"]
    (sams_record,) = [row for row in sams_rows if row[0] == "sealed_records"]
    (path,) = org.export(org.coordinator, only=org.robin.device_id)
    opened = open_with(org.robin.store, path.read_bytes())
    coordinator_keys = keyring.device_keys(org.coordinator)
    rows = opened.operations()["rows"]

    forged = reseal(
        opened, coordinator_keys, laptop_recipient(org.robin), rows=[*rows, sams_record]
    )
    message = refused(org.robin.store, forged)

    assert "someone else's sealed record" in message
    assert "Nothing was taken in" in message
    # The same bundle without Sam's record is Robin's to take.
    fair = reseal(opened, coordinator_keys, laptop_recipient(org.robin), rows=rows)
    [result] = sync_service.import_bundles(org.robin.store, [_written(org, fair)])
    assert result.refused is None


def test_a_sealed_record_opens_only_with_the_organisations_key(
    org: Org, robins_members: list[str]
) -> None:
    record_id = _submit_debrief(org, org.robin, org.robins_group.id)
    envelope = field_value(org.robin.store, "sealed_records", record_id, "envelope")

    for store in (org.robin.store, org.sam.store, org.coordinator):
        with pytest.raises(BundleRefused) as caught:
            open_envelope(envelope, keyring.device_keys(store), lambda device: None)
        assert "can't be opened with your organisation's key" in caught.value.message
    assert _organisation_opens(org, envelope).values["concerns"] == FIELDS.concerns


@pytest.mark.parametrize(
    "look",
    [
        lambda store: inbox.inbox(store),
        lambda store: inbox.inbox(store, "Tuesday", unread_only=True),
        lambda store: inbox.unread_count(store),
        lambda store: inbox.open_record(store, records.sent_lines(store)[0].id),
        lambda store: inbox.mark_reviewed(store, records.sent_lines(store)[0].id, "Seen"),
        lambda store: inbox.record_contact(store, records.sent_lines(store)[0].id),
    ],
    ids=["inbox", "search", "unread count", "open", "review", "contact"],
)
def test_the_inbox_is_not_on_a_laptop(
    org: Org, robins_members: list[str], look: Callable[[Store], object]
) -> None:
    laptop = org.robin.store
    _submit_debrief(org, org.robin, org.robins_group.id)
    before = snapshot(laptop)

    with pytest.raises(NotPermitted) as caught:
        look(laptop)

    assert "coordinator" in caught.value.message
    assert_unchanged(laptop, before)
    assert inbox.contact_requests(laptop) == []


# --- tampering: the coordinator refuses the whole bundle ----------------------------------


@pytest.mark.parametrize("where", ["start", "age header", "middle", "end"])
def test_an_envelope_changed_by_one_byte_is_refused(debrief_forgery: Forgery, where: str) -> None:
    row = debrief_forgery.sealed_row(debrief_forgery.opened.operations()["rows"])
    data = bytearray(base64.b64decode(row[4]["envelope"][0]))
    at = {"start": 0, "age header": 30, "middle": len(data) // 2, "end": len(data) - 1}[where]
    data[at] ^= 0x01
    changed = base64.b64encode(bytes(data)).decode("ascii")

    message = _refused_then_the_real_one_is_taken(
        debrief_forgery, debrief_forgery.rebuilt(_envelope(changed))
    )

    assert "can't be opened with your organisation's key" in message


def test_an_envelope_that_is_not_one_is_refused(debrief_forgery: Forgery) -> None:
    message = _refused_then_the_real_one_is_taken(
        debrief_forgery, debrief_forgery.rebuilt(_envelope("not an envelope at all"))
    )

    assert "can't be opened" in message


def test_a_record_signed_by_sams_laptop_as_robins_is_refused(debrief_forgery: Forgery) -> None:
    """Sam's laptop is paired, but it is not the laptop of the record's author."""
    org = debrief_forgery.org
    record = dataclasses.replace(debrief_forgery.record, device_id=org.sam.device_id)
    envelope = seal(record, keyring.device_keys(org.sam.store), organisation_recipient(org.robin))

    def change(fields: dict[str, list[Any]]) -> None:
        fields["envelope"][0] = envelope
        fields["device_id"][0] = org.sam.device_id

    message = _refused_then_the_real_one_is_taken(debrief_forgery, debrief_forgery.rebuilt(change))

    assert "sealed record" in message
    assert "author" in message


def test_a_record_naming_robins_laptop_but_signed_by_sams_is_refused(
    debrief_forgery: Forgery,
) -> None:
    org = debrief_forgery.org
    record = debrief_forgery.record
    envelope = seal(record, keyring.device_keys(org.sam.store), organisation_recipient(org.robin))

    message = _refused_then_the_real_one_is_taken(
        debrief_forgery, debrief_forgery.rebuilt(_envelope(envelope))
    )

    assert "signature does not match" in message


def test_a_record_signed_by_a_laptop_never_paired_is_refused(debrief_forgery: Forgery) -> None:
    org = debrief_forgery.org
    stranger = KeyPair.generate()
    record = dataclasses.replace(debrief_forgery.record, device_id=new_id())
    envelope = seal(record, stranger, organisation_recipient(org.robin))

    def change(fields: dict[str, list[Any]]) -> None:
        fields["envelope"][0] = envelope
        fields["device_id"][0] = record.device_id

    message = _refused_then_the_real_one_is_taken(debrief_forgery, debrief_forgery.rebuilt(change))

    assert "never paired" in message


def test_a_record_whose_inner_author_is_not_the_rows_author_is_refused(
    debrief_forgery: Forgery,
) -> None:
    """Robin's laptop seals a record in Sam's name but files it under Robin."""
    org = debrief_forgery.org
    record = debrief_forgery.record
    as_sam = dataclasses.replace(
        record,
        author_id=org.sam.person_id,
        values={**record.values, "author_id": org.sam.person_id},
    )
    envelope = seal(as_sam, keyring.device_keys(org.robin.store), organisation_recipient(org.robin))

    message = _refused_then_the_real_one_is_taken(
        debrief_forgery, debrief_forgery.rebuilt(_envelope(envelope))
    )

    assert "does not match its label" in message


def test_a_record_whose_values_name_another_author_is_refused(debrief_forgery: Forgery) -> None:
    org = debrief_forgery.org
    record = debrief_forgery.record
    inside = dataclasses.replace(record, values={**record.values, "author_id": org.sam.person_id})
    envelope = seal(inside, keyring.device_keys(org.robin.store), organisation_recipient(org.robin))

    message = _refused_then_the_real_one_is_taken(
        debrief_forgery, debrief_forgery.rebuilt(_envelope(envelope))
    )

    assert "sealed record" in message


def test_a_record_labelled_as_another_kind_is_refused(debrief_forgery: Forgery) -> None:
    def change(fields: dict[str, list[Any]]) -> None:
        fields["kind"][0] = RecordKind.INCIDENT.value

    message = _refused_then_the_real_one_is_taken(debrief_forgery, debrief_forgery.rebuilt(change))

    assert "does not match its label" in message


def test_a_record_of_a_newer_sealed_format_is_refused(debrief_forgery: Forgery) -> None:
    org = debrief_forgery.org
    payload = {**_payload(debrief_forgery.record), "format": SEALED_FORMAT + 1}
    envelope = _envelope_of(payload, keyring.device_keys(org.robin.store), org)

    message = _refused_then_the_real_one_is_taken(
        debrief_forgery, debrief_forgery.rebuilt(_envelope(envelope))
    )

    assert "newer version of the app" in message


def test_an_incident_sealed_as_a_draft_is_refused(org: Org, robins_members: list[str]) -> None:
    forgery = _forgery(org, _submit_incident(org))
    record = forgery.record
    assert record.kind is RecordKind.INCIDENT
    draft = dataclasses.replace(record, values={**record.values, "status": "draft"})
    envelope = seal(draft, keyring.device_keys(org.robin.store), organisation_recipient(org.robin))

    message = _refused_then_the_real_one_is_taken(forgery, forgery.rebuilt(_envelope(envelope)))

    assert "sealed record" in message


def test_a_debrief_sealed_as_a_draft_is_refused(debrief_forgery: Forgery) -> None:
    org = debrief_forgery.org
    record = debrief_forgery.record
    draft = dataclasses.replace(record, values={**record.values, "status": "draft"})
    envelope = seal(draft, keyring.device_keys(org.robin.store), organisation_recipient(org.robin))

    message = _refused_then_the_real_one_is_taken(
        debrief_forgery, debrief_forgery.rebuilt(_envelope(envelope))
    )

    assert "sealed record" in message


# --- a sealed record once sent never changes at the coordinator ---------------------------


def _sent_and_filed(org: Org) -> tuple[str, dict[str, Any]]:
    record_id = _submit_debrief(org, org.robin, org.robins_group.id)
    org.to_coordinator(org.robin)
    held = {
        "envelope": field_value(org.coordinator, "sealed_records", record_id, "envelope"),
        "concerns": field_value(org.coordinator, "debriefs", record_id, "concerns"),
    }
    assert held["concerns"] == FIELDS.concerns
    return record_id, held


def _still_holds(org: Org, record_id: str, held: dict[str, Any]) -> None:
    assert (
        field_value(org.coordinator, "sealed_records", record_id, "envelope") == (held["envelope"])
    )
    assert field_value(org.coordinator, "debriefs", record_id, "concerns") == held["concerns"]
    assert [line.id for line in inbox.inbox(org.coordinator)] == [record_id]


def test_a_laptop_may_not_change_a_sealed_record_it_already_sent(
    org: Org, robins_members: list[str]
) -> None:
    record_id, held = _sent_and_filed(org)
    laptop = org.robin.store
    record = _organisation_opens(org, held["envelope"])
    rewritten = dataclasses.replace(
        record, values={**record.values, "concerns": "Rewritten after it was sent."}
    )
    envelope = seal(rewritten, keyring.device_keys(laptop), organisation_recipient(org.robin))
    with laptop.transaction():
        laptop.update("sealed_records", record_id, {"envelope": envelope})

    [result] = org.to_coordinator(org.robin)

    assert result.refused is None
    assert result.intake is not None
    assert result.intake.skipped >= 1
    assert result.intake.records == 0
    _still_holds(org, record_id, held)


def test_a_laptop_may_not_delete_a_sealed_record_it_already_sent(
    org: Org, robins_members: list[str]
) -> None:
    record_id, held = _sent_and_filed(org)
    laptop = org.robin.store
    with laptop.transaction():
        assert laptop.delete("sealed_records", record_id)

    [result] = org.to_coordinator(org.robin)

    assert result.refused is None
    assert result.intake is not None
    assert result.intake.skipped >= 1
    assert result.intake.deleted == 0
    _still_holds(org, record_id, held)


def _sams_debrief_filed(org: Org) -> str:
    make_session(org.coordinator, org.sams_group.id)
    org.to_laptop(org.sam)
    sams_id = _submit_debrief(org, org.sam, org.sams_group.id)
    org.to_coordinator(org.sam)
    assert [line.id for line in inbox.inbox(org.coordinator)] == [sams_id]
    return sams_id


def test_an_addendum_to_someone_elses_record_is_refused(debrief_forgery: Forgery) -> None:
    """Robin's laptop seals an addendum to Sam's debrief: the app never makes one."""
    org = debrief_forgery.org
    sams_id = _sams_debrief_filed(org)
    record = debrief_forgery.record
    addendum = dataclasses.replace(
        record,
        kind=RecordKind.DEBRIEF_ADDENDUM,
        values={
            "debrief_id": sams_id,
            "text": "Sam got this wrong.",
            "written_at": record.sealed_at,
            "author_id": record.author_id,
        },
    )
    envelope = seal(
        addendum, keyring.device_keys(org.robin.store), organisation_recipient(org.robin)
    )

    def change(fields: dict[str, list[Any]]) -> None:
        fields["kind"][0] = RecordKind.DEBRIEF_ADDENDUM.value
        fields["envelope"][0] = envelope

    coordinator = org.coordinator
    message = refused(coordinator, debrief_forgery.rebuilt(change))

    assert "someone else's record" in message
    assert [line.id for line in inbox.inbox(coordinator)] == [sams_id]
    assert inbox.open_record(coordinator, sams_id).debrief.addenda == ()  # type: ignore[union-attr]


def test_a_record_reusing_the_id_of_one_written_at_the_coordinator_is_refused(
    debrief_forgery: Forgery,
) -> None:
    org = debrief_forgery.org
    coordinator = org.coordinator
    session = make_session(coordinator, org.sams_group.id)
    own = debriefs.start_debrief(coordinator, session.id)
    debriefs.submit(coordinator, own.id, FIELDS)
    record = dataclasses.replace(debrief_forgery.record, record_id=own.id)
    envelope = seal(record, keyring.device_keys(org.robin.store), organisation_recipient(org.robin))
    rows = copy.deepcopy(debrief_forgery.opened.operations()["rows"])
    row = debrief_forgery.sealed_row(rows)
    row[1] = own.id
    row[4]["envelope"][0] = envelope
    data = reseal(
        debrief_forgery.opened,
        keyring.device_keys(org.robin.store),
        organisation_recipient(org.robin),
        rows=rows,
    )

    message = refused(coordinator, data)

    assert "another record's id" in message
    (line,) = inbox.inbox(coordinator)
    assert (line.id, line.author_id) == (own.id, coordinator.facts.owner_person_id)
