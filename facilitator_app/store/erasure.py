"""Erasing one member from this store: their rows removed, their name taken out of the rest.

The member's own row and register marks are removed as a purge removes rows
(`store/purge.py`: on a coordinator for every device, with a tombstone no restore
outgrows; on a laptop here only). Records kept for others (sessions, debriefs,
incident records, their addenda, follow-ups and inbox notes) keep their text with
every mention of the member replaced by "[erased member]", and every old value of
those fields this store keeps is rewritten the same way. So are the notes about the
group's facilitators (supervision notes, reasons for pauses, readiness notes) and
their incident records with no group (`erasure_rows.candidates`); a facilitator's own
name is never rewritten, in their row, its old values or typing kept at lock, even when
it is the member's pseudonym too. A debrief or incident record under a
safeguarding hold is not touched, nor are its parts; if a held incident record names
the member by id, the member's row stays too (the record refers to it).

An `erasures` row (the member's id and group, never a name) is written through change
capture, so the erasure travels: laptops of the group erase their copies when it
arrives, and a laptop's erasure reaches the coordinator, who erases for everyone.
After every merge, a member or register mark of an erased id that a stale bundle
brought back is removed again (`after_merge`), and so is the name in any row that
merge changed: a record sealed on a laptop before the erasure reached it, or an edit
made there before it. A coordinator finds those by the names it keeps for a while
(`store/erased_names.py`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from facilitator_app.domain.erasure import (
    ERASED_MEMBER,
    mention_pattern,
    mentions,
    scrub,
    scrub_data,
)
from facilitator_app.domain.store_role import StoreRole
from facilitator_app.store import erased_names, purge
from facilitator_app.store.erasure_rows import (
    Candidate,
    MemberFacts,
    attendance_ids,
    candidates,
    changed_text_rows,
    group_facilitators,
    member_facts,
    scrubbed_fields,
    sealed_ids,
)
from facilitator_app.store.retention_rows import hold_of
from facilitator_app.store.store import Store


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing one member would do here, worked out before anything changes."""

    facts: MemberFacts
    # (table, id) removed, children first
    remove: list[tuple[str, str]] = field(default_factory=list)
    # (table, id, new values) kept with the member's name taken out
    rewrite: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    # sealed envelopes of rewritten records: the organisation could open the old text
    envelopes: list[str] = field(default_factory=list)
    # debriefs and incident records that name the member but are kept under a hold
    held: list[tuple[str, str]] = field(default_factory=list)
    keeps_member: bool = False  # a held record refers to the member's row
    recorded: bool = False  # an `erasures` row exists already

    @property
    def removed_counts(self) -> Counter[str]:
        return Counter(table for table, _ in self.remove)

    @property
    def rewritten_counts(self) -> Counter[str]:
        return Counter(table for table, _, _ in self.rewrite)

    @property
    def changes(self) -> int:
        return len(self.remove) + len(self.rewrite)

    @property
    def nothing_to_do(self) -> bool:
        # `rewrite` includes rows whose current text is clean but whose old values are not.
        return self.recorded and not self.remove and not self.rewrite and not self.envelopes


def plan_erasure(
    conn: Any,
    member_id: str,
    *,
    only: Collection[tuple[str, str]] | None = None,
    names: Iterable[str] = (),
) -> ErasurePlan | None:
    """What erasing this member would remove and rewrite; None if the store never knew them.

    `only`: look at these (table, id) rows alone, not every record of the group (rows
    that just arrived). `names`: more names of the member than the store holds (read
    from an arriving record's list of who was there).
    """
    facts = member_facts(conn, member_id)
    if facts is None:
        return None
    if names:
        facts = replace(facts, names=tuple(dict.fromkeys([*facts.names, *names])))
    pattern = mention_pattern(facts.names)
    held: dict[tuple[str, str], bool] = {}

    def is_held(record: tuple[str, str]) -> bool:
        if record not in held:
            held[record] = hold_of(conn, *record) is not None
        return held[record]

    rewrite: list[tuple[str, str, dict[str, Any]]] = []
    held_naming: dict[tuple[str, str], None] = {}
    keeps_member = False
    found = candidates(conn, member_id, facts.group_id)
    if only is not None:
        found = [c for c in found if (c.table, c.row_id) in only]
    # Rows whose text is clean now but whose old values (change log, conflicts) name the
    # member: another device's erasure arrived with the new text, or it was edited out.
    in_history = _named_in_history(conn, found, pattern, member_id)
    for candidate in found:
        new = _without_member(candidate, pattern, member_id)
        if not new and (candidate.table, candidate.row_id) in in_history:
            new = {}
        elif not new:
            continue
        record = candidate.record
        if record is not None and is_held(record):
            held_naming[record] = None
            keeps_member |= candidate.values.get("member_id") == member_id
            continue
        rewrite.append((candidate.table, candidate.row_id, new))
    rewritten_records = [row_id for table, row_id, _ in rewrite if table != "sessions"]
    remove = [("attendance", i) for i in attendance_ids(conn, member_id)]
    in_state = conn.execute(
        "SELECT 1 FROM row_state WHERE table_name = 'members' AND row_id = ? "
        "AND json_extract(fields, '$.name') IS NOT NULL",
        [member_id],
    ).fetchone()
    if not keeps_member and (facts.row is not None or in_state is not None):
        remove.append(("members", member_id))
    recorded = conn.execute("SELECT 1 FROM erasures WHERE id = ?", [member_id]).fetchone()
    return ErasurePlan(
        facts,
        remove,
        rewrite,
        sealed_ids(conn, rewritten_records),
        list(held_naming),
        keeps_member,
        recorded is not None,
    )


def _named_in_history(
    conn: Any, found: list[Candidate], pattern: Any, member_id: str
) -> set[tuple[str, str]]:
    """(table, id) of the rows among `found` that an old value in this store names."""
    by_table: dict[str, list[str]] = {}
    for candidate in found:
        by_table.setdefault(candidate.table, []).append(candidate.row_id)
    named: set[tuple[str, str]] = set()
    for table, ids in by_table.items():
        for row_id, value in purge.old_values(conn, table, ids, scrubbed_fields(table)):
            if scrub_data(value, pattern, ERASED_MEMBER, member_id) != value:
                named.add((table, row_id))
    return named


def _without_member(candidate: Candidate, pattern: Any, member_id: str) -> dict[str, Any] | None:
    """The candidate's changed fields with the member taken out; None if it never named them."""
    changed: dict[str, Any] = {}
    for name, value in candidate.values.items():
        if name == "member_id":
            if value == member_id:
                changed[name] = None  # the record stays "about a member"
            continue
        new = scrub(value, pattern, ERASED_MEMBER, member_id)
        if new != value:
            changed[name] = new
    return changed or None


def apply_erasure(store: Store, plan: ErasurePlan, *, for_everyone: bool) -> int:
    """Carry out `plan` inside the caller's transaction; returns how many rows changed.

    `for_everyone` (a coordinator): removed rows leave every device, as a purge's do.
    On a laptop they leave this store only; its `erasures` row tells the coordinator.
    """
    facts = plan.facts
    member_id = facts.member_id
    pattern = mention_pattern(facts.names)
    rewrite = partial(scrub_data, pattern=pattern, token=ERASED_MEMBER, member_id=member_id)
    for table, row_id, values in plan.rewrite:
        store.update(table, row_id, values)
        purge.rewrite_history(store.conn, table, row_id, rewrite, scrubbed_fields(table))
    if for_everyone:
        purge.remove_for_everyone(store, [("sealed_records", i) for i in plan.envelopes])
        purge.remove_for_everyone(store, plan.remove)
    else:
        purge.forget_here(store, plan.remove)
    touched = [member_id, facts.group_id]
    touched += [row_id for table, row_id, _ in plan.rewrite if table != "people"]
    facilitators = group_facilitators(store.conn, facts.group_id)
    purge.rewrite_drafts(store.conn, touched, rewrite, not_mentioning=facilitators)
    # Typing about one of the group's facilitators (their profile): the notes lose the
    # member's name, the facilitator's own name stays.
    purge.rewrite_drafts(store.conn, facilitators, _sparing(rewrite, facilitators.values()))
    if not plan.recorded:
        store.insert(
            "erasures",
            member_id,
            {"group_id": facts.group_id, "erased_at": store.now().isoformat()},
        )
    if for_everyone:
        erased_names.keep_names(store.conn, member_id, facts.names)
        erased_names.forget_delivered(store.conn)
    return plan.changes


def _sparing(rewrite: purge.Rewrite, names: Iterable[str]) -> purge.Rewrite:
    """`rewrite` for a draft (a mapping of texts), leaving any text that is one of
    `names` (a facilitator's name field) as it is."""
    spared = {name.strip().casefold() for name in names}

    def rewritten(data: Any) -> Any:
        if not isinstance(data, dict):
            return rewrite(data)
        return {
            key: value
            if isinstance(value, str) and value.strip().casefold() in spared
            else rewrite(value)
            for key, value in data.items()
        }

    return rewritten


def after_merge(store: Store, seq: int) -> int:
    """Inside an import's transaction: erase here each member whose erasure arrived, and
    again any erased member or register mark a stale bundle brought back.

    Returns how many rows this changed (for the coordinator's audit log).
    """
    conn = store.conn
    arrived = [
        str(r[0])
        for r in conn.execute(
            "SELECT row_id FROM row_state WHERE table_name = 'erasures' AND seq = ?", [seq]
        )
    ]
    back = [
        str(r[0])
        for r in conn.execute(
            "SELECT id FROM members WHERE id IN (SELECT id FROM erasures) "
            "UNION SELECT member_id FROM attendance WHERE member_id IN (SELECT id FROM erasures)"
        )
    ]
    everyone = store.facts.role is StoreRole.COORDINATOR
    changed = 0
    for member_id in dict.fromkeys([*arrived, *back]):
        plan = plan_erasure(conn, member_id)
        if plan is None or plan.nothing_to_do:
            continue
        changed += apply_erasure(store, plan, for_everyone=everyone)
    for member_id, (rows, names) in late_mentions(conn, seq).items():
        if member_id in arrived or member_id in back:
            continue
        plan = plan_erasure(conn, member_id, only=rows, names=names)
        if plan is not None and plan.rewrite:
            changed += apply_erasure(store, plan, for_everyone=everyone)
    return changed


def late_mentions(conn: Any, seq: int) -> dict[str, tuple[set[tuple[str, str]], list[str]]]:
    """Erased members that rows changed at `seq` still name or link to: a record sealed
    before the erasure reached its laptop, or an edit made before it. For each, the
    (table, id) of those rows and any name of theirs a debrief's list of who was there
    gave."""
    erased = [str(r[0]) for r in conn.execute("SELECT id FROM erasures")]
    if not erased:
        return {}
    rows = changed_text_rows(conn, seq)
    if not rows:
        return {}
    kept = erased_names.kept_names(conn)
    known = set(erased)
    ids = re.compile("|".join(re.escape(member_id) for member_id in erased))
    present_names: dict[str, list[str]] = {}
    linked: dict[str, set[tuple[str, str]]] = {}
    for (table, row_id), values in rows.items():
        for value in values.values():
            for member_id in ids.findall(str(value or "")):
                linked.setdefault(member_id, set()).add((table, row_id))
        if table == "debriefs":
            for member_id, name in _pairs(values.get("present")):
                if member_id in known:
                    present_names.setdefault(member_id, []).append(name)
    names_of = {
        member_id: [*kept.get(member_id, []), *present_names.get(member_id, [])]
        for member_id in dict.fromkeys([*kept, *linked])
    }
    # One look for any of the names first: most rows of a big import name none of them.
    anyone = mention_pattern(name for names in names_of.values() for name in names)
    naming = {key: values for key, values in rows.items() if _names(values, anyone)}
    found: dict[str, tuple[set[tuple[str, str]], list[str]]] = {}
    for member_id, names in names_of.items():
        pattern = mention_pattern(names)
        hits = set(linked.get(member_id, set()))
        hits |= {key for key, values in naming.items() if _names(values, pattern)}
        if hits:
            found[member_id] = (hits, names)
    return found


def _names(values: dict[str, Any], pattern: re.Pattern[str] | None) -> bool:
    return pattern is not None and any(mentions(v, pattern) for v in values.values())


def _pairs(present: Any) -> list[tuple[str, str]]:
    """A debrief's "who was there" ([[member id, name], ...]) as pairs; [] if unreadable."""
    try:
        data = json.loads(present or "[]")
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    return [
        (str(pair[0]), str(pair[1]))
        for pair in data
        if isinstance(pair, list) and len(pair) == 2 and pair[0] and pair[1]
    ]
