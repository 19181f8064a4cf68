"""Finding and replacing one member's pseudonym in free text: the rules of erasure.

A member is named in records by pseudonym, typed by people, so a mention is found as a
whole word in any case ("Sam", "sam's", but not "Samuel"). Some texts are JSON (an
incident's notes and protocol run, a debrief's list of who was there, old values in
the change log): those are read, every string in them is scrubbed, and they are
written back, so a name is never missed because JSON escaped one of its letters.
A debrief's "who was there" names members as [member id, name]: the erased member's
pair becomes ["", "[erased member]"], keeping the count of people present right.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

ERASED_MEMBER = "[erased member]"
# Subject access shows one member's records; everybody else named in them is this.
ANOTHER_MEMBER = "[another member]"


def mention_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern matching any of `names` as a whole word, in any case; None for no names."""
    words = sorted({name.strip() for name in names if name and name.strip()}, key=len, reverse=True)
    if not words:
        return None
    either = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?:{either})(?!\w)", re.IGNORECASE)


def mentions(value: Any, pattern: re.Pattern[str] | None, member_id: str | None = None) -> bool:
    """Whether `value` (text, or JSON text) names the member or holds their id."""
    return bool(scrub(value, pattern, ERASED_MEMBER, member_id) != value)


def scrub(
    value: Any, pattern: re.Pattern[str] | None, token: str, member_id: str | None = None
) -> Any:
    """`value` with every mention replaced by `token` (and, inside JSON, the member's id
    by ""); anything that is not text comes back as it was."""
    if not isinstance(value, str):
        return value
    if member_id is not None and value == member_id:
        return ""
    if value[:1] in ("[", "{"):
        try:
            data = json.loads(value)
        except ValueError:
            data = None
        if isinstance(data, dict | list):
            cleaned = _walk(data, pattern, token, member_id)
            return value if cleaned == data else json.dumps(cleaned)
    return value if pattern is None else pattern.sub(token, value)


def scrub_data(
    data: Any, pattern: re.Pattern[str] | None, token: str, member_id: str | None = None
) -> Any:
    """Like `scrub`, for a value already read from JSON (a mapping, a list or text)."""
    return _walk(data, pattern, token, member_id)


def _walk(data: Any, pattern: re.Pattern[str] | None, token: str, member_id: str | None) -> Any:
    if isinstance(data, dict):
        return {key: _walk(item, pattern, token, member_id) for key, item in data.items()}
    if isinstance(data, list):
        if member_id is not None and len(data) == 2 and data[0] == member_id:
            return ["", token]  # [member id, name]: who was there
        return [_walk(item, pattern, token, member_id) for item in data]
    return scrub(data, pattern, token, member_id)


def erasure_question(
    name: str,
    removed: list[str],
    rewritten: list[str],
    held: list[str],
    *,
    keeps_member: bool,
    coordinator: bool,
) -> str:
    """What "Erase…" says before it asks: what goes, what changes, what a hold keeps."""
    parts: list[str] = []
    if removed:
        parts.append(f"Removed for good: {_joined(removed)}.")
    if rewritten:
        parts.append(
            f"Kept, with {name}'s name replaced by “{ERASED_MEMBER}”: {_joined(rewritten)}."
        )
    if not removed and not rewritten:
        parts.append("Nothing else here names them now.")
    if held:
        kept = "; ".join(held)
        parts.append(
            f"Kept as they are, because of a safeguarding hold: {kept}. They stay until the "
            "hold is removed; the erasure is then finished at the next unlock."
            + (
                f" {name}'s place on the group's list stays too, as a held record refers to it."
                if keeps_member
                else ""
            )
        )
    if coordinator:
        parts.append(
            "Facilitators' laptops erase their copies at their next sync. Until every "
            f"laptop has synced, this store keeps the name {name}, and nothing else about "
            "them, only to take it out of any record still on its way from a laptop."
        )
    else:
        parts.append("Your coordinator's store erases its copies at your next sync.")
    parts.append("This cannot be undone.")
    return "\n\n".join(parts)


def facilitator_notes_line(count: int) -> str:
    """After saving a subject access answer: notes about facilitators are about them too
    (a pause may be about their health), so whoever sends it reads those first."""
    if count == 1:
        return (
            "They include 1 note about a facilitator: read it and take out anything about "
            "the facilitator before sending."
        )
    return (
        f"They include {count} notes about facilitators: read those and take out anything "
        "about the facilitator before sending."
    )


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
