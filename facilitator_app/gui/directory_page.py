"""The Signposting tab: services to point people to, each with when it was last checked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.signposting import Service, ServiceFields, needs_check
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    OptionalDateEdit,
    fill_list,
    label,
    message_label,
    primary_button,
    record_of,
    show_message,
)
from facilitator_app.services import signposting


def service_line(service: Service, today: dt.date) -> str:
    mark = "  ·  check before use" if needs_check(service.fields, today) else ""
    return f"{service.name}{mark}"


class DirectoryPage(QWidget):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._service: Service | None = None

        self.service_list = QListWidget()
        self.service_list.setWordWrap(True)
        self.service_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = QPushButton(self.tr("Add a service"))
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Signposting directory"), "subheading"))
        left.addWidget(
            label(
                self.tr(
                    "Handouts that list services take them from here. Entries not checked "
                    "for twelve months are marked 'check before use'."
                ),
                "hint",
            )
        )
        left.addWidget(self.service_list, 1)
        left.addWidget(self.new_button)

        self.name = QLineEdit()
        self.offers = QPlainTextEdit()
        self.offers.setMaximumHeight(80)
        self.for_whom = QLineEdit()
        self.phone = QLineEdit()
        self.text_number = QLineEdit()
        self.web = QLineEdit()
        self.hours = QLineEdit()
        self.area = QLineEdit()
        self.urgent = QCheckBox(self.tr("Show on 'urgent help' lists (999, NHS 111…)"))
        self.last_checked = OptionalDateEdit(self.tr("Last checked on"))
        self.checked_today_button = QPushButton(self.tr("I checked it today"))
        self.message = message_label()
        self.save_button = primary_button(self.tr("Add service"))
        self.remove_button = QPushButton(self.tr("Remove from directory"))

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("What it offers"), self.offers)
        form.addRow(self.tr("Who it is for"), self.for_whom)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Text"), self.text_number)
        form.addRow(self.tr("Web"), self.web)
        form.addRow(self.tr("Hours"), self.hours)
        form.addRow(self.tr("Area"), self.area)
        form.addRow("", self.urgent)
        checked_row = QHBoxLayout()
        checked_row.addWidget(self.last_checked, 1)
        checked_row.addWidget(self.checked_today_button)
        form.addRow(self.tr("Checked"), checked_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box = QGroupBox(self.tr("Service"))
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(form)
        box_layout.addWidget(self.message)
        box_layout.addLayout(buttons)
        box_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(box)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(scroll, 3)

        self.service_list.currentItemChanged.connect(self._selected)
        self.new_button.clicked.connect(self._new)
        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(self._remove)
        self.checked_today_button.clicked.connect(self._checked_today)
        self._show(None)

    def reload(self, select_id: str | None = None) -> None:
        self._access.call(
            signposting.list_services,
            done=lambda found: self._listed(found, select_id),
            failed=self._failed,
        )

    def _listed(self, found: list[Service], select_id: str | None) -> None:
        today = dt.date.today()
        fill_list(
            self.service_list,
            found,
            lambda service: service_line(service, today),
            select_id,
            select_quietly=True,
        )

    def _selected(self, item: QListWidgetItem | None) -> None:
        self._show(record_of(item))

    def _new(self) -> None:
        self.service_list.setCurrentRow(-1)
        self._show(None)
        self.name.setFocus()

    def _show(self, service: Service | None) -> None:
        self._service = service
        fields = service.fields if service else ServiceFields(name="")
        self.name.setText(fields.name)
        self.offers.setPlainText(fields.offers)
        self.for_whom.setText(fields.for_whom)
        self.phone.setText(fields.phone)
        self.text_number.setText(fields.text)
        self.web.setText(fields.web)
        self.hours.setText(fields.hours)
        self.area.setText(fields.area)
        self.urgent.setChecked(fields.urgent)
        self.last_checked.set_value(fields.last_checked, dt.date.today())
        self.remove_button.setVisible(service is not None)
        self.checked_today_button.setEnabled(service is not None)
        self.save_button.setText(self.tr("Save") if service else self.tr("Add service"))
        show_message(self.message, "")

    def fields(self) -> ServiceFields:
        return ServiceFields(
            name=self.name.text(),
            offers=self.offers.toPlainText(),
            for_whom=self.for_whom.text(),
            phone=self.phone.text(),
            text=self.text_number.text(),
            web=self.web.text(),
            hours=self.hours.text(),
            area=self.area.text(),
            urgent=self.urgent.isChecked(),
            last_checked=self.last_checked.value(),
        )

    def _save(self) -> None:
        if self._service is None:
            self._access.call(
                signposting.add_service, self.fields(), done=self._saved, failed=self._failed
            )
        else:
            self._access.call(
                signposting.update_service,
                self._service.id,
                self.fields(),
                done=self._saved,
                failed=self._failed,
            )

    def _checked_today(self) -> None:
        if self._service is not None:
            self._access.call(
                signposting.mark_checked, self._service.id, done=self._saved, failed=self._failed
            )

    def _remove(self) -> None:
        if self._service is not None:
            self._access.call(
                signposting.remove_service,
                self._service.id,
                done=lambda _: self._after_remove(),
                failed=self._failed,
            )

    def _after_remove(self) -> None:
        self._show(None)
        self.reload()

    def _saved(self, service: Service) -> None:
        self._show(service)
        self.reload(select_id=service.id)
        show_message(self.message, self.tr("Saved."), "hint")

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
