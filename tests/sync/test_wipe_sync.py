"""The wipe policy reaches laptops; a wiped laptop's report reaches the coordinator when
it joins again, is recorded in the audit log once, and retires the old laptop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import NotPermitted, StoreWiped, WrongPassphrase
from facilitator_app.services import audit, pairing, wipe
from facilitator_app.services import sync as sync_service
from facilitator_app.services.pairing import JoinRequest, join_organisation
from facilitator_app.services.stores import seconds_before_next_try, unlock_store
from facilitator_app.store import audit_rows
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.layout import WIPE_POLICY_NAME
from facilitator_app.store.store import Store
from facilitator_app.sync import wipe_reports
from facilitator_app.sync.device_rows import DeviceStatus
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE, make_member
from tests.sync.helpers import Org
from tests.sync_setup import carry

PSEUDONYM = "Okapi-pseudonym-4417"


def policy_on_robins_laptop(org: Org, after: int) -> Path:
    wipe.save_wipe_policy(org.coordinator, after)
    org.to_laptop(org.robin)
    return org.robin.store.folder


def wipe_robins_laptop(org: Org, after: int) -> Path:
    folder = policy_on_robins_laptop(org, after)
    org.robin.store.close()
    for _ in range(after - 1):
        org.clock.advance(seconds_before_next_try(folder, org.clock()))
        with pytest.raises(WrongPassphrase):
            unlock_store(folder, WRONG_PASSPHRASE, clock=org.clock)
    org.clock.advance(seconds_before_next_try(folder, org.clock()))
    with pytest.raises(StoreWiped):
        unlock_store(folder, WRONG_PASSPHRASE, clock=org.clock)
    assert not folder.exists()
    return folder


def join_again(org: Org, person_id: str, folder: Path) -> Store:
    invitation = pairing.invite(org.coordinator, person_id, org.tmp / "again.fainvite")
    return join_organisation(
        JoinRequest(folder, invitation.path, "Robin", PASSPHRASE, PASSPHRASE),
        kdf=KdfParams(),
        clock=org.clock,
    )


def accept(org: Org, laptop: Store) -> list[sync_service.FileResult]:
    """The new laptop's first bundle, accepted, then taken in again (as the Sync tab says)."""
    hello = carry(laptop, org.coordinator, org.tmp)
    waiting = hello[0].intake
    assert waiting is not None
    assert waiting.waiting is not None
    pairing.accept_device(org.coordinator, waiting.waiting.device_id)
    return carry(laptop, org.coordinator, org.tmp, folder=hello[0].path.parent)


def wipe_entries(store: Store) -> list[tuple[str | None, int | None]]:
    entries = audit_rows.load_entries(store.conn)[0]
    return [(e.ref, e.count) for e in entries if e.action is AuditAction.LAPTOP_WIPED]


def test_the_policy_reaches_a_laptop_and_its_file(org: Org) -> None:
    folder = policy_on_robins_laptop(org, 7)
    assert wipe.wipe_policy(org.robin.store).after == 7
    assert json.loads((folder / WIPE_POLICY_NAME).read_text()) == {
        "wipe_after": 7,
        "device_id": org.robin.device_id,
    }
    wipe.save_wipe_policy(org.coordinator, None)
    org.to_laptop(org.robin)
    assert not wipe.wipe_policy(org.robin.store).on
    assert not (folder / WIPE_POLICY_NAME).exists()


def test_a_facilitator_cannot_set_the_policy(org: Org) -> None:
    with pytest.raises(NotPermitted):
        wipe.save_wipe_policy(org.robin.store, 5)
    assert not wipe.wipe_policy(org.robin.store).on
    assert not (org.robin.store.folder / WIPE_POLICY_NAME).exists()


def test_a_wiped_laptops_report_reaches_the_coordinator(org: Org) -> None:
    make_member(org.coordinator, org.robins_group.id, name=PSEUDONYM)
    folder = wipe_robins_laptop(org, 5)
    (report_file,) = org.tmp.glob("wiped-*.json")
    assert json.loads(report_file.read_text()) == {
        "device_id": org.robin.device_id,
        "wiped_at": org.clock().isoformat(),
        "after": 5,
    }

    laptop = join_again(org, org.robin.person_id, folder.with_name("robin-again"))
    try:
        assert not report_file.exists()  # inside the new store now
        results = accept(org, laptop)
        (intake,) = [r.intake for r in results if r.intake is not None]
        assert [r.device_id for r in intake.wiped] == [org.robin.device_id]
        old = pairing.device_or_refuse(org.coordinator, org.robin.device_id)
        assert old.status is DeviceStatus.REVOKED
        assert wipe_entries(org.coordinator) == [(org.robin.device_id, 5)]
        (line,) = [
            p for p in sync_service.sync_overview(org.coordinator) if p.id == org.robin.device_id
        ]
        assert (line.wiped_at, line.wiped_after, line.status) == (
            org.clock().isoformat(),
            5,
            "revoked",
        )

        # Sent again before the coordinator's answer arrives: recorded once.
        assert wipe_reports.reports_to_send(laptop, -1) != []
        carry(laptop, org.coordinator, org.tmp)
        assert wipe_entries(org.coordinator) == [(org.robin.device_id, 5)]

        # The coordinator's answer acknowledges it: the laptop stops sending it.
        carry(org.coordinator, laptop, org.tmp, only=laptop.facts.device_id)
        assert laptop.meta(wipe_reports.META_KEY) is None
        assert wipe_reports.reports_to_send(laptop, -1) == []
    finally:
        laptop.close()
    entries = audit_rows.load_entries(org.coordinator.conn)[0]
    assert any(e.kind is AuditKind.LAPTOP and e.ref == org.robin.device_id for e in entries)


def test_a_report_about_someone_elses_laptop_is_passed_over(org: Org) -> None:
    folder = wipe_robins_laptop(org, 5)
    (report_file,) = org.tmp.glob("wiped-*.json")
    forged = json.loads(report_file.read_text()) | {"device_id": org.sam.device_id}
    report_file.write_text(json.dumps(forged))
    laptop = join_again(org, org.robin.person_id, folder.with_name("robin-again"))
    try:
        accept(org, laptop)
    finally:
        laptop.close()
    assert pairing.device_or_refuse(org.coordinator, org.sam.device_id).status is (
        DeviceStatus.ACTIVE
    )
    assert wipe_entries(org.coordinator) == []


def test_the_policy_file_and_the_report_name_nobody(org: Org) -> None:
    """Canary: no passphrase, pseudonym, person's or organisation's name in either file."""
    make_member(org.coordinator, org.robins_group.id, name=PSEUDONYM)
    folder = policy_on_robins_laptop(org, 5)
    written = [(folder / WIPE_POLICY_NAME).read_bytes()]
    wipe_robins_laptop(org, 5)
    written += [path.read_bytes() for path in org.tmp.glob("wiped-*.json")]
    assert len(written) == 2
    secrets = (PASSPHRASE, WRONG_PASSPHRASE, PSEUDONYM, "Robin", org.coordinator.facts.organisation)
    for data in written:
        for secret in secrets:
            assert secret.encode() not in data


def test_the_audit_log_says_what_happened_in_words(org: Org) -> None:
    folder = wipe_robins_laptop(org, 5)
    laptop = join_again(org, org.robin.person_id, folder.with_name("robin-again"))
    try:
        accept(org, laptop)
    finally:
        laptop.close()
    wipe.save_wipe_policy(org.coordinator, None)
    (wiped,) = audit.audit_entries(org.coordinator, AuditAction.LAPTOP_WIPED).lines
    assert wiped.what == "A laptop's store · Robin · after 5 wrong passphrases"
    changes = audit.audit_entries(org.coordinator, AuditAction.CHANGED_WIPE_POLICY).lines
    assert [line.what for line in changes] == [
        "The store · off",
        "The store · after 5 wrong passphrases",
    ]
