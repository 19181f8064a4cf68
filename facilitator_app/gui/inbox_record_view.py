"""One record opened from the inbox: read-only text, then what a support worker does next.

Reviewed (with an optional note), contact recorded, follow-ups, and printing a debrief.
The text can be selected to read it closely, but there is no Copy menu: record text
is not meant to leave the store, and anything copied is cleared when the app locks.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.people import Person
from facilitator_app.domain.records import RecordKind
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.hold_row import HoldRow
from facilitator_app.gui.inbox_badges import BadgeRow, line_badges
from facilitator_app.gui.inbox_follow_ups import FollowUpsBox
from facilitator_app.gui.inbox_list import related_text
from facilitator_app.gui.inbox_record_text import debrief_html, incident_html, long_day, moment
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, record_of, show_message
from facilitator_app.services import debrief_papers, inbox, incidents, people, retention
from facilitator_app.services.audit import AuditKind, AuditTarget
from facilitator_app.services.inbox import InboxLine, InboxRecord
from facilitator_app.services.stores import Store


@dataclass(frozen=True)
class OpenedRecord:
    """An inbox record with what is needed to show it: the person involved in an
    incident, and the people a follow-up can be given to."""

    record: InboxRecord
    member_name: str
    people: list[Person]
    held: bool = False  # on hold — safeguarding: kept out of every removal


def record_table(record: InboxRecord) -> str:
    return "incidents" if record.incident is not None else "debriefs"


def open_for_reading(store: Store, record_id: str) -> OpenedRecord:
    """Open the record (which marks it received) and gather what shows beside it."""
    record = inbox.open_record(store, record_id)
    member = ""
    if record.incident is not None:
        member = incidents.record_names(store, record.incident).member
    held = retention.is_held(store, record_table(record), record.line.id)
    return OpenedRecord(record, member, people.list_people(store, include_archived=True), held)


def _fit_to_rows(widget: QListWidget) -> None:
    rows = sum(widget.sizeHintForRow(row) for row in range(widget.count()))
    widget.setFixedHeight(rows + 2 * widget.frameWidth() + 4)


class RelatedList(QWidget):
    """Other records that belong with this one, each one click from being opened."""

    chosen = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label(title, "subheading")
        self.record_list = QListWidget()
        self.record_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.record_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.record_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.record_list.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.record_list)
        self.record_list.itemClicked.connect(self._chosen)
        self.record_list.itemActivated.connect(self._chosen)

    def show_lines(self, lines: tuple[InboxLine, ...]) -> None:
        self.record_list.clear()
        for line in lines:
            item = QListWidgetItem(related_text(line))
            item.setToolTip(self.tr("Open this record"))
            item.setData(Qt.ItemDataRole.UserRole, line)
            self.record_list.addItem(item)
        _fit_to_rows(self.record_list)
        self.setVisible(bool(lines))

    def _chosen(self, item: QListWidgetItem) -> None:
        line: InboxLine | None = record_of(item)
        if line is not None:
            self.chosen.emit(line.id)


class InboxRecordView(QWidget):
    """Shows one opened record; its signals ask the page to open another or update a line."""

    open_requested = Signal(str)
    line_changed = Signal(object)  # the InboxLine after a review or a contact

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._opened: OpenedRecord | None = None
        self.placeholder = label(
            self.tr(
                "Open a record to read it. Opening it tells the facilitator's laptop that "
                "it has arrived safely."
            ),
            "hint",
        )
        self.title = label("", "subheading")
        self.subtitle = label("", "hint")
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("Print or save this debrief as a PDF"))
        self.badges = BadgeRow()
        self.state_label = label("", "hint")

        self.review_status = label("")
        self.review_note = QLineEdit()
        self.review_note.setPlaceholderText(self.tr("A note about your review (optional)"))
        self.review_button = QPushButton(self.tr("Mark reviewed"))
        self.unreview_button = QPushButton(self.tr("Undo reviewed"))
        self.contact_status = label("", "notice")
        self.contact_note = QLineEdit()
        self.contact_note.setPlaceholderText(self.tr("How you got in touch (optional)"))
        self.contact_button = QPushButton(self.tr("Record contact"))

        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.same_session = RelatedList(self.tr("Other debriefs of this session"))
        self.linked_incidents = RelatedList(self.tr("Incident records from this session"))
        self.follow_ups = FollowUpsBox(access)
        self.hold = HoldRow(access)
        self.message = message_label()  # about the review
        self.contact_message = message_label()

        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_note, 1)
        review_row.addWidget(self.review_button)
        review_row.addWidget(self.unreview_button)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact_note, 1)
        contact_row.addWidget(self.contact_button)
        # Getting in touch comes before reading on; the review comes after reading.
        self.contact_box = QWidget()
        contact = QVBoxLayout(self.contact_box)
        contact.setContentsMargins(0, 0, 0, 0)
        contact.addWidget(self.contact_status)
        contact.addLayout(contact_row)
        contact.addWidget(self.contact_message)
        self.review_box = QGroupBox(self.tr("Review"))
        review = QVBoxLayout(self.review_box)
        review.addWidget(self.review_status)
        review.addLayout(review_row)
        review.addWidget(self.message)

        self.content = QWidget()
        self.content.setMaximumWidth(820)  # lines short enough to read comfortably
        column = QVBoxLayout(self.content)
        column.setContentsMargins(14, 8, 14, 14)
        column.setSpacing(10)
        column.addLayout(title_row)
        column.addWidget(self.subtitle)
        column.addWidget(self.badges)
        column.addWidget(self.state_label)
        column.addWidget(self.contact_box)
        column.addWidget(self.body)
        column.addWidget(self.same_session)
        column.addWidget(self.linked_incidents)
        column.addWidget(self.review_box)
        column.addWidget(self.follow_ups)
        column.addWidget(self.hold)
        column.addStretch(1)
        holder = QWidget()
        holder_row = QHBoxLayout(holder)
        holder_row.setContentsMargins(0, 0, 0, 0)
        holder_row.addWidget(self.content, 1)
        holder_row.addStretch(0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.scroll_area, 1)

        self.review_button.clicked.connect(lambda: self._review(reviewed=True))
        self.review_note.returnPressed.connect(lambda: self._review(reviewed=True))
        self.unreview_button.clicked.connect(lambda: self._review(reviewed=False))
        self.contact_button.clicked.connect(self._record_contact)
        self.contact_note.returnPressed.connect(self._record_contact)
        self.print_button.clicked.connect(self.open_debrief_pdf)
        self.hold.hold_changed.connect(self._hold_changed)
        self.same_session.chosen.connect(self.open_requested)
        self.linked_incidents.chosen.connect(self.open_requested)
        self.clear()

    @property
    def record(self) -> InboxRecord | None:
        return self._opened.record if self._opened else None

    def clear(self) -> None:
        self._opened = None
        self.body.clear()
        self.scroll_area.setVisible(False)
        self.placeholder.setVisible(True)

    def show_opened(self, opened: OpenedRecord) -> None:
        same_record = (
            self._opened is not None and self._opened.record.line.id == opened.record.line.id
        )
        self._opened = opened
        record = opened.record
        line = record.line
        group = line.group_name or self.tr("No group")
        if record.debrief is not None:
            self.title.setText(self.tr("Debrief — {0}").format(group))
            self.subtitle.setText(
                self.tr("After the session on {0}").format(long_day(record.debrief.session_date))
            )
            self.body.setText(debrief_html(record, record.debrief))
        elif record.incident is not None:
            self.title.setText(self.tr("Incident record — {0}").format(group))
            self.subtitle.setText(record.incident.fields.run.protocol.title)
            self.body.setText(incident_html(record, record.incident, opened.member_name))
        self.print_button.setVisible(line.kind is RecordKind.DEBRIEF)
        self.badges.show_badges(line_badges(line))
        self.state_label.setText(self._state_text(record))
        self._show_review(record)
        self._show_contact(record)
        if not same_record:
            self.review_note.clear()
            self.contact_note.clear()
            show_message(self.message, "")
            show_message(self.contact_message, "")
            self.scroll_area.verticalScrollBar().setValue(0)
        self.same_session.show_lines(record.same_session)
        self.linked_incidents.show_lines(record.linked_incidents)
        self.follow_ups.show_follow_ups(line.id, record.follow_ups, opened.people)
        self.hold.show_hold(record_table(record), line.id, opened.held)
        self.placeholder.setVisible(False)
        self.scroll_area.setVisible(True)

    def _name(self, person_id: str) -> str:
        record = self.record
        if record is None or not person_id:
            return self.tr("someone")
        if person_id == self._access.facts.owner_person_id:
            return self.tr("you")
        return record.names.get(person_id, self.tr("someone"))

    def _state_text(self, record: InboxRecord) -> str:
        state = record.state
        parts = []
        if state.arrived_at is None:
            parts.append(self.tr("Written on this computer"))
        else:
            parts.append(self.tr("Arrived {0}").format(moment(state.arrived_at)))
        if state.opened_at is not None:
            parts.append(
                self.tr("first opened by {0}, {1}").format(
                    self._name(state.opened_by), moment(state.opened_at)
                )
            )
        return " · ".join(parts)

    def _show_review(self, record: InboxRecord) -> None:
        state = record.state
        reviewed = record.line.reviewed and state.reviewed_at is not None
        if reviewed and state.reviewed_at is not None:
            text = self.tr("Reviewed by {0}, {1}.").format(
                self._name(state.reviewed_by), moment(state.reviewed_at)
            )
            if state.review_note:
                text += " " + self.tr("Note: {0}").format(state.review_note)
        else:
            text = self.tr("Not reviewed yet.")
        self.review_status.setText(text)
        self.review_status.setTextFormat(Qt.TextFormat.PlainText)
        self.review_note.setVisible(not reviewed)
        self.review_button.setVisible(not reviewed)
        self.unreview_button.setVisible(reviewed)

    def _show_contact(self, record: InboxRecord) -> None:
        line = record.line
        state = record.state
        wants = line.wants_contact
        waiting = wants and not line.contacted
        if waiting:
            self.contact_status.setText(self._contact_request_text(record))
        elif wants and state.contacted_at is not None:
            text = self.tr("Contact recorded by {0}, {1}.").format(
                self._name(state.contacted_by), moment(state.contacted_at)
            )
            if state.contact_note:
                text += " " + self.tr("Note: {0}").format(state.contact_note)
            self.contact_status.setText(text)
        self.contact_status.setTextFormat(Qt.TextFormat.PlainText)
        self.contact_box.setVisible(wants)
        self.contact_note.setVisible(waiting)
        self.contact_button.setVisible(waiting)

    def _contact_request_text(self, record: InboxRecord) -> str:
        author = record.line.author_name or self.tr("The facilitator")
        incident = record.incident
        if incident is not None and not incident.fields.facilitator_needs_support:
            return self.tr(
                "{0} recorded being triggered. Get in touch with them, then record it here."
            ).format(author)
        if incident is not None:
            return self.tr(
                "{0} would like support after this. Get in touch with them, then record it here."
            ).format(author)
        return self.tr(
            "{0} asked for someone to get in touch. When you have, record it here."
        ).format(author)

    # --- actions -------------------------------------------------------------------------

    def _review(self, *, reviewed: bool) -> None:
        record = self.record
        if record is None:
            return
        self._access.call(
            inbox.mark_reviewed,
            record.line.id,
            self.review_note.text() if reviewed else "",
            reviewed=reviewed,
            done=self._changed,
            failed=self._failed,
        )

    def _record_contact(self) -> None:
        record = self.record
        if record is None:
            return
        self._access.call(
            inbox.record_contact,
            record.line.id,
            self.contact_note.text(),
            done=self._changed,
            failed=lambda error: show_message(self.contact_message, error.message),
        )

    def _changed(self, record: InboxRecord) -> None:
        opened = self._opened
        if opened is None or opened.record.line.id != record.line.id:
            return
        self.review_note.clear()
        self.contact_note.clear()
        show_message(self.message, "")
        show_message(self.contact_message, "")
        self.show_opened(OpenedRecord(record, opened.member_name, opened.people, opened.held))
        self.line_changed.emit(record.line)

    def _hold_changed(self, held: bool) -> None:
        opened = self._opened
        if opened is not None:
            self._opened = OpenedRecord(opened.record, opened.member_name, opened.people, held)

    def open_debrief_pdf(self) -> DocumentDialog | None:
        record = self.record
        if record is None or record.debrief is None:
            return None
        debrief_id = record.debrief.id
        return show_document(
            self,
            self._access,
            self.tr("Debrief"),
            lambda store, options: debrief_papers.debrief_pdf(store, debrief_id, options),
            debrief_papers.debrief_file_name(record.debrief.session_date),
            holds_names=True,
            make_protected=lambda store, options, password: debrief_papers.debrief_pdf(
                store, debrief_id, options, password
            ),
            audit_as=AuditTarget(AuditKind.DEBRIEF, debrief_id),
        )

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
