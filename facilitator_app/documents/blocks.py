"""Turns parsed handout blocks into reportlab flowables, filling in the placeholders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from facilitator_app.documents.page import RULE, Styles
from facilitator_app.domain.handouts import Block, BlockKind, Run, fill_inline
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.domain.signposting import ServiceFields


@dataclass(frozen=True)
class HandoutContext:
    """What placeholders are filled from: the organisation and its directory."""

    organisation: OrganisationDetails
    services: Sequence[ServiceFields]


def markup(text: str) -> str:
    """Text as typed, made safe for reportlab's paragraph markup."""
    return escape(text).replace("\n", "<br/>")


def _runs_markup(runs: Sequence[Run], organisation: str) -> str:
    parts = []
    for run in runs:
        text = markup(fill_inline(run.text, organisation))
        parts.append(f"<b>{text}</b>" if run.bold else text)
    return "".join(parts)


class WriteLines(Flowable):
    """Ruled lines to write on."""

    def __init__(self, count: int, gap: float) -> None:
        super().__init__()
        self.count = count
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.count * self.gap + 2 * mm

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # Up to 30 lines in large print is taller than a page: carry the rest over.
        fits = int((available_height - 2 * mm) // self.gap)
        if fits < 1 or fits >= self.count:
            return []
        return [WriteLines(fits, self.gap), WriteLines(self.count - fits, self.gap)]

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        for line in range(1, self.count + 1):
            y = self.count * self.gap - line * self.gap + 2 * mm
            self.canv.line(0, y, self.width, y)


def service_flowables(services: Sequence[ServiceFields], styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = []
    for service in services:
        lines = [f"<b>{markup(service.name)}</b>"]
        if service.offers:
            lines.append(markup(service.offers))
        if service.for_whom:
            lines.append(f"For: {markup(service.for_whom)}")
        ways = [
            f"{label}: <b>{markup(value)}</b>"
            for label, value in (
                ("Phone", service.phone),
                ("Text", service.text),
                ("Web", service.web),
            )
            if value
        ]
        if ways:
            lines.append(" · ".join(ways))
        when_where = " · ".join(markup(value) for value in (service.hours, service.area) if value)
        if when_where:
            lines.append(when_where)
        flowables.append(KeepTogether([Paragraph("<br/>".join(lines), styles.body)]))
    return flowables


def organisation_flowables(details: OrganisationDetails, styles: Styles) -> list[Flowable]:
    lines = [f"<b>{markup(details.name)}</b>"]
    if details.phone:
        lines.append(f"Phone: <b>{markup(details.phone)}</b>")
    if details.address:
        lines.append(markup(details.address))
    return [KeepTogether([Paragraph("<br/>".join(lines), styles.body)])]


def block_flowables(
    blocks: Sequence[Block], context: HandoutContext, styles: Styles
) -> list[Flowable]:
    organisation = context.organisation.name
    flowables: list[Flowable] = []
    for block in blocks:
        text = _runs_markup(block.runs, organisation)
        match block.kind:
            case BlockKind.HEADING:
                flowables.append(Paragraph(text, styles.heading))
            case BlockKind.SUBHEADING:
                flowables.append(Paragraph(text, styles.subheading))
            case BlockKind.PARAGRAPH:
                flowables.append(Paragraph(text, styles.body))
            case BlockKind.BULLET:
                flowables.append(Paragraph(text, styles.bullet, bulletText="•"))
            case BlockKind.TICK_BOX:
                flowables.append(Paragraph(text, styles.bullet, bulletText="☐"))
            case BlockKind.SERVICES:
                flowables.extend(service_flowables(context.services, styles))
            case BlockKind.URGENT_SERVICES:
                urgent = [service for service in context.services if service.urgent]
                flowables.extend(service_flowables(urgent, styles))
            case BlockKind.ORGANISATION_CONTACT:
                flowables.extend(organisation_flowables(context.organisation, styles))
            case BlockKind.WRITE_LINES:
                flowables.append(WriteLines(block.count, styles.line_gap))
                flowables.append(Spacer(1, styles.body.spaceAfter))
    return flowables


def facts_table(
    rows: Sequence[tuple[str, str]], styles: Styles, widths: tuple[str, str] = ("30%", "70%")
) -> Table:
    """Label and value, one pair a row, ruled between rows; values wrap."""
    cells = [
        [Paragraph(f"<b>{markup(name)}</b>", styles.body), Paragraph(markup(value), styles.body)]
        for name, value in rows
    ]
    return ruled_table(cells, list(widths))


def ruled_table(cells: list[list[Any]], widths: list[str]) -> Table:
    table = Table(cells, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]
        )
    )
    return table
