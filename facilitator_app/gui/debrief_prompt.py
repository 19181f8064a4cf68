"""The session screen's way into the debrief: one button, more noticeable once the session
is held, saying quietly whether a draft is waiting or a debrief was already sent."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.sessions import Session, SessionStatus
from facilitator_app.gui.debrief_opening import open_for_session
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, show_message
from facilitator_app.services import debriefs
from facilitator_app.services.stores import Store


def debrief_counts(store: Store, session: Session) -> tuple[int, int]:
    """(drafts of mine, debriefs sent from here) for the session."""
    drafts = len(debriefs.drafts(store, session.id))
    if session.status is SessionStatus.CANCELLED:
        return drafts, 0  # the sheet refuses a cancelled session; nothing can be sent
    return drafts, debriefs.debrief_sheet(store, session.id).already_sent


class DebriefPrompt(QGroupBox):
    opened = Signal(object)  # a DebriefOpening to show

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Debrief"), parent)
        self._access = access
        self._session: Session | None = None
        self.state = label("", "hint")
        self.write_button = QPushButton(self.tr("Write debrief…"))
        self.message = message_label()
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.write_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.write_button.clicked.connect(self._write)
        self.setVisible(False)

    def show_session(self, session: Session | None) -> None:
        self._session = session
        self.setVisible(session is not None)
        show_message(self.message, "")
        if session is None:
            return
        self._show_state(session, 0, 0)
        self.refresh()

    def refresh(self) -> None:
        """Ask again whether a draft is waiting (it may have been sent or discarded)."""
        session = self._session
        if session is None:
            return
        self._access.call(
            debrief_counts,
            session,
            done=lambda counts: self._counted(session, counts),
            failed=self._failed,
        )

    def _counted(self, session: Session, counts: tuple[int, int]) -> None:
        if self._session is not None and self._session.id == session.id:
            self._show_state(self._session, *counts)

    def _show_state(self, session: Session, drafts: int, sent: int) -> None:
        prominent = False
        button = self.tr("Write debrief…")
        if drafts:
            text = self.tr("Your debrief of this session is saved as a draft.")
            button, prominent = self.tr("Continue debrief…"), True
        elif session.status is SessionStatus.CANCELLED:
            text = self.tr("This session was cancelled.")
        elif sent:
            text = self.tr("Your debrief of this session was sent.")
            button = self.tr("Write another debrief…")
        elif session.status is SessionStatus.HELD:
            text = self.tr("When you are ready, write the debrief for your organisation.")
            prominent = True
        else:
            text = self.tr("After the session, write a debrief for your organisation.")
        self.state.setText(text)
        self.write_button.setText(button)
        if bool(self.write_button.property("role")) != prominent:
            self.write_button.setProperty("role", "primary" if prominent else "")
            self.write_button.style().unpolish(self.write_button)
            self.write_button.style().polish(self.write_button)

    def _write(self) -> None:
        session = self._session
        if session is None:
            return
        show_message(self.message, "")
        self._access.call(open_for_session, session.id, done=self.opened.emit, failed=self._failed)

    def session_updated(self, session: Session) -> None:
        """The same session saved elsewhere (held, cancelled): show where it stands now."""
        if self._session is not None and self._session.id == session.id:
            self._session = session
            self.refresh()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
