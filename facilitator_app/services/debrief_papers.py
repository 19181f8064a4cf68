"""Debriefs printed for the organisation: one debrief, or a group's debriefs over some dates.

Only a coordinator's store can do this: a facilitator's laptop keeps no debrief text
once a debrief is sent. The paper is offered with a password (see `incident_pdf`), and
its file name and metadata say nothing about who or what it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from facilitator_app.documents.debrief_pdf import DebriefNames, render_debrief, render_debriefs
from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.rota_pdf import day_label, long_date
from facilitator_app.domain.debriefs import Debrief, DebriefStatus
from facilitator_app.domain.errors import NotPermitted, ValidationError
from facilitator_app.services import records
from facilitator_app.services.debriefs import debrief_or_refuse
from facilitator_app.services.incidents import MIN_PDF_PASSWORD
from facilitator_app.services.lookups import group_or_refuse
from facilitator_app.services.organisation import organisation_details
from facilitator_app.store.debrief_rows import load_debriefs
from facilitator_app.store.group_rows import load_group
from facilitator_app.store.incident_rows import load_incident
from facilitator_app.store.people_rows import load_people
from facilitator_app.store.store import Store


def _coordinator_only(store: Store) -> None:
    if records.is_laptop(store):
        raise NotPermitted(
            "Debriefs are printed from the coordinator's store. This laptop keeps no "
            "debrief text once a debrief is sent."
        )


def _check_password(password: str | None) -> str | None:
    if password and len(password) < MIN_PDF_PASSWORD:
        raise ValidationError(
            "password", f"Use a password of at least {MIN_PDF_PASSWORD} characters, or none."
        )
    return password or None


def _incident_labels(store: Store, debriefs: Iterable[Debrief]) -> dict[str, str]:
    """ "Incident record, Fri 14 March 2025, 19:42: Flashback" for each incident listed."""
    labels: dict[str, str] = {}
    for debrief in debriefs:
        wanted = [*debrief.incident_ids, debrief.fields.safeguarding_incident_id]
        for incident_id in wanted:
            if incident_id is None or incident_id in labels:
                continue
            incident = load_incident(store.conn, incident_id)
            if incident is None:
                continue  # not arrived yet: the paper says so
            run = incident.fields.run
            started = run.started_at.astimezone()
            labels[incident_id] = (
                f"Incident record, {day_label(started.date())}, {started:%H:%M}: "
                f"{run.protocol.title}"
            )
    return labels


def _names(store: Store, group_name: str, debriefs: Sequence[Debrief]) -> DebriefNames:
    organisation = organisation_details(store)
    return DebriefNames(
        organisation=organisation.name,
        group=group_name,
        people={p.id: p.name for p in load_people(store.conn, include_archived=True)},
        incidents=_incident_labels(store, debriefs),
        logo=organisation.logo,
    )


def debrief_pdf(
    store: Store, debrief_id: str, options: PageOptions, password: str | None = None
) -> bytes:
    """One debrief with its addenda; with a password, encrypted with AES-256."""
    _coordinator_only(store)
    password = _check_password(password)
    debrief = debrief_or_refuse(store, debrief_id)
    group = load_group(store.conn, debrief.group_id)
    names = _names(store, group.name if group else "", [debrief])
    return render_debrief(debrief, names, options, password)


def group_debriefs(
    store: Store, group_id: str, first_day: dt.date, last_day: dt.date
) -> list[Debrief]:
    """The group's submitted debriefs of sessions in the range, oldest session first.

    Refuses a backwards range, and a range with none in it, rather than print an
    empty record.
    """
    _coordinator_only(store)
    if last_day < first_day:
        raise ValidationError("last_day", "The last day is before the first day.")
    group_or_refuse(store, group_id)
    debriefs = load_debriefs(
        store.conn,
        group_id=group_id,
        first_day=first_day,
        last_day=last_day,
        status=DebriefStatus.SUBMITTED,
    )
    if not debriefs:
        raise ValidationError(
            "first_day",
            f"There are no debriefs for this group between {long_date(first_day)} "
            f"and {long_date(last_day)}.",
        )
    return debriefs


def group_debriefs_pdf(
    store: Store,
    group_id: str,
    first_day: dt.date,
    last_day: dt.date,
    options: PageOptions,
    password: str | None = None,
) -> bytes:
    """Every submitted debrief of the group with its session in the range, as one PDF."""
    _coordinator_only(store)
    password = _check_password(password)
    debriefs = group_debriefs(store, group_id, first_day, last_day)
    names = _names(store, group_or_refuse(store, group_id).name, debriefs)
    return render_debriefs(debriefs, names, first_day, last_day, options, password)


def debrief_file_name(first_day: dt.date, last_day: dt.date | None = None) -> str:
    """Neutral: "record-<session date>.pdf" for one debrief, "records-<first>-to-<last>.pdf"
    for a range; never the group, a person or what happened."""
    if last_day is None:
        return f"record-{first_day.isoformat()}.pdf"
    return f"records-{first_day.isoformat()}-to-{last_day.isoformat()}.pdf"
