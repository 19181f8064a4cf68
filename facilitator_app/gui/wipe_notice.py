"""The unlock page's calm line once only a few wrong passphrases are left before the
organisation's wipe policy deletes the store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from facilitator_app.services.wipe_guard import wipe_warning


class WipeNotice(QLabel):
    """Hidden until the count is close; reads two small plain files, no store code."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self.setProperty("role", "hint")  # as `widgets.label(..., "hint")`
        self.setWordWrap(True)
        self.setVisible(False)

    def set_folder(self, folder: Path) -> None:
        """Another store on this computer: its own count, its own policy."""
        self._folder = folder
        self.refresh()

    def refresh(self) -> None:
        left = wipe_warning(self._folder)
        if left is None:
            self.clear()
        elif left == 1:
            self.setText(
                self.tr(
                    "One more wrong passphrase will delete this store "
                    "(your organisation turned this on)."
                )
            )
        else:
            self.setText(
                self.tr(
                    "{0} more wrong passphrases will delete this store "
                    "(your organisation turned this on)."
                ).format(left)
            )
        self.setVisible(left is not None)
