"""Facilitator profile tables: stage history, groups, training, supervision, time away."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from facilitator_app.domain.facilitators import (
    Availability,
    DateSpan,
    Pause,
    Profile,
    Readiness,
    Stage,
    StageChange,
    Supervision,
    Training,
    Unavailable,
)
from facilitator_app.store.changes import Value
from facilitator_app.store.codec import date_in

_PEOPLE = (
    "id, name, contact_preference, stage, self_care_plan, shadowing_sessions, "
    "readiness_notes, usual_weekdays, max_per_month, archived_on"
)


def weekdays_out(weekdays: frozenset[int]) -> str:
    return ",".join(str(day) for day in sorted(weekdays))


def weekdays_in(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",") if part)


def availability_values(availability: Availability) -> dict[str, Value]:
    return {
        "usual_weekdays": weekdays_out(availability.weekdays),
        "max_per_month": availability.max_per_month,
    }


def _required_date(text: str) -> Any:
    day = date_in(text)
    assert day is not None  # noqa: S101 - the column is NOT NULL
    return day


class _Children:
    """Every profile's child rows, read once per table rather than once per person."""

    def __init__(self, conn: Any, person_ids: list[str], *, with_private_notes: bool) -> None:
        self.groups: dict[str, set[str]] = defaultdict(set)
        self.stages: dict[str, list[StageChange]] = defaultdict(list)
        self.training: dict[str, list[Training]] = defaultdict(list)
        self.supervision: dict[str, list[Supervision]] = defaultdict(list)
        self.pauses: dict[str, list[Pause]] = defaultdict(list)
        self.unavailable: dict[str, list[Unavailable]] = defaultdict(list)
        if not person_ids:
            return
        where = self._where(person_ids)
        for person_id, group_id in conn.execute(
            f"SELECT person_id, group_id FROM person_groups WHERE removed = 0 AND {where}",  # noqa: S608
            person_ids,
        ):
            self.groups[person_id].add(group_id)
        for row in conn.execute(
            "SELECT person_id, id, stage, changed_on, approved_by FROM stage_changes "  # noqa: S608
            f"WHERE {where} ORDER BY changed_on, id",
            person_ids,
        ):
            self.stages[row[0]].append(
                StageChange(row[1], Stage(row[2]), _required_date(row[3]), row[4])
            )
        for row in conn.execute(
            "SELECT person_id, id, course, completed_on, expires_on FROM training "  # noqa: S608
            f"WHERE removed = 0 AND {where} ORDER BY completed_on DESC, course, id",
            person_ids,
        ):
            self.training[row[0]].append(
                Training(row[1], row[2], _required_date(row[3]), date_in(row[4]))
            )
        if with_private_notes:
            for row in conn.execute(
                "SELECT person_id, id, held_on, with_whom, note FROM supervision "  # noqa: S608
                f"WHERE {where} ORDER BY held_on DESC, id",
                person_ids,
            ):
                self.supervision[row[0]].append(
                    Supervision(row[1], _required_date(row[2]), row[3], row[4])
                )
        for row in conn.execute(
            "SELECT person_id, id, starts_on, ends_on, reason FROM pauses "  # noqa: S608
            f"WHERE {where} ORDER BY starts_on DESC, id",
            person_ids,
        ):
            span = DateSpan(_required_date(row[2]), date_in(row[3]))
            self.pauses[row[0]].append(Pause(row[1], span, row[4]))
        for row in conn.execute(
            "SELECT person_id, id, first_day, last_day FROM unavailable "  # noqa: S608
            f"WHERE removed = 0 AND {where} ORDER BY first_day, id",
            person_ids,
        ):
            span = DateSpan(_required_date(row[2]), _required_date(row[3]))
            self.unavailable[row[0]].append(Unavailable(row[1], span))

    @staticmethod
    def _where(person_ids: list[str]) -> str:
        return f"person_id IN ({', '.join('?' for _ in person_ids)})"


def load_profiles(
    conn: Any,
    *,
    person_id: str | None = None,
    include_archived: bool = False,
    with_private_notes: bool = False,
) -> list[Profile]:
    """Profiles of people on the rota side (facilitators, and anyone given a stage)."""
    clauses = []
    params: list[str] = []
    if person_id is not None:
        clauses.append("id = ?")
        params.append(person_id)
    else:
        clauses.append("(role = 'facilitator' OR stage IS NOT NULL)")
    if not include_archived:
        clauses.append("archived_on IS NULL")
    rows = conn.execute(
        f"SELECT {_PEOPLE} FROM people WHERE {' AND '.join(clauses)} "  # noqa: S608
        "ORDER BY name COLLATE NOCASE, id",
        params,
    ).fetchall()
    children = _Children(conn, [row[0] for row in rows], with_private_notes=with_private_notes)
    return [
        Profile(
            person_id=row[0],
            name=row[1],
            contact_preference=row[2],
            stage=None if row[3] is None else Stage(row[3]),
            group_ids=frozenset(children.groups[row[0]]),
            availability=Availability(weekdays_in(row[7]), row[8]),
            # Interview and observation notes, like supervision, are the coordinator's.
            readiness=Readiness(bool(row[4]), row[5], row[6] if with_private_notes else ""),
            stage_history=tuple(children.stages[row[0]]),
            training=tuple(children.training[row[0]]),
            supervision=tuple(children.supervision[row[0]]),
            pauses=tuple(children.pauses[row[0]]),
            unavailable=tuple(children.unavailable[row[0]]),
            archived_on=date_in(row[9]),
        )
        for row in rows
    ]


def person_group_row(conn: Any, person_id: str, group_id: str) -> tuple[str, int] | None:
    row = conn.execute(
        "SELECT id, removed FROM person_groups WHERE person_id = ? AND group_id = ?",
        [person_id, group_id],
    ).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def child_owner(conn: Any, table: str, row_id: str) -> str | None:
    """The person a training, pause or unavailable row belongs to."""
    if table not in {"training", "pauses", "unavailable", "supervision"}:
        raise ValueError(f"{table} has no person rows")
    row = conn.execute(f"SELECT person_id FROM {table} WHERE id = ?", [row_id]).fetchone()  # noqa: S608
    return None if row is None else str(row[0])
