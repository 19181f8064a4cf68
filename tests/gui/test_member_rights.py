"""A member's rights on the Groups tab: everything we hold (two files) and erasure."""

from __future__ import annotations

from pathlib import Path

from facilitator_app.gui import confirm_dialog, member_rights
from facilitator_app.gui.confirm_dialog import ConfirmDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.members_panel import MembersPanel
from facilitator_app.services import erasure
from tests.factories import FakeClock
from tests.gui.conftest import list_texts
from tests.gui.store_setup import ask, build_store, open_window
from tests.pdf_reading import flat_text
from tests.services.test_erasure import NAME, OTHER, OTTER, write, write_notes

SHOTS = Path("/tmp/erasure-shots")


def members_of_the_group(qtbot, window: MainWindow, groups: int = 2) -> MembersPanel:
    assert window.workspace is not None
    page = window.workspace.groups_page
    window.workspace.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.group_list.count() == groups)
    rows = [page.group_list.item(i) for i in range(page.group_list.count())]
    page.group_list.setCurrentItem(next(r for r in rows if "Tuesday" in r.text()))
    page.detail_tabs.setCurrentIndex(1)
    panel = page.members
    qtbot.waitUntil(lambda: panel.member_list.count() == 2)
    return panel


def choose(qtbot, panel: MembersPanel, name: str) -> None:
    rows = [panel.member_list.item(i) for i in range(panel.member_list.count())]
    panel.member_list.setCurrentItem(next(r for r in rows if r.text().startswith(name)))
    qtbot.waitUntil(lambda: panel.rights.isVisible())


def test_everything_we_hold_saves_both_files_where_chosen(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    build_store(tmp_path / "store", write)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock())
    panel = members_of_the_group(qtbot, window)
    assert not panel.rights.isVisible()
    choose(qtbot, panel, NAME)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(member_rights, "choose_folder", lambda _parent: out)

    panel.rights.subject_access_button.click()
    qtbot.waitUntil(lambda: "Saved" in panel.rights.message.text())

    assert sorted(p.name for p in out.iterdir()) == [
        "subject-access-2025-03-14.json",
        "subject-access-2025-03-14.pdf",
    ]
    assert "outside the encrypted store" in panel.rights.message.text()
    pdf = (out / "subject-access-2025-03-14.pdf").read_bytes()
    assert OTHER not in flat_text(pdf)
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "subject-access.pdf").write_bytes(pdf)
    panel.window().resize(1100, 760)
    panel.grab().save(str(SHOTS / "members-panel.png"))


def test_erase_asks_with_exact_counts_then_erases(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    written = build_store(tmp_path / "store", write)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock())
    panel = members_of_the_group(qtbot, window)
    choose(qtbot, panel, NAME)
    asked: list[tuple[str, str, str]] = []

    def answer(parent, title: str, what_happens: str, action: str) -> bool:
        asked.append((title, what_happens, action))
        dialog = ConfirmDialog(title, what_happens, action)
        dialog.resize(520, dialog.sizeHint().height())
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "erase-question.png"))
        dialog.deleteLater()
        return len(asked) > 1  # "Cancel" the first time

    monkeypatch.setattr(confirm_dialog, "confirm", answer)

    panel.rights.erase_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1)
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    assert list_texts(panel.member_list)[0].startswith(NAME)  # cancelled: nothing changed

    panel.rights.erase_button.click()
    qtbot.waitUntil(lambda: "was erased" in panel.rights.message.text())
    qtbot.waitUntil(lambda: panel.member_list.count() == 1)

    title, question, action = asked[0]
    assert (title, action) == (f"Erase {NAME}?", "Erase")
    assert "Removed for good: 1 register mark and their place on the group's list." in question
    assert "because of a safeguarding hold: Incident record of 14 March 2025" in question
    assert "1 record(s) kept because of a safeguarding hold" in panel.rights.message.text()
    assert list_texts(panel.member_list)[0].startswith(OTHER)
    report = ask(qtbot, window, erasure.preview_erasure, written.member_id)
    assert isinstance(report, erasure.AlreadyErased)


def test_saving_says_to_read_the_notes_about_facilitators_first(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    build_store(tmp_path / "store", lambda store: write_notes(store, write(store)))
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock())
    panel = members_of_the_group(qtbot, window, groups=3)
    choose(qtbot, panel, NAME)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(member_rights, "choose_folder", lambda _parent: out)

    panel.rights.subject_access_button.click()
    qtbot.waitUntil(lambda: "Saved" in panel.rights.message.text())

    first, second = panel.rights.message.text().split("\n")
    assert first.endswith("give them to the member safely, then delete them.")
    assert second == (
        "They include 3 notes about facilitators: read those and take out anything "
        "about the facilitator before sending."
    )
    pdf = flat_text((out / "subject-access-2025-03-14.pdf").read_bytes())
    assert "Notes about facilitators that mention them" in pdf
    assert OTTER not in pdf
    SHOTS.mkdir(exist_ok=True)
    panel.window().resize(1100, 760)
    panel.grab().save(str(SHOTS / "members-panel-facilitator-notes.png"))
