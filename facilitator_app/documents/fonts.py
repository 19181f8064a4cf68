"""The embedded Unicode font (DejaVu Sans), so Polish, Welsh, Turkish, Greek and
Vietnamese names print as typed. Right-to-left scripts are not shaped yet."""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from facilitator_app.resource_files import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def ensure_fonts() -> None:
    """Register the fonts with reportlab once per process (its registry is global)."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    # Paragraph markup's <b> looks up the family's bold face through these mappings.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
