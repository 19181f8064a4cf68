"""A small organisation for sync tests: a coordinator and two paired facilitators.

Robin and Sam each work with a group of their own. The organisation is built once
per run, fresh (see tests/sync_setup.py), and each test opens a copy of all its
stores together: within one test every device id and key is its own, and the
copies skip the second of key derivation each new store costs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app.domain.groups import Group
from facilitator_app.store.keys import KeyFile
from facilitator_app.store.store import Store
from tests.factories import PASSPHRASE, FakeClock, make_group, make_member, make_session
from tests.sync.helpers import Org
from tests.sync_setup import Laptop, give_groups, join, new_coordinator

STORES = ("coordinator", "robin", "sam")


@dataclass(frozen=True)
class TemplateOrg:
    folder: Path
    data_keys: dict[str, bytes]
    robin: tuple[str, str]  # person id, device id
    sam: tuple[str, str]
    robins_group: Group
    sams_group: Group


@pytest.fixture(scope="session")
def template_org(tmp_path_factory: pytest.TempPathFactory) -> TemplateOrg:
    folder = tmp_path_factory.mktemp("template-org")
    clock = FakeClock()
    coordinator = new_coordinator(folder / "coordinator", clock)
    robin = join(coordinator, folder / "robin", "Robin", clock, tmp=folder)
    sam = join(coordinator, folder / "sam", "Sam", clock, tmp=folder)
    robins_group = make_group(coordinator, name="Tuesday evening group")
    sams_group = make_group(coordinator, name="Thursday afternoon group")
    give_groups(coordinator, robin.person_id, robins_group.id)
    give_groups(coordinator, sam.person_id, sams_group.id)
    for store in (coordinator, robin.store, sam.store):
        store.close()
    keys = {name: KeyFile.load(folder / name).unlock_with_passphrase(PASSPHRASE) for name in STORES}
    return TemplateOrg(
        folder,
        keys,
        (robin.person_id, robin.device_id),
        (sam.person_id, sam.device_id),
        robins_group,
        sams_group,
    )


@pytest.fixture
def robins_clock(clock: FakeClock) -> FakeClock:
    """Robin's laptop's clock: everyone's, unless a test module gives it its own."""
    return clock


@pytest.fixture
def org(
    tmp_path: Path, clock: FakeClock, robins_clock: FakeClock, template_org: TemplateOrg
) -> Iterator[Org]:
    clocks = {"coordinator": clock, "robin": robins_clock, "sam": clock}
    opened: dict[str, Store] = {}
    try:
        for name in STORES:
            shutil.copytree(template_org.folder / name, tmp_path / name)
            opened[name] = Store.open(
                tmp_path / name, template_org.data_keys[name], clock=clocks[name]
            )
    except BaseException:
        for store in opened.values():
            store.close()
        raise
    found = Org(
        opened["coordinator"],
        Laptop(opened["robin"], *template_org.robin),
        Laptop(opened["sam"], *template_org.sam),
        template_org.robins_group,
        template_org.sams_group,
        clock,
        tmp_path,
    )
    try:
        yield found
    finally:
        found.close()


@pytest.fixture
def robins_members(org: Org) -> list[str]:
    """Two members and a session in Robin's group, already on Robin's laptop."""
    ids = [
        make_member(org.coordinator, org.robins_group.id, name=name).id for name in ("Alex", "Jo")
    ]
    make_session(org.coordinator, org.robins_group.id)
    org.to_laptop(org.robin)
    return ids
