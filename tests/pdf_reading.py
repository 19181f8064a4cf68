"""Reading the PDFs the app makes, with pypdf only: text, type sizes, positions, metadata.

Tests look at what a reader of the PDF would get (extracted text, sizes of the type,
the page's images), never at how reportlab was asked to draw it.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PdfReader

A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)

# Words that would say what a file is about to someone who only sees its properties.
SENSITIVE_WORDS = (
    "sexual",
    "violence",
    "rape",
    "abuse",
    "survivor",
    "victim",
    "assault",
    "trauma",
    "support",
    "facilitator",
    "safeguarding",
    "member",
    "group",
    "riverside",
)


def reader(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-"), "not a PDF"
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """Each page's extracted text, Unicode-normalised (NFC) as people type it."""
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader(data).pages]


def flat(text: str) -> str:
    """Whitespace collapsed, so a phrase wrapped across lines is still found."""
    return " ".join(text.split())


def flat_text(data: bytes) -> str:
    """All the text of all pages, as one line."""
    return flat(" ".join(page_texts(data)))


def page_count(data: bytes) -> int:
    return len(reader(data).pages)


def page_size(data: bytes, page: int = 0) -> tuple[float, float]:
    box = reader(data).pages[page].mediabox
    return float(box.width), float(box.height)


def assert_size(actual: tuple[float, float], expected: tuple[float, float]) -> None:
    assert math.isclose(actual[0], expected[0], abs_tol=1), (actual, expected)
    assert math.isclose(actual[1], expected[1], abs_tol=1), (actual, expected)


@dataclass(frozen=True)
class TextRun:
    """One piece of text as drawn: its page (from 0), size in points, font and height."""

    page: int
    text: str
    size: float
    font: str
    y: float


def _multiply(a: Sequence[float], b: Sequence[float]) -> list[float]:
    """Two PDF matrices [a b c d e f], a applied first."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def text_runs(data: bytes) -> list[TextRun]:
    """Every non-blank piece of text in drawing order, with the size it prints at.

    The printed size is the font size scaled by the text and graphics matrices, so
    the check holds however the PDF maker chooses to express it.
    """
    runs: list[TextRun] = []
    for number, page in enumerate(reader(data).pages):

        def visit(
            text: str,
            cm: Sequence[float],
            tm: Sequence[float],
            font: dict[str, Any] | None,
            size: float,
            number: int = number,
        ) -> None:
            if not text.strip():
                return
            matrix = _multiply(tm, cm)
            runs.append(
                TextRun(
                    page=number,
                    text=unicodedata.normalize("NFC", text.strip()),
                    size=round(size * math.hypot(matrix[2], matrix[3]), 2),
                    font=str(font.get("/BaseFont", "")) if font else "",
                    y=matrix[5],
                )
            )

        page.extract_text(visitor_text=visit)
    return runs


def metadata(data: bytes) -> dict[str, str]:
    """The document information dictionary, as plain strings."""
    info = reader(data).metadata or {}
    return {str(key): str(value) for key, value in info.items()}


def assert_neutral_metadata(data: bytes, title: str, *, private: Sequence[str] = ()) -> None:
    """Title is the document's title; nothing else says who or what it is about."""
    info = metadata(data)
    assert info.get("/Title") == title
    for key in ("/Author", "/Subject", "/Keywords", "/Creator"):
        assert info.get(key, "") == "", f"{key} is {info[key]!r}"
    assert reader(data).xmp_metadata is None, "XMP metadata would repeat the properties"
    everything = " ".join(value for key, value in info.items() if key != "/Title").lower()
    for word in SENSITIVE_WORDS:
        assert word not in everything, f"metadata says {word!r}: {info}"
    whole = " ".join(info.values()).lower()
    for name in private:
        assert name.lower() not in whole, f"metadata names {name!r}: {info}"


def image_names(page: PageObject) -> list[str]:
    """The image XObjects a page draws (a logo, for example)."""
    resources = page.get("/Resources")
    if resources is None:
        return []
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return []
    return [
        str(name)
        for name, xobject in xobjects.get_object().items()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]


def assert_in_order(text: str, phrases: Sequence[str]) -> None:
    """Each phrase is in `text`, each after the one before."""
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found >= 0, f"{phrase!r} missing, or not after the phrase before it"
        position = found + len(phrase)


def body_texts(data: bytes, header: str, footer: str) -> list[str]:
    """Each page's text without its frame, after checking the frame is all there.

    The frame is drawn once the page count is known, so its three lines (header,
    footer, "Page x of y") come last in each page's text.
    """
    texts = page_texts(data)
    bodies = []
    for number, text in enumerate(texts, start=1):
        lines = text.splitlines()
        frame = [line.strip() for line in lines[-3:]]
        assert frame == [header, footer, f"Page {number} of {len(texts)}"], frame
        bodies.append(flat("\n".join(lines[:-3])))
    return bodies


def body_runs(data: bytes) -> list[TextRun]:
    """The text drawn inside the page margins: everything but the header and footer."""
    heights = [float(page.mediabox.height) for page in reader(data).pages]
    margin = 20 * 72 / 25.4  # 20 mm: the header and footer sit closer to the edge
    return [run for run in text_runs(data) if margin < run.y < heights[run.page] - margin]
