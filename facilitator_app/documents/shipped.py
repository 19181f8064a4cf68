"""The content the app ships in resources/: handouts, the signposting directory, protocol titles."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.handouts import Audience, Handout
from facilitator_app.domain.signposting import ServiceFields
from facilitator_app.resource_files import resource_path


@dataclass(frozen=True)
class ProtocolTitle:
    id: str
    title: str
    when: str


def _load(*parts: str) -> dict[str, Any]:
    with resource_path(*parts).open("rb") as file:
        return tomllib.load(file)


def shipped_handouts() -> dict[str, Handout]:
    """Every shipped handout by name, in list order."""
    found = []
    for path in sorted(resource_path("handouts").glob("*.toml")):
        data = _load("handouts", path.name)
        found.append(
            Handout(
                name=path.stem,
                title=str(data["title"]),
                audience=Audience(data["audience"]),
                summary=str(data["summary"]),
                order=int(data.get("order", 0)),
                version=int(data.get("version", 1)),
                body=str(data["body"]).strip(),
            )
        )
    found.sort(key=lambda handout: (handout.order, handout.title))
    return {handout.name: handout for handout in found}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def shipped_services() -> list[ServiceFields]:
    return [
        ServiceFields(
            name=str(entry["name"]),
            offers=str(entry.get("offers", "")),
            for_whom=str(entry.get("for_whom", "")),
            phone=str(entry.get("phone", "")),
            text=str(entry.get("text", "")),
            web=str(entry.get("web", "")),
            hours=str(entry.get("hours", "")),
            area=str(entry.get("area", "")),
            urgent=bool(entry.get("urgent", False)),
            last_checked=_date(entry.get("last_checked")),
        )
        for entry in _load("signposting.toml")["service"]
    ]


def shipped_protocol_titles() -> list[ProtocolTitle]:
    return [
        ProtocolTitle(str(entry["id"]), str(entry["title"]), str(entry.get("when", "")))
        for entry in _load("protocols.toml")["protocol"]
    ]


def shipped_session_papers() -> dict[str, Any]:
    """The words of the session plan, register and rota (resources/session-papers.toml)."""
    return _load("session-papers.toml")
