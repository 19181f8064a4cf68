"""The Facilitators tab: profiles added and changed through the screen, as a coordinator would.

Bad input gets the service's calm message and changes nothing; a facilitator's laptop
changes only its own availability, time away and pauses, and has no supervision log.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from facilitator_app.domain.facilitators import Stage, format_day
from facilitator_app.domain.people import PersonRole
from facilitator_app.gui.profile_support import SupervisionBox
from facilitator_app.services.stores import StoreRole
from tests import factories
from tests.gui.conftest import (
    add_group,
    create_store_in_window,
    list_texts,
    lock_and_wait,
    row_starting,
    show_tab,
    store_work_done,
    unlock_in_window,
)

TODAY = dt.date.today()


def day(value: dt.date) -> str:
    return f"{format_day(value)} {value.year}"


def open_page(qtbot, window):
    show_tab(qtbot, window, "Facilitators")
    page = window.workspace.people_page
    qtbot.waitUntil(lambda: page.person_list.count() >= 1)
    return page


def new_window_page(qtbot, make_window):
    window = make_window()
    create_store_in_window(qtbot, window)
    return window, open_page(qtbot, window)


def add_facilitator(qtbot, window, page, name: str, contact: str = "") -> None:
    page.new_button.click()
    page.details.name.setText(name)
    page.details.contact_preference.setText(contact)
    with store_work_done(qtbot, window):
        page.details.save_button.click()
    assert page.stage.context is not None
    assert page.stage.context.person.name == name


def choose(qtbot, window, page, name: str) -> None:
    row = row_starting(page.person_list, name)
    if page.person_list.currentRow() != row:
        with store_work_done(qtbot, window):
            page.person_list.setCurrentRow(row)
    assert page.details.name.text() == name


def click(qtbot, window, button) -> None:
    with store_work_done(qtbot, window):
        button.click()


def with_ash(qtbot, make_window):
    window, page = new_window_page(qtbot, make_window)
    add_facilitator(qtbot, window, page, "Ash", "Text first, then call")
    return window, page


def profile(page):
    return page.stage.context.profile


# --- details and stage ----------------------------------------------------------------


def test_add_a_facilitator_with_a_starting_stage(qtbot, make_window) -> None:
    window, page = new_window_page(qtbot, make_window)
    page.new_button.click()
    details = page.details
    assert details.role.currentData() == PersonRole.FACILITATOR.value
    assert details.stage.currentData() == Stage.SHADOWING.value
    assert details.approved_by.text() == "Morgan"
    assert details.save_button.text() == "Add facilitator"
    details.name.setText("Ash")
    details.contact_preference.setText("Text first, then call")
    click(qtbot, window, details.save_button)

    assert "Ash\nPeer facilitator  ·  Shadowing" in list_texts(page.person_list)
    assert page.stage.current.text() == f"Shadowing since {day(TODAY)}"
    assert list_texts(page.stage.history) == [f"{day(TODAY)}  ·  Shadowing  ·  approved by Morgan"]
    assert details.contact_preference.text() == "Text first, then call"
    assert details.save_button.text() == "Save details"


def test_a_support_worker_can_still_be_added(qtbot, make_window) -> None:
    window, page = new_window_page(qtbot, make_window)
    page.new_button.click()
    details = page.details
    details.role.setCurrentIndex(details.role.findData(PersonRole.SUPPORT_WORKER.value))
    assert details.stage.isHidden()
    assert details.save_button.text() == "Add person"
    details.name.setText("Gwen")
    click(qtbot, window, details.save_button)
    assert "Gwen\nSupport worker" in list_texts(page.person_list)
    assert page.stage.current.text() == "No stage yet: not planned on the rota"


def test_change_stage_shows_the_history_with_who_approved(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    stage = page.stage
    stage.change_button.click()
    assert not stage.change_form.isHidden()
    assert stage.new_stage.currentData() == Stage.CO_FACILITATOR.value
    stage.approved_by.setText("Sam")
    click(qtbot, window, stage.save_change_button)

    assert stage.change_form.isHidden()
    assert stage.current.text() == f"Co-facilitator since {day(TODAY)}"
    assert list_texts(stage.history)[0] == f"{day(TODAY)}  ·  Co-facilitator  ·  approved by Sam"
    assert len(list_texts(stage.history)) == 2
    assert "Ash\nPeer facilitator  ·  Co-facilitator" in list_texts(page.person_list)


def test_a_stage_change_dated_in_the_future_is_refused(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    stage = page.stage
    stage.change_button.click()
    stage.changed_on.setDate(stage.changed_on.date().addDays(1))
    click(qtbot, window, stage.save_change_button)
    assert stage.message.text() == "A stage change can't be dated in the future."
    assert profile(page).stage is Stage.SHADOWING
    assert len(list_texts(stage.history)) == 1
    assert not stage.change_form.isHidden()  # the typing stays to be corrected


def test_details_are_saved_and_an_empty_name_is_refused(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    details = page.details
    details.name.setText("  ")
    click(qtbot, window, details.save_button)
    assert details.message.text() == "The person's name can't be empty."
    assert any(line.startswith("Ash") for line in list_texts(page.person_list))
    details.name.setText("Ashley")
    details.contact_preference.setText("Email only")
    click(qtbot, window, details.save_button)
    assert any(line.startswith("Ashley\n") for line in list_texts(page.person_list))
    assert profile(page).contact_preference == "Email only"


# --- groups and readiness -----------------------------------------------------------------


def test_groups_they_work_with_are_saved(qtbot, make_window) -> None:
    window, _ = new_window_page(qtbot, make_window)
    add_group(qtbot, window, "Tuesday evening group")
    add_group(qtbot, window, "Walking group")
    page = open_page(qtbot, window)
    add_facilitator(qtbot, window, page, "Ash")
    groups = page.groups
    assert list_texts(groups.group_list) == ["Tuesday evening group", "Walking group"]
    groups.group_list.item(1).setCheckState(Qt.CheckState.Checked)
    click(qtbot, window, groups.save_button)
    assert groups.message.text() == "Groups saved."
    walking = groups.group_list.item(1).data(Qt.ItemDataRole.UserRole)
    assert profile(page).group_ids == {walking}

    choose(qtbot, window, page, "Morgan")
    choose(qtbot, window, page, "Ash")
    assert groups.ticked_ids() == {walking}


def test_readiness_is_saved_and_kept_through_a_refresh(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    readiness = page.readiness
    readiness.self_care_plan.setChecked(True)
    readiness.shadowing_sessions.setValue(4)
    readiness.notes.setPlainText("Calm and thoughtful in observed sessions.")
    # Another box saving refreshes the profile: the unsaved checklist must stay.
    page.training.course.setText("Peer support foundations")
    click(qtbot, window, page.training.add_button)
    assert readiness.notes.toPlainText() == "Calm and thoughtful in observed sessions."
    click(qtbot, window, readiness.save_button)
    assert readiness.message.text() == "Readiness saved."
    saved = profile(page).readiness
    assert (saved.self_care_plan, saved.shadowing_sessions) == (True, 4)
    assert saved.notes == "Calm and thoughtful in observed sessions."


def test_unsaved_details_and_readiness_survive_a_lock(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    page.details.contact_preference.setText("Half-typed preference")
    page.readiness.notes.setPlainText("Half-typed notes")
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    page = window.workspace.people_page
    assert window.workspace.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.readiness.notes.toPlainText() == "Half-typed notes")
    assert page.details.contact_preference.text() == "Half-typed preference"
    assert page.details.name.text() == "Ash"
    assert page.has_changes()


def test_unsaved_readiness_alone_comes_back_on_its_own_section(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    page.readiness.shadowing_sessions.setValue(3)
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    page = window.workspace.people_page
    qtbot.waitUntil(lambda: page.readiness.shadowing_sessions.value() == 3)
    assert page.sections.currentWidget() is page.readiness_tab
    assert not page.details.has_changes()


def test_typing_in_every_section_survives_a_lock(qtbot, make_window) -> None:
    """A supervision note, a pause's private reason, a course half typed: a lock loses none."""
    window, page = with_ash(qtbot, make_window)
    add_group(qtbot, window, "Tuesday group")
    page = open_page(qtbot, window)
    choose(qtbot, window, page, "Ash")
    qtbot.waitUntil(lambda: page.groups.group_list.count() == 1)
    supervision = page.supervision
    assert supervision is not None
    page.stage.change_button.click()
    page.stage.approved_by.setText("Priya")
    page.groups.group_list.item(0).setCheckState(Qt.CheckState.Checked)
    page.training.course.setText("Safeguarding adults")
    page.training.expires_on.set_value(TODAY + dt.timedelta(days=300), TODAY)
    supervision.with_whom.setText("Priya")
    supervision.note.setText("Half-typed note about pacing")
    page.availability.weekdays[1].setChecked(True)
    page.availability.max_per_month.setValue(3)
    page.time_away.last_day.setDate(page.time_away.last_day.date().addDays(6))
    page.pauses.pause_button.click()
    page.pauses.reason.setText("Half-typed reason")
    page.pauses.ends_on.set_value(TODAY + dt.timedelta(days=14), TODAY)
    typed = {section: section.snapshot() for section in page.profile_sections()}

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    page = window.workspace.people_page
    assert window.workspace.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.pauses.reason.text() == "Half-typed reason")
    again = {type(section): section.snapshot() for section in page.profile_sections()}
    assert again == {type(section): snapshot for section, snapshot in typed.items()}
    assert page.pauses.pause_form.isVisibleTo(page.pauses)
    assert page.stage.change_form.isVisibleTo(page.stage)
    assert page.has_changes()
    assert not page.details.has_changes()


def test_coming_back_to_the_tab_keeps_unsaved_details(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    page.details.contact_preference.setText("Only after 6pm")
    show_tab(qtbot, window, "Groups")
    with store_work_done(qtbot, window):
        show_tab(qtbot, window, "Facilitators")  # reloads the list and the profile
    assert page.details.contact_preference.text() == "Only after 6pm"
    assert page.details.name.text() == "Ash"


# --- training and supervision -------------------------------------------------------------


def test_training_is_added_flagged_and_removed(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    training = page.training
    training.course.setText("Safeguarding adults, level 2")
    training.completed_on.setDate(training.completed_on.date().addDays(-700))
    training.expires_on.set_value(TODAY + dt.timedelta(days=20), TODAY)
    click(qtbot, window, training.add_button)
    assert training.message.text() == "Training added."
    assert training.course.text() == ""
    [line] = list_texts(training.training_list)
    assert line.startswith("Safeguarding adults, level 2  ·  completed")
    assert line.endswith(f"expires {day(TODAY + dt.timedelta(days=20))}, renew soon")

    training.course.setText("First aid")
    training.completed_on.setDate(training.completed_on.date().addDays(-1000))
    training.expires_on.set_value(TODAY - dt.timedelta(days=3), TODAY)
    click(qtbot, window, training.add_button)
    assert any(
        "First aid" in t and "due for renewal" in t for t in list_texts(training.training_list)
    )

    training.training_list.setCurrentRow(row_starting(training.training_list, "First aid"))
    click(qtbot, window, training.remove_button)
    assert len(profile(page).training) == 1
    assert not any(t.startswith("First aid") for t in list_texts(training.training_list))


def test_training_without_a_course_or_expiring_before_completion_is_refused(
    qtbot, make_window
) -> None:
    window, page = with_ash(qtbot, make_window)
    training = page.training
    click(qtbot, window, training.add_button)
    assert training.message.text() == "The course name can't be empty."
    training.course.setText("First aid")
    training.expires_on.set_value(TODAY - dt.timedelta(days=1), TODAY)
    click(qtbot, window, training.add_button)
    assert training.message.text() == "The training expires before it was completed."
    assert profile(page).training == ()
    assert list_texts(training.training_list) == ["No training recorded yet"]
    assert training.course.text() == "First aid"


def test_supervision_is_added_on_a_coordinators_store(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    supervision = page.supervision
    assert supervision is not None
    assert supervision.with_whom.text() == "Morgan"
    supervision.note.setText("Talked about pacing the check-in")
    click(qtbot, window, supervision.add_button)
    assert list_texts(supervision.supervision_list) == [
        f"{day(TODAY)}  ·  with Morgan  ·  Talked about pacing the check-in"
    ]

    supervision.held_on.setDate(supervision.held_on.date().addDays(1))
    click(qtbot, window, supervision.add_button)
    assert supervision.message.text() == "Record supervision once it has happened."
    assert len(profile(page).supervision) == 1


# --- availability, time away and pauses -----------------------------------------------------


def test_availability_weekdays_and_monthly_limit_round_trip(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    availability = page.availability
    assert availability.max_per_month.text() == "No limit"
    availability.weekdays[1].setChecked(True)
    availability.weekdays[3].setChecked(True)
    availability.max_per_month.setValue(4)
    click(qtbot, window, availability.save_button)
    assert availability.message.text() == "Availability saved."

    choose(qtbot, window, page, "Morgan")
    assert not any(box.isChecked() for box in availability.weekdays)
    choose(qtbot, window, page, "Ash")
    assert [box.isChecked() for box in availability.weekdays] == [
        False, True, False, True, False, False, False,
    ]  # fmt: skip
    assert availability.max_per_month.value() == 4
    saved = profile(page).availability
    assert (saved.weekdays, saved.max_per_month) == (frozenset({1, 3}), 4)


def test_time_away_is_added_and_removed(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    away = page.time_away
    away.first_day.setDate(away.first_day.date().addDays(10))
    away.last_day.setDate(away.last_day.date().addDays(3))
    click(qtbot, window, away.add_button)
    assert away.message.text() == "The time away ends before it starts."
    assert profile(page).unavailable == ()

    away.last_day.setDate(away.last_day.date().addDays(14))
    click(qtbot, window, away.add_button)
    first, last = TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=17)
    assert list_texts(away.away_list) == [f"{day(first)} to {day(last)}"]
    away.away_list.setCurrentRow(0)
    click(qtbot, window, away.remove_button)
    assert list_texts(away.away_list) == ["No time away planned"]
    assert profile(page).unavailable == ()


def test_pause_and_end_pause_with_the_private_reason_shown_here_only(qtbot, make_window) -> None:
    window, page = with_ash(qtbot, make_window)
    pauses = page.pauses
    pauses.pause_button.click()
    pauses.starts_on.setDate(pauses.starts_on.date().addDays(-3))
    pauses.ends_on.set_value(TODAY - dt.timedelta(days=5), TODAY)
    pauses.reason.setText("Family matters")
    click(qtbot, window, pauses.save_pause_button)
    assert pauses.message.text() == "The pause ends before it starts."
    assert profile(page).pauses == ()

    pauses.ends_on.set_value(None, TODAY)
    click(qtbot, window, pauses.save_pause_button)
    started = TODAY - dt.timedelta(days=3)
    assert list_texts(pauses.pause_list) == [
        f"From {day(started)}, until lifted  ·  now  ·  Family matters"
    ]
    assert "Ash  ·  paused\nPeer facilitator  ·  Shadowing" in list_texts(page.person_list)
    assert not any("Family matters" in line for line in list_texts(page.person_list))

    assert pauses.end_button.isEnabled()
    click(qtbot, window, pauses.end_button)
    yesterday = TODAY - dt.timedelta(days=1)
    assert list_texts(pauses.pause_list) == [
        f"From {day(started)} until {day(yesterday)}  ·  Family matters"
    ]
    assert "Ash\nPeer facilitator  ·  Shadowing" in list_texts(page.person_list)
    assert not pauses.end_button.isEnabled()


# --- a facilitator's laptop ------------------------------------------------------------------


def open_facilitator_laptop(qtbot, make_window, tmp_path: Path):
    folder = tmp_path / "laptop"
    store = factories.make_store(folder, role=StoreRole.FACILITATOR, your_name="Ash")
    factories.synced_person(store, "Priya")
    store.close()
    window = make_window(folder)
    unlock_in_window(qtbot, window, factories.PASSPHRASE)
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.details.name.text() == "Ash")
    return window, page


def test_a_facilitators_laptop_changes_only_their_own_availability_and_pauses(
    qtbot, make_window, tmp_path
) -> None:
    window, page = open_facilitator_laptop(qtbot, make_window, tmp_path)
    assert page.read_only_hint.isVisible()
    assert not page.new_button.isVisible()
    assert page.supervision is None
    assert not page.findChildren(SupervisionBox)
    titles = [page.sections.tabText(i) for i in range(page.sections.count())]
    assert titles == ["Details", "Readiness and training", "Availability", "Wellbeing pause"]
    for widget in (
        page.details.name,
        page.details.save_button,
        page.details.archive_button,
        page.stage.change_button,
        page.groups.save_button,
        page.readiness.notes,
        page.readiness.save_button,
        page.training.add_button,
    ):
        assert not widget.isEnabled(), widget
    assert page.availability.save_button.isEnabled()
    assert page.time_away.add_button.isEnabled()
    assert page.pauses.pause_button.isEnabled()

    page.availability.weekdays[0].setChecked(True)
    click(qtbot, window, page.availability.save_button)
    assert page.availability.message.text() == "Availability saved."
    page.pauses.pause_button.click()
    click(qtbot, window, page.pauses.save_pause_button)
    assert list_texts(page.person_list)[row_starting(page.person_list, "Ash")].startswith(
        "Ash  ·  paused\n"
    )

    choose(qtbot, window, page, "Priya")
    assert not page.availability.save_button.isEnabled()
    assert not page.time_away.add_button.isEnabled()
    assert not page.pauses.pause_button.isEnabled()
