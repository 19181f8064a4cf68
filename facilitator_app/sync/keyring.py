"""Where a store keeps its identities: private keys only inside the encrypted meta table."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.errors import SyncError
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.sync.identity import KeyPair, fingerprint, signed, verified

ORGANISATION = "organisation"


@dataclass(frozen=True)
class OrganisationKeys:
    """What every paired store knows of the organisation: its public keys."""

    sign_public: str
    age_recipient: str


def device_keys(store: Store) -> KeyPair:
    """This store's device identity, made the first time it is needed."""
    seed = store.meta("device_sign_seed")
    age = store.meta("device_age_identity")
    if seed and age:
        return KeyPair(seed, age)
    keys = KeyPair.generate()
    with _written(store):
        store.set_meta("device_sign_seed", keys.sign_seed)
        store.set_meta("device_age_identity", keys.age_identity)
    return keys


def own_fingerprint(store: Store) -> str:
    keys = device_keys(store)
    return fingerprint(store.facts.device_id, keys.sign_public, keys.age_recipient)


def organisation_keys(store: Store) -> KeyPair:
    """The organisation identity; only a coordinator store holds it (made on first use)."""
    if store.facts.role is not StoreRole.COORDINATOR:
        raise SyncError("Only a coordinator's store holds the organisation's keys.")
    seed = store.meta("org_sign_seed")
    age = store.meta("org_age_identity")
    if seed and age:
        return KeyPair(seed, age)
    keys = KeyPair.generate()
    with _written(store):
        store.set_meta("org_sign_seed", keys.sign_seed)
        store.set_meta("org_age_identity", keys.age_identity)
    return keys


def organisation_public(store: Store) -> OrganisationKeys | None:
    """The organisation's public keys, or None for a store not joined to one."""
    if store.facts.role is StoreRole.COORDINATOR:
        keys = organisation_keys(store)
        return OrganisationKeys(keys.sign_public, keys.age_recipient)
    sign_public = store.meta("org_sign_public")
    age_recipient = store.meta("org_age_recipient")
    if not sign_public or not age_recipient:
        return None
    return OrganisationKeys(sign_public, age_recipient)


def save_organisation_public(store: Store, keys: OrganisationKeys) -> None:
    store.set_meta("org_sign_public", keys.sign_public)
    store.set_meta("org_age_recipient", keys.age_recipient)


def coordinator_certificate(store: Store) -> dict[str, Any]:
    """This coordinator device's keys, signed by the organisation: how facilitators trust it."""
    me = device_keys(store)
    payload = {
        "device": store.facts.device_id,
        "role": StoreRole.COORDINATOR.value,
        "sign_public": me.sign_public,
        "age_recipient": me.age_recipient,
    }
    return signed(payload, organisation_keys(store))


def certified_device(certificate: Any, organisation: OrganisationKeys) -> dict[str, Any] | None:
    payload = verified(certificate, organisation.sign_public)
    if payload is None or payload.get("role") != StoreRole.COORDINATOR.value:
        return None
    if not all(isinstance(payload.get(k), str) for k in ("device", "sign_public", "age_recipient")):
        return None
    return payload


def pending_join(store: Store) -> dict[str, Any] | None:
    """The invitation answer a new facilitator store sends until the coordinator replies."""
    text = store.meta("join_request")
    return None if not text else dict(json.loads(text))


def save_pending_join(store: Store, join: dict[str, Any] | None) -> None:
    if join is None:
        store.conn.execute("DELETE FROM meta WHERE key = 'join_request'")
    else:
        store.set_meta("join_request", json.dumps(join))


@contextlib.contextmanager
def _written(store: Store) -> Iterator[None]:
    """Keys made on first use join a transaction already open, or get their own."""
    if store.conn.in_transaction:
        yield
        return
    with store.transaction():
        yield
