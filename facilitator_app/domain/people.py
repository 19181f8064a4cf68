"""People who run groups: peer facilitators, support workers and coordinators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.text import clean_name


class PersonRole(StrEnum):
    FACILITATOR = "facilitator"
    SUPPORT_WORKER = "support-worker"
    COORDINATOR = "coordinator"

    @property
    def label(self) -> str:
        return {
            PersonRole.FACILITATOR: "Peer facilitator",
            PersonRole.SUPPORT_WORKER: "Support worker",
            PersonRole.COORDINATOR: "Coordinator",
        }[self]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: PersonRole
    archived_on: dt.date | None = None


def validate_person_name(name: str) -> str:
    return clean_name(name, "name", "The person's name")
