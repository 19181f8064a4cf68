"""How long an invitation file for a facilitator's laptop can be used, unless chosen."""

from __future__ import annotations

DEFAULT_INVITATION_DAYS = 14
