"""First start on a facilitator's laptop: joining the organisation with an invitation file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator_app.gui import join_page
from facilitator_app.services import pairing
from facilitator_app.services.stores import StoreRole
from tests.factories import FakeClock, make_person
from tests.gui.conftest import PASSPHRASE, lock_and_wait, unlock_in_window
from tests.gui.store_setup import ask
from tests.sync_setup import new_coordinator


def make_invitation(tmp_path: Path, clock: FakeClock) -> Path:
    coordinator = new_coordinator(tmp_path / "coordinator", clock)
    try:
        person = make_person(coordinator, "Sam")
        return pairing.invite(coordinator, person.id, tmp_path).path
    finally:
        coordinator.close()


def open_join_page(window):
    assert window.stack.currentWidget() is window.welcome_page
    assert window.welcome_page.join_button.text() == "Join my organisation with an invitation file"
    window.welcome_page.join_button.click()
    assert window.stack.currentWidget() is window.join_page
    return window.join_page


def test_joining_creates_this_laptops_store_and_shows_its_fingerprint(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    # The app's own clock is the real one here, so the invitation is made "now".
    invitation = make_invitation(tmp_path, FakeClock(dt.datetime.now(dt.UTC)))
    window = make_window(tmp_path / "laptop")
    page = open_join_page(window)
    assert not page.join_button.isEnabled()  # no invitation yet
    monkeypatch.setattr(join_page, "ask_for_invitation", lambda _parent: invitation)

    page.choose_button.click()
    qtbot.waitUntil(lambda: "Riverside Peer Support" in page.invitation_info.text())
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(days=14)).astimezone().date()
    assert page.invitation_info.text() == (
        "An invitation to join Riverside Peer Support. "
        f"It can be used until {until.day} {until:%B} {until.year}."
    )
    assert page.join_button.isEnabled()
    page.your_name.setText("Sam")
    page.passphrase.setText(PASSPHRASE)
    page.repeated.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.join_button.click()

    workspace = window.workspace
    assert workspace._access.facts.role is StoreRole.FACILITATOR
    assert workspace._access.facts.organisation == "Riverside Peer Support"
    sync = workspace.sync_page
    assert workspace.tabs.currentWidget() is sync
    qtbot.waitUntil(lambda: sync.fingerprint.isVisible())
    assert sync.fingerprint.text() == ask(qtbot, window, pairing.own_fingerprint)
    assert sync.fingerprint_hint.text() == (
        "Tell your coordinator this code, or show them this screen."
    )
    assert sync.waiting_notice.isVisible()
    assert page.passphrase.text() == ""  # nothing typed is kept on the join page

    # An ordinary store from now on: it locks and opens with the passphrase chosen.
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)


def test_a_file_that_is_not_an_invitation_is_named_as_such(qtbot, make_window, tmp_path) -> None:
    other = tmp_path / "notes.fainvite"
    other.write_text("shopping list")
    window = make_window(tmp_path / "laptop")
    page = open_join_page(window)
    page.use_invitation(other)
    qtbot.waitUntil(lambda: "not an invitation" in page.invitation_info.text())
    assert page.invitation_info.text() == "That file is not an invitation from facilitator_app."
    assert page.invitation_info.property("role") == "message"
    assert not page.join_button.isEnabled()
    assert not (tmp_path / "laptop").exists()


def test_an_expired_invitation_says_to_ask_for_a_new_one(qtbot, make_window, tmp_path) -> None:
    invitation = make_invitation(tmp_path, FakeClock(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)))
    window = make_window(tmp_path / "laptop")
    page = open_join_page(window)
    page.use_invitation(invitation)
    qtbot.waitUntil(lambda: "expired" in page.invitation_info.text())
    assert "Ask your coordinator for a new one." in page.invitation_info.text()
    assert not page.join_button.isEnabled()


def test_passphrases_that_differ_are_refused_and_nothing_is_made(
    qtbot, make_window, tmp_path
) -> None:
    invitation = make_invitation(tmp_path, FakeClock(dt.datetime.now(dt.UTC)))
    window = make_window(tmp_path / "laptop")
    page = open_join_page(window)
    page.use_invitation(invitation)
    qtbot.waitUntil(lambda: page.join_button.isEnabled())
    page.your_name.setText("Sam")
    page.passphrase.setText("one long passphrase here")
    page.repeated.setText("another long passphrase")
    page.join_button.click()
    qtbot.waitUntil(lambda: "not the same" in page.message.text())
    assert not window.is_unlocked
    assert not (tmp_path / "laptop").exists()
    assert page.join_button.isEnabled()  # they can correct it and try again

    page.back_button.click()
    assert window.stack.currentWidget() is window.welcome_page
