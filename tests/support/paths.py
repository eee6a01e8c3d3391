"""Where the tests find the repository, its samples and the shared reference answers."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Third-party registry answers are read in place from ../shared/reference (never copied here).
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
SAMPLES_DIR = REPO_ROOT / "sample_requests"
