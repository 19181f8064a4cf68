"""The Incidents tab: every record by date, group, protocol and flags, with follow-ups.

The list shows no record text at all: what happened is only seen by opening a record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
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
from facilitator_app.domain.text import date_words
from facilitator_app.gui.list_filter import FilterWords, ListFilter
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    OptionalDateEdit,
    fill_list,
    label,
    message_label,
    primary_button,
    record_of,
    show_message,
)
from facilitator_app.services import follow_ups, incidents, people
from facilitator_app.services.incidents import IncidentLine
from facilitator_app.services.stores import StoreRole


def incident_line_text(line: IncidentLine) -> str:
    parts = [
        line.started_at.astimezone().strftime("%d %b %Y %H:%M"),
        line.group_name or "no group",
        line.protocol_title,
    ]
    if line.safeguarding:
        parts.append("safeguarding")
    if line.facilitator_needs_support:
        parts.append("facilitator would like support")
    if line.open_follow_ups == 1:
        parts.append("1 follow-up open")
    elif line.open_follow_ups:
        parts.append(f"{line.open_follow_ups} follow-ups open")
    elif line.done_follow_ups:
        parts.append("follow-ups done")
    parts.append("submitted" if line.is_submitted else "draft")
    return "  ·  ".join(parts)


def incident_haystack(line: IncidentLine) -> str:
    """What a record can be found by besides its line (date, group, protocol and flags):
    its date as people type it. Never what was written in it."""
    return date_words(line.started_at.astimezone().date())


class IncidentsPage(QWidget):
    open_record = Signal(object)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._people: dict[str, str] = {}
        self.incident_list = QListWidget()
        self.incident_list.setWordWrap(True)
        self.incident_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_filter = ListFilter(
            self.incident_list,
            incident_haystack,
            FilterWords(
                placeholder=self.tr("Filter by date, group, protocol or flag"),
                showing=self.tr("Showing {0} of {1} records."),
                none_match=self.tr("No records match. Clear the filter to see them all."),
            ),
        )
        self.filter_edit = self.list_filter.edit
        self.open_button = primary_button(self.tr("Open record"))
        self.message = message_label()
        self.confirmation = label("", "notice")
        self.confirmation.setVisible(False)
        left = QVBoxLayout()
        left.addWidget(self.confirmation)
        left.addWidget(label(self.tr("Incident records"), "subheading"))
        left.addWidget(
            label(self.tr("Newest first. Open a record to see what was written."), "hint")
        )
        left.addWidget(self.list_filter)
        left.addWidget(self.incident_list, 1)
        left.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        if access.facts.role is StoreRole.FACILITATOR:
            # On a laptop a submitted record is sealed away; only drafts are listed here.
            left.addWidget(
                label(
                    self.tr(
                        "Records you have submitted are sealed for your organisation. The "
                        "Debriefs tab lists them (date and group only), where you can add "
                        "an addendum."
                    ),
                    "hint",
                )
            )

        self.follow_up_list = QListWidget()
        self.done_button = QPushButton(self.tr("Mark done"))
        self.what = QLineEdit()
        self.who = QComboBox()
        self.due = OptionalDateEdit(self.tr("Due by"))
        self.add_button = QPushButton(self.tr("Add follow-up"))
        box = QGroupBox(self.tr("Follow-up actions"))
        form = QFormLayout()
        form.addRow(self.tr("What"), self.what)
        form.addRow(self.tr("Who"), self.who)
        form.addRow("", self.due)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.follow_up_list, 1)
        box_layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        box_layout.addLayout(form)
        box_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        right = QVBoxLayout()
        right.addWidget(box)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.incident_list.currentItemChanged.connect(self._selected)
        self.incident_list.itemActivated.connect(lambda _item: self._open())
        self.open_button.clicked.connect(self._open)
        self.add_button.clicked.connect(self._add_follow_up)
        self.done_button.clicked.connect(self._mark_done)
        self._selected(None)

    @property
    def selected(self) -> IncidentLine | None:
        line: IncidentLine | None = record_of(self.incident_list.currentItem())
        return line

    def shown_count(self) -> int:
        """How many records the list shows (the filter may hide some)."""
        return self.list_filter.shown_count()

    def show_confirmation(self, text: str) -> None:
        self.confirmation.setText(text)
        self.confirmation.setVisible(bool(text))

    def reload(self) -> None:
        self.confirmation.setVisible(False)
        self._access.call(people.list_people, done=self._people_listed, failed=self._failed)
        self._access.call(incidents.incident_lines, done=self._listed, failed=self._failed)

    def _people_listed(self, found: list[Person]) -> None:
        self._people = {person.id: person.name for person in found}
        self.who.clear()
        self.who.addItem(self.tr("Not decided"), "")
        for person in found:
            self.who.addItem(person.name, person.id)

    def _listed(self, lines: list[IncidentLine]) -> None:
        chosen = self.selected.id if self.selected else None
        fill_list(
            self.incident_list,
            lines,
            incident_line_text,
            chosen,
            select_quietly=True,
            key=lambda line: line.id,
        )
        self._selected(self.incident_list.currentItem())

    def _selected(self, item: QListWidgetItem | None) -> None:
        line: IncidentLine | None = record_of(item)
        has = line is not None
        for widget in (self.open_button, self.add_button, self.done_button, self.what):
            widget.setEnabled(has)
        self.follow_up_list.clear()
        if line is not None:
            self._access.call(
                follow_ups.follow_ups,
                line.id,
                done=self._show_follow_ups,
                failed=self._failed,
            )

    def _show_follow_ups(self, found: list[FollowUp]) -> None:
        self.follow_up_list.clear()
        for follow_up in found:
            who = self._people.get(follow_up.who_id or "", self.tr("not decided"))
            due = f" · by {follow_up.due_on:%d %b}" if follow_up.due_on else ""
            done = f" · done {follow_up.done_on:%d %b}" if follow_up.done_on else ""
            item = QListWidgetItem(f"{follow_up.what} · {who}{due}{done}")
            item.setData(Qt.ItemDataRole.UserRole, follow_up)
            self.follow_up_list.addItem(item)

    def _open(self) -> None:
        """The record is read only now: the list holds no more of it than its line."""
        if self.selected is not None:
            self._access.call(
                incidents.incident_or_refuse,
                self.selected.id,
                done=self.open_record.emit,
                failed=self._failed,
            )

    def _add_follow_up(self) -> None:
        line = self.selected
        if line is None:
            return
        self._access.call(
            follow_ups.add_follow_up,
            line.id,
            self.what.text(),
            self.who.currentData() or None,
            self.due.value(),
            done=self._follow_up_saved,
            failed=self._failed,
        )

    def _mark_done(self) -> None:
        follow_up: FollowUp | None = record_of(self.follow_up_list.currentItem())
        if follow_up is not None:
            self._access.call(
                follow_ups.mark_follow_up_done,
                follow_up.id,
                not follow_up.is_done,
                done=self._follow_up_saved,
                failed=self._failed,
            )

    def _follow_up_saved(self, _follow_up: FollowUp) -> None:
        self.what.clear()
        self.due.set_value(None, dt.date.today())
        show_message(self.message, "")
        self.reload()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
