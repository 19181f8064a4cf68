"""The Signposting tab and the organisation's details, and how both reach the handouts."""

from __future__ import annotations

from facilitator_app.documents.shipped import shipped_services
from facilitator_app.gui.directory_page import DirectoryPage
from facilitator_app.gui.main_window import MainWindow
from tests.factories import png_bytes
from tests.gui.conftest import (
    choose_handout,
    create_store_in_window,
    list_texts,
    pdf_text,
    row_starting,
    show_tab,
)
from tests.pdf_reading import image_names, reader

CHECK_MARK = "check before use"
GETTING_HELP = "Getting help now"


def open_directory(qtbot, make_window) -> tuple[MainWindow, DirectoryPage]:
    window = make_window()
    create_store_in_window(qtbot, window)
    show_tab(qtbot, window, "Signposting")
    page = window.workspace.directory_page
    qtbot.waitUntil(lambda: page.service_list.count() == len(shipped_services()))
    return window, page


def test_the_shipped_directory_is_listed_and_marked_for_checking(qtbot, make_window) -> None:
    _, page = open_directory(qtbot, make_window)
    shipped = [service.name for service in shipped_services()]
    lines = list_texts(page.service_list)
    assert [line.split("  ·  ")[0] for line in lines] == shipped
    # Nobody at the charity has checked the shipped entries yet.
    assert all(line.endswith(CHECK_MARK) for line in lines)


def test_checked_today_removes_the_mark_from_that_entry_only(qtbot, make_window) -> None:
    _, page = open_directory(qtbot, make_window)
    row = row_starting(page.service_list, "Samaritans")
    page.service_list.setCurrentRow(row)
    assert page.name.text() == "Samaritans"
    page.checked_today_button.click()
    qtbot.waitUntil(lambda: page.service_list.item(row).text() == "Samaritans")
    qtbot.waitUntil(lambda: page.message.text() == "Saved.")
    assert page.last_checked.tick.isChecked()
    others = [line for line in list_texts(page.service_list) if line != "Samaritans"]
    assert len(others) == len(shipped_services()) - 1
    assert all(line.endswith(CHECK_MARK) for line in others)


def test_a_service_without_a_name_is_refused(qtbot, make_window) -> None:
    _, page = open_directory(qtbot, make_window)
    page.new_button.click()
    assert page.save_button.text() == "Add service"
    page.offers.setPlainText("Listening, in person, on Tuesdays.")
    page.phone.setText("01234 000000")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert page.message.text() == "The service's name can't be empty."
    assert page.service_list.count() == len(shipped_services())
    assert page.offers.toPlainText() == "Listening, in person, on Tuesdays."  # typing kept


def test_an_edited_phone_number_is_printed_on_the_handout(qtbot, make_window) -> None:
    window, page = open_directory(qtbot, make_window)
    page.service_list.setCurrentRow(row_starting(page.service_list, "NAPAC"))
    assert page.phone.text() == "0808 801 0331"
    page.phone.setText("0808 555 0199")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "Saved.")
    assert page.phone.text() == "0808 555 0199"

    data = choose_handout(qtbot, window, GETTING_HELP, "NAPAC", "0808 555 0199")
    assert "0808 801 0331" not in pdf_text(data)


def open_organisation(qtbot, make_window):
    window = make_window()
    create_store_in_window(qtbot, window)
    show_tab(qtbot, window, "Settings")
    box = window.workspace.settings_page.organisation
    qtbot.waitUntil(lambda: box.name.text() == "Riverside Survivors' Network")
    assert box.isVisible()
    return window, box


def test_a_logo_and_phone_are_saved_and_printed(qtbot, make_window, tmp_path) -> None:
    window, box = open_organisation(qtbot, make_window)
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes(60, 30))
    box.load_logo_file(logo)
    assert not box.logo_preview.pixmap().isNull()
    assert box.remove_logo_button.isEnabled()
    box.phone.setText("01632 960 123")
    box.save_button.click()
    qtbot.waitUntil(lambda: box.message.text() == "Saved.")
    assert box.phone.text() == "01632 960 123"
    assert not box.logo_preview.pixmap().isNull()

    data = choose_handout(qtbot, window, GETTING_HELP, "01632 960 123")
    assert image_names(reader(data).pages[0]), "the logo is not on the first page"


def test_a_text_file_named_logo_png_is_refused_calmly(qtbot, make_window, tmp_path) -> None:
    _, box = open_organisation(qtbot, make_window)
    fake = tmp_path / "logo.png"
    fake.write_text("This is a text file named logo.png\n")
    box.load_logo_file(fake)
    assert box.logo_preview.text() == "No logo"  # nothing to show: it is not an image
    box.save_button.click()
    qtbot.waitUntil(lambda: box.message.isVisible())
    assert box.message.text() == "The logo must be a PNG or JPEG image."
    assert box.message.property("role") == "message"
