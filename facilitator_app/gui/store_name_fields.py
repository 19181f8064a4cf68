"""The name a new store goes by on this computer's start screen, asked when creating or
joining (only where the app keeps a list of stores: not for `--store FOLDER`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.widgets import label
from facilitator_app.services.store_index import StoreIndex

_log = logging.getLogger(__name__)


class StoreNameFields(QObject):
    """A name line, a "don't show a name" tick box and a hint, added to a page's form."""

    def __init__(self, form: QFormLayout, parent: QWidget) -> None:
        super().__init__(parent)
        self._form = form
        self._index: StoreIndex | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("For example: Sam's groups"))
        self.hidden = QCheckBox(self.tr("Don't show a name for this store on the start screen"))
        self.hint: QLabel = label(
            self.tr(
                "This computer's start screen lists each person's store by this name before "
                "anything is unlocked, so anyone using the computer can read it: a first "
                "name or a nickname is enough."
            ),
            "hint",
        )
        self._rows = (self.name, self.hidden, self.hint)
        form.addRow(self.tr("Name on the start screen"), self.name)
        form.addRow("", self.hidden)
        form.addRow("", self.hint)
        self.hidden.toggled.connect(lambda hide: self.name.setEnabled(not hide))
        self.use_index(None)

    def use_index(self, index: StoreIndex | None) -> None:
        """With a list of stores the fields show and are checked; without, they hide."""
        self._index = index
        for widget in self._rows:
            self._form.setRowVisible(widget, index is not None)

    def check(self) -> None:
        """Raise the calm ValidationError a bad or clashing name gets, before any work."""
        if self._index is not None:
            self._index.check_new(self.name.text(), self.hidden.isChecked())

    def register(self, folder: Path) -> str | None:
        """Put the new store on the list; a sentence to show if that could not be done."""
        if self._index is None:
            return None
        try:
            self._index.add(folder, self.name.text(), self.hidden.isChecked())
        except AppError as error:
            _log.warning("a new store could not be added to the list of stores")
            return error.message
        return None

    def clear(self) -> None:
        self.name.clear()
        self.hidden.setChecked(False)
