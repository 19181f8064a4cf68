"""Sync test helpers: a small organisation, refusals that must change nothing, and
ways to look inside bundles and to forge them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.domain.groups import Group
from facilitator_app.services import sync as sync_service
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.sync import bundle_file, incoming, keyring
from facilitator_app.sync.bundle_file import Header, OpenedBundle
from facilitator_app.sync.identity import KeyPair
from tests.factories import FakeClock, snapshot
from tests.sync_setup import Laptop, carry

# The bookkeeping tables a refused bundle must leave alone, besides the records.
SYNC_TABLES = ("row_state", "devices", "received_bundles", "outboxes", "meta", "conflicts")

_folders = itertools.count(1)


@dataclass
class Org:
    """A coordinator and the paired laptops of Robin and Sam, each with a group of their own."""

    coordinator: Store
    robin: Laptop
    sam: Laptop
    robins_group: Group
    sams_group: Group
    clock: FakeClock
    tmp: Path

    def close(self) -> None:
        for store in (self.coordinator, self.robin.store, self.sam.store):
            store.close()

    def stick(self) -> Path:
        folder = self.tmp / f"usb-{next(_folders)}"
        folder.mkdir()
        return folder

    def export(self, sender: Store, *, only: str | None = None) -> list[Path]:
        """Export from `sender` onto a new stick; the bundle files written."""
        folder = self.stick()
        return [e.path for e in sync_service.export_bundles(sender, folder, only=only)]

    def to_coordinator(self, laptop: Laptop) -> list[sync_service.FileResult]:
        return carry(laptop.store, self.coordinator, self.tmp)

    def to_laptop(self, laptop: Laptop) -> list[sync_service.FileResult]:
        return carry(self.coordinator, laptop.store, self.tmp, only=laptop.device_id)

    def round_trip(self, laptop: Laptop) -> None:
        """Laptop to coordinator, back, and once more so acknowledgements settle."""
        for result in [*self.to_coordinator(laptop), *self.to_laptop(laptop)]:
            assert result.refused is None, result.refused
        self.to_coordinator(laptop)


# --- refusals change nothing -------------------------------------------------------


def assert_unchanged(store: Store, before: dict[str, list[tuple[Any, ...]]]) -> None:
    after = snapshot(store)
    for table in SYNC_TABLES:
        assert table in after
    changed = sorted(t for t in after if after[t] != before.get(t))
    assert changed == [], f"a refused bundle changed {changed}"


def refused(store: Store, data: bytes) -> str:
    """take_in must refuse `data`, with a message, and change nothing; the message."""
    before = snapshot(store)
    with pytest.raises(BundleRefused) as caught:
        incoming.take_in(store, data)
    assert_unchanged(store, before)
    message = caught.value.message
    assert message.strip()
    assert "\n" not in message
    return message


def refused_file(store: Store, path: Path) -> str:
    """The import service must refuse the file at `path` and change nothing."""
    before = snapshot(store)
    [result] = sync_service.import_bundles(store, [path])
    assert_unchanged(store, before)
    assert result.intake is None
    assert not result.not_for_us
    assert result.refused is not None
    assert result.refused.strip()
    assert "\n" not in result.refused
    return result.refused


# --- looking inside bundles --------------------------------------------------------


def identities(store: Store) -> list[KeyPair]:
    found = [keyring.device_keys(store)]
    if store.facts.role is StoreRole.COORDINATOR:
        found.append(keyring.organisation_keys(store))
    return found


def open_with(store: Store, data: bytes) -> OpenedBundle:
    """Decrypt a bundle with the recipient's own keys, as a test looking inside."""
    return bundle_file.open_sealed(data, identities(store))


def rows_in(store: Store, path: Path) -> list[list[Any]]:
    rows: list[list[Any]] = open_with(store, path.read_bytes()).operations()["rows"]
    return rows


def plain_text(store: Store, path: Path) -> str:
    """Everything readable inside a bundle: its header and its decompressed body."""
    opened = open_with(store, path.read_bytes())
    body = zlib.decompress(opened.body).decode()
    return opened.signed_part.decode("utf-8", "replace") + body


def reseal(
    opened: OpenedBundle,
    signer: KeyPair,
    age_recipient: str,
    *,
    rows: list[list[Any]] | None = None,
    **header_changes: Any,
) -> bytes:
    """A bundle made from another's header, with other rows or header fields, re-signed."""
    body = opened.body if rows is None else bundle_file.body_bytes({"rows": rows})
    count = opened.header.operation_count if rows is None else len(rows)
    header: Header = dataclasses.replace(
        opened.header,
        bundle_id=uuid.uuid4().hex,
        operation_count=count,
        operations_hash=hashlib.sha256(body).hexdigest(),
        **header_changes,
    )
    return bundle_file.seal(header, body, signer, [age_recipient])


def organisation_recipient(laptop: Laptop) -> str:
    public = keyring.organisation_public(laptop.store)
    assert public is not None
    return public.age_recipient


def laptop_recipient(laptop: Laptop) -> str:
    return keyring.device_keys(laptop.store).age_recipient


def field_value(store: Store, table: str, row_id: str, name: str) -> Any:
    row = store.conn.execute(
        f"SELECT {name} FROM {table} WHERE id = ?",  # noqa: S608 - names from the test
        [row_id],
    ).fetchone()
    return None if row is None else row[0]
