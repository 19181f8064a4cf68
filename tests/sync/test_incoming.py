"""Taking in a bundle: every bad file is refused with one clear line and changes nothing."""

from __future__ import annotations

import struct
from pathlib import Path

import pyrage
import pytest

from facilitator_app.domain.facilitators import Availability
from facilitator_app.services import facilitators, pairing
from facilitator_app.services import sync as sync_service
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.store import new_id
from facilitator_app.sync import bundle_file, incoming, keyring, stick
from facilitator_app.sync.identity import KeyPair
from tests.factories import PASSPHRASE, FakeClock, make_group, make_member, make_person, snapshot
from tests.sync.helpers import (
    Org,
    assert_unchanged,
    laptop_recipient,
    open_with,
    organisation_recipient,
    refused,
    refused_file,
    reseal,
)
from tests.sync_setup import Laptop, new_coordinator

DAY = 24 * 60 * 60


def robin_changes_availability(org: Org, weekdays: set[int]) -> None:
    facilitators.save_availability(
        org.robin.store, org.robin.person_id, Availability(frozenset(weekdays), 2)
    )


def robins_bundle(org: Org) -> Path:
    """A bundle from Robin's laptop to the organisation, holding one change."""
    robin_changes_availability(org, {1, 3})
    [path] = org.export(org.robin.store)
    return path


def bundle_for_robin(org: Org) -> Path:
    """A small bundle from the coordinator to Robin (acknowledgements settled first)."""
    org.round_trip(org.robin)
    make_group(org.coordinator, name="Not Robin's")  # something new, though not for Robin
    facilitators.save_details(org.coordinator, org.robin.person_id, "Robin", "Email only")
    [path] = org.export(org.coordinator, only=org.robin.device_id)
    return path


# --- the same bundle, or the same number ----------------------------------------------


def test_the_same_bundle_twice_changes_nothing_the_second_time(org: Org) -> None:
    path = robins_bundle(org)
    [first] = sync_service.import_bundles(org.coordinator, [path])
    assert first.intake is not None
    assert first.intake.changed == 1
    assert not first.intake.duplicate
    before = snapshot(org.coordinator)

    [second] = sync_service.import_bundles(org.coordinator, [path])

    assert second.refused is None
    assert second.intake is not None
    assert second.intake.duplicate
    assert second.intake.sender_name == "Robin"
    assert_unchanged(org.coordinator, before)


def test_a_different_bundle_with_a_number_already_taken_in_is_refused(org: Org) -> None:
    path = robins_bundle(org)
    sync_service.import_bundles(org.coordinator, [path])
    opened = open_with(org.coordinator, path.read_bytes())
    rows = opened.operations()["rows"]
    people = next(row for row in rows if row[0] == "people")
    people[4]["usual_weekdays"][0] = "0,1,2,3,4,5,6"
    forged = reseal(
        opened, keyring.device_keys(org.robin.store), organisation_recipient(org.robin), rows=rows
    )

    message = refused(org.coordinator, forged)

    assert f"A different bundle numbered {opened.header.sequence} from Robin" in message
    assert "Tell your coordinator" in message


def test_a_copy_with_only_a_new_bundle_id_is_refused_as_different(org: Org) -> None:
    path = robins_bundle(org)
    sync_service.import_bundles(org.coordinator, [path])
    opened = open_with(org.coordinator, path.read_bytes())
    copy = reseal(opened, keyring.device_keys(org.robin.store), organisation_recipient(org.robin))

    assert "already imported" in refused(org.coordinator, copy)


# --- who sent it ----------------------------------------------------------------------


def test_a_bundle_from_a_laptop_nobody_paired_is_refused(org: Org) -> None:
    opened = open_with(org.coordinator, robins_bundle(org).read_bytes())
    stranger = reseal(
        opened, KeyPair.generate(), organisation_recipient(org.robin), sender=new_id(), join=None
    )

    assert "not paired with this organisation" in refused(org.coordinator, stranger)


def test_a_laptop_refuses_a_bundle_from_another_organisations_coordinator(
    org: Org, tmp_path: Path, clock: FakeClock
) -> None:
    elsewhere = new_coordinator(tmp_path / "elsewhere", clock)
    try:
        opened = open_with(org.robin.store, bundle_for_robin(org).read_bytes())
        forged = reseal(
            opened,
            keyring.device_keys(elsewhere),
            laptop_recipient(org.robin),
            sender=elsewhere.facts.device_id,
            certificate=keyring.coordinator_certificate(elsewhere),
        )
    finally:
        elsewhere.close()

    assert "not from your organisation's coordinator" in refused(org.robin.store, forged)


def test_a_bundle_from_a_retired_laptop_is_refused(org: Org) -> None:
    path = robins_bundle(org)
    pairing.revoke_device(org.coordinator, org.robin.device_id)

    message = refused_file(org.coordinator, path)

    assert "Robin's laptop, which was retired on 2025-03-14" in message
    assert "Nothing was taken in" in message


def test_a_bundle_for_one_facilitator_is_refused_by_another(org: Org) -> None:
    stick_folder = org.stick()
    assert len(sync_service.export_bundles(org.coordinator, stick_folder)) == 2
    for_robin = next(p for p in stick_folder.iterdir() if _for(org.robin, p))

    message = refused_file(org.sam.store, for_robin)

    assert "not addressed to this store" in message


def test_in_a_folder_another_laptops_bundle_is_passed_over_quietly(org: Org) -> None:
    stick_folder = org.stick()
    assert len(sync_service.export_bundles(org.coordinator, stick_folder)) == 2
    for_robin = next(p for p in stick_folder.iterdir() if _for(org.robin, p))
    for_sam = next(p for p in stick_folder.iterdir() if p != for_robin)

    results = {r.path: r for r in sync_service.import_bundles(org.sam.store, [stick_folder])}

    assert results[for_robin].not_for_us
    assert results[for_robin].refused is None
    assert results[for_robin].intake is None
    assert results[for_sam].intake is not None
    assert results[for_sam].refused is None

    only_robins = org.stick()
    for_robin.rename(only_robins / for_robin.name)
    before = snapshot(org.sam.store)
    [result] = sync_service.import_bundles(org.sam.store, [only_robins])
    assert result.not_for_us
    assert_unchanged(org.sam.store, before)


def test_a_laptop_cannot_take_in_another_laptops_bundle_to_the_organisation(org: Org) -> None:
    path = robins_bundle(org)

    assert "not addressed to this store" in refused_file(org.sam.store, path)


def _for(laptop: Laptop, path: Path) -> bool:
    try:
        open_with(laptop.store, path.read_bytes())
    except Exception:
        return False
    return True


# --- signatures and versions ----------------------------------------------------------


def test_a_bundle_signed_with_another_key_is_refused(org: Org) -> None:
    opened = open_with(org.coordinator, robins_bundle(org).read_bytes())
    forged = reseal(opened, KeyPair.generate(), organisation_recipient(org.robin))

    message = refused(org.coordinator, forged)

    assert "signature does not match the laptop it says it is from" in message


def test_a_laptop_refuses_a_coordinator_bundle_signed_with_another_key(org: Org) -> None:
    opened = open_with(org.robin.store, bundle_for_robin(org).read_bytes())
    forged = reseal(opened, KeyPair.generate(), laptop_recipient(org.robin))

    assert "signature does not match" in refused(org.robin.store, forged)


def test_a_body_swapped_under_a_signed_header_is_refused(org: Org) -> None:
    """Anyone may encrypt to the organisation; only the signed header vouches for the body."""
    opened = open_with(org.coordinator, robins_bundle(org).read_bytes())
    rows = opened.operations()["rows"]
    rows[0][4] = {}
    body = bundle_file.body_bytes({"rows": rows})
    plain = opened.signed_part + opened.signature + struct.pack(">Q", len(body)) + body
    plain += struct.pack(">I", 0)
    recipient = pyrage.x25519.Recipient.from_str(organisation_recipient(org.robin))
    swapped = bytes(pyrage.encrypt(plain, [recipient]))

    assert "do not match its signed header" in refused(org.coordinator, swapped)


def test_a_bundle_from_a_newer_app_is_refused(org: Org) -> None:
    opened = open_with(org.coordinator, robins_bundle(org).read_bytes())
    newer = reseal(
        opened,
        keyring.device_keys(org.robin.store),
        organisation_recipient(org.robin),
        format=bundle_file.FORMAT_VERSION + 1,
    )

    message = refused(org.coordinator, newer)

    assert "made by a newer version of the app" in message
    assert "Update the app" in message


# --- damaged files --------------------------------------------------------------------


def test_a_bundle_cut_short_at_any_byte_is_refused(org: Org) -> None:
    data = bundle_for_robin(org).read_bytes()
    assert len(data) < 16 * 1024, "the test wants a small bundle"
    before = snapshot(org.robin.store)

    messages = set()
    for length in range(len(data)):
        with pytest.raises(bundle_file.BundleRefused) as caught:
            incoming.take_in(org.robin.store, data[:length])
        messages.add(caught.value.message)

    assert_unchanged(org.robin.store, before)
    assert all(m.strip() and "\n" not in m for m in messages)
    assert any("damaged or incomplete" in m for m in messages)
    # and the whole file is still good
    assert incoming.take_in(org.robin.store, data).changed >= 1


def test_bytes_added_after_a_bundle_are_refused(org: Org) -> None:
    data = bundle_for_robin(org).read_bytes()

    for junk in (b"\n", b"\x00" * 100, b"more stuff" * 1000):
        assert "damaged or incomplete" in refused(org.robin.store, data + junk)


def test_bytes_after_the_padding_inside_the_encryption_are_refused(org: Org) -> None:
    opened = open_with(org.robin.store, bundle_for_robin(org).read_bytes())
    plain = opened.signed_part + opened.signature + struct.pack(">Q", len(opened.body))
    plain += opened.body + struct.pack(">I", 3) + b"pad" + b"extra"
    recipient = pyrage.x25519.Recipient.from_str(laptop_recipient(org.robin))
    data = bytes(pyrage.encrypt(plain, [recipient]))

    assert "extra bytes after its end" in refused(org.robin.store, data)


def test_an_empty_file_is_refused(org: Org) -> None:
    empty = org.stick() / bundle_file.new_bundle_name()
    empty.write_bytes(b"")

    assert "The file is empty" in refused(org.robin.store, b"")
    assert "The file is empty" in refused_file(org.robin.store, empty)


def test_a_file_far_too_large_is_refused_unread(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    path = bundle_for_robin(org)
    data = path.read_bytes()
    monkeypatch.setattr(bundle_file, "MAX_FILE_BYTES", len(data) - 1)
    monkeypatch.setattr(stick, "MAX_FILE_BYTES", len(data) - 1)

    assert "far larger than any bundle" in refused(org.robin.store, data)

    def no_reading(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    assert "far larger than any bundle" in refused_file(org.robin.store, path)


def test_a_bundle_with_bits_flipped_anywhere_is_refused(org: Org) -> None:
    data = bundle_for_robin(org).read_bytes()
    before = snapshot(org.robin.store)

    positions = [*range(0, 300), *range(300, len(data), 37), len(data) - 1]
    for position in positions:
        damaged = bytearray(data)
        damaged[position] ^= 1 << (position % 8)
        with pytest.raises(bundle_file.BundleRefused) as caught:
            incoming.take_in(org.robin.store, bytes(damaged))
        assert caught.value.message.strip()

    assert_unchanged(org.robin.store, before)


def test_a_file_that_is_not_a_bundle_is_refused(org: Org) -> None:
    for data in (b"hello", b"age-encryption.org/v1\n", b"FABUNDLE" + b"\x00" * 200):
        assert refused(org.robin.store, data)
    recipient = pyrage.x25519.Recipient.from_str(laptop_recipient(org.robin))
    not_ours = bytes(pyrage.encrypt(b"a note, not a bundle", [recipient]))
    assert "not a facilitator_app bundle" in refused(org.robin.store, not_ours)


# --- previews -------------------------------------------------------------------------


def test_a_preview_says_what_an_import_would_do_and_changes_nothing(org: Org) -> None:
    org.round_trip(org.robin)
    for name in ("Alex", "Jo"):
        make_member(org.coordinator, org.robins_group.id, name=name)
    facilitators.save_details(org.coordinator, org.robin.person_id, "Robin", "Email only")
    [path] = org.export(org.coordinator, only=org.robin.device_id)
    before = snapshot(org.robin.store)

    [preview] = sync_service.import_bundles(org.robin.store, [path], preview=True)

    assert preview.intake is not None
    assert (preview.intake.added, preview.intake.changed) == (2, 1)
    assert_unchanged(org.robin.store, before)
    [taken] = sync_service.import_bundles(org.robin.store, [path])
    assert taken.intake == preview.intake


def test_a_preview_of_a_laptop_asking_to_join_records_nothing(
    org: Org, tmp_path: Path, clock: FakeClock
) -> None:
    person = make_person(org.coordinator, name="Kim")
    invitation = pairing.invite(org.coordinator, person.id, tmp_path / "kim.fainvite")
    kim = pairing.join_organisation(
        pairing.JoinRequest(tmp_path / "kim", invitation.path, "Kim", PASSPHRASE, PASSPHRASE),
        kdf=KdfParams(),
        clock=clock,
    )
    try:
        [path] = org.export(kim)
    finally:
        kim.close()
    before = snapshot(org.coordinator)

    [preview] = sync_service.import_bundles(org.coordinator, [path], preview=True)

    assert preview.intake is not None
    assert preview.intake.waiting is not None
    assert preview.intake.waiting.name == "Kim"
    assert_unchanged(org.coordinator, before)
