"""The content the app ships in resources/: handouts, the signposting directory, protocol titles."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.handouts import Audience, Handout
from facilitator_app.domain.protocols import Protocol, ProtocolFileError, parse_protocol
from facilitator_app.domain.signposting import ServiceFields
from facilitator_app.resource_files import resource_path

DISCLOSURE_CARD = "disclosure-card"


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


@dataclass(frozen=True)
class ShippedProtocols:
    """The protocols that loaded, and a line for each file that did not."""

    protocols: list[Protocol]
    problems: list[str]


def shipped_protocols() -> ShippedProtocols:
    found: list[Protocol] = []
    problems: list[str] = []
    for path in sorted(resource_path("protocols").glob("*.toml")):
        if path.stem == DISCLOSURE_CARD:
            continue
        try:
            found.append(parse_protocol(path.stem, path.read_text("utf-8"), path.name))
        except ProtocolFileError as error:
            problems.append(str(error))
        except (OSError, UnicodeDecodeError):
            problems.append(f"{path.name}: the file could not be read.")
    found.sort(key=lambda protocol: (protocol.order, protocol.title))
    return ShippedProtocols(found, problems)


def shipped_protocol_titles() -> list[ProtocolTitle]:
    return [
        ProtocolTitle(protocol.id, protocol.title, protocol.when)
        for protocol in shipped_protocols().protocols
    ]


def shipped_session_papers() -> dict[str, Any]:
    """The words of the session plan, register and rota (resources/session-papers.toml)."""
    return _load("session-papers.toml")


@dataclass(frozen=True)
class DisclosureCard:
    title: str
    do: tuple[str, ...]
    dont: tuple[str, ...]


def shipped_disclosure_card() -> DisclosureCard:
    data = _load("protocols", f"{DISCLOSURE_CARD}.toml")
    return DisclosureCard(
        str(data["title"]), tuple(map(str, data["do"])), tuple(map(str, data["dont"]))
    )
