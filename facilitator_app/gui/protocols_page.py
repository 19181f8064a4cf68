"""The Protocols tab (for coordinators): rewrite, reorder, add or retire protocols.

Every save is a new version; incident records keep the version they used.
"""

from __future__ import annotations

import json

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
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.protocols import (
    Protocol,
    RecordField,
    Step,
    protocol_from_data,
)
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    fill_list,
    label,
    message_label,
    primary_button,
    record_of,
    show_message,
)
from facilitator_app.services import protocols
from facilitator_app.services.protocols import ProtocolEntry


def entry_line(entry: ProtocolEntry) -> str:
    state = "retired" if entry.retired else ("edited" if entry.edited else "as shipped")
    return f"{entry.protocol.title}\nversion {entry.protocol.version} · {state}"


class ProtocolsPage(QWidget):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._entry: ProtocolEntry | None = None
        self._steps: list[Step] = []
        self._loaded: str = ""
        self._pending_draft: dict[str, str] | None = None

        self.protocol_list = QListWidget()
        self.protocol_list.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New protocol"))
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Protocols"), "subheading"))
        left.addWidget(
            label(self.tr("Saving makes a new version; records keep the one they used."), "hint")
        )
        self.file_problems = label("", "message")
        self.file_problems.setVisible(False)
        left.addWidget(self.protocol_list, 1)
        left.addWidget(self.file_problems)
        left.addWidget(self.new_button)

        self.title = QLineEdit()
        self.when = QLineEdit()
        self.step_list = QListWidget()
        self.step_list.setWordWrap(True)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_text = QLineEdit()
        self.step_guidance = QPlainTextEdit()
        self.step_guidance.setMaximumHeight(70)
        self.record_boxes = {field: QCheckBox(self.tr(field.label)) for field in RecordField}
        self.add_step_button = QPushButton(self.tr("Add step"))
        self.remove_step_button = QPushButton(self.tr("Remove step"))
        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.save_button = primary_button(self.tr("Save as a new version"))
        self.retire_button = QPushButton(self.tr("Retire"))
        self.restore_button = QPushButton(self.tr("Restore default"))
        self.message = message_label()

        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("When to use it"), self.when)
        step_buttons = QHBoxLayout()
        for button in (
            self.add_step_button,
            self.remove_step_button,
            self.up_button,
            self.down_button,
        ):
            step_buttons.addWidget(button)
        step_buttons.addStretch(1)
        step_form = QFormLayout()
        step_form.addRow(self.tr("Step"), self.step_text)
        step_form.addRow(self.tr("Guidance"), self.step_guidance)
        record_row = QVBoxLayout()
        for box in self.record_boxes.values():
            record_row.addWidget(box)
        step_form.addRow(self.tr("Record this"), record_row)
        steps_box = QGroupBox(self.tr("Steps"))
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.addWidget(self.step_list, 1)
        steps_layout.addLayout(step_buttons)
        steps_layout.addLayout(step_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retire_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(steps_box, 1)
        right.addWidget(self.message)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

        self.protocol_list.currentItemChanged.connect(self._selected)
        self.new_button.clicked.connect(self._new)
        self.step_list.currentRowChanged.connect(self._show_step)
        self.step_text.textEdited.connect(self._step_edited)
        self.step_guidance.textChanged.connect(self._step_edited)
        for box in self.record_boxes.values():
            box.toggled.connect(self._step_edited)
        self.add_step_button.clicked.connect(self._add_step)
        self.remove_step_button.clicked.connect(self._remove_step)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.save_button.clicked.connect(self._save)
        self.retire_button.clicked.connect(self._retire)
        self.restore_button.clicked.connect(self._restore)
        self._show(None)

    # --- list -------------------------------------------------------------------------

    def reload(self, select_id: str | None = None, notice: str = "") -> None:
        if select_id is None and self._entry is not None:
            select_id = self._entry.protocol.id
        self._access.call(
            protocols.protocol_entries,
            done=lambda found: self._listed(found, select_id, notice),
            failed=self._failed,
        )
        self._access.call(
            lambda _store: protocols.protocol_problems(),
            done=self._show_file_problems,
            failed=self._failed,
        )

    def _show_file_problems(self, problems: list[str]) -> None:
        text = ""
        if problems:
            text = self.tr("These protocol files were left out:") + "\n" + "\n".join(problems)
        show_message(self.file_problems, text)

    def _listed(self, found: list[ProtocolEntry], select_id: str | None, notice: str = "") -> None:
        chosen = fill_list(
            self.protocol_list, found, entry_line, select_id, key=lambda e: e.protocol.id
        )
        draft, self._pending_draft = self._pending_draft, None
        if chosen is not None and not self.has_changes():
            self.protocol_list.setCurrentItem(chosen)
        if draft is not None:
            self._apply_draft(draft)
        if notice:
            show_message(self.message, notice, "hint")  # after the refresh, which clears it

    def _selected(self, item: QListWidgetItem | None) -> None:
        self._show(record_of(item))

    def _new(self) -> None:
        self.protocol_list.setCurrentRow(-1)
        self._show(None)
        self._steps = [Step(self.tr("First step")), Step(self.tr("Write down what happened."))]
        self._fill_steps()
        self.title.setFocus()

    def _show(self, entry: ProtocolEntry | None) -> None:
        self._entry = entry
        protocol = entry.protocol if entry else None
        self.title.setText(protocol.title if protocol else "")
        self.when.setText(protocol.when if protocol else "")
        self._steps = list(protocol.steps) if protocol else []
        self._fill_steps()
        self.retire_button.setVisible(entry is not None and not entry.retired)
        self.restore_button.setVisible(entry is not None and (entry.edited or entry.retired))
        self.restore_button.setText(
            self.tr("Restore default") if entry and entry.shipped else self.tr("Bring back")
        )
        show_message(self.message, "")
        self._loaded = self._snapshot()

    # --- steps ----------------------------------------------------------------------------

    def _fill_steps(self, select: int = 0) -> None:
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for number, step in enumerate(self._steps, start=1):
            mark = " ✎" if step.record else ""
            self.step_list.addItem(f"{number}. {step.text}{mark}")
        self.step_list.blockSignals(False)
        if self._steps:
            self.step_list.setCurrentRow(min(select, len(self._steps) - 1))
        self._show_step(self.step_list.currentRow())

    def _show_step(self, row: int) -> None:
        step = self._steps[row] if 0 <= row < len(self._steps) else None
        for widget in (self.step_text, self.step_guidance):
            widget.blockSignals(True)
        self.step_text.setText(step.text if step else "")
        self.step_guidance.setPlainText(step.guidance if step else "")
        for widget in (self.step_text, self.step_guidance):
            widget.blockSignals(False)
        for field, box in self.record_boxes.items():
            box.blockSignals(True)
            box.setChecked(step is not None and field in step.record)
            box.blockSignals(False)

    def _step_edited(self, *_: object) -> None:
        row = self.step_list.currentRow()
        if not 0 <= row < len(self._steps):
            return
        record = tuple(field for field, box in self.record_boxes.items() if box.isChecked())
        self._steps[row] = Step(self.step_text.text(), self.step_guidance.toPlainText(), record)
        item = self.step_list.item(row)
        item.setText(f"{row + 1}. {self.step_text.text()}{' ✎' if record else ''}")

    def _add_step(self) -> None:
        row = self.step_list.currentRow() + 1
        self._steps.insert(row, Step(self.tr("New step")))
        self._fill_steps(row)
        self.step_text.setFocus()
        self.step_text.selectAll()

    def _remove_step(self) -> None:
        row = self.step_list.currentRow()
        if 0 <= row < len(self._steps):
            del self._steps[row]
            self._fill_steps(row)

    def _move(self, offset: int) -> None:
        row = self.step_list.currentRow()
        target = row + offset
        if 0 <= row < len(self._steps) and 0 <= target < len(self._steps):
            self._steps[row], self._steps[target] = self._steps[target], self._steps[row]
            self._fill_steps(target)

    # --- saving ---------------------------------------------------------------------------

    def _save(self) -> None:
        protocol_id = self._entry.protocol.id if self._entry else None
        self._access.call(
            protocols.save_protocol,
            protocol_id,
            self.title.text(),
            self.when.text(),
            list(self._steps),
            done=self._saved,
            failed=self._failed,
        )

    def _retire(self) -> None:
        if self._entry is not None:
            self._access.call(
                protocols.retire_protocol,
                self._entry.protocol.id,
                done=self._saved,
                failed=self._failed,
            )

    def _restore(self) -> None:
        if self._entry is not None:
            self._access.call(
                protocols.restore_protocol,
                self._entry.protocol.id,
                done=self._saved,
                failed=self._failed,
            )

    def _saved(self, protocol: Protocol) -> None:
        self._loaded = self._snapshot()  # what was typed is now stored
        self._entry = None
        self.reload(
            select_id=protocol.id,
            notice=self.tr("Saved as version {0}.").format(protocol.version),
        )

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)

    # --- drafts -------------------------------------------------------------------------

    def _snapshot(self) -> str:
        data = {
            "title": self.title.text(),
            "when": self.when.text(),
            "steps": [
                {"text": s.text, "guidance": s.guidance, "record": [f.value for f in s.record]}
                for s in self._steps
            ],
        }
        return json.dumps(data, sort_keys=True)

    def has_changes(self) -> bool:
        return self._snapshot() != self._loaded

    def draft(self) -> dict[str, str] | None:
        if not self.has_changes():
            return None
        record_id = self._entry.protocol.id if self._entry else ""
        return {"record_id": record_id, "editor": self._snapshot()}

    def restore_draft(self, draft: dict[str, str]) -> None:
        self._pending_draft = draft
        self.reload(select_id=draft.get("record_id") or None)

    def _apply_draft(self, draft: dict[str, str]) -> None:
        shown = self._entry.protocol.id if self._entry else ""
        if shown != draft.get("record_id", ""):
            if draft.get("record_id"):
                return  # that protocol is no longer listed; never put typing on another
            self._show(None)
        data = json.loads(draft["editor"])
        protocol = protocol_from_data(
            {
                "id": "draft",
                "version": 1,
                "order": 0,
                "title": data["title"],
                "when": data["when"],
                "steps": data["steps"],
            }
        )
        self.title.setText(protocol.title)
        self.when.setText(protocol.when)
        self._steps = list(protocol.steps)
        self._fill_steps()
