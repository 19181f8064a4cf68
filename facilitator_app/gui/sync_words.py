"""Plain words for what sync talks about: kinds of record, their fields, laptop states.

The store speaks in table and column names; people should read "Venue of a session".
Values that are ids are never shown: a person's name stands in for theirs, and any
other id becomes "a different choice".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from facilitator_app.services.sync import describe_value

CONTEXT = "SyncWords"
LONGEST_VALUE = 60

# QT_TRANSLATE_NOOP marks words for translators; `tr` translates them when shown.
RECORD_WORDS: Mapping[str, object] = {
    "people": QT_TRANSLATE_NOOP(CONTEXT, "a person"),
    "stage_changes": QT_TRANSLATE_NOOP(CONTEXT, "a stage change"),
    "person_groups": QT_TRANSLATE_NOOP(CONTEXT, "a facilitator's groups"),
    "training": QT_TRANSLATE_NOOP(CONTEXT, "a training record"),
    "supervision": QT_TRANSLATE_NOOP(CONTEXT, "a supervision record"),
    "unavailable": QT_TRANSLATE_NOOP(CONTEXT, "time away"),
    "pauses": QT_TRANSLATE_NOOP(CONTEXT, "a wellbeing pause"),
    "groups": QT_TRANSLATE_NOOP(CONTEXT, "a group"),
    "members": QT_TRANSLATE_NOOP(CONTEXT, "a member"),
    "sessions": QT_TRANSLATE_NOOP(CONTEXT, "a session"),
    "attendance": QT_TRANSLATE_NOOP(CONTEXT, "the register"),
    "handout_edits": QT_TRANSLATE_NOOP(CONTEXT, "a handout"),
    "services": QT_TRANSLATE_NOOP(CONTEXT, "a signposting entry"),
    "organisation": QT_TRANSLATE_NOOP(CONTEXT, "the organisation's details"),
    "incidents": QT_TRANSLATE_NOOP(CONTEXT, "an incident record"),
    "incident_addenda": QT_TRANSLATE_NOOP(CONTEXT, "an addendum"),
    "follow_ups": QT_TRANSLATE_NOOP(CONTEXT, "a follow-up"),
    "protocol_versions": QT_TRANSLATE_NOOP(CONTEXT, "a protocol"),
    "retention_rules": QT_TRANSLATE_NOOP(CONTEXT, "how long records are kept"),
    "wipe_policy": QT_TRANSLATE_NOOP(CONTEXT, "when a store is deleted after wrong passphrases"),
    "retention_holds": QT_TRANSLATE_NOOP(CONTEXT, "a safeguarding hold"),
    "app_name": QT_TRANSLATE_NOOP(CONTEXT, "the name the app shows"),
}

FIELD_WORDS: Mapping[str, object] = {
    "name": QT_TRANSLATE_NOOP(CONTEXT, "Name"),
    "venue": QT_TRANSLATE_NOOP(CONTEXT, "Venue"),
    "topic": QT_TRANSLATE_NOOP(CONTEXT, "Topic"),
    "date": QT_TRANSLATE_NOOP(CONTEXT, "Date"),
    "start_time": QT_TRANSLATE_NOOP(CONTEXT, "Start time"),
    "end_time": QT_TRANSLATE_NOOP(CONTEXT, "End time"),
    "status": QT_TRANSLATE_NOOP(CONTEXT, "Status"),
    "notes": QT_TRANSLATE_NOOP(CONTEXT, "Notes"),
    "headcount": QT_TRANSLATE_NOOP(CONTEXT, "Headcount"),
    "lead_id": QT_TRANSLATE_NOOP(CONTEXT, "Planned lead"),
    "co_facilitator_id": QT_TRANSLATE_NOOP(CONTEXT, "Planned co-facilitator"),
    "actual_lead_id": QT_TRANSLATE_NOOP(CONTEXT, "Who led on the night"),
    "actual_co_id": QT_TRANSLATE_NOOP(CONTEXT, "Who co-facilitated on the night"),
    "chosen_by_group": QT_TRANSLATE_NOOP(CONTEXT, "Chosen by the group"),
    "contact_preference": QT_TRANSLATE_NOOP(CONTEXT, "Contact preference"),
    "consent_given_on": QT_TRANSLATE_NOOP(CONTEXT, "Consent given on"),
    "consent_withdrawn_on": QT_TRANSLATE_NOOP(CONTEXT, "Consent withdrawn on"),
    "archived_on": QT_TRANSLATE_NOOP(CONTEXT, "Archived on"),
    "agreement_text": QT_TRANSLATE_NOOP(CONTEXT, "Group agreement"),
    "cohort_note": QT_TRANSLATE_NOOP(CONTEXT, "Who the group is for"),
    "usual_day": QT_TRANSLATE_NOOP(CONTEXT, "Usual day"),
    "usual_time": QT_TRANSLATE_NOOP(CONTEXT, "Usual time"),
    "usual_weekdays": QT_TRANSLATE_NOOP(CONTEXT, "Usual weekdays"),
    "max_per_month": QT_TRANSLATE_NOOP(CONTEXT, "Most sessions a month"),
    "present": QT_TRANSLATE_NOOP(CONTEXT, "Present"),
    "phone": QT_TRANSLATE_NOOP(CONTEXT, "Phone"),
    "address": QT_TRANSLATE_NOOP(CONTEXT, "Address"),
    "logo": QT_TRANSLATE_NOOP(CONTEXT, "Logo"),
    "body": QT_TRANSLATE_NOOP(CONTEXT, "Text"),
    "title": QT_TRANSLATE_NOOP(CONTEXT, "Title"),
    "hours": QT_TRANSLATE_NOOP(CONTEXT, "Opening hours"),
    "first_day": QT_TRANSLATE_NOOP(CONTEXT, "First day"),
    "last_day": QT_TRANSLATE_NOOP(CONTEXT, "Last day"),
    "starts_on": QT_TRANSLATE_NOOP(CONTEXT, "Starts on"),
    "ends_on": QT_TRANSLATE_NOOP(CONTEXT, "Ends on"),
    "due_on": QT_TRANSLATE_NOOP(CONTEXT, "Due on"),
    "done_on": QT_TRANSLATE_NOOP(CONTEXT, "Done on"),
}

# Fields holding a person's id: their name is shown instead.
PERSON_FIELDS = frozenset(
    {"lead_id", "co_facilitator_id", "actual_lead_id", "actual_co_id", "person_id", "who_id"}
)
# Fields whose values are long or not text: only the fact of a difference is shown.
UNSHOWN_FIELDS = frozenset({"logo", "run", "data", "body", "agreement_text"})

STATUS_WORDS: Mapping[str, object] = {
    "pending": QT_TRANSLATE_NOOP(CONTEXT, "Asked to join"),
    "active": QT_TRANSLATE_NOOP(CONTEXT, "Paired"),
    "revoked": QT_TRANSLATE_NOOP(CONTEXT, "Retired"),
}


def tr(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


def record_words(table: str) -> str:
    return tr(RECORD_WORDS.get(table, "a record"))


def field_words(field: str) -> str:
    known = FIELD_WORDS.get(field)
    return tr(known) if known else field.replace("_", " ").capitalize()


def status_words(status: str) -> str:
    return tr(STATUS_WORDS.get(status, status))


def value_words(field: str, value: Any, names: Mapping[str, str]) -> str:
    """A value as it can be read: names for people, never an id, long text shortened."""
    if value in (None, ""):
        return tr("(empty)")
    if field in PERSON_FIELDS:
        return names.get(str(value)) or tr("someone no longer in the store")
    if field.endswith("_id"):
        return tr("a different choice")
    if isinstance(value, bool) or (field in ("present", "chosen_by_group", "urgent")):
        return tr("yes") if value else tr("no")
    text = " ".join(describe_value(value).split())
    if len(text) > LONGEST_VALUE:
        text = text[: LONGEST_VALUE - 1].rstrip() + "…"
    return f"“{text}”"


def conflict_words(
    table: str,
    field: str,
    kept_value: Any,
    lost_value: Any,
    *,
    who_lost: str,
    names: Mapping[str, str],
) -> str:
    """e.g. 'Venue of a session: kept “Hall”. Sam's laptop had “Library”.'"""
    what = tr("{0} of {1}").format(field_words(field), record_words(table))
    if field in UNSHOWN_FIELDS:
        return tr("{0}: kept the newer version. {1} had a different one.").format(what, who_lost)
    return tr("{0}: kept {1}. {2} had {3}.").format(
        what,
        value_words(field, kept_value, names),
        who_lost,
        value_words(field, lost_value, names),
    )
