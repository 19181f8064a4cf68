"""Paired stores for sync tests: a coordinator and facilitators joined by invitation.

Stores here are made fresh (never copied from the template store): copies would
share one device id and one set of keys, which sync rightly tells apart.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.services import facilitators, pairing
from facilitator_app.services import sync as sync_service
from facilitator_app.services.pairing import JoinRequest, join_organisation
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.store import Store
from tests.factories import PASSPHRASE, FakeClock, make_person, make_store

_sticks = itertools.count(1)


@dataclass
class Laptop:
    store: Store
    person_id: str
    device_id: str


def new_coordinator(folder: Path, clock: FakeClock) -> Store:
    return make_store(folder, clock=clock)


def join(coordinator: Store, folder: Path, name: str, clock: FakeClock, *, tmp: Path) -> Laptop:
    """Invite `name`, join from a new store, and accept it: a fully paired laptop."""
    person = make_person(coordinator, name=name)
    invitation = pairing.invite(coordinator, person.id, tmp / f"invite-{next(_sticks)}.fainvite")
    store = join_organisation(
        JoinRequest(folder, invitation.path, name, PASSPHRASE, PASSPHRASE),
        kdf=KdfParams(),
        clock=clock,
    )
    hello = carry(store, coordinator, tmp)
    waiting = hello[0].intake
    assert waiting is not None
    assert waiting.waiting is not None
    pairing.accept_device(coordinator, waiting.waiting.device_id)
    carry(store, coordinator, tmp, folder=hello[0].path.parent)
    return Laptop(store, person.id, store.facts.device_id)


def carry(
    sender: Store,
    receiver: Store,
    tmp: Path,
    *,
    folder: Path | None = None,
    only: str | None = None,
) -> list[sync_service.FileResult]:
    """Export from `sender` onto a fresh stick folder and import it all at `receiver`.

    With `folder`, import what is already on that stick instead of exporting.
    """
    if folder is None:
        folder = tmp / f"stick-{next(_sticks)}"
        folder.mkdir()
        sync_service.export_bundles(sender, folder, only=only)
    return sync_service.import_bundles(receiver, [folder])


def give_groups(coordinator: Store, person_id: str, *group_ids: str) -> None:
    facilitators.set_groups(coordinator, person_id, list(group_ids))
