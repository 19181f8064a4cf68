"""Choosing the USB stick: removable drives offered first, any folder as a fallback;
and the plain words the Sync tab uses for records and their values."""

from __future__ import annotations

from pathlib import Path

from facilitator_app.gui.stick_chooser import StickChooser, Volume, likely_sticks
from facilitator_app.gui.sync_words import conflict_words, value_words


def volume(path: str, *, name: str = "", root: bool = False, read_only: bool = False) -> Volume:
    return Volume(Path(path), name, 3 * 1024**3, read_only, root, ready=True)


LINUX = [
    volume("/", root=True),
    volume("/boot/efi"),
    volume("/home"),
    volume("/snap/core/123", read_only=True),
    volume("/media/sam/KINGSTON", name="KINGSTON"),
    volume("/run/media/sam/CRUZER", name="CRUZER"),
    volume("/media/sam/CDROM", read_only=True),
]


def test_on_linux_only_writable_removable_drives_are_offered() -> None:
    found = likely_sticks(LINUX, windows=False)
    assert [v.name for v in found] == ["KINGSTON", "CRUZER"]


def test_on_macos_volumes_are_offered_but_not_the_system() -> None:
    volumes = [volume("/", root=True), volume("/System/Volumes/Data"), volume("/Volumes/STICK")]
    assert [v.path.as_posix() for v in likely_sticks(volumes, windows=False)] == ["/Volumes/STICK"]


def test_on_windows_every_drive_but_the_system_one_is_offered() -> None:
    volumes = [volume("C:/", root=True), volume("C:/"), volume("E:/", name="USB")]
    found = likely_sticks(volumes, windows=True, system_drive="C:")
    assert [v.name for v in found] == ["USB"]


def test_the_chooser_offers_each_stick_and_returns_the_one_clicked(qtbot) -> None:
    dialog = StickChooser("Export to USB", "Choose the USB stick.", volumes=lambda: LINUX)
    qtbot.addWidget(dialog)
    texts = [button.text() for button in dialog.stick_buttons]
    assert texts[0].startswith("KINGSTON   (/media/sam/KINGSTON, 3.0 GB free)")
    assert not dialog.none_found.isVisibleTo(dialog)
    assert not dialog.files_button.isVisibleTo(dialog)  # export writes to a folder
    dialog.stick_buttons[1].click()
    assert dialog.chosen == [Path("/run/media/sam/CRUZER")]
    assert dialog.result() == StickChooser.DialogCode.Accepted


def test_with_no_stick_plugged_in_it_says_so_and_looks_again(qtbot) -> None:
    plugged: list[Volume] = [volume("/", root=True)]
    dialog = StickChooser(
        "Import from USB", "Choose the USB stick.", files=True, volumes=lambda: list(plugged)
    )
    qtbot.addWidget(dialog)
    assert dialog.stick_buttons == []
    assert dialog.none_found.isVisibleTo(dialog)
    assert dialog.files_button.isVisibleTo(dialog)
    plugged.append(volume("/media/sam/STICK", name="STICK"))
    dialog.look_again_button.click()
    assert [b.text().split()[0] for b in dialog.stick_buttons] == ["STICK"]
    assert not dialog.none_found.isVisibleTo(dialog)


def test_ids_are_never_shown_people_are_named() -> None:
    names = {"p1": "Sam", "p2": "Alex"}
    assert value_words("lead_id", "p1", names) == "Sam"
    assert value_words("lead_id", "gone", names) == "someone no longer in the store"
    assert value_words("group_id", "0b9e2f", names) == "a different choice"
    assert value_words("venue", "", names) == "(empty)"
    text = conflict_words("sessions", "lead_id", "p1", "p2", who_lost="Alex's laptop", names=names)
    assert text == "Planned lead of a session: kept Sam. Alex's laptop had Alex."


def test_long_values_are_shortened_and_pictures_not_shown() -> None:
    long = "word " * 40
    shown = value_words("notes", long, {})
    assert len(shown) <= 62
    assert shown.endswith("…”")
    text = conflict_words(
        "organisation", "logo", "aGVsbG8=", "d29ybGQ=", who_lost="This laptop", names={}
    )
    assert text == (
        "Logo of the organisation's details: kept the newer version. "
        "This laptop had a different one."
    )
