"""The readable copy of a subject access answer: everything held about one member.

Made from the same plain values as the JSON file (`services/subject_access.py`), so the
two always agree. The file's metadata says only "Record"; the pages say what it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer

from facilitator_app.documents.blocks import facts_table, markup
from facilitator_app.documents.incident_pdf import RECORD_TITLE, footer_for
from facilitator_app.documents.page import PageOptions, Styles, build_pdf, styles_for
from facilitator_app.documents.rota_pdf import day_label

INTRO = (
    "This is everything this organisation's records hold about the member named below: "
    "their details, the sessions they were marked at, and every session note, debrief, "
    "incident record and note about a facilitator that is linked to them or mentions them. "
    "Other members are shown as “[another member]”."
)
NONE_HELD = "None held."
FACILITATOR_NOTES = "Notes about facilitators that mention them"
FACILITATOR_NOTES_HINT = (
    "Notes the organisation keeps about the group's facilitators (supervision, pauses, "
    "readiness) in which this member is mentioned."
)


def render_subject_access(
    report: Mapping[str, Any], organisation: str, options: PageOptions
) -> bytes:
    styles = styles_for(options)
    member = report["member"]
    story: list[Flowable] = [
        Paragraph("Everything we hold about one member", styles.title),
        Paragraph(markup(INTRO), styles.body),
        Paragraph(markup(f"Made on {_day(report['made_on'])}."), styles.small),
        Spacer(1, styles.body.fontSize * 0.5),
        Paragraph("Their details", styles.heading),
        facts_table(
            [
                ("Name or pseudonym", member["name"]),
                ("Group", member["group"] or "—"),
                ("Contact preference", member["contact_preference"]),
                ("Consent given", _day(member["consent_given_on"])),
                ("Consent withdrawn", _day(member["consent_withdrawn_on"])),
                ("Left the group", _day(member["left_group_on"])),
            ],
            styles,
        ),
        Paragraph("Register", styles.heading),
        *_attendance(report["attendance"], styles),
        Paragraph("Session notes that mention them", styles.heading),
        *_sessions(report["sessions"], styles),
        Paragraph("Incident records", styles.heading),
        *_records(report["incident_records"], styles, incident=True),
        Paragraph("Debriefs", styles.heading),
        *_records(report["debriefs"], styles, incident=False),
        Paragraph(FACILITATOR_NOTES, styles.heading),
        *_facilitator_notes(report.get("facilitator_notes", []), styles),
        Paragraph("How long records are kept", styles.heading),
        facts_table(
            [(label, f"{months} months") for label, months in report["retention"].items()],
            styles,
            ("45%", "55%"),
        ),
    ]
    if report.get("erased_on"):
        story.append(
            Paragraph(
                markup(f"An erasure of this member was made on {_day(report['erased_on'])}."),
                styles.body,
            )
        )
    return build_pdf(
        title=RECORD_TITLE,
        header=organisation,
        footer=footer_for(options),
        story=story,
        options=options,
    )


def _day(value: Any) -> str:
    if not value:
        return "—"
    try:
        return day_label(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _none(styles: Styles) -> list[Flowable]:
    return [Paragraph(NONE_HELD, styles.body)]


def _attendance(lines: Sequence[Mapping[str, Any]], styles: Styles) -> list[Flowable]:
    if not lines:
        return _none(styles)
    return [
        facts_table(
            [(_day(line["date"]), "Present" if line["present"] else "Not there") for line in lines],
            styles,
            ("45%", "55%"),
        )
    ]


def _sessions(lines: Sequence[Mapping[str, Any]], styles: Styles) -> list[Flowable]:
    if not lines:
        return _none(styles)
    story: list[Flowable] = []
    for line in lines:
        story.append(Paragraph(markup(_day(line["date"])), styles.subheading))
        rows = [("Topic", line["topic"]), ("Notes", line["notes"])]
        story.append(facts_table([(a, b) for a, b in rows if b], styles))
    return story


def _records(
    lines: Sequence[Mapping[str, Any]], styles: Styles, *, incident: bool
) -> list[Flowable]:
    if not lines:
        return _none(styles)
    story: list[Flowable] = []
    for line in lines:
        heading = _day(line["date"])
        if incident and line.get("protocol"):
            heading += f": {line['protocol']}"
        story.append(Paragraph(markup(heading), styles.subheading))
        facts: list[tuple[str, str]] = []
        if incident:
            facts.append(
                ("About this member", "Yes" if line["about_this_member"] else "No; mentioned in it")
            )
            if line.get("safeguarding"):
                facts.append(("Safeguarding concern", str(line["safeguarding"])))
            facts += [(label, text) for label, text in line["notes"].items() if text]
        else:
            facts.append(("Marked present", "Yes" if line["marked_present"] else "No"))
            facts += list(line["texts"].items())
        for addition in line["additions"]:
            facts.append((f"Added {_day(addition['written_at'])}", addition["text"]))
        for follow_up in line["follow_ups"]:
            done = f" (done {_day(follow_up['done_on'])})" if follow_up["done_on"] else ""
            facts.append(("Follow-up", f"{follow_up['what']}{done}"))
        facts += [("Inbox note", note) for note in line["inbox_notes"]]
        if line["safeguarding_hold"]:
            facts.append(("Safeguarding hold", "Kept until the hold is removed"))
        story.append(facts_table(facts, styles))
    return story


def _facilitator_notes(lines: Sequence[Mapping[str, Any]], styles: Styles) -> list[Flowable]:
    if not lines:
        return _none(styles)
    rows = [
        (f"{line['kind']}, {_day(line['date'])}" if line["date"] else line["kind"], line["text"])
        for line in lines
    ]
    return [Paragraph(markup(FACILITATOR_NOTES_HINT), styles.small), facts_table(rows, styles)]
