"""Papers for a session or a group: session plan, blank register, rota, agreement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.session_papers import (
    SessionFacts,
    SessionPapersText,
    render_register,
    render_session_plan,
)
from facilitator_app.documents.shipped import shipped_session_papers
from facilitator_app.domain.sessions import Session
from facilitator_app.services.handouts import agreement_items, agreement_pdf, handout_context
from facilitator_app.services.lookups import group_or_refuse, session_or_refuse
from facilitator_app.services.output_files import write_pdf
from facilitator_app.services.protocols import list_protocols
from facilitator_app.services.rota_papers import rota_pdf
from facilitator_app.store.member_rows import load_members
from facilitator_app.store.people_rows import load_people
from facilitator_app.store.store import Store

UPCOMING = dt.timedelta(weeks=12)


def _names(store: Store) -> dict[str, str]:
    return {person.id: person.name for person in load_people(store.conn, include_archived=True)}


def session_facts(store: Store, session_id: str) -> SessionFacts:
    session = session_or_refuse(store, session_id)
    group = group_or_refuse(store, session.group_id)
    names = _names(store)
    members = [
        member.name
        for member in load_members(store.conn, group.id, include_archived=False)
        if member.fields.consent_withdrawn_on is None
    ]
    fields = session.fields
    return SessionFacts(
        group_name=group.name,
        date=fields.date,
        start=fields.start_time,
        end=fields.end_time,
        venue=fields.venue,
        topic=fields.topic,
        lead=names.get(fields.lead_id or "", ""),
        co_facilitator=names.get(fields.co_facilitator_id or "", ""),
        agreement_items=agreement_items(store, group.fields.agreement_text),
        member_names=members,
    )


def session_plan_pdf(store: Store, session_id: str, options: PageOptions) -> bytes:
    return render_session_plan(
        session_facts(store, session_id),
        [protocol.title for protocol in list_protocols(store)],
        handout_context(store),
        SessionPapersText(shipped_session_papers()),
        options,
    )


def register_pdf(store: Store, session_id: str, options: PageOptions) -> bytes:
    return render_register(
        session_facts(store, session_id),
        handout_context(store),
        SessionPapersText(shipped_session_papers()),
        options,
    )


def upcoming_rota_pdf(store: Store, group_id: str, options: PageOptions) -> bytes:
    """The group's rota from today for the next twelve weeks (the Sessions tab's button)."""
    today = store.today()
    return rota_pdf(store, group_id, today, today + UPCOMING, options)


def group_agreement_pdf(store: Store, group_id: str, options: PageOptions) -> bytes:
    group = group_or_refuse(store, group_id)
    return agreement_pdf(store, group.name, group.fields.agreement_text, options)


def session_paper_name(kind: str, session: Session) -> str:
    """Neutral file names: what the paper is and the date, never the group or members."""
    return f"{kind}-{session.date.isoformat()}.pdf"


def save_pdf(path: Path, data: bytes) -> Path:
    return write_pdf(path, data)
