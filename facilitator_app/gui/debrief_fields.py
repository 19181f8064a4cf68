"""What the facilitator writes in a debrief: how it went, what happened, how they are.

Who was there and which incidents happened come from the sheet (the register and the
incident records); only the choices and free text here are the person's own.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.gui.wellbeing_choice import WellbeingChoice
from facilitator_app.gui.widgets import label
from facilitator_app.services.debriefs import DebriefSheet, SessionIncident

_HOW = tuple(HowItWent)


def _text_box(placeholder: str, height: int = 84) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in the rest of the form
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 2)
    return edit


class DebriefEditor(QWidget):
    """The typed part of the form. `edited` fires on any change; `record_incident` asks
    for the protocols screen."""

    edited = Signal()
    record_incident = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._incidents: tuple[SessionIncident, ...] = ()

        self.how_group = QButtonGroup(self)
        self.how_buttons: dict[HowItWent, QRadioButton] = {}
        how_box = QGroupBox(self.tr("How the group went"))
        how_layout = QVBoxLayout(how_box)
        for index, how in enumerate(_HOW):
            button = QRadioButton(self.tr(how.label))
            self.how_group.addButton(button, index)
            self.how_buttons[how] = button
            how_layout.addWidget(button)
        self.how_notes = _text_box(self.tr("A few words about the session, if you like"), 60)
        how_layout.addWidget(self.how_notes)

        self.topics = _text_box(self.tr("What the group talked about or did"), 60)
        self.went_well = _text_box(self.tr("Moments that helped, things to keep"))
        self.concerns = _text_box(self.tr("Anything that worried you, or that needs follow-up"))
        writing_box = QGroupBox(self.tr("The session"))
        writing = QFormLayout(writing_box)
        writing.addRow(self.tr("Topics covered"), self.topics)
        writing.addRow(self.tr("What went well"), self.went_well)
        writing.addRow(self.tr("Anything of concern"), self.concerns)
        writing.addRow(
            "",
            label(self.tr("Facts, not interpretation: what was said and done, and when."), "hint"),
        )

        self.incident_lines = label("", "")
        self.record_button = QPushButton(self.tr("Record an incident now…"))
        incidents_box = QGroupBox(self.tr("Incidents in this session"))
        incidents_layout = QHBoxLayout(incidents_box)
        incidents_layout.addWidget(self.incident_lines, 1)
        incidents_layout.addWidget(self.record_button)

        self.safeguarding = QCheckBox(self.tr("There is a safeguarding concern from this session"))
        self.safeguarding_incident = QComboBox()
        self.safeguarding_incident_row = QWidget()
        row = QFormLayout(self.safeguarding_incident_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addRow(self.tr("Which incident record is it?"), self.safeguarding_incident)
        self.safeguarding_protocols_button = QPushButton(self.tr("Open the protocols…"))
        self.safeguarding_details = QWidget()
        details = QVBoxLayout(self.safeguarding_details)
        details.setContentsMargins(24, 0, 0, 0)
        details.addWidget(self.safeguarding_incident_row)
        protocol_row = QHBoxLayout()
        protocol_row.addWidget(
            label(
                self.tr(
                    "Not recorded yet? Record it with a safeguarding protocol: it keeps "
                    "what was done and when, for your safeguarding lead."
                ),
                "hint",
            ),
            1,
        )
        protocol_row.addWidget(self.safeguarding_protocols_button)
        details.addLayout(protocol_row)
        safeguarding_box = QGroupBox(self.tr("Safeguarding"))
        safeguarding_layout = QVBoxLayout(safeguarding_box)
        safeguarding_layout.addWidget(self.safeguarding)
        safeguarding_layout.addWidget(self.safeguarding_details)

        self.wellbeing = WellbeingChoice()
        self.wants_contact = QCheckBox(self.tr("I'd like someone to contact me"))
        you_box = QGroupBox(self.tr("You"))
        you_layout = QVBoxLayout(you_box)
        you_layout.addWidget(label(self.tr("How are you after this session? (optional)")))
        you_layout.addWidget(self.wellbeing)
        you_layout.addWidget(self.wants_contact)

        self.recipient = QComboBox()
        self.recipient.setMinimumWidth(260)
        goes_to_box = QGroupBox(self.tr("Goes to"))
        goes_to = QHBoxLayout(goes_to_box)
        goes_to.addWidget(self.recipient)
        goes_to.addWidget(
            label(
                self.tr(
                    "Usually the group's support worker, who reads it and gets back to you "
                    "if needed."
                ),
                "hint",
            ),
            1,
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in (how_box, writing_box, incidents_box, safeguarding_box, you_box, goes_to_box):
            layout.addWidget(box)

        for edit in (self.how_notes, self.topics, self.went_well, self.concerns):
            edit.textChanged.connect(self.edited)
        self.how_group.idToggled.connect(lambda _id, on: self.edited.emit() if on else None)
        self.safeguarding.toggled.connect(self._safeguarding_toggled)
        self.wants_contact.toggled.connect(self.edited)
        self.wellbeing.changed.connect(self.edited)
        for combo in (self.safeguarding_incident, self.recipient):
            combo.currentIndexChanged.connect(lambda _index: self.edited.emit())
        self.record_button.clicked.connect(self.record_incident)
        self.safeguarding_protocols_button.clicked.connect(self.record_incident)
        self.safeguarding_details.setVisible(False)

    # --- showing --------------------------------------------------------------------

    def show_fields(self, fields: DebriefFields, sheet: DebriefSheet) -> None:
        """Fill the form without firing `edited`: nothing has changed yet."""
        self.blockSignals(True)
        try:
            self._set_how(fields.how_it_went)
            self.how_notes.setPlainText(fields.how_notes)
            self.topics.setPlainText(fields.topics)
            self.went_well.setPlainText(fields.went_well)
            self.concerns.setPlainText(fields.concerns)
            self.safeguarding.setChecked(fields.safeguarding)
            self.wellbeing.set_value(fields.wellbeing)
            self.wants_contact.setChecked(fields.wants_contact)
            self._fill_recipients(sheet, fields.recipient_id)
            self.set_incidents(sheet.incidents, fields.safeguarding_incident_id)
        finally:
            self.blockSignals(False)

    def set_incidents(
        self, incidents: tuple[SessionIncident, ...], chosen: str | None = None
    ) -> None:
        """The session's incident records by kind only (the text is never shown here)."""
        if chosen is None:
            chosen = self.safeguarding_incident.currentData() or None
        self._incidents = incidents
        self.incident_lines.setText(
            "\n".join(f"•  {self._incident_text(incident)}" for incident in incidents)
            or self.tr("None recorded.")
        )
        was_blocked = self.safeguarding_incident.blockSignals(True)
        self.safeguarding_incident.clear()
        self.safeguarding_incident.addItem(self.tr("Not recorded as an incident yet"), "")
        for incident in incidents:
            self.safeguarding_incident.addItem(self._incident_text(incident), incident.id)
        self.safeguarding_incident.setCurrentIndex(
            max(0, self.safeguarding_incident.findData(chosen or ""))
        )
        self.safeguarding_incident.blockSignals(was_blocked)
        self.safeguarding_incident_row.setVisible(bool(incidents))

    def _incident_text(self, incident: SessionIncident) -> str:
        return self.tr("{0} (sent)").format(incident.label) if incident.sent else incident.label

    def _fill_recipients(self, sheet: DebriefSheet, chosen: str | None) -> None:
        self.recipient.clear()
        self.recipient.addItem(self.tr("Your organisation"), "")
        for person in sheet.recipients:
            self.recipient.addItem(person.name, person.id)
        if chosen and self.recipient.findData(chosen) < 0:
            chosen = sheet.default_recipient_id  # no longer a support worker: saving would refuse
        self.recipient.setCurrentIndex(max(0, self.recipient.findData(chosen or "")))

    def _set_how(self, how: HowItWent | None) -> None:
        # An exclusive group cannot be emptied by unchecking: lift that for a moment.
        self.how_group.setExclusive(False)
        for choice, button in self.how_buttons.items():
            button.setChecked(choice is how)
        self.how_group.setExclusive(True)

    def _safeguarding_toggled(self, on: bool) -> None:
        self.safeguarding_details.setVisible(on)
        self.edited.emit()

    def clear(self) -> None:
        """Forget every word typed: after sending from a laptop nothing readable stays."""
        self.blockSignals(True)
        try:
            self._set_how(None)
            for edit in (self.how_notes, self.topics, self.went_well, self.concerns):
                edit.clear()
            self.safeguarding.setChecked(False)
            self.wellbeing.set_value(None)
            self.wants_contact.setChecked(False)
            self.safeguarding_incident.clear()
            self.recipient.clear()
            self.incident_lines.clear()
        finally:
            self.blockSignals(False)

    # --- reading --------------------------------------------------------------------

    def fields(self) -> DebriefFields:
        how_id = self.how_group.checkedId()
        safeguarding = self.safeguarding.isChecked()
        return DebriefFields(
            how_it_went=_HOW[how_id] if 0 <= how_id < len(_HOW) else None,
            how_notes=self.how_notes.toPlainText(),
            topics=self.topics.toPlainText(),
            went_well=self.went_well.toPlainText(),
            concerns=self.concerns.toPlainText(),
            safeguarding=safeguarding,
            safeguarding_incident_id=(self.safeguarding_incident.currentData() or None)
            if safeguarding
            else None,
            wellbeing=self.wellbeing.value(),
            wants_contact=self.wants_contact.isChecked(),
            recipient_id=self.recipient.currentData() or None,
        )

    def focus_field(self, name: str) -> None:
        """Put the cursor where a refused field is, so the person sees what to change."""
        targets: dict[str, QWidget] = {
            "how_it_went": self.how_buttons[_HOW[0]],
            "how_notes": self.how_notes,
            "topics": self.topics,
            "went_well": self.went_well,
            "concerns": self.concerns,
            "wellbeing": self.wellbeing,
        }
        target = targets.get(name)
        if target is not None:
            target.setFocus()
