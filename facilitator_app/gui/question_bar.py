"""A question asked in place, with two answers: calmer than a pop-up, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from facilitator_app.gui.widgets import label


class QuestionBar(QFrame):
    """Hidden until `ask`; either answer hides it again before its action runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = label("", "notice")
        self.yes_button = QPushButton()
        self.no_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.no_button)
        buttons.addWidget(self.yes_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self._yes: Callable[[], None] = lambda: None
        self._no: Callable[[], None] = lambda: None
        self.yes_button.clicked.connect(lambda: self._answer(self._yes))
        self.no_button.clicked.connect(lambda: self._answer(self._no))
        self.setVisible(False)

    def ask(
        self,
        text: str,
        yes: str,
        on_yes: Callable[[], None],
        no: str,
        on_no: Callable[[], None] = lambda: None,
    ) -> None:
        self.text.setText(text)
        self.yes_button.setText(yes)
        self.no_button.setText(no)
        self._yes, self._no = on_yes, on_no
        self.setVisible(True)
        self.no_button.setFocus()

    def dismiss(self) -> None:
        self.setVisible(False)
        self._yes = self._no = lambda: None

    def _answer(self, action: Callable[[], None]) -> None:
        self.dismiss()
        action()
