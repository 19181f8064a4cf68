"""The printed rota: a group's sessions over some weeks, who leads and co-facilitates each.

Names are first names only (the services pass them in already shortened), because a
rota is pinned up where others may see it. Where the night went differently from the
plan, the line says who actually led.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from facilitator_app.documents.blocks import markup
from facilitator_app.documents.fonts import BOLD, REGULAR
from facilitator_app.documents.page import (
    INK,
    MUTED,
    RULE,
    PageOptions,
    Styles,
    build_pdf,
    frame_width,
    styles_for,
)
from facilitator_app.documents.session_papers import SessionPapersText
from facilitator_app.domain.facilitators import MONTH_NAMES, WEEKDAY_NAMES, format_day
from facilitator_app.domain.organisation import OrganisationDetails

NOT_DECIDED = "not yet decided"
NO_SESSIONS = "No sessions are planned between these dates."
FOOTER = "Keep it where the group's facilitators can see it."
HEADINGS = ("Date", "Time", "Lead", "Co-facilitator")
# Each name column is wide enough for "Co-facilitator" in large print on A4 without
# breaking the word; the time column fits "18:30"; the date takes the rest, and wraps.
NAME_SHARE = 0.29


@dataclass(frozen=True)
class RotaPaperLine:
    """One session. `night_*` are set only where the night differed from the plan."""

    date: dt.date
    start: dt.time | None = None
    lead: str = ""
    co_facilitator: str = ""
    night_lead: str = ""
    night_co: str = ""
    chosen_by_group: bool = False


@dataclass(frozen=True)
class RotaPaper:
    group_name: str
    first: dt.date
    last: dt.date
    lines: Sequence[RotaPaperLine]


def day_label(day: dt.date) -> str:
    """ "Tue 3 March 2026": the words do not follow the process locale (see MONTH_NAMES)."""
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    return f"{format_day(day)} {day.year}"


def night_note(line: RotaPaperLine) -> str:
    """ "On the night: Sam, chosen by the group", or "" if the night went as planned."""
    parts = []
    if line.night_lead:
        chosen = ", chosen by the group" if line.chosen_by_group else ""
        parts.append(f"{line.night_lead}{chosen}")
    if line.night_co:
        parts.append(f"co-facilitator {line.night_co}")
    return f"On the night: {'; '.join(parts)}" if parts else ""


def _person(name: str, styles: Styles, pending: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(name), styles.body) if name else Paragraph(NOT_DECIDED, pending)


def _widths(styles: Styles, width: float) -> list[float]:
    size = styles.body.fontSize
    time = max(stringWidth("18:30", REGULAR, size), stringWidth("Time", BOLD, size))
    time += _padding(styles) + size * 0.3
    name = width * NAME_SHARE
    return [width - time - 2 * name, time, name, name]


def _padding(styles: Styles) -> float:
    return styles.body.fontSize * 0.9


def _table(lines: Sequence[RotaPaperLine], styles: Styles, width: float) -> Table:
    pending = ParagraphStyle("pending", parent=styles.body, textColor=MUTED)
    cells: list[list[Any]] = [
        [Paragraph(f"<b>{markup(heading)}</b>", styles.body) for heading in HEADINGS]
    ]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), _padding(styles)),
    ]
    for line in lines:
        first_row = len(cells)
        cells.append(
            [
                Paragraph(markup(day_label(line.date)), styles.body),
                Paragraph(f"{line.start:%H:%M}" if line.start else "—", styles.body),
                _person(line.lead, styles, pending),
                _person(line.co_facilitator, styles, pending),
            ]
        )
        note = night_note(line)
        if note:
            cells.append(["", Paragraph(markup(note), styles.small), "", ""])
            commands += [
                ("SPAN", (1, len(cells) - 1), (-1, len(cells) - 1)),
                ("TOPPADDING", (0, len(cells) - 1), (-1, len(cells) - 1), 0),
            ]
        # A session and its note stay on one page, ruled off from the next.
        commands += [
            ("NOSPLIT", (0, first_row), (-1, len(cells) - 1)),
            ("LINEBELOW", (0, len(cells) - 1), (-1, len(cells) - 1), 0.5, RULE),
        ]
    table = Table(cells, colWidths=_widths(styles, width), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def render_rota_paper(
    paper: RotaPaper,
    organisation: OrganisationDetails,
    text: SessionPapersText,
    options: PageOptions,
) -> bytes:
    styles = styles_for(options)
    words = text.data["rota"]
    story: list[Flowable] = [
        Paragraph(markup(words["title"]), styles.title),
        Paragraph(markup(paper.group_name), styles.subheading),
        Paragraph(markup(f"{long_date(paper.first)} to {long_date(paper.last)}"), styles.body),
        Paragraph(markup(words["intro"]), styles.small),
    ]
    if paper.lines:
        story.append(_table(paper.lines, styles, frame_width(options)))
    else:
        story.append(Paragraph(markup(NO_SESSIONS), styles.body))
    return build_pdf(
        title=words["title"],
        header=organisation.name,
        footer=FOOTER,
        story=story,
        options=options,
    )
