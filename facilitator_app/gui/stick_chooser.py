"""Where the USB stick is: plugged-in removable drives as quick choices, or any folder.

Most people never need the file dialog: the stick they just plugged in is offered by
name. Anything else (a network folder, a stick mounted somewhere unusual) is one
"Choose a folder…" away.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.gui.widgets import label

# Where desktops mount removable drives: udisks on Linux, Finder on macOS, by hand.
REMOVABLE_PLACES = ("/media/", "/run/media/", "/mnt/", "/Volumes/")
BUNDLE_FILTER = "Bundles (*.fabundle)"


@dataclass(frozen=True)
class Volume:
    """A mounted drive as the chooser needs it (a plain value, so the choice is testable)."""

    path: Path
    name: str
    free_bytes: int
    read_only: bool
    is_root: bool
    ready: bool


def mounted_volumes() -> list[Volume]:
    return [
        Volume(
            path=Path(volume.rootPath()),
            name=volume.displayName(),
            free_bytes=volume.bytesAvailable(),
            read_only=volume.isReadOnly(),
            is_root=volume.isRoot(),
            ready=volume.isValid() and volume.isReady(),
        )
        for volume in QStorageInfo.mountedVolumes()
    ]


def likely_sticks(
    volumes: Iterable[Volume], *, windows: bool | None = None, system_drive: str | None = None
) -> list[Volume]:
    """The drives that look like a USB stick: not the system's, writable, mounted where
    the platform puts removable media (on Windows: any drive but the system one)."""
    if windows is None:
        windows = sys.platform == "win32"
    if system_drive is None:
        system_drive = os.environ.get("SYSTEMDRIVE", "C:")
    found: list[Volume] = []
    for volume in volumes:
        if volume.is_root or volume.read_only or not volume.ready:
            continue
        text = volume.path.as_posix()
        if windows:
            if text.upper().startswith(system_drive.upper()):
                continue
        elif not text.startswith(REMOVABLE_PLACES):
            continue
        found.append(volume)
    return sorted(found, key=lambda v: v.path.as_posix())


def free_space_text(free_bytes: int) -> str:
    if free_bytes >= 1024**3:
        return f"{free_bytes / 1024**3:.1f} GB"
    return f"{max(free_bytes, 0) // 1024**2} MB"


class StickChooser(QDialog):
    """Plugged-in sticks as buttons, "Look again", and the folder (or file) dialog."""

    def __init__(
        self,
        title: str,
        intro: str,
        *,
        files: bool = False,
        volumes: Callable[[], list[Volume]] = mounted_volumes,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.chosen: list[Path] = []
        self._volumes = volumes
        self._title = title
        self.stick_buttons: list[QPushButton] = []
        self._sticks_layout = QVBoxLayout()
        self.none_found = label(
            self.tr(
                "No USB stick was found. Plug one in and choose Look again, or choose a folder."
            ),
            "hint",
        )
        self.look_again_button = QPushButton(self.tr("Look again"))
        self.folder_button = QPushButton(self.tr("Choose a folder…"))
        self.files_button = QPushButton(self.tr("Choose files…"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.look_again_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.files_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label(intro))
        layout.addLayout(self._sticks_layout)
        layout.addWidget(self.none_found)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.files_button.setVisible(files)
        self.look_again_button.clicked.connect(self.look_again)
        self.folder_button.clicked.connect(self._choose_folder)
        self.files_button.clicked.connect(self._choose_files)
        self.cancel_button.clicked.connect(self.reject)
        self.look_again()

    def look_again(self) -> None:
        for button in self.stick_buttons:
            self._sticks_layout.removeWidget(button)
            button.hide()  # deleted later: until then it would still be painted
            button.deleteLater()
        self.stick_buttons = []
        for stick in likely_sticks(self._volumes()):
            name = stick.name or stick.path.name or stick.path.as_posix()
            button = QPushButton(
                self.tr("{0}   ({1}, {2} free)").format(
                    name, stick.path.as_posix(), free_space_text(stick.free_bytes)
                )
            )
            button.setProperty("role", "primary" if not self.stick_buttons else "")
            button.clicked.connect(lambda _=False, path=stick.path: self._choose([path]))
            self._sticks_layout.addWidget(button)
            self.stick_buttons.append(button)
        self.none_found.setVisible(not self.stick_buttons)
        if self.stick_buttons:
            self.stick_buttons[0].setFocus()

    def _start_folder(self) -> str:
        sticks = likely_sticks(self._volumes())
        return str(sticks[0].path if sticks else Path.home())

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self._title, self._start_folder())
        if folder:
            self._choose([Path(folder)])

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self._title, self._start_folder(), self.tr(BUNDLE_FILTER)
        )
        if paths:
            self._choose([Path(p) for p in paths])

    def _choose(self, paths: list[Path]) -> None:
        self.chosen = paths
        self.accept()


def choose_stick(parent: QWidget, title: str, intro: str, *, files: bool = False) -> list[Path]:
    """Ask where the stick is; [] if the person changed their mind.

    Screens call this through the module (`stick_chooser.choose_stick`), so tests can
    stand in for the person choosing.
    """
    # Owned by the window, not the screen: locking closes the window's dialogs while the
    # screen itself is deleted, and this one must outlive that to return cleanly.
    dialog = StickChooser(title, intro, files=files, parent=parent.window())
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.chosen
        return []
    finally:
        dialog.deleteLater()
