"""Records a facilitator sends to the organisation: debriefs, incidents and their addenda."""

from __future__ import annotations

from enum import StrEnum


class RecordKind(StrEnum):
    DEBRIEF = "debrief"
    INCIDENT = "incident"
    DEBRIEF_ADDENDUM = "debrief-addendum"
    INCIDENT_ADDENDUM = "incident-addendum"

    @property
    def is_addendum(self) -> bool:
        return self in (RecordKind.DEBRIEF_ADDENDUM, RecordKind.INCIDENT_ADDENDUM)

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


# Outside the enum, built once: the inbox asks for thousands of labels at a time.
_KIND_LABELS = {
    RecordKind.DEBRIEF: "Debrief",
    RecordKind.INCIDENT: "Incident record",
    RecordKind.DEBRIEF_ADDENDUM: "Addendum to a debrief",
    RecordKind.INCIDENT_ADDENDUM: "Addendum to an incident record",
}


class RecordStatus(StrEnum):
    """What the facilitator's laptop knows of a record it sent."""

    SENT = "sent"  # sealed; waiting for a stick to carry it, or for the coordinator
    RECEIVED = "received"  # the coordinator opened it; the laptop dropped its sealed copy
    REVIEWED = "reviewed"

    @property
    def label(self) -> str:
        return {
            RecordStatus.SENT: "Sent",
            RecordStatus.RECEIVED: "Received",
            RecordStatus.REVIEWED: "Reviewed",
        }[self]
