"""Reviewing a folder of drafts, headless: rows, sorting, filtering and the actions on them.

``rows``: the typed row of one file (damaged and foreign files included, with
their reason), and the reviewer's sort and filter; ``scan`` and ``cache``:
reading a folder into rows, a second time reading only the files that changed;
``actions``: stage changes, duplicates, the trash.  Re-checks: ``byoip.recheck``.
"""

from __future__ import annotations

from byoip.review.actions import (
    StageBlocked,
    change_status,
    delete,
    duplicate,
    load_for_write,
)
from byoip.review.cache import RowCache
from byoip.review.rows import (
    COLUMNS,
    DAMAGED,
    STATUSES,
    Clock,
    DraftRow,
    ReviewError,
    ReviewSet,
    damaged_row,
    filter_rows,
    own_row,
    record_row,
    review_now,
    rows_for,
    sort_rows,
    with_cross,
)
from byoip.review.scan import FolderScan, load_review, scan_folder

__all__ = [
    "COLUMNS",
    "DAMAGED",
    "STATUSES",
    "Clock",
    "DraftRow",
    "FolderScan",
    "ReviewError",
    "ReviewSet",
    "RowCache",
    "StageBlocked",
    "change_status",
    "damaged_row",
    "delete",
    "duplicate",
    "filter_rows",
    "load_for_write",
    "load_review",
    "own_row",
    "record_row",
    "review_now",
    "rows_for",
    "scan_folder",
    "sort_rows",
    "with_cross",
]
