"""The Handouts tab: every handout listed, previewed as it prints, edited, saved as a PDF."""

from __future__ import annotations

import functools
from collections import Counter

from facilitator_app.gui.handouts_page import HandoutsPage
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services.handouts import list_handouts
from tests.gui.conftest import (
    PDF_TIMEOUT,
    choose_handout,
    create_store_in_window,
    lock_and_wait,
    pdf_text,
    show_tab,
    store_work_done,
    unlock_in_window,
    wait_for_pdf,
)
from tests.pdf_reading import (
    LETTER_POINTS,
    assert_size,
    body_runs,
    metadata,
    page_count,
    page_size,
)

GROUNDING = "Grounding toolkit"


def open_handouts(qtbot, make_window) -> tuple[MainWindow, HandoutsPage]:
    window = make_window()
    create_store_in_window(qtbot, window)
    show_tab(qtbot, window, "Handouts")
    page = window.workspace.handouts_page
    qtbot.waitUntil(lambda: page.handout_list.count() == len(list_handouts(None)))
    return window, page


def title_line(page: HandoutsPage, row: int) -> str:
    return page.handout_list.item(row).text().split("\n")[0]


@functools.lru_cache(maxsize=8)
def body_size(data: bytes) -> float:
    """The size most of the body text prints at."""
    return Counter(run.size for run in body_runs(data)).most_common(1)[0][0]


def test_the_list_shows_every_handout_and_previews_the_first(qtbot, make_window) -> None:
    _, page = open_handouts(qtbot, make_window)
    shipped = [handout.title for handout in list_handouts(None)]
    assert [title_line(page, row) for row in range(page.handout_list.count())] == shipped
    assert page.handout_list.currentRow() == 0
    qtbot.waitUntil(lambda: page.preview.page_count >= 1)
    wait_for_pdf(qtbot, page.preview, shipped[0])
    assert page.edit_button.isEnabled()


def test_large_print_on_letter_paper_then_saved_as_a_pdf(qtbot, make_window, tmp_path) -> None:
    window, page = open_handouts(qtbot, make_window)
    choose_handout(qtbot, window, GROUNDING)
    normal = page.preview.data
    normal_size = body_size(normal)

    page.options_bar.large_print.setChecked(True)
    page.options_bar.paper.setCurrentIndex(page.options_bar.paper.findText("US Letter"))

    def letter_in_large_print() -> None:
        data = page.preview.data
        assert page.preview.page_count >= 1
        assert_size(page_size(data), LETTER_POINTS)
        assert body_size(data) > normal_size

    qtbot.waitUntil(letter_in_large_print, timeout=PDF_TIMEOUT)
    large = page.preview.data
    assert page_count(large) > page_count(normal)  # the same words at a larger size
    assert GROUNDING in pdf_text(large)

    target = tmp_path / "x.pdf"
    page.save_to(target)
    qtbot.waitUntil(lambda: page.message.text() == "Saved as x.pdf.")
    assert page.message.isVisible()
    assert target.read_bytes() == large
    assert metadata(target.read_bytes())["/Title"] == GROUNDING
    assert [path.name for path in tmp_path.iterdir() if path.is_file()] == ["x.pdf"]


def test_edited_text_is_listed_previewed_and_can_be_restored(qtbot, make_window) -> None:
    window, page = open_handouts(qtbot, make_window)
    choose_handout(qtbot, window, GROUNDING)
    row = page.handout_list.currentRow()

    page.edit_button.click()
    assert page.is_editing
    assert page.title_edit.text() == GROUNDING
    page.title_edit.setText("Grounding, our way")
    page.body_edit.setPlainText("Name five things you can see.\n\n- Feet on the floor, slowly.")
    page.save_text_button.click()
    qtbot.waitUntil(lambda: title_line(page, row) == "Grounding, our way")
    assert "edited" in page.handout_list.item(row).text()
    assert page.handout_list.currentRow() == row
    assert not page.is_editing
    wait_for_pdf(
        qtbot, page.preview, "Grounding, our way", "Name five things you can see", "Feet on"
    )

    page.edit_button.click()
    page.restore_button.click()
    qtbot.waitUntil(lambda: title_line(page, row) == GROUNDING)
    assert "edited" not in page.handout_list.item(row).text()
    wait_for_pdf(qtbot, page.preview, GROUNDING, absent=["Name five things you can see"])


def test_an_unknown_placeholder_is_named_and_nothing_is_saved(qtbot, make_window) -> None:
    window, page = open_handouts(qtbot, make_window)
    choose_handout(qtbot, window, GROUNDING)
    row = page.handout_list.currentRow()

    page.edit_button.click()
    page.body_edit.setPlainText("Breathe in for four.\n\n{{nope}}")
    page.save_text_button.click()
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert "{{nope}}" in page.message.text()
    assert "Line 3" in page.message.text()
    assert page.is_editing  # what was typed is still there to put right
    assert page.body_edit.toPlainText() == "Breathe in for four.\n\n{{nope}}"

    with store_work_done(qtbot, window):
        page.cancel_button.click()
    # Fetch the list afresh: the store still holds the shipped text.
    show_tab(qtbot, window, "Groups")
    show_tab(qtbot, window, "Handouts")
    assert title_line(page, row) == GROUNDING
    assert "edited" not in page.handout_list.item(row).text()
    wait_for_pdf(qtbot, page.preview, GROUNDING, absent=["Breathe in for four"])


def test_a_half_typed_handout_edit_survives_a_lock(qtbot, make_window) -> None:
    window, page = open_handouts(qtbot, make_window)
    choose_handout(qtbot, window, GROUNDING)
    page.edit_button.click()
    page.title_edit.setText("Grounding for Thursdays")
    page.body_edit.setPlainText("Half a thought about breathing")

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    page = window.workspace.handouts_page
    assert window.workspace.tabs.currentWidget() is page
    assert window.workspace.restored_notice.isVisible()
    qtbot.waitUntil(lambda: page.is_editing)
    assert page.title_edit.text() == "Grounding for Thursdays"
    assert page.body_edit.toPlainText() == "Half a thought about breathing"
    assert title_line(page, page.handout_list.currentRow()) == GROUNDING  # not saved behind it


def test_typing_in_a_handout_survives_a_visit_to_another_tab(qtbot, make_window) -> None:
    window, page = open_handouts(qtbot, make_window)
    choose_handout(qtbot, window, GROUNDING)
    page.edit_button.click()
    page.body_edit.setPlainText("Still typing this")
    show_tab(qtbot, window, "Groups")
    show_tab(qtbot, window, "Handouts")  # the list is fetched again
    assert page.is_editing
    assert page.body_edit.toPlainText() == "Still typing this"
    assert title_line(page, page.handout_list.currentRow()) == GROUNDING
