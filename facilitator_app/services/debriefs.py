"""Writing a debrief after a session: a draft that autosaves, then submitted once.

Who was present comes from the register and which incidents happened from the
incident records, so nothing is retyped. On a facilitator's laptop, submitting seals
the debrief to the organisation and forgets its text (see `records`); on a
coordinator's store it is filed directly. Either way it never changes again:
anything more is an addendum.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from facilitator_app.domain.debriefs import (
    Debrief,
    DebriefFields,
    DebriefStatus,
    PresentMember,
    validate_draft,
    validate_for_submit,
)
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import IncidentStatus, validate_addendum
from facilitator_app.domain.people import Person, PersonRole
from facilitator_app.domain.records import RecordKind
from facilitator_app.domain.sessions import Session, SessionStatus
from facilitator_app.services import records
from facilitator_app.services.lookups import session_or_refuse
from facilitator_app.store.changes import Value
from facilitator_app.store.debrief_rows import debrief_values, load_debrief, load_debriefs
from facilitator_app.store.group_rows import load_group
from facilitator_app.store.incident_rows import load_incidents
from facilitator_app.store.people_rows import load_people
from facilitator_app.store.session_rows import load_register
from facilitator_app.store.store import Store, new_id

RECIPIENT_ROLES = (PersonRole.SUPPORT_WORKER, PersonRole.COORDINATOR)


@dataclass(frozen=True)
class SessionIncident:
    """An incident in the session, as the debrief lists it: no record text."""

    id: str
    label: str  # the protocol's title while a draft; just "Incident record" once sent
    sent: bool


@dataclass(frozen=True)
class DebriefSheet:
    """What the debrief form shows around the fields a person types."""

    session: Session
    group_name: str
    present: tuple[PresentMember, ...]
    incidents: tuple[SessionIncident, ...]
    recipients: tuple[Person, ...]
    default_recipient_id: str | None
    # Debriefs of this session already submitted from here: a second one is allowed.
    already_sent: int


def debrief_or_refuse(store: Store, debrief_id: str) -> Debrief:
    debrief = load_debrief(store.conn, debrief_id)
    if debrief is None:
        raise NotFound("That debrief is not in this store.")
    return debrief


def _debriefable(store: Store, session_id: str) -> Session:
    session = session_or_refuse(store, session_id)
    if session.status is SessionStatus.CANCELLED:
        raise ValidationError(
            "session",
            "This session was cancelled, so there is no group to debrief. If something "
            "happened anyway, record it as an incident, or mark the session as held first.",
        )
    return session


def debrief_sheet(store: Store, session_id: str) -> DebriefSheet:
    session = _debriefable(store, session_id)
    group = load_group(store.conn, session.group_id)
    recipients = _recipients(store)
    return DebriefSheet(
        session=session,
        group_name=group.name if group else "",
        present=_present(store, session),
        incidents=_incidents(store, session_id),
        recipients=recipients,
        default_recipient_id=_group_support_worker(store, session.group_id, recipients),
        already_sent=len(_submitted_here(store, session_id)),
    )


def _recipients(store: Store) -> tuple[Person, ...]:
    return tuple(
        person
        for person in load_people(store.conn, include_archived=False)
        if person.role in RECIPIENT_ROLES
    )


def _present(store: Store, session: Session) -> tuple[PresentMember, ...]:
    return tuple(
        PresentMember(line.member_id, line.name)
        for line in load_register(store.conn, session.id, session.group_id)
        if line.present
    )


def _incidents(store: Store, session_id: str) -> tuple[SessionIncident, ...]:
    here = [
        SessionIncident(
            incident.id,
            incident.fields.run.protocol.title,
            sent=False,
        )
        for incident in load_incidents(store.conn, session_id=session_id)
        if incident.status is IncidentStatus.DRAFT or not records.is_laptop(store)
    ]
    sent = [
        SessionIncident(line.id, RecordKind.INCIDENT.label, sent=True)
        for line in records.sent_lines_for_session(store, session_id, RecordKind.INCIDENT)
    ]
    return tuple(here + sent)


def _group_support_worker(
    store: Store, group_id: str, recipients: tuple[Person, ...]
) -> str | None:
    """The support worker placed in the group, else the only one there is, else nobody."""
    in_group = {
        str(row[0])
        for row in store.conn.execute(
            "SELECT person_id FROM person_groups WHERE group_id = ? AND removed = 0", [group_id]
        )
    }
    for person in recipients:
        if person.id in in_group:
            return person.id
    return recipients[0].id if len(recipients) == 1 else None


def _submitted_here(store: Store, session_id: str) -> list[str]:
    if records.is_laptop(store):
        return [
            line.id
            for line in records.sent_lines_for_session(store, session_id, RecordKind.DEBRIEF)
        ]
    return [
        debrief.id
        for debrief in load_debriefs(
            store.conn, session_id=session_id, status=DebriefStatus.SUBMITTED
        )
    ]


def drafts(store: Store, session_id: str | None = None) -> list[Debrief]:
    """This person's debriefs still being written."""
    return [
        debrief
        for debrief in load_debriefs(store.conn, session_id=session_id, status=DebriefStatus.DRAFT)
        if debrief.author_id == store.facts.owner_person_id
    ]


def start_debrief(store: Store, session_id: str, fields: DebriefFields | None = None) -> Debrief:
    """A new draft for the session (a second debrief of one session is allowed).

    It goes to the group's support worker unless `fields` names someone else.
    """
    session = _debriefable(store, session_id)
    clean = validate_draft(fields or DebriefFields())
    if clean.recipient_id is None:
        clean = dataclasses.replace(clean, recipient_id=_default_recipient(store, session))
    debrief_id = new_id()
    with store.transaction():
        store.insert(
            "debriefs",
            debrief_id,
            {
                "session_id": session.id,
                "group_id": session.group_id,
                "session_date": session.date.isoformat(),
                "author_id": store.facts.owner_person_id,
                "status": DebriefStatus.DRAFT.value,
                "saved_at": store.now().isoformat(),
                **debrief_values(
                    clean,
                    _present(store, session),
                    _incident_ids(store, session_id),
                ),
            },
        )
    return debrief_or_refuse(store, debrief_id)


def _default_recipient(store: Store, session: Session) -> str | None:
    return _group_support_worker(store, session.group_id, _recipients(store))


def _incident_ids(store: Store, session_id: str) -> tuple[str, ...]:
    return tuple(incident.id for incident in _incidents(store, session_id))


def _check_links(store: Store, session_id: str, fields: DebriefFields) -> tuple[str, ...]:
    """The session's incidents, once the fields' links are known to be among them."""
    incident_ids = _incident_ids(store, session_id)
    linked = fields.safeguarding_incident_id
    if linked is not None and linked not in incident_ids:
        raise ValidationError(
            "safeguarding_incident_id", "Link an incident recorded in this session."
        )
    recipient = fields.recipient_id
    if recipient is not None and recipient not in {p.id for p in _recipients(store)}:
        raise ValidationError("recipient_id", "Choose a support worker or coordinator.")
    return incident_ids


def _without_stale_links(
    store: Store, session_id: str, fields: DebriefFields
) -> tuple[DebriefFields, tuple[str, ...]]:
    """For a draft: a link that no longer fits is dropped, never a reason to lose typing.

    (An incident deleted, or a support worker archived, since the choice was made.)
    Submit refuses such links instead; by then the form offers only current ones.
    """
    incident_ids = _incident_ids(store, session_id)
    if fields.safeguarding_incident_id not in (None, *incident_ids):
        fields = dataclasses.replace(fields, safeguarding_incident_id=None)
    if fields.recipient_id not in (None, *(p.id for p in _recipients(store))):
        fields = dataclasses.replace(fields, recipient_id=None)
    return fields, incident_ids


def save_draft(store: Store, debrief_id: str, fields: DebriefFields) -> Debrief:
    """Autosave: keeps whatever was typed, with the register as it stands now.

    Only a wellbeing outside 1-5 (or text beyond all reason) is refused; a link to an
    incident or a person that no longer fits is dropped rather than refused.
    """
    debrief = _draft_or_refuse(store, debrief_id)
    session = session_or_refuse(store, debrief.session_id)
    clean, incident_ids = _without_stale_links(store, session.id, validate_draft(fields))
    with store.transaction():
        store.update(
            "debriefs",
            debrief_id,
            {
                **debrief_values(clean, _present(store, session), incident_ids),
                "saved_at": store.now().isoformat(),
            },
        )
    return debrief_or_refuse(store, debrief_id)


def _draft_or_refuse(store: Store, debrief_id: str) -> Debrief:
    debrief = debrief_or_refuse(store, debrief_id)
    if debrief.is_submitted:
        raise ValidationError(
            "status", "This debrief was submitted, so it can't be changed. Add an addendum."
        )
    if debrief.author_id != store.facts.owner_person_id:
        raise ValidationError("status", "Only the person who started a debrief can change it.")
    return debrief


def discard_draft(store: Store, debrief_id: str) -> None:
    """Throw a draft away: it was never sent, so no other device hears of it."""
    _draft_or_refuse(store, debrief_id)
    with store.transaction():
        store.forget("debriefs", debrief_id)
    records.after_sealing(store)


def submit(store: Store, debrief_id: str, fields: DebriefFields) -> Debrief:
    """Send the debrief: sealed to the organisation from a laptop, filed on a coordinator's.

    Returns the debrief as submitted. On a laptop that is the last time its text is
    readable here: only the index line (see `records.sent_lines`) stays.
    """
    debrief = _draft_or_refuse(store, debrief_id)
    clean = validate_for_submit(fields)
    session = _debriefable(store, debrief.session_id)
    now = store.now()
    values = {
        "session_id": session.id,
        "group_id": session.group_id,
        "session_date": session.date.isoformat(),
        "author_id": debrief.author_id,
        "status": DebriefStatus.SUBMITTED.value,
        "submitted_at": now.isoformat(),
        "saved_at": now.isoformat(),
        **debrief_values(clean, _present(store, session), _check_links(store, session.id, clean)),
    }
    with store.transaction():
        if records.is_laptop(store):
            records.seal_away(
                store,
                RecordKind.DEBRIEF,
                debrief_id,
                values,
                group_id=session.group_id,
                session_id=session.id,
                on_date=session.date,
            )
            store.forget("debriefs", debrief_id)
        else:
            store.update("debriefs", debrief_id, values)
    if records.is_laptop(store):
        records.after_sealing(store)
        return _as_submitted(debrief, clean, values)
    return debrief_or_refuse(store, debrief_id)


def _as_submitted(debrief: Debrief, fields: DebriefFields, values: Mapping[str, Value]) -> Debrief:
    return Debrief(
        id=debrief.id,
        session_id=debrief.session_id,
        group_id=debrief.group_id,
        session_date=debrief.session_date,
        author_id=debrief.author_id,
        fields=fields,
        present=debrief.present,
        incident_ids=debrief.incident_ids,
        status=DebriefStatus.SUBMITTED,
        submitted_at=dt.datetime.fromisoformat(str(values["submitted_at"])),
    )


def add_addendum(store: Store, debrief_id: str, text: str) -> str:
    """A later note to a submitted debrief, with its own author and time. Returns its id.

    From a laptop it is sealed like the debrief, whether or not the coordinator has
    received the debrief yet: the two travel together and are shown together.
    """
    clean = validate_addendum(text)
    addendum_id = new_id()
    values = {
        "debrief_id": debrief_id,
        "text": clean,
        "written_at": store.now().isoformat(),
        "author_id": store.facts.owner_person_id,
    }
    if records.is_laptop(store):
        records.seal_addendum(
            store,
            RecordKind.DEBRIEF,
            addendum_id,
            values,
            parent_id=debrief_id,
            not_sent="That is not a debrief this laptop sent.",
        )
        return addendum_id
    debrief = debrief_or_refuse(store, debrief_id)
    if not debrief.is_submitted:
        raise ValidationError("addendum", "This debrief is still a draft: change it directly.")
    with store.transaction():
        store.insert("debrief_addenda", addendum_id, values)
    return addendum_id
