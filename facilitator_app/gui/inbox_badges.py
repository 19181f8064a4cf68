"""Calm flags on an inbox record: small rounded tags in soft colours, never alarm red.

The same badges are painted in the inbox list (by its delegate) and shown as labels
above an open record, so a flag looks the same wherever it is seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from facilitator_app.domain.records import RecordKind
from facilitator_app.gui.style import INK
from facilitator_app.services.inbox import InboxLine

CONTEXT = "InboxBadges"


class Tone(Enum):
    """Soft fills with dark text of the same hue: readable, and none of them shouts."""

    CARE = ("#f3e8d6", "#6b4812")  # safeguarding: warm sand
    CONTACT = ("#e7e3f2", "#45396a")  # someone to get in touch: soft lavender
    INFO = ("#e6ecef", INK)  # incidents and addenda: a quiet grey-blue
    DONE = ("#e1ede3", "#2d5636")  # reviewed, contacted: sage

    @property
    def fill(self) -> str:
        return self.value[0]

    @property
    def ink(self) -> str:
        return self.value[1]

    @property
    def edge(self) -> QColor:
        """A faint outline in the ink's hue, so a badge keeps its shape on a selected row."""
        colour = QColor(self.ink)
        colour.setAlpha(60)
        return colour


@dataclass(frozen=True)
class Badge:
    text: str
    tone: Tone


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def line_badges(line: InboxLine) -> list[Badge]:
    """What the line's flags say, most pressing first; no record text, only facts."""
    badges: list[Badge] = []
    if line.safeguarding:
        badges.append(Badge(_tr("Safeguarding"), Tone.CARE))
    if line.wants_contact and not line.contacted:
        badges.append(Badge(_tr("Wants contact"), Tone.CONTACT))
    if line.incident and line.kind is RecordKind.DEBRIEF:
        badges.append(Badge(_tr("Incident"), Tone.INFO))
    if line.new_addenda == 1:
        badges.append(Badge(_tr("New addendum"), Tone.INFO))
    elif line.new_addenda > 1:
        badges.append(Badge(_tr("{0} new addenda").format(line.new_addenda), Tone.INFO))
    elif line.addenda == 1:
        badges.append(Badge(_tr("+1 addendum"), Tone.INFO))
    elif line.addenda > 1:
        badges.append(Badge(_tr("+{0} addenda").format(line.addenda), Tone.INFO))
    if line.wants_contact and line.contacted:
        badges.append(Badge(_tr("Contacted"), Tone.DONE))
    if line.reviewed:
        badges.append(Badge(_tr("Reviewed"), Tone.DONE))
    return badges


# --- painted, in the list ---------------------------------------------------------------

PAD_X = 7
GAP = 6


def badge_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(8.0, base.pointSizeF() * 0.85))
    font.setBold(False)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def badge_height(base: QFont) -> int:
    return QFontMetrics(badge_font(base)).height() + 4


def paint_badges(painter: QPainter, left: int, top: int, right: int, badges: list[Badge]) -> None:
    """Draw badges left to right from (left, top); those that would pass `right` are left out."""
    font = badge_font(painter.font())
    metrics = QFontMetrics(font)
    height = metrics.height() + 4
    painter.save()
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    x = left
    for badge in badges:
        width = metrics.horizontalAdvance(badge.text) + 2 * PAD_X
        if x + width > right:
            break
        rect = QRect(x, top, width, height)
        painter.setPen(badge.tone.edge)
        painter.setBrush(QColor(badge.tone.fill))
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
        painter.setPen(QColor(badge.tone.ink))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, badge.text)
        x += width + GAP
    painter.restore()


# --- as labels, above an open record --------------------------------------------------


def badge_label(badge: Badge) -> QLabel:
    widget = QLabel(badge.text)
    edge = badge.tone.edge
    widget.setStyleSheet(
        f"background: {badge.tone.fill}; color: {badge.tone.ink}; border-radius: 9px;"
        f" border: 1px solid rgba({edge.red()}, {edge.green()}, {edge.blue()}, {edge.alpha()});"
        " padding: 1px 9px; font-weight: 600;"
    )
    return widget


class BadgeRow(QWidget):
    """A row of badges; empty (and taking no room) when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(GAP)
        self._layout.addStretch(1)
        self.labels: list[QLabel] = []

    def show_badges(self, badges: list[Badge]) -> None:
        for old in self.labels:
            self._layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.labels = []
        for position, badge in enumerate(badges):
            widget = badge_label(badge)
            self._layout.insertWidget(position, widget)
            self.labels.append(widget)
        self.setVisible(bool(badges))

    def texts(self) -> list[str]:
        return [widget.text() for widget in self.labels]
