"""First start, unlocking, and the calm messages when something is not right."""

from __future__ import annotations

from facilitator_app.gui.main_window import MainWindow
from tests.gui.conftest import PASSPHRASE, create_store_in_window, lock_and_wait


def test_first_start_offers_to_create_a_store(make_window) -> None:
    window = make_window()
    assert window.stack.currentWidget() is window.welcome_page
    assert window.welcome_page.create_button.text() == "Create a store for my organisation"


def test_second_start_opens_at_the_unlock_screen(qtbot, make_window, tmp_path) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    window.close()
    again = make_window(tmp_path / "store")
    assert again.stack.currentWidget() is again.unlock_page


def test_passphrases_that_differ_are_refused(qtbot, make_window, tmp_path) -> None:
    window = make_window()
    window.welcome_page.create_button.click()
    page = window.create_page
    page.organisation.setText("Org")
    page.your_name.setText("Sam")
    page.passphrase.setText("one long passphrase")
    page.repeated.setText("another long passphrase")
    page.create_button.click()
    qtbot.waitUntil(lambda: "not the same" in page.message.text())
    assert not (tmp_path / "store").exists()
    assert not window.is_unlocked


def test_strength_hint_follows_typing(make_window) -> None:
    window = make_window()
    window.welcome_page.create_button.click()
    page = window.create_page
    page.passphrase.setText("short")
    assert "at least 10" in page.strength.text()
    page.passphrase.setText("lantern orchard pebble thistle")
    assert page.strength.text() == "Strong."


def test_wrong_passphrase_gets_one_calm_line_then_a_growing_wait(qtbot, make_window) -> None:
    window: MainWindow = make_window()
    create_store_in_window(qtbot, window)
    lock_and_wait(qtbot, window)
    page = window.unlock_page
    for attempt in range(3):
        page.passphrase.setText(f"not it {attempt}")
        page.unlock_button.click()
        qtbot.waitUntil(lambda: page.message.text() not in ("", "Unlocking…"))
        assert "did not" in page.message.text()
        assert not window.is_unlocked
    # The third wrong try starts a wait that counts down on screen.
    assert "try again in" in page.message.text()
    assert not page.unlock_button.isEnabled()
    page.passphrase.setText(PASSPHRASE)
    page.passphrase.returnPressed.emit()
    assert not window.is_unlocked
