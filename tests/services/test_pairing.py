"""Pairing a facilitator's laptop: invitation, join, the fingerprint check, accept, retire."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator_app.domain.errors import NotFound, NotPermitted, ValidationError
from facilitator_app.domain.facilitators import Availability
from facilitator_app.services import facilitators, pairing
from facilitator_app.services import sync as sync_service
from facilitator_app.services.pairing import DeviceStatus, JoinRequest, join_organisation
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.store import Store
from facilitator_app.sync import keyring
from tests.factories import PASSPHRASE, FakeClock, make_group, make_person, snapshot
from tests.sync_setup import carry, give_groups, join, new_coordinator

DAY = 24 * 60 * 60


@pytest.fixture
def coordinator(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    store = new_coordinator(tmp_path / "coordinator", clock)
    yield store
    store.close()


@pytest.fixture
def robin_id(coordinator: Store) -> str:
    return make_person(coordinator, name="Robin").id


@pytest.fixture
def invitation(coordinator: Store, robin_id: str, tmp_path: Path) -> Path:
    return pairing.invite(coordinator, robin_id, tmp_path / "robin.fainvite").path


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    """Laptop stores a test opened, closed afterwards."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


def join_from(
    invitation: Path, folder: Path, clock: FakeClock, opened: list[Store], name: str = "Robin"
) -> Store:
    store = join_organisation(
        JoinRequest(folder, invitation, name, PASSPHRASE, PASSPHRASE), kdf=KdfParams(), clock=clock
    )
    opened.append(store)
    return store


def hello(laptop: Store, coordinator: Store, tmp: Path) -> sync_service.FileResult:
    [result] = carry(laptop, coordinator, tmp)
    return result


def refused_hello(laptop: Store, coordinator: Store, tmp: Path) -> str:
    before = snapshot(coordinator)
    result = hello(laptop, coordinator, tmp)
    assert snapshot(coordinator) == before
    assert result.intake is None
    assert result.refused is not None
    return result.refused


# --- the whole pairing ----------------------------------------------------------------


def test_a_laptop_joins_and_is_taken_in_only_once_accepted(
    coordinator: Store,
    robin_id: str,
    invitation: Path,
    tmp_path: Path,
    clock: FakeClock,
    opened: list[Store],
) -> None:
    read = pairing.read_invitation(invitation, clock=clock)
    assert read.organisation == "Riverside Peer Support"
    assert read.expires_at == clock.now + dt.timedelta(days=14)
    laptop = join_from(invitation, tmp_path / "robin", clock, opened)
    assert laptop.facts.owner_person_id == robin_id
    assert pairing.is_paired(laptop)
    assert pairing.waiting_to_join(laptop)
    facilitators.save_availability(laptop, robin_id, Availability(frozenset({1})))

    first = hello(laptop, coordinator, tmp_path)

    assert first.intake is not None
    waiting = first.intake.waiting
    assert waiting is not None
    assert waiting.fingerprint == pairing.own_fingerprint(laptop)
    [device] = pairing.list_devices(coordinator)
    assert (device.id, device.status, device.name) == (
        laptop.facts.device_id,
        DeviceStatus.PENDING,
        "Robin",
    )
    assert device.fingerprint == pairing.own_fingerprint(laptop)
    # Still waiting: nothing the laptop sent is taken in.
    assert hello(laptop, coordinator, tmp_path).intake.waiting is not None  # type: ignore[union-attr]
    assert facilitators.get_profile(coordinator, robin_id).availability == Availability()

    accepted = pairing.accept_device(coordinator, device.id)

    assert accepted.status is DeviceStatus.ACTIVE
    taken = hello(laptop, coordinator, tmp_path)
    assert taken.intake is not None
    assert taken.intake.waiting is None
    assert facilitators.get_profile(coordinator, robin_id).availability == Availability(
        frozenset({1})
    )
    group = make_group(coordinator, name="Tuesday evening group")
    give_groups(coordinator, robin_id, group.id)
    carry(coordinator, laptop, tmp_path)
    assert not pairing.waiting_to_join(laptop)
    [coordinators_device] = pairing.list_devices(laptop)
    assert coordinators_device.fingerprint == pairing.own_fingerprint(coordinator)


def test_an_invitation_pairs_one_laptop_only(
    coordinator: Store, invitation: Path, tmp_path: Path, clock: FakeClock, opened: list[Store]
) -> None:
    first = join_from(invitation, tmp_path / "first", clock, opened)
    second = join_from(invitation, tmp_path / "second", clock, opened)
    assert hello(first, coordinator, tmp_path).intake is not None

    message = refused_hello(second, coordinator, tmp_path)
    assert message == "That invitation was already used by another laptop."

    pairing.accept_device(coordinator, first.facts.device_id)
    assert refused_hello(second, coordinator, tmp_path) == message
    assert [d.id for d in pairing.list_devices(coordinator)] == [first.facts.device_id]


def test_an_expired_invitation_is_refused_when_joining(
    coordinator: Store, robin_id: str, tmp_path: Path, clock: FakeClock
) -> None:
    made = pairing.invite(coordinator, robin_id, tmp_path, days=1)
    later = FakeClock(clock.now + dt.timedelta(days=2))

    with pytest.raises(ValidationError) as caught:
        pairing.read_invitation(made.path, clock=later)
    assert caught.value.message == (
        "That invitation expired on 2025-03-15. Ask your coordinator for a new one."
    )
    with pytest.raises(ValidationError):
        join_from(made.path, tmp_path / "robin", later, [])
    assert not (tmp_path / "robin").exists()


def test_an_invitation_that_expires_before_it_reaches_the_coordinator_is_refused(
    coordinator: Store, robin_id: str, tmp_path: Path, clock: FakeClock, opened: list[Store]
) -> None:
    made = pairing.invite(coordinator, robin_id, tmp_path, days=1)
    laptop = join_from(made.path, tmp_path / "robin", clock, opened)
    clock.advance(2 * DAY)

    message = refused_hello(laptop, coordinator, tmp_path)

    assert message == "That invitation expired on 2025-03-15. Make a new one."


def test_a_changed_invitation_is_refused(
    invitation: Path, tmp_path: Path, clock: FakeClock
) -> None:
    good = invitation.read_bytes()
    changed = tmp_path / "changed.fainvite"
    messages = set()
    for position in range(len(good)):
        damaged = bytearray(good)
        damaged[position] ^= 0x01
        changed.write_bytes(bytes(damaged))
        with pytest.raises(ValidationError) as caught:
            pairing.read_invitation(changed, clock=clock)
        messages.add(caught.value.message)
    assert messages <= {
        "That invitation is damaged or was changed.",
        "That file is not an invitation from facilitator_app.",
        "That invitation was made by a newer version of the app. Update first.",
    }
    assert "That invitation is damaged or was changed." in messages


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("person_id", "someone-else"),
        ("expires_at", "2099-01-01T00:00:00+00:00"),
        ("token", "a-token-of-my-own"),
        ("organisation", "Another charity"),
    ],
)
def test_an_invitation_with_a_field_changed_is_refused(
    invitation: Path, tmp_path: Path, clock: FakeClock, field: str, value: str
) -> None:
    document = json.loads(invitation.read_bytes())
    document[field] = value
    invitation.write_text(json.dumps(document))

    with pytest.raises(ValidationError) as caught:
        join_from(invitation, tmp_path / "robin", clock, [])

    assert caught.value.message == "That invitation is damaged or was changed."
    assert not (tmp_path / "robin").exists()


def test_files_that_are_not_invitations_are_refused(tmp_path: Path, clock: FakeClock) -> None:
    cases = {
        "missing.fainvite": None,
        "empty.fainvite": b"",
        "list.fainvite": b"[1, 2]",
        "huge.fainvite": b" " * (pairing.MAX_INVITATION_BYTES + 1),
        "newer.fainvite": json.dumps({"kind": pairing.INVITATION_KIND, "format": 2}).encode(),
    }
    messages = {}
    for name, data in cases.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
        with pytest.raises(ValidationError) as caught:
            pairing.read_invitation(tmp_path / name, clock=clock)
        messages[name] = caught.value.message
    assert messages == {
        "missing.fainvite": f"There is no file at {tmp_path / 'missing.fainvite'}.",
        "empty.fainvite": "That file is not an invitation from facilitator_app.",
        "list.fainvite": "That file is not an invitation from facilitator_app.",
        "huge.fainvite": "That file is too large to be an invitation.",
        "newer.fainvite": "That invitation was made by a newer version of the app. Update first.",
    }


def test_a_join_request_with_a_changed_person_or_token_is_refused(
    coordinator: Store, invitation: Path, tmp_path: Path, clock: FakeClock, opened: list[Store]
) -> None:
    laptop = join_from(invitation, tmp_path / "robin", clock, opened)
    request = keyring.pending_join(laptop)
    assert request is not None
    other = make_person(coordinator, name="Sam").id
    for changes, message in (
        ({"person_id": other}, "This laptop's invitation is for someone else."),
        ({"token": "guessed"}, "This laptop joined with an invitation this store did not make."),
        (
            {"invitation_id": "made-up"},
            "This laptop joined with an invitation this store did not make.",
        ),
    ):
        with laptop.transaction():
            keyring.save_pending_join(laptop, {**request, **changes})
        assert refused_hello(laptop, coordinator, tmp_path) == message


# --- accepting and retiring -----------------------------------------------------------


@pytest.fixture
def two_laptops(
    coordinator: Store, tmp_path: Path, clock: FakeClock, opened: list[Store]
) -> tuple[Store, Store]:
    laptops = []
    for name in ("Robin", "Sam"):
        laptop = join(coordinator, tmp_path / name, name, clock, tmp=tmp_path)
        opened.append(laptop.store)
        laptops.append(laptop.store)
    return laptops[0], laptops[1]


def test_a_retired_laptop_is_left_out_of_exports(
    coordinator: Store, two_laptops: tuple[Store, Store], tmp_path: Path
) -> None:
    robin, _ = two_laptops
    retired = pairing.revoke_device(coordinator, robin.facts.device_id)
    assert retired.status is DeviceStatus.REVOKED
    assert retired.revoked_at == "2025-03-14T12:00:00+00:00"

    folder = tmp_path / "stick"
    folder.mkdir()
    exported = sync_service.export_bundles(coordinator, folder)

    assert [e.recipient for e in exported] == ["Sam"]
    with pytest.raises(NotFound):
        sync_service.export_bundles(coordinator, folder, only="Robin")
    with pytest.raises(ValidationError) as caught:
        pairing.revoke_device(coordinator, robin.facts.device_id)
    assert caught.value.message == "Robin's laptop was already retired."
    overview = {line.name: line.status for line in sync_service.sync_overview(coordinator)}
    assert overview == {"Robin": "revoked", "Sam": "active"}


def test_only_a_waiting_laptop_can_be_accepted(
    coordinator: Store, two_laptops: tuple[Store, Store]
) -> None:
    robin, _ = two_laptops
    with pytest.raises(ValidationError) as caught:
        pairing.accept_device(coordinator, robin.facts.device_id)
    assert caught.value.message == "Robin's laptop is not waiting to be accepted."


def test_a_device_is_found_by_the_start_of_its_id(
    coordinator: Store, two_laptops: tuple[Store, Store]
) -> None:
    robin, _ = two_laptops
    device_id = robin.facts.device_id
    assert pairing.device_or_refuse(coordinator, device_id[:8]).id == device_id
    with pytest.raises(NotFound):
        pairing.device_or_refuse(coordinator, device_id[:3])
    with pytest.raises(NotFound) as caught:
        pairing.revoke_device(coordinator, "no-such-laptop")
    assert "There is no paired laptop 'no-such-laptop'" in caught.value.message


def test_a_facilitators_laptop_cannot_invite_accept_or_retire(
    coordinator: Store, two_laptops: tuple[Store, Store], tmp_path: Path
) -> None:
    robin, sam = two_laptops
    for attempt in (
        lambda: pairing.invite(robin, robin.facts.owner_person_id, tmp_path),
        lambda: pairing.accept_device(robin, sam.facts.device_id),
        lambda: pairing.revoke_device(robin, coordinator.facts.device_id),
    ):
        with pytest.raises(NotPermitted):
            attempt()


def test_an_invitation_is_checked_before_it_is_written(
    coordinator: Store, robin_id: str, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError):
        pairing.invite(coordinator, robin_id, tmp_path, days=0)
    with pytest.raises(ValidationError):
        pairing.invite(coordinator, robin_id, tmp_path, days=91)
    with pytest.raises(ValidationError):
        pairing.invite(coordinator, robin_id, tmp_path / "no-folder" / "x.fainvite")
    taken = tmp_path / "taken.fainvite"
    taken.write_text("mine")
    with pytest.raises(ValidationError):
        pairing.invite(coordinator, robin_id, taken)
    assert taken.read_text() == "mine"
    with pytest.raises(NotFound):
        pairing.invite(coordinator, "nobody", tmp_path)
    assert coordinator.conn.execute("SELECT count(*) FROM invitations").fetchone() == (0,)
