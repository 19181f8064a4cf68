"""A window showing one generated paper (session plan, register, rota, agreement, a record)
to print or save.

A paper made from a record (`audit_as`) is written in the coordinator's audit log once
it has been printed or saved; a saved file and its entry are written together.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from facilitator_app.documents.page import PageOptions
from facilitator_app.domain.errors import AppError
from facilitator_app.gui.handouts_page import PageOptionsBar
from facilitator_app.gui.pdf_preview import PdfPreview, ask_where_to_save, print_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import audit
from facilitator_app.services.audit import AuditTarget
from facilitator_app.services.output_files import write_pdf
from facilitator_app.services.stores import Store

MakePdf = Callable[[Store, PageOptions], bytes]
MakeProtectedPdf = Callable[[Store, PageOptions, str], bytes]


class DocumentDialog(QDialog):
    def __init__(
        self,
        access: StoreAccess,
        title: str,
        make: MakePdf,
        suggested_name: str,
        *,
        holds_names: bool,
        make_protected: MakeProtectedPdf | None = None,
        audit_as: AuditTarget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._audit_as = audit_as
        self.setWindowTitle(title)
        self.resize(820, 900)
        self._access = access
        self._make = make
        self._suggested_name = suggested_name
        self._make_protected = make_protected
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password for the saved file (recommended)"))
        self.options_bar = PageOptionsBar()
        self.preview = PdfPreview()
        self.print_button = primary_button(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        self.message = message_label()
        top = QHBoxLayout()
        top.addWidget(self.options_bar)
        top.addStretch(1)
        top.addWidget(self.save_button)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        if holds_names:
            layout.addWidget(
                label(
                    self.tr(
                        "This paper holds names. A printed or saved copy is outside the "
                        "encrypted store: keep it safe and shred or delete it after use."
                    ),
                    "notice",
                )
            )
        if make_protected is not None:
            password_row = QHBoxLayout()
            password_row.addWidget(
                label(self.tr("Protect the saved PDF with a password:"), wrap=False)
            )
            password_row.addWidget(self.password, 1)
            layout.addLayout(password_row)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.options_bar.paper.currentIndexChanged.connect(self.render)
        self.options_bar.large_print.toggled.connect(self.render)
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._ask_and_save)
        self.close_button.clicked.connect(self.close)
        self.render()

    def render(self, *_: object) -> None:
        options = self.options_bar.options()
        self._access.call(
            lambda store: self._make(store, options), done=self._shown, failed=self._failed
        )

    def _shown(self, data: bytes) -> None:
        self.preview.show_pdf(data)
        show_message(self.message, "")

    def _print(self) -> None:
        if print_document(self, self.preview.document):
            self.printed()

    def printed(self) -> None:
        """The pages went to the printer: a record's paper is written in the audit log."""
        target = self._audit_as
        if target is not None:
            self._access.call(
                audit.record_printed, target, done=lambda _entry: None, failed=self._failed
            )

    def _ask_and_save(self) -> None:
        path = ask_where_to_save(self, self._suggested_name)
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        data = self.preview.data
        password = self.password.text()
        make_protected = self._make_protected
        options = self.options_bar.options()
        target = self._audit_as

        def save(store: Store) -> Path:
            pdf = data
            if make_protected is not None and password:
                pdf = make_protected(store, options, password)
            if target is not None:
                return audit.save_pdf(store, path, pdf, target)
            return write_pdf(path, pdf)

        self._access.call(
            save,
            done=lambda written: show_message(
                self.message, self.tr("Saved as {0}.").format(written.name), "hint"
            ),
            failed=self._failed,
        )

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)


def show_document(
    parent: QWidget,
    access: StoreAccess,
    title: str,
    make: MakePdf,
    suggested_name: str,
    *,
    holds_names: bool,
    make_protected: MakeProtectedPdf | None = None,
    audit_as: AuditTarget | None = None,
) -> DocumentDialog:
    """Open a paper in its own window (closed with everything else when the app locks)."""
    dialog = DocumentDialog(
        access,
        title,
        make,
        suggested_name,
        holds_names=holds_names,
        make_protected=make_protected,
        audit_as=audit_as,
        parent=parent,
    )
    dialog.show()
    return dialog
