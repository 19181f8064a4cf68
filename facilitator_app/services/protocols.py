"""The incident protocols the crisis screen offers."""

from __future__ import annotations

import logging

from facilitator_app.documents.shipped import shipped_protocols
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.protocols import Protocol

_log = logging.getLogger(__name__)


def list_protocols() -> list[Protocol]:
    """Every protocol that loaded; a broken file is logged and left out, never fatal."""
    shipped = shipped_protocols()
    for problem in shipped.problems:
        _log.warning("protocol file left out: %s", problem)
    return shipped.protocols


def protocol_problems() -> list[str]:
    """One line per protocol file that could not be used (shown to coordinators)."""
    return shipped_protocols().problems


def get_protocol(protocol_id: str) -> Protocol:
    for protocol in list_protocols():
        if protocol.id == protocol_id:
            return protocol
    raise NotFound("That protocol is not available.")
