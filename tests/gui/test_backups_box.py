"""Backups and keys on the Settings tab: backup, restore and re-encrypt as a person would."""

from __future__ import annotations

from pathlib import Path

from facilitator_app.services import backups, groups
from facilitator_app.services.stores import unlock_store
from tests.factories import make_group, make_store
from tests.gui.conftest import (
    PASSPHRASE,
    create_store_in_window,
    lock_and_wait,
    show_tab,
    store_work_done,
    unlock_in_window,
)


def open_settings(qtbot, make_window, tmp_path: Path):
    window = make_window(tmp_path / "store")
    create_store_in_window(qtbot, window)
    show_tab(qtbot, window, "Settings")
    return window, window.workspace.settings_page.backups


def add_group_outside(qtbot, window, folder: Path, name: str) -> None:
    lock_and_wait(qtbot, window)
    store = unlock_store(folder, PASSPHRASE)
    try:
        make_group(store, name=name)
    finally:
        store.close()
    unlock_in_window(qtbot, window)
    show_tab(qtbot, window, "Settings")


def group_names(folder: Path) -> list[str]:
    store = unlock_store(folder, PASSPHRASE)
    try:
        return sorted(g.name for g in groups.list_groups(store))
    finally:
        store.close()


def make_backup(qtbot, box, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    box.make_backup_in(folder)
    qtbot.waitUntil(lambda: "Saved and checked" in box.message.text(), timeout=15_000)
    [written] = list(folder.iterdir())
    assert written.name in box.message.text()
    assert not box.progress.isVisible()
    return written


def test_backup_then_restore_locks_and_brings_back_the_backup(
    qtbot, make_window, tmp_path: Path
) -> None:
    window, box = open_settings(qtbot, make_window, tmp_path)
    written = make_backup(qtbot, box, tmp_path / "stick")
    add_group_outside(qtbot, window, tmp_path / "store", "Made after the backup")
    box = window.workspace.settings_page.backups
    box.ask_restore(written)
    assert box.question.isVisible()
    qtbot.wait(50)
    box.grab().save(str(tmp_path / "restore-question.png"))
    text = box.question_text.text()
    assert "lost on this computer" in text
    assert "What laptops sent since then comes back at their next sync." in text
    assert "nothing is changed" in text
    box.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.locked, timeout=15_000):
        box.go_button.click()
    message = window.unlock_page.message
    qtbot.waitUntil(lambda: "is back in place" in message.text(), timeout=15_000)
    assert window.unlock_page.unlock_button.isEnabled()
    assert group_names(tmp_path / "store") == []
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "restored-unlock-page.png"))
    unlock_in_window(qtbot, window)


def test_a_wrong_passphrase_for_the_backup_keeps_the_window_open(
    qtbot, make_window, tmp_path: Path
) -> None:
    window, box = open_settings(qtbot, make_window, tmp_path)
    written = make_backup(qtbot, box, tmp_path / "stick")
    box.ask_restore(written)
    box.passphrase.setText("not the passphrase at all")
    with store_work_done(qtbot, window):
        box.go_button.click()
    assert "did not open this backup" in box.message.text()
    assert window.is_unlocked
    assert box.question.isVisible()
    assert box.go_button.isEnabled()


def test_another_stores_backup_or_another_file_is_refused_before_any_question(
    qtbot, make_window, tmp_path: Path
) -> None:
    _window, box = open_settings(qtbot, make_window, tmp_path)
    other = make_store(tmp_path / "other")
    (tmp_path / "stick").mkdir()
    foreign = backups.make_backup(other, tmp_path / "stick")
    other.close()
    box.ask_restore(foreign)
    assert "different store" in box.message.text()
    assert not box.question.isVisible()
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    box.ask_restore(notes)
    assert "not a backup made by this app" in box.message.text()


def test_re_encrypting_locks_and_the_same_passphrase_unlocks(
    qtbot, make_window, tmp_path: Path
) -> None:
    window, box = open_settings(qtbot, make_window, tmp_path)
    keys_before = (tmp_path / "store" / "keys.json").read_bytes()
    box.ask_rotate()
    assert "Your passphrase stays the same" in box.question_text.text()
    box.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.locked, timeout=15_000):
        box.go_button.click()
    message = window.unlock_page.message
    qtbot.waitUntil(lambda: "re-encrypted with a new key" in message.text(), timeout=15_000)
    assert (tmp_path / "store" / "keys.json").read_bytes() != keys_before
    unlock_in_window(qtbot, window)


def test_the_box_as_it_looks(qtbot, make_window, tmp_path: Path) -> None:
    window, box = open_settings(qtbot, make_window, tmp_path)
    window.resize(1180, 900)
    box.ask_rotate()
    qtbot.wait(50)
    shot = tmp_path / "backups-box.png"
    assert window.grab().save(str(shot))
    assert box.question.isVisible()
    assert box.go_button.text() == "Re-encrypt"
