"""The facilitator's own check after a session: 1 (struggling) to 5 (fine), or nothing said."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from facilitator_app.domain.debriefs import WELLBEING_RANGE

_NOT_SAID = 0  # the button id for "prefer not to say"


class WellbeingChoice(QWidget):
    """One row of choices; "Prefer not to say" is where it starts, and always allowed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[int, QRadioButton] = {}
        names = {1: self.tr("1 · struggling"), 5: self.tr("5 · fine")}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        not_said = QRadioButton(self.tr("Prefer not to say"))
        self.group.addButton(not_said, _NOT_SAID)
        self.buttons[_NOT_SAID] = not_said
        layout.addWidget(not_said)
        layout.addSpacing(12)
        for value in WELLBEING_RANGE:
            button = QRadioButton(names.get(value, str(value)))
            self.group.addButton(button, value)
            self.buttons[value] = button
            layout.addWidget(button)
        layout.addStretch(1)
        not_said.setChecked(True)
        self.group.idToggled.connect(lambda _id, on: self.changed.emit() if on else None)

    def value(self) -> int | None:
        chosen = self.group.checkedId()
        return chosen if chosen in WELLBEING_RANGE else None

    def set_value(self, value: int | None) -> None:
        chosen = value if value is not None and value in WELLBEING_RANGE else _NOT_SAID
        self.buttons[chosen].setChecked(True)
