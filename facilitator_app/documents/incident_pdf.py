"""An incident record for the organisation, and any protocol as a one-page pocket card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from facilitator_app.documents.blocks import facts_table, markup
from facilitator_app.documents.page import PageOptions, Styles, build_pdf, styles_for
from facilitator_app.domain.incidents import Incident
from facilitator_app.domain.protocols import Protocol, StepAction

RECORD_TITLE = "Record"  # neutral in metadata and file lists; the page heading says more
RECORD_FOOTER = "Confidential record for the organisation. Keep it safe; do not copy it."
# In large print the long footer runs into "Page x of y"; this one fits.
LARGE_PRINT_FOOTER = "Confidential record. Keep it safe; do not copy it."
CARD_FOOTER = "Pocket card"


@dataclass(frozen=True)
class IncidentNames:
    """Names the record shows, looked up by the services layer."""

    organisation: str
    group: str = ""
    session_date: dt.date | None = None
    member: str = ""
    author: str = ""


def _time(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%d %b %Y, %H:%M:%S") if value else "—"


def _facts(rows: Sequence[tuple[str, str]], styles: Styles) -> Table:
    return facts_table(rows, styles, ("32%", "68%"))


def render_incident(
    incident: Incident, names: IncidentNames, options: PageOptions, password: str | None
) -> bytes:
    styles = styles_for(options)
    fields = incident.fields
    run = fields.run
    flags = []
    if fields.safeguarding is not None:
        flags.append("Safeguarding concern")
    if fields.facilitator_needs_support:
        flags.append("The facilitator would like support")
    story: list[Flowable] = [
        Paragraph("Incident record", styles.title),
        _facts(
            [
                ("Protocol", f"{run.protocol.title} (version {run.protocol.version})"),
                ("Group", names.group or "—"),
                ("Session", names.session_date.strftime("%d %b %Y") if names.session_date else "—"),
                ("Person involved", names.member or "A member (not named)"),
                ("Started", _time(run.started_at)),
                ("Ended", _time(run.ended_at)),
                ("Recorded by", names.author or "—"),
                (
                    "Status",
                    "Submitted " + _time(incident.submitted_at)
                    if incident.is_submitted
                    else "Draft",
                ),
                ("Flags", ", ".join(flags) or "None"),
            ],
            styles,
        ),
        Paragraph("Steps", styles.heading),
    ]
    step_rows = []
    for outcome in run.outcomes():
        if outcome.action is None:
            state = "not reached"
        else:
            verb = "done" if outcome.action is StepAction.DONE else "skipped"
            state = f"{verb} {_time(outcome.at)}"
        step_rows.append((outcome.step.text, state))
    story.append(_facts(step_rows, styles))
    for record_field in run.protocol.record_fields:
        text = fields.notes.get(record_field, "")
        story.append(
            KeepTogether(
                [
                    Paragraph(markup(record_field.label), styles.subheading),
                    Paragraph(markup(text or "—"), styles.body),
                ]
            )
        )
    if fields.safeguarding is not None:
        answer = {True: "Yes", False: "No", None: "Not answered"}
        story += [
            Paragraph("Safeguarding", styles.heading),
            _facts(
                [
                    ("Kind", fields.safeguarding.kind.label),
                    ("Told information will be passed on", answer[fields.safeguarding.person_told]),
                    ("Immediate danger", answer[fields.safeguarding.immediate_danger]),
                ],
                styles,
            ),
        ]
    if incident.addenda:
        story.append(Paragraph("Addenda", styles.heading))
        for addendum in incident.addenda:
            story.append(
                Paragraph(
                    f"<b>{_time(addendum.written_at)}</b><br/>{markup(addendum.text)}", styles.body
                )
            )
    return build_pdf(
        title=RECORD_TITLE,
        header=names.organisation,
        footer=footer_for(options),
        story=story,
        options=options,
        password=password,
    )


def render_pocket_card(protocol: Protocol, organisation: str, options: PageOptions) -> bytes:
    """The protocol's steps on one page: short lines to carry in a folder or a pocket."""
    styles = styles_for(options)
    story: list[Flowable] = [
        Paragraph(markup(protocol.title), styles.title),
        Paragraph(markup(protocol.when), styles.small),
        Spacer(1, 3 * mm),
    ]
    for number, step in enumerate(protocol.steps, start=1):
        story.append(Paragraph(f"<b>{number}.</b> {markup(step.text)}", styles.bullet))
    return build_pdf(
        title=protocol.title,
        header=organisation,
        footer=CARD_FOOTER,
        story=story,
        options=options,
    )


def footer_for(options: PageOptions) -> str:
    """The footer of a record PDF (incident or debrief)."""
    return LARGE_PRINT_FOOTER if options.large_print else RECORD_FOOTER
