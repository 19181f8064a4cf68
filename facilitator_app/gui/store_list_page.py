"""The start screen of a computer several volunteers share: the stores on it, by the
names their owners chose, a way to each one's unlock page, and adding another.

Renaming, hiding a name and taking a store off the list change only the list
(`services.store_index`), never a store. The list is read on the GUI thread: it is a
small plain file, and the store thread may be busy with another store's work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.store_names import STORE_NAME_MAX
from facilitator_app.gui import confirm_dialog
from facilitator_app.gui.start_pages import centred
from facilitator_app.gui.style import CARD, LINE
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services.store_folder import is_store_folder
from facilitator_app.services.store_index import ListedStore, StoreIndex, StoreList


def ask_store_name(parent: QWidget, current: str) -> str | None:
    """The new name typed, or None if the person cancelled.

    Screens call this through the module, so tests can stand in for the person.
    """
    text, accepted = QInputDialog.getText(
        parent.window(),
        parent.tr("Name on the start screen"),
        parent.tr(
            "The name this store is listed by on this computer (up to {0} characters):"
        ).format(STORE_NAME_MAX),
        QLineEdit.EchoMode.Normal,
        current,
    )
    return text if accepted else None


def ask_store_folder(parent: QWidget) -> Path | None:
    """A folder chosen to list a store that is not on the list (or None)."""
    chosen = QFileDialog.getExistingDirectory(
        parent.window(), parent.tr("Choose the store's folder"), str(Path.home())
    )
    return Path(chosen) if chosen else None


class StoreRow(QFrame):
    """One store: its name, Open, and a Change menu (or, when gone, Remove from list)."""

    def __init__(self, store: ListedStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("storeRow")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 8, 8)
        self.name = label(store.label, "subheading", wrap=False)
        row.addWidget(self.name, 1)
        self.open_button: QPushButton | None = None
        self.change_button: QPushButton | None = None
        self.remove_button: QPushButton | None = None
        self.rename_action = QAction(
            self.tr("Rename…") if store.name else self.tr("Show a name…"), self
        )
        self.hide_action = QAction(self.tr("Don't show its name"), self)
        self.remove_action = QAction(self.tr("Remove from this list…"), self)
        if store.found:
            self.change_button = QPushButton(self.tr("Change"))
            menu = QMenu(self.change_button)
            menu.addAction(self.rename_action)
            if store.name:
                menu.addAction(self.hide_action)
            menu.addAction(self.remove_action)
            self.change_button.setMenu(menu)
            self.open_button = primary_button(self.tr("Open"))
            self.open_button.setDefault(False)
            row.addWidget(self.change_button)
            row.addWidget(self.open_button)
        else:
            row.addWidget(label(self.tr("Not found in its folder"), "hint", wrap=False))
            self.remove_button = QPushButton(self.tr("Remove from this list…"))
            self.remove_button.clicked.connect(self.remove_action.trigger)
            row.addWidget(self.remove_button)


class StoreListPage(QWidget):
    open_requested = Signal(object, str)  # the folder, and what the list calls it
    add_requested = Signal()

    def __init__(self, index: StoreIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index = index
        self.rows: list[StoreRow] = []
        self.setStyleSheet(
            f"QFrame#storeRow {{ background: {CARD}; border: 1px solid {LINE}; "
            "border-radius: 6px; }"
        )
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Stores on this computer"), "heading"))
        layout.addWidget(
            label(
                self.tr(
                    "Each person keeps their own store here, opened with their own "
                    "passphrase. Choose yours."
                ),
                "hint",
            )
        )
        self.message = message_label()
        layout.addWidget(self.message)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(8)
        layout.addSpacing(6)
        layout.addLayout(self.rows_layout)
        layout.addSpacing(12)
        self.add_button = QPushButton(self.tr("Add another store on this computer"))
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(
            label(
                self.tr(
                    "For another volunteer: they create a store or join their organisation "
                    "with an invitation file, and choose their own passphrase."
                ),
                "hint",
            )
        )
        self.find_button = QPushButton(self.tr("List a store from its folder…"))
        self.find_button.setFlat(True)
        self.find_button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout.addSpacing(6)
        layout.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
        QVBoxLayout(self).addWidget(centred(body))
        self.add_button.clicked.connect(self.add_requested)
        self.find_button.clicked.connect(self._find)

    def refresh(self) -> StoreList:
        """Read the list again and show it; the damaged-list sentence, if any, with it."""
        listing = self._index.read()
        self._show(listing)
        show_message(self.message, listing.problem or "")
        return listing

    def _show(self, listing: StoreList) -> None:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for store in listing.stores:
            row = StoreRow(store)
            if row.open_button is not None:
                row.open_button.clicked.connect(
                    lambda _=False, s=store: self.open_requested.emit(s.folder, s.label)
                )
            row.rename_action.triggered.connect(lambda _=False, s=store: self._rename(s))
            row.hide_action.triggered.connect(lambda _=False, s=store: self._hide(s))
            row.remove_action.triggered.connect(lambda _=False, s=store: self._remove(s))
            self.rows_layout.addWidget(row)
            self.rows.append(row)

    def row_named(self, text: str) -> StoreRow:
        return next(row for row in self.rows if row.store.label == text)

    # --- changing the list ------------------------------------------------------------

    def _change(self, work: Callable[[], StoreList]) -> None:
        """Change the list and show it; a refused name or failed write changes nothing."""
        try:
            listing = work()
        except AppError as error:
            show_message(self.message, error.message)
            return
        self._show(listing)
        show_message(self.message, "")

    def _rename(self, store: ListedStore) -> None:
        typed = ask_store_name(self, store.name or "")
        if typed is not None:
            self._change(lambda: self._index.rename(store.folder, typed))

    def _hide(self, store: ListedStore) -> None:
        self._change(lambda: self._index.hide_name(store.folder))

    def _remove(self, store: ListedStore) -> None:
        if not confirm_dialog.confirm(
            self,
            self.tr("Remove “{0}” from this list?").format(store.label),
            self.tr(
                "Only the list changes: the store is not deleted. Its records stay "
                "encrypted in {0}, and its passphrase still opens it. To list it again, "
                "use “List a store from its folder…”."
            ).format(store.folder),
            self.tr("Remove from this list"),
        ):
            return
        self._change(lambda: self._index.remove(store.folder))

    def _find(self) -> None:
        folder = ask_store_folder(self)
        if folder is None:
            return
        if not is_store_folder(folder):
            show_message(self.message, self.tr("That folder does not hold a store."))
            return
        if self._index.read().listed(folder) is not None:
            show_message(self.message, self.tr("That store is already on the list."))
            return
        self._change(lambda: self._index.add(folder, "", hidden=True))
