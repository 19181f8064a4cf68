"""Coordinators rewrite and retire protocols in the app; the crisis screen follows."""

from __future__ import annotations

import shutil

from facilitator_app import resource_files
from tests.gui.conftest import create_store_in_window, lock_and_wait, unlock_in_window


def open_editor(qtbot, make_window):
    window = make_window()
    create_store_in_window(qtbot, window)
    workspace = window.workspace
    workspace.tabs.setCurrentWidget(workspace.protocols_page)
    page = workspace.protocols_page
    qtbot.waitUntil(lambda: page.protocol_list.count() == 9)
    page.protocol_list.setCurrentRow(0)
    return window, page


def crisis_titles(qtbot, window) -> list[str]:
    window.open_protocols()
    crisis = window.workspace.crisis
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    titles = [crisis.card_choice.itemText(i) for i in range(crisis.card_choice.count())]
    crisis.back_to_app_button.click()
    return titles


def test_a_rewritten_protocol_is_what_the_crisis_screen_offers(qtbot, make_window) -> None:
    window, page = open_editor(qtbot, make_window)
    assert page.title.text() == "Flashback, dissociation or panic in the group"
    page.title.setText("Flashback or panic (our words)")
    page.step_list.setCurrentRow(0)
    page.step_text.setText("Go to them; your co-facilitator holds the group.")
    page.step_text.textEdited.emit(page.step_text.text())
    page.save_button.click()
    qtbot.waitUntil(lambda: "version 2" in page.message.text())
    assert "version 2 · edited" in page.protocol_list.item(0).text()
    titles = crisis_titles(qtbot, window)
    assert titles[0] == "Flashback or panic (our words)"
    steps = window.workspace.crisis._protocols[0].steps
    assert steps[0].text == "Go to them; your co-facilitator holds the group."


def test_a_retired_protocol_leaves_the_crisis_screen(qtbot, make_window) -> None:
    window, page = open_editor(qtbot, make_window)
    page.protocol_list.setCurrentRow(8)
    assert page.title.text() == "After every session"
    page.retire_button.click()
    qtbot.waitUntil(lambda: "retired" in page.protocol_list.item(8).text())
    assert "After every session" not in crisis_titles(qtbot, window)
    window.workspace.tabs.setCurrentWidget(page)
    page.protocol_list.setCurrentRow(8)
    page.restore_button.click()
    qtbot.waitUntil(lambda: "version 3 · edited" in page.protocol_list.item(8).text())
    assert "After every session" in crisis_titles(qtbot, window)


def test_an_empty_title_is_refused_in_place(qtbot, make_window) -> None:
    _, page = open_editor(qtbot, make_window)
    page.title.setText("")
    page.save_button.click()
    qtbot.waitUntil(lambda: "title can't be empty" in page.message.text())
    assert "version 1 · as shipped" in page.protocol_list.item(0).text()


def test_half_rewritten_protocol_survives_a_lock(qtbot, make_window) -> None:
    window, page = open_editor(qtbot, make_window)
    page.title.setText("Half rewritten")
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    page = window.workspace.protocols_page
    assert window.workspace.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.title.text() == "Half rewritten")
    assert page.step_list.count() == 11


def test_a_broken_protocol_file_is_named_on_the_protocols_tab(
    qtbot, make_window, monkeypatch, tmp_path
) -> None:
    copy = tmp_path / "resources"
    shutil.copytree(resource_files.resources_root(), copy)
    (copy / "protocols" / "broken.toml").write_text('title = "Broken"\nsteps = [\n', "utf-8")
    monkeypatch.setattr(resource_files, "resources_root", lambda: copy)
    _, page = open_editor(qtbot, make_window)
    qtbot.waitUntil(page.file_problems.isVisible)
    assert "broken.toml, line" in page.file_problems.text()
    assert page.protocol_list.count() == 9  # the others still load
