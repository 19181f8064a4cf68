"""Facilitator profiles: stage, groups, readiness, training, supervision, availability, pauses.

Permissions follow the store's role: a coordinator's store changes everything; a
facilitator's laptop changes only its own person's availability, days away and pauses
(sync carries those to the coordinator). Supervision notes never leave the
coordinator's store and are not read on a facilitator's laptop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from facilitator_app.domain.errors import NotFound, NotPermitted, ValidationError
from facilitator_app.domain.facilitators import (
    Availability,
    Profile,
    Readiness,
    Stage,
    format_day,
    validate_availability,
    validate_pause_reason,
    validate_readiness,
    validate_span,
    validate_supervision,
    validate_training,
)
from facilitator_app.domain.people import PersonRole, validate_person_name
from facilitator_app.domain.text import clean_name
from facilitator_app.services.lookups import group_or_refuse
from facilitator_app.store.codec import date_out
from facilitator_app.store.facilitator_rows import (
    availability_values,
    child_owner,
    load_profiles,
    person_group_row,
)
from facilitator_app.store.store import Store, StoreRole, new_id, pair_id


def is_coordinator(store: Store) -> bool:
    return store.facts.role is StoreRole.COORDINATOR


def require_coordinator(store: Store, what: str) -> None:
    if not is_coordinator(store):
        raise NotPermitted(
            f"Only the coordinator's store can change {what}. Your coordinator can do this."
        )


def _require_self_or_coordinator(store: Store, person_id: str) -> None:
    if not is_coordinator(store) and person_id != store.facts.owner_person_id:
        raise NotPermitted(
            "On a facilitator's laptop you can change only your own availability and pauses."
        )


def list_profiles(store: Store, *, include_archived: bool = False) -> list[Profile]:
    return load_profiles(
        store.conn, include_archived=include_archived, with_private_notes=is_coordinator(store)
    )


def get_profile(store: Store, person_id: str) -> Profile:
    found = load_profiles(
        store.conn,
        person_id=person_id,
        include_archived=True,
        with_private_notes=is_coordinator(store),
    )
    if not found:
        raise NotFound("That facilitator is not in this store.")
    return found[0]


def add_facilitator(
    store: Store,
    name: str,
    *,
    contact_preference: str = "",
    stage: Stage = Stage.SHADOWING,
    approved_by: str,
    on: dt.date | None = None,
) -> Profile:
    require_coordinator(store, "the facilitators")
    clean = validate_person_name(name)
    contact = clean_name(
        contact_preference, "contact_preference", "The contact preference", required=False
    )
    approver = clean_name(approved_by, "approved_by", "Who approved the stage")
    if on is not None and on > store.today():
        raise ValidationError("on", "A stage change can't be dated in the future.")
    person_id = new_id()
    with store.transaction():
        store.insert(
            "people",
            person_id,
            {
                "name": clean,
                "role": PersonRole.FACILITATOR.value,
                "archived_on": None,
                "contact_preference": contact,
                "stage": Stage(stage).value,
            },
        )
        _record_stage(store, person_id, Stage(stage), on or store.today(), approver)
    return get_profile(store, person_id)


def save_details(store: Store, person_id: str, name: str, contact_preference: str) -> Profile:
    require_coordinator(store, "a facilitator's details")
    get_profile(store, person_id)
    values = {
        "name": validate_person_name(name),
        "contact_preference": clean_name(
            contact_preference, "contact_preference", "The contact preference", required=False
        ),
    }
    with store.transaction():
        store.update("people", person_id, values)
    return get_profile(store, person_id)


def _record_stage(store: Store, person_id: str, stage: Stage, on: dt.date, approver: str) -> None:
    store.insert(
        "stage_changes",
        new_id(),
        {
            "person_id": person_id,
            "stage": stage.value,
            "changed_on": date_out(on),
            "approved_by": approver,
        },
    )


def change_stage(
    store: Store, person_id: str, stage: Stage, *, on: dt.date, approved_by: str
) -> Profile:
    require_coordinator(store, "a facilitator's stage")
    profile = get_profile(store, person_id)
    approver = clean_name(approved_by, "approved_by", "Who approved the change")
    if on > store.today():
        raise ValidationError("on", "A stage change can't be dated in the future.")
    if profile.stage is stage:
        raise ValidationError("stage", f"{profile.name} is already at the {stage.value} stage.")
    latest = max((change.changed_on for change in profile.stage_history), default=None)
    if latest is not None and on < latest:
        # An earlier date would leave the history saying a different stage came last.
        raise ValidationError(
            "on",
            f"The last stage change was on {format_day(latest)} {latest.year}; "
            "date this one on that day or later.",
        )
    with store.transaction():
        store.update("people", person_id, {"stage": Stage(stage).value})
        _record_stage(store, person_id, Stage(stage), on, approver)
    return get_profile(store, person_id)


def set_groups(store: Store, person_id: str, group_ids: Iterable[str]) -> Profile:
    """The groups this person works with: only these are considered when planning."""
    require_coordinator(store, "which groups a facilitator works with")
    get_profile(store, person_id)
    wanted = set(group_ids)
    for group_id in wanted:
        group_or_refuse(store, group_id)
    current = get_profile(store, person_id).group_ids
    with store.transaction():
        for group_id in wanted | current:
            row = person_group_row(store.conn, person_id, group_id)
            removed = 0 if group_id in wanted else 1
            if row is None:
                store.insert(
                    "person_groups",
                    pair_id("person_groups", person_id, group_id),
                    {"person_id": person_id, "group_id": group_id, "removed": removed},
                )
            elif row[1] != removed:
                store.update("person_groups", row[0], {"removed": removed})
    return get_profile(store, person_id)


def save_readiness(store: Store, person_id: str, readiness: Readiness) -> Profile:
    require_coordinator(store, "the readiness checklist")
    get_profile(store, person_id)
    clean = validate_readiness(readiness)
    with store.transaction():
        store.update(
            "people",
            person_id,
            {
                "self_care_plan": int(clean.self_care_plan),
                "shadowing_sessions": clean.shadowing_sessions,
                "readiness_notes": clean.notes,
            },
        )
    return get_profile(store, person_id)


def add_training(
    store: Store, person_id: str, course: str, completed_on: dt.date, expires_on: dt.date | None
) -> Profile:
    require_coordinator(store, "training records")
    get_profile(store, person_id)
    clean = validate_training(course, completed_on, expires_on)
    with store.transaction():
        store.insert(
            "training",
            new_id(),
            {
                "person_id": person_id,
                "course": clean,
                "completed_on": date_out(completed_on),
                "expires_on": date_out(expires_on),
                "removed": 0,
            },
        )
    return get_profile(store, person_id)


def remove_training(store: Store, training_id: str) -> Profile:
    require_coordinator(store, "training records")
    person_id = _owner_or_refuse(store, "training", training_id, "training record")
    with store.transaction():
        store.update("training", training_id, {"removed": 1})
    return get_profile(store, person_id)


def add_supervision(
    store: Store, person_id: str, held_on: dt.date, with_whom: str, note: str = ""
) -> Profile:
    require_coordinator(store, "the supervision log")
    get_profile(store, person_id)
    if held_on > store.today():
        raise ValidationError("held_on", "Record supervision once it has happened.")
    who, clean_note = validate_supervision(with_whom, note)
    with store.transaction():
        store.insert(
            "supervision",
            new_id(),
            {
                "person_id": person_id,
                "held_on": date_out(held_on),
                "with_whom": who,
                "note": clean_note,
            },
        )
    return get_profile(store, person_id)


def save_availability(store: Store, person_id: str, availability: Availability) -> Profile:
    _require_self_or_coordinator(store, person_id)
    get_profile(store, person_id)
    clean = validate_availability(availability)
    with store.transaction():
        store.update("people", person_id, availability_values(clean))
    return get_profile(store, person_id)


def add_unavailable(store: Store, person_id: str, first: dt.date, last: dt.date) -> Profile:
    _require_self_or_coordinator(store, person_id)
    get_profile(store, person_id)
    validate_span(first, last, "The time away")
    with store.transaction():
        store.insert(
            "unavailable",
            new_id(),
            {
                "person_id": person_id,
                "first_day": date_out(first),
                "last_day": date_out(last),
                "removed": 0,
            },
        )
    return get_profile(store, person_id)


def remove_unavailable(store: Store, unavailable_id: str) -> Profile:
    person_id = _owner_or_refuse(store, "unavailable", unavailable_id, "time away")
    _require_self_or_coordinator(store, person_id)
    with store.transaction():
        store.update("unavailable", unavailable_id, {"removed": 1})
    return get_profile(store, person_id)


def pause(
    store: Store, person_id: str, starts_on: dt.date, ends_on: dt.date | None, reason: str = ""
) -> Profile:
    """A wellbeing pause: never planned while it lasts. `ends_on` None: until lifted."""
    _require_self_or_coordinator(store, person_id)
    get_profile(store, person_id)
    validate_span(starts_on, ends_on, "The pause")
    clean = validate_pause_reason(reason)
    with store.transaction():
        store.insert(
            "pauses",
            new_id(),
            {
                "person_id": person_id,
                "starts_on": date_out(starts_on),
                "ends_on": date_out(ends_on),
                "reason": clean,
            },
        )
    return get_profile(store, person_id)


def end_pause(store: Store, pause_id: str, last_day: dt.date) -> Profile:
    """End a pause with `last_day` as its final day (yesterday, to be plannable today)."""
    person_id = _owner_or_refuse(store, "pauses", pause_id, "pause")
    _require_self_or_coordinator(store, person_id)
    current = next(p for p in get_profile(store, person_id).pauses if p.id == pause_id)
    if last_day < current.span.first - dt.timedelta(days=1):
        raise ValidationError("last_day", "A pause can't end before it starts.")
    if current.span.last is not None and current.span.last <= last_day:
        raise ValidationError("last_day", "This pause already ends by then.")
    with store.transaction():
        store.update("pauses", pause_id, {"ends_on": date_out(last_day)})
    return get_profile(store, person_id)


def _owner_or_refuse(store: Store, table: str, row_id: str, what: str) -> str:
    person_id = child_owner(store.conn, table, row_id)
    if person_id is None:
        raise NotFound(f"That {what} is not in this store.")
    return person_id
