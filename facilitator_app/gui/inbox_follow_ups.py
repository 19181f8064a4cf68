"""Follow-up actions on an open inbox record: what, who, by when, and done.

Open follow-ups also show on the coordinator's Home tab (read afresh each time it is
shown) until they are marked done.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.incidents import FollowUp
from facilitator_app.domain.people import Person
from facilitator_app.gui.inbox_record_text import day_month
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    OptionalDateEdit,
    label,
    message_label,
    record_of,
    show_message,
)
from facilitator_app.services import follow_ups


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUps", text)


def follow_up_text(follow_up: FollowUp, names: dict[str, str], *, not_decided: str) -> str:
    who = names.get(follow_up.who_id or "", "") or not_decided
    parts = [follow_up.what, who]
    if follow_up.due_on is not None:
        parts.append(_tr("due {0}").format(day_month(follow_up.due_on)))
    if follow_up.done_on is not None:
        parts.append(_tr("done {0}").format(day_month(follow_up.done_on)))
    return " · ".join(parts)


class FollowUpsBox(QGroupBox):
    """The open record's follow-ups, and a short form to add one."""

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Follow-up actions"), parent)
        self._access = access
        self._record_id: str | None = None
        self._people: list[Person] = []
        self._names: dict[str, str] = {}
        self.follow_up_list = QListWidget()
        self.follow_up_list.setMaximumHeight(130)
        self.empty_label = label(self.tr("No follow-ups yet."), "hint")
        self.done_button = QPushButton(self.tr("Mark done"))
        self.what = QLineEdit()
        self.what.setPlaceholderText(self.tr("What needs doing, in a few words"))
        self.who = QComboBox()
        self.due = OptionalDateEdit(self.tr("Due by"))
        self.add_button = QPushButton(self.tr("Add follow-up"))
        self.message = message_label()
        form = QFormLayout()
        form.addRow(self.tr("What"), self.what)
        form.addRow(self.tr("Who"), self.who)
        form.addRow("", self.due)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_button)
        done_row.addStretch(1)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.follow_up_list)
        layout.addLayout(done_row)
        layout.addLayout(form)
        layout.addLayout(add_row)
        layout.addWidget(self.message)

        self.follow_up_list.currentItemChanged.connect(self._selected)
        self.done_button.clicked.connect(self._toggle_done)
        self.add_button.clicked.connect(self._add)
        self.what.returnPressed.connect(self._add)
        self._selected(None)

    def show_follow_ups(
        self, record_id: str, found: tuple[FollowUp, ...], people: list[Person]
    ) -> None:
        if record_id != self._record_id:
            self.what.clear()
            self.due.set_value(None, dt.date.today())
            show_message(self.message, "")
        self._record_id = record_id
        self._people = people
        self._names = {person.id: person.name for person in people}
        chosen = self.who.currentData()
        self.who.clear()
        self.who.addItem(self.tr("Not decided"), "")
        for person in people:
            if person.archived_on is None:
                self.who.addItem(person.name, person.id)
        self.who.setCurrentIndex(max(0, self.who.findData(chosen or "")))
        self.follow_up_list.clear()
        for follow_up in found:
            item = QListWidgetItem(
                follow_up_text(follow_up, self._names, not_decided=self.tr("not decided"))
            )
            item.setData(Qt.ItemDataRole.UserRole, follow_up)
            self.follow_up_list.addItem(item)
        self.follow_up_list.setVisible(bool(found))
        self.empty_label.setVisible(not found)
        self.done_button.setVisible(bool(found))
        self._selected(self.follow_up_list.currentItem())

    def _selected(self, item: QListWidgetItem | None) -> None:
        follow_up: FollowUp | None = record_of(item)
        self.done_button.setEnabled(follow_up is not None)
        self.done_button.setText(
            self.tr("Not done yet") if follow_up and follow_up.is_done else self.tr("Mark done")
        )

    def _toggle_done(self) -> None:
        follow_up: FollowUp | None = record_of(self.follow_up_list.currentItem())
        if follow_up is None:
            return
        self._access.call(
            follow_ups.mark_follow_up_done,
            follow_up.id,
            not follow_up.is_done,
            done=self._saved,
            failed=self._failed,
        )

    def _add(self) -> None:
        if self._record_id is None:
            return
        self._access.call(
            follow_ups.add_follow_up,
            self._record_id,
            self.what.text(),
            self.who.currentData() or None,
            self.due.value(),
            done=self._added,
            failed=self._failed,
        )

    def _added(self, _follow_up: FollowUp) -> None:
        self.what.clear()
        self.due.set_value(None, dt.date.today())
        self._saved(_follow_up)

    def _saved(self, _follow_up: FollowUp) -> None:
        show_message(self.message, "")
        record_id = self._record_id
        if record_id is not None:
            self._access.call(
                follow_ups.follow_ups,
                record_id,
                done=lambda found: self._reread(record_id, found),
                failed=self._failed,
            )

    def _reread(self, record_id: str, found: list[FollowUp]) -> None:
        if record_id == self._record_id:  # another record may have been opened meanwhile
            self.show_follow_ups(record_id, tuple(found), self._people)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
