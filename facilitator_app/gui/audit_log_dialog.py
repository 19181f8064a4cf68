"""The audit log, read on a coordinator's store: newest first, a page at a time, filtered
by what was done, and a check that every entry is as it was written."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, show_message
from facilitator_app.services import audit
from facilitator_app.services.audit import AuditAction, AuditLine, AuditPage, ChainCheck

COLUMNS = 4
WHEN, WHO, ACTION, WHAT = range(COLUMNS)


def when_text(line: AuditLine) -> str:
    moment = line.at.astimezone()
    return f"{moment.day} {moment:%B %Y, %H:%M}"


class AuditLogDialog(QDialog):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(860, 560)
        self._access = access
        self._loaded = 0
        self.action = QComboBox()
        self.action.addItem(self.tr("Everything"), None)
        for action in AuditAction:
            self.action.addItem(action.label, action.value)  # Qt hands a str back
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What was done"), self.tr("To what")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.count_label = label("", "hint")
        self.more_button = QPushButton(self.tr("Show older entries"))
        self.more_button.setVisible(False)
        self.check_button = QPushButton(self.tr("Check the log"))
        self.check_result = message_label()
        self.message = message_label()
        self.close_button = QPushButton(self.tr("Close"))

        filter_row = QHBoxLayout()
        filter_row.addWidget(label(self.tr("Show"), wrap=False))
        filter_row.addWidget(self.action)
        filter_row.addStretch(1)
        filter_row.addWidget(self.check_button)
        more_row = QHBoxLayout()
        more_row.addWidget(self.count_label, 1)
        more_row.addWidget(self.more_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "Who opened, printed, saved, exported, erased or purged records in this "
                    "store, and when. The log names records but never holds what they say."
                ),
                "hint",
            )
        )
        layout.addLayout(filter_row)
        layout.addWidget(self.check_result)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(more_row)
        layout.addLayout(bottom)

        self.action.currentIndexChanged.connect(self.reload)
        self.more_button.clicked.connect(self._more)
        self.check_button.clicked.connect(self.check)
        self.close_button.clicked.connect(self.close)
        self.reload()

    def chosen_action(self) -> AuditAction | None:
        chosen = self.action.currentData()
        return None if chosen is None else AuditAction(chosen)

    def reload(self, *_: object) -> None:
        self._loaded = 0
        self.table.setRowCount(0)
        self._fetch()

    def _more(self) -> None:
        self._fetch()

    def _fetch(self) -> None:
        self.more_button.setEnabled(False)
        self._access.call(
            audit.audit_entries,
            self.chosen_action(),
            offset=self._loaded,
            done=self._show_page,
            failed=self._failed,
        )

    def _show_page(self, page: AuditPage) -> None:
        if page.offset != self._loaded:
            return  # an answer to a request the filter has since replaced
        first = self.table.rowCount()
        self.table.setRowCount(first + len(page.lines))
        for row, line in enumerate(page.lines, start=first):
            cells = [when_text(line), line.who, line.action.label, line.what]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(self.tr("Entry {0}").format(line.seq))
                self.table.setItem(row, column, item)
        self._loaded += len(page.lines)
        self.more_button.setVisible(page.has_more)
        self.more_button.setEnabled(True)
        if page.total == 0:
            text = self.tr("No entries of this kind yet.")
        else:
            text = self.tr("Showing the newest {0} of {1}.").format(self._loaded, page.total)
        self.count_label.setText(text)
        show_message(self.message, "")

    def check(self) -> None:
        self.check_button.setEnabled(False)
        self._access.call(audit.verify_audit_chain, done=self._checked, failed=self._failed)

    def _checked(self, result: ChainCheck) -> None:
        self.check_button.setEnabled(True)
        if result.intact:
            show_message(self.check_result, result.describe(), "hint")
            return
        parts = [result.describe()]
        first_broken = result.broken_at or 1
        if first_broken == 2:
            parts.append(self.tr("Entry 1 is as written."))
        elif first_broken > 2:
            parts.append(self.tr("Entries 1 to {0} are as written.").format(first_broken - 1))
        parts.append(
            self.tr(
                "The log carries on recording as usual. Your organisation's data protection "
                "lead may want to know."
            )
        )
        text = " ".join(parts)
        show_message(self.check_result, text, "notice")

    def _failed(self, error: AppError) -> None:
        self.check_button.setEnabled(True)
        self.more_button.setEnabled(True)
        show_message(self.message, error.message)
