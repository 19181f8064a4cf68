"""Whose store this is: the organisation's coordinator's, or a facilitator's laptop's."""

from __future__ import annotations

from enum import StrEnum


class StoreRole(StrEnum):
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
