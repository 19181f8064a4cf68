"""The top of a coordinator's Home tab: who asked for contact, open follow-ups, new records.

A facilitator who asked for someone to get in touch, or who recorded being triggered,
stays here until someone records the contact. No record text is shown: only who,
which group and when, and each follow-up's own few words.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.incidents import FollowUp
from facilitator_app.domain.records import RecordKind
from facilitator_app.gui.inbox_follow_ups import follow_up_text
from facilitator_app.gui.inbox_record_text import day_month
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.style import CARD, LINE
from facilitator_app.gui.widgets import label, message_label, show_message
from facilitator_app.services import follow_ups, inbox, incidents, people
from facilitator_app.services.inbox import InboxLine
from facilitator_app.services.stores import Store


@dataclass(frozen=True)
class ContactRequest:
    line: InboxLine
    triggered: bool  # an incident record of being triggered, rather than asking for support


@dataclass(frozen=True)
class HomeInbox:
    contact_requests: list[ContactRequest]  # the first few, unless all were asked for
    contact_total: int
    follow_ups: list[FollowUp]  # likewise
    follow_up_total: int
    unread: int
    names: dict[str, str]


# A home screen to glance at: years of records can leave hundreds of either waiting.
FIRST_FEW = 5


def home_inbox(store: Store, limit: int | None = FIRST_FEW) -> HomeInbox:
    """What the Home tab shows of the inbox, read in one go on the store thread."""
    waiting = inbox.contact_requests(store)
    requests = []
    for line in waiting[:limit]:
        triggered = False
        if line.kind is RecordKind.INCIDENT:
            incident = incidents.incident_or_refuse(store, line.id)
            # Such a line either asked for support or ran the "triggered" protocol.
            triggered = not incident.fields.facilitator_needs_support
        requests.append(ContactRequest(line, triggered))
    to_do = follow_ups.open_follow_ups(store)
    return HomeInbox(
        requests,
        len(waiting),
        to_do[:limit],
        len(to_do),
        inbox.unread_count(store),
        {person.id: person.name for person in people.list_people(store, include_archived=True)},
    )


class _Title(QWidget):
    """A section's bold title with its count, as the reminder sections below have."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = label(text, wrap=False)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.badge = label("", "badge", wrap=False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(title)
        row.addWidget(self.badge)
        row.addStretch(1)


def _title(text: str) -> tuple[_Title, QLabel]:
    title = _Title(text)
    return title, title.badge


class _Row(QFrame):
    """One line of text with its buttons, on a card like the reminder lists below."""

    def __init__(self, text: str, buttons: list[QPushButton], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("homeInboxRow")  # styled once, by the section
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = buttons
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.addWidget(self.text, 1)
        for button in buttons:
            row.addWidget(button)


class HomeInboxSection(QWidget):
    """Its signals ask the workspace to open the inbox, or one record in it."""

    open_record = Signal(str)
    open_inbox = Signal()
    inbox_changed = Signal()  # contact recorded or a follow-up done: the Inbox tab re-reads

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._show_all = False
        self.setStyleSheet(
            f"QFrame#homeInboxRow {{ background: {CARD}; border: 1px solid {LINE};"
            " border-radius: 4px; }"
        )
        self.contact_title, self.contact_count = _title(self.tr("Waiting to hear from you"))
        self.contact_rows: list[_Row] = []
        self.follow_up_title, self.follow_up_count = _title(self.tr("Follow-ups to do"))
        self.follow_up_rows: list[_Row] = []
        self.contact_more = QPushButton()
        self.follow_up_more = QPushButton()
        self.new_records = label("", wrap=False)
        self.inbox_button = QPushButton(self.tr("Go to the inbox"))
        self.message = message_label()
        self._contacts = QVBoxLayout()
        self._contacts.setSpacing(6)
        self._follow_ups = QVBoxLayout()
        self._follow_ups.setSpacing(6)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_records)
        new_row.addWidget(self.inbox_button)
        new_row.addStretch(1)
        self.new_records_row = QWidget()
        self.new_records_row.setLayout(new_row)
        new_row.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.message)
        layout.addWidget(self.contact_title)
        layout.addLayout(self._contacts)
        layout.addWidget(self.contact_more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.follow_up_title)
        layout.addLayout(self._follow_ups)
        layout.addWidget(self.follow_up_more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.new_records_row)
        self.inbox_button.clicked.connect(self.open_inbox)
        self.contact_more.clicked.connect(self._toggle_all)
        self.follow_up_more.clicked.connect(self._toggle_all)
        self.setVisible(False)

    def reload(self) -> None:
        limit = None if self._show_all else FIRST_FEW
        self._access.call(home_inbox, limit, done=self.show_inbox, failed=self._failed)

    def _toggle_all(self) -> None:
        self._show_all = not self._show_all
        self.reload()

    def show_inbox(self, found: HomeInbox) -> None:
        show_message(self.message, "")
        self._replace(
            self._contacts,
            self.contact_rows,
            [self._contact_row(r) for r in found.contact_requests],
        )
        self._replace(
            self._follow_ups,
            self.follow_up_rows,
            [self._follow_up_row(f, found.names) for f in found.follow_ups],
        )
        self.contact_title.setVisible(bool(found.contact_requests))
        self.contact_count.setText(str(found.contact_total))
        self.follow_up_title.setVisible(bool(found.follow_ups))
        self.follow_up_count.setText(str(found.follow_up_total))
        self._show_more(self.contact_more, found.contact_total, len(found.contact_requests))
        self._show_more(self.follow_up_more, found.follow_up_total, len(found.follow_ups))
        if found.unread == 1:
            self.new_records.setText(self.tr("1 new record in the inbox."))
        else:
            self.new_records.setText(self.tr("{0} new records in the inbox.").format(found.unread))
        self.new_records_row.setVisible(found.unread > 0)
        self.setVisible(bool(found.contact_requests or found.follow_ups or found.unread))

    def _show_more(self, button: QPushButton, total: int, shown: int) -> None:
        if shown < total:
            button.setText(self.tr("Show all {0}").format(total))
        else:
            button.setText(self.tr("Show only the first {0}").format(FIRST_FEW))
        button.setVisible(total > FIRST_FEW)

    def contact_texts(self) -> list[str]:
        return [row.text.text() for row in self.contact_rows]

    def follow_up_texts(self) -> list[str]:
        return [row.text.text() for row in self.follow_up_rows]

    @staticmethod
    def _replace(layout: QVBoxLayout, rows: list[_Row], new: list[_Row]) -> None:
        for old in rows:
            layout.removeWidget(old)
            old.hide()  # deleted later: until then it would still be painted where it was
            old.deleteLater()
        rows[:] = new
        for row in new:
            layout.addWidget(row)

    def contact_text(self, request: ContactRequest) -> str:
        line = request.line
        who = line.author_name or self.tr("A facilitator")
        day = day_month(line.on_date)
        where = (
            self.tr("{0}, {1}").format(line.group_name, day)
            if line.group_name
            else self.tr("the session on {0}").format(day)
        )
        if line.kind is RecordKind.DEBRIEF:
            after = (
                self.tr("after the {0}, {1}").format(line.group_name, day)
                if line.group_name
                else self.tr("after the session on {0}").format(day)
            )
            return self.tr("{0} asked for someone to get in touch — {1}").format(who, after)
        if request.triggered:
            return self.tr("{0} recorded being triggered — {1}").format(who, where)
        return self.tr("{0} would like support after an incident — {1}").format(who, where)

    def _contact_row(self, request: ContactRequest) -> _Row:
        record_id = request.line.id
        open_button = QPushButton(self.tr("Open"))
        open_button.setToolTip(self.tr("Open this record in the inbox"))
        contact_button = QPushButton(self.tr("Record contact"))
        contact_button.setToolTip(
            self.tr("Someone has been in touch. A note can be added from the inbox.")
        )
        open_button.clicked.connect(lambda: self.open_record.emit(record_id))
        contact_button.clicked.connect(lambda: self._record_contact(record_id))
        return _Row(self.contact_text(request), [open_button, contact_button])

    def _follow_up_row(self, follow_up: FollowUp, names: dict[str, str]) -> _Row:
        text = follow_up_text(follow_up, names, not_decided=self.tr("nobody chosen yet"))
        open_button = QPushButton(self.tr("Open"))
        open_button.setToolTip(self.tr("Open the record this follow-up is about"))
        done_button = QPushButton(self.tr("Done"))
        record_id, follow_up_id = follow_up.record_id, follow_up.id
        open_button.clicked.connect(lambda: self.open_record.emit(record_id))
        done_button.clicked.connect(lambda: self._mark_done(follow_up_id))
        return _Row(text, [open_button, done_button])

    def _record_contact(self, record_id: str) -> None:
        self._access.call(inbox.record_contact, record_id, done=self._changed, failed=self._failed)

    def _mark_done(self, follow_up_id: str) -> None:
        self._access.call(
            follow_ups.mark_follow_up_done, follow_up_id, done=self._changed, failed=self._failed
        )

    def _changed(self, _result: object) -> None:
        self.reload()
        self.inbox_changed.emit()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
        self.setVisible(True)
