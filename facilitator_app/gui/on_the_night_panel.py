"""Who actually led and co-facilitated a session: the group decides that on the night."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.people import Person
from facilitator_app.domain.sessions import OnTheNight, Session, SessionStatus
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import sessions

Snapshot = dict[str, str]


class OnTheNightPanel(QGroupBox):
    saved = Signal(object)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Who led on the night"), parent)
        self._access = access
        self._session: Session | None = None
        self._people: dict[str, Person] = {}
        self._loaded: Snapshot = {}
        self._saving = False
        self._pending_draft: Snapshot | None = None

        self.lead = QComboBox()
        self.co = QComboBox()
        self.chosen_by_group = QCheckBox(self.tr("Chosen by the group on the night"))
        self.state = label("", "hint")
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save who led"))
        self.save_button.setDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("Led by"), self.lead)
        form.addRow(self.tr("Co-facilitated by"), self.co)
        form.addRow("", self.chosen_by_group)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(self.tr("The group decides who leads. Record who actually did."), "hint")
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self._save)
        self.show_session(None)

    @property
    def session(self) -> Session | None:
        return self._session

    def set_people(self, people: list[Person]) -> None:
        """Everyone, archived included, so a recorded name is never lost from view."""
        self._people = {person.id: person for person in people}
        for combo in (self.lead, self.co):
            self._fill(combo, combo.currentData() or None)

    def _fill(self, combo: QComboBox, chosen: str | None) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("— nobody —"), "")
        for person in self._people.values():
            if person.archived_on is None or person.id == chosen:
                combo.addItem(person.name, person.id)
        if chosen and combo.findData(chosen) < 0:
            combo.addItem(self.tr("someone no longer in the store"), chosen)
        combo.setCurrentIndex(max(0, combo.findData(chosen or "")))
        combo.blockSignals(False)

    def show_session(self, session: Session | None) -> None:
        self._session = session
        self.setEnabled(session is not None and session.status is not SessionStatus.CANCELLED)
        night = session.on_the_night if session else OnTheNight()
        if session is not None and not night.recorded:
            # Only a suggestion: nothing is recorded until the person saves it.
            lead, co = session.fields.lead_id, session.fields.co_facilitator_id
        else:
            lead, co = night.lead_id, night.co_id
        self._fill(self.lead, lead)
        self._fill(self.co, co)
        self.chosen_by_group.setChecked(night.chosen_by_group)
        self._show_state()
        show_message(self.message, "")
        self._loaded = self.snapshot()
        self._apply_pending_draft()

    def session_updated(self, session: Session) -> None:
        """The same session saved elsewhere (plan, status): follow it unless typing here."""
        if self._session is not None and self._session.id == session.id:
            if self.has_changes():
                self._session = session
            else:
                self.show_session(session)

    def _show_state(self) -> None:
        session = self._session
        if session is None:
            text = ""
        elif session.status is SessionStatus.CANCELLED:
            text = self.tr("This session was cancelled.")
        elif session.on_the_night.recorded:
            text = self.tr("Recorded.")
        elif session.fields.lead_id or session.fields.co_facilitator_id:
            text = self.tr("Not recorded yet: filled in from the plan. Save to confirm.")
        else:
            text = self.tr("Not recorded yet.")
        self.state.setText(text)

    def night(self) -> OnTheNight:
        return OnTheNight(
            self.lead.currentData() or None,
            self.co.currentData() or None,
            self.chosen_by_group.isChecked(),
        )

    # --- drafts ---------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        night = self.night()
        return {
            "lead_id": night.lead_id or "",
            "co_id": night.co_id or "",
            "chosen_by_group": "yes" if night.chosen_by_group else "",
        }

    def has_changes(self) -> bool:
        return self._saving or (self._session is not None and self.snapshot() != self._loaded)

    def draft(self) -> Snapshot | None:
        if self._saving or self._session is None or self.snapshot() == self._loaded:
            return None
        return {"record_id": self._session.id, "group_id": self._session.group_id} | self.snapshot()

    def restore_draft(self, draft: Snapshot) -> None:
        self._pending_draft = draft

    def _apply_pending_draft(self) -> None:
        draft = self._pending_draft
        if draft is None or self._session is None or draft.get("record_id") != self._session.id:
            return
        self._pending_draft = None
        self._fill(self.lead, draft.get("lead_id") or None)
        self._fill(self.co, draft.get("co_id") or None)
        self.chosen_by_group.setChecked(bool(draft.get("chosen_by_group")))

    # --- saving ---------------------------------------------------------------

    def _save(self) -> None:
        if self._session is None:
            return
        self._saving = True
        self._access.call(
            sessions.record_on_the_night,
            self._session.id,
            self.night(),
            done=self._saved,
            failed=self._failed,
        )

    def _saved(self, session: Session) -> None:
        self._saving = False
        if self._session is not None and self._session.id == session.id:
            self.show_session(session)
        self.saved.emit(session)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)
