"""The incident protocols: shipped ones, and a charity's own versions saved in the app."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, replace

from facilitator_app.documents.shipped import (
    DisclosureCard,
    shipped_disclosure_card,
    shipped_protocols,
)
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.protocols import Protocol, Step, check_protocol
from facilitator_app.store.protocol_rows import latest_versions, version_values
from facilitator_app.store.store import Store, new_id

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProtocolEntry:
    """One protocol as the editor shows it."""

    protocol: Protocol
    shipped: bool
    edited: bool
    retired: bool


def _shipped() -> dict[str, Protocol]:
    shipped = shipped_protocols()
    for problem in shipped.problems:
        _log.warning("protocol file left out: %s", problem)
    return {protocol.id: protocol for protocol in shipped.protocols}


def protocol_entries(store: Store | None) -> list[ProtocolEntry]:
    shipped = _shipped()
    stored = latest_versions(store.conn) if store is not None else {}
    entries = []
    for protocol_id in dict.fromkeys([*shipped, *stored]):
        saved = stored.get(protocol_id)
        if saved is None:
            entries.append(ProtocolEntry(shipped[protocol_id], True, False, False))
        else:
            entries.append(
                ProtocolEntry(saved.protocol, protocol_id in shipped, True, saved.retired)
            )
    entries.sort(key=lambda e: (e.protocol.order, e.protocol.title))
    return entries


def list_protocols(store: Store | None = None) -> list[Protocol]:
    """What the crisis screen offers: newest versions, retired ones left out."""
    return [e.protocol for e in protocol_entries(store) if not e.retired]


def protocol_problems() -> list[str]:
    """One line per protocol file that could not be used (shown to coordinators)."""
    return shipped_protocols().problems


def get_protocol(protocol_id: str, store: Store | None = None) -> Protocol:
    for entry in protocol_entries(store):
        if entry.protocol.id == protocol_id:
            return entry.protocol
    raise NotFound("That protocol is not available.")


def _next_version(store: Store, protocol_id: str) -> int:
    row = store.conn.execute(
        "SELECT MAX(version) FROM protocol_versions WHERE protocol_id = ?", [protocol_id]
    ).fetchone()
    shipped = _shipped().get(protocol_id)
    return max(row[0] or 0, shipped.version if shipped else 0) + 1


def _save_version(store: Store, protocol: Protocol, *, retired: bool) -> Protocol:
    with store.transaction():
        store.insert(
            "protocol_versions",
            new_id(),
            version_values(
                protocol,
                retired=retired,
                saved_at=store.now().isoformat(),
                author_id=store.facts.owner_person_id,
            ),
        )
    return protocol


def _new_id(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:30] or "protocol"
    return f"{slug}-{uuid.uuid4().hex[:6]}"


def save_protocol(
    store: Store,
    protocol_id: str | None,
    title: str,
    when: str,
    steps: list[Step],
    order: int | None = None,
) -> Protocol:
    """A new version of a protocol (or a new protocol when `protocol_id` is None)."""
    if protocol_id is None:
        last = max((e.protocol.order for e in protocol_entries(store)), default=0)
        draft = Protocol(_new_id(title), 1, title, when, order or last + 10, tuple(steps))
    else:
        current = get_protocol(protocol_id, store)
        draft = replace(
            current,
            version=_next_version(store, protocol_id),
            title=title,
            when=when,
            steps=tuple(steps),
            order=current.order if order is None else order,
        )
    return _save_version(store, check_protocol(draft), retired=False)


def retire_protocol(store: Store, protocol_id: str) -> Protocol:
    """Hide it from the crisis screen; its versions and the records that used them stay."""
    current = get_protocol(protocol_id, store)
    retired = replace(current, version=_next_version(store, protocol_id))
    return _save_version(store, retired, retired=True)


def restore_protocol(store: Store, protocol_id: str) -> Protocol:
    """Back to the shipped words (as a new version), or un-retire a charity's own."""
    shipped = _shipped().get(protocol_id)
    current = get_protocol(protocol_id, store)
    base = shipped if shipped is not None else current
    restored = replace(base, version=_next_version(store, protocol_id))
    return _save_version(store, restored, retired=False)


def disclosure_card() -> DisclosureCard:
    """What to do, and not do, when someone discloses abuse: one click from the list."""
    return shipped_disclosure_card()
