"""Incident records: drafted from a protocol run, submitted once, corrected only by addenda."""

from __future__ import annotations

from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import (
    Incident,
    IncidentFields,
    IncidentStatus,
    validate_addendum,
    validate_incident,
)
from facilitator_app.domain.members import Member
from facilitator_app.services.lookups import group_or_refuse, member_or_refuse, session_or_refuse
from facilitator_app.store.incident_rows import incident_values, load_incident, load_incidents
from facilitator_app.store.member_rows import load_members
from facilitator_app.store.store import Store, new_id


def incident_or_refuse(store: Store, incident_id: str) -> Incident:
    incident = load_incident(store.conn, incident_id)
    if incident is None:
        raise NotFound("That incident record is not in this store.")
    return incident


def _check_links(store: Store, fields: IncidentFields) -> None:
    if fields.group_id is not None:
        group_or_refuse(store, fields.group_id)
    if fields.session_id is not None:
        session = session_or_refuse(store, fields.session_id)
        if session.group_id != fields.group_id:
            raise ValidationError("session_id", "That session belongs to another group.")
    if fields.member_id is not None:
        member = member_or_refuse(store, fields.member_id)
        if member.group_id != fields.group_id:
            raise ValidationError("member_id", "That member is not in this group.")


def save_draft(store: Store, incident_id: str | None, fields: IncidentFields) -> Incident:
    """Create (under `incident_id` if given) or update a draft. Submitted records never change.

    The crisis screen picks the id when a run starts, so saves racing a lock all land on
    one record.
    """
    clean = validate_incident(fields)
    _check_links(store, clean)
    values = incident_values(clean)
    with store.transaction():
        if incident_id is None or load_incident(store.conn, incident_id) is None:
            incident_id = incident_id or new_id()
            store.insert(
                "incidents",
                incident_id,
                values
                | {
                    "status": IncidentStatus.DRAFT.value,
                    "submitted_at": None,
                    "author_id": store.facts.owner_person_id,
                },
            )
        else:
            if incident_or_refuse(store, incident_id).is_submitted:
                raise ValidationError(
                    "status", "This record was submitted, so it can't be changed. Add an addendum."
                )
            store.update("incidents", incident_id, values)
    return incident_or_refuse(store, incident_id)


def submit(store: Store, incident_id: str) -> Incident:
    incident = incident_or_refuse(store, incident_id)
    if incident.is_submitted:
        return incident
    if incident.fields.run.ended_at is None:
        raise ValidationError("status", "Finish the protocol before submitting its record.")
    with store.transaction():
        store.update(
            "incidents",
            incident_id,
            {"status": IncidentStatus.SUBMITTED.value, "submitted_at": store.now().isoformat()},
        )
    return incident_or_refuse(store, incident_id)


def add_addendum(store: Store, incident_id: str, text: str) -> Incident:
    """A correction or later note, with its own time and author; the record is untouched."""
    clean = validate_addendum(text)
    incident = incident_or_refuse(store, incident_id)
    if not incident.is_submitted:
        raise ValidationError("addendum", "This record is still a draft: change it directly.")
    with store.transaction():
        store.insert(
            "incident_addenda",
            new_id(),
            {
                "incident_id": incident_id,
                "text": clean,
                "written_at": store.now().isoformat(),
                "author_id": store.facts.owner_person_id,
            },
        )
    return incident_or_refuse(store, incident_id)


def list_incidents(store: Store, session_id: str | None = None) -> list[Incident]:
    return load_incidents(store.conn, session_id=session_id)


def drafts_in_progress(store: Store) -> list[Incident]:
    return [i for i in load_incidents(store.conn) if i.status is IncidentStatus.DRAFT]


def members_for(store: Store, group_id: str) -> list[Member]:
    """Who the person involved can be chosen from (or left as 'a member')."""
    return load_members(store.conn, group_id, include_archived=False)
