"""Each stage's checklist, computed from the record (never typed by hand).

Before sending: the five fields, the registration (RDAP), the reputation
(DNSBL), both fresh enough (``Settings.lookup_max_age_days``), the signed
authorization message verified, the ROA (from the record's ``[routing]``
snapshot when a routing check saved one; otherwise "unknown") and the
certificate in the registry record.  After sending: when AWS's answer is due.
After approval: what can be undone and what must stay (docs/SOURCES.md, "AWS's EC2
BYOIP rules": the certificate is needed only for provisioning; the ROA keeps
authorizing AWS's ASNs).

An item that is not done *blocks* a move to "ready" or "sent"; an item whose
state is unknown is shown, but blocks nothing (the app can't tell).
"""

from __future__ import annotations

import contextlib
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from byoip.config import Settings
from byoip.fields import check_request
from byoip.findings import Finding, Severity
from byoip.journey.due import calendar_for, due_text, entered_at, reply_due
from byoip.proof import assess_proof
from byoip.record import Record, Status
from byoip.text import clean_text


class ItemState(StrEnum):
    DONE = "done"
    TODO = "todo"
    #: Done once, but too long ago to count (an old lookup).
    STALE = "stale"
    #: The app can't tell (no routing check saved); shown, blocks nothing.
    UNKNOWN = "unknown"
    #: Something to know or to do later, not a condition.
    INFO = "info"


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    state: ItemState
    detail: str
    #: Something was found wrong (not only "not done yet"): the next step says "Fix".
    failed: bool = False

    @property
    def blocks(self) -> bool:
        return self.state in (ItemState.TODO, ItemState.STALE)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "state": str(self.state),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Checklist:
    title: str
    items: tuple[ChecklistItem, ...]

    @property
    def blockers(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.blocks)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "items": [item.to_json() for item in self.items]}


def _moment(value: Any) -> datetime | None:
    """A stored time (TOML datetime or ISO text, ``Z`` allowed) as an aware datetime."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _age_item(
    key: str, label: str, when: datetime | None, now: datetime, settings: Settings, done: str
) -> ChecklistItem:
    """DONE with ``done``, or STALE when the lookup is older than the configured age."""
    limit = timedelta(days=settings.lookup_max_age_days)
    if when is None:
        return ChecklistItem(key, label, ItemState.STALE, "The lookup has no date; run it again.")
    age = now - when
    if age > limit:
        days = age.total_seconds() / 86400
        return ChecklistItem(
            key,
            label,
            ItemState.STALE,
            f"Looked up {when:%Y-%m-%d}, {days:.0f} days ago (older than "
            f"{settings.lookup_max_age_days:g} days); run the lookup again.",
        )
    return ChecklistItem(
        key, label, ItemState.DONE, f"{done} (looked up {when:%Y-%m-%d %H:%M} UTC)"
    )


def _first_error(findings: list[Finding]) -> Finding | None:
    return next((f for f in findings if f.severity is Severity.ERROR), None)


def fields_item(record: Record) -> ChecklistItem:
    errors = [f for f in check_request(record.request) if f.severity is Severity.ERROR]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        detail = errors[0].message + more
        return ChecklistItem("fields", "The five fields", ItemState.TODO, detail, failed=True)
    return ChecklistItem("fields", "The five fields", ItemState.DONE, "All five fields pass.")


def registration_item(record: Record, now: datetime, settings: Settings) -> ChecklistItem:
    label = "Registration (RDAP)"
    rdap = record.rdap
    if not rdap:
        return ChecklistItem(
            "registration", label, ItemState.TODO, "Not looked up yet: run the registry lookup."
        )
    findings = []
    for item in rdap.get("findings", ()) if isinstance(rdap.get("findings"), list) else ():
        with contextlib.suppress(KeyError, TypeError, ValueError):
            findings.append(Finding.from_dict(item))
    problem = _first_error(findings)
    if problem is not None:
        detail = clean_text(problem.message)
        return ChecklistItem("registration", label, ItemState.TODO, detail, failed=True)
    if rdap.get("status") != "ok":
        reason = clean_text(rdap.get("error") or rdap.get("status") or "no answer", 200)
        return ChecklistItem(
            "registration", label, ItemState.TODO, f"The lookup did not succeed ({reason})."
        )
    rir = clean_text(rdap.get("rir", ""), 40)
    done = f"Registered{' with ' + rir if rir else ''}, no problem found"
    return _age_item("registration", label, _moment(rdap.get("checked_at")), now, settings, done)


def reputation_item(record: Record, now: datetime, settings: Settings) -> ChecklistItem:
    label = "Reputation (blocklists)"
    if not record.reputation:
        return ChecklistItem(
            "reputation", label, ItemState.TODO, "Not checked yet: run the blocklist check."
        )
    from byoip.reputation import SweepResult  # only records with a sweep need it

    try:
        sweep = SweepResult.from_snapshot(dict(record.reputation))
    except (KeyError, TypeError, ValueError, AttributeError):
        return ChecklistItem(
            "reputation", label, ItemState.TODO, "The saved check can't be read; run it again."
        )
    if sweep.verdict == "listed":
        problem = _first_error(sweep.findings)
        detail = problem.message if problem else "Some addresses are listed."
        return ChecklistItem("reputation", label, ItemState.TODO, clean_text(detail), failed=True)
    if sweep.verdict != "clean":
        return ChecklistItem(
            "reputation",
            label,
            ItemState.TODO,
            "The last check was incomplete (some lists did not answer); run it again.",
        )
    when = sweep.time if sweep.time.timestamp() > 0 else None
    return _age_item("reputation", label, when, now, settings, "No address is listed")


def proof_item(record: Record, now: datetime) -> ChecklistItem:

    label = "Signed authorization message"
    request = record.request
    verdict = assess_proof(record.proof, request.account_id, request.ip_range, now)
    if verdict.ok:
        return ChecklistItem("proof", label, ItemState.DONE, "Verifies with the certificate.")
    detail = clean_text(verdict.reason, 300)
    # An unfinished proof is to do; one that was given and does not verify is to fix.
    return ChecklistItem("proof", label, ItemState.TODO, detail, failed=bool(record.proof))


def routing_snapshot(record: Record) -> Mapping[str, Any] | None:
    """The ``[routing]`` table a routing check saved, wherever this version keeps it."""
    table = getattr(record, "routing", None) or record.extra.get("routing")
    return table if isinstance(table, Mapping) else None


def roa_item(record: Record) -> ChecklistItem:
    """The ROA, from the saved routing check: its findings, or its ``roa``/``status`` word.

    Without a saved check the state is unknown: the app can't see the ROA.
    """
    label = "ROA authorizing AWS"
    routing = routing_snapshot(record)
    if routing is None:
        return ChecklistItem(
            "roa",
            label,
            ItemState.UNKNOWN,
            "Not checked: no routing check is saved in this record (AS16509 and AS14618 "
            "must be authorized).",
        )
    findings = []
    for item in routing.get("findings", ()) if isinstance(routing.get("findings"), list) else ():
        with contextlib.suppress(KeyError, TypeError, ValueError):
            findings.append(Finding.from_dict(item))
    problem = _first_error(findings)
    if problem is not None:
        detail = clean_text(problem.message, 300)
        return ChecklistItem("roa", label, ItemState.TODO, detail, failed=True)
    word = str(routing.get("roa") or routing.get("status") or routing.get("verdict") or "")
    if word.lower() in ("ok", "valid", "ready"):
        return ChecklistItem("roa", label, ItemState.DONE, "The saved routing check found it.")
    if findings:
        return ChecklistItem(
            "roa", label, ItemState.DONE, "The saved routing check found no problem."
        )
    return ChecklistItem(
        "roa", label, ItemState.UNKNOWN, "The saved routing check does not say; run it again."
    )


def certificate_item(record: Record) -> ChecklistItem:
    label = "Certificate in the registry record"
    rdap = record.rdap or {}
    published = str(rdap.get("certificate_sha256") or "").lower()
    ours = str((record.proof or {}).get("certificate_sha256") or "").lower()
    if not rdap:
        return ChecklistItem(
            "certificate", label, ItemState.TODO, "Not known until the registry is looked up."
        )
    if not published:
        return ChecklistItem(
            "certificate",
            label,
            ItemState.TODO,
            "The registry record carries no certificate: add the one-line certificate to its "
            "remarks, then look it up again.",
        )
    if ours and published != ours:
        return ChecklistItem(
            "certificate",
            label,
            ItemState.TODO,
            "The registry record carries a different certificate from the one that signed "
            "the message.",
            failed=True,
        )
    return ChecklistItem(
        "certificate", label, ItemState.DONE, f"Published (SHA-256 {published[:16]}…)."
    )


def before_sending(record: Record, now: datetime, settings: Settings) -> Checklist:
    return Checklist(
        "Before sending",
        (
            fields_item(record),
            registration_item(record, now, settings),
            reputation_item(record, now, settings),
            proof_item(record, now),
            roa_item(record),
            certificate_item(record),
        ),
    )


def after_sending(
    record: Record, now: datetime, calendar: Container[date] | None
) -> Checklist | None:
    sent = entered_at(record, Status.SENT)
    if sent is None:
        return None
    due = reply_due(sent, calendar)
    if record.status is Status.MORE_INFO:
        asked = entered_at(record, Status.MORE_INFO)
        item = ChecklistItem(
            "answer",
            "Answer AWS's questions",
            ItemState.TODO,
            f"AWS asked for more on {asked:%Y-%m-%d}" if asked else "AWS asked for more.",
        )
        return Checklist("After sending", (item,))
    late = now > due
    item = ChecklistItem(
        "reply",
        "AWS's answer",
        ItemState.TODO if late else ItemState.INFO,
        (
            f"Was due by {due_text(due)}: send a polite reminder."
            if late
            else f"Due by {due_text(due)} (48 business hours after {sent:%Y-%m-%d %H:%M} UTC)."
        ),
    )
    return Checklist("After sending", (item,))


def after_approval(record: Record) -> Checklist:
    published = bool((record.rdap or {}).get("certificate_sha256"))
    in_use = record.status is Status.IN_USE
    return Checklist(
        "After approval",
        (
            ChecklistItem(
                "pool",
                "Addresses in a dedicated IP pool",
                ItemState.DONE if in_use else ItemState.TODO,
                "In use." if in_use else "Run the runbook: ses-byoip runbook FILE.",
            ),
            ChecklistItem(
                "certificate_removal",
                "Certificate in the registry record",
                ItemState.INFO,
                (
                    "Can be removed from the registry record now that AWS has provisioned the "
                    "range (it is needed only for provisioning)."
                    if published
                    else "Not needed any more: it was needed only for provisioning."
                ),
            ),
            ChecklistItem(
                "keep_roa",
                "ROA",
                ItemState.INFO,
                "Keep the ROA that authorizes AWS's ASNs: AWS announces the range with it.",
            ),
        ),
    )


#: ``checklists(calendar=...)`` not given: read it from the settings.
FROM_SETTINGS: Any = object()


def checklists(
    record: Record,
    now: datetime,
    settings: Settings,
    calendar: Container[date] | None = FROM_SETTINGS,
) -> list[Checklist]:
    """The checklists of the record's stage, in the order the person works through them.

    Once sent, the "before sending" list is not repeated: lookups grow old while AWS
    reviews, and that is no reason to act (moving back to "sent" re-checks it).
    """
    status = record.status
    if status in (Status.DRAFT, Status.READY):
        return [before_sending(record, now, settings)]
    if status in (Status.SENT, Status.MORE_INFO):
        cal = calendar_for(settings) if calendar is FROM_SETTINGS else calendar
        after = after_sending(record, now, cal)
        return [after] if after else []
    if status in (Status.APPROVED, Status.IN_USE):
        return [after_approval(record)]
    return []
