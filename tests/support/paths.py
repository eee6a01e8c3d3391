"""Where the tests find the repository, its samples and the shared reference answers."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES_DIR = REPO_ROOT / "sample_requests"


def _reference_dir() -> Path:
    # Third-party registry answers are read in place from ../shared/reference (never copied
    # here); a git worktree sits one folder deeper, so the nearest one up the tree counts.
    for folder in REPO_ROOT.parents:
        candidate = folder / "shared" / "reference"
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "reference"


REFERENCE_DIR = _reference_dir()
