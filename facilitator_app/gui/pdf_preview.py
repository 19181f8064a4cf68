"""Showing, printing and saving a PDF made in memory. No temporary file is ever written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

PRINT_DPI = 300


class PdfPreview(QWidget):
    """Qt's PDF viewer over bytes held in memory."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._data = b""

    @property
    def data(self) -> bytes:
        return self._data

    def show_pdf(self, data: bytes) -> None:
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self._data = data

    def clear(self) -> None:
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray())
        self._data = b""

    @property
    def page_count(self) -> int:
        return self.document.pageCount()


def print_document(parent: QWidget, document: QPdfDocument) -> bool:
    """The system print dialog, then each page drawn at print resolution."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.metaData(QPdfDocument.MetaDataField.Title) or "document")
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(page)
            scale = PRINT_DPI / 72
            image = document.render(
                page,
                QSize(int(points.width() * scale), int(points.height() * scale)),
                QPdfDocumentRenderOptions(),
            )
            fitted = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(target.x(), target.y(), image.scaled(fitted))
    finally:
        painter.end()
    return True


def ask_where_to_save(parent: QWidget, suggested_name: str) -> Path | None:
    """A save dialog starting in the home folder with a neutral file name."""
    path, _ = QFileDialog.getSaveFileName(
        parent,
        parent.tr("Save as PDF"),
        str(Path.home() / suggested_name),
        parent.tr("PDF files (*.pdf)"),
    )
    return Path(path) if path else None
