"""Forgotten passphrases in the window: the recovery sheet, the coordinator's answer,
and changing the passphrase in Settings."""

from __future__ import annotations

from pathlib import Path

from facilitator_app.gui import confirm_dialog, stick_chooser
from facilitator_app.gui.passphrase_box import RecoverySheetDialog
from facilitator_app.services.recovery import (
    answer_recovery_request,
    recover_with_answer,
    write_recovery_request,
)
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.keys import KdfParams, KeyFile
from tests.factories import PASSPHRASE as STORE_PASSPHRASE
from tests.factories import FakeClock
from tests.gui.conftest import (
    PASSPHRASE,
    create_store_in_window,
    lock_and_wait,
    show_tab,
    store_work_done,
    unlock_in_window,
    visible_texts,
)
from tests.gui.sync_windows import make_pair, new_stick

NEW = "a meadow of quiet lanterns"


def settings_box(qtbot, window):
    show_tab(qtbot, window, "Settings")
    return window.workspace.settings_page.passphrase


def test_a_coordinator_makes_a_sheet_and_later_opens_the_store_with_it(qtbot, make_window) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    box = settings_box(qtbot, window)
    with store_work_done(qtbot, window):
        box.make_sheet(PASSPHRASE)
    dialogs = window.findChildren(RecoverySheetDialog)
    assert len(dialogs) == 1, box.message.text()
    key = dialogs[0].key.text()
    assert len(key.split("-")) == 8
    assert dialogs[0].preview.page_count == 1

    lock_and_wait(qtbot, window)
    # Locking closes the sheet, and with it the key it showed.
    qtbot.waitUntil(lambda: not window.findChildren(RecoverySheetDialog))
    window.unlock_page.forgot_button.click()
    page = window.recovery_page
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.sheet_box.isVisible())
    assert not page.organisation_box.isVisible()
    page.recovery_key.setText(key.lower())
    page.new_passphrase.setText(NEW)
    page.repeated.setText(NEW)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.open_button.click()
    assert page.recovery_key.text() == ""

    lock_and_wait(qtbot, window)
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: "did not unlock" in window.unlock_page.message.text())
    unlock_in_window(qtbot, window, NEW)


def test_a_wrong_recovery_key_says_so_and_stays_on_the_page(qtbot, make_window) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    box = settings_box(qtbot, window)
    with store_work_done(qtbot, window):
        box.make_sheet(PASSPHRASE)
    lock_and_wait(qtbot, window)
    window.unlock_page.forgot_button.click()
    page = window.recovery_page
    qtbot.waitUntil(lambda: page.sheet_box.isVisible())
    page.recovery_key.setText("AAAAA-BBBBB-CCCCC")
    page.new_passphrase.setText(NEW)
    page.repeated.setText(NEW)
    page.open_button.click()
    qtbot.waitUntil(lambda: "recovery key did not unlock" in page.message.text())
    assert window.stack.currentWidget() is page
    page.back_button.click()
    assert window.stack.currentWidget() is window.unlock_page


def test_changing_the_passphrase_in_settings(qtbot, make_window) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    box = settings_box(qtbot, window)
    box.current.setText(PASSPHRASE)
    box.new_passphrase.setText(NEW)
    box.repeated.setText(NEW + "?")
    with store_work_done(qtbot, window):
        box.change_button.click()
    assert "not the same" in box.message.text()

    box.repeated.setText(NEW)
    with store_work_done(qtbot, window):
        box.change_button.click()
    assert "Passphrase changed" in box.message.text()
    assert box.current.text() == box.new_passphrase.text() == ""
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window, NEW)


def test_a_facilitator_gets_back_in_through_the_coordinator(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    pair = make_pair(tmp_path, FakeClock())
    window = make_window(pair.facilitator)
    window.unlock_page.forgot_button.click()
    page = window.recovery_page
    qtbot.waitUntil(lambda: page.organisation_box.isVisible())
    assert not page.sheet_box.isVisible()

    stick = new_stick(tmp_path)
    monkeypatch.setattr(stick_chooser, "choose_stick", lambda *_a, **_k: [stick])
    page.request_button.click()
    qtbot.waitUntil(lambda: "Give the stick to your coordinator" in page.message.text())
    (request,) = stick.glob("*.recovery")

    coordinator = unlock_store(pair.coordinator, STORE_PASSPHRASE)
    try:
        answer = answer_recovery_request(coordinator, request, stick)
    finally:
        coordinator.close()
    monkeypatch.setattr(stick_chooser, "choose_stick", lambda *_a, **_k: [answer])
    page.answer_button.click()
    assert page.answer_name.text() == answer.name
    page.new_passphrase.setText(NEW)
    page.repeated.setText(NEW)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.open_button.click()
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window, NEW)


def test_the_coordinator_answers_a_request_from_settings(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    pair = make_pair(tmp_path, FakeClock())
    stick = new_stick(tmp_path)
    request = write_recovery_request(pair.facilitator, stick)
    window = make_window(pair.coordinator)
    unlock_in_window(qtbot, window, STORE_PASSPHRASE)
    box = settings_box(qtbot, window)
    asked: list[str] = []

    def answer(_parent, _title, what, _action) -> bool:
        asked.append(what)
        return True

    monkeypatch.setattr(stick_chooser, "choose_stick", lambda *_a, **_k: [request])
    monkeypatch.setattr(confirm_dialog, "confirm", answer)
    box.answer_button.click()
    qtbot.waitUntil(lambda: "Give the stick back to Sam" in box.message.text(), timeout=10_000)
    assert "from Sam's laptop" in asked[0]
    (written,) = stick.glob("*.answer")

    recover_with_answer(pair.facilitator, written, NEW, NEW, kdf=KdfParams()).close()
    unlock_store(pair.facilitator, NEW).close()
    assert KeyFile.load(pair.facilitator).has_slot("organisation")
    assert all(STORE_PASSPHRASE not in text for text in visible_texts(window))
