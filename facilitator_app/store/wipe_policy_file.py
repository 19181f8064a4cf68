"""wipe-policy.json: the wipe policy's number, readable before the store is unlocked.

Plain on purpose (a wrong passphrase cannot open anything to read it from), so it holds
only the number and, on a facilitator's laptop, the device id the coordinator knows
the laptop by. Someone with the files can delete or edit it; see docs/security.md.
The store's own copy of the policy (the synced `wipe_policy` row) is the one that
counts: this file is rewritten from it at every unlock, import and save.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.domain.wipe_policy import (
    MAX_WIPE_AFTER,
    MIN_WIPE_AFTER,
    WipePolicy,
    is_device_id,
)
from facilitator_app.store.files import write_atomically
from facilitator_app.store.layout import WIPE_POLICY_NAME

_MAX_BYTES = 1024


@dataclass(frozen=True)
class PolicyFile:
    policy: WipePolicy
    device_id: str | None  # for the report a wipe leaves (facilitator stores only)


def read_policy_file(folder: Path) -> PolicyFile:
    """The policy as the file says; missing or damaged reads as off (no wipe), and the
    next unlock writes it again from the store."""
    off = PolicyFile(WipePolicy(), None)
    try:
        raw = (folder / WIPE_POLICY_NAME).read_bytes()
        if len(raw) > _MAX_BYTES:
            return off
        document = json.loads(raw.decode("ascii"))
    except (OSError, ValueError):
        return off
    if not isinstance(document, dict) or set(document) - {"wipe_after", "device_id"}:
        return off
    after, device_id = document.get("wipe_after"), document.get("device_id")
    if isinstance(after, bool) or not isinstance(after, int):
        return off
    if not MIN_WIPE_AFTER <= after <= MAX_WIPE_AFTER:
        return off
    if device_id is not None and not is_device_id(device_id):
        return off
    return PolicyFile(WipePolicy(after), device_id)


def write_policy_file(folder: Path, policy: WipePolicy, device_id: str | None) -> None:
    """Write the file (atomically), or remove it when the policy is off."""
    path = folder / WIPE_POLICY_NAME
    if policy.after is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    document: dict[str, object] = {"wipe_after": policy.after}
    if device_id is not None:
        document["device_id"] = device_id
    data = json.dumps(document, sort_keys=True).encode("ascii")
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return  # unchanged: no write at every unlock
    write_atomically(path, data)
