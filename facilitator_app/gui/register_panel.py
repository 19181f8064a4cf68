"""On the night: the register (or a head-count for drop-ins), short notes, held or cancelled."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group, GroupKind
from facilitator_app.domain.incidents import Incident
from facilitator_app.domain.sessions import (
    HEADCOUNT_MAX,
    SESSION_NOTE_MAX,
    RegisterLine,
    Session,
    SessionStatus,
)
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import incidents, sessions

Snapshot = dict[str, str]


class RegisterPanel(QGroupBox):
    changed = Signal(object)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("On the night"), parent)
        self._access = access
        self._session: Session | None = None
        self._group: Group | None = None
        self._loaded: Snapshot = {}
        self._pending_draft: Snapshot | None = None

        self.status = label("", "notice")
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.register_hint = label(self.tr("Tick who came."), "hint")
        self.register_list = QListWidget()
        self.register_list.setMinimumHeight(160)
        self.headcount = QSpinBox()
        self.headcount.setRange(0, HEADCOUNT_MAX)
        self.headcount.setSuffix(self.tr(" people came"))
        self.save_register_button = primary_button(self.tr("Save register"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(
            self.tr("Short notes: facts, not interpretation. No graphic detail.")
        )
        self.notes.setMaximumHeight(110)
        self.save_notes_button = QPushButton(self.tr("Save notes"))
        self.held_button = QPushButton(self.tr("Mark as held"))
        self.cancelled_button = QPushButton(self.tr("Mark as cancelled"))
        self.message = message_label()
        self.incidents_line = label("", "hint")

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.register_hint)
        layout.addWidget(self.register_list)
        layout.addWidget(self.headcount)
        register_row = QHBoxLayout()
        register_row.addStretch(1)
        register_row.addWidget(self.save_register_button)
        layout.addLayout(register_row)
        layout.addWidget(label(self.tr("Session notes"), "subheading"))
        layout.addWidget(self.notes)
        notes_row = QHBoxLayout()
        notes_row.addStretch(1)
        notes_row.addWidget(self.save_notes_button)
        layout.addLayout(notes_row)
        layout.addWidget(self.message)
        layout.addWidget(self.incidents_line)
        status_row = QHBoxLayout()
        status_row.addWidget(self.held_button)
        status_row.addWidget(self.cancelled_button)
        status_row.addStretch(1)
        layout.addLayout(status_row)
        layout.addStretch(1)

        self.save_register_button.clicked.connect(self._save_register)
        self.save_notes_button.clicked.connect(self._save_notes)
        self.held_button.clicked.connect(lambda: self._set_status(SessionStatus.HELD))
        self.cancelled_button.clicked.connect(lambda: self._set_status(SessionStatus.CANCELLED))
        self.show_session(None, None)

    @property
    def is_drop_in(self) -> bool:
        return self._group is not None and self._group.kind is GroupKind.DROP_IN

    def show_session(self, group: Group | None, session: Session | None) -> None:
        self._group = group
        self._session = session
        self.setEnabled(session is not None)
        self.register_list.clear()
        self.register_list.setVisible(not self.is_drop_in)
        self.register_hint.setText(
            self.tr("Drop-in: count heads, no names.")
            if self.is_drop_in
            else self.tr("Tick who came.")
        )
        self.headcount.setVisible(self.is_drop_in)
        self.headcount.setValue(session.headcount or 0 if session else 0)
        self.notes.setPlainText(session.notes if session else "")
        show_message(self.message, "")
        self._show_status()
        self._loaded = self.snapshot()
        self.incidents_line.setText("")
        self.refresh_incidents()
        if session is not None and not self.is_drop_in:
            self._access.call(
                sessions.register,
                session.id,
                done=lambda lines: self._register_loaded(session.id, lines),
                failed=self._failed,
            )
        else:
            self._apply_pending_draft()

    def _show_status(self) -> None:
        session = self._session
        if session is None:
            self.status.setText(self.tr("Choose or plan a session to take its register."))
            return
        text = {
            SessionStatus.PLANNED: self.tr("Planned"),
            SessionStatus.HELD: self.tr("Held"),
            SessionStatus.CANCELLED: self.tr("Cancelled"),
        }[session.status]
        self.status.setText(self.tr("Status: {0}").format(text))
        cancelled = session.status is SessionStatus.CANCELLED
        for widget in (self.register_list, self.headcount, self.save_register_button):
            widget.setEnabled(not cancelled)
        self.held_button.setEnabled(session.status is not SessionStatus.HELD)
        self.cancelled_button.setEnabled(not cancelled)

    def refresh_incidents(self) -> None:
        session = self._session
        if session is not None:
            self._access.call(
                incidents.list_incidents,
                session.id,
                done=lambda found: self._show_incidents(session.id, found),
                failed=self._failed,
            )

    def _show_incidents(self, session_id: str, found: list[Incident]) -> None:
        if self._session is None or self._session.id != session_id:
            return
        lines = [
            self.tr("{0} · {1} · {2}").format(
                incident.fields.run.started_at.astimezone().strftime("%H:%M"),
                incident.fields.run.protocol.title,
                self.tr("submitted") if incident.is_submitted else self.tr("draft"),
            )
            for incident in found
        ]
        self.incidents_line.setText(
            self.tr("Incidents in this session:") + "\n" + "\n".join(lines) if lines else ""
        )

    def _register_loaded(self, session_id: str, lines: list[RegisterLine]) -> None:
        if self._session is None or self._session.id != session_id:
            return  # another session was chosen while this one loaded
        self._show_register(lines)
        self._apply_pending_draft()

    def _show_register(self, lines: list[RegisterLine]) -> None:
        self.register_list.clear()
        if not lines:
            empty = QListWidgetItem(self.tr("No members yet: add them on the Groups tab."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.register_list.addItem(empty)
        for line in lines:
            item = QListWidgetItem(line.name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if line.present else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, line.member_id)
            self.register_list.addItem(item)
        # Only the ticks are now as stored; notes being typed stay unsaved.
        self._loaded["present"] = self.snapshot()["present"]

    def present_ids(self) -> list[str]:
        found = []
        for row in range(self.register_list.count()):
            item = self.register_list.item(row)
            member_id = item.data(Qt.ItemDataRole.UserRole)
            if member_id and item.checkState() == Qt.CheckState.Checked:
                found.append(str(member_id))
        return found

    # --- drafts ---------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return {
            "present": ",".join(self.present_ids()),
            "headcount": str(self.headcount.value()),
            "notes": self.notes.toPlainText(),
        }

    def draft(self) -> Snapshot | None:
        if self._session is None or self.snapshot() == self._loaded:
            return None
        return {"record_id": self._session.id, "group_id": self._session.group_id} | self.snapshot()

    def restore_draft(self, draft: Snapshot) -> None:
        self._pending_draft = draft

    def _apply_pending_draft(self) -> None:
        draft = self._pending_draft
        if draft is None or self._session is None or draft.get("record_id") != self._session.id:
            return
        self._pending_draft = None
        present = set(filter(None, draft.get("present", "").split(",")))
        for row in range(self.register_list.count()):
            item = self.register_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole):
                checked = item.data(Qt.ItemDataRole.UserRole) in present
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.headcount.setValue(int(draft.get("headcount", "0") or 0))
        self.notes.setPlainText(draft.get("notes", ""))

    # --- saving ---------------------------------------------------------------

    def _save_register(self) -> None:
        if self._session is None:
            return
        if self.is_drop_in:
            self._access.call(
                sessions.set_headcount,
                self._session.id,
                self.headcount.value(),
                done=self._headcount_saved,
                failed=self._failed,
            )
        else:
            self._access.call(
                sessions.take_register,
                self._session.id,
                self.present_ids(),
                done=self._register_saved,
                failed=self._failed,
            )

    def _register_saved(self, lines: list[RegisterLine]) -> None:
        self._show_register(lines)
        count = sum(line.present for line in lines)
        show_message(self.message, self.tr("Register saved: {0} present.").format(count), "hint")

    def _save_notes(self) -> None:
        if self._session is None:
            return
        text = self.notes.toPlainText()
        if len(text) > SESSION_NOTE_MAX:
            show_message(
                self.message,
                self.tr("Notes can be at most {0} characters; these are {1}.").format(
                    SESSION_NOTE_MAX, len(text)
                ),
            )
            return
        self._access.call(
            sessions.save_notes, self._session.id, text, done=self._notes_saved, failed=self._failed
        )

    def _set_status(self, status: SessionStatus) -> None:
        if self._session is None:
            return
        self._access.call(
            sessions.set_status,
            self._session.id,
            status,
            done=self._status_saved,
            failed=self._failed,
        )

    # Each save touches only its own part of the panel, so typing elsewhere stays put.

    def _headcount_saved(self, session: Session) -> None:
        self._session = session
        self._loaded["headcount"] = str(session.headcount or 0)
        show_message(self.message, self.tr("Head-count saved."), "hint")
        self.changed.emit(session)

    def _notes_saved(self, session: Session) -> None:
        self._session = session
        self._loaded["notes"] = session.notes
        self.notes.setPlainText(session.notes)
        show_message(self.message, self.tr("Notes saved."), "hint")
        self.changed.emit(session)

    def _status_saved(self, session: Session) -> None:
        self._session = session
        self._show_status()
        show_message(self.message, "")
        self.changed.emit(session)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
