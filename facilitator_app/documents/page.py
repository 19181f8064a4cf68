"""Paper, type sizes and the page frame every document shares: header, footer, page x of y."""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from facilitator_app.documents.fonts import BOLD, REGULAR, ensure_fonts
from facilitator_app.domain.paper import Paper as Paper  # still importable here

INK = Color(0.15, 0.2, 0.23)
MUTED = Color(0.36, 0.42, 0.46)
RULE = Color(0.78, 0.81, 0.8)
SIDE_MARGIN = 18 * mm


@dataclass(frozen=True)
class PageOptions:
    paper: Paper = Paper.A4
    large_print: bool = False


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    line_gap: float


def styles_for(options: PageOptions) -> Styles:
    ensure_fonts()
    size = 17.0 if options.large_print else 11.0
    leading = size * (1.6 if options.large_print else 1.45)
    body = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=size,
        leading=leading,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=size * 0.6,
    )
    return Styles(
        body=body,
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD,
            fontSize=size * 1.9,
            leading=size * 2.3,
            spaceAfter=size * 0.9,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=size * 1.35,
            leading=size * 1.75,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.4,
            keepWithNext=True,
        ),
        subheading=ParagraphStyle(
            "subheading",
            parent=body,
            fontName=BOLD,
            fontSize=size * 1.1,
            leading=size * 1.5,
            spaceBefore=size * 0.5,
            spaceAfter=size * 0.25,
            keepWithNext=True,
        ),
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=size * 1.4,
            bulletIndent=size * 0.3,
            bulletFontName=REGULAR,  # Helvetica has no tick-box glyph
            bulletFontSize=size,  # reportlab's default is 10 pt, too small in large print
            spaceAfter=size * 0.3,
        ),
        small=ParagraphStyle(
            "small", parent=body, fontSize=size * 0.82, leading=size * 1.15, textColor=MUTED
        ),
        line_gap=leading * 1.5,
    )


def frame_width(options: PageOptions) -> float:
    """The width text is laid out in, between the side margins."""
    return options.paper.size[0] - 2 * SIDE_MARGIN


def _numbered_canvas(header: str, footer: str, options: PageOptions) -> type[Canvas]:
    """A canvas that holds each page back until the total is known, for 'page x of y'."""
    size = 13.0 if options.large_print else 8.5

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab internals, untyped

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize  # type: ignore[attr-defined]
            self.saveState()
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setFont(REGULAR, size)
            if header:
                self.drawString(18 * mm, height - 12 * mm, header)
                self.line(18 * mm, height - 14 * mm, width - 18 * mm, height - 14 * mm)
            self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
            self.drawString(18 * mm, 9 * mm, footer)
            page = self.getPageNumber()
            self.drawRightString(width - 18 * mm, 9 * mm, f"Page {page} of {total}")
            self.restoreState()

    return NumberedCanvas


def build_pdf(
    *,
    title: str,
    header: str,
    footer: str,
    story: Sequence[Flowable],
    options: PageOptions,
    password: str | None = None,
) -> bytes:
    """Lay `story` out on pages and return the PDF. Metadata holds the title and nothing else.

    With a password the file is encrypted with AES-256; the owner password is random,
    so nobody can lift the protection without the password either.
    """
    ensure_fonts()
    buffer = io.BytesIO()
    margin_top = 24 * mm if options.large_print else 22 * mm
    document = SimpleDocTemplate(
        buffer,
        pagesize=options.paper.size,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=margin_top,
        bottomMargin=22 * mm,
        title=title,
        author="",
        subject="",
        creator="",
        keywords=[],
    )
    document.build(list(story), canvasmaker=_numbered_canvas(header, footer, options))
    return _encrypted(buffer.getvalue(), password) if password else buffer.getvalue()


def _encrypted(data: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(
        user_password=password, owner_password=secrets.token_hex(16), algorithm="AES-256"
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
