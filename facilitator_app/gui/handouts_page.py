"""The Handouts tab: pick a handout, see it as it will print, edit its words, print or save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.domain.errors import AppError
from facilitator_app.domain.handouts import Handout
from facilitator_app.gui.pdf_preview import PdfPreview, ask_where_to_save, print_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    fill_list,
    label,
    message_label,
    primary_button,
    show_message,
)
from facilitator_app.services import handouts
from facilitator_app.services.output_files import write_pdf

Snapshot = dict[str, str]


def handout_line(handout: Handout) -> str:
    edited = "  ·  edited" if handout.edited else ""
    return f"{handout.title}\n{handout.audience.label}{edited} — {handout.summary}"


class PageOptionsBar(QWidget):
    """Paper size and large print, used by every printable thing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper = QComboBox()
        self.paper.addItem(self.tr("A4"), Paper.A4.value)
        self.paper.addItem(self.tr("US Letter"), Paper.LETTER.value)
        self.large_print = QCheckBox(self.tr("Large print"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Paper"), wrap=False))
        layout.addWidget(self.paper)
        layout.addWidget(self.large_print)

    def options(self) -> PageOptions:
        return PageOptions(Paper(self.paper.currentData()), self.large_print.isChecked())


class HandoutsPage(QWidget):
    handouts_changed = Signal()

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._handout: Handout | None = None
        self._pending_draft: Snapshot | None = None

        self.handout_list = QListWidget()
        self.handout_list.setWordWrap(True)
        self.handout_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Handouts"), "subheading"))
        left.addWidget(self.handout_list, 1)

        self.options_bar = PageOptionsBar()
        self.edit_button = QPushButton(self.tr("Edit text"))
        self.print_button = primary_button(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        actions = QHBoxLayout()
        actions.addWidget(self.options_bar)
        actions.addStretch(1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        self.message = message_label()

        self.preview = PdfPreview()
        self.title_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.save_text_button = primary_button(self.tr("Save text"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.restore_button = QPushButton(self.tr("Restore default"))
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(label(self.tr("Title"), "subheading"))
        editor_layout.addWidget(self.title_edit)
        editor_layout.addWidget(label(self.tr("Text"), "subheading"))
        editor_layout.addWidget(
            label(
                self.tr(
                    "A blank line starts a new paragraph. '## ' starts a heading, '- ' a bullet "
                    "point, '[ ] ' a tick box; **two stars** make words bold. Lines such as "
                    "{{services}} or {{write_lines:4}} are filled in when printing."
                ),
                "hint",
            )
        )
        editor_layout.addWidget(self.body_edit, 1)
        editor_buttons = QHBoxLayout()
        editor_buttons.addWidget(self.restore_button)
        editor_buttons.addStretch(1)
        editor_buttons.addWidget(self.cancel_button)
        editor_buttons.addWidget(self.save_text_button)
        editor_layout.addLayout(editor_buttons)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.preview)
        self.stack.addWidget(editor)

        right = QVBoxLayout()
        right.addLayout(actions)
        right.addWidget(self.message)
        right.addWidget(self.stack, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 5)

        self.handout_list.currentItemChanged.connect(self._selected)
        self.options_bar.paper.currentIndexChanged.connect(self._render)
        self.options_bar.large_print.toggled.connect(self._render)
        self.edit_button.clicked.connect(self._start_editing)
        self.cancel_button.clicked.connect(self._stop_editing)
        self.save_text_button.clicked.connect(self._save_text)
        self.restore_button.clicked.connect(self._restore_default)
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._save_pdf)

    @property
    def is_editing(self) -> bool:
        return self.stack.currentIndex() == 1

    def reload(self, select_name: str | None = None) -> None:
        if select_name is None and self._handout is not None:
            select_name = self._handout.name
        self._access.call(
            handouts.list_handouts,
            done=lambda found: self._listed(found, select_name),
            failed=self._failed,
        )

    def _listed(self, found: list[Handout], select_name: str | None) -> None:
        chosen = fill_list(
            self.handout_list, found, handout_line, select_name, key=lambda h: h.name
        )
        if chosen is None and self.handout_list.count():
            chosen = self.handout_list.item(0)
        if chosen is not None:
            self.handout_list.setCurrentItem(chosen)

    def _selected(self, item: QListWidgetItem | None) -> None:
        handout: Handout | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        if self.is_editing and self._handout and handout and handout.name == self._handout.name:
            return  # the same handout after a refresh: keep what is being typed
        self._handout = handout
        self._stop_editing()
        draft, self._pending_draft = self._pending_draft, None
        if draft is not None and handout is not None and draft.get("record_id") == handout.name:
            self._start_editing()
            self.title_edit.setText(draft.get("title", ""))
            self.body_edit.setPlainText(draft.get("body", ""))

    def _render(self, *_: object) -> None:
        if self._handout is None:
            self.preview.clear()
            return
        self._access.call(
            handouts.handout_pdf,
            self._handout.name,
            self.options_bar.options(),
            done=self.preview.show_pdf,
            failed=self._failed,
        )

    # --- editing ----------------------------------------------------------------

    def _start_editing(self) -> None:
        if self._handout is None:
            return
        self.title_edit.setText(self._handout.title)
        self.body_edit.setPlainText(self._handout.body)
        self.stack.setCurrentIndex(1)
        self.edit_button.setEnabled(False)
        show_message(self.message, "")

    def _stop_editing(self) -> None:
        self.stack.setCurrentIndex(0)
        self.edit_button.setEnabled(self._handout is not None)
        show_message(self.message, "")
        self._render()

    def _save_text(self) -> None:
        if self._handout is None:
            return
        self._access.call(
            handouts.save_handout,
            self._handout.name,
            self.title_edit.text(),
            self.body_edit.toPlainText(),
            done=self._text_saved,
            failed=self._failed,
        )

    def _restore_default(self) -> None:
        if self._handout is not None:
            self._access.call(
                handouts.restore_default,
                self._handout.name,
                done=self._text_saved,
                failed=self._failed,
            )

    def _text_saved(self, handout: Handout) -> None:
        self._handout = handout
        self._stop_editing()
        show_message(self.message, self.tr("Saved."), "hint")
        self.reload(select_name=handout.name)
        self.handouts_changed.emit()

    def draft(self) -> Snapshot | None:
        if not self.is_editing or self._handout is None:
            return None
        title, body = self.title_edit.text(), self.body_edit.toPlainText()
        if title == self._handout.title and body == self._handout.body:
            return None
        return {"record_id": self._handout.name, "title": title, "body": body}

    def restore_draft(self, draft: Snapshot) -> None:
        self._pending_draft = draft
        self.reload(select_name=draft.get("record_id"))

    # --- print and save -----------------------------------------------------------

    def _print(self) -> None:
        if self.preview.page_count:
            print_document(self, self.preview.document)

    def _save_pdf(self) -> None:
        if self._handout is None or not self.preview.data:
            return
        path = ask_where_to_save(self, handouts.handout_file_name(self._handout.name))
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        data = self.preview.data
        self._access.call(
            lambda _store: write_pdf(path, data),
            done=lambda written: show_message(
                self.message, self.tr("Saved as {0}.").format(written.name), "hint"
            ),
            failed=self._failed,
        )

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
