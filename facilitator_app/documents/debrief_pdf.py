"""Debrief records for the organisation: one debrief, or a group's debriefs over some dates.

The paper shows the debrief as it was submitted, then anything added later under its
own heading, so nobody can mistake an addendum for part of the original. Names come
in already looked up (`DebriefNames`); the file's metadata says only "Record".
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, Paragraph, Spacer

from facilitator_app.documents.blocks import facts_table, markup
from facilitator_app.documents.handout_pdf import logo_size
from facilitator_app.documents.incident_pdf import RECORD_TITLE, footer_for
from facilitator_app.documents.page import INK, MUTED, PageOptions, Styles, build_pdf, styles_for
from facilitator_app.documents.rota_pdf import day_label, long_date
from facilitator_app.domain.debriefs import Debrief

NOTHING_WRITTEN = "Nothing written."
NOT_SAID = "Not said"
ADDED_LATER = "Added later"
# Names the session: in a long range these may start a page of their own.
ADDED_LATER_NOTE = (
    "Written after the debrief of {day} was submitted. The debrief is shown as it was sent."
)
# The parts a facilitator writes, in the order the form asks for them.
TEXT_PARTS = (
    ("how_notes", "Notes on how it went"),
    ("topics", "Topics covered"),
    ("went_well", "What went well"),
    ("concerns", "Anything of concern"),
)


@dataclass(frozen=True)
class DebriefNames:
    """What the paper shows instead of ids, looked up by the services layer."""

    organisation: str
    group: str = ""
    people: Mapping[str, str] = field(default_factory=dict)  # person id → name
    # incident id → a label such as "Incident record, Fri 14 March 2025, 19:42: Flashback"
    incidents: Mapping[str, str] = field(default_factory=dict)
    logo: bytes | None = None


@dataclass(frozen=True)
class _Looks:
    """The styles this paper adds to the shared ones."""

    styles: Styles
    nothing: ParagraphStyle
    addendum: ParagraphStyle
    addendum_by: ParagraphStyle
    added_note: ParagraphStyle


def _looks(options: PageOptions) -> _Looks:
    styles = styles_for(options)
    size = styles.body.fontSize
    indent = size * 1.4
    return _Looks(
        styles=styles,
        nothing=ParagraphStyle("nothing", parent=styles.body, textColor=MUTED),
        addendum=ParagraphStyle("addendum", parent=styles.body, leftIndent=indent),
        addendum_by=ParagraphStyle(
            "addendum_by",
            parent=styles.body,
            fontName=styles.subheading.fontName,
            leftIndent=indent,
            spaceBefore=size * 0.3,
            spaceAfter=size * 0.15,
            keepWithNext=True,
        ),
        added_note=ParagraphStyle("added_note", parent=styles.small, keepWithNext=True),
    )


def _time(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    local = value.astimezone()
    return f"{day_label(local.date())}, {local:%H:%M}"


def _name(names: DebriefNames, person_id: str | None, missing: str = "—") -> str:
    return names.people.get(person_id or "", "") or missing


def _who_was_there(debrief: Debrief) -> str:
    if not debrief.present:
        return "Nobody was marked present"
    return f"{debrief.present_count}: " + ", ".join(member.name for member in debrief.present)


def _incident_label(names: DebriefNames, incident_id: str) -> str:
    return names.incidents.get(incident_id, "") or "An incident record not in this store"


def _safeguarding(debrief: Debrief, names: DebriefNames) -> str:
    fields = debrief.fields
    if not fields.safeguarding:
        return "No"
    if fields.safeguarding_incident_id:
        return f"Yes: see {_incident_label(names, fields.safeguarding_incident_id)}"
    return "Yes"


def _facts(debrief: Debrief, names: DebriefNames, styles: Styles) -> Flowable:
    fields = debrief.fields
    incidents = "\n".join(_incident_label(names, i) for i in debrief.incident_ids)
    wellbeing = (
        f"{fields.wellbeing} out of 5 (1 is struggling, 5 is fine)"
        if fields.wellbeing is not None
        else NOT_SAID
    )
    return facts_table(
        [
            ("Group", names.group or "—"),
            ("Session", day_label(debrief.session_date)),
            ("Written by", _name(names, debrief.author_id)),
            ("Goes to", _name(names, fields.recipient_id, "Nobody chosen")),
            (
                "Submitted",
                _time(debrief.submitted_at) if debrief.is_submitted else "Not yet: this is a draft",
            ),
            ("Who was there", _who_was_there(debrief)),
            ("How it went", fields.how_it_went.label if fields.how_it_went else NOT_SAID),
            ("Incidents", incidents or "None"),
            ("Safeguarding concern", _safeguarding(debrief, names)),
            ("Facilitator's wellbeing", wellbeing),
            (
                "Contact asked for",
                "Yes: would like a support worker to be in touch" if fields.wants_contact else "No",
            ),
        ],
        styles,
        ("32%", "68%"),
    )


def _texts(debrief: Debrief, looks: _Looks) -> list[Flowable]:
    story: list[Flowable] = []
    for name, heading in TEXT_PARTS:
        text: str = getattr(debrief.fields, name)
        story.append(Paragraph(markup(heading), looks.styles.subheading))
        if text.strip():
            story.append(Paragraph(markup(text), looks.styles.body))
        else:
            story.append(Paragraph(NOTHING_WRITTEN, looks.nothing))
    return story


def _addenda(debrief: Debrief, names: DebriefNames, looks: _Looks) -> list[Flowable]:
    if not debrief.addenda:
        return []
    story: list[Flowable] = [
        Paragraph(ADDED_LATER, looks.styles.heading),
        Paragraph(
            markup(ADDED_LATER_NOTE.format(day=day_label(debrief.session_date))),
            looks.added_note,
        ),
    ]
    for addendum in debrief.addenda:
        by = f"By {_name(names, addendum.author_id)}, {_time(addendum.written_at)}"
        story += [
            Paragraph(markup(by), looks.addendum_by),
            Paragraph(markup(addendum.text), looks.addendum),
        ]
    return story


def _debrief(
    debrief: Debrief, names: DebriefNames, looks: _Looks, opening: Sequence[Flowable]
) -> list[Flowable]:
    # The opening never ends a page without the facts that say whose debrief it is.
    # (One KeepTogether: reportlab moves a KeepTogether inside another to a new page
    # even when both fit.)
    return [
        KeepTogether([*opening, _facts(debrief, names, looks.styles)]),
        *_texts(debrief, looks),
        *_addenda(debrief, names, looks),
    ]


def _logo(names: DebriefNames) -> list[Flowable]:
    if not names.logo:
        return []
    width, height = logo_size(names.logo)
    target_height = 14 * mm
    image = Image(
        io.BytesIO(names.logo), width=width * target_height / height, height=target_height
    )
    image.hAlign = "RIGHT"
    return [image]


def _build(
    story: list[Flowable], names: DebriefNames, options: PageOptions, password: str | None
) -> bytes:
    return build_pdf(
        title=RECORD_TITLE,
        header=names.organisation,
        footer=footer_for(options),
        story=story,
        options=options,
        password=password,
    )


def render_debrief(
    debrief: Debrief, names: DebriefNames, options: PageOptions, password: str | None
) -> bytes:
    """One debrief and its addenda; with a password, encrypted with AES-256."""
    looks = _looks(options)
    story = [
        *_logo(names),
        *_debrief(debrief, names, looks, [Paragraph("Debrief", looks.styles.title)]),
    ]
    return _build(story, names, options, password)


def render_debriefs(
    debriefs: Sequence[Debrief],
    names: DebriefNames,
    first_day: dt.date,
    last_day: dt.date,
    options: PageOptions,
    password: str | None,
) -> bytes:
    """A group's debriefs in a date range, in the order given, each ruled off from the last."""
    looks = _looks(options)
    styles = looks.styles
    count = len(debriefs)
    story: list[Flowable] = [
        *_logo(names),
        Paragraph("Debriefs", styles.title),
        Paragraph(markup(names.group or "—"), styles.subheading),
        Paragraph(markup(f"{long_date(first_day)} to {long_date(last_day)}"), styles.body),
        Paragraph(f"{count} debrief{'' if count == 1 else 's'}, oldest first.", styles.small),
        Spacer(1, styles.body.fontSize * 0.5),
    ]
    for debrief in debriefs:
        rule = HRFlowable(
            width="100%",
            thickness=1.5,
            color=INK,
            spaceBefore=styles.body.fontSize * 0.8,
            spaceAfter=styles.body.fontSize * 0.2,
        )
        heading = Paragraph(markup(f"Debrief: {day_label(debrief.session_date)}"), styles.heading)
        story += _debrief(debrief, names, looks, [rule, heading])
    return _build(story, names, options, password)
