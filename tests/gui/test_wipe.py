"""Deleting a store after wrong passphrases, in the window: the Settings box and its
question, the unlock page's warning, and what the window says once a store is gone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator_app.domain.unlock_attempts import UnlockAttempts
from facilitator_app.gui import confirm_dialog
from facilitator_app.gui.laptops_box import STATE, LaptopsBox
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.wipe_box import WipeBox
from facilitator_app.services import wipe
from facilitator_app.services.sync import PeerStatus
from facilitator_app.store.keys import KEYS_NAME
from facilitator_app.store.layout import WIPING_NAME
from facilitator_app.store.store import Store
from facilitator_app.store.unlock_record import write_attempts
from tests.factories import FIXED_NOW, WRONG_PASSPHRASE, FakeClock
from tests.gui.conftest import show_tab
from tests.gui.store_setup import ask, build_store, open_window


def wipe_box(window: MainWindow) -> WipeBox:
    assert window.workspace is not None
    box = window.workspace.settings_page.wipe
    assert box is not None
    return box


def test_turning_it_on_asks_first(qtbot, make_window, monkeypatch, tmp_path: Path) -> None:
    build_store(tmp_path / "store", lambda store: None)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock())
    show_tab(qtbot, window, "Settings")
    box = wipe_box(window)
    qtbot.waitUntil(lambda: box.state.text().startswith("Off"))
    assert not box.enabled.isChecked()
    assert not box.after.isEnabled()
    assert box.after.value() == 10

    questions: list[tuple[str, str]] = []
    answer = [False]

    def ask_person(_parent, title: str, what_happens: str, action: str) -> bool:
        questions.append((title, what_happens))
        return answer[0]

    monkeypatch.setattr(confirm_dialog, "confirm", ask_person)
    box.enabled.setChecked(True)
    box.after.setValue(7)
    box.save_button.click()
    ((title, what_happens),) = questions
    assert title == "Delete stores after 7 wrong passphrases?"
    for words in (
        "the store on that laptop is deleted",
        "Nobody can get it back",
        "not even with the recovery sheet or the organisation's recovery",
        "not yet sent to the organisation are lost",
    ):
        assert words in what_happens
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    assert not ask(qtbot, window, wipe.wipe_policy).on  # Cancel changed nothing

    answer[0] = True
    box.save_button.click()
    qtbot.waitUntil(lambda: box.state.text().startswith("On"))
    assert ask(qtbot, window, wipe.wipe_policy).after == 7
    assert "deleted after 7 wrong passphrases" in box.state.text()

    # Turning it off again asks nothing.
    box.enabled.setChecked(False)
    box.save_button.click()
    qtbot.waitUntil(lambda: box.state.text().startswith("Off"))
    assert len(questions) == 2


def with_policy(after: int):
    def fill(store: Store) -> None:
        wipe.save_wipe_policy(store, after)

    return fill


def wrong_in_window(qtbot, window: MainWindow) -> None:
    page = window.unlock_page
    page.passphrase.setText(WRONG_PASSPHRASE)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    qtbot.waitUntil(lambda: page.message.text() != "Unlocking…")


def test_the_unlock_page_warns_when_few_tries_are_left(qtbot, make_window, tmp_path: Path) -> None:
    build_store(tmp_path / "store", with_policy(5))
    window = make_window(tmp_path / "store")
    page = window.unlock_page
    assert not page.wipe_notice.isVisible()
    wrong_in_window(qtbot, window)
    assert not page.wipe_notice.isVisible()
    wrong_in_window(qtbot, window)
    qtbot.waitUntil(page.wipe_notice.isVisible)
    assert page.wipe_notice.text() == (
        "3 more wrong passphrases will delete this store (your organisation turned this on)."
    )


def test_the_last_wrong_passphrase_shows_that_the_store_was_deleted(
    qtbot, make_window, tmp_path: Path
) -> None:
    folder = tmp_path / "store"
    build_store(folder, with_policy(5))
    write_attempts(folder, UnlockAttempts(4, FIXED_NOW - dt.timedelta(days=1)))
    window = make_window(folder)
    qtbot.waitUntil(window.unlock_page.wipe_notice.isVisible)
    assert window.unlock_page.wipe_notice.text().startswith("One more wrong passphrase")
    wrong_in_window(qtbot, window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.welcome_page)
    notice = window.welcome_page.notice
    assert notice.isVisible()
    assert notice.text().startswith(
        "This store was deleted after 5 wrong passphrases in a row, as your organisation chose."
    )
    assert not folder.exists()


@pytest.mark.parametrize("keys_gone", [True, False])
def test_a_half_wiped_folder_starts_on_the_welcome_page(
    make_window, tmp_path: Path, keys_gone: bool
) -> None:
    """A crash part-way: with or without keys.json, the folder is a wiped store."""
    folder = tmp_path / "store"
    build_store(folder, with_policy(5))
    if keys_gone:
        (folder / KEYS_NAME).unlink()
    (folder / WIPING_NAME).write_text('{"after": 5, "wiped_at": "2025-03-01T10:00:00+00:00"}')
    window = make_window(folder)
    assert window.stack.currentWidget() is window.welcome_page
    assert "deleted after 5 wrong passphrases" in window.welcome_page.notice.text()
    assert not folder.exists()


def test_the_laptops_box_shows_a_laptop_reported_deleted(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    build_store(tmp_path / "store", lambda store: None)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock())
    assert window.workspace is not None
    box = LaptopsBox(window.workspace._access)
    qtbot.addWidget(box)
    box.show_peers(
        [
            PeerStatus(
                "a" * 32,
                "Robin",
                "revoked",
                "ABCD-EFGH",
                0,
                None,
                None,
                wiped_at="2025-03-01T10:00:00+00:00",
                wiped_after=7,
            ),
            PeerStatus("b" * 32, "Sam", "active", "IJKL-MNOP", 2, None, None),
        ]
    )
    states = [box.table.item(row, STATE).text() for row in range(2)]
    assert states[0].startswith("Deleted after 7 wrong passphrases, 1 March 2025")
    assert not states[1].startswith("Deleted")
