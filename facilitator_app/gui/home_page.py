"""The Home tab: a greeting with today's date, and what needs attention, grouped by kind.

On a coordinator's store the inbox comes first: facilitators waiting for contact, open
follow-ups, and how many records are new. Clicking a reminder asks, through a signal,
for its person, session or record to be opened; the workspace decides how. Only the
inbox section writes, and only through its services (contact recorded, follow-up done).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.facilitators import WEEKDAY_NAMES, format_day
from facilitator_app.domain.reminders import Reminder, ReminderKind
from facilitator_app.gui.home_inbox import HomeInboxSection
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import fill_list, label, message_label, record_of, show_message
from facilitator_app.services.reminders import HomeView, home_view
from facilitator_app.services.stores import StoreRole


class ReminderSection(QWidget):
    """One kind of reminder: a title with a count, and the reminders as a list to click."""

    chosen = Signal(object)

    def __init__(self, title: str, open_hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_hint = open_hint
        self.title = label(title, wrap=False)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.badge = label("", "badge", wrap=False)
        self.reminder_list = QListWidget()
        self.reminder_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reminder_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reminder_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.reminder_list.setCursor(Qt.CursorShape.PointingHandCursor)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.badge)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.reminder_list)
        # A mouse click, or Enter on the keyboard.
        self.reminder_list.itemClicked.connect(self._chosen)
        self.reminder_list.itemActivated.connect(self._chosen)
        self._choosing = False

    def show_reminders(self, reminders: list[Reminder]) -> None:
        fill_list(
            self.reminder_list,
            reminders,
            lambda reminder: reminder.text,
            key=lambda reminder: f"{reminder.person_id}:{reminder.session_id}",
        )
        for row in range(self.reminder_list.count()):
            item = self.reminder_list.item(row)
            item.setToolTip(f"{item.text()}\n{self._open_hint}")
        self.badge.setText(str(len(reminders)))
        self._fit_height()
        self.setVisible(bool(reminders))

    def _fit_height(self) -> None:
        """As tall as its rows, so the page scrolls as a whole rather than each list."""
        rows = sum(
            self.reminder_list.sizeHintForRow(row) for row in range(self.reminder_list.count())
        )
        self.reminder_list.setFixedHeight(rows + 2 * self.reminder_list.frameWidth() + 4)

    def _chosen(self, item: QListWidgetItem) -> None:
        # Where a platform activates on a single click, one click sends both signals.
        if self._choosing:
            return
        self._choosing = True
        QTimer.singleShot(0, self._done_choosing)
        self.chosen.emit(record_of(item))

    def _done_choosing(self) -> None:
        self._choosing = False


class HomePage(QWidget):
    """The first tab. Its signals ask for a person or session to be opened elsewhere."""

    open_person = Signal(str)
    open_session = Signal(str, str)  # group id, session id
    open_record = Signal(str)  # an inbox record's id
    open_inbox = Signal()
    open_settings = Signal()
    inbox_changed = Signal()

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self.greeting = label("", "subheading")
        self.message = message_label()
        self.inbox: HomeInboxSection | None = None
        if access.facts.role is StoreRole.COORDINATOR:
            self.inbox = HomeInboxSection(access)
            self.inbox.open_record.connect(self.open_record)
            self.inbox.open_inbox.connect(self.open_inbox)
            self.inbox.inbox_changed.connect(self.inbox_changed)
        self.attention_heading = label(self.tr("Needs attention"), "subheading")
        self.empty_label = label(self.tr("Nothing needs attention today."), "hint")
        self.empty_label.setVisible(False)
        open_person = self.tr("Click to open this person on the Facilitators tab.")
        open_session = self.tr("Click to open this session on the Sessions tab.")
        titles = {
            ReminderKind.SUPERVISION_DUE: (self.tr("Supervision due"), open_person),
            ReminderKind.TRAINING_EXPIRING: (self.tr("Training to renew"), open_person),
            ReminderKind.NO_LEAD: (self.tr("Sessions without a lead"), open_session),
            ReminderKind.LED_MORE_THAN_SHARE: (
                self.tr("Leading more than a fair share this quarter"),
                open_person,
            ),
            ReminderKind.NO_RECOVERY_SHEET: (
                self.tr("Recovery sheet"),
                self.tr("Click to go to Settings, where the sheet is made."),
            ),
        }
        self.sections = {kind: ReminderSection(*titles[kind]) for kind in ReminderKind}

        content = QWidget()
        content.setMaximumWidth(900)  # lines stay short enough to read at a glance
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(14)
        column.addWidget(self.greeting)
        column.addWidget(self.message)
        if self.inbox is not None:
            column.addWidget(self.inbox)
        column.addWidget(self.attention_heading)
        column.addWidget(self.empty_label)
        for section in self.sections.values():
            section.setVisible(False)
            section.chosen.connect(self._open)
            column.addWidget(section)
        column.addStretch(1)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def reload(self) -> None:
        self._access.call(home_view, done=self.show_view, failed=self._failed)
        if self.inbox is not None:
            self.inbox.reload()

    def show_view(self, view: HomeView) -> None:
        today = f"{WEEKDAY_NAMES[view.today.weekday()]} {format_day(view.today)}"
        if view.first_name:
            greeting = self.tr("Hello, {0}. Today is {1}.").format(view.first_name, today)
        else:
            greeting = self.tr("Hello. Today is {0}.").format(today)
        self.greeting.setText(greeting)
        show_message(self.message, "")
        for kind, section in self.sections.items():
            section.show_reminders([r for r in view.reminders if r.kind is kind])
        self.empty_label.setVisible(not view.reminders)

    def _open(self, reminder: Reminder) -> None:
        if reminder.session_id is not None and reminder.group_id is not None:
            self.open_session.emit(reminder.group_id, reminder.session_id)
        elif reminder.person_id is not None:
            self.open_person.emit(reminder.person_id)
        elif reminder.kind is ReminderKind.NO_RECOVERY_SHEET:
            self.open_settings.emit()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
