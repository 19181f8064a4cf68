"""The Sync tab: export to a stick, import with a preview, accepting and retiring laptops,
and changes made on two laptops at once, driven as a coordinator or facilitator would."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QTimer

from facilitator_app.gui import stick_chooser
from facilitator_app.gui.runner import WorkProgress
from facilitator_app.gui.stick_chooser import StickChooser
from facilitator_app.gui.widgets import TextLines
from facilitator_app.services import pairing, sessions, stores
from facilitator_app.services import sync as sync_service
from facilitator_app.services.pairing import JoinRequest, join_organisation
from facilitator_app.store.keys import KdfParams
from tests.factories import PASSPHRASE, FakeClock, make_group, make_person, make_session, replace
from tests.gui.conftest import unlock_in_window, visible_dialogs, visible_texts
from tests.gui.store_setup import ask, open_window
from tests.gui.sync_windows import bundles_on, export_to_stick, make_pair, new_stick, sync_tab
from tests.sync_setup import carry, give_groups, join, new_coordinator


def choose_on_stick(monkeypatch, paths: list[Path]) -> None:
    """The person picks `paths` in the stick chooser."""
    monkeypatch.setattr(stick_chooser, "choose_stick", lambda *_a, **_k: list(paths))


def cell(page, row: int, column: int) -> str:
    return page.laptops.table.item(row, column).text()


def list_lines(widget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


# --- what the tab shows ------------------------------------------------------------


def test_coordinator_sees_each_laptop_with_its_fingerprint(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    seen: dict[str, str] = {}

    def fill(_co, laptop) -> None:
        seen["fingerprint"] = pairing.own_fingerprint(laptop.store)

    pair = make_pair(tmp_path, clock, fill)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)

    assert page.laptops.table.rowCount() == 1
    assert cell(page, 0, 0) == "Sam"
    assert cell(page, 0, 1) == "Paired"
    # The same code the facilitator's screen shows, to compare by eye.
    assert cell(page, 0, 2) == seen["fingerprint"]
    assert int(cell(page, 0, 3)) > 0  # Sam has not had a bundle yet
    assert cell(page, 0, 4) == "never"
    assert cell(page, 0, 5) == sync_service.when(clock.now.isoformat())
    assert page.export_button.isEnabled()
    assert not page.fingerprint.isVisible()  # a coordinator's own code is not needed


def test_a_coordinator_with_no_laptops_is_told_how_to_pair_one(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    new_coordinator(tmp_path / "store", clock).close()
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", clock)
    page = sync_tab(qtbot, window)
    assert page.laptops.empty_hint.isVisible()
    assert "Facilitators tab" in page.laptops.empty_hint.text()
    assert not page.export_button.isEnabled()
    assert "accepted" in page.export_hint.text()


def test_a_facilitator_waiting_to_join_sees_its_fingerprint_and_what_happens_next(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    coordinator = new_coordinator(tmp_path / "coordinator", clock)
    person = make_person(coordinator, "Sam")
    invitation = pairing.invite(coordinator, person.id, tmp_path)
    laptop = join_organisation(
        JoinRequest(tmp_path / "laptop", invitation.path, "Sam", PASSPHRASE, PASSPHRASE),
        kdf=KdfParams(),
        clock=clock,
    )
    code = pairing.own_fingerprint(laptop)
    hello = export_to_stick(laptop, tmp_path)
    laptop.close()

    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "laptop", clock)
    page = sync_tab(qtbot, window)
    assert page.fingerprint.isVisible()
    assert page.fingerprint.text() == code
    assert page.waiting_notice.isVisible()
    assert "accept" in page.waiting_notice.text()
    assert cell(page, 0, 0) == "Riverside Peer Support"
    assert cell(page, 0, 1) == "Waiting to be accepted"

    # The coordinator imports, compares, accepts and exports; Sam imports that.
    waiting = sync_service.import_bundles(coordinator, [hello])[0].intake
    assert waiting is not None
    assert waiting.waiting is not None
    assert waiting.waiting.fingerprint == code
    pairing.accept_device(coordinator, waiting.waiting.device_id)
    reply = export_to_stick(coordinator, tmp_path)
    coordinator.close()
    page.import_from([reply])
    qtbot.waitUntil(lambda: page.import_panel.import_button.isVisible())
    page.import_panel.import_button.click()
    qtbot.waitUntil(page.import_panel.done_notice.isVisible)
    qtbot.waitUntil(lambda: not page.waiting_notice.isVisible())
    assert cell(page, 0, 1) == "Paired"
    assert page.fingerprint.isVisible()  # still there, for comparing later


# --- export --------------------------------------------------------------------------


def test_export_writes_a_checked_bundle_then_says_the_stick_can_come_out(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    stick = new_stick(tmp_path)
    choose_on_stick(monkeypatch, [stick])

    page.export_button.click()
    panel = page.export_panel
    qtbot.waitUntil(panel.done_notice.isVisible)

    assert panel.done_notice.text() == "Written and checked: it is safe to remove the stick."
    assert not panel.status.isVisible()
    written = bundles_on(stick)
    assert len(written) == 1
    assert not list(stick.glob("*.partial"))
    [line, where] = panel.written.texts()
    assert line.startswith("For Sam: ")
    assert written[0].name in line
    assert where == f"On {stick}"
    qtbot.waitUntil(lambda: cell(page, 0, 4) != "never")
    assert page.export_button.isEnabled()

    # Sam's laptop can take it in.
    laptop = stores.unlock_store(pair.facilitator, PASSPHRASE, clock=clock)
    try:
        [result] = sync_service.import_bundles(laptop, [stick])
        assert result.intake is not None
        assert result.intake.added > 0
    finally:
        laptop.close()


def test_cancel_stops_the_export_and_leaves_no_unfinished_file(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    stick = new_stick(tmp_path)
    # Hold the store thread so Cancel is pressed while the export is under way.
    gate = threading.Event()
    window.runner.submit(lambda: gate.wait(10), lambda _: None, lambda _: None)

    page.export_to(stick)
    panel = page.export_panel
    assert panel.cancel_button.isVisible()
    assert not page.export_button.isEnabled()
    panel.cancel_button.click()
    assert panel.status.text() == "Stopping…"
    gate.set()
    qtbot.waitUntil(lambda: "stopped" in panel.status.text())

    assert panel.status.text() == "Export stopped. Nothing was written to the stick."
    assert list(stick.iterdir()) == []
    assert not panel.message.isVisible()  # stopping is not a problem
    assert panel.done_button.isVisible()
    assert page.export_button.isEnabled()


def test_locking_during_an_export_stops_it_and_leaves_the_stick_clean(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    stick = new_stick(tmp_path)
    gate = threading.Event()
    window.runner.submit(lambda: gate.wait(10), lambda _: None, lambda _: None)
    page.export_to(stick)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock_now()
        gate.set()
    assert list(stick.iterdir()) == []
    assert window.workspace is None
    unlock_in_window(qtbot, window, PASSPHRASE)  # the store closed cleanly


def test_locking_while_choosing_the_stick_closes_the_chooser_cleanly(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    seen: list[bool] = []

    def lock_while_open() -> None:
        seen.append(any(isinstance(w, StickChooser) for w in visible_dialogs()))
        window.lock_now()

    QTimer.singleShot(50, lock_while_open)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        page.export_button.click()  # the chooser waits here until the lock closes it
    assert seen == [True]
    assert not any(isinstance(w, StickChooser) for w in visible_dialogs())
    assert window.workspace is None


def test_cancel_between_two_bundles_keeps_the_finished_one(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()

    def second_laptop(coordinator, _laptop) -> None:
        join(coordinator, tmp_path / "alex", "Alex", clock, tmp=tmp_path).store.close()

    pair = make_pair(tmp_path, clock, second_laptop)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    assert page.laptops.table.rowCount() == 2
    # Cancel is pressed while the first bundle is being written.
    reported = WorkProgress.report

    def report_then_cancel(self, done: int, total: int) -> None:
        reported(self, done, total)
        self.stop()

    monkeypatch.setattr(WorkProgress, "report", report_then_cancel)
    stick = new_stick(tmp_path)
    page.export_to(stick)
    qtbot.waitUntil(lambda: "stopped" in page.export_panel.status.text())

    assert "1 finished bundle(s) are on the stick" in page.export_panel.status.text()
    assert len(bundles_on(stick)) == 1
    assert not list(stick.glob("*.partial"))


def test_an_export_that_cannot_write_says_so_calmly(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    page.export_to(tmp_path / "not-plugged-in")
    qtbot.waitUntil(lambda: page.export_panel.message.isVisible())
    assert "Choose the USB stick's folder" in page.export_panel.message.text()
    assert not page.export_panel.done_notice.isVisible()


# --- import --------------------------------------------------------------------------


def test_import_shows_what_it_would_do_then_does_it(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    made: dict[str, object] = {}

    def fill(coordinator, laptop) -> None:
        group = make_group(coordinator)
        give_groups(coordinator, laptop.person_id, group.id)
        session = make_session(coordinator, group.id, topic="Grounding")
        carry(coordinator, laptop.store, tmp_path)
        clock.advance(60)
        own = sessions.get_session(laptop.store, session.id)
        sessions.update_session(laptop.store, session.id, replace(own.fields, topic="Boundaries"))
        made["stick"] = export_to_stick(laptop.store, tmp_path)
        made["session"] = session.id

    pair = make_pair(tmp_path, clock, fill)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    choose_on_stick(monkeypatch, [made["stick"]])

    page.import_button.click()
    panel = page.import_panel
    qtbot.waitUntil(lambda: panel.import_button.isVisible())
    assert panel.status.text() == "This is what importing would do. Nothing has changed yet."
    assert panel.file_lines.texts() == ["From Sam: will add 0, change 1, remove 0."]
    assert ask(qtbot, window, sessions.get_session, made["session"]).fields.topic == "Grounding"

    panel.import_button.click()
    qtbot.waitUntil(panel.done_notice.isVisible)
    assert panel.done_notice.text() == "Imported. You can remove the stick."
    assert panel.file_lines.texts() == ["From Sam: added 0, changed 1, removed 0."]
    assert not any("will add" in text for text in visible_texts(window))  # the preview is gone
    assert not panel.import_button.isVisible()
    assert ask(qtbot, window, sessions.get_session, made["session"]).fields.topic == "Boundaries"

    # The same stick again: nothing new, and nothing to press but Done.
    page.import_from([made["stick"]])
    qtbot.waitUntil(lambda: "nothing new" in panel.status.text())
    assert panel.file_lines.texts() == ["From Sam: already imported; nothing new."]
    assert not panel.import_button.isVisible()
    panel.close_button.click()
    assert not panel.isVisible()


def test_files_that_cannot_be_imported_say_why_and_others_are_passed_over(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    stick = new_stick(tmp_path)
    page.export_to(stick)  # a bundle for Sam: not for this laptop
    qtbot.waitUntil(page.export_panel.done_notice.isVisible)
    (stick / "0123456789abcdef.fabundle").write_bytes(b"not a bundle at all")

    page.import_from([stick])
    panel = page.import_panel
    qtbot.waitUntil(lambda: len(panel.file_lines.texts()) == 2 and not panel.is_running)
    lines = panel.file_lines.texts()
    assert any(line.startswith("A bundle for another laptop") for line in lines)
    assert any(line.startswith("Not imported (01234567…): ") for line in lines)
    assert panel.status.text() == "There is nothing new to import."
    assert not panel.import_button.isVisible()


def test_a_folder_with_no_bundles_says_so(qtbot, make_window, monkeypatch, tmp_path) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    empty = new_stick(tmp_path)
    (empty / "holiday photo.jpg").write_bytes(b"not ours")
    page.import_from([empty])
    panel = page.import_panel
    qtbot.waitUntil(lambda: "no bundles" in panel.status.text())
    assert panel.status.text() == "There are no bundles there. Bundle files end in .fabundle."
    assert panel.file_lines.texts() == []
    assert not panel.import_button.isVisible()
    assert panel.close_button.text() == "Done"
    assert (empty / "holiday photo.jpg").exists()  # other files are left alone


def test_a_laptop_asking_to_join_is_accepted_only_after_comparing_fingerprints(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    coordinator = new_coordinator(tmp_path / "coordinator", clock)
    person = make_person(coordinator, "Sam")
    invitation = pairing.invite(coordinator, person.id, tmp_path)
    coordinator.close()
    laptop = join_organisation(
        JoinRequest(tmp_path / "laptop", invitation.path, "Sam", PASSPHRASE, PASSPHRASE),
        kdf=KdfParams(),
        clock=clock,
    )
    code = pairing.own_fingerprint(laptop)
    hello = export_to_stick(laptop, tmp_path)
    laptop.close()

    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "coordinator", clock)
    page = sync_tab(qtbot, window)
    page.import_from([hello])
    panel = page.import_panel
    qtbot.waitUntil(lambda: panel.import_button.isVisible())
    [line] = panel.file_lines.texts()
    assert line.startswith(f"Sam's laptop asks to join (fingerprint {code}).")
    assert ask(qtbot, window, pairing.list_devices) == []  # a preview records nothing

    panel.import_button.click()
    qtbot.waitUntil(lambda: panel.accept_button.isVisible())
    assert code in panel.join_notice.text()
    assert "only if the two codes are exactly the same" in panel.join_notice.text()
    qtbot.waitUntil(lambda: page.laptops.table.rowCount() == 1)
    assert cell(page, 0, 1) == "Asked to join"

    panel.accept_button.click()
    qtbot.waitUntil(lambda: panel.again_button.isVisible())
    assert "Accepted Sam's laptop" in panel.join_notice.text()
    qtbot.waitUntil(lambda: cell(page, 0, 1) == "Paired")
    assert page.export_button.isEnabled()

    panel.again_button.click()
    qtbot.waitUntil(lambda: panel.import_button.isVisible())
    assert panel.file_lines.texts()[0].startswith("From Sam: will add")
    panel.import_button.click()
    qtbot.waitUntil(panel.done_notice.isVisible)
    assert panel.file_lines.texts()[0].startswith("From Sam: added")
    [device] = ask(qtbot, window, pairing.list_devices)
    assert device.status is pairing.DeviceStatus.ACTIVE


def test_accept_and_retire_from_the_list_ask_first(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    laptops = page.laptops
    assert not laptops.retire_button.isEnabled()  # nothing chosen yet
    laptops.table.selectRow(0)
    assert not laptops.accept_button.isEnabled()  # already paired
    laptops.retire_button.click()

    question = laptops.question.text.text()
    assert laptops.question.isVisible()
    assert "bundles from it are refused" in question
    assert "Nothing on that laptop is deleted" in question
    laptops.question.no_button.click()  # changed their mind
    assert cell(page, 0, 1) == "Paired"

    laptops.retire_button.click()
    laptops.question.yes_button.click()
    qtbot.waitUntil(lambda: cell(page, 0, 1) == "Retired")
    assert "will be refused" in laptops.message.text()
    [device] = ask(qtbot, window, pairing.list_devices)
    assert device.status is pairing.DeviceStatus.REVOKED
    assert not page.export_button.isEnabled()  # nobody left to export to


# --- changed on two laptops ----------------------------------------------------------


def conflicting_venues(tmp_path: Path, clock: FakeClock) -> tuple[object, dict[str, object]]:
    """Sam changes a session's venue to "Library", the coordinator later to "Hall B"."""
    made: dict[str, object] = {}

    def fill(coordinator, laptop) -> None:
        group = make_group(coordinator)
        give_groups(coordinator, laptop.person_id, group.id)
        session = make_session(coordinator, group.id, venue="Hall")
        carry(coordinator, laptop.store, tmp_path)
        clock.advance(60)
        own = sessions.get_session(laptop.store, session.id)
        sessions.update_session(laptop.store, session.id, replace(own.fields, venue="Library"))
        clock.advance(60)
        mine = sessions.get_session(coordinator, session.id)
        sessions.update_session(coordinator, session.id, replace(mine.fields, venue="Hall B"))
        made["stick"] = export_to_stick(laptop.store, tmp_path)
        made["session"] = session.id

    return make_pair(tmp_path, clock, fill), made


def import_conflict(qtbot, make_window, monkeypatch, tmp_path):
    clock = FakeClock()
    pair, made = conflicting_venues(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = sync_tab(qtbot, window)
    page.import_from([made["stick"]])
    panel = page.import_panel
    qtbot.waitUntil(lambda: panel.import_button.isVisible())
    assert "Conflicts: 1 (the newer change is kept" in panel.file_lines.texts()[0]
    panel.import_button.click()
    qtbot.waitUntil(lambda: page.conflicts.keep_button.isEnabled())
    return window, page, made


def test_a_change_made_on_two_laptops_is_shown_and_put_back_with_one_click(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    window, page, made = import_conflict(qtbot, make_window, monkeypatch, tmp_path)
    conflicts = page.conflicts
    [line] = list_lines(conflicts.conflict_list)
    assert line.startswith("Venue of a session: kept “Hall B”. Sam's laptop had “Library”.")
    assert conflicts.title() == "Changed on two laptops (1)"
    assert ask(qtbot, window, sessions.get_session, made["session"]).fields.venue == "Hall B"

    conflicts.restore_button.click()
    qtbot.waitUntil(lambda: list_lines(conflicts.conflict_list) == ["Nothing to review."])
    assert "Put back the other value of venue of a session" in conflicts.message.text()
    assert ask(qtbot, window, sessions.get_session, made["session"]).fields.venue == "Library"
    assert not conflicts.restore_button.isEnabled()
    assert conflicts.title() == "Changed on two laptops"


def test_keeping_the_newer_value_clears_the_conflict_and_changes_nothing(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    window, page, made = import_conflict(qtbot, make_window, monkeypatch, tmp_path)
    page.conflicts.keep_button.click()
    qtbot.waitUntil(lambda: list_lines(page.conflicts.conflict_list) == ["Nothing to review."])
    assert ask(qtbot, window, sessions.get_session, made["session"]).fields.venue == "Hall B"
    assert ask(qtbot, window, sync_service.conflicts) == []


def test_a_facilitators_sync_tab_has_no_conflicts_or_laptop_buttons(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock, lambda co, laptop: carry(co, laptop.store, tmp_path))
    window = open_window(qtbot, make_window, monkeypatch, pair.facilitator, clock)
    page = sync_tab(qtbot, window)
    assert page.conflicts is None
    assert not page.laptops.accept_button.isVisible()
    assert not page.laptops.retire_button.isVisible()
    assert not page.waiting_notice.isVisible()  # paired already
    assert page.fingerprint.isVisible()
    assert "Changed on two laptops" not in " ".join(visible_texts(window))


def test_report_lines_replaced_at_once_leave_nothing_old_on_screen(qtbot) -> None:
    lines = TextLines()
    qtbot.addWidget(lines)
    lines.show()
    lines.set_lines([("Reading the stick…", "")])
    old = lines.labels[0]
    qtbot.waitUntil(old.isVisible)
    lines.set_lines([("From Sam: added 1, changed 0, removed 0.", "/media/stick/a.fabundle")])
    # Replaced before Qt gets round to deleting the old line: it must not still be painted.
    assert old.isHidden()
    qtbot.waitUntil(lambda: all(label.isVisible() for label in lines.labels))
    assert lines.texts() == ["From Sam: added 1, changed 0, removed 0."]
    assert lines.labels[0].toolTip() == "/media/stick/a.fabundle"
