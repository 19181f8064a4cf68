"""Writing a debrief after a session: saved as a draft while typing, then sent once.

The draft is saved a moment after each change and again at lock, so nothing typed is
lost. Sending asks first; after that the debrief never changes (anything more is an
addendum) and, on a facilitator's laptop, its text is gone from this screen and store.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.debriefs import Debrief, DebriefFields, validate_for_submit
from facilitator_app.domain.errors import AppError, ValidationError
from facilitator_app.gui.debrief_fields import DebriefEditor
from facilitator_app.gui.debrief_opening import DebriefOpening, session_heading
from facilitator_app.gui.question_bar import QuestionBar
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import debriefs
from facilitator_app.services.debriefs import DebriefSheet
from facilitator_app.services.stores import Store

AUTOSAVE_MS = 1500
BODY_MAX_WIDTH = 880


class DebriefForm(QWidget):
    closed = Signal()
    sent = Signal()  # submitted: the form has already forgotten it
    record_incident = Signal(str, str)  # group id, session id

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._debrief: Debrief | None = None
        self._sheet: DebriefSheet | None = None
        self._queued: DebriefFields | None = None  # the fields last given to a save
        self._saving = self._save_again = self._submitting = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)

        self.title = label(self.tr("Debrief"), "heading")
        self.session_line = label("", "subheading")
        self.already_sent = label("", "hint")
        self.present_line = label("")
        present_box = QGroupBox(self.tr("Who was there"))
        present_layout = QVBoxLayout(present_box)
        present_layout.addWidget(self.present_line)
        present_layout.addWidget(
            label(
                self.tr(
                    "Taken from the register. To change who was there, change the register "
                    "on the session screen: the debrief follows it."
                ),
                "hint",
            )
        )
        self.editor = DebriefEditor()
        self.message = message_label()
        self.question = QuestionBar()
        self.saved_line = label("", "hint")
        self.back_button = QPushButton(self.tr("Back"))
        self.send_button = primary_button(self.tr("Send debrief…"))
        self.send_button.setDefault(False)  # Enter in a text box must never send it

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.session_line)
        layout.addWidget(self.already_sent)
        layout.addWidget(present_box)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        body.setMaximumWidth(BODY_MAX_WIDTH)  # lines short enough to read on a wide screen
        page = QWidget()
        centred = QHBoxLayout(page)
        centred.addWidget(body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.saved_line, 1)
        buttons.addWidget(self.send_button)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.message)
        outer.addWidget(self.question)
        outer.addLayout(buttons)

        self.editor.edited.connect(self._edited)
        self.editor.record_incident.connect(self._record_incident)
        self._autosave.timeout.connect(self._save)
        self.back_button.clicked.connect(self._back)
        self.send_button.clicked.connect(self._ask_to_send)

    @property
    def debrief_id(self) -> str | None:
        return self._debrief.id if self._debrief else None

    @property
    def session_id(self) -> str | None:
        return self._debrief.session_id if self._debrief else None

    # --- showing --------------------------------------------------------------------

    def show_opening(self, opening: DebriefOpening) -> None:
        self._autosave.stop()
        self._debrief, self._sheet = opening.debrief, opening.sheet
        self._queued = opening.debrief.fields
        self._saving = self._save_again = self._submitting = False
        self.session_line.setText(session_heading(opening.sheet.session, opening.sheet.group_name))
        sent = opening.sheet.already_sent
        self.already_sent.setText(
            self.tr(
                "You already sent a debrief of this session. This one will be sent as well, "
                "as a separate debrief."
            )
            if sent
            else ""
        )
        self.already_sent.setVisible(bool(sent))
        self._show_present(opening.debrief)
        self.editor.show_fields(opening.debrief.fields, opening.sheet)
        self.question.dismiss()
        show_message(self.message, "")
        self._show_saved(opening.debrief)
        self.setEnabled(True)

    def refresh_sheet(self) -> None:
        """Back from the protocols screen: an incident may have been recorded meanwhile."""
        session_id = self.session_id
        if session_id is None:
            return
        self._access.call(
            debriefs.debrief_sheet,
            session_id,
            done=lambda sheet: self._sheet_refreshed(session_id, sheet),
            failed=lambda error: show_message(self.message, error.message),
        )

    def _sheet_refreshed(self, session_id: str, sheet: DebriefSheet) -> None:
        if self.session_id == session_id:
            self._sheet = sheet
            self.editor.set_incidents(sheet.incidents)

    def show_note(self, text: str) -> None:
        """A plain confirmation above the buttons (not a problem)."""
        show_message(self.message, text, "hint")

    def _show_present(self, debrief: Debrief) -> None:
        session = self._sheet.session if self._sheet else None
        names = ", ".join(member.name for member in debrief.present)
        if debrief.present:
            text = self.tr("{0} present: {1}").format(debrief.present_count, names)
        elif session is not None and session.headcount is not None:
            text = self.tr("Drop-in: {0} people came (a head-count, no names).").format(
                session.headcount
            )
        else:
            text = self.tr("Nobody is marked present in the register yet.")
        self.present_line.setText(text)

    def _show_saved(self, debrief: Debrief) -> None:
        if debrief.saved_at is None:
            self.saved_line.setText(self.tr("Saved as a draft as you type."))
        else:
            when = debrief.saved_at.astimezone().strftime("%H:%M")
            self.saved_line.setText(self.tr("Draft saved {0}").format(when))

    # --- autosave: one save at a time, the latest typing always wins --------------------

    def _edited(self) -> None:
        if self._debrief is not None and not self._submitting:
            self.question.dismiss()  # a question about older typing no longer fits
            self._autosave.start()

    @property
    def save_pending(self) -> bool:
        """Typing waiting for the autosave, or a save on its way."""
        return self._autosave.isActive() or self._saving

    def has_unsaved_typing(self) -> bool:
        return self._debrief is not None and self.editor.fields() != self._queued

    def _save(self) -> None:
        if self._debrief is None or self._submitting:
            return
        if self._saving:
            self._save_again = True
            return
        fields = self.editor.fields()
        if fields == self._queued:
            return
        self._saving, self._queued = True, fields
        self._access.call(
            debriefs.save_draft, self._debrief.id, fields, done=self._saved, failed=self._failed
        )

    def _saved(self, debrief: Debrief) -> None:
        self._saving = False
        if self._debrief is None or debrief.id != self._debrief.id:
            return  # the form moved on while this save was on its way
        self._debrief = debrief
        self._show_present(debrief)
        self._show_saved(debrief)
        if self._save_again:
            self._save_again = False
            self._save()

    def final_save(self) -> Callable[[Store], object] | None:
        """At lock: the typing not yet given to a save, written before the store closes."""
        if not self.has_unsaved_typing() or self._debrief is None or self._submitting:
            return None
        debrief_id, fields = self._debrief.id, self.editor.fields()
        return lambda store: debriefs.save_draft(store, debrief_id, fields)

    # --- leaving ------------------------------------------------------------------------

    def _back(self) -> None:
        self._save_now()
        self.forget()
        self.closed.emit()

    def _save_now(self) -> None:
        """Queue the latest typing now, rather than when the timer would."""
        self._autosave.stop()
        if self._debrief is not None and self.has_unsaved_typing():
            fields = self.editor.fields()
            self._queued = fields
            self._access.call(
                debriefs.save_draft,
                self._debrief.id,
                fields,
                done=lambda _debrief: None,
                failed=lambda _error: None,  # kept as it was: the draft is still listed
            )

    def forget(self) -> None:
        """Drop the debrief from the screen (it is saved, or sent)."""
        self._autosave.stop()
        self._debrief = self._sheet = self._queued = None
        self._saving = self._save_again = self._submitting = False
        self.editor.clear()
        self.question.dismiss()
        show_message(self.message, "")
        for text in (self.session_line, self.present_line, self.saved_line, self.already_sent):
            text.clear()

    def _record_incident(self) -> None:
        if self._debrief is not None:
            self._save_now()
            self.record_incident.emit(self._debrief.group_id, self._debrief.session_id)

    # --- sending ----------------------------------------------------------------------

    def _ask_to_send(self) -> None:
        if self._debrief is None or self._submitting:
            return
        try:
            validate_for_submit(self.editor.fields())
        except ValidationError as error:
            self._refused(error)
            return
        show_message(self.message, "")
        self.question.ask(
            self.tr(
                "Once sent, a debrief can't be changed — you can add an addendum later. "
                "Send it now?"
            ),
            self.tr("Send it"),
            self._send,
            self.tr("Not yet"),
        )

    def _send(self) -> None:
        if self._debrief is None:
            return
        self._autosave.stop()
        self._submitting = True
        self._set_sending(True)
        self._access.call(
            debriefs.submit,
            self._debrief.id,
            self.editor.fields(),
            done=self._submitted,
            failed=self._failed,
        )

    def _submitted(self, _debrief: Debrief) -> None:
        # The returned copy is the last readable one on a laptop: it is not shown again.
        self.forget()
        self._set_sending(False)
        self.sent.emit()

    def _set_sending(self, sending: bool) -> None:
        # Typing while it is on its way would be lost with the form: hold it still.
        for widget in (self.editor, self.send_button, self.back_button):
            widget.setEnabled(not sending)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        if self._submitting:
            self._submitting = False
            self._set_sending(False)
            if self.has_unsaved_typing():
                self._autosave.start()
        elif self._debrief is not None:
            # Not saved: still typing to save (at the next change, or at lock).
            self._queued = self._debrief.fields
        if isinstance(error, ValidationError):
            self._refused(error)
        else:
            show_message(self.message, error.message)

    def _refused(self, error: ValidationError) -> None:
        show_message(self.message, error.message)
        self.editor.focus_field(error.field)
