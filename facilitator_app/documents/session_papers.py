"""Papers for one session: its plan and a blank register. (The rota is in rota_pdf.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from facilitator_app.documents.blocks import (
    HandoutContext,
    WriteLines,
    facts_table,
    markup,
    organisation_flowables,
    ruled_table,
    service_flowables,
)
from facilitator_app.documents.page import RULE, PageOptions, Styles, build_pdf, styles_for

FOOTER = "Contains names: keep it safe, and shred it once it is in the app."
NOT_CHOSEN = "not chosen yet"


@dataclass(frozen=True)
class SessionFacts:
    """What a session paper shows, gathered by the services layer."""

    group_name: str
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    topic: str = ""
    lead: str = ""
    co_facilitator: str = ""
    agreement_items: Sequence[str] = ()
    member_names: Sequence[str] = ()


@dataclass(frozen=True)
class SessionPapersText:
    """The words from resources/session-papers.toml."""

    data: dict[str, Any] = field(default_factory=dict)

    def plan(self, key: str) -> Any:
        return self.data["session_plan"][key]


def _when(facts: SessionFacts) -> str:
    day = facts.date.strftime("%A %d %B %Y")
    if facts.start and facts.end:
        return f"{day}, {facts.start:%H:%M} to {facts.end:%H:%M}"
    if facts.start:
        return f"{day}, from {facts.start:%H:%M}"
    return day


def _heading(text: str, styles: Styles) -> Paragraph:
    return Paragraph(markup(text), styles.heading)


def _bullets(items: Sequence[str], styles: Styles) -> list[Flowable]:
    return [Paragraph(markup(item), styles.bullet, bulletText="•") for item in items]


def _running_order(facts: SessionFacts, text: SessionPapersText, styles: Styles) -> Table:
    clock = dt.datetime.combine(facts.date, facts.start) if facts.start else None
    cells = []
    for step in text.plan("running_order"):
        name = str(step["step"])
        if name == "Sharing or topic" and facts.topic:
            name = f"{name}: {facts.topic}"
        minutes = int(step["minutes"])
        when = f"{clock:%H:%M}" if clock else f"{minutes} min"
        cells.append(
            [
                Paragraph(when, styles.body),
                Paragraph(f"<b>{markup(name)}</b><br/>{markup(str(step['note']))}", styles.body),
            ]
        )
        if clock:
            clock += dt.timedelta(minutes=minutes)
    return ruled_table(cells, ["16%", "84%"])


def render_session_plan(
    facts: SessionFacts,
    protocol_titles: Sequence[str],
    context: HandoutContext,
    text: SessionPapersText,
    options: PageOptions,
) -> bytes:
    styles = styles_for(options)
    grounding = [
        line.strip() for line in text.plan("grounding")["text"].splitlines() if line.strip()
    ]
    urgent = [service for service in context.services if service.urgent]
    story: list[Flowable] = [
        Paragraph(markup(text.plan("title")), styles.title),
        facts_table(
            [
                ("Group", facts.group_name),
                ("When", _when(facts)),
                ("Where", facts.venue or "—"),
                ("Topic or activity", facts.topic or "—"),
                ("Lead facilitator", facts.lead or NOT_CHOSEN),
                ("Co-facilitator", facts.co_facilitator or NOT_CHOSEN),
            ],
            styles,
        ),
        _heading(text.plan("agreement_heading"), styles),
        *_bullets(facts.agreement_items, styles),
        _heading(text.plan("running_order_heading"), styles),
        _running_order(facts, text, styles),
        KeepTogether(
            [_heading(text.plan("grounding_heading"), styles), *_bullets(grounding, styles)]
        ),
        KeepTogether(
            [
                _heading(text.plan("protocols_heading"), styles),
                Paragraph(markup(text.plan("protocols_intro")), styles.body),
                *_bullets(protocol_titles, styles),
            ]
        ),
        _heading(text.plan("contacts_heading"), styles),
        *organisation_flowables(context.organisation, styles),
        *service_flowables(urgent, styles),
        KeepTogether(
            [_heading(text.plan("notes_heading"), styles), WriteLines(6, styles.line_gap)]
        ),
    ]
    return build_pdf(
        title=text.plan("title"),
        header=context.organisation.name,
        footer=FOOTER,
        story=story,
        options=options,
    )


def render_register(
    facts: SessionFacts, context: HandoutContext, text: SessionPapersText, options: PageOptions
) -> bytes:
    styles = styles_for(options)
    words = text.data["register"]
    names = [*facts.member_names, *([""] * int(words["blank_rows"]))]
    cells: list[list[Any]] = [
        [Paragraph("<b>Name</b>", styles.body), Paragraph("<b>Here</b>", styles.body)]
    ]
    cells.extend(
        [Paragraph(markup(name), styles.body), Paragraph("☐", styles.body)] for name in names
    )
    row_height = styles.line_gap * 1.1
    table = Table(
        cells,
        colWidths=["80%", "20%"],
        rowHeights=[None, *([row_height] * len(names))],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("ALIGN", (1, 0), (1, -1), "CENTER"),
            ]
        )
    )
    story: list[Flowable] = [
        Paragraph(markup(words["title"]), styles.title),
        facts_table(
            [
                ("Group", facts.group_name),
                ("When", _when(facts)),
                ("Lead facilitator", facts.lead or NOT_CHOSEN),
                ("Co-facilitator", facts.co_facilitator or NOT_CHOSEN),
            ],
            styles,
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 4 * mm),
        Paragraph(markup(words["note"]), styles.small),
    ]
    return build_pdf(
        title=words["title"],
        header=context.organisation.name,
        footer=FOOTER,
        story=story,
        options=options,
    )
