"""Pairing a facilitator's laptop with the coordinator's, entirely through the two windows:
invite, join, the first bundle, comparing fingerprints, accepting, and the reply."""

from __future__ import annotations

import datetime as dt

from facilitator_app.gui import stick_chooser
from facilitator_app.services.stores import StoreRole
from tests.factories import FakeClock, make_group, make_person
from tests.gui.conftest import PASSPHRASE, list_texts, row_starting, show_tab, store_work_done
from tests.gui.store_setup import build_store, open_window
from tests.gui.sync_windows import bundles_on, new_stick, sync_tab
from tests.sync_setup import give_groups


def finish_import(qtbot, page) -> None:
    panel = page.import_panel
    qtbot.waitUntil(lambda: panel.import_button.isVisible())
    panel.import_button.click()
    qtbot.waitUntil(panel.done_notice.isVisible)


def test_a_coordinator_and_a_facilitator_pair_through_the_screens(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    # The facilitator's new store reads the real clock; the coordinator's keeps close to it.
    clock = FakeClock(dt.datetime.now(dt.UTC))

    def fill(store) -> None:
        sam = make_person(store, "Sam")
        group = make_group(store, name="Thursday walking group")
        give_groups(store, sam.id, group.id)

    build_store(tmp_path / "coordinator", fill)
    office = open_window(qtbot, make_window, monkeypatch, tmp_path / "coordinator", clock)

    # The coordinator makes an invitation from Sam's profile.
    show_tab(qtbot, office, "Facilitators")
    people = office.workspace.people_page
    qtbot.waitUntil(lambda: people.person_list.count() >= 2 and not office.runner.is_busy)
    with store_work_done(qtbot, office):
        people.person_list.setCurrentRow(row_starting(people.person_list, "Sam"))
    assert people.details.name.text() == "Sam"
    first_stick = new_stick(tmp_path)
    monkeypatch.setattr(stick_chooser, "choose_stick", lambda *_a, **_k: [first_stick])
    with store_work_done(qtbot, office):
        people.laptop.invite_button.click()
    [invitation] = list(first_stick.iterdir())

    # On Sam's laptop: join with it, and export the first bundle.
    laptop = make_window(tmp_path / "laptop")
    laptop.welcome_page.join_button.click()
    join = laptop.join_page
    join.use_invitation(invitation)
    qtbot.waitUntil(lambda: join.join_button.isEnabled())
    join.your_name.setText("Sam")
    join.passphrase.setText(PASSPHRASE)
    join.repeated.setText(PASSPHRASE)
    with qtbot.waitSignal(laptop.unlocked, timeout=15_000):
        join.join_button.click()
    assert laptop.workspace._access.facts.role is StoreRole.FACILITATOR
    sams_sync = laptop.workspace.sync_page
    qtbot.waitUntil(lambda: sams_sync.fingerprint.isVisible())
    sams_code = sams_sync.fingerprint.text()
    second_stick = new_stick(tmp_path)
    sams_sync.export_to(second_stick)
    qtbot.waitUntil(sams_sync.export_panel.done_notice.isVisible)

    # The coordinator imports it: the same fingerprint, then accepts and imports again.
    office_sync = sync_tab(qtbot, office)
    office_sync.import_from([second_stick])
    finish_import(qtbot, office_sync)
    panel = office_sync.import_panel
    qtbot.waitUntil(lambda: panel.accept_button.isVisible())
    assert f"Its fingerprint is {sams_code}." in panel.join_notice.text()
    panel.accept_button.click()
    qtbot.waitUntil(lambda: panel.again_button.isVisible())
    panel.again_button.click()
    finish_import(qtbot, office_sync)
    third_stick = new_stick(tmp_path)
    office_sync.export_to(third_stick)
    qtbot.waitUntil(office_sync.export_panel.done_notice.isVisible)
    assert len(bundles_on(third_stick)) == 1

    # Sam imports the reply: paired, and Sam's group has arrived.
    sams_sync.import_from([third_stick])
    finish_import(qtbot, sams_sync)
    qtbot.waitUntil(lambda: not sams_sync.waiting_notice.isVisible())
    assert sams_sync.laptops.table.item(0, 1).text() == "Paired"
    groups = laptop.workspace.groups_page
    qtbot.waitUntil(lambda: "Thursday walking group" in " ".join(list_texts(groups.group_list)))
