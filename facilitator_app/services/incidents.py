"""Incident records: drafted from a protocol run, submitted once, corrected only by addenda."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from facilitator_app.documents.incident_pdf import (
    IncidentNames,
    render_incident,
    render_pocket_card,
)
from facilitator_app.documents.page import PageOptions
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import (
    Incident,
    IncidentFields,
    IncidentStatus,
    validate_addendum,
    validate_incident,
)
from facilitator_app.domain.members import Member
from facilitator_app.domain.protocols import RunStatus
from facilitator_app.domain.records import RecordKind
from facilitator_app.services import records
from facilitator_app.services.lookups import group_or_refuse, member_or_refuse, session_or_refuse
from facilitator_app.services.organisation import organisation_details
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.group_rows import load_group
from facilitator_app.store.incident_rows import (
    incident_values,
    load_incident,
    load_incident_lines,
    load_incidents,
)
from facilitator_app.store.member_rows import load_member, load_members
from facilitator_app.store.people_rows import load_person
from facilitator_app.store.session_rows import load_session
from facilitator_app.store.store import Store, new_id

MIN_PDF_PASSWORD = 8


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
    """Submit a finished record. Returns it as submitted.

    From a facilitator's laptop the record is sealed to the organisation and its text
    forgotten here (see `records`); the returned copy is the last readable one.
    """
    incident = incident_or_refuse(store, incident_id)
    if incident.is_submitted:
        return incident
    if incident.fields.run.ended_at is None:
        raise ValidationError("status", "Finish the protocol before submitting its record.")
    if incident.fields.run.status is RunStatus.ABANDONED:
        raise ValidationError(
            "status", "This run was stopped as started by mistake; there is nothing to submit."
        )
    submitted = {"status": IncidentStatus.SUBMITTED.value, "submitted_at": store.now().isoformat()}
    laptop = records.is_laptop(store)
    with store.transaction():
        if laptop:
            records.seal_away(
                store,
                RecordKind.INCIDENT,
                incident_id,
                {
                    **incident_values(incident.fields),
                    **submitted,
                    "author_id": incident.author_id,
                },
                group_id=incident.fields.group_id,
                session_id=incident.fields.session_id,
                on_date=incident.fields.run.started_at.astimezone().date(),
            )
            store.forget("incidents", incident_id)
        else:
            store.update("incidents", incident_id, submitted)
    if laptop:
        records.after_sealing(store)
        return dataclasses.replace(
            incident,
            status=IncidentStatus.SUBMITTED,
            submitted_at=dt.datetime.fromisoformat(submitted["submitted_at"]),
        )
    return incident_or_refuse(store, incident_id)


def add_addendum(store: Store, incident_id: str, text: str) -> Incident | None:
    """A correction or later note, with its own time and author; the record is untouched.

    Returns the record with its addenda; None from a laptop, where the addendum is
    sealed and sent like the record and neither can be read here any more.
    """
    clean = validate_addendum(text)
    values = {
        "incident_id": incident_id,
        "text": clean,
        "written_at": store.now().isoformat(),
        "author_id": store.facts.owner_person_id,
    }
    if records.is_laptop(store):
        records.seal_addendum(
            store,
            RecordKind.INCIDENT,
            new_id(),
            values,
            parent_id=incident_id,
            not_sent="That is not an incident record this laptop sent.",
        )
        return None
    incident = incident_or_refuse(store, incident_id)
    if not incident.is_submitted:
        raise ValidationError("addendum", "This record is still a draft: change it directly.")
    with store.transaction():
        store.insert("incident_addenda", new_id(), values)
    return incident_or_refuse(store, incident_id)


def list_incidents(store: Store, session_id: str | None = None) -> list[Incident]:
    return load_incidents(store.conn, session_id=session_id)


def drafts_in_progress(store: Store) -> list[Incident]:
    return load_incidents(store.conn, status=IncidentStatus.DRAFT)


def members_for(store: Store, group_id: str) -> list[Member]:
    """Who the person involved can be chosen from (or left as 'a member')."""
    return load_members(store.conn, group_id, include_archived=False)


def record_names(store: Store, incident: Incident) -> IncidentNames:
    fields = incident.fields
    group = load_group(store.conn, fields.group_id) if fields.group_id else None
    session = load_session(store.conn, fields.session_id) if fields.session_id else None
    member = load_member(store.conn, fields.member_id) if fields.member_id else None
    author = load_person(store.conn, incident.author_id)
    return IncidentNames(
        organisation=organisation_details(store).name,
        group=group.name if group else "",
        session_date=session.date if session else None,
        member=member.name if member else "",
        author=author.name if author else "",
    )


def incident_pdf(
    store: Store, incident_id: str, options: PageOptions, password: str | None = None
) -> bytes:
    """The record for the organisation; with a password, encrypted with AES-256."""
    if password is not None and password and len(password) < MIN_PDF_PASSWORD:
        raise ValidationError(
            "password", f"Use a password of at least {MIN_PDF_PASSWORD} characters, or none."
        )
    incident = incident_or_refuse(store, incident_id)
    return render_incident(incident, record_names(store, incident), options, password or None)


def incident_file_name(incident: Incident) -> str:
    """Neutral: 'record' and the date, nothing about what happened or to whom."""
    return f"record-{incident.fields.run.started_at.date().isoformat()}.pdf"


def pocket_card_pdf(store: Store | None, protocol_id: str, options: PageOptions) -> bytes:
    organisation = organisation_details(store).name if store is not None else ""
    return render_pocket_card(get_protocol(protocol_id, store), organisation, options)


@dataclass(frozen=True)
class IncidentLine:
    """One line of the Incidents list: no record text, nothing graphic. The record itself
    is read when it is opened (`incident_or_refuse`)."""

    id: str
    started_at: dt.datetime
    group_name: str
    protocol_title: str
    safeguarding: bool
    facilitator_needs_support: bool
    is_submitted: bool
    open_follow_ups: int
    done_follow_ups: int


def incident_lines(store: Store) -> list[IncidentLine]:
    """Every incident record on this store, newest first."""
    return [
        IncidentLine(
            id=row[0],
            started_at=dt.datetime.fromisoformat(row[1]),
            group_name=row[2] or "",
            protocol_title=row[3] or "",
            safeguarding=bool(row[4]),
            facilitator_needs_support=bool(row[5]),
            is_submitted=row[6] == IncidentStatus.SUBMITTED.value,
            open_follow_ups=int(row[7]),
            done_follow_ups=int(row[8]),
        )
        for row in load_incident_lines(store.conn)
    ]
