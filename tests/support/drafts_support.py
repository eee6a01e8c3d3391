"""Helpers for the drafts and demo tests: deterministic records, bounded waits, the app."""

from __future__ import annotations

import asyncio
import functools
import shutil
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from byoip.config import Settings, load_settings
from byoip.record import Record, Status, save_record
from byoip.request import Request
from tests.support.paths import SAMPLES_DIR
from tests.support.wizard_support import wait_until

#: Every record the tests write is dated from here (no wall clock in files or snapshots).
BASE_TIME = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FIXED_NOW = datetime(2026, 11, 20, 15, 45, tzinfo=UTC)

USE_CASE = (
    "Transactional email for our shop, about 2 million messages a month, sent today "
    "from this range with a clean reputation."
)


def async_test(test: Callable[..., Any]) -> Callable[..., None]:
    """Run an async test in its own event loop (the project has no asyncio pytest plugin)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def make_record(
    ip_range: str,
    account_id: str = "123456789012",
    region: str = "eu-west-1",
    registry: str = "RIPE NCC",
    status: Status = Status.DRAFT,
    minutes: int = 0,
    use_case: str = USE_CASE,
) -> Record:
    """A record with fixed dates (``minutes`` after BASE_TIME)."""
    when = BASE_TIME + timedelta(minutes=minutes)
    request = Request(account_id, region, use_case, ip_range, registry)
    record = Record.new(request, now=when)
    if status is not Status.DRAFT:
        record = record.with_status(status, now=when)
    return record


def write_records(folder: Path, records: Iterable[tuple[str, Record]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, record in records:
        path = folder / f"{name}.toml"
        save_record(path, record)
        paths.append(path)
    return paths


def review_folder(folder: Path) -> list[Path]:
    """A small folder with a bit of everything: good, failing, cross-draft, damaged, foreign."""
    paths = write_records(
        folder,
        [
            ("alpha", make_record("185.54.121.0/24", minutes=1)),
            ("bravo", make_record("91.214.37.0/24", region="eu-central-1", minutes=2)),
            (
                "charlie",
                make_record("185.54.121.0/24", region="eu-central-1", minutes=3),
            ),
            (
                "delta",
                make_record(
                    "199.188.0.0/22",
                    account_id="210987654321",
                    region="us-east-1",
                    registry="ARIN",
                    status=Status.READY,
                    minutes=4,
                ),
            ),
            ("echo", make_record("10.0.0.0/24", region="us-west-2", minutes=5)),
        ],
    )
    damaged = folder / "foxtrot.toml"
    damaged.write_text('schema_version = 1\nstatus = "draft\n[request]\n', encoding="utf-8")
    foreign = folder / "golf.toml"
    foreign.write_text('[tool.something]\nname = "not a record"\n', encoding="utf-8")
    return [*paths, damaged, foreign]


def copy_samples(subfolder: str, target: Path) -> Path:
    """A copy of one of sample_requests/'s folders (never touch the samples themselves)."""
    shutil.copytree(SAMPLES_DIR / subfolder, target)
    return target


def settings_for(folder: Path) -> Settings:
    """The hermetic settings with ``folder`` as the drafts folder."""
    return load_settings().with_overrides(drafts_dir=folder)


async def wait_for_table(pilot: Pilot[Any]) -> Any:
    """Wait until the drafts screen is on top and its table has been filled once."""
    from byoip.screens.drafts import DraftsScreen

    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, DraftsScreen) and pilot.app.screen.review_set is not None
        ),
        what="the drafts table",
    )
    await pilot.pause()
    return pilot.app.screen
