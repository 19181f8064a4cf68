"""The coordinator's recovery sheet: the recovery key and what to do with it, on one page."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer

from facilitator_app.documents.blocks import markup
from facilitator_app.documents.fonts import BOLD
from facilitator_app.documents.page import PageOptions, build_pdf, styles_for

SHEET_TITLE = "Sheet"  # neutral in metadata and file lists
SHEET_FOOTER = "Keep this sheet locked away, apart from the laptop."

_STEPS = (
    "On the unlock screen, choose <b>Forgotten your passphrase?</b>",
    "Choose <b>Use the recovery sheet</b> and type the key above. Spaces and dashes "
    "do not matter, nor do capital letters.",
    "Choose a new passphrase. The store opens with it, and the old passphrase no longer works.",
    "This sheet keeps working after that. If it may have been seen or copied, make a "
    "new one in Settings: the old sheet then stops working.",
)

_KEEPING = (
    "Anyone with this sheet and the laptop can open every record in this store. Keep it "
    "where you keep other safeguarding papers: in a locked drawer or safe, not in the "
    "laptop bag.",
    "Do not photograph it, email it or save it as a file. If you printed it on a shared "
    "printer, collect it straight away.",
)


def render_recovery_sheet(
    recovery_key: str, organisation: str, made_on: dt.date, options: PageOptions
) -> bytes:
    styles = styles_for(options)
    key_style = ParagraphStyle(
        "recovery_key",
        parent=styles.body,
        fontName=BOLD,
        fontSize=styles.body.fontSize * 1.5,
        leading=styles.body.fontSize * 2.4,
    )
    groups = recovery_key.split("-")
    # Two lines of four groups: easy to read aloud and to check group by group.
    lines = ["  ".join(groups[:4]), "  ".join(groups[4:])]
    story = [
        Paragraph(markup(f"Recovery sheet for {organisation}"), styles.title),
        Paragraph(
            markup(
                f"Made on {made_on.strftime('%d %B %Y')}. This key opens the coordinator's "
                "store on its own laptop if the passphrase is forgotten."
            ),
            styles.body,
        ),
        Spacer(1, styles.line_gap),
        Paragraph("Recovery key", styles.heading),
        *(Paragraph(line, key_style) for line in lines if line),
        Spacer(1, styles.line_gap),
        Paragraph("If the passphrase is forgotten", styles.heading),
        *(Paragraph(f"{n}. {step}", styles.body) for n, step in enumerate(_STEPS, 1)),
        Paragraph("Keeping it safe", styles.heading),
        *(Paragraph(markup(text), styles.body) for text in _KEEPING),
    ]
    return build_pdf(
        title=SHEET_TITLE,
        header=organisation,
        footer=SHEET_FOOTER,
        story=story,
        options=options,
    )
