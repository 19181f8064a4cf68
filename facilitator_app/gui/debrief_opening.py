"""What opening a debrief fetches on the store thread: the draft and the sheet around it."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator_app.domain.debriefs import Debrief
from facilitator_app.domain.sessions import Session
from facilitator_app.services import debriefs
from facilitator_app.services.debriefs import DebriefSheet
from facilitator_app.services.stores import Store


@dataclass(frozen=True)
class DebriefOpening:
    """A draft to show and what the form shows around it."""

    debrief: Debrief
    sheet: DebriefSheet


def open_for_session(store: Store, session_id: str) -> DebriefOpening:
    """This person's draft for the session if there is one (the latest), else a new one."""
    found = debriefs.drafts(store, session_id)
    latest = max(found, key=lambda d: d.saved_at.isoformat() if d.saved_at else "", default=None)
    debrief = latest or debriefs.start_debrief(store, session_id)
    return DebriefOpening(debrief, debriefs.debrief_sheet(store, session_id))


def open_draft(store: Store, debrief_id: str) -> DebriefOpening:
    debrief = debriefs.debrief_or_refuse(store, debrief_id)
    return DebriefOpening(debrief, debriefs.debrief_sheet(store, debrief.session_id))


def session_heading(session: Session, group_name: str) -> str:
    return f"{session.date:%a %d %b %Y}  ·  {group_name}"
