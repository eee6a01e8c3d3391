"""What a sweep found: per zone and address, the verdict and its findings.

Also its JSON form and the record's ``[reputation]`` snapshot.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from byoip.findings import Finding, error, info, warning
from byoip.recording import recording_words
from byoip.reputation.diagnosis import CAUSES, resolver_blame
from byoip.text import clean_text

#: "unrecorded": a replay that has no answers for the range, so nothing is known.
Verdict = Literal["listed", "clean", "incomplete", "unrecorded"]
ZoneStatus = Literal["ok", "refused", "broken", "timeout", "unrecorded"]
ZONE_STATUSES: tuple[str, ...] = ("ok", "refused", "broken", "timeout", "unrecorded")
FIELD = "reputation"


@dataclass(frozen=True, slots=True)
class Listing:
    address: str
    codes: tuple[str, ...]
    meaning: str
    #: The list's TXT record for the address (cleaned untrusted text; "" if none).
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "codes": list(self.codes),
            "meaning": self.meaning,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: object) -> Listing | None:
        """A listing from a saved snapshot; None when it is not one (damaged draft)."""
        if not isinstance(data, dict):
            return None
        address = clean_text(data.get("address", ""), 64)
        try:
            ipaddress.IPv4Address(address)
        except ValueError:
            return None
        return cls(
            address=address,
            codes=tuple(clean_text(c, 64) for c in _items(data.get("codes"))),
            meaning=clean_text(data.get("meaning", "")),
            reason=clean_text(data.get("reason", "")),
        )


def _items(value: object) -> list[Any]:
    """``value`` if it is a list (as a saved snapshot should have), else nothing."""
    return list(value) if isinstance(value, list | tuple) else []


def _number(value: object, kind: type[int] | type[float]) -> Any:
    try:
        return kind(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return kind(0)


@dataclass
class ZoneReport:
    """One zone's outcome: ``listed`` is always empty unless the zone worked."""

    zone: str
    status: ZoneStatus = "ok"
    detail: str = ""
    listed: list[Listing] = field(default_factory=list)
    #: How it failed, one word of ``diagnosis.CAUSES`` ("" when it worked, or unknown).
    cause: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "zone": self.zone,
            "status": self.status,
            "detail": self.detail,
            "cause": self.cause,
            "listed": [listing.to_json() for listing in self.listed],
        }

    @classmethod
    def from_json(cls, data: object) -> ZoneReport | None:
        """A zone from a saved snapshot; None when it is not one (damaged draft)."""
        if not isinstance(data, dict):
            return None
        status = str(data.get("status", "broken"))
        listed = [Listing.from_json(item) for item in _items(data.get("listed"))]
        cause = str(data.get("cause", ""))
        return cls(
            zone=clean_text(data.get("zone", "")),
            status=status if status in ZONE_STATUSES else "broken",  # type: ignore[arg-type]
            detail=clean_text(data.get("detail", ""), 400),
            listed=[item for item in listed if item is not None],
            cause=cause if cause in CAUSES else "",
        )


@dataclass
class SweepResult:
    cidr: str
    addresses: int
    #: Planned blocklist queries (addresses x zones); ``sent`` also counts self-tests, retries, TXT.
    queries: int
    seconds: float
    zones: list[ZoneReport]
    resolver: str = ""
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    sent: int = 0
    #: The recording's date (``byoip.recording``) when the answers were replayed; "" live.
    recorded: str = ""

    @property
    def verdict(self) -> Verdict:
        if any(zone.listed for zone in self.zones):
            return "listed"
        if self.zones and all(zone.status == "unrecorded" for zone in self.zones):
            return "unrecorded"
        if self.zones and all(zone.status == "ok" for zone in self.zones):
            return "clean"  # (no zone at all proves nothing)
        return "incomplete"

    @property
    def listed_addresses(self) -> list[str]:
        found = {listing.address for zone in self.zones for listing in zone.listed}
        return sorted(found, key=lambda a: ipaddress.IPv4Address(a))

    @property
    def resolver_blame(self) -> str | None:
        """One sentence when every list failed alike: the resolver, not the lists, is at fault."""
        return resolver_blame(self.zones, self.resolver)

    @property
    def time_text(self) -> str:
        return self.time.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def to_json(self) -> dict[str, Any]:
        """The ``reputation`` member of ``lookup --json``."""
        return {
            "verdict": self.verdict,
            "cidr": self.cidr,
            "addresses": self.addresses,
            "queries": self.queries,
            "seconds": round(self.seconds, 3),
            "time": self.time_text,
            "resolver": self.resolver,
            # Set when every list failed alike: the resolver is the likely cause.
            "resolver_blame": self.resolver_blame,
            "zones": [zone.to_json() for zone in self.zones],
            # Only on a replay, so a live sweep keeps the documented members.
            **({"recorded": self.recorded} if self.recorded else {}),
        }

    def snapshot(self) -> dict[str, Any]:
        """The record's ``[reputation]`` table: TOML-safe (strings, numbers, lists, tables)."""
        data = self.to_json()
        data.pop("resolver_blame")  # derived from the zones (and TOML has no null)
        data["sent"] = self.sent
        return data

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> SweepResult:
        """Rebuild a result from a saved ``[reputation]`` table (to show it again)."""
        stamp = str(data.get("time", ""))
        try:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            when = datetime.fromtimestamp(0, UTC)
        zones = [ZoneReport.from_json(zone) for zone in _items(data.get("zones"))]
        return cls(
            cidr=clean_text(data.get("cidr", ""), 64),
            addresses=_number(data.get("addresses"), int),
            queries=_number(data.get("queries"), int),
            seconds=_number(data.get("seconds"), float),
            zones=[zone for zone in zones if zone is not None],
            resolver=clean_text(data.get("resolver", "")),
            time=when if when.tzinfo else when.replace(tzinfo=UTC),
            sent=_number(data.get("sent"), int),
            recorded=clean_text(data.get("recorded", ""), 40),
        )

    @property
    def when_text(self) -> str:
        """When the answers were given: the live time, or which recording (never today's)."""
        if self.recorded:
            return recording_words(self.recorded)
        return self.time_text

    @property
    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        listed = self.listed_addresses
        if listed:
            zones = [zone for zone in self.zones if zone.listed]
            # The example shown: one with a published meaning if there is one.
            first_zone, first = min(
                ((zone, item) for zone in zones for item in zone.listed),
                key=lambda pair: pair[1].meaning == "listed",
            )
            count = f"{len(listed)} address{'es' if len(listed) > 1 else ''} of {self.cidr}"
            verb = "are" if len(listed) > 1 else "is"
            found.append(
                error(
                    FIELD,
                    "reputation.listed",
                    f"{count} {verb} on {len(zones)} blocklist{'s' if len(zones) > 1 else ''} "
                    f"(e.g. {first.address} on {first_zone.zone}: {first.meaning}); have them "
                    "delisted before you send the request, as AWS may reject a range with a "
                    "poor reputation.",
                )
            )
        blame = self.resolver_blame
        if blame is not None:
            # Said once, instead of one "the list may have shut down" per list.
            found.append(warning(FIELD, "reputation.resolver", blame))
        if self.verdict == "unrecorded":
            found.append(
                warning(
                    FIELD,
                    "reputation.no_recording",
                    f"No recording covers {self.cidr}: this replay ({self.resolver}) has no "
                    f"answers for it, so its reputation is not known (not clean); look the "
                    "range up live to check it.",
                )
            )
        elif self.recorded:
            found.append(
                info(
                    FIELD,
                    "reputation.recording",
                    f"These answers are {self.when_text} ({self.resolver}), not a live check; "
                    "look the range up live before you send the request.",
                )
            )
        for zone in self.zones:
            if zone.status not in ("ok", "unrecorded") and blame is None:
                found.append(
                    warning(
                        FIELD,
                        f"reputation.zone_{zone.status}",
                        f"{zone.zone} could not be fully checked ({zone.status}): {zone.detail}",
                    )
                )
        if self.verdict == "clean":
            found.append(
                info(
                    FIELD,
                    "reputation.clean",
                    f"No address of {self.cidr} is listed on the {len(self.zones)} blocklists "
                    f"checked ({self.when_text}).",
                )
            )
        return found
