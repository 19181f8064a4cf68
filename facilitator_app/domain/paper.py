"""The paper sizes documents are printed on, in PDF points (1/72 inch)."""

from __future__ import annotations

from enum import StrEnum

# The same arithmetic as reportlab's units and page sizes, so these equal its A4 and
# LETTER to the last bit, without loading reportlab to know the choices.
_INCH = 72.0
_MM = _INCH / 2.54 * 0.1


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def size(self) -> tuple[float, float]:
        if self is Paper.A4:
            return (210 * _MM, 297 * _MM)
        return (8.5 * _INCH, 11 * _INCH)
