"""An opened debrief or incident record as read-only rich text, addenda after the original.

Everything a facilitator wrote is escaped before it is placed in the page, so a record
can never change how the page is drawn.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QCoreApplication

from facilitator_app.domain.debriefs import Debrief
from facilitator_app.domain.facilitators import MONTH_NAMES, WEEKDAY_NAMES
from facilitator_app.domain.incidents import Addendum, Incident
from facilitator_app.domain.protocols import StepAction
from facilitator_app.gui.style import MUTED
from facilitator_app.services.inbox import InboxRecord

ADDENDUM_TINT = "#eef2f4"


def _tr(text: str) -> str:
    return QCoreApplication.translate("InboxRecordText", text)


# --- dates and times in plain words ----------------------------------------------------


def long_day(day: dt.date) -> str:
    """'Tuesday 11 March 2025'."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def day_month(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def moment(when: dt.datetime) -> str:
    """'14 March 2025 at 12:05', in this computer's time."""
    local = when.astimezone()
    return _tr("{0} at {1}").format(
        f"{local.day} {MONTH_NAMES[local.month - 1]} {local.year}", f"{local:%H:%M}"
    )


def clock_time(when: dt.datetime) -> str:
    return f"{when.astimezone():%H:%M}"


# --- building blocks ----------------------------------------------------------------------


def _text(value: str) -> str:
    return html.escape(value).replace("\n", "<br>")


def _written(value: str) -> str:
    if value.strip():
        return f"<p>{_text(value)}</p>"
    return f'<p style="color: {MUTED};"><i>{_tr("Nothing written.")}</i></p>'


def _heading(title: str) -> str:
    return f'<h4 style="margin-top: 14px; margin-bottom: 2px;">{html.escape(title)}</h4>'


def _facts(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f'<tr><td style="color: {MUTED}; padding: 2px 14px 2px 0;">{html.escape(name)}</td>'
        f'<td style="padding: 2px 0;">{value}</td></tr>'
        for name, value in rows
    )
    return f"<table cellspacing='0'>{cells}</table>"


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _tr("Not answered")
    return _tr("Yes") if value else _tr("No")


def _addenda(addenda: tuple[Addendum, ...], names: dict[str, str]) -> str:
    if not addenda:
        return ""
    parts = [_heading(_tr("Addenda, added after the original"))]
    for addendum in sorted(addenda, key=lambda a: a.written_at):
        who = names.get(addendum.author_id, _tr("someone"))
        header = _tr("From {0}, {1}").format(who, moment(addendum.written_at))
        # A tinted block: plainly added later, never mistaken for the original.
        parts.append(
            f"<table width='100%' cellpadding='8' cellspacing='0' bgcolor='{ADDENDUM_TINT}'"
            f" style='margin-top: 6px;'><tr><td><b>{html.escape(header)}</b><br>"
            f"{_text(addendum.text)}</td></tr></table>"
        )
    return "".join(parts)


# --- a debrief -------------------------------------------------------------------------


def debrief_html(record: InboxRecord, debrief: Debrief) -> str:
    names = record.names
    fields = debrief.fields
    author = names.get(debrief.author_id, record.line.author_name)
    present = ", ".join(html.escape(member.name) for member in debrief.present)
    if debrief.present:
        there = _tr("{0} ({1} present)").format(present, debrief.present_count)
    else:
        there = html.escape(_tr("Nobody was marked present"))
    goes_to = names.get(fields.recipient_id or "", "") or _tr("Not chosen")
    written = author
    if debrief.submitted_at is not None:
        written = _tr("{0}, sent {1}").format(author, moment(debrief.submitted_at))
    facts = _facts(
        [
            (_tr("Session"), html.escape(long_day(debrief.session_date))),
            (_tr("Group"), html.escape(record.line.group_name or _tr("No group"))),
            (_tr("Written by"), html.escape(written)),
            (_tr("Goes to"), html.escape(goes_to)),
            (_tr("Who was there"), there),
        ]
    )
    how = _tr(fields.how_it_went.label) if fields.how_it_went else _tr("Not said")
    how_block = f"<p><b>{html.escape(how)}</b></p>"
    if fields.how_notes.strip():
        how_block += f"<p>{_text(fields.how_notes)}</p>"
    if fields.safeguarding:
        safeguarding = _tr("Yes: there is a safeguarding concern.")
        if fields.safeguarding_incident_id:
            safeguarding += " " + _tr("It is written up in an incident record from this session.")
    else:
        safeguarding = _tr("No safeguarding concern.")
    if fields.wellbeing is None:
        wellbeing = _tr("Wellbeing not said.")
    else:
        wellbeing = _tr("Wellbeing {0} of 5 (1 struggling, 5 fine).").format(fields.wellbeing)
    if fields.wants_contact:
        contact = _tr("{0} would like someone to get in touch.").format(author)
    else:
        contact = _tr("{0} did not ask to be contacted.").format(author)
    return "".join(
        [
            facts,
            _heading(_tr("How it went")),
            how_block,
            _heading(_tr("Topics covered")),
            _written(fields.topics),
            _heading(_tr("What went well")),
            _written(fields.went_well),
            _heading(_tr("Anything of concern")),
            _written(fields.concerns),
            _heading(_tr("Safeguarding")),
            f"<p>{html.escape(safeguarding)}</p>",
            _heading(_tr("How {0} is doing").format(author)),
            f"<p>{html.escape(wellbeing)}<br>{html.escape(contact)}</p>",
            _addenda(debrief.addenda, names),
        ]
    )


# --- an incident record ----------------------------------------------------------------


def incident_html(record: InboxRecord, incident: Incident, member_name: str) -> str:
    names = record.names
    fields = incident.fields
    run = fields.run
    author = names.get(incident.author_id, record.line.author_name)
    started = moment(run.started_at)
    if run.ended_at is not None:
        started = _tr("{0}, ended {1}").format(started, clock_time(run.ended_at))
    rows = [
        (_tr("Protocol"), html.escape(run.protocol.title)),
        (_tr("Group"), html.escape(record.line.group_name or _tr("No group"))),
        (_tr("Started"), html.escape(started)),
        (_tr("Recorded by"), html.escape(author)),
    ]
    if member_name:  # never required: most records name nobody
        rows.append((_tr("Person involved"), html.escape(member_name)))
    facts = _facts(rows)
    steps = []
    for outcome in run.outcomes():
        if outcome.action is None:
            mark = _tr("not reached")
        elif outcome.action is StepAction.DONE:
            mark = _tr("done at {0}").format(clock_time(outcome.at)) if outcome.at else _tr("done")
        else:
            mark = _tr("skipped")
        steps.append(
            f"<li>{html.escape(outcome.step.text)} "
            f'<span style="color: {MUTED};">— {html.escape(mark)}</span></li>'
        )
    notes = "".join(
        _heading(_tr(record_field.label)) + _written(fields.notes.get(record_field, ""))
        for record_field in run.protocol.record_fields
    )
    safeguarding = fields.safeguarding
    if safeguarding is None:
        safe_text = html.escape(_tr("No safeguarding concern."))
    else:
        safe_text = "<br>".join(
            html.escape(text)
            for text in (
                _tr("Yes: {0}.").format(_tr(safeguarding.kind.label)),
                _tr("Told information will be passed on: {0}").format(
                    _yes_no(safeguarding.person_told)
                ),
                _tr("Anyone in immediate danger: {0}").format(
                    _yes_no(safeguarding.immediate_danger)
                ),
            )
        )
    support = (
        _tr("{0} would like support after this.").format(author)
        if fields.facilitator_needs_support
        else _tr("{0} did not ask for support.").format(author)
    )
    return "".join(
        [
            facts,
            _heading(_tr("Steps")),
            f"<ol style='margin-top: 2px;'>{''.join(steps)}</ol>",
            notes,
            _heading(_tr("Safeguarding")),
            f"<p>{safe_text}</p>",
            _heading(_tr("Support")),
            f"<p>{html.escape(support)}</p>",
            _addenda(incident.addenda, names),
        ]
    )
