"""After approval: the SES v2 commands that put the range to use, for review before running.

BYOIP addresses behave as standard dedicated IPs (docs/SOURCES.md, "After approval"):
create a dedicated IP pool, move each address into it, create a configuration
set whose delivery options send from that pool.  Output as a shell script
(``set -euo pipefail``, every value shell-quoted) or as JSON (each step's
argument list), never run by this tool.

Names, validated before anything is written:
- pool: ``^[a-z0-9_-]{0,64}$`` (docs/SOURCES.md, "After approval"); we also refuse the
  empty name, which no command can use;
- configuration set: letters, digits, ``_`` and ``-``, 64 characters or fewer
  (SES API reference, ConfigurationSet "Name":
  https://docs.aws.amazon.com/ses/latest/APIReference/API_ConfigurationSet.html).
"""

from __future__ import annotations

import ipaddress
import re
import shlex
from dataclasses import dataclass
from typing import Any

from byoip.fields import check_ip_range, check_region
from byoip.record import Record, Status

POOL_NAME = re.compile(r"[a-z0-9_-]{1,64}")
CONFIGURATION_SET_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class RunbookError(ValueError):
    """A runbook that can't be written as asked; one sentence for the person."""


@dataclass(frozen=True)
class Step:
    title: str
    argv: tuple[str, ...]


@dataclass(frozen=True)
class Runbook:
    ip_range: str
    region: str
    pool: str
    configuration_set: str
    addresses: tuple[str, ...]
    steps: tuple[Step, ...]
    #: Why running it now would fail (the range not approved yet), or "".
    warning: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "ip_range": self.ip_range,
            "region": self.region,
            "pool": self.pool,
            "configuration_set": self.configuration_set,
            "addresses": list(self.addresses),
            "warning": self.warning or None,
            "steps": [{"title": s.title, "argv": list(s.argv)} for s in self.steps],
        }


def default_name(ip_range: str) -> str:
    """``byoip-198-18-7-0-24``-style: a valid pool and configuration set name for a range."""
    return "byoip-" + re.sub(r"[^0-9]+", "-", ip_range).strip("-")


def pool_problem(name: str) -> str | None:
    if POOL_NAME.fullmatch(name):
        return None
    return (
        f"The pool name {name!r} is not one SES accepts: use 1 to 64 lower-case letters, "
        "digits, '_' or '-'."
    )


def configuration_set_problem(name: str) -> str | None:
    if CONFIGURATION_SET_NAME.fullmatch(name):
        return None
    return (
        f"The configuration set name {name!r} is not one SES accepts: use 1 to 64 letters, "
        "digits, '_' or '-'."
    )


def build_runbook(
    record: Record, pool: str | None = None, configuration_set: str | None = None
) -> Runbook:
    """The commands for the record's range and Region; ``RunbookError`` when they can't be."""
    ip_range = check_ip_range(record.request.ip_range)
    region = check_region(record.request.region)
    if not ip_range.ok:
        raise RunbookError("The record's IP range is not valid; fix it before the runbook.")
    if not region.ok:
        raise RunbookError("The record's Region is not valid; fix it before the runbook.")
    pool = pool if pool is not None else default_name(ip_range.value)
    configuration_set = configuration_set if configuration_set is not None else pool
    for problem in (pool_problem(pool), configuration_set_problem(configuration_set)):
        if problem:
            raise RunbookError(problem)

    network = ipaddress.IPv4Network(ip_range.value)
    addresses = tuple(str(a) for a in network)
    common = ("--region", region.value)
    steps = [
        Step(
            "Create the dedicated IP pool",
            ("aws", "sesv2", "create-dedicated-ip-pool", "--pool-name", pool, *common),
        ),
        *(
            Step(
                f"Move {address} into the pool",
                (
                    "aws",
                    "sesv2",
                    "put-dedicated-ip-in-pool",
                    "--ip",
                    address,
                    "--destination-pool-name",
                    pool,
                    *common,
                ),
            )
            for address in addresses
        ),
        Step(
            "Create a configuration set that sends from the pool",
            (
                "aws",
                "sesv2",
                "create-configuration-set",
                "--configuration-set-name",
                configuration_set,
                "--delivery-options",
                f"SendingPoolName={pool}",
                *common,
            ),
        ),
    ]
    warning = ""
    if record.status not in (Status.APPROVED, Status.IN_USE):
        warning = (
            f"The request is {record.status}, not approved: these commands fail until AWS has "
            "provisioned the range."
        )
    return Runbook(
        ip_range.value, region.value, pool, configuration_set, addresses, tuple(steps), warning
    )


def to_shell(runbook: Runbook) -> str:
    """A script to read, then run: one command per line, grouped, every value quoted."""
    lines = [
        "#!/usr/bin/env bash",
        f"# Put {runbook.ip_range} to use in Amazon SES ({runbook.region}), written by ses-byoip.",
        "# Review it before running it; it needs the AWS CLI v2 with SES v2 permissions.",
        "# BYOIP addresses behave as standard dedicated IPs; see `aws sesv2 help` for each",
        "# command. Warming up (put-dedicated-ip-warmup-attributes) is left to you.",
    ]
    if runbook.warning:
        lines.append(f"# WARNING: {runbook.warning}")
    lines += ["set -euo pipefail", ""]
    previous = ""
    for step in runbook.steps:
        title = step.title if not step.title.startswith("Move ") else "Move each address"
        if title != previous:
            lines += ["", f"# {title}"] if previous else [f"# {title}"]
            previous = title
        lines.append(shlex.join(step.argv))
    return "\n".join(lines) + "\n"
