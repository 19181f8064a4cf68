"""Inviting a facilitator's laptop from their profile on the Facilitators tab."""

from __future__ import annotations

from facilitator_app.domain.people import PersonRole
from facilitator_app.gui import stick_chooser
from facilitator_app.services import pairing
from facilitator_app.services.stores import StoreRole
from tests.factories import FakeClock, make_person
from tests.gui.conftest import row_starting, show_tab, store_work_done
from tests.gui.store_setup import build_store, open_window
from tests.gui.sync_windows import make_pair, new_stick


def facilitators_tab(qtbot, window):
    show_tab(qtbot, window, "Facilitators")
    page = window.workspace.people_page
    qtbot.waitUntil(lambda: page.person_list.count() >= 1)
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    return page


def choose(qtbot, window, page, name: str) -> None:
    row = row_starting(page.person_list, name)
    if page.person_list.currentRow() != row:
        with store_work_done(qtbot, window):
            page.person_list.setCurrentRow(row)
    assert page.details.name.text() == name


def test_invite_writes_a_file_on_the_stick_and_says_what_happens_next(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()

    def people(store) -> None:
        make_person(store, "Sam")
        make_person(store, "Jo", PersonRole.SUPPORT_WORKER)

    build_store(tmp_path / "store", people)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", clock)
    page = facilitators_tab(qtbot, window)
    choose(qtbot, window, page, "Sam")
    laptop = page.laptop
    assert laptop is not None
    assert laptop.isVisible()
    assert "Sam can use the app on their own laptop" in laptop.explanation.text()
    assert not laptop.devices.isVisible()  # nothing paired yet

    stick = new_stick(tmp_path)
    asked: list[str] = []

    def choose_stick(_parent, _title, intro, **_kwargs):
        asked.append(intro)
        return [stick]

    monkeypatch.setattr(stick_chooser, "choose_stick", choose_stick)
    with store_work_done(qtbot, window):
        laptop.invite_button.click()

    [written] = list(stick.iterdir())
    assert written.name.startswith("invitation-")
    assert written.suffix == ".fainvite"
    assert "Sam" not in written.name  # the file name names nobody
    assert asked == ["Where should the invitation for Sam go? Choose the USB stick."]
    text = laptop.message.text()
    assert str(written) in text
    assert "It works once, until 28 March 2025." in text
    assert "Nothing needs comparing yet" in text
    invitation = pairing.read_invitation(written, clock=clock)
    assert invitation.organisation == "Riverside Peer Support"

    # Staff are not invited this way; the box is only for facilitators.
    choose(qtbot, window, page, "Jo")
    assert not laptop.isVisible()


def test_the_profile_shows_a_paired_laptops_fingerprint(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    clock = FakeClock()
    seen: dict[str, str] = {}
    pair = make_pair(
        tmp_path, clock, lambda _co, lap: seen.update(code=pairing.own_fingerprint(lap.store))
    )
    window = open_window(qtbot, make_window, monkeypatch, pair.coordinator, clock)
    page = facilitators_tab(qtbot, window)
    choose(qtbot, window, page, "Sam")
    assert page.laptop is not None
    qtbot.waitUntil(lambda: page.laptop.devices.isVisible())
    assert page.laptop.devices.text() == f"Paired: fingerprint {seen['code']}"


def test_a_facilitators_laptop_cannot_invite(qtbot, make_window, monkeypatch, tmp_path) -> None:
    clock = FakeClock()
    pair = make_pair(tmp_path, clock)
    window = open_window(qtbot, make_window, monkeypatch, pair.facilitator, clock)
    assert window.workspace.people_page.laptop is None
    assert window.workspace._access.facts.role is StoreRole.FACILITATOR
