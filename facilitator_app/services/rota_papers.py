"""The printed rota of a group: its saved sessions in a date range, first names only.

Coordinators and facilitators alike may print it. Only names and times are read: never
pauses, their reasons, supervision or anything else about the people on it.
"""

from __future__ import annotations

import datetime as dt

from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.rota_pdf import RotaPaper, RotaPaperLine, render_rota_paper
from facilitator_app.documents.session_papers import SessionPapersText
from facilitator_app.documents.shipped import shipped_session_papers
from facilitator_app.domain.facilitators import first_name
from facilitator_app.domain.sessions import Session, SessionStatus
from facilitator_app.services.lookups import group_or_refuse
from facilitator_app.services.organisation import organisation_details
from facilitator_app.services.rota import check_range
from facilitator_app.store.people_rows import load_people
from facilitator_app.store.session_rows import load_sessions
from facilitator_app.store.store import Store


def _line(session: Session, first_names: dict[str, str]) -> RotaPaperLine:
    def name(person_id: str | None) -> str:
        return first_names.get(person_id or "", "")

    planned = (session.fields.lead_id, session.fields.co_facilitator_id)
    night = session.on_the_night
    differed = night.recorded and (night.lead_id, night.co_id) != planned
    return RotaPaperLine(
        date=session.date,
        start=session.fields.start_time,
        lead=name(planned[0]),
        co_facilitator=name(planned[1]),
        night_lead=name(night.lead_id) if differed and night.lead_id != planned[0] else "",
        night_co=name(night.co_id) if differed and night.co_id != planned[1] else "",
        chosen_by_group=night.chosen_by_group,
    )


def rota_paper(store: Store, group_id: str, first: dt.date, last: dt.date) -> RotaPaper:
    """What the printed rota shows: every session of the group in the range not cancelled."""
    check_range(first, last, "Print")
    group = group_or_refuse(store, group_id)
    first_names = {
        person.id: first_name(person.name)
        for person in load_people(store.conn, include_archived=True)
    }
    lines = [
        _line(session, first_names)
        for session in load_sessions(store.conn, group_id)
        if first <= session.date <= last and session.status is not SessionStatus.CANCELLED
    ]
    return RotaPaper(group.name, first, last, lines)


def rota_pdf(
    store: Store, group_id: str, first: dt.date, last: dt.date, options: PageOptions
) -> bytes:
    return render_rota_paper(
        rota_paper(store, group_id, first, last),
        organisation_details(store),
        SessionPapersText(shipped_session_papers()),
        options,
    )


def rota_file_name(first: dt.date, last: dt.date) -> str:
    """A neutral file name: what the paper is and its dates, never the group or anyone in it."""
    return f"rota-{first.isoformat()}-to-{last.isoformat()}.pdf"
