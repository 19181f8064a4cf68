"""Papers to print from a planned session or a group: plan, register, agreement, rota."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from facilitator_app.gui.document_dialog import DocumentDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services.handouts import default_agreement_items
from tests.gui.conftest import (
    add_group,
    create_store_in_window,
    lock_and_wait,
    open_paper,
    plan_session,
    unlock_in_window,
    visible_dialogs,
    visible_texts,
    wait_for_pdf,
)

GROUP = "Thursday evening circle"
MEMBERS = ["Łucja", "Ελένη", "Nguyễn Thị Bích Hằng"]
TOPIC = "Sleep and rest"
AGREEMENT = ["Headlines, not details.", "Phones on silent.", "What is said here stays here."]
HOLDS_NAMES = "This paper holds names."


def planned_session(qtbot, make_window) -> MainWindow:
    window = make_window()
    create_store_in_window(qtbot, window)
    add_group(qtbot, window, GROUP, MEMBERS, agreement="\n".join(AGREEMENT))
    plan_session(qtbot, window, TOPIC, lead="Morgan", register_size=len(MEMBERS))
    return window


def says_it_holds_names(dialog: DocumentDialog) -> bool:
    return any(
        label.isVisible() and label.text().startswith(HOLDS_NAMES)
        for label in dialog.findChildren(QLabel)
    )


def test_session_plan_paper(qtbot, make_window) -> None:
    window = planned_session(qtbot, make_window)
    editor = window.workspace.sessions_page.editor
    assert editor.plan_paper_button.isEnabled()
    dialog = open_paper(window, editor.plan_paper_button)
    assert dialog.windowTitle() == "Session plan"
    wait_for_pdf(qtbot, dialog.preview, GROUP, TOPIC, "Morgan", *AGREEMENT)
    assert says_it_holds_names(dialog)


def test_paper_register_has_every_name_intact(qtbot, make_window) -> None:
    window = planned_session(qtbot, make_window)
    editor = window.workspace.sessions_page.editor
    dialog = open_paper(window, editor.register_paper_button)
    assert dialog.windowTitle() == "Paper register"
    wait_for_pdf(qtbot, dialog.preview, GROUP, *MEMBERS)
    assert says_it_holds_names(dialog)


def test_agreement_paper_has_the_groups_items(qtbot, make_window) -> None:
    window = planned_session(qtbot, make_window)
    groups = window.workspace.groups_page
    window.workspace.tabs.setCurrentWidget(groups)
    groups.detail_tabs.setCurrentIndex(0)
    editor = groups.editor
    assert editor.group is not None
    assert editor.agreement_paper_button.isVisible()
    dialog = open_paper(window, editor.agreement_paper_button)
    text = wait_for_pdf(qtbot, dialog.preview, GROUP, *AGREEMENT)
    for item in default_agreement_items(None):
        if item not in AGREEMENT:
            assert item not in text  # the group's own words, not the defaults
    assert not says_it_holds_names(dialog)


def test_rota_lists_the_session(qtbot, make_window) -> None:
    window = planned_session(qtbot, make_window)
    sessions = window.workspace.sessions_page
    dialog = open_paper(window, sessions.rota_button)
    wait_for_pdf(qtbot, dialog.preview, GROUP, "Morgan", "Rota")
    assert says_it_holds_names(dialog)


def test_locking_closes_every_open_paper(qtbot, make_window) -> None:
    window = planned_session(qtbot, make_window)
    sessions = window.workspace.sessions_page
    papers = [
        open_paper(window, sessions.editor.plan_paper_button),
        open_paper(window, sessions.editor.register_paper_button),
        open_paper(window, sessions.rota_button),
    ]
    for paper in papers:
        wait_for_pdf(qtbot, paper.preview, GROUP)
    assert len(visible_dialogs()) == 3

    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock_now()
        assert visible_dialogs() == []  # at once, not only when the store has closed
    shown = " ".join(
        text for widget in QApplication.topLevelWidgets() for text in visible_texts(widget)
    )
    for secret in [GROUP, TOPIC, *MEMBERS]:
        assert secret not in shown

    unlock_in_window(qtbot, window)
    assert visible_dialogs() == []  # nothing comes back by itself after unlocking


def test_a_new_groups_agreement_starts_from_the_default_items(qtbot, make_window) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    editor = window.workspace.groups_page.editor
    defaults = "\n".join(default_agreement_items(None))
    qtbot.waitUntil(lambda: editor.agreement.toPlainText() == defaults)
    assert editor.group is None
    assert editor.name.text() == ""
    assert editor.draft() is None

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    assert not window.workspace.restored_notice.isVisible()
    editor = window.workspace.groups_page.editor
    qtbot.waitUntil(lambda: editor.agreement.toPlainText() == defaults)


def test_a_group_name_typed_before_the_default_items_arrive_survives_a_lock(
    qtbot, make_window
) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    page = window.workspace.groups_page
    page.new_button.click()
    page.editor.name.setText("Typed straight away")  # before the default items come back
    defaults = "\n".join(default_agreement_items(None))
    qtbot.waitUntil(lambda: page.editor.agreement.toPlainText() == defaults)

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    page = window.workspace.groups_page
    assert window.workspace.restored_notice.isVisible()
    qtbot.waitUntil(lambda: page.editor.name.text() == "Typed straight away")
    assert page.editor.agreement.toPlainText() == defaults
